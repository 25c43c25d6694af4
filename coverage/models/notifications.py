"""Who is told what: e-mail notifications and the webhook subscriptions, deliveries and attempts."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationPreference(models.Model):
    """Which e-mails one person of the desk wants. Without a row, the defaults:
    every e-mail about work waiting for them, no digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    on_assignment = models.BooleanField("when a claim is assigned to me", default=True)
    on_awaiting_approval = models.BooleanField(
        "when a correction awaits my approval", default=True
    )
    on_outcome = models.BooleanField(
        "when my correction is published or returned", default=True
    )
    daily_digest = models.BooleanField(
        "a daily digest of what waits for me", default=False
    )

    def __str__(self):
        return f"E-mail preferences of {self.user}"


class Notification(models.Model):
    """One e-mail owed to someone, written in the transaction of the change that
    calls for it (an outbox) and sent by a worker after that transaction commits.

    The row, not the queue, is the record: a task only wakes a worker for it, so a
    lost task is sent by the sweeper and a repeated one finds the row sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed for good"

    class Event(models.TextChoices):
        CLAIM_ASSIGNED = "claim.assigned", "Claim assigned"
        CORRECTION_AWAITING_APPROVAL = (
            "correction.awaiting_approval",
            "Correction awaits approval",
        )
        CORRECTION_PUBLISHED = "correction.published", "Correction published"
        CORRECTION_RETURNED = "correction.returned", "Correction returned"
        DAILY_DIGEST = "digest.daily", "Daily digest"
        WEBHOOK_PAUSED = "webhook.paused", "Webhook paused"
        REQUEST_ASSIGNED = "request.assigned", "Correction request assigned"
        REQUEST_RECEIVED = "request.received", "Reader's request received"
        REQUEST_CLOSED = "request.closed", "Reader told the outcome"

    event = models.CharField(max_length=40, choices=Event.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a reader, who has no account: only the address.",
    )
    to_address = models.EmailField(blank=True)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    dedupe_key = models.CharField(
        max_length=200,
        unique=True,
        help_text="One e-mail per change and recipient, however often it is asked for.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="notification_unsent",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()} to {self.to_address}"

    @property
    def message_id(self) -> str:
        """Stable across attempts, so a mail system that already took one attempt
        can drop the repeat."""
        return f"<notification-{self.pk}@{settings.NEWSROOM_MESSAGE_ID_DOMAIN}>"


class WebhookSubscriptionQuerySet(models.QuerySet):
    def listening(self):
        return self.filter(is_active=True, paused_at__isnull=True)


class WebhookSubscription(models.Model):
    """A newsroom system (CMS, chat) that wants to hear of events: each event is
    POSTed to its URL as JSON, signed with its secret."""

    class Event(models.TextChoices):
        CORRECTION_PUBLISHED = "correction.published", "A correction is published"
        CLAIM_VERDICT = "claim.verdict", "A fact check's verdict is published"
        REQUEST_RECEIVED = "request.received", "A reader's correction request arrives"
        REQUEST_CLOSED = "request.closed", "A reader's correction request is closed"

    name = models.CharField(max_length=100)
    url = models.URLField(
        max_length=1000, help_text="Where events are POSTed (https in production)."
    )
    events = models.JSONField(
        default=list, help_text="The events this receiver wants, by name."
    )
    secret = models.CharField(
        max_length=64,
        editable=False,
        help_text="Signs every delivery (HMAC-SHA256); the receiver keeps a copy.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Told by e-mail when deliveries keep failing and it is paused.",
    )
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    paused_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event owed to one subscription: its body is fixed when the event
    happens (the receiver learns what was true then), its attempts are logged."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be delivered"
        SENDING = "sending", "Being delivered"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed for good"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookSubscription.Event.choices)
    body = models.TextField(help_text="The JSON sent, byte for byte, on every attempt.")
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="webhook_undelivered",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.event} to {self.subscription}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: written before it is sent, completed after, so an
    attempt cut short (a worker killed) shows as one with no answer."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self):
        answer = self.response_code or self.error or "no answer"
        return f"Attempt at {self.started_at:%Y-%m-%d %H:%M:%S}: {answer}"
