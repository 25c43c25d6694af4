"""E-mail to the people who must act: who gets what, once, and what a failure
leaves behind. Delivery runs in process here (no broker configured); the same
paths through a real worker and a real SMTP server are in test_task_queue.py."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from coverage import notifications, outbox, workflow
from coverage.models import (
    AuditAction,
    AuditEntry,
    Notification,
    NotificationPreference,
)
from coverage.tasks import deliver_notification, send_daily_digests
from tests.corrections import draft
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(editor, standards_editor, django_capture_on_commit_callbacks):
    correction = draft(editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_correction(correction, actor=editor)
    return correction


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_standards_editors_who_did_not_write_it_are_told_it_awaits_approval(
    reporter,
    standards_editor,
    second_standards_editor,
    editor,
    django_capture_on_commit_callbacks,
):
    correction = draft(editor)
    workflow.update_correction(
        correction,
        actor=standards_editor,
        seen_version=correction.version,
        what_is_right="It is about 80 metres (260 feet) high.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_correction(correction, actor=editor)

    # The standards editor who edited the draft may not approve it: not told.
    assert recipients() == ["standards2@newsroom.test"]
    message = mail.outbox[0]
    assert f"Correction {correction.pk} awaits your approval" == message.subject
    assert f"/admin/coverage/correction/{correction.pk}/change/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "80 metres (260 feet)" in html
    assert message.extra_headers["Message-ID"].startswith("<notification-")


def test_the_author_hears_when_it_is_published(
    submitted, standards_editor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_correction(submitted, actor=standards_editor)
    assert recipients() == ["editor@newsroom.test"]
    assert mail.outbox[0].subject == f"Your correction {submitted.pk} is published"
    assert submitted.get_absolute_url() in mail.outbox[0].body


def test_the_author_hears_why_it_came_back(
    submitted, standards_editor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_correction(
            submitted, actor=standards_editor, note="Cite the survey <b>report</b>."
        )
    assert recipients() == ["editor@newsroom.test"]
    message = mail.outbox[0]
    assert "Cite the survey <b>report</b>." in message.body  # plain text, as typed
    assert "Cite the survey &lt;b&gt;report&lt;/b&gt;." in message.alternatives[0][0]


def test_an_assignee_is_told_but_not_when_assigning_oneself(
    editor, reporter, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign(claim, actor=editor, assignee=reporter)
    assert recipients() == ["reporter@newsroom.test"]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign(claim, actor=editor, assignee=editor)
    assert mail.outbox == []


def test_reassigning_in_the_claim_form_tells_the_new_assignee(
    editor, reporter, django_capture_on_commit_callbacks
):
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.update_claim(
            claim, actor=editor, seen_version=claim.version, assignee=reporter
        )
    assert recipients() == ["reporter@newsroom.test"]


def test_preferences_switch_an_event_off(
    editor, standards_editor, django_capture_on_commit_callbacks
):
    notifications.set_preferences(standards_editor, on_awaiting_approval=False)
    correction = draft(editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_correction(correction, actor=editor)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_changing_preferences_leaves_one_audit_row(reporter):
    notifications.set_preferences(reporter, daily_digest=True, on_outcome=True)
    entry = AuditEntry.objects.get(action=AuditAction.NOTIFICATION_PREFERENCES)
    assert entry.actor == reporter
    assert entry.changes == {"daily_digest": [False, True]}

    notifications.set_preferences(reporter, daily_digest=True)  # no change
    assert (
        AuditEntry.objects.filter(action=AuditAction.NOTIFICATION_PREFERENCES).count()
        == 1
    )


def test_users_without_an_address_or_inactive_get_nothing(
    editor, django_capture_on_commit_callbacks
):
    UserFactory(username="noaddress", email="", role="Standards editor")
    UserFactory(username="gone", is_active=False, role="Standards editor")
    correction = draft(editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit_correction(correction, actor=editor)
    assert mail.outbox == []


def test_a_rolled_back_change_sends_nothing(editor, standards_editor):
    correction = draft(editor)

    def submit_then_fail():
        with transaction.atomic():
            workflow.submit_correction(correction, actor=editor)
            raise RuntimeError("the request failed after the move")

    with pytest.raises(RuntimeError):
        submit_then_fail()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_delivering_twice_sends_once(submitted):
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert notifications.deliver(notification.pk) is False
    deliver_notification.delay(notification.pk)
    assert len(mail.outbox) == 1


def test_a_row_held_by_another_worker_is_not_sent_again(editor, standards_editor):
    correction = draft(editor)
    workflow.submit_correction(correction, actor=editor)  # on_commit not run
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENDING,
        claimed_until=timezone.now() + datetime.timedelta(minutes=1),
    )
    with pytest.raises(outbox.TakenElsewhere):
        notifications.deliver(notification.pk)
    assert mail.outbox == []

    # The hold runs out (its worker died): the sweeper's task sends it.
    Notification.objects.filter(pk=notification.pk).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert notifications.deliver(notification.pk) is True
    assert len(mail.outbox) == 1


class RefusingBackend:
    """An SMTP server that answers every message with a temporary failure."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(451, b"Try again later")


