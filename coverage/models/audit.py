"""The append-only audit trail: one row per change the desk makes."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .records import AppendOnlyError, AppendOnlyQuerySet


class AuditAction(models.TextChoices):
    """Every kind of change the record knows, as ``<target>.<verb>``.

    New kinds of change (requests, webhooks) add a member here; the column has no
    check constraint, so adding one needs no schema change."""

    CLAIM_CREATE = "claim.create", "Claim added"
    CLAIM_START_REVIEW = "claim.start_review", "Started review"
    CLAIM_VERDICT = "claim.verdict", "Gave verdict"
    CLAIM_REOPEN = "claim.reopen", "Reopened"
    CLAIM_ASSIGN = "claim.assign", "Assigned"
    CLAIM_EDIT = "claim.edit", "Edited claim"
    CLAIM_AMEND_SUMMARY = "claim.amend_summary", "Amended the verdict summary"
    CLAIM_REWRITE_PROPOSITION = "claim.proposition", "Rewrote the proposition"
    CLAIM_MATCH_CONFIRM = "claim.match_confirm", "Confirmed the same claim"
    CLAIM_MATCH_REJECT = "claim.match_reject", "Rejected a suggested match"
    CORRECTION_DRAFT = "correction.draft", "Drafted correction"
    CORRECTION_EDIT = "correction.edit", "Edited correction"
    CORRECTION_SUBMIT = "correction.submit", "Submitted for approval"
    CORRECTION_RETURN = "correction.return", "Returned to draft"
    CORRECTION_PUBLISH = "correction.publish", "Approved and published"
    CORRECTION_SUPERSEDE = "correction.supersede", "Drafted an amendment"
    EVIDENCE_ADD = "evidence.add", "Added evidence"
    EVIDENCE_CHANGE = "evidence.change", "Changed evidence"
    EVIDENCE_REMOVE = "evidence.remove", "Removed evidence"
    LINK_ADD = "link.add", "Linked claims"
    LINK_CHANGE = "link.change", "Changed a link between claims"
    LINK_REMOVE = "link.remove", "Unlinked claims"
    OUTLET_CREATE = "outlet.create", "Added outlet"
    OUTLET_EDIT = "outlet.edit", "Edited outlet"
    STORY_CREATE = "story.create", "Added story"
    STORY_EDIT = "story.edit", "Edited story"
    SOURCE_CREATE = "source.create", "Added source"
    SOURCE_EDIT = "source.edit", "Edited source"
    SOURCE_MERGE = "source.merge", "Merged sources"
    ARTICLE_CREATE = "article.create", "Added article"
    ARTICLE_EDIT = "article.edit", "Edited article"
    IMPORT_CREATED = "import.created", "Imported article"
    IMPORT_UPDATED = "import.updated", "Re-imported changed article"
    IMPORT_CLAIMS_KEPT = "import.claims_kept", "Kept claims no longer in the text"
    IMPORT_CLAIMS_RETIRED = "import.claims_retired", "Retired claims"
    IMPORT_JOB_CREATE = "import.job", "Started a background import"
    CHANGE_RAISE = "change.raise", "Raised an unacknowledged change"
    CHANGE_LINK = "change.link", "Linked an unacknowledged change to a correction"
    CHANGE_DISMISS = "change.dismiss", "Dismissed an unacknowledged change"
    SECOND_FACTOR_ENROL = "second_factor.enrol", "Enrolled an authenticator app"
    WEBHOOK_CREATE = "webhook.create", "Added a webhook"
    FEED_WATCH = "feed.watch", "Started watching a feed"
    FEED_EDIT = "feed.edit", "Edited a watched feed"
    WEBHOOK_EDIT = "webhook.edit", "Edited a webhook"
    WEBHOOK_DELETE = "webhook.delete", "Removed a webhook"
    WEBHOOK_PAUSE = "webhook.pause", "Paused a failing webhook"
    WEBHOOK_RESUME = "webhook.resume", "Resumed a webhook"
    WEBHOOK_NEW_SECRET = "webhook.new_secret", "Gave a webhook a new secret"
    WEBHOOK_RETRY = "webhook.retry", "Queued a failed webhook delivery again"
    NOTIFICATION_RETRY = "notification.retry", "Queued a failed e-mail again"
    NOTIFICATION_PREFERENCES = (
        "notification.preferences",
        "Changed e-mail preferences",
    )
    SECOND_FACTOR_RECOVERY_CODES = (
        "second_factor.recovery_codes",
        "Made new recovery codes",
    )
    SECOND_FACTOR_REMOVE = "second_factor.remove", "Removed a second factor"
    RECORD_DELETE = "record.delete", "Deleted (superuser)"
    API_TOKEN_ISSUE = "api_token.issue", "Issued an API token"
    API_TOKEN_REVOKE = "api_token.revoke", "Revoked an API token"
    REQUEST_RECEIVE = "request.receive", "Received a reader's correction request"
    REQUEST_TRIAGE = "request.triage", "Triaged the request"
    REQUEST_ASSIGN = "request.assign", "Assigned the request"
    REQUEST_NOTE = "request.note", "Edited the request's internal notes"
    REQUEST_UPHOLD = "request.uphold", "Upheld the request"
    REQUEST_DECLINE = "request.decline", "Declined the request"
    REQUEST_DUPLICATE = "request.duplicate", "Closed the request as a duplicate"
    REQUEST_CORRECTED = "request.corrected", "Published the correction requested"
    REQUEST_ERASE_EMAIL = "request.erase_email", "Erased the reader's e-mail address"


class AuditEntryQuerySet(AppendOnlyQuerySet):
    def for_model(self, model: type[models.Model]):
        """Rows about any object of ``model``; ``.values("object_id")`` gives the
        ids of the objects that have a record."""
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def for_object(self, obj: models.Model):
        """The object's rows, oldest first: its history page and timeline."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("created_at", "id")

    def public(self):
        return self.filter(public=True)

    def latest_public_id(self) -> int:
        """The newest row that changed what the public sees (0 if none): a page
        signature that includes it changes whenever the public record does.
        Answered from the partial index ``audit_public``."""
        return self.public().aggregate(latest=models.Max("id"))["latest"] or 0


class AuditEntry(models.Model):
    """One row per change the desk, an import or the system makes: who, what,
    on which object, the old and new values. Append-only, also in the database
    (triggers in migration 0006). Written only by ``workflow.records.record``."""

    Action = AuditAction

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty only for changes the system made on its own.",
    )
    action = models.CharField(max_length=50, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(
        default=dict, blank=True, help_text="{field: [old, new]} for every change."
    )
    note = models.TextField(blank=True)
    api_token = models.ForeignKey(
        "coverage.ApiToken",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The API token the actor wrote through, if any.",
    )
    public = models.BooleanField(
        default=False, help_text="The change altered what the public sees."
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "created_at"],
                name="audit_object",
            ),
            models.Index(fields=["action", "created_at"], name="audit_action"),
            models.Index(fields=["id"], condition=Q(public=True), name="audit_public"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are append-only.")
