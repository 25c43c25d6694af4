"""Celery tasks: thin and idempotent, each a wake-up for a function that does the
work and can run twice with one effect."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from coverage import notifications, workflow

# Retries double from half a minute to an hour: a mail server down for a day
# has the e-mail failed (shown in the admin) rather than retried for ever.
MAX_DELIVERY_RETRIES = 10


def backoff(retries: int) -> int:
    return min(30 * 2**retries, 3600)


@shared_task(bind=True, max_retries=MAX_DELIVERY_RETRIES)
def deliver_notification(self, notification_id: int) -> None:
    try:
        notifications.deliver(notification_id)
    except notifications.TakenElsewhere as held:
        raise self.retry(countdown=max(1, held.retry_in)) from held
    except notifications.DeliveryError as error:
        if self.request.retries >= self.max_retries:
            notifications.give_up(notification_id)
            return
        raise self.retry(countdown=backoff(self.request.retries)) from error


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


@shared_task
def erase_expired_request_emails() -> int:
    return workflow.erase_expired_emails()
