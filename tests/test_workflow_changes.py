"""The desk's two answers to an unacknowledged change: link it to a correction
(drafting one from it) or dismiss it with a reason; one audit row on the change
each, and decisions are final."""

import pytest
from django.core.exceptions import ValidationError

from coverage import workflow
from coverage.models import AuditAction, AuditEntry, Correction, UnacknowledgedChange
from coverage.workflow import InvalidTransition, WorkflowPermissionDenied
from tests.factories import CorrectionFactory, UnacknowledgedChangeFactory

pytestmark = pytest.mark.django_db


def rows(obj):
    return list(AuditEntry.objects.for_object(obj).values_list("action", flat=True))


def test_linking_drafts_a_correction_from_the_change(editor):
    change = UnacknowledgedChangeFactory()
    correction = workflow.link_change(change, actor=editor)
    change.refresh_from_db()
    assert (change.status, change.correction, change.decided_by) == (
        UnacknowledgedChange.Status.LINKED,
        correction,
        editor,
    )
    assert correction.status == Correction.Status.DRAFT
    assert correction.article == change.article
    assert correction.author == editor
    assert "figure 15 million → 12 million" in correction.what_was_wrong
    assert rows(change) == [AuditAction.CHANGE_LINK]
    assert rows(correction) == [AuditAction.CORRECTION_DRAFT]


def test_linking_to_an_existing_correction_of_the_same_article(editor):
    change = UnacknowledgedChangeFactory()
    existing = CorrectionFactory(article=change.article)
    assert workflow.link_change(change, actor=editor, correction=existing) == existing
    assert Correction.objects.count() == 1


def test_a_correction_of_another_article_is_refused(editor):
    change = UnacknowledgedChangeFactory()
    other = CorrectionFactory()
    with pytest.raises(ValidationError, match="is on another article than change"):
        workflow.link_change(change, actor=editor, correction=other)
    change.refresh_from_db()
    assert change.status == UnacknowledgedChange.Status.OPEN
    assert rows(change) == []


def test_dismissing_needs_a_reason_and_keeps_it(editor):
    change = UnacknowledgedChangeFactory()
    with pytest.raises(ValidationError, match="A reason is required."):
        workflow.dismiss_change(change, actor=editor, reason="  ")
    workflow.dismiss_change(change, actor=editor, reason="The count was updated.")
    change.refresh_from_db()
    assert change.status == UnacknowledgedChange.Status.DISMISSED
    assert change.dismiss_reason == "The count was updated."
    assert rows(change) == [AuditAction.CHANGE_DISMISS]


def test_a_decided_change_cannot_be_decided_again(editor):
    change = workflow.dismiss_change(
        UnacknowledgedChangeFactory(), actor=editor, reason="Nothing wrong."
    )
    with pytest.raises(
        InvalidTransition,
        match=f"Cannot link to a correction change {change.pk}: it is dismissed, "
        "not waiting for the desk.",
    ):
        workflow.link_change(change, actor=editor)
    assert Correction.objects.count() == 0


def test_a_reporter_may_not_decide_and_nothing_is_written(reporter):
    change = UnacknowledgedChangeFactory()
    with pytest.raises(WorkflowPermissionDenied, match="may not dismiss"):
        workflow.dismiss_change(change, actor=reporter, reason="Fine.")
    with pytest.raises(WorkflowPermissionDenied, match="may not link"):
        workflow.link_change(change, actor=reporter)
    assert Correction.objects.count() == 0
    assert AuditEntry.objects.count() == 0
