"""Outgoing webhooks: events POSTed to the newsroom's CMS and chat, signed.

Like e-mail (notifications.py), a delivery is a row written in the transaction of
the change it announces, with its body fixed then; a task queued on commit wakes a
worker for it. ``deliver`` takes the row before it POSTs (so two workers never send
it at once), logs every attempt, and holds no transaction while it waits for the
receiver.

Signature scheme (README, "Webhooks"): each POST carries
``Newsroom-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with
the subscription's secret>``, ``Newsroom-Event`` and ``Newsroom-Delivery`` (the
same id on every attempt, for the receiver to drop repeats)."""

import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coverage import fetching, notifications, outbox
from coverage.models import (
    AuditAction,
    AuditEntry,
    Claim,
    Correction,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from coverage.public.payloads import (
    claim_json,
    correction_json,
    request_json,
    site_url,
)
from coverage.workflow.records import record, record_each
from coverage.workflow.rules import refuse

Event = WebhookSubscription.Event
Status = WebhookDelivery.Status

# Fields of a subscription the desk edits; the secret is never written in the record.
EDITABLE_FIELDS = ("name", "url", "events", "owner", "is_active")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does (in Python): the signature matches and is recent."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)


# Events: each builds its body from the object, inside the change's transaction.


def correction_published(correction: Correction, *, entry: AuditEntry):
    return emit(
        Event.CORRECTION_PUBLISHED,
        entry=entry,
        data=correction_json(correction, absolute_url=site_url),
    )


def claim_verdict(claim: Claim, *, entry: AuditEntry):
    return emit(
        Event.CLAIM_VERDICT, entry=entry, data=claim_json(claim, absolute_url=site_url)
    )


def request_received(correction_request, *, entry: AuditEntry):
    return emit(
        Event.REQUEST_RECEIVED,
        entry=entry,
        data=request_json(correction_request, absolute_url=site_url),
    )


def request_closed(correction_request, *, entry: AuditEntry):
    return emit(
        Event.REQUEST_CLOSED,
        entry=entry,
        data=request_json(correction_request, absolute_url=site_url),
    )


def emit(event: str, *, entry: AuditEntry, data: dict) -> list[WebhookDelivery]:
    """One delivery per subscription listening for ``event``, queued on commit."""
    listening = [
        subscription
        for subscription in WebhookSubscription.objects.listening()
        if event in subscription.events
    ]
    deliveries = []
    for subscription in listening:
        key = f"{event}:{entry.pk}:{subscription.pk}"
        body = {
            "id": key,
            "event": event,
            "occurred_at": entry.created_at.isoformat(),
            "data": data,
        }
        delivery, created = WebhookDelivery.objects.get_or_create(
            dedupe_key=key,
            defaults={
                "subscription": subscription,
                "event": event,
                "body": json.dumps(body, ensure_ascii=False, sort_keys=True),
            },
        )
        if created:
            enqueue_on_commit(delivery.pk)
            deliveries.append(delivery)
    return deliveries


def delivery_task():
    from coverage.tasks import deliver_webhook  # tasks.py imports this module

    return deliver_webhook


def enqueue_on_commit(delivery_id: int) -> None:
    outbox.enqueue_on_commit(delivery_task(), delivery_id)


def deliverable():
    """Deliveries whose subscription takes them: active and not paused."""
    return WebhookDelivery.objects.filter(
        subscription__is_active=True, subscription__paused_at__isnull=True
    )


def deliver(delivery_id: int) -> bool:
    """POST one delivery unless it is delivered already; True if this call did."""
    delivery = outbox.take(
        deliverable().select_related("subscription"),
        delivery_id,
        hold=datetime.timedelta(seconds=settings.NEWSROOM_WEBHOOK_TIMEOUT * 3),
    )
    if delivery is None:
        return False  # delivered, failed for good, or its subscription is paused
    attempt = WebhookAttempt.objects.create(delivery=delivery)
    subscription = delivery.subscription
    body = delivery.body.encode()
    started = time.monotonic()
    try:
        answer = fetching.post(
            subscription.url,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": f"{settings.NEWSROOM_NAME} webhooks",
                "Newsroom-Event": delivery.event,
                "Newsroom-Delivery": delivery.dedupe_key,
                "Newsroom-Signature": signature(
                    subscription.secret, int(time.time()), body
                ),
            },
            timeout=settings.NEWSROOM_WEBHOOK_TIMEOUT,
        )
    except fetching.FetchRefused as refused:
        _finish(attempt, started, error=str(refused))
        _fail_for_good(delivery)
        return False
    except (OSError, http.client.HTTPException) as error:
        _finish(attempt, started, error=f"{type(error).__name__}: {error}")
        _failed_attempt(delivery)
        raise outbox.DeliveryError(str(error)) from error
    _finish(attempt, started, code=answer.status)
    if not 200 <= answer.status < 300:
        _failed_attempt(delivery)
        raise outbox.DeliveryError(f"{subscription.url} answered {answer.status}")
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=Status.DELIVERED, delivered_at=timezone.now(), claimed_until=None
    )
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=0
    )
    return True


def give_up(delivery_id: int) -> None:
    """After the last retry: failed for good, shown in the admin."""
    WebhookDelivery.objects.filter(pk=delivery_id, status=Status.PENDING).update(
        status=Status.FAILED
    )


@transaction.atomic
def retry(deliveries, *, actor) -> int:
    """Deliver failed ones again (the admin's action), each with its audit row."""
    failed = list(deliveries.filter(status=Status.FAILED))
    WebhookDelivery.objects.filter(pk__in=[d.pk for d in failed]).update(
        status=Status.PENDING
    )
    record_each(
        actor,
        AuditAction.WEBHOOK_RETRY,
        [
            (delivery, {"status": (Status.FAILED, Status.PENDING)}, "")
            for delivery in failed
        ],
    )
    for delivery in failed:
        enqueue_on_commit(delivery.pk)
    return len(failed)


