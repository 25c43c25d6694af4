"""The task queue with real parts: Celery workers in their own processes, a Redis
broker, PostgreSQL, an SMTP server and a webhook receiver on 127.0.0.1. What a desk
change sends arrives once, whatever dies or fails on the way, and each failure
shows in the admin."""

import datetime

import pytest

from coverage import notifications, webhooks, workflow
from coverage.models import (
    AuditAction,
    AuditEntry,
    Notification,
    WebhookDelivery,
    WebhookSubscription,
)
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    UserFactory,
    WebhookSubscriptionFactory,
)
from tests.logins import log_in
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


def file_a_request(email: str):
    return workflow.receive_request(
        article_given="https://outlet.test/walrus-cliff",
        quote="More than 7,000 walruses died.",
        what_is_wrong="The agency counted about 700.",
        supporting_link="",
        email=email,
        client_hash="a-reader",
    )


def failed_once(notification_id):
    return Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING, attempts=1
    ).first()


def test_a_mail_server_down_keeps_the_reader_e_mail_due_then_sends_it_once(
    mailbox_and_queue, client
):
    mailbox, task_queue = mailbox_and_queue
    mailbox.server.stop()  # nothing listens on the port: connection refused
    task_queue.start_worker("w1")

    file_a_request("reader@example.org")
    notification = wait_until(
        lambda: failed_once(Notification.objects.get().pk),
        awaited="the failed attempt to be recorded",
    )
    assert "Connection refused" in notification.last_error

    # The desk sees it waiting, tried once, and why it failed.
    log_in(client, UserFactory(role="Standards editor"))
    listed = client.get("/admin/coverage/notification/?status=pending")
    assert "reader@example.org" in listed.content.decode()
    assert "Connection refused" in listed.content.decode()

    mailbox.server.start()
    assert notifications.requeue_due(older_than=datetime.timedelta(0)) == 1  # sweeper
    wait_until(lambda: sent(notification.pk), awaited="the e-mail once SMTP is back")
    assert [m["To"] for m in mailbox.messages] == ["reader@example.org"]
    # Sent, it is due no more: the sweeper and the pending retry find nothing.
    assert notifications.requeue_due(older_than=datetime.timedelta(0)) == 0
    assert Notification.objects.get().attempts == 2


def test_a_receiver_answering_500_then_timing_out_is_paused_and_its_owner_told(
    mailbox_and_queue, client
):
    mailbox, task_queue = mailbox_and_queue
    task_queue.env["NEWSROOM_WEBHOOK_PAUSE_AFTER"] = "2"
    task_queue.start_worker("w1")
    owner = UserFactory(username="owner", role="Standards editor")
    with webhook_receiver() as receiver:
        subscription = WebhookSubscriptionFactory(url=receiver.url, owner=owner)
        receiver.status = 500
        author = UserFactory(username="author", role="Editor")
        approver = UserFactory(username="approver", role="Standards editor")
        workflow.publish_correction(
            CorrectionFactory(author=author, status="submitted"), actor=approver
        )
        delivery = WebhookDelivery.objects.get()
        wait_until(
            lambda: WebhookDelivery.objects.filter(
                pk=delivery.pk, status=WebhookDelivery.Status.PENDING, attempts=1
            ).exists(),
            awaited="the first attempt, answered 500, to be given back",
        )

        # The retry (backoff: half a minute) is brought forward by the sweeper;
        # the receiver now takes longer than the worker waits.
        receiver.delay = 4  # NEWSROOM_WEBHOOK_TIMEOUT is 2 in the worker
        assert webhooks.requeue_due(older_than=datetime.timedelta(0)) == 1
        wait_until(
            lambda: WebhookSubscription.objects.filter(
                pk=subscription.pk, paused_at__isnull=False
            ).exists(),
            awaited="the subscription to be paused",
        )
        attempts = list(delivery.attempt_log.order_by("pk"))
        assert [a.response_code for a in attempts] == [500, None]
        assert "timed out" in attempts[1].error
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.PENDING  # kept, waiting
        assert webhooks.requeue_due(older_than=datetime.timedelta(0)) == 0  # paused

        (told,) = wait_until(
            lambda: [m for m in mailbox.messages if m["To"] == owner.email],
            awaited="the owner's e-mail",
        )
        assert "paused" in told["Subject"]
        assert AuditEntry.objects.filter(action=AuditAction.WEBHOOK_PAUSE).count() == 1
        log_in(client, owner)
        page = client.get(f"/admin/coverage/webhookdelivery/{delivery.pk}/change/")
        assert "timed out" in page.content.decode()

        # Resumed, with the receiver well again: delivered once more, and done.
        receiver.status, receiver.delay = 200, 0
        assert webhooks.resume_subscription(subscription, actor=owner) == 1
        wait_until(
            lambda: WebhookDelivery.objects.filter(
                pk=delivery.pk, status=WebhookDelivery.Status.DELIVERED
            ).exists(),
            awaited="the delivery after resuming",
        )
        assert list(
            delivery.attempt_log.order_by("pk").values_list("response_code", flat=True)
        ) == [500, None, 200]
        assert {r["headers"]["Newsroom-Delivery"] for r in receiver.requests} == {
            delivery.dedupe_key
        }


def test_redis_restarted_mid_run_loses_no_e_mail_and_sends_none_twice(
    mailbox_and_queue, redis
):
    mailbox, task_queue = mailbox_and_queue
    task_queue.start_worker("w1")
    first = file_a_request("first@example.org")
    wait_until(lambda: len(mailbox.messages) == 1, awaited="the first e-mail")

    redis.stop()  # no persistence: whatever was queued is gone with it
    second = file_a_request("second@example.org")  # its task cannot be queued
    redis.start()  # same port; the worker reconnects by itself

    assert notifications.requeue_due(older_than=datetime.timedelta(0)) == 1  # sweeper
    wait_until(lambda: len(mailbox.messages) == 2, awaited="the second e-mail")
    # the worker records "sent" just after the SMTP server has the message
    wait_until(
        lambda: not Notification.objects.exclude(
            status=Notification.Status.SENT
        ).exists(),
        awaited="both e-mails recorded as sent",
    )
    assert [m["To"] for m in mailbox.messages] == [first.email, second.email]
    assert notifications.requeue_due(older_than=datetime.timedelta(0)) == 0
    assert set(Notification.objects.values_list("status", "attempts")) == {
        (Notification.Status.SENT, 1)
    }
