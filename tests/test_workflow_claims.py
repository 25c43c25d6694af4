"""Claims move only along ALLOWED_TRANSITIONS, leaving one audit row per move."""

import pytest
from django.core.exceptions import ValidationError

from coverage import workflow
from coverage.models import AuditAction, AuditEntry, Claim, ClaimStatus
from coverage.workflow import InvalidTransition, StaleEdit
from tests.factories import ClaimFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def verdict(claim, actor, status=ClaimStatus.INACCURATE):
    return workflow.give_verdict(
        claim,
        actor=actor,
        verdict=status,
        note="Agency count is 500.",
        public_summary="The official count is 500, not 700.",
    )


def test_start_review_moves_claim_and_assigns_the_actor(editor):
    claim = ClaimFactory()

    result = workflow.start_review(claim, actor=editor, note="Checking the count.")

    assert result.status == ClaimStatus.IN_REVIEW
    assert result.assignee == editor
    assert result.version == 2
    event = AuditEntry.objects.get()
    assert (event.actor, event.action, event.changes, event.public) == (
        editor,
        AuditAction.CLAIM_START_REVIEW,
        {"status": ["unreviewed", "in_review"], "assignee": [None, "editor"]},
        False,
    )
    assert event.note == "Checking the count."


def test_start_review_keeps_an_existing_assignee(editor, standards_editor):
    claim = ClaimFactory(assignee=standards_editor)
    workflow.start_review(claim, actor=editor)
    assert Claim.objects.get().assignee == standards_editor


def test_give_verdict_publishes_summary_and_stamps_time(editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor)

    result = verdict(claim, editor)

    assert result.status == ClaimStatus.INACCURATE
    assert result.verdict_summary == "The official count is 500, not 700."
    assert result.verdict_published_at is not None
    assert list(Claim.objects.published()) == [result]
    assert AuditEntry.objects.count() == 2


def test_verdict_needs_review_first(editor):
    claim = ClaimFactory()
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot give a verdict on claim {claim.pk}: it is unreviewed, "
        "not in review.",
    ):
        verdict(claim, editor)
    assert Claim.objects.get().status == ClaimStatus.UNREVIEWED
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("note", "summary", "message"),
    [
        ("", "The count is 500.", "A note is required."),
        ("Checked.", "  ", "A public summary is required."),
        ("", "", "A note and a public summary is required."),
    ],
)
def test_verdict_requires_note_and_public_summary(editor, note, summary, message):
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    with pytest.raises(ValidationError, match=message):
        workflow.give_verdict(
            claim,
            actor=editor,
            verdict=ClaimStatus.ACCURATE,
            note=note,
            public_summary=summary,
        )
    assert Claim.objects.get().status == ClaimStatus.IN_REVIEW
    assert AuditEntry.objects.count() == 1


def test_verdict_must_be_a_verdict_status(editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    with pytest.raises(ValidationError, match="'unreviewed' is not a verdict."):
        verdict(claim, editor, status=ClaimStatus.UNREVIEWED)


def test_start_review_twice_is_refused_naming_both_states(editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot start review on claim {claim.pk}: it is in review, "
        "not unreviewed.",
    ):
        workflow.start_review(claim, actor=editor)
    assert AuditEntry.objects.count() == 1


def test_reopen_withdraws_the_verdict_and_keeps_old_summary_in_audit(
    editor, standards_editor
):
    claim = verdict(workflow.start_review(ClaimFactory(), actor=editor), editor)

    result = workflow.reopen(claim, actor=standards_editor, note="New data arrived.")

    assert result.status == ClaimStatus.IN_REVIEW
    assert result.verdict_published_at is None
    assert not Claim.objects.published().exists()
    event = AuditEntry.objects.latest("id")
    assert (event.action, event.public) == (AuditAction.CLAIM_REOPEN, True)
    assert event.changes["status"] == ["inaccurate", "in_review"]
    assert event.changes["verdict_published_at"][1] is None
    assert "New data arrived." in event.note
    assert "Previous verdict: inaccurate." in event.note
    assert "The official count is 500, not 700." in event.note


def test_reopen_needs_a_verdict(standards_editor):
    claim = ClaimFactory()
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot reopen claim {claim.pk}: it is unreviewed, not accurate, "
        "disputed, inaccurate, misleading or unverifiable.",
    ):
        workflow.reopen(claim, actor=standards_editor, note="Why not.")
    assert not AuditEntry.objects.exists()


def test_reopen_requires_a_note(editor, standards_editor):
    claim = verdict(workflow.start_review(ClaimFactory(), actor=editor), editor)
    with pytest.raises(ValidationError, match="A note is required."):
        workflow.reopen(claim, actor=standards_editor, note=" ")
    assert Claim.objects.get().status == ClaimStatus.INACCURATE


def test_reopened_claim_can_get_a_new_verdict(editor, standards_editor):
    claim = verdict(workflow.start_review(ClaimFactory(), actor=editor), editor)
    claim = workflow.reopen(claim, actor=standards_editor, note="New data.")
    claim = verdict(claim, editor, status=ClaimStatus.MISLEADING)
    assert claim.status == ClaimStatus.MISLEADING
    assert list(
        AuditEntry.objects.for_object(claim).values_list("action", flat=True)
    ) == ["claim.start_review", "claim.verdict", "claim.reopen", "claim.verdict"]


