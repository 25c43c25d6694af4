"""Each appearance carries its article's outlet, kept by the database.

The queue filtered by an outlet walks the queue's order and tests each claim: is
it quoted in that outlet? Through the article that took two index probes per
claim (the claim's appearances, then each article's outlet), some 5,000 claims
for a page of 100 when an outlet holds one claim in fifty. With the outlet on
the appearance, one probe of (outlet, claim) answers, and the outlet's claims
are counted from that index alone, without the join to the articles.

Triggers keep it right however a row is written (the importer's bulk_create,
the admin, a shell): an appearance written gets its article's outlet, whatever
the writer sent, and an article moved to another outlet moves its appearances.
On SQLite, where a trigger cannot rewrite the row it fires for, an AFTER trigger
updates it. (SQLite rebuilds a table for most schema changes, which drops its
triggers: a later migration altering either table there must create them again;
tests/test_appearance_outlet.py fails if they are missing.)
"""

import django.db.models.deletion
from django.db import migrations, models

APPEARANCES = "coverage_claimappearance"
ARTICLES = "coverage_article"
APPEARANCE_TRIGGER = "coverage_claimappearance_outlet"
ARTICLE_TRIGGER = "coverage_article_appearances_outlet"
ARTICLE_OUTLET = f"(SELECT outlet_id FROM {ARTICLES} WHERE id = NEW.article_id)"
MOVE_APPEARANCES = (
    f"UPDATE {APPEARANCES} SET outlet_id = NEW.outlet_id WHERE article_id = NEW.id;"
)


def postgresql_triggers() -> list[str]:
    return [
        f"CREATE FUNCTION {APPEARANCE_TRIGGER}() RETURNS trigger AS $$ BEGIN "
        f"NEW.outlet_id := {ARTICLE_OUTLET}; RETURN NEW; END; $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {APPEARANCE_TRIGGER} BEFORE INSERT OR UPDATE OF "
        f"article_id, outlet_id ON {APPEARANCES} FOR EACH ROW "
        f"EXECUTE FUNCTION {APPEARANCE_TRIGGER}()",
        f"CREATE FUNCTION {ARTICLE_TRIGGER}() RETURNS trigger AS $$ BEGIN "
        f"{MOVE_APPEARANCES} RETURN NULL; END; $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {ARTICLE_TRIGGER} AFTER UPDATE OF outlet_id ON {ARTICLES} "
        "FOR EACH ROW WHEN (OLD.outlet_id IS DISTINCT FROM NEW.outlet_id) "
        f"EXECUTE FUNCTION {ARTICLE_TRIGGER}()",
    ]


def sqlite_triggers() -> list[str]:
    fill = f"UPDATE {APPEARANCES} SET outlet_id = {ARTICLE_OUTLET} WHERE id = NEW.id;"
    return [
        f"CREATE TRIGGER {APPEARANCE_TRIGGER}_insert AFTER INSERT ON {APPEARANCES} "
        f"FOR EACH ROW BEGIN {fill} END",
        f"CREATE TRIGGER {APPEARANCE_TRIGGER}_update AFTER UPDATE OF "
        f"article_id, outlet_id ON {APPEARANCES} FOR EACH ROW "
        f"WHEN NEW.outlet_id IS NOT {ARTICLE_OUTLET} BEGIN {fill} END",
        f"CREATE TRIGGER {ARTICLE_TRIGGER} AFTER UPDATE OF outlet_id ON {ARTICLES} "
        "FOR EACH ROW WHEN OLD.outlet_id IS NOT NEW.outlet_id "
        f"BEGIN {MOVE_APPEARANCES} END",
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"No appearance outlet triggers for {vendor}.")
    statements = postgresql_triggers() if vendor == "postgresql" else sqlite_triggers()
    for statement in statements:
        schema_editor.execute(statement)
    # Every appearance's outlet, from its article.
    schema_editor.execute(
        f"UPDATE {APPEARANCES} SET outlet_id = (SELECT outlet_id FROM {ARTICLES} "
        f"WHERE {ARTICLES}.id = {APPEARANCES}.article_id)"
    )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, table in [
            (APPEARANCE_TRIGGER, APPEARANCES),
            (ARTICLE_TRIGGER, ARTICLES),
        ]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        return
    for name in [
        f"{APPEARANCE_TRIGGER}_insert",
        f"{APPEARANCE_TRIGGER}_update",
        ARTICLE_TRIGGER,
    ]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0032_search_lexicon"),
    ]

    operations = [
        migrations.AddField(
            model_name="claimappearance",
            name="outlet",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="coverage.outlet",
            ),
        ),
        # The index before the rows are filled: built after, over the row
        # versions the fill left behind in the same transaction, PostgreSQL
        # would not plan with it while any transaction older than this one ran
        # (pg_index.indcheckxmin).
        migrations.AddIndex(
            model_name="claimappearance",
            index=models.Index(
                fields=["outlet", "claim"], name="appearance_outlet_claim"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
