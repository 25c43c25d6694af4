"""The audit trail: one append-only table for every change, guarded by triggers
like the verification events before it, and readable by every desk role."""

import importlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from coverage.migrations._grants import DESK_ROLES, grant_each

triggers = importlib.import_module("coverage.migrations.0002_append_only_triggers")

GUARDS = [
    ("coverage_auditentry", "UPDATE", None, "audit entries are append-only"),
    ("coverage_auditentry", "DELETE", None, "audit entries are append-only"),
]


def create_triggers(apps, schema_editor):
    triggers.install_guards(schema_editor, GUARDS)


def drop_triggers(apps, schema_editor):
    triggers.remove_guards(schema_editor, GUARDS)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("coverage", "0005_correction_contributors"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
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
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("claim.create", "Claim added"),
                            ("claim.start_review", "Started review"),
                            ("claim.verdict", "Gave verdict"),
                            ("claim.reopen", "Reopened"),
                            ("claim.assign", "Assigned"),
                            ("claim.edit", "Edited claim"),
                            ("correction.draft", "Drafted correction"),
                            ("correction.edit", "Edited correction"),
                            ("correction.submit", "Submitted for approval"),
                            ("correction.return", "Returned to draft"),
                            ("correction.publish", "Approved and published"),
                            ("correction.supersede", "Drafted an amendment"),
                            ("evidence.add", "Added evidence"),
                            ("evidence.change", "Changed evidence"),
                            ("evidence.remove", "Removed evidence"),
                            ("link.add", "Linked claims"),
                            ("link.remove", "Unlinked claims"),
                            ("source.edit", "Edited source"),
                            ("source.merge", "Merged sources"),
                            ("article.edit", "Edited article"),
                            ("import.created", "Imported article"),
                            ("import.updated", "Re-imported changed article"),
                            ("import.claims_kept", "Kept claims no longer in the text"),
                            ("import.claims_retired", "Retired claims"),
                        ],
                        max_length=50,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("object_repr", models.CharField(max_length=200)),
                (
                    "changes",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="{field: [old, new]} for every change.",
                    ),
                ),
                ("note", models.TextField(blank=True)),
                (
                    "public",
                    models.BooleanField(
                        default=False,
                        help_text="The change altered what the public sees.",
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty only for changes the system made on its own.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit trail",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(
                fields=["content_type", "object_id", "created_at"], name="audit_object"
            ),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["action", "created_at"], name="audit_action"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(
                condition=models.Q(("public", True)), fields=["id"], name="audit_public"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        grant_each(DESK_ROLES, ["view_auditentry"]),
    ]