def test_assign_records_assignee_and_unassign(editor):
    reviewer = UserFactory(role="Editor")
    claim = ClaimFactory()

    claim = workflow.assign(claim, actor=editor, assignee=reviewer)
    assert claim.assignee == reviewer
    claim = workflow.assign(claim, actor=editor, assignee=None, note="Back to pool.")
    assert claim.assignee is None

    events = list(AuditEntry.objects.order_by("id"))
    assert [e.changes for e in events] == [
        {"assignee": [None, str(reviewer)]},
        {"assignee": [str(reviewer), None]},
    ]
    assert events[0].note == f"Assigned to {reviewer}."


def test_assign_to_current_assignee_is_refused(editor):
    claim = ClaimFactory(assignee=editor)
    with pytest.raises(
        InvalidTransition, match=rf"Claim {claim.pk} is already assigned to editor."
    ):
        workflow.assign(claim, actor=editor, assignee=editor)
    assert not AuditEntry.objects.exists()


def test_claim_with_verdict_cannot_be_assigned(editor):
    claim = verdict(workflow.start_review(ClaimFactory(), actor=editor), editor)
    with pytest.raises(
        InvalidTransition,
        match=rf"Cannot assign claim {claim.pk}: it is inaccurate, not unreviewed "
        "or in review.",
    ):
        workflow.assign(claim, actor=editor, assignee=None)


def test_each_transition_is_recorded_against_its_claim(editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor, note="On it.")
    entry = AuditEntry.objects.get()
    assert (entry.content_type.model, entry.object_id) == ("claim", claim.pk)
    assert entry.object_repr == str(claim)
    assert list(AuditEntry.objects.for_object(claim)) == [entry]


def test_transition_from_stale_object_is_refused(editor):
    claim = ClaimFactory()
    stale_copy = Claim.objects.get(pk=claim.pk)
    workflow.assign(claim, actor=editor, assignee=editor)

    with pytest.raises(StaleEdit, match=rf"Claim {claim.pk} was changed by someone"):
        workflow.start_review(stale_copy, actor=editor)
    assert Claim.objects.get().status == ClaimStatus.UNREVIEWED
    assert AuditEntry.objects.count() == 1


def test_audit_rows_cannot_be_changed_through_workflow_objects(editor):
    workflow.start_review(ClaimFactory(), actor=editor)
    event = AuditEntry.objects.get()
    with pytest.raises(Exception, match="append-only"):
        event.save()


def test_update_claim_saves_fields_and_bumps_version(editor):
    claim = ClaimFactory()
    result = workflow.update_claim(
        claim, actor=editor, seen_version=1, internal_notes="Call the agency."
    )
    assert result.internal_notes == "Call the agency."
    assert result.version == 2
    event = AuditEntry.objects.get()
    assert (event.action, event.changes, event.public) == (
        AuditAction.CLAIM_EDIT,
        {"internal_notes": ["", "Call the agency."]},
        False,
    )


def test_update_claim_without_a_change_writes_nothing(editor):
    claim = ClaimFactory(internal_notes="Same.")
    result = workflow.update_claim(
        claim, actor=editor, seen_version=1, internal_notes="Same."
    )
    assert result.version == 1
    assert not AuditEntry.objects.exists()


def test_update_claim_with_old_version_is_refused(editor):
    claim = ClaimFactory()
    workflow.update_claim(claim, actor=editor, seen_version=1, internal_notes="First.")
    with pytest.raises(StaleEdit, match="Reload the page"):
        workflow.update_claim(
            claim, actor=editor, seen_version=1, internal_notes="Second."
        )
    assert Claim.objects.get().internal_notes == "First."


def test_update_claim_refuses_status(editor):
    claim = ClaimFactory()
    with pytest.raises(
        ValidationError, match="status changes only through review transitions"
    ):
        workflow.update_claim(
            claim, actor=editor, seen_version=1, status=ClaimStatus.ACCURATE
        )


def test_update_claim_new_assignee_is_an_audited_assignment(editor):
    claim = ClaimFactory()
    workflow.update_claim(claim, actor=editor, seen_version=1, assignee=editor)
    event = AuditEntry.objects.get()
    assert (event.action, event.changes) == (
        AuditAction.CLAIM_ASSIGN,
        {"assignee": [None, "editor"]},
    )


def test_a_published_summary_cannot_be_amended_to_nothing(editor, standards_editor):
    claim = verdict(workflow.start_review(ClaimFactory(), actor=editor), editor)
    with pytest.raises(ValidationError, match="A summary is required."):
        workflow.amend_verdict_summary(claim, actor=standards_editor, summary=" ")
    assert Claim.objects.get().verdict_summary == "The official count is 500, not 700."


def test_update_claim_refuses_moving_into_story_with_same_claim(editor):
    story = StoryFactory()
    ClaimFactory(story=story, text="Crime doubled.")
    other = ClaimFactory(text="Crime doubled!")
    with pytest.raises(ValidationError, match="already has this claim"):
        workflow.update_claim(other, actor=editor, seen_version=1, story=story)
    assert Claim.objects.get(pk=other.pk).story != story
