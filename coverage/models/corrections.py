"""Corrections: drafted by one editor, published by another, never edited once public."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .claims import Claim
from .newsroom import Article
from .records import AppendOnlyError, AppendOnlyQuerySet


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Correction.Status.PUBLISHED)

    def awaiting_approval(self):
        return self.filter(status=Correction.Status.SUBMITTED)


# A correction published later than this after its article owes readers a note
# saying why (the standards record's promise of timeliness).
LATE_CORRECTION_DAYS = 30


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"
        RETRACTION = "retraction", "Retraction"
        EDITORS_NOTE = "editors_note", "Editor's note"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        PUBLISHED = "published", "Published"

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="corrections"
    )
    claim = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.CORRECTION
    )
    what_was_wrong = models.TextField()
    what_is_right = models.TextField(blank=True)
    public_explanation = models.TextField()
    late_note = models.TextField(
        "why it came late",
        blank=True,
        help_text=(
            "Shown to readers. Required when the correction is published more than "
            "30 days after its article."
        ),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The published correction this one amends.",
    )
    # Kept by the database on PostgreSQL (migration full_text_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "correction",
                        "clarification",
                        "update",
                        "retraction",
                        "editors_note",
                    ]
                ),
                name="correction_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "published"]),
                name="correction_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(approver__isnull=False) & Q(published_at__isnull=False)),
                name="correction_published_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | ~Q(approver=models.F("author")),
                name="correction_two_person_rule",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="correction_log"),
            models.Index(fields=["kind", "status"], name="correction_kind_status"),
            # The log filtered by outlet or story: from that outlet's or story's
            # articles straight to their published corrections, newest first.
            models.Index(
                fields=["article", "status", "published_at"],
                name="correction_article_log",
            ),
        ]
        permissions = [
            ("submit_correction", "Can submit a correction for approval"),
            ("publish_correction", "Can approve and publish a correction"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on “{self.article}”"

    def save(self, *args, **kwargs):
        if (
            self.pk is not None
            and Correction.objects.filter(
                pk=self.pk, status=self.Status.PUBLISHED
            ).exists()
        ):
            raise AppendOnlyError(
                f"Correction {self.pk} is published and cannot be edited; publish a new "
                "correction that supersedes it."
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("coverage:correction_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise AppendOnlyError(
                f"Correction {self.pk} is published and cannot be deleted."
            )
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def published_predecessor(self) -> "Correction | None":
        """The published correction this one amends, as readers see it."""
        other = self.supersedes
        return other if other is not None and other.is_published else None

    @property
    def published_successor(self) -> "Correction | None":
        """The published correction amending this one: a draft amendment is not
        public yet. None, not the reverse accessor's DoesNotExist, when there is
        none (a template reads that exception as a failed lookup, at a cost)."""
        try:
            other = self.superseded_by
        except Correction.DoesNotExist:
            return None
        return other if other.is_published else None

    def days_after_article(self, at=None) -> int | None:
        """Whole days from the article's publication to this correction's (or to
        ``at``); None when the article's date is unknown."""
        published = self.article.published_at
        at = at or self.published_at
        if published is None or at is None:
            return None
        return (at - published).days

    def is_late(self, at=None) -> bool:
        days = self.days_after_article(at)
        return days is not None and days > LATE_CORRECTION_DAYS


class CorrectionContributor(models.Model):
    """Someone who wrote or changed the content of a correction: its author and
    everyone whose edit changed it. The two-person rule refuses all of them as its
    approver, so editing a colleague's draft is never a way to approve one's own text.

    A table of its own rather than a reading of the audit trail: the database checks
    it when a correction is published (migration 0005) with one indexed lookup, and
    the rule does not depend on how audit rows describe their changes. Its rows are
    never changed or removed, except along with a deleted draft (triggers in 0005:
    the database removes them, so the ORM does nothing on delete)."""

    correction = models.ForeignKey(
        Correction, on_delete=models.DO_NOTHING, related_name="contributors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["correction", "user"], name="correction_contributor_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} on correction {self.correction_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Correction contributors are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Correction contributors are append-only.")
