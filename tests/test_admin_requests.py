"""Readers' requests in the desk: the queue (overdue first), each request's page
and its buttons (from the rules table), and the desk page's overdue section."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coverage import workflow
from coverage.models import Correction
from tests.factories import ArticleFactory, CorrectionRequestFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:coverage_correctionrequest_changelist")
DESK = reverse("admin:coverage_claim_desk")


def page_of(correction_request):
    return reverse(
        "admin:coverage_correctionrequest_change", args=[correction_request.pk]
    )


def move_url(correction_request, move):
    return reverse(
        "admin:coverage_correctionrequest_move", args=[correction_request.pk, move]
    )


def requests_with_assignees(count, editor):
    return CorrectionRequestFactory.create_batch(
        count, article=ArticleFactory(), assignee=editor
    )


def queue_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow_with_rows(editor_client, editor):
    requests_with_assignees(1, editor)
    one = queue_queries(editor_client)
    requests_with_assignees(9, editor)
    assert queue_queries(editor_client) == one


def test_queue_lists_overdue_requests_first_then_by_deadline(editor_client):
    now = timezone.now()
    later = CorrectionRequestFactory(deadline=now + datetime.timedelta(days=5))
    sooner = CorrectionRequestFactory(deadline=now + datetime.timedelta(days=1))
    overdue = CorrectionRequestFactory(deadline=now - datetime.timedelta(hours=1))
    response = editor_client.get(QUEUE)
    shown = [r.pk for r in response.context["cl"].result_list]
    assert shown == [overdue.pk, sooner.pk, later.pk]
    filtered = editor_client.get(QUEUE + "?overdue=yes")
    assert [r.pk for r in filtered.context["cl"].result_list] == [overdue.pk]


def test_a_reporter_reads_a_request_without_buttons(reporter_client):
    correction_request = CorrectionRequestFactory()
    response = reporter_client.get(page_of(correction_request))
    assert response.status_code == 200
    assert response.context["request_buttons"] == []
    assert correction_request.what_is_wrong in response.content.decode()


def test_the_editor_is_offered_the_moves_of_the_rules_table(editor_client):
    correction_request = CorrectionRequestFactory()
    response = editor_client.get(page_of(correction_request))
    labels = [label for label, _url, _form in response.context["request_buttons"]]
    assert labels == ["Triage", "Assign", "Close as a duplicate"]


def test_triage_then_uphold_from_the_buttons(editor_client, editor):
    article = ArticleFactory()
    correction_request = CorrectionRequestFactory(article=article)
    response = editor_client.post(
        move_url(correction_request, "triage_request"),
        {"version": correction_request.version, "note": "Looks right."},
    )
    assert response.status_code == 302
    correction_request.refresh_from_db()
    assert (correction_request.status, correction_request.assignee) == (
        "triaged",
        editor,
    )
    response = editor_client.post(
        move_url(correction_request, "uphold_request"),
        {
            "version": correction_request.version,
            "kind": "correction",
            "what_was_wrong": "We said 7,000.",
            "what_is_right": "About 700.",
            "public_explanation": "A reader told us.",
        },
    )
    correction = Correction.objects.get()
    assert response["Location"] == reverse(
        "admin:coverage_correction_change", args=[correction.pk]
    )
    page = editor_client.get(response["Location"]).content.decode()
    assert f"the reader's request {correction_request.pk}" in page


def test_a_refused_move_is_a_message_not_an_error(reporter_client):
    correction_request = CorrectionRequestFactory()
    response = reporter_client.post(
        move_url(correction_request, "triage_request"),
        {"version": correction_request.version},
        follow=True,
    )
    assert "may not triage requests" in response.content.decode()
    correction_request.refresh_from_db()
    assert correction_request.status == "new"


def test_internal_notes_are_saved_through_the_workflow(editor_client, editor):
    correction_request = CorrectionRequestFactory()
    response = editor_client.post(
        page_of(correction_request), {"internal_notes": "Ask the agency."}
    )
    assert response.status_code == 302
    correction_request.refresh_from_db()
    assert correction_request.internal_notes == "Ask the agency."
    assert workflow.available_moves(editor, correction_request)[0] == "view_request"


def test_the_desk_shows_overdue_requests_first(editor_client):
    overdue = CorrectionRequestFactory(
        deadline=timezone.now() - datetime.timedelta(days=2)
    )
    CorrectionRequestFactory()  # not yet due: not in the section
    page = editor_client.get(DESK).content.decode()
    section = page[
        page.index('id="desk-overdue-requests"') : page.index('id="desk-counts"')
    ]
    assert section.count("/admin/coverage/correctionrequest/") == 2  # + "All"
    assert page_of(overdue) in section
