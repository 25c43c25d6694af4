"""Outgoing webhooks: signed, logged per attempt, retried, paused when a receiver
keeps failing, never sent to a private address unless allowed. A real HTTP
receiver on 127.0.0.1; delivery in process here, through a real worker in
test_task_queue.py."""

import json
import time

import pytest
from django.core import mail

from coverage import webhooks, workflow
from coverage.models import (
    AuditAction,
    AuditEntry,
    WebhookDelivery,
    WebhookSubscription,
)
from coverage.tasks import deliver_webhook
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CorrectionFactory,
    WebhookSubscriptionFactory,
)
from tests.task_queue import webhook_receiver

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


@pytest.fixture
def receiver(settings):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_WEBHOOK_TIMEOUT = 1
    with webhook_receiver() as receiver:
        yield receiver


@pytest.fixture
def subscription(receiver, standards_editor):
    return WebhookSubscriptionFactory(
        url=receiver.url,
        events=["correction.published", "claim.verdict"],
        owner=standards_editor,
    )


def publish(correction_author, approver, capture):
    correction = CorrectionFactory(
        author=correction_author, status="submitted", article=ArticleFactory()
    )
    with capture(execute=True):
        workflow.publish_correction(correction, actor=approver)
    return correction


def test_a_published_correction_reaches_the_receiver_signed(
    subscription, receiver, editor, standards_editor, django_capture_on_commit_callbacks
):
    correction = publish(editor, standards_editor, django_capture_on_commit_callbacks)

    (request,) = receiver.requests
    headers, body = request["headers"], request["body"]
    assert headers["Newsroom-Event"] == "correction.published"
    assert headers["Content-Type"] == "application/json"
    assert webhooks.verify(subscription.secret, headers["Newsroom-Signature"], body)
    payload = json.loads(body)
    assert payload["event"] == "correction.published"
    assert payload["id"] == headers["Newsroom-Delivery"]
    assert payload["data"]["id"] == correction.pk
    assert payload["data"]["url"].endswith(f"/corrections/{correction.pk}/")
    assert payload["data"]["what_is_right"] == correction.what_is_right

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.DELIVERED, 1)
    (attempt,) = delivery.attempt_log.all()
    assert attempt.response_code == 200
    assert attempt.duration_ms is not None


def test_the_signature_is_what_a_receiver_can_check():
    secret, body = "s" * 64, b'{"event": "x"}'
    now = int(time.time())
    header = webhooks.signature(secret, now, body)
    assert webhooks.verify(secret, header, body)
    assert not webhooks.verify(secret, header, body + b" ")
    assert not webhooks.verify("t" * 64, header, body)
    assert not webhooks.verify(
        secret, webhooks.signature(secret, now - 600, body), body
    )
    assert not webhooks.verify(secret, "garbage", body)


def test_a_verdict_reaches_those_listening_for_it_only(
    subscription, receiver, standards_editor, django_capture_on_commit_callbacks
):
    WebhookSubscriptionFactory(url=receiver.url, events=["request.received"])
    claim = ClaimFactory(status="in_review")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.give_verdict(
            claim,
            actor=standards_editor,
            verdict="inaccurate",
            note="Checked against the agency's count.",
            public_summary="The agency counted 12, not 1,200.",
        )
    (request,) = receiver.requests
    data = json.loads(request["body"])["data"]
    assert (data["id"], data["verdict"]) == (claim.pk, "inaccurate")
    assert data["summary"] == "The agency counted 12, not 1,200."


