"""Unacknowledged changes: an article rewritten in substance with no correction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .corrections import Correction
from .newsroom import Article, ArticleRevision


class ChangeStatus(models.TextChoices):
    OPEN = "open", "Waiting for the desk"
    LINKED = "linked", "Linked to a correction"
    DISMISSED = "dismissed", "Dismissed"


class UnacknowledgedChangeQuerySet(models.QuerySet):
    def open(self):
        """Waiting for the desk: the desk page's list, oldest first."""
        return self.filter(status=ChangeStatus.OPEN).order_by("seen_at", "id")


class UnacknowledgedChange(models.Model):
    """A re-import changed an article in substance (a figure, a name, a quote, a
    claim sentence, a paragraph) and neither the outlet's text nor a correction
    of ours published since the previous version says so. What changed is the
    graded revision's reasons; who is the article's outlet, seen by the importer
    ``seen_by``. The desk links it to a correction or dismisses it with a reason."""

    Status = ChangeStatus

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="unacknowledged_changes"
    )
    revision = models.OneToOneField(
        ArticleRevision,
        on_delete=models.CASCADE,
        related_name="unacknowledged_change",
        help_text="The text before the change; its grade and reasons say what changed.",
    )
    seen_at = models.DateTimeField(default=timezone.now)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who imported the changed version.",
    )
    status = models.CharField(
        max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.OPEN
    )
    correction = models.ForeignKey(
        Correction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unacknowledged_changes",
        help_text="The correction that acknowledges it.",
    )
    dismiss_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnacknowledgedChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at", "-id"]
        verbose_name = "unacknowledged change"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ChangeStatus.values),
                name="change_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(dismiss_reason=""),
                name="change_dismissed_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="linked") | Q(correction__isnull=False),
                name="change_linked_has_correction",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "seen_at"], name="change_queue"),
        ]
        permissions = [
            (
                "decide_unacknowledgedchange",
                "Can link or dismiss unacknowledged changes",
            ),
        ]

    def __str__(self):
        return f"Change to “{self.article}” seen {self.seen_at:%Y-%m-%d %H:%M}"[:200]

    @property
    def reasons(self) -> list[str]:
        return self.revision.reasons
