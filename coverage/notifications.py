"""E-mail to the people who must act, written as an outbox and sent by workers.

A workflow function calls one of the ``notify_*`` functions inside its own
transaction: the e-mails are rows (``Notification``) committed with the change they
announce, and a task is queued for each once that transaction commits (outbox.py).
The row is the record and the task only a wake-up: a task that runs twice sends
once, and the sweeper hands the queue any row whose task was lost."""

import datetime
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coverage import outbox
from coverage.models import (
    AuditAction,
    AuditEntry,
    Claim,
    Correction,
    CorrectionRequest,
    Notification,
    NotificationPreference,
)
from coverage.public.payloads import site_url
from coverage.workflow.records import record, record_each
from coverage.workflow.rules import can_publish_correction

Event = Notification.Event

# Which preference switches each event off.
PREFERENCE_OF = {
    Event.CLAIM_ASSIGNED: "on_assignment",
    Event.CORRECTION_AWAITING_APPROVAL: "on_awaiting_approval",
    Event.CORRECTION_PUBLISHED: "on_outcome",
    Event.CORRECTION_RETURNED: "on_outcome",
    Event.DAILY_DIGEST: "daily_digest",
    Event.WEBHOOK_PAUSED: "on_outcome",
    Event.REQUEST_ASSIGNED: "on_assignment",
}

# Errors after which sending again later may work: the server refused or was away.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


def preferences_of(user) -> NotificationPreference:
    """The user's saved preferences, or the defaults (unsaved) when they have none."""
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def wants(user, event: str) -> bool:
    return bool(user.is_active and user.email) and getattr(
        preferences_of(user), PREFERENCE_OF[event]
    )


def notify_assignee(
    obj: Claim | CorrectionRequest, *, entry: AuditEntry
) -> list[Notification]:
    """A claim or a reader's request assigned to someone other than the actor."""
    if obj.assignee is None or obj.assignee_id == entry.actor_id:
        return []
    event, name = (
        (Event.REQUEST_ASSIGNED, "correction_request")
        if isinstance(obj, CorrectionRequest)
        else (Event.CLAIM_ASSIGNED, "claim")
    )
    return _write(
        event,
        recipients=[obj.assignee],
        entry=entry,
        context={name: obj, "url": _admin_url(obj)},
    )


def notify_reader(
    correction_request: CorrectionRequest, *, event: str, entry: AuditEntry
) -> Notification | None:
    """The reader who sent the request, if they left an address: on receipt, and
    once on the outcome (declined, a duplicate, or the correction published).
    Their e-mail says only what their private status page says."""
    if not correction_request.email:
        return None
    correction = correction_request.correction
    return _write_one(
        event,
        None,
        to_address=correction_request.email,
        key=f"{reader_key_prefix(correction_request)}{event}:{entry.pk}",
        context={
            "correction_request": correction_request,
            "status_url": site_url(correction_request.get_absolute_url()),
            "correction_url": (
                site_url(correction.get_absolute_url())
                if correction is not None and correction.is_published
                else ""
            ),
        },
    )


def reader_key_prefix(correction_request: CorrectionRequest) -> str:
    """What the dedupe keys of a reader's e-mails start with: erasing the address
    finds them by it."""
    return f"request:{correction_request.pk}:"


def notify_awaiting_approval(
    correction: Correction, *, entry: AuditEntry
) -> list[Notification]:
    """Everyone who could approve it: standards editors who did not write it."""
    approvers = [
        user
        for user in get_user_model()
        .objects.with_perm(
            "coverage.publish_correction",
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .order_by("pk")
        if can_publish_correction(user, correction)
    ]
    return _write(
        Event.CORRECTION_AWAITING_APPROVAL,
        recipients=approvers,
        entry=entry,
        context={"correction": correction, "url": _admin_url(correction)},
    )


def notify_author(correction: Correction, *, entry: AuditEntry) -> list[Notification]:
    """The author learns what became of their draft: published, or returned."""
    event = (
        Event.CORRECTION_PUBLISHED
        if correction.is_published
        else Event.CORRECTION_RETURNED
    )
    if correction.author_id == entry.actor_id:
        return []
    return _write(
        event,
        recipients=[correction.author],
        entry=entry,
        context={
            "correction": correction,
            "note": entry.note,
            "url": _admin_url(correction),
            "public_url": site_url(correction.get_absolute_url()),
        },
    )


def notify_webhook_paused(subscription, *, entry: AuditEntry) -> list[Notification]:
    return _write(
        Event.WEBHOOK_PAUSED,
        recipients=[subscription.owner],
        entry=entry,
        context={"subscription": subscription, "url": _admin_url(subscription)},
    )


def write_digest(user, *, day: datetime.date) -> Notification | None:
    """The day's summary of what waits for ``user``; None when nothing does or
    they did not ask for one. Written once per user and day."""
    if not wants(user, Event.DAILY_DIGEST):
        return None
    claims = list(
        Claim.objects.filter(assignee=user).awaiting_review().order_by("pk")[:50]
    )
    awaiting = [
        correction
        for correction in Correction.objects.filter(status=Correction.Status.SUBMITTED)
        .select_related("article")
        .prefetch_related("contributors")
        .order_by("submitted_at")[:50]
        if can_publish_correction(user, correction)
    ]
    if not claims and not awaiting:
        return None
    context = {
        "claims": [(claim, _admin_url(claim)) for claim in claims],
        "awaiting": [(correction, _admin_url(correction)) for correction in awaiting],
        "day": day,
    }
    return _write_one(
        Event.DAILY_DIGEST,
        user,
        key=f"digest:{day.isoformat()}:{user.pk}",
        context=context,
    )


def _write(event, *, recipients, entry: AuditEntry, context) -> list[Notification]:
    return [
        written
        for user in recipients
        if wants(user, event)
        and (
            written := _write_one(
                event, user, key=f"{event}:{entry.pk}:{user.pk}", context=context
            )
        )
    ]


def _write_one(
    event, user, *, key: str, context, to_address: str = ""
) -> Notification | None:
    """The row for one recipient (a desk account, or a reader's bare address), and
    its task queued when the transaction commits."""
    template = event.replace(".", "_")
    context = {
        **context,
        "recipient": user,
        "site_name": settings.NEWSROOM_NAME,
        "site_url": settings.NEWSROOM_SITE_URL,
    }
    notification, created = Notification.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "event": event,
            "recipient": user,
            "to_address": to_address or user.email,
            "subject": " ".join(
                render_to_string(
                    f"notifications/{template}_subject.txt", context
                ).split()
            )[:300],
            "body_text": render_to_string(f"notifications/{template}.txt", context),
            "body_html": render_to_string(f"notifications/{template}.html", context),
        },
    )
    if not created:
        return None
    enqueue_on_commit(notification.pk)
    return notification


