"""The desk at a glance: counts, my queue, longest waiting, corrections to approve."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage import workflow
from coverage.models import Claim
from tests.factories import (
    ClaimFactory,
    CorrectionFactory,
    UnacknowledgedChangeFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db

DESK = reverse("admin:coverage_claim_desk")


def test_index_links_to_the_desk(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert DESK in page


def test_desk_counts_claims_per_status(editor_client, editor):
    ClaimFactory.create_batch(2)
    workflow.start_review(ClaimFactory(), actor=editor)

    response = editor_client.get(DESK)

    counts = {status.value: n for status, n in response.context["status_counts"]}
    assert counts["unreviewed"] == 2
    assert counts["in_review"] == 1
    assert counts["accurate"] == 0


def test_desk_shows_my_queue_only(editor_client, editor, standards_editor):
    mine = workflow.assign(ClaimFactory(), actor=editor, assignee=editor)
    workflow.assign(ClaimFactory(), actor=editor, assignee=standards_editor)

    response = editor_client.get(DESK)

    assert list(response.context["my_queue"]) == [mine]


def test_desk_lists_waiting_longest_first_without_verdicts(editor_client, editor):
    newer, older = ClaimFactory(), ClaimFactory()
    Claim.objects.filter(pk=older.pk).update(created_at=days_ago(3))
    done = workflow.start_review(ClaimFactory(), actor=editor)
    workflow.give_verdict(
        done, actor=editor, verdict="accurate", note="Ok.", public_summary="Ok."
    )

    response = editor_client.get(DESK)

    assert list(response.context["waiting_longest"]) == [older, newer]


def test_desk_lists_corrections_awaiting_approval_with_two_person_hint(
    standards_client, standards_editor, editor
):
    theirs = workflow.submit_correction(CorrectionFactory(author=editor), actor=editor)
    mine = workflow.submit_correction(
        CorrectionFactory(author=standards_editor), actor=standards_editor
    )
    CorrectionFactory(author=editor)

    response = standards_client.get(DESK)

    assert response.context["corrections_awaiting"] == [(theirs, True), (mine, False)]
    assert "needs another standards editor" in response.content.decode()


def test_desk_query_count_does_not_grow(editor_client, editor):
    def load():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(DESK).status_code == 200
        return len(queries)

    workflow.assign(ClaimFactory(), actor=editor, assignee=editor)
    workflow.submit_correction(CorrectionFactory(), actor=editor)
    UnacknowledgedChangeFactory()
    few = load()
    for _ in range(5):
        workflow.assign(ClaimFactory(), actor=editor, assignee=editor)
        workflow.submit_correction(CorrectionFactory(), actor=editor)
        UnacknowledgedChangeFactory()
    assert load() == few


def test_reporter_sees_the_desk_too(reporter_client):
    assert reporter_client.get(DESK).status_code == 200
