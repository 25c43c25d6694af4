"""Corrections go draft → submitted → published; publishing takes a second person,
and a published correction is amended only by superseding it."""

import pytest
from django.core.exceptions import ValidationError

from coverage import workflow
from coverage.models import (
    AppendOnlyError,
    Article,
    AuditAction,
    AuditEntry,
    Correction,
)
from coverage.workflow import InvalidTransition, StaleEdit, WorkflowPermissionDenied
from tests.corrections import draft
from tests.factories import ArticleFactory, ClaimAppearanceFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def published(author, submitter, approver, **overrides):
    correction = draft(author, **overrides)
    workflow.submit_correction(correction, actor=submitter)
    return workflow.publish_correction(correction, actor=approver)


def test_reporter_drafts_a_correction_as_author(reporter):
    article = ArticleFactory()
    correction = draft(reporter, article=article)
    assert (correction.status, correction.author, correction.article) == (
        Correction.Status.DRAFT,
        reporter,
        article,
    )


def test_draft_from_a_claim_must_be_about_that_article(reporter):
    appearance = ClaimAppearanceFactory()
    correction = draft(reporter, article=appearance.article, claim=appearance.claim)
    assert correction.claim == appearance.claim

    stranger = ClaimFactory()
    with pytest.raises(
        ValidationError,
        match=rf"Claim {stranger.pk} does not appear in article {appearance.article.pk}.",
    ):
        draft(reporter, article=appearance.article, claim=stranger)
    assert Correction.objects.count() == 1


def test_editing_a_draft_to_a_claim_of_another_article_is_refused(reporter):
    appearance = ClaimAppearanceFactory()
    correction = draft(reporter, article=appearance.article)
    stranger = ClaimFactory()
    with pytest.raises(
        ValidationError,
        match=rf"Claim {stranger.pk} does not appear in article {appearance.article.pk}.",
    ):
        workflow.update_correction(
            correction, actor=reporter, seen_version=1, claim=stranger
        )
    workflow.update_correction(
        correction, actor=reporter, seen_version=1, claim=appearance.claim
    )
    assert Correction.objects.get().claim == appearance.claim


def test_drafting_records_the_new_text(reporter):
    correction = draft(reporter)
    row = AuditEntry.objects.get()
    assert (row.action, row.actor, row.public) == (
        AuditAction.CORRECTION_DRAFT,
        reporter,
        False,
    )
    assert row.changes["what_was_wrong"] == [None, correction.what_was_wrong]
    assert row.changes["kind"] == [None, "correction"]


def test_draft_requires_what_was_wrong_and_explanation(reporter):
    with pytest.raises(ValidationError, match="A what was wrong is required."):
        draft(reporter, what_was_wrong=" ")
    assert not Correction.objects.exists()


def test_full_flow_stamps_approver_and_times(reporter, editor, standards_editor):
    correction = draft(reporter)

    workflow.submit_correction(correction, actor=editor)
    assert correction.status == Correction.Status.SUBMITTED
    assert correction.submitted_at is not None

    workflow.publish_correction(correction, actor=standards_editor)
    correction = Correction.objects.get()
    assert correction.status == Correction.Status.PUBLISHED
    assert correction.approver == standards_editor
    assert correction.published_at is not None
    rows = AuditEntry.objects.for_object(correction)
    assert [(r.action, r.actor, r.changes.get("status"), r.public) for r in rows] == [
        (AuditAction.CORRECTION_DRAFT, reporter, None, False),
        (AuditAction.CORRECTION_SUBMIT, editor, ["draft", "submitted"], False),
        (
            AuditAction.CORRECTION_PUBLISH,
            standards_editor,
            ["submitted", "published"],
            True,
        ),
    ]


def test_publishing_a_draft_is_refused_naming_both_states(editor, standards_editor):
    correction = draft(editor)
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot publish correction {correction.pk}: it is draft, not submitted.",
    ):
        workflow.publish_correction(correction, actor=standards_editor)
    assert Correction.objects.get().status == Correction.Status.DRAFT


def test_submitting_twice_is_refused(editor):
    correction = draft(editor)
    workflow.submit_correction(correction, actor=editor)
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot submit correction {correction.pk}: it is submitted, not draft.",
    ):
        workflow.submit_correction(correction, actor=editor)


def test_author_cannot_publish_own_correction(standards_editor):
    correction = draft(standards_editor)
    workflow.submit_correction(correction, actor=standards_editor)
    with pytest.raises(WorkflowPermissionDenied, match="two-person rule"):
        workflow.publish_correction(correction, actor=standards_editor)
    correction = Correction.objects.get()
    assert correction.status == Correction.Status.SUBMITTED
    assert correction.approver is None


