"""Correction requests from readers, and their lifecycle."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .corrections import Correction
from .newsroom import Article


class CorrectionRequestStatus(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    UPHELD = "upheld", "Upheld"
    DECLINED = "declined", "Declined"
    DUPLICATE = "duplicate", "Duplicate"


OPEN_REQUEST_STATUSES = frozenset(
    {CorrectionRequestStatus.NEW, CorrectionRequestStatus.TRIAGED}
)


def new_request_token() -> str:
    return secrets.token_urlsafe(32)


class CorrectionRequestQuerySet(models.QuerySet):
    def open(self):
        """Waiting for the desk's decision."""
        return self.filter(status__in=OPEN_REQUEST_STATUSES)

    def overdue(self, now=None):
        return self.open().filter(deadline__lt=now or timezone.now())

    def queue(self, now=None):
        """Overdue first, then by deadline: the order the desk answers them in."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(
                    Q(status__in=OPEN_REQUEST_STATUSES)
                    & Q(deadline__lt=now or timezone.now()),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        ).order_by("-is_overdue", "deadline", "id")

    def past_retention(self, before):
        """Closed before ``before`` and still holding the reader's address."""
        return self.exclude(email="").filter(closed_at__lt=before)


class CorrectionRequest(models.Model):
    """A reader's report that something we published is wrong, from the public
    form. Nothing here is shown to another reader; the reader who sent it sees
    its status and outcome on a private page (``token``), never the notes.

    The e-mail address is kept while the request is open and for
    ``NEWSROOM_REQUEST_EMAIL_RETENTION_DAYS`` after it closed, then erased; the
    sender's network address is kept only as a keyed hash (for abuse)."""

    Status = CorrectionRequestStatus

    token = models.CharField(
        max_length=64, unique=True, default=new_request_token, editable=False
    )
    article_given = models.CharField("article (as the reader gave it)", max_length=1000)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="correction_requests",
        help_text="The known article the reader's URL or headline matched.",
    )
    quote = models.TextField("the words in question")
    what_is_wrong = models.TextField()
    supporting_link = models.URLField(max_length=1000, blank=True)
    email = models.EmailField(blank=True)
    client_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        max_length=20,
        choices=CorrectionRequestStatus.choices,
        default=CorrectionRequestStatus.NEW,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    deadline = models.DateTimeField()
    internal_notes = models.TextField(
        blank=True, help_text="Never shown to the reader."
    )
    decline_reason = models.TextField(blank=True, help_text="The reader is told this.")
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    correction = models.OneToOneField(
        Correction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
        help_text="The correction drafted from it when it was upheld.",
    )
    received_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Declined, a duplicate, or its correction published.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "correction request"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CorrectionRequestStatus.values),
                name="request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="request_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False),
                name="request_duplicate_has_original",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("id")),
                name="request_not_own_duplicate",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="request_queue"),
            models.Index(fields=["assignee", "status"], name="request_assignee"),
            models.Index(fields=["closed_at"], name="request_closed"),
        ]
        permissions = [
            ("decide_correctionrequest", "Can triage, assign and decide requests"),
        ]

    def __str__(self):
        return f"Request {self.pk}: {self.article or self.article_given}"[:200]

    def get_absolute_url(self):
        return reverse("coverage:request_status", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES
