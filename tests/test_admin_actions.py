"""Buttons and bulk actions in the admin call the workflow and report its refusals."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from coverage import workflow
from coverage.models import AuditAction, AuditEntry, Claim, ClaimStatus, Correction
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    CorrectionFactory,
)
from tests.logins import log_in

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:coverage_claim_changelist")
NO_INLINE_ROWS = {
    f"{prefix}-{name}": 0
    for prefix in ["evidence", "appearances", "links_out"]
    for name in ["TOTAL_FORMS", "INITIAL_FORMS"]
}


def move_url(claim, move):
    return reverse("admin:coverage_claim_transition", args=[claim.pk, move])


def correction_url(correction, move=None):
    if move is None:
        return reverse("admin:coverage_correction_change", args=[correction.pk])
    return reverse("admin:coverage_correction_move", args=[correction.pk, move])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_start_review_button(editor_client, editor):
    claim = ClaimFactory()
    response = editor_client.post(
        move_url(claim, "start_review"),
        {"version": 1, "note": "Mine."},
        follow=True,
    )
    assert messages_of(response) == [
        f"Claim {claim.pk} is now in review, assigned to editor."
    ]
    assert Claim.objects.get().status == ClaimStatus.IN_REVIEW
    assert AuditEntry.objects.get().note == "Mine."


def test_verdict_button_requires_note_and_summary(editor_client, editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    response = editor_client.post(
        move_url(claim, "verdict"),
        {"version": claim.version, "verdict": "accurate", "note": "", "summary": ""},
        follow=True,
    )
    assert "note: This field is required." in messages_of(response)
    assert Claim.objects.get().status == ClaimStatus.IN_REVIEW


def test_verdict_button_publishes_the_verdict(editor_client, editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    editor_client.post(
        move_url(claim, "verdict"),
        {
            "version": claim.version,
            "verdict": "misleading",
            "note": "Numbers right, comparison wrong.",
            "public_summary": "The figure compares different years.",
        },
    )
    claim = Claim.objects.get()
    assert claim.status == ClaimStatus.MISLEADING
    assert claim.verdict_published_at is not None


def test_illegal_move_is_refused_with_a_message(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        move_url(claim, "verdict"),
        {
            "version": 1,
            "verdict": "accurate",
            "note": "Fine.",
            "public_summary": "Fine.",
        },
        follow=True,
    )
    assert messages_of(response) == [
        f"Cannot give a verdict on claim {claim.pk}: it is unreviewed, not in review."
    ]
    assert not AuditEntry.objects.exists()


def test_editor_cannot_reopen_through_the_url(editor_client, editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    workflow.give_verdict(
        claim, actor=editor, verdict="accurate", note="Ok.", public_summary="Ok."
    )
    response = editor_client.post(
        move_url(claim, "reopen"),
        {"version": claim.version, "note": "Again."},
        follow=True,
    )
    assert messages_of(response) == ["editor may not reopen claims."]
    assert Claim.objects.get().status == ClaimStatus.ACCURATE


def test_button_with_stale_version_is_refused(editor_client, editor):
    claim = ClaimFactory()
    workflow.assign(claim, actor=editor, assignee=editor)
    response = editor_client.post(
        move_url(claim, "start_review"), {"version": 1}, follow=True
    )
    assert "was changed by someone else" in messages_of(response)[0]
    assert Claim.objects.get().status == ClaimStatus.UNREVIEWED


def test_assign_to_me_button(editor_client, editor):
    claim = ClaimFactory()
    editor_client.post(move_url(claim, "assign"), {"version": 1, "assignee": editor.pk})
    assert Claim.objects.get().assignee == editor


def test_buttons_refuse_get(editor_client):
    response = editor_client.get(move_url(ClaimFactory(), "start_review"))
    assert response.status_code == 405
    assert not AuditEntry.objects.exists()


def test_buttons_require_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    log_in(client, editor)
    response = client.post(move_url(ClaimFactory(), "start_review"), {"version": 1})
    assert response.status_code == 403
    assert not AuditEntry.objects.exists()


def test_transition_shows_in_the_object_history(editor_client, editor):
    claim = ClaimFactory()
    editor_client.post(move_url(claim, "start_review"), {"version": 1, "note": "Go."})
    history = editor_client.get(
        reverse("admin:coverage_claim_history", args=[claim.pk])
    )
    rows = history.context["action_list"]
    assert [(row.action, row.note) for row in rows] == [
        (AuditAction.CLAIM_START_REVIEW, "Go.")
    ]
    page = history.content.decode()
    assert "Started review" in page
    assert "status: unreviewed → in_review" in page
    assert not LogEntry.objects.exists()


def bulk(client, action, claims, **data):
    return client.post(
        QUEUE,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [c.pk for c in claims],
            **data,
        },
        follow=True,
    )


def test_bulk_action_asks_for_confirmation_first(editor_client):
    claims = [ClaimFactory(), ClaimFactory()]
    response = bulk(editor_client, "start_review_selected", claims)
    page = response.content.decode()
    assert "Start review for these 2 claims?" in page
    assert 'name="post" value="yes"' in page
    assert not AuditEntry.objects.exists()


def test_bulk_start_review_reports_done_and_refused(editor_client, editor):
    fresh, already = ClaimFactory(), ClaimFactory()
    workflow.start_review(already, actor=editor)

    response = bulk(
        editor_client, "start_review_selected", [fresh, already], post="yes"
    )

    assert messages_of(response) == [
        "Start review: done for 1 claim.",
        f"Cannot start review on claim {already.pk}: it is in review, not unreviewed.",
    ]
    assert Claim.objects.get(pk=fresh.pk).status == ClaimStatus.IN_REVIEW
    assert AuditEntry.objects.count() == 2


def test_bulk_verdict_with_missing_summary_shows_the_form_again(editor_client, editor):
    claim = workflow.start_review(ClaimFactory(), actor=editor)
    response = bulk(
        editor_client,
        "give_verdict_selected",
        [claim],
        post="yes",
        verdict="accurate",
        note="Checked.",
    )
    assert "Please correct the errors below." in response.content.decode()
    assert Claim.objects.get().status == ClaimStatus.IN_REVIEW


def test_bulk_assign(editor_client, editor, standards_editor):
    claims = [ClaimFactory(), ClaimFactory()]
    bulk(
        editor_client,
        "assign_selected",
        claims,
        post="yes",
        assignee=standards_editor.pk,
    )
    assert set(Claim.objects.values_list("assignee", flat=True)) == {
        standards_editor.pk
    }
    assert AuditEntry.objects.count() == 2


def test_bulk_reopen_is_not_offered_to_editors(editor_client):
    response = editor_client.get(QUEUE)
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "start_review_selected" in actions
    assert "reopen_selected" not in actions


def test_reporter_gets_no_bulk_moves(reporter_client):
    response = reporter_client.get(QUEUE)
    assert response.status_code == 200
    assert response.context["action_form"] is None


def test_reporter_proposes_a_claim_in_admin(reporter_client):
    response = reporter_client.post(
        reverse("admin:coverage_claim_add"),
        {
            "text": "Crime doubled in a year.",
            "internal_notes": "Heard at the council meeting.",
            **NO_INLINE_ROWS,
        },
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.text, claim.status, claim.version) == (
        "Crime doubled in a year.",
        ClaimStatus.UNREVIEWED,
        1,
    )
    added = AuditEntry.objects.get()
    assert (added.action, added.actor.username, added.changes["text"]) == (
        AuditAction.CLAIM_CREATE,
        "reporter",
        [None, "Crime doubled in a year."],
    )


def test_editor_saves_claim_form_through_the_version_check(editor_client, editor):
    claim = ClaimFactory()
    response = editor_client.post(
        reverse("admin:coverage_claim_change", args=[claim.pk]),
        {
            "seen_version": 1,
            "story": claim.story_id,
            "claimant": claim.claimant_id,
            "assignee": editor.pk,
            "internal_notes": "Ask the agency.",
            **NO_INLINE_ROWS,
        },
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.internal_notes, claim.assignee, claim.version) == (
        "Ask the agency.",
        editor,
        2,
    )
    event = AuditEntry.objects.get()
    assert (event.action, event.actor) == (AuditAction.CLAIM_EDIT, editor)
    assert event.changes == {
        "assignee": [None, "editor"],
        "internal_notes": ["", "Ask the agency."],
    }
    assert not LogEntry.objects.exists()


# Corrections.


def test_add_correction_from_a_claim_prefills_article_and_claim(reporter_client):
    appearance = ClaimAppearanceFactory()
    url = reverse("admin:coverage_correction_add")
    response = reporter_client.get(
        url, {"article": appearance.article_id, "claim": appearance.claim_id}
    )
    form = response.context["adminform"].form
    assert form.initial["article"] == str(appearance.article_id)
    assert form.initial["claim"] == str(appearance.claim_id)


def test_reporter_drafts_correction_in_admin(reporter_client, reporter):
    article = ArticleFactory()
    response = reporter_client.post(
        reverse("admin:coverage_correction_add"),
        {
            "article": article.pk,
            "kind": "correction",
            "what_was_wrong": "Wrong date.",
            "what_is_right": "Tuesday.",
            "public_explanation": "We misread the agenda.",
        },
    )
    correction = Correction.objects.get()
    assert response.status_code == 302
    assert (correction.author, correction.status) == (reporter, "draft")


def test_article_page_links_to_draft_a_correction(reporter_client):
    article = ArticleFactory()
    page = reporter_client.get(
        reverse("admin:coverage_article_change", args=[article.pk])
    ).content.decode()
    assert f"/admin/coverage/correction/add/?article={article.pk}" in page


def test_submit_then_publish_buttons(client, editor, standards_editor):
    correction = CorrectionFactory(author=editor)
    log_in(client, editor)
    page = client.get(correction_url(correction)).content.decode()
    assert 'value="Submit for approval"' in page
    client.post(correction_url(correction, "submit"), {"version": 1})

    log_in(client, standards_editor)
    page = client.get(correction_url(correction)).content.decode()
    assert 'value="Approve and publish"' in page
    response = client.post(
        correction_url(correction, "publish"), {"version": 2}, follow=True
    )
    assert messages_of(response) == [f"Correction {correction.pk} is now published."]
    assert Correction.objects.get().approver == standards_editor


def test_publish_button_refuses_own_correction(standards_client, standards_editor):
    correction = workflow.submit_correction(
        CorrectionFactory(author=standards_editor), actor=standards_editor
    )
    page = standards_client.get(correction_url(correction)).content.decode()
    assert "Approve and publish" not in page
    response = standards_client.post(
        correction_url(correction, "publish"),
        {"version": correction.version},
        follow=True,
    )
    assert "two-person rule" in messages_of(response)[0]
    assert Correction.objects.get().status == Correction.Status.SUBMITTED


def test_published_correction_is_read_only_in_admin(
    client, reporter, editor, standards_editor
):
    correction = CorrectionFactory(author=reporter)
    workflow.submit_correction(correction, actor=editor)
    workflow.publish_correction(correction, actor=standards_editor)
    log_in(client, standards_editor)

    page = client.get(correction_url(correction)).content.decode()
    assert 'name="_save"' not in page
    assert "Delete" not in page
    assert 'value="Supersede with a new correction"' in page

    response = client.post(
        correction_url(correction),
        {"kind": "update", "what_was_wrong": "x", "public_explanation": "y"},
    )
    assert response.status_code == 403
    assert Correction.objects.get().kind == "correction"


def test_submitted_correction_cannot_be_edited_by_its_author(editor_client, editor):
    correction = CorrectionFactory(author=editor)
    workflow.submit_correction(correction, actor=editor)
    page = editor_client.get(correction_url(correction)).content.decode()
    assert 'name="_save"' not in page


def test_supersede_button_opens_the_new_draft(
    client, reporter, editor, standards_editor
):
    old = CorrectionFactory(author=reporter)
    workflow.submit_correction(old, actor=editor)
    workflow.publish_correction(old, actor=standards_editor)
    log_in(client, editor)

    response = client.post(correction_url(old, "supersede"), {"version": 3})

    new = Correction.objects.get(supersedes=old)
    assert response.url == correction_url(new)
    assert (new.status, new.author) == ("draft", editor)
    assert AuditEntry.objects.for_object(old).count() == 2
    assert [row.action for row in AuditEntry.objects.for_object(new)] == [
        AuditAction.CORRECTION_SUPERSEDE
    ]
