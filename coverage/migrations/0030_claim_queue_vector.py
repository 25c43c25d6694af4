"""What the verification queue searches, in one vector per claim, kept by the
database on PostgreSQL: the claim's own search vector (0026) and, at weight D,
the headlines of the articles that quote it.

The queue searched the claim's vector UNION the claims quoted under a matching
headline: the UNION had to be read whole, sorted and made distinct before any
row could be counted or shown, so a common word read every match (400 ms at a
million claims). One vector is one GIN condition on the claim, which a LIMIT
stops early and which the planner can test row by row along the queue's order.

The claim's BEFORE trigger (0026) computes both vectors, and now also fires when
``queue_vector`` is written; an appearance added, moved or removed, and an
article's headline changed, write NULL to the vectors of the claims concerned,
which recomputes them. The public fact checks keep searching ``search_vector``:
a reader's search of the fact checks never matched an article's headline.
"""

import django.contrib.postgres.search
from django.db import migrations

CLAIM_VECTOR = """setweight(to_tsvector('english', NEW.text), 'A')
    || setweight(to_tsvector('english', NEW.proposition), 'A')
    || setweight(to_tsvector('english', coalesce(
        (SELECT name FROM coverage_source WHERE id = NEW.claimant_id), '')), 'B')
    || setweight(to_tsvector('english', NEW.verdict_summary), 'C')"""
HEADLINES = """setweight(to_tsvector('english', coalesce(
        (SELECT string_agg(a.headline, ' ' ORDER BY ap.id)
         FROM coverage_claimappearance ap
         JOIN coverage_article a ON a.id = ap.article_id
         WHERE ap.claim_id = NEW.id), '')), 'D')"""
CLAIM_COLUMNS = "text, proposition, claimant_id, verdict_summary, search_vector"
TRIGGER = "coverage_claim_search_vector"
APPEARANCE_TRIGGER = "coverage_claimappearance_queue_vector"
HEADLINE_TRIGGER = "coverage_article_headline_search"
CORRECTIONS_OF_ARTICLE = (
    "UPDATE coverage_correction SET search_vector = NULL WHERE article_id = NEW.id;"
)
CLAIMS_OF_ARTICLE = (
    "UPDATE coverage_claim SET queue_vector = NULL WHERE id IN "
    "(SELECT claim_id FROM coverage_claimappearance WHERE article_id = NEW.id);"
)


def function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
        f"{body} END; $$ LANGUAGE plpgsql"
    )


def claim_trigger(columns: str) -> list[str]:
    return [
        f"DROP TRIGGER {TRIGGER} ON coverage_claim",
        f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF {columns} "
        f"ON coverage_claim FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
    ]


def create_queue_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run(
        function(
            TRIGGER,
            f"NEW.search_vector := {CLAIM_VECTOR}; "
            f"NEW.queue_vector := NEW.search_vector || {HEADLINES}; RETURN NEW;",
        )
    )
    for statement in claim_trigger(f"{CLAIM_COLUMNS}, queue_vector"):
        run(statement)
    run(
        function(
            APPEARANCE_TRIGGER,
            "IF TG_OP <> 'DELETE' THEN UPDATE coverage_claim SET queue_vector = NULL "
            "WHERE id = NEW.claim_id; END IF; "
            "IF TG_OP <> 'INSERT' THEN UPDATE coverage_claim SET queue_vector = NULL "
            "WHERE id = OLD.claim_id; END IF; RETURN NULL;",
        )
    )
    run(
        f"CREATE TRIGGER {APPEARANCE_TRIGGER} AFTER INSERT OR DELETE OR UPDATE OF "
        f"claim_id, article_id ON coverage_claimappearance FOR EACH ROW "
        f"EXECUTE FUNCTION {APPEARANCE_TRIGGER}()"
    )
    run(
        function(
            HEADLINE_TRIGGER,
            f"{CORRECTIONS_OF_ARTICLE} {CLAIMS_OF_ARTICLE} RETURN NULL;",
        )
    )
    # Writing the column fires the trigger, which computes it; the index is
    # built once, after.
    run("UPDATE coverage_claim SET queue_vector = NULL")
    run(
        "CREATE INDEX coverage_claim_queue_search ON coverage_claim "
        "USING gin (queue_vector)"
    )


def drop_queue_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("DROP INDEX IF EXISTS coverage_claim_queue_search")
    run(f"DROP TRIGGER IF EXISTS {APPEARANCE_TRIGGER} ON coverage_claimappearance")
    run(f"DROP FUNCTION IF EXISTS {APPEARANCE_TRIGGER}()")
    run(function(HEADLINE_TRIGGER, f"{CORRECTIONS_OF_ARTICLE} RETURN NULL;"))
    for statement in claim_trigger(CLAIM_COLUMNS):
        run(statement)
    run(function(TRIGGER, f"NEW.search_vector := {CLAIM_VECTOR}; RETURN NEW;"))


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0029_queue_outlet_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="queue_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(create_queue_vector, drop_queue_vector),
    ]
