"""The verification events now live in the audit trail (0007): drop their table
and the triggers that guarded it."""

import importlib

from django.db import migrations

triggers = importlib.import_module("coverage.migrations.0002_append_only_triggers")
GUARDS = [
    guard for guard in triggers.GUARDS if guard[0] == "coverage_verificationevent"
]


def drop_guards(apps, schema_editor):
    triggers.remove_guards(schema_editor, GUARDS)


def restore_guards(apps, schema_editor):
    triggers.install_guards(schema_editor, GUARDS)


class Migration(migrations.Migration):
    dependencies = [("coverage", "0007_verification_events_into_audit")]

    operations = [
        migrations.RunPython(drop_guards, restore_guards),
        migrations.DeleteModel(name="VerificationEvent"),
    ]