def test_a_failing_receiver_is_retried_logged_then_failed(
    subscription,
    receiver,
    editor,
    standards_editor,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NEWSROOM_WEBHOOK_PAUSE_AFTER = 1000
    receiver.status = 500
    publish(editor, standards_editor, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    # In process, the retries come at once; then it fails for good.
    assert delivery.status == Status.FAILED
    assert delivery.attempts == 1 + deliver_webhook.max_retries
    codes = set(delivery.attempt_log.values_list("response_code", flat=True))
    assert codes == {500}
    assert len(receiver.requests) == delivery.attempts
    # Every attempt carried the same delivery id, for the receiver to drop repeats.
    assert len({r["headers"]["Newsroom-Delivery"] for r in receiver.requests}) == 1


def test_a_standards_editor_reads_each_attempt_on_the_delivery_page(
    subscription,
    receiver,
    editor,
    standards_editor,
    standards_client,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NEWSROOM_WEBHOOK_PAUSE_AFTER = 1000
    receiver.status = 503
    publish(editor, standards_editor, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    page = standards_client.get(
        f"/admin/coverage/webhookdelivery/{delivery.pk}/change/"
    ).content.decode()
    assert page.count(": 503") == delivery.attempts  # one row per attempt


def test_a_receiver_that_keeps_failing_is_paused_and_its_owner_told(
    subscription,
    receiver,
    editor,
    standards_editor,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NEWSROOM_WEBHOOK_PAUSE_AFTER = 3
    receiver.status = 503
    publish(editor, standards_editor, django_capture_on_commit_callbacks)

    subscription.refresh_from_db()
    assert subscription.paused_at is not None
    assert len(receiver.requests) == 3  # paused: the remaining retries wait
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    pause = AuditEntry.objects.get(action=AuditAction.WEBHOOK_PAUSE)
    assert pause.actor is None
    assert any(
        message.to == [standards_editor.email] and "paused" in message.subject
        for message in mail.outbox
    )

    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.resume_subscription(subscription, actor=standards_editor) == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED
    assert AuditEntry.objects.filter(action=AuditAction.WEBHOOK_RESUME).count() == 1


def test_a_slow_receiver_times_out_and_the_attempt_says_so(
    subscription,
    receiver,
    editor,
    standards_editor,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NEWSROOM_WEBHOOK_PAUSE_AFTER = 1
    receiver.delay = 2  # the timeout is 1 s
    publish(editor, standards_editor, django_capture_on_commit_callbacks)
    (attempt,) = WebhookDelivery.objects.get().attempt_log.all()
    assert attempt.response_code is None
    assert "timed out" in attempt.error


def test_a_redirect_is_not_followed(
    subscription,
    receiver,
    editor,
    standards_editor,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NEWSROOM_WEBHOOK_PAUSE_AFTER = 1
    receiver.status = 302
    publish(editor, standards_editor, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().attempt_log.get().response_code == 302


def test_private_addresses_are_refused_unless_allowed(
    subscription,
    receiver,
    editor,
    standards_editor,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = False
    publish(editor, standards_editor, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.FAILED
    assert "private or reserved address" in delivery.attempt_log.get().error


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://localhost:8080/hooks",
        "http://10.0.0.8/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hooks",
        "ftp://cms.example.org/hooks",
    ],
)
def test_a_subscription_to_a_private_address_is_refused_when_saved(
    url, standards_editor, settings
):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(webhooks.ValidationError) as refused:
        webhooks.create_subscription(
            actor=standards_editor, name="Inside", url=url, events=["claim.verdict"]
        )
    assert "url" in refused.value.message_dict
    assert not WebhookSubscription.objects.exists()


def test_only_standards_editors_manage_webhooks(reporter, editor, standards_editor):
    for actor in (reporter, editor):
        with pytest.raises(workflow.WorkflowPermissionDenied):
            webhooks.create_subscription(
                actor=actor,
                name="CMS",
                url="https://cms.example.org/h",
                events=["claim.verdict"],
            )
    assert not AuditEntry.objects.exists()

    created = webhooks.create_subscription(
        actor=standards_editor,
        name="CMS",
        url="https://cms.example.org/h",
        events=["claim.verdict", "claim.verdict"],
    )
    assert created.events == ["claim.verdict"]
    assert len(created.secret) == 64
    entry = AuditEntry.objects.get(action=AuditAction.WEBHOOK_CREATE)
    assert created.secret not in json.dumps(entry.changes)


def test_unknown_events_are_named(standards_editor):
    with pytest.raises(webhooks.ValidationError, match="Unknown events: claim.deleted"):
        webhooks.create_subscription(
            actor=standards_editor,
            name="CMS",
            url="https://cms.example.org/h",
            events=["claim.deleted"],
        )


def test_the_admin_adds_a_subscription_through_the_workflow(
    standards_client, standards_editor
):
    response = standards_client.post(
        "/admin/coverage/webhooksubscription/add/",
        {
            "name": "Chat",
            "url": "https://chat.example.org/hooks/desk",
            "events": ["correction.published"],
            "owner": standards_editor.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content
    subscription = WebhookSubscription.objects.get()
    assert subscription.owner == standards_editor
    assert AuditEntry.objects.filter(action=AuditAction.WEBHOOK_CREATE).count() == 1
    page = standards_client.get(
        f"/admin/coverage/webhooksubscription/{subscription.pk}/change/"
    )
    assert subscription.secret.encode() in page.content  # to copy to the receiver


def test_reporters_and_editors_cannot_open_webhooks(reporter_client):
    assert (
        reporter_client.get("/admin/coverage/webhooksubscription/").status_code == 403
    )
    assert reporter_client.get("/admin/coverage/webhookdelivery/").status_code == 403


def test_readers_requests_reach_the_receiver_without_what_they_typed(
    receiver, standards_editor, editor, django_capture_on_commit_callbacks
):
    WebhookSubscriptionFactory(
        url=receiver.url, events=["request.received", "request.closed"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        filed = workflow.receive_request(
            article_given="https://outlet.test/walruses",
            quote="More than 7,000 walruses died.",
            what_is_wrong="It was about 700.",
            supporting_link="",
            email="reader@example.org",
            client_hash="0" * 64,
        )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.triage_request(filed, actor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decline_request(filed, actor=editor, reason="The article says 700.")

    events = [r["headers"]["Newsroom-Event"] for r in receiver.requests]
    assert events == ["request.received", "request.closed"]
    for request in receiver.requests:
        body = request["body"].decode()
        assert "reader@example.org" not in body
        assert "7,000" not in body
    closed = json.loads(receiver.requests[1]["body"])["data"]
    assert (closed["id"], closed["status"]) == (filed.pk, "declined")