def delivery_task():
    from coverage.tasks import deliver_notification  # tasks.py imports this module

    return deliver_notification


def enqueue_on_commit(notification_id: int) -> None:
    outbox.enqueue_on_commit(delivery_task(), notification_id)


def deliver(notification_id: int) -> bool:
    """Send one e-mail unless it is sent already; True if this call sent it.

    No transaction is held while talking to the mail server: the row is taken
    (so two workers never send it at once), sent, then marked."""
    notification = outbox.take(
        Notification.objects.all(),
        notification_id,
        hold=datetime.timedelta(seconds=settings.EMAIL_TIMEOUT * 3),
    )
    if notification is None:
        return False
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.to_address],
        headers={"Message-ID": notification.message_id},
    )
    message.attach_alternative(notification.body_html, "text/html")
    try:
        message.send()
    except TRANSIENT_ERRORS as error:
        outbox.give_back(
            Notification,
            notification_id,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise outbox.DeliveryError(str(error)) from error
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), claimed_until=None
    )
    return True


def give_up(notification_id: int) -> None:
    """After the last retry: shown as failed in the admin, where it can be retried."""
    Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING
    ).update(status=Notification.Status.FAILED)


@transaction.atomic
def retry(notifications, *, actor) -> int:
    """Send failed e-mails again (the admin's action), each with its audit row."""
    failed = list(notifications.filter(status=Notification.Status.FAILED))
    Notification.objects.filter(pk__in=[n.pk for n in failed]).update(
        status=Notification.Status.PENDING, attempts=0
    )
    record_each(
        actor,
        AuditAction.NOTIFICATION_RETRY,
        [
            (
                notification,
                {"status": (Notification.Status.FAILED, Notification.Status.PENDING)},
                "",
            )
            for notification in failed
        ],
    )
    for notification in failed:
        enqueue_on_commit(notification.pk)
    return len(failed)


def requeue_due(*, older_than: datetime.timedelta) -> int:
    return outbox.requeue_due(
        Notification.objects.all(), delivery_task(), older_than=older_than
    )


def _admin_url(obj) -> str:
    meta = obj._meta
    return site_url(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    )


@transaction.atomic
def set_preferences(user, **switches: bool) -> NotificationPreference:
    """Save one person's choices, with the audit row of the change."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    changes = {
        name: (getattr(preference, name), bool(value))
        for name, value in switches.items()
        if getattr(preference, name) != bool(value)
    }
    if changes:
        for name, (_old, new) in changes.items():
            setattr(preference, name, new)
        preference.save(update_fields=list(changes))
        record(user, AuditAction.NOTIFICATION_PREFERENCES, preference, changes=changes)
    return preference


def erase_reader_messages(correction_request: CorrectionRequest) -> int:
    """Blank the address and text of every e-mail to the request's reader (the
    retention rule): one not yet sent is never sent."""
    messages = Notification.objects.filter(
        recipient__isnull=True,
        dedupe_key__startswith=reader_key_prefix(correction_request),
    )
    messages.filter(outbox.due(timezone.now())).update(
        status=Notification.Status.FAILED,
        claimed_until=None,
        last_error="The reader's address was erased before it was sent.",
    )
    return messages.update(
        to_address="", subject="(erased)", body_text="", body_html=""
    )
