"""The two-person rule in the database: who wrote a correction, and what that forbids.

Whatever writes to the database (the workflow, a shell, raw SQL), these triggers
keep three promises:

- contributors are a permanent record: their rows are never changed, and removed
  only by the database itself along with a deleted draft;
- a submitted correction's content is frozen: what the approver reads is what is
  published (returning it to draft is the way to change it);
- a correction is published only from submitted, and never with one of its
  contributors as the approver.

Existing corrections get their author as first contributor.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FROZEN_FIELDS = [
    "article_id",
    "claim_id",
    "kind",
    "what_was_wrong",
    "what_is_right",
    "public_explanation",
    "author_id",
    "supersedes_id",
]

CONTRIBUTORS = "coverage_correctioncontributor"
CORRECTIONS = "coverage_correction"


def content_changed(distinct: str) -> str:
    return " OR ".join(f"NEW.{field} {distinct} OLD.{field}" for field in FROZEN_FIELDS)


# (name, table, operation, condition, message); ``{distinct}`` is the engine's
# null-safe inequality.
GUARDS = [
    (
        "correctioncontributor_refuse_update",
        CONTRIBUTORS,
        "UPDATE",
        "1 = 1",
        "correction contributors are append-only",
    ),
    (
        "correctioncontributor_refuse_delete",
        CONTRIBUTORS,
        "DELETE",
        f"EXISTS (SELECT 1 FROM {CORRECTIONS} WHERE id = OLD.correction_id)",
        "correction contributors are append-only",
    ),
    (
        "correction_refuse_submitted_edit",
        CORRECTIONS,
        "UPDATE",
        "OLD.status = 'submitted' AND ({content_changed})",
        "a submitted correction is frozen: return it to draft to change it",
    ),
    (
        "correction_refuse_publish_unsubmitted",
        CORRECTIONS,
        "UPDATE",
        "NEW.status = 'published' AND OLD.status = 'draft'",
        "only a submitted correction can be published",
    ),
    (
        "correction_refuse_contributor_approver",
        CORRECTIONS,
        "UPDATE",
        f"NEW.status = 'published' AND OLD.status <> 'published' AND EXISTS ("
        f"SELECT 1 FROM {CONTRIBUTORS} WHERE correction_id = NEW.id "
        "AND user_id = NEW.approver_id)",
        "two-person rule: the approver wrote or changed this correction",
    ),
]

# A deleted draft takes its contributors with it (the only way they go).
CASCADE = "correction_delete_contributors"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"No two-person triggers for {vendor}.")
    distinct = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    for name, table, operation, condition, message in GUARDS:
        condition = condition.format(content_changed=content_changed(distinct))
        if vendor == "postgresql":
            # Trigger WHEN clauses may not hold subqueries there: test in the body.
            row = "OLD" if operation == "DELETE" else "NEW"
            schema_editor.execute(
                f"""
                CREATE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN
                    IF {condition} THEN
                        RAISE EXCEPTION '{message} (%% %%)', TG_TABLE_NAME, OLD.id
                            USING ERRCODE = 'restrict_violation';
                    END IF;
                    RETURN {row};
                END;
                $$ LANGUAGE plpgsql;
                """
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}();"
            )
        else:
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END;"
            )
    cascade = f"DELETE FROM {CONTRIBUTORS} WHERE correction_id = OLD.id;"
    if vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE FUNCTION {CASCADE}() RETURNS trigger AS $$
            BEGIN {cascade} RETURN OLD; END;
            $$ LANGUAGE plpgsql;
            """
        )
        schema_editor.execute(
            f"CREATE TRIGGER {CASCADE} AFTER DELETE ON {CORRECTIONS} "
            f"FOR EACH ROW EXECUTE FUNCTION {CASCADE}();"
        )
    else:
        schema_editor.execute(
            f"CREATE TRIGGER {CASCADE} AFTER DELETE ON {CORRECTIONS} FOR EACH ROW "
            f"BEGIN {cascade} END;"
        )


def drop_triggers(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    triggers = [(name, table) for name, table, *_ in GUARDS] + [(CASCADE, CORRECTIONS)]
    for name, table in triggers:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else "")
        )
        if postgresql:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def authors_as_contributors(apps, schema_editor):
    Correction = apps.get_model("coverage", "Correction")
    CorrectionContributor = apps.get_model("coverage", "CorrectionContributor")
    CorrectionContributor.objects.bulk_create(
        CorrectionContributor(correction_id=pk, user_id=author_id)
        for pk, author_id in Correction.objects.values_list("pk", "author_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0004_correction_article_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CorrectionContributor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("added_at", models.DateTimeField(auto_now_add=True)),
                (
                    "correction",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="contributors",
                        to="coverage.correction",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["added_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("correction", "user"),
                        name="correction_contributor_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(authors_as_contributors, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
