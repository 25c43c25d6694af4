"""Readers' requests through the desk: who may make each move, what each move
writes (one audit row on the request), what the reader is told, and the
retention rule for their address."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coverage import workflow
from coverage.models import (
    AuditEntry,
    Correction,
    CorrectionRequest,
    Notification,
)
from coverage.tasks import erase_expired_request_emails
from tests.factories import ArticleFactory, CorrectionRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

UPHOLD = {
    "kind": "correction",
    "what_was_wrong": "We said more than 7,000 walruses died.",
    "what_is_right": "About 700 died.",
    "public_explanation": "A reader showed us the agency's count.",
}


def receive(**overrides):
    values = {
        "article_given": "https://outlet.test/walrus-cliff",
        "quote": "More than 7,000 walruses died.",
        "what_is_wrong": "The count was about 700.",
        "supporting_link": "https://agency.test/count",
        "email": "reader@example.org",
        "client_hash": "0" * 64,
    }
    return workflow.receive_request(**{**values, **overrides})


def rows(obj):
    return list(AuditEntry.objects.for_object(obj).values_list("action", flat=True))


@pytest.fixture
def triaged(editor):
    ArticleFactory(url="https://outlet.test/walrus-cliff")
    return workflow.triage_request(receive(), actor=editor)


MOVES = {
    "triage": lambda r, actor, other: workflow.triage_request(r, actor=actor),
    "assign": lambda r, actor, other: workflow.assign_request(
        r, actor=actor, assignee=other
    ),
    "note": lambda r, actor, other: workflow.note_request(
        r, actor=actor, internal_notes="Check the agency's release."
    ),
    "duplicate": lambda r, actor, other: workflow.mark_duplicate(
        r, actor=actor, original=CorrectionRequestFactory()
    ),
}
DECISIONS = {
    "uphold": lambda r, actor: workflow.uphold_request(r, actor=actor, **UPHOLD),
    "decline": lambda r, actor: workflow.decline_request(
        r, actor=actor, reason="The agency's figure is 7,000."
    ),
}
EFFECTS = {
    "triage": ("triaged", "request.triage"),
    "assign": ("new", "request.assign"),
    "note": ("new", "request.note"),
    "duplicate": ("duplicate", "request.duplicate"),
    "uphold": ("upheld", "request.uphold"),
    "decline": ("declined", "request.decline"),
}
ROLES = ["reporter", "editor", "standards_editor"]
ALLOWED = {"reporter": False, "editor": True, "standards_editor": True}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("move", sorted(MOVES))
def test_who_may_make_each_move_on_a_new_request(request, role, move):
    actor = request.getfixturevalue(role)
    other = UserFactory(username="other", role="Editor")
    correction_request = receive()
    before = rows(correction_request)
    if not ALLOWED[role]:
        with pytest.raises(workflow.WorkflowPermissionDenied, match="may not"):
            MOVES[move](correction_request, actor, other)
        correction_request.refresh_from_db()
        assert correction_request.status == "new"
        assert rows(correction_request) == before
        return
    MOVES[move](correction_request, actor, other)
    correction_request.refresh_from_db()
    status, action = EFFECTS[move]
    assert correction_request.status == status
    assert rows(correction_request) == [*before, action]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("decision", sorted(DECISIONS))
def test_who_may_decide_a_triaged_request(request, triaged, role, decision):
    actor = request.getfixturevalue(role)
    before = rows(triaged)
    corrections = Correction.objects.count()
    if not ALLOWED[role]:
        with pytest.raises(workflow.WorkflowPermissionDenied, match="may not"):
            DECISIONS[decision](triaged, actor)
        triaged.refresh_from_db()
        assert triaged.status == "triaged"
        assert rows(triaged) == before
        assert Correction.objects.count() == corrections
        return
    DECISIONS[decision](triaged, actor)
    triaged.refresh_from_db()
    status, action = EFFECTS[decision]
    assert triaged.status == status
    assert rows(triaged) == [*before, action]


def test_the_moves_are_in_the_rules_table(editor, reporter):
    correction_request = receive()
    assert workflow.available_moves(reporter, correction_request) == ["view_request"]
    assert workflow.available_moves(editor, correction_request) == [
        "view_request",
        "triage_request",
        "assign_request",
        "note_request",
        "duplicate_request",
    ]
    assert workflow.REQUEST_TRANSITIONS["triaged"] == {
        "upheld",
        "declined",
        "duplicate",
    }
    assert workflow.REQUEST_TRANSITIONS["declined"] == set()


def test_a_new_request_cannot_be_decided_before_triage(editor):
    correction_request = receive()
    with pytest.raises(
        workflow.InvalidTransition,
        match=r"Cannot decline request \d+: it is new, not triaged\.",
    ):
        workflow.decline_request(correction_request, actor=editor, reason="No.")
    assert rows(correction_request) == ["request.receive"]


def test_a_declined_request_needs_a_reason(triaged, editor):
    with pytest.raises(Exception, match="A reason is required"):
        workflow.decline_request(triaged, actor=editor, reason="  ")
    triaged.refresh_from_db()
    assert triaged.status == "triaged"


def test_upholding_drafts_the_correction_and_links_both_ways(triaged, editor):
    correction = workflow.uphold_request(triaged, actor=editor, **UPHOLD)
    triaged.refresh_from_db()
    assert triaged.correction == correction
    assert correction.request == triaged
    assert (correction.status, correction.author, correction.article) == (
        "draft",
        editor,
        triaged.article,
    )
    assert rows(correction) == ["correction.draft"]
    assert triaged.closed_at is None  # open until the correction is published


def test_upholding_a_request_that_names_no_known_article_asks_for_one(editor):
    correction_request = workflow.triage_request(
        receive(article_given="Some headline we never imported"), actor=editor
    )
    with pytest.raises(Exception, match="names no known article"):
        workflow.uphold_request(correction_request, actor=editor, **UPHOLD)
    article = ArticleFactory()
    workflow.uphold_request(correction_request, actor=editor, article=article, **UPHOLD)
    correction_request.refresh_from_db()
    assert correction_request.article == article


def test_the_reader_hears_on_receipt_and_when_the_correction_is_published(
    editor, standards_editor, django_capture_on_commit_callbacks
):
    ArticleFactory(url="https://outlet.test/walrus-cliff")
    with django_capture_on_commit_callbacks(execute=True):
        correction_request = receive()
        workflow.triage_request(correction_request, actor=editor)
        correction = workflow.uphold_request(correction_request, actor=editor, **UPHOLD)
        workflow.submit_correction(correction, actor=editor)
        workflow.publish_correction(correction, actor=standards_editor)
    to_reader = [m for m in mail.outbox if m.to == ["reader@example.org"]]
    assert [m.subject for m in to_reader] == [
        "We received your correction request",
        "We have published a correction",
    ]
    assert correction.get_absolute_url() in to_reader[1].body
    correction_request.refresh_from_db()
    assert correction_request.closed_at == correction.published_at
    assert rows(correction_request)[-1] == "request.corrected"


def test_the_reader_is_told_why_it_was_declined(
    triaged, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decline_request(
            triaged, actor=editor, reason="The agency's own figure is 7,000."
        )
    assert mail.outbox[-1].subject == "Our answer to your correction request"
    assert "The agency's own figure is 7,000." in mail.outbox[-1].body


def test_a_duplicate_of_a_duplicate_points_at_the_original(editor):
    original, second, third = receive(), receive(), receive()
    workflow.mark_duplicate(second, actor=editor, original=original)
    workflow.mark_duplicate(third, actor=editor, original=second)
    third.refresh_from_db()
    assert third.duplicate_of == original
    with pytest.raises(Exception, match="cannot be a duplicate of itself"):
        workflow.mark_duplicate(original, actor=editor, original=third)


def test_the_assignee_is_told_but_not_when_assigning_oneself(
    editor, standards_editor, django_capture_on_commit_callbacks
):
    correction_request = receive(email="")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign_request(correction_request, actor=editor, assignee=editor)
        workflow.assign_request(
            correction_request, actor=editor, assignee=standards_editor
        )
    [message] = mail.outbox
    assert message.to == [standards_editor.email]
    assert f"Correction request {correction_request.pk} is yours" in message.subject


def test_a_reporter_cannot_be_assigned_a_request(editor, reporter):
    with pytest.raises(Exception, match="may not decide correction requests"):
        workflow.assign_request(receive(), actor=editor, assignee=reporter)


def test_a_stale_request_is_refused(editor):
    correction_request = receive()
    stale = CorrectionRequest.objects.get(pk=correction_request.pk)
    workflow.triage_request(correction_request, actor=editor)
    with pytest.raises(workflow.StaleEdit):
        workflow.mark_duplicate(stale, actor=editor, original=receive())


def test_the_queue_puts_overdue_requests_first(editor):
    now = timezone.now()
    later = CorrectionRequestFactory(deadline=now + datetime.timedelta(days=3))
    sooner = CorrectionRequestFactory(deadline=now + datetime.timedelta(days=1))
    overdue = CorrectionRequestFactory(deadline=now - datetime.timedelta(days=1))
    closed = CorrectionRequestFactory(
        deadline=now - datetime.timedelta(days=5), status="declined", decline_reason="x"
    )
    assert list(CorrectionRequest.objects.queue()) == [overdue, closed, sooner, later]
    assert list(CorrectionRequest.objects.overdue()) == [overdue]


def test_the_address_is_erased_after_the_retention_period(
    settings, editor, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_REQUEST_EMAIL_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        declined = workflow.triage_request(receive(), actor=editor)
        workflow.decline_request(declined, actor=editor, reason="No error.")
        still_open = receive(email="waiting@example.org")
    assert Notification.objects.filter(to_address="reader@example.org").count() == 2
    assert workflow.erase_expired_emails() == 0  # closed today: kept
    a_month_on = timezone.now() + datetime.timedelta(days=31)
    assert workflow.erase_expired_emails(now=a_month_on) == 1
    declined.refresh_from_db()
    still_open.refresh_from_db()
    assert declined.email == ""
    assert still_open.email == "waiting@example.org"
    assert not Notification.objects.filter(to_address="reader@example.org").exists()
    erased = Notification.objects.filter(
        dedupe_key__startswith=f"request:{declined.pk}:"
    )
    assert {(n.body_text, n.body_html) for n in erased} == {("", "")}
    assert rows(declined)[-1] == "request.erase_email"
    entry = AuditEntry.objects.for_object(declined).last()
    assert "reader@example.org" not in str(entry.changes)
    assert workflow.erase_expired_emails(now=a_month_on) == 0  # nothing twice


def test_the_nightly_task_runs_the_erasure():
    assert erase_expired_request_emails.apply().get() == 0