def requeue_due(*, older_than: datetime.timedelta) -> int:
    return outbox.requeue_due(deliverable(), delivery_task(), older_than=older_than)


def _finish(attempt: WebhookAttempt, started: float, *, code=None, error=""):
    WebhookAttempt.objects.filter(pk=attempt.pk).update(
        duration_ms=round((time.monotonic() - started) * 1000),
        response_code=code,
        error=error[:2000],
    )


def _fail_for_good(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=Status.FAILED, claimed_until=None
    )
    _count_failure(delivery.subscription)


def _failed_attempt(delivery: WebhookDelivery) -> None:
    outbox.give_back(WebhookDelivery, delivery.pk)
    _count_failure(delivery.subscription)


@transaction.atomic
def _count_failure(subscription: WebhookSubscription) -> None:
    """A receiver that keeps failing is paused (deliveries wait) and its owner told."""
    subscription = WebhookSubscription.objects.select_for_update().get(
        pk=subscription.pk
    )
    subscription.consecutive_failures += 1
    pausing = (
        subscription.paused_at is None
        and subscription.consecutive_failures >= settings.NEWSROOM_WEBHOOK_PAUSE_AFTER
    )
    if pausing:
        subscription.paused_at = timezone.now()
    subscription.save(update_fields=["consecutive_failures", "paused_at"])
    if pausing:
        entry = record(
            None,
            AuditAction.WEBHOOK_PAUSE,
            subscription,
            changes={"paused_at": (None, subscription.paused_at)},
            note=f"{subscription.consecutive_failures} failed attempts in a row.",
        )
        notifications.notify_webhook_paused(subscription, entry=entry)


# The desk's changes to subscriptions: each with its audit row.


def _may_manage(actor) -> bool:
    return bool(
        actor
        and actor.is_active
        and actor.has_perm("coverage.change_webhooksubscription")
    )


@transaction.atomic
def create_subscription(*, actor, name, url, events, owner=None) -> WebhookSubscription:
    refuse(_may_manage(actor), actor, "manage webhooks")
    _check_receiver_url(url)
    subscription = WebhookSubscription(
        name=name,
        url=url,
        events=_checked_events(events),
        owner=owner or actor,
        secret=secrets.token_hex(32),
    )
    subscription.full_clean()
    subscription.save()
    record(
        actor,
        AuditAction.WEBHOOK_CREATE,
        subscription,
        changes={
            field: (None, _recorded(getattr(subscription, field)))
            for field in EDITABLE_FIELDS
        },
    )
    return subscription


@transaction.atomic
def update_subscription(subscription, *, actor, **fields) -> WebhookSubscription:
    refuse(_may_manage(actor), actor, "manage webhooks")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot edit {', '.join(sorted(unknown))} of a webhook.")
    if "events" in fields:
        fields["events"] = _checked_events(fields["events"])
    if "url" in fields:
        _check_receiver_url(fields["url"])
    current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    changes = {
        name: (_recorded(getattr(current, name)), _recorded(value))
        for name, value in fields.items()
        if getattr(current, name) != value
    }
    if not changes:
        return current
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save(update_fields=list(fields))
    record(actor, AuditAction.WEBHOOK_EDIT, current, changes=changes)
    return current


@transaction.atomic
def resume_subscription(subscription, *, actor) -> int:
    """Deliver again: the failure count starts over and waiting deliveries go."""
    refuse(_may_manage(actor), actor, "manage webhooks")
    current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if current.paused_at is None:
        return 0
    record(
        actor,
        AuditAction.WEBHOOK_RESUME,
        current,
        changes={"paused_at": (current.paused_at, None)},
    )
    WebhookSubscription.objects.filter(pk=current.pk).update(
        paused_at=None, consecutive_failures=0
    )
    waiting = list(
        current.deliveries.filter(
            status__in=[Status.PENDING, Status.SENDING]
        ).values_list("pk", flat=True)
    )
    for pk in waiting:
        enqueue_on_commit(pk)
    return len(waiting)


@transaction.atomic
def new_secret(subscription, *, actor) -> str:
    refuse(_may_manage(actor), actor, "manage webhooks")
    secret = secrets.token_hex(32)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(secret=secret)
    record(actor, AuditAction.WEBHOOK_NEW_SECRET, subscription)
    return secret


@transaction.atomic
def delete_subscription(subscription, *, actor) -> None:
    refuse(_may_manage(actor), actor, "manage webhooks")
    record(
        actor,
        AuditAction.WEBHOOK_DELETE,
        subscription,
        changes={
            field: (_recorded(getattr(subscription, field)), None)
            for field in EDITABLE_FIELDS
        },
    )
    subscription.delete()


def _checked_events(events) -> list[str]:
    unknown = sorted(set(events) - set(Event.values))
    if unknown:
        raise ValidationError(
            {
                "events": f"Unknown events: {', '.join(unknown)}. Known: {', '.join(Event.values)}."
            }
        )
    if not events:
        raise ValidationError({"events": "Choose at least one event."})
    return sorted(set(events))


def _check_receiver_url(url: str) -> None:
    """Saved only if it could be delivered: http or https, and no literal private
    address or ``localhost``; names are checked again at every delivery."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValidationError(
            {"url": f"{url!r}: webhooks are sent over http or https."}
        )
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        host = "127.0.0.1"
    try:
        fetching.refuse_unless_public(host, str(ipaddress.ip_address(host)))
    except ValueError as error:
        if isinstance(error, fetching.FetchRefused):
            raise ValidationError({"url": str(error)}) from error


def _recorded(value):
    return getattr(value, "pk", value)
