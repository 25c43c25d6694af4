"""The task queue with real parts: Celery workers in their own processes, a Redis
broker, PostgreSQL, an SMTP server on 127.0.0.1. What a desk change sends arrives
once, whatever dies on the way."""

import datetime

import pytest

from coverage import notifications, workflow
from coverage.models import Notification, WebhookDelivery
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    UserFactory,
    WebhookSubscriptionFactory,
)
from tests.processes import wait_until
from tests.task_queue import webhook_receiver

pytestmark = [
    pytest.mark.postgres,  # workers are other processes: they need a shared database
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def submit_a_correction():
    author = UserFactory(username="author", role="Editor")
    UserFactory(username="approver", role="Standards editor")
    correction = workflow.draft_correction(
        ArticleFactory(),
        actor=author,
        kind="correction",
        what_was_wrong="The toll was given as 7,000.",
        what_is_right="The toll was about 700.",
        public_explanation="A digit too many.",
    )
    return workflow.submit_correction(correction, actor=author)


def sent(notification_id):
    notification = Notification.objects.get(pk=notification_id)
    return notification if notification.status == Notification.Status.SENT else None


def test_a_worker_sends_the_e_mail_a_desk_change_calls_for(mailbox_and_queue):
    mailbox, task_queue = mailbox_and_queue
    task_queue.start_worker("w1")

    correction = submit_a_correction()

    notification = wait_until(
        lambda: sent(Notification.objects.get().pk), awaited="the e-mail"
    )
    assert notification.attempts == 1
    wait_until(lambda: mailbox.messages, awaited="the message at the SMTP server")
    (message,) = mailbox.messages
    assert message["To"] == "approver@newsroom.test"
    assert message["Subject"] == f"Correction {correction.pk} awaits your approval"
    assert message["Message-ID"] == notification.message_id
    assert message.is_multipart()  # plain text and HTML


def test_a_worker_killed_mid_send_leaves_the_e_mail_to_another_sent_once(
    mailbox_and_queue,
):
    mailbox, task_queue = mailbox_and_queue
    mailbox.stall_next()
    first = task_queue.start_worker("w1")

    submit_a_correction()
    notification = Notification.objects.get()
    wait_until(mailbox.stalled.is_set, awaited="the first worker to be sending")
    first.kill()  # SIGKILL, in the middle of the SMTP conversation
    mailbox.released.set()
    assert mailbox.messages == []

    task_queue.start_worker("w2")
    notification = wait_until(
        lambda: sent(notification.pk), awaited="the second worker"
    )
    assert notification.attempts == 2
    assert len(mailbox.messages) == 1


def test_a_refusing_mail_server_is_retried_and_the_error_kept(mailbox_and_queue):
    mailbox, task_queue = mailbox_and_queue
    mailbox.refuse_all = True
    task_queue.start_worker("w1")

    submit_a_correction()
    notification = Notification.objects.get()
    refused = wait_until(
        lambda: Notification.objects.filter(
            pk=notification.pk, last_error__contains="451"
        ).first(),
        awaited="the refusal to be recorded",
    )
    assert refused.status in {Notification.Status.PENDING, Notification.Status.SENDING}
    assert mailbox.messages == []


def test_a_broker_down_at_commit_loses_nothing(mailbox_and_queue, redis):
    mailbox, task_queue = mailbox_and_queue
    redis.stop()

    submit_a_correction()  # commits; queuing the task fails, and is logged
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.PENDING

    redis.start()
    task_queue.start_worker("w1")
    assert notifications.requeue_due(older_than=datetime.timedelta(0)) == 1  # sweeper
    wait_until(
        lambda: sent(notification.pk), awaited="the e-mail after Redis came back"
    )
    assert len(mailbox.messages) == 1


def test_a_worker_killed_mid_webhook_leaves_one_delivery_done_by_another(
    mailbox_and_queue,
):
    """The receiver got the first POST but the worker died before the answer: the
    second worker delivers it again under the same delivery id (the receiver's
    cue to drop the repeat), and the desk has one delivery, delivered."""
    _mailbox, task_queue = mailbox_and_queue
    with webhook_receiver() as receiver:
        subscription = WebhookSubscriptionFactory(url=receiver.url)
        receiver.stall_next()
        first = task_queue.start_worker("w1")
        author = UserFactory(username="author", role="Editor")
        approver = UserFactory(username="approver", role="Standards editor")
        correction = CorrectionFactory(author=author, status="submitted")
        workflow.publish_correction(correction, actor=approver)

        wait_until(receiver.stalled.is_set, awaited="the first worker to be posting")
        first.kill()
        receiver.released.set()
        task_queue.start_worker("w2")

        delivery = WebhookDelivery.objects.get()
        wait_until(
            lambda: WebhookDelivery.objects.filter(
                pk=delivery.pk, status=WebhookDelivery.Status.DELIVERED
            ).exists(),
            awaited="the second worker's delivery",
        )
        delivery.refresh_from_db()
        assert delivery.attempts == 2
        answers = list(delivery.attempt_log.values_list("response_code", flat=True))
        assert answers == [None, 200]  # the killed attempt never heard back
        ids = {r["headers"]["Newsroom-Delivery"] for r in receiver.requests}
        assert ids == {delivery.dedupe_key}
        assert WebhookDelivery.objects.filter(subscription=subscription).count() == 1
