"""Database triggers that keep the record append-only whatever writes to it.

Verification events can never be updated or deleted; a published correction can
never be updated or deleted. The ORM refuses too (models.py), but raw SQL, a shell
or another program would not go through the ORM.
"""

from django.db import migrations

GUARDS = [
    # (table, operation, condition on OLD or None, message)
    (
        "coverage_verificationevent",
        "UPDATE",
        None,
        "verification events are append-only",
    ),
    (
        "coverage_verificationevent",
        "DELETE",
        None,
        "verification events are append-only",
    ),
    (
        "coverage_correction",
        "UPDATE",
        "OLD.status = 'published'",
        "a published correction cannot be changed",
    ),
    (
        "coverage_correction",
        "DELETE",
        "OLD.status = 'published'",
        "a published correction cannot be deleted",
    ),
]


def trigger_name(table: str, operation: str) -> str:
    return f"{table}_refuse_{operation.lower()}"


def install_guards(schema_editor, guards) -> None:
    """Create one refusing trigger per guard; later migrations reuse this."""
    vendor = schema_editor.connection.vendor
    for table, operation, condition, message in guards:
        name = trigger_name(table, operation)
        when = f"WHEN ({condition})" if condition else ""
        if vendor == "postgresql":
            # %% is a literal % once psycopg has bound the (empty) parameters.
            schema_editor.execute(
                f"""
                CREATE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN
                    RAISE EXCEPTION '{message} (%% %%)', TG_TABLE_NAME, OLD.id
                        USING ERRCODE = 'restrict_violation';
                END;
                $$ LANGUAGE plpgsql;
                """
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                f"FOR EACH ROW {when} EXECUTE FUNCTION {name}();"
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW {when} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
            )
        else:
            raise NotImplementedError(f"No append-only triggers for {vendor}.")


def remove_guards(schema_editor, guards) -> None:
    vendor = schema_editor.connection.vendor
    for table, operation, _condition, _message in guards:
        name = trigger_name(table, operation)
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {name}"
            + (f" ON {table}" if vendor == "postgresql" else "")
        )
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def create_triggers(apps, schema_editor):
    install_guards(schema_editor, GUARDS)


def drop_triggers(apps, schema_editor):
    remove_guards(schema_editor, GUARDS)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