def test_a_failing_mail_server_leaves_the_error_and_finally_a_failed_row(
    editor, standards_editor, settings
):
    settings.EMAIL_BACKEND = "tests.test_notifications.RefusingBackend"
    correction = draft(editor)
    workflow.submit_correction(correction, actor=editor)
    notification = Notification.objects.get()

    with pytest.raises(outbox.DeliveryError):
        notifications.deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert "451" in notification.last_error

    # In process, the task's retries come at once and then it gives up.
    deliver_notification.delay(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 2 + deliver_notification.max_retries


def test_sending_failed_mail_again_queues_only_failed_rows(
    submitted, standards_editor, django_capture_on_commit_callbacks
):
    failed = Notification.objects.get()
    Notification.objects.filter(pk=failed.pk).update(status=Notification.Status.FAILED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            notifications.retry(Notification.objects.all(), actor=standards_editor) == 1
        )
    assert recipients() == ["standards@newsroom.test"]
    assert notifications.retry(Notification.objects.all(), actor=standards_editor) == 0


def test_the_sweeper_sends_what_the_queue_lost(editor, standards_editor):
    correction = draft(editor)
    workflow.submit_correction(correction, actor=editor)  # task never queued
    notification = Notification.objects.get()
    assert notifications.requeue_due(older_than=datetime.timedelta(minutes=5)) == 0
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    assert notifications.requeue_due(older_than=datetime.timedelta(minutes=5)) == 1
    assert recipients() == ["standards@newsroom.test"]


def test_the_daily_digest_lists_what_waits_once_a_day(
    standards_editor, editor, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=standards_editor, daily_digest=True)
    NotificationPreference.objects.create(user=editor, daily_digest=True)
    claim = ClaimFactory(assignee=standards_editor)
    correction = draft(editor)
    workflow.submit_correction(correction, actor=editor)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests.delay().get() == 1  # the editor has nothing waiting
        assert send_daily_digests.delay().get() == 0  # once a day
    assert len(mail.outbox) == 1
    message = mail.outbox[-1]
    assert message.to == ["standards@newsroom.test"]
    assert str(claim) in message.body
    assert str(correction) in message.body


def test_preferences_page_shows_only_ones_own(editor_client, editor, reporter):
    other = NotificationPreference.objects.create(user=reporter)
    response = editor_client.get("/admin/coverage/notificationpreference/")
    own = NotificationPreference.objects.get(user=editor)
    assert response.status_code == 302
    assert response.url.endswith(f"/notificationpreference/{own.pk}/change/")

    assert editor_client.get(response.url).status_code == 200
    assert (
        editor_client.get(
            f"/admin/coverage/notificationpreference/{other.pk}/change/"
        ).status_code
        == 302  # the admin's "does not exist" redirect: not in one's queryset
    )
    response = editor_client.post(
        response.url,
        {"on_assignment": "on", "on_outcome": "on", "daily_digest": "on"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.daily_digest, own.on_awaiting_approval) == (True, False)
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.NOTIFICATION_PREFERENCES, actor=editor
        ).count()
        == 1
    )


def test_the_outbox_shows_each_e_mail_and_its_error(submitted, standards_client):
    Notification.objects.update(last_error="SMTPDataError: 451 later")
    response = standards_client.get("/admin/coverage/notification/")
    assert response.status_code == 200
    assert b"standards@newsroom.test" in response.content
    notification = Notification.objects.get()
    response = standards_client.get(
        f"/admin/coverage/notification/{notification.pk}/change/"
    )
    assert b"451 later" in response.content
