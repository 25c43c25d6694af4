"""Claim matching: suggestions, confirmed groups, and who decides them (editors and
standards editors). On PostgreSQL, pg_trgm and a GIN trigram index on the claim
text let the database find similar claims among all of them; SQLite has neither
and searches by words (coverage.matching)."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from coverage.migrations._grants import grant_each

DECIDERS = ["Editor", "Standards editor"]
TRIGRAM_INDEX = "claim_text_trgm"


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's CreateExtension skips other databases going forwards but asks
    pg_extension going backwards; on SQLite there is nothing to undo."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON coverage_claim "
            "USING gin (text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0023_watching_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("claim.create", "Claim added"),
                    ("claim.start_review", "Started review"),
                    ("claim.verdict", "Gave verdict"),
                    ("claim.reopen", "Reopened"),
                    ("claim.assign", "Assigned"),
                    ("claim.edit", "Edited claim"),
                    ("claim.amend_summary", "Amended the verdict summary"),
                    ("claim.proposition", "Rewrote the proposition"),
                    ("claim.match_confirm", "Confirmed the same claim"),
                    ("claim.match_reject", "Rejected a suggested match"),
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
                    ("link.change", "Changed a link between claims"),
                    ("link.remove", "Unlinked claims"),
                    ("outlet.create", "Added outlet"),
                    ("outlet.edit", "Edited outlet"),
                    ("story.create", "Added story"),
                    ("story.edit", "Edited story"),
                    ("source.create", "Added source"),
                    ("source.edit", "Edited source"),
                    ("source.merge", "Merged sources"),
                    ("article.create", "Added article"),
                    ("article.edit", "Edited article"),
                    ("import.created", "Imported article"),
                    ("import.updated", "Re-imported changed article"),
                    ("import.claims_kept", "Kept claims no longer in the text"),
                    ("import.claims_retired", "Retired claims"),
                    ("change.raise", "Raised an unacknowledged change"),
                    ("change.link", "Linked an unacknowledged change to a correction"),
                    ("change.dismiss", "Dismissed an unacknowledged change"),
                    ("second_factor.enrol", "Enrolled an authenticator app"),
                    ("webhook.create", "Added a webhook"),
                    ("feed.watch", "Started watching a feed"),
                    ("feed.edit", "Edited a watched feed"),
                    ("webhook.edit", "Edited a webhook"),
                    ("webhook.delete", "Removed a webhook"),
                    ("webhook.pause", "Paused a failing webhook"),
                    ("webhook.resume", "Resumed a webhook"),
                    ("webhook.new_secret", "Gave a webhook a new secret"),
                    ("webhook.retry", "Queued a failed webhook delivery again"),
                    ("notification.retry", "Queued a failed e-mail again"),
                    ("notification.preferences", "Changed e-mail preferences"),
                    ("second_factor.recovery_codes", "Made new recovery codes"),
                    ("second_factor.remove", "Removed a second factor"),
                    ("record.delete", "Deleted (superuser)"),
                    ("request.receive", "Received a reader's correction request"),
                    ("request.triage", "Triaged the request"),
                    ("request.assign", "Assigned the request"),
                    ("request.note", "Edited the request's internal notes"),
                    ("request.uphold", "Upheld the request"),
                    ("request.decline", "Declined the request"),
                    ("request.duplicate", "Closed the request as a duplicate"),
                    ("request.corrected", "Published the correction requested"),
                    ("request.erase_email", "Erased the reader's e-mail address"),
                ],
                max_length=50,
            ),
        ),
        migrations.CreateModel(
            name="ClaimGroup",
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
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "canonical",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="canonical_of",
                        to="coverage.claim",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="ClaimGroupMember",
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
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="group_membership",
                        to="coverage.claim",
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="coverage.claimgroup",
                    ),
                ),
            ],
            options={
                "ordering": ["group_id", "claim_id"],
            },
        ),
        migrations.CreateModel(
            name="ClaimMatch",
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
                ("score", models.FloatField(help_text="Similarity from 0 to 1.")),
                ("matched_words", models.JSONField(blank=True, default=list)),
                ("differences", models.JSONField(blank=True, default=list)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("suggested", "Suggested"),
                            ("confirmed", "Confirmed: the same claim"),
                            ("rejected", "Rejected: a different claim"),
                        ],
                        default="suggested",
                        max_length=20,
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "candidate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offered_as_match",
                        to="coverage.claim",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="match_suggestions",
                        to="coverage.claim",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "claim matches",
                "ordering": ["-score", "id"],
                "permissions": [
                    (
                        "decide_claimmatch",
                        "Can confirm or reject suggested claim matches",
                    )
                ],
                "indexes": [
                    models.Index(
                        fields=["candidate", "status"], name="claimmatch_candidate"
                    ),
                    models.Index(fields=["status", "-score"], name="claimmatch_queue"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("claim", "candidate"), name="claimmatch_unique_pair"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("claim", models.F("candidate")), _negated=True
                        ),
                        name="claimmatch_not_self",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["suggested", "confirmed", "rejected"])
                        ),
                        name="claimmatch_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("score__gte", 0.0), ("score__lte", 1.0)),
                        name="claimmatch_score_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status", "suggested"),
                            ("decided_at__isnull", False),
                            _connector="OR",
                        ),
                        name="claimmatch_decision_dated",
                    ),
                ],
            },
        ),
        grant_each(DECIDERS, ["decide_claimmatch"]),
    ]