def test_superuser_cannot_break_the_two_person_rule(django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@newsroom.test")
    correction = draft(boss)
    workflow.submit_correction(correction, actor=boss)
    with pytest.raises(WorkflowPermissionDenied, match="two-person rule"):
        workflow.publish_correction(correction, actor=boss)


def test_second_standards_editor_publishes(standards_editor, second_standards_editor):
    correction = draft(standards_editor)
    workflow.submit_correction(correction, actor=standards_editor)
    workflow.publish_correction(correction, actor=second_standards_editor)
    assert Correction.objects.get().approver == second_standards_editor


def test_return_sends_submitted_back_to_draft(editor, standards_editor):
    correction = draft(editor)
    workflow.submit_correction(correction, actor=editor)
    workflow.return_correction(correction, actor=standards_editor, note="Cite it.")
    correction = Correction.objects.get()
    assert (correction.status, correction.submitted_at) == ("draft", None)
    returned = AuditEntry.objects.latest("id")
    assert (returned.action, returned.note) == (
        AuditAction.CORRECTION_RETURN,
        "Cite it.",
    )
    assert returned.changes["status"] == ["submitted", "draft"]


def test_drafts_are_editable_submitted_are_not(reporter, editor):
    correction = draft(reporter)
    workflow.update_correction(
        correction, actor=reporter, seen_version=1, what_is_right="About 80 m."
    )
    assert Correction.objects.get().what_is_right == "About 80 m."
    edit = AuditEntry.objects.latest("id")
    assert (edit.action, edit.actor, edit.changes) == (
        AuditAction.CORRECTION_EDIT,
        reporter,
        {"what_is_right": ["The cliff is about 80 metres high.", "About 80 m."]},
    )

    workflow.submit_correction(correction, actor=editor)
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot edit correction {correction.pk}: it is submitted, not draft.",
    ):
        workflow.update_correction(
            correction,
            actor=editor,
            seen_version=correction.version,
            what_is_right="Changed.",
        )
    assert Correction.objects.get().what_is_right == "About 80 m."


def test_stale_draft_edit_is_refused(reporter):
    correction = draft(reporter)
    workflow.update_correction(
        correction, actor=reporter, seen_version=1, kind="update"
    )
    with pytest.raises(StaleEdit, match="Reload the page"):
        workflow.update_correction(
            correction, actor=reporter, seen_version=1, kind="clarification"
        )
    assert Correction.objects.get().kind == "update"


def test_published_correction_is_immutable_through_the_orm(
    reporter, editor, standards_editor
):
    correction = published(reporter, editor, standards_editor)
    correction.public_explanation = "Rewritten history."
    with pytest.raises(AppendOnlyError, match="supersedes it"):
        correction.save()
    with pytest.raises(AppendOnlyError, match="cannot be deleted"):
        correction.delete()
    with pytest.raises(
        InvalidTransition, match=rf"Cannot edit correction {correction.pk}"
    ):
        workflow.update_correction(
            correction,
            actor=editor,
            seen_version=correction.version,
            what_is_right="x",
        )
    assert Correction.objects.get().public_explanation == "A typing error added a zero."


def test_retraction_marks_article_retracted_on_publish(
    reporter, editor, standards_editor
):
    correction = published(
        reporter, editor, standards_editor, kind=Correction.Kind.RETRACTION
    )
    article = Article.objects.get(pk=correction.article_id)
    assert article.is_retracted
    assert article.retracted_at == correction.published_at


def test_submitted_retraction_does_not_retract_yet(reporter, editor):
    correction = draft(reporter, kind=Correction.Kind.RETRACTION)
    workflow.submit_correction(correction, actor=editor)
    assert not Article.objects.get().is_retracted


def test_supersede_drafts_linked_amendment_and_leaves_old_unchanged(
    reporter, editor, standards_editor, second_standards_editor
):
    old = published(reporter, editor, standards_editor)

    new = workflow.supersede_correction(
        old, actor=editor, what_is_right="The cliff is 82 metres high."
    )

    assert (new.status, new.supersedes, new.article_id) == (
        Correction.Status.DRAFT,
        old,
        old.article_id,
    )
    assert new.what_was_wrong == old.what_was_wrong
    assert new.author == editor
    workflow.submit_correction(new, actor=editor)
    workflow.publish_correction(new, actor=second_standards_editor)
    assert set(Correction.objects.published()) == {old, new}
    old = Correction.objects.get(pk=old.pk)
    assert old.superseded_by == new
    assert old.what_is_right == "The cliff is about 80 metres high."
    amendment = AuditEntry.objects.for_object(new).first()
    assert (amendment.action, amendment.note) == (
        AuditAction.CORRECTION_SUPERSEDE,
        f"Amends correction {old.pk}.",
    )
    assert amendment.changes["supersedes"] == [None, str(old)]
    assert not AuditEntry.objects.for_object(old).filter(
        action=AuditAction.CORRECTION_SUPERSEDE
    )


def test_only_published_corrections_can_be_superseded(editor):
    correction = draft(editor)
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot supersede correction {correction.pk}: it is draft, not published.",
    ):
        workflow.supersede_correction(correction, actor=editor)
    assert Correction.objects.count() == 1


def test_a_correction_is_superseded_once(reporter, editor, standards_editor):
    old = published(reporter, editor, standards_editor)
    first = workflow.supersede_correction(old, actor=editor)
    with pytest.raises(
        InvalidTransition, match=rf"correction {first.pk} already supersedes it"
    ):
        workflow.supersede_correction(old, actor=editor)
    assert Correction.objects.count() == 2
