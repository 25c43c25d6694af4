"""Celery tasks: thin and idempotent, each a wake-up for a function that does the
work and can run twice with one effect."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from coverage import matching, notifications, outbox, watching, webhooks, workflow
from coverage.importers import jobs

MAX_DELIVERY_RETRIES = 10  # backoff from 30 s to an hour: about five hours in all
MAX_CHUNK_RETRIES = 5  # backoff from 1 s to 16 s, then the job fails


@shared_task(bind=True, max_retries=MAX_DELIVERY_RETRIES)
def deliver_notification(self, notification_id: int) -> None:
    outbox.run_with_retries(
        self, notification_id, send=notifications.deliver, give_up=notifications.give_up
    )


@shared_task
def requeue_due_notifications() -> int:
    return notifications.requeue_due(older_than=datetime.timedelta(minutes=5))


@shared_task
def send_daily_digests() -> int:
    day = timezone.localdate()
    users = get_user_model().objects.filter(
        notification_preference__daily_digest=True, is_active=True
    )
    return sum(notifications.write_digest(user, day=day) is not None for user in users)


@shared_task(bind=True, max_retries=MAX_DELIVERY_RETRIES)
def deliver_webhook(self, delivery_id: int) -> None:
    outbox.run_with_retries(
        self, delivery_id, send=webhooks.deliver, give_up=webhooks.give_up
    )


@shared_task
def requeue_due_webhooks() -> int:
    return webhooks.requeue_due(older_than=datetime.timedelta(minutes=5))


@shared_task
def requeue_stalled_import_chunks() -> int:
    return jobs.requeue_stalled(older_than=datetime.timedelta(minutes=15))


@shared_task
def erase_expired_request_emails() -> int:
    return workflow.erase_expired_emails()


@shared_task
def poll_feed(feed_id: int) -> int:
    return watching.poll_feed(feed_id).imported


@shared_task
def refetch_article(watch_id: int) -> str:
    return watching.refetch_article(watch_id)


@shared_task
def enqueue_due_watches() -> int:
    """Each due feed and article becomes a task of its own, so one that fails or
    hangs does not hold up the others."""
    feeds, articles = watching.claim_due()
    for feed_id in feeds:
        poll_feed.delay(feed_id)
    for watch_id in articles:
        refetch_article.delay(watch_id)
    return len(feeds) + len(articles)


@shared_task
def suggest_claim_matches(claim_ids: list[int]) -> int:
    return matching.suggest_for_ids(claim_ids)


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_CHUNK_RETRIES
)
def run_import_chunk(self, chunk_id: int) -> None:
    """Acknowledged only once the chunk is committed: a worker lost half-way
    leaves it to another, and the import being idempotent, it is written once. A
    chunk that collided with another worker's writes is run again, when the rows
    it collided with are committed (on the last try, those articles fail)."""
    try:
        job_id = jobs.run_chunk(
            chunk_id, retry_conflicts=self.request.retries < self.max_retries
        )
    except Exception as error:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=error, countdown=2**self.request.retries) from error
        jobs.fail(chunk_id, error=str(error) or type(error).__name__)
        raise
    if job_id is not None:
        jobs.finish(job_id)
