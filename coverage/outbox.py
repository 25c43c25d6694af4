"""What e-mail (notifications.py) and webhooks (webhooks.py) share: a row per
message, written in the transaction of the change it announces, taken by one worker
at a time, and retried by the task queue.

A row is *due* while it waits (``pending``), or while the worker that took it
(``sending``) has held it longer than its hold: that worker died. ``take`` moves a
due row to ``sending`` with one UPDATE, so two workers never send it at once; the
sender marks it done or gives it back."""

import datetime

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

PENDING, SENDING = "pending", "sending"


class DeliveryError(Exception):
    """Sending failed in a way that trying again later may cure."""


class TakenElsewhere(Exception):
    """Another worker holds the row; ``retry_in`` says when its hold runs out."""

    def __init__(self, retry_in: float):
        super().__init__(f"held by another worker for {retry_in:.0f} s more")
        self.retry_in = retry_in


def due(now) -> Q:
    return Q(status=PENDING) | Q(status=SENDING, claimed_until__lt=now)


def take(rows: models.QuerySet, pk: int, *, hold: datetime.timedelta):
    """The row, taken for this worker; None when there is nothing to send (done,
    failed for good, or not ``rows``); ``TakenElsewhere`` while another holds it."""
    now = timezone.now()
    taken = rows.filter(due(now), pk=pk).update(
        status=SENDING, claimed_until=now + hold, attempts=F("attempts") + 1
    )
    row = rows.model.objects.filter(pk=pk).first()
    if taken:
        return row
    if row is not None and row.status == SENDING:
        raise TakenElsewhere((row.claimed_until - now).total_seconds())
    return None


def give_back(model: type[models.Model], pk: int, **fields) -> None:
    """After a failed attempt: due again, for the next retry."""
    model.objects.filter(pk=pk).update(status=PENDING, claimed_until=None, **fields)


def enqueue_on_commit(task, pk: int) -> None:
    """Queue ``task`` for the row once the transaction commits. A broker that is
    down then must not turn the desk's committed change into an error page: the
    failure is logged and the row waits for the sweeper."""

    def queue_task():
        task.delay(pk)

    transaction.on_commit(queue_task, robust=True)


def requeue_due(rows: models.QuerySet, task, *, older_than: datetime.timedelta) -> int:
    """Queue again every row waiting longer than ``older_than``: the sweeper for
    tasks lost on the way. Sending twice is impossible (``take``)."""
    now = timezone.now()
    ids = list(
        rows.filter(due(now), created_at__lt=now - older_than).values_list(
            "pk", flat=True
        )[:1000]
    )
    for pk in ids:
        task.delay(pk)
    return len(ids)


def backoff(retries: int) -> int:
    """Seconds before the next try: half a minute, doubling to an hour."""
    return min(30 * 2**retries, 3600)


def run_with_retries(task, pk: int, *, send, give_up) -> None:
    """A delivery task's body: ``send(pk)``, retried with backoff while it fails,
    ``give_up(pk)`` after the last retry."""
    try:
        send(pk)
    except TakenElsewhere as held:
        raise task.retry(countdown=max(1, held.retry_in)) from held
    except DeliveryError as error:
        if task.request.retries >= task.max_retries:
            give_up(pk)
            return
        raise task.retry(countdown=backoff(task.request.retries)) from error
