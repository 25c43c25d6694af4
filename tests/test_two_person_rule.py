"""Nobody publishes a correction they wrote or changed: not its author, not whoever
edited the draft, not whoever returned it and edited it. Submitted text is frozen,
and the database refuses both routes around the workflow."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coverage import workflow
from coverage.models import (
    AppendOnlyError,
    Article,
    Correction,
    CorrectionContributor,
)
from coverage.workflow import WorkflowPermissionDenied
from tests.corrections import draft
from tests.database import raw_sql
from tests.factories import CorrectionFactory
from tests.logins import log_in

pytestmark = pytest.mark.django_db


def edit(correction, actor, **fields):
    return workflow.update_correction(
        correction, actor=actor, seen_version=correction.version, **fields
    )


def contributors(correction):
    return set(
        CorrectionContributor.objects.filter(correction=correction).values_list(
            "user__username", flat=True
        )
    )


def test_editor_who_rewrites_a_reporters_draft_cannot_publish_it(
    reporter, standards_editor, second_standards_editor
):
    correction = draft(reporter)
    edit(
        correction,
        standards_editor,
        kind=Correction.Kind.RETRACTION,
        public_explanation="We retract the article.",
    )
    workflow.submit_correction(correction, actor=standards_editor)

    with pytest.raises(
        WorkflowPermissionDenied,
        match=rf"standards may not publish correction {correction.pk}: they wrote "
        r"or changed its content, and publishing needs a standards editor who did "
        r"neither \(two-person rule\).",
    ):
        workflow.publish_correction(correction, actor=standards_editor)

    correction.refresh_from_db()
    assert (correction.status, correction.approver) == ("submitted", None)
    assert not Article.objects.get().is_retracted
    workflow.publish_correction(correction, actor=second_standards_editor)
    assert Article.objects.get().is_retracted


def test_whoever_returns_and_edits_cannot_publish_the_resubmitted_text(
    reporter, editor, standards_editor, second_standards_editor
):
    correction = draft(reporter)
    workflow.submit_correction(correction, actor=editor)
    workflow.return_correction(correction, actor=standards_editor, note="Tighten.")
    edit(correction, standards_editor, what_is_right="The cliff is 8 metres high.")
    workflow.submit_correction(correction, actor=editor)

    with pytest.raises(WorkflowPermissionDenied, match="two-person rule"):
        workflow.publish_correction(correction, actor=standards_editor)
    assert Correction.objects.get().status == "submitted"
    workflow.publish_correction(correction, actor=second_standards_editor)


def test_returning_without_editing_leaves_the_approver_free_to_publish(
    reporter, editor, standards_editor
):
    correction = draft(reporter)
    workflow.submit_correction(correction, actor=editor)
    workflow.return_correction(correction, actor=standards_editor)
    workflow.submit_correction(correction, actor=editor)
    workflow.publish_correction(correction, actor=standards_editor)
    assert Correction.objects.get().approver == standards_editor


def test_contributors_are_the_author_and_whoever_changed_the_content(
    reporter, editor, standards_editor
):
    correction = draft(reporter)
    edit(correction, editor, what_is_right="About 80 metres.")
    edit(correction, editor, what_is_right="About 81 metres.")
    edit(correction, standards_editor, what_is_right="About 81 metres.")

    assert contributors(correction) == {"reporter", "editor"}
    assert Correction.objects.get().version == 3
    assert workflow.can_publish_correction(standards_editor, correction)


def test_superseding_makes_its_drafter_a_contributor(
    reporter, editor, standards_editor, second_standards_editor
):
    old = draft(reporter)
    workflow.submit_correction(old, actor=editor)
    workflow.publish_correction(old, actor=standards_editor)

    new = workflow.supersede_correction(
        old, actor=standards_editor, kind=Correction.Kind.RETRACTION
    )
    workflow.submit_correction(new, actor=standards_editor)

    with pytest.raises(WorkflowPermissionDenied, match="two-person rule"):
        workflow.publish_correction(new, actor=standards_editor)
    workflow.publish_correction(new, actor=second_standards_editor)


def test_the_publish_button_is_not_offered_to_a_contributor(
    client, reporter, standards_editor
):
    correction = draft(reporter)
    edit(correction, standards_editor, what_is_right="About 8 metres.")
    workflow.submit_correction(correction, actor=standards_editor)
    log_in(client, standards_editor)
    page = client.get(reverse("admin:coverage_correction_change", args=[correction.pk]))
    assert "Approve and publish" not in page.content.decode()
    assert page.context["adminform"].form.instance == correction
    assert "reporter, standards" in page.content.decode()

    response = client.post(
        reverse("admin:coverage_correction_move", args=[correction.pk, "publish"]),
        {"version": correction.version},
        follow=True,
    )
    assert "two-person rule" in response.content.decode()
    assert Correction.objects.get().status == "submitted"


def test_contributor_rows_are_append_only_in_the_orm(reporter):
    correction = draft(reporter)
    contributor = CorrectionContributor.objects.get()
    with pytest.raises(AppendOnlyError):
        contributor.delete()
    with pytest.raises(AppendOnlyError):
        CorrectionContributor.objects.filter(correction=correction).delete()


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM coverage_correctioncontributor WHERE correction_id = %s",
        "UPDATE coverage_correctioncontributor SET user_id = user_id "
        "WHERE correction_id = %s",
    ],
    ids=["delete", "update"],
)
def test_contributor_rows_refuse_raw_sql(reporter, sql):
    correction = draft(reporter)
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
    ):
        raw_sql(sql, [correction.pk])
    assert contributors(correction) == {"reporter"}


def test_deleting_a_draft_takes_its_contributors_with_it(reporter, editor):
    correction = draft(reporter)
    edit(correction, editor, what_is_right="About 80 metres.")
    correction.delete()
    assert not CorrectionContributor.objects.exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE coverage_correction SET kind = 'retraction' WHERE id = %s",
        "UPDATE coverage_correction SET public_explanation = 'x' WHERE id = %s",
        "UPDATE coverage_correction SET claim_id = NULL, what_is_right = '' "
        "WHERE id = %s",
        "UPDATE coverage_correction SET status = 'draft', what_was_wrong = 'x' "
        "WHERE id = %s",
    ],
    ids=["kind", "explanation", "two-fields", "with-return"],
)
def test_submitted_content_is_frozen_in_the_database(reporter, editor, sql):
    correction = draft(reporter)
    workflow.submit_correction(correction, actor=editor)
    with pytest.raises(IntegrityError, match="frozen"), transaction.atomic():
        raw_sql(sql, [correction.pk])
    assert Correction.objects.get().kind == "correction"


def test_submitted_content_is_frozen_through_the_orm(reporter, editor):
    correction = draft(reporter)
    workflow.submit_correction(correction, actor=editor)
    correction.what_is_right = "Quietly changed after submission."
    with pytest.raises(IntegrityError, match="frozen"), transaction.atomic():
        correction.save()


def test_returning_to_draft_in_the_database_still_works(reporter, editor):
    correction = draft(reporter)
    workflow.submit_correction(correction, actor=editor)
    raw_sql(
        "UPDATE coverage_correction SET status = 'draft', submitted_at = NULL "
        "WHERE id = %s",
        [correction.pk],
    )
    assert Correction.objects.get().status == "draft"


def test_database_refuses_a_contributor_as_approver(reporter, editor, standards_editor):
    correction = draft(reporter)
    edit(correction, standards_editor, kind=Correction.Kind.RETRACTION)
    workflow.submit_correction(correction, actor=editor)
    with pytest.raises(IntegrityError, match="two-person rule"), transaction.atomic():
        raw_sql(
            "UPDATE coverage_correction SET status = 'published', approver_id = %s, "
            "published_at = %s WHERE id = %s",
            [standards_editor.pk, timezone.now(), correction.pk],
        )
    assert Correction.objects.get().status == "submitted"


def test_database_refuses_publishing_a_draft(reporter, standards_editor):
    correction = draft(reporter)
    with (
        pytest.raises(IntegrityError, match="only a submitted correction"),
        transaction.atomic(),
    ):
        raw_sql(
            "UPDATE coverage_correction SET status = 'published', approver_id = %s, "
            "published_at = %s WHERE id = %s",
            [standards_editor.pk, timezone.now(), correction.pk],
        )
    assert Correction.objects.get().status == "draft"


def test_correction_made_outside_the_workflow_still_bars_its_author(
    reporter, standards_editor
):
    correction = CorrectionFactory(
        author=standards_editor, status=Correction.Status.SUBMITTED
    )
    assert not workflow.can_publish_correction(standards_editor, correction)
    assert workflow.can_publish_correction(
        standards_editor, CorrectionFactory(author=reporter)
    )


def test_desk_marks_a_correction_its_viewer_edited_as_needing_someone_else(
    client, reporter, standards_editor
):
    correction = draft(reporter)
    edit(correction, standards_editor, what_is_right="About 8 metres.")
    workflow.submit_correction(correction, actor=standards_editor)
    log_in(client, standards_editor)

    response = client.get(reverse("admin:coverage_claim_desk"))

    assert response.context["corrections_awaiting"] == [(correction, False)]
    assert "needs another standards editor" in response.content.decode()
