"""Full-text search on PostgreSQL: a search vector per article, claim and
correction, kept by the database, under a GIN index.

Why triggers rather than a GeneratedField: a correction's vector holds its
article's headline and a claim's its claimant's name, which a generated column (of
its own row's columns only) cannot; and a GeneratedField of to_tsvector() would not
migrate on SQLite. Why not the workflow functions: the importer, bulk loads, the
shell and raw SQL write these rows too, and the vector must hold whatever wrote
them, as the append-only guards do (0002).

So on PostgreSQL a BEFORE trigger per table computes ``search_vector`` whenever a
row is inserted or a searched column (or the vector itself) is written, and an
AFTER trigger on an article's headline or a source's name recomputes the rows that
include it. A published correction may not change (0002); its guard now lets
through an update that changes the search vector alone, which is derived, not
record. On SQLite the column exists and stays empty: search there is icontains
(coverage/search.py).

Weights: A for what a row is known by (the headline, the claim's words), B for the
rest of its text and its claimant, C for the explanation and the verdict summary.
"""

import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations, models

VECTORS = {
    # table: (trigger columns, the vector's expression over NEW)
    "coverage_article": (
        ["headline", "byline"],
        """setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.byline, '')), 'B')""",
    ),
    "coverage_correction": (
        ["article_id", "what_was_wrong", "what_is_right", "public_explanation"],
        """setweight(to_tsvector('english', coalesce(
            (SELECT headline FROM coverage_article WHERE id = NEW.article_id), '')), 'A')
        || setweight(to_tsvector('english', NEW.what_was_wrong), 'B')
        || setweight(to_tsvector('english', NEW.what_is_right), 'B')
        || setweight(to_tsvector('english', NEW.public_explanation), 'C')""",
    ),
    "coverage_claim": (
        ["text", "proposition", "claimant_id", "verdict_summary"],
        """setweight(to_tsvector('english', NEW.text), 'A')
        || setweight(to_tsvector('english', NEW.proposition), 'A')
        || setweight(to_tsvector('english', coalesce(
            (SELECT name FROM coverage_source WHERE id = NEW.claimant_id), '')), 'B')
        || setweight(to_tsvector('english', NEW.verdict_summary), 'C')""",
    ),
}
# A row another table's vector includes: (table, column, dependent table, its key).
DEPENDENTS = [
    ("coverage_article", "headline", "coverage_correction", "article_id"),
    ("coverage_source", "name", "coverage_claim", "claimant_id"),
]
GUARD = "coverage_correction_refuse_update"
GUARD_WHEN = "OLD.status = 'published'"
DERIVED_ONLY = (
    "(to_jsonb(OLD) - 'search_vector') IS DISTINCT FROM "
    "(to_jsonb(NEW) - 'search_vector')"
)


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run(f"DROP TRIGGER {GUARD} ON coverage_correction")
    run(
        f"CREATE TRIGGER {GUARD} BEFORE UPDATE ON coverage_correction FOR EACH ROW "
        f"WHEN ({GUARD_WHEN} AND {DERIVED_ONLY}) EXECUTE FUNCTION {GUARD}()"
    )
    for table, (columns, expression) in VECTORS.items():
        name = f"{table}_search_vector"
        run(
            f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            f"NEW.search_vector := {expression}; RETURN NEW; END; $$ LANGUAGE plpgsql"
        )
        run(
            f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF "
            f"{', '.join(columns)}, search_vector ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    for table, column, dependent, key in DEPENDENTS:
        name = f"{table}_{column}_search"
        run(
            f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            f"UPDATE {dependent} SET search_vector = NULL WHERE {key} = NEW.id; "
            f"RETURN NULL; END; $$ LANGUAGE plpgsql"
        )
        run(
            f"CREATE TRIGGER {name} AFTER UPDATE OF {column} ON {table} FOR EACH ROW "
            f"WHEN (OLD.{column} IS DISTINCT FROM NEW.{column}) "
            f"EXECUTE FUNCTION {name}()"
        )
    for table in VECTORS:
        # Writing the column fires the trigger, which computes it.
        run(f"UPDATE {table} SET search_vector = NULL")
        run(f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)")


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for table in VECTORS:
        run(f"DROP INDEX IF EXISTS {table}_search")
        run(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        run(f"DROP FUNCTION IF EXISTS {table}_search_vector()")
    for table, column, _dependent, _key in DEPENDENTS:
        run(f"DROP TRIGGER IF EXISTS {table}_{column}_search ON {table}")
        run(f"DROP FUNCTION IF EXISTS {table}_{column}_search()")
    run(f"DROP TRIGGER {GUARD} ON coverage_correction")
    run(
        f"CREATE TRIGGER {GUARD} BEFORE UPDATE ON coverage_correction FOR EACH ROW "
        f"WHEN ({GUARD_WHEN}) EXECUTE FUNCTION {GUARD}()"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0025_api_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.AddField(
            model_name="correction",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-published_at", "-id"], name="article_newest"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("status__in", ["unreviewed", "in_review"])),
                fields=["created_at", "id"],
                name="claim_waiting_oldest",
            ),
        ),
        migrations.RunPython(create_search, drop_search),
    ]
