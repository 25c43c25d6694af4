"""Two editors on one claim: the second save is refused, never merged or lost."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from coverage import workflow
from coverage.models import (
    AuditAction,
    AuditEntry,
    Claim,
    ClaimGroup,
    ClaimMatch,
    ClaimStatus,
    Correction,
    MatchStatus,
)
from coverage.workflow import InvalidTransition, StaleEdit
from tests.admin_pages import change_url, form_data
from tests.database import other_sessions
from tests.factories import ClaimFactory, CorrectionFactory, PublishedCorrectionFactory
from tests.logins import log_in
from tests.processes import TIMEOUT, wait_until


@pytest.mark.django_db
def test_second_admin_save_of_a_claim_is_refused(client, editor, standards_editor):
    claim = ClaimFactory(internal_notes="Original.")
    log_in(client, editor)
    seen_by_editor = client.get(change_url(claim))
    log_in(client, standards_editor)
    seen_by_standards = client.get(change_url(claim))

    log_in(client, editor)
    first = client.post(
        change_url(claim), form_data(seen_by_editor, internal_notes="Editor's.")
    )
    log_in(client, standards_editor)
    second = client.post(
        change_url(claim), form_data(seen_by_standards, internal_notes="Standards'.")
    )

    assert first.status_code == 302
    assert second.status_code == 200
    assert (
        "This claim was changed by someone else after you opened it (you saw version "
        "1, it is now version 2). Reload the page" in second.content.decode()
    )
    claim = Claim.objects.get()
    assert (claim.internal_notes, claim.version) == ("Editor's.", 2)


@pytest.mark.django_db
def test_second_admin_save_of_a_draft_correction_is_refused(client, reporter, editor):
    correction = CorrectionFactory(author=reporter)
    log_in(client, reporter)
    seen_by_reporter = client.get(change_url(correction))
    log_in(client, editor)
    client.post(
        change_url(correction),
        form_data(client.get(change_url(correction)), what_is_right="Editor's."),
    )
    log_in(client, reporter)
    response = client.post(
        change_url(correction), form_data(seen_by_reporter, what_is_right="Mine.")
    )
    assert "was changed by someone else" in response.content.decode()
    correction.refresh_from_db()
    assert correction.what_is_right == "Editor's."


def race(first, second):
    """Run ``first`` in a transaction that holds its row lock until ``second`` is
    blocked on that lock, then commit; returns what ``second`` raised or returned."""
    first_wrote = threading.Event()
    let_first_commit = threading.Event()
    outcome = {}

    def run_first():
        try:
            with transaction.atomic():
                first()
                first_wrote.set()
                let_first_commit.wait(timeout=TIMEOUT)
        finally:
            connection.close()

    def run_second():
        try:
            outcome["second"] = second()
        except (StaleEdit, ValidationError) as error:
            outcome["second"] = error
        finally:
            connection.close()

    first_thread = threading.Thread(target=run_first)
    first_thread.start()
    assert first_wrote.wait(timeout=TIMEOUT)
    second_thread = threading.Thread(target=run_second)
    second_thread.start()
    wait_until(
        lambda: other_sessions(waiting_for_a_lock=True),
        awaited="the second save to wait for the first one's row lock",
    )
    let_first_commit.set()
    first_thread.join(timeout=TIMEOUT)
    second_thread.join(timeout=TIMEOUT)
    return outcome["second"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_claim_saves_second_is_refused(editor, standards_editor):
    claim = ClaimFactory(internal_notes="Original.")

    result = race(
        lambda: workflow.update_claim(
            Claim.objects.get(pk=claim.pk),
            actor=editor,
            seen_version=1,
            internal_notes="Editor's.",
        ),
        lambda: workflow.update_claim(
            Claim.objects.get(pk=claim.pk),
            actor=standards_editor,
            seen_version=1,
            internal_notes="Standards'.",
        ),
    )

    assert isinstance(result, StaleEdit)
    assert "Reload the page" in str(result)
    claim = Claim.objects.get()
    assert (claim.internal_notes, claim.version) == ("Editor's.", 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_transitions_write_one_audit_row(editor, standards_editor):
    claim = ClaimFactory()

    result = race(
        lambda: workflow.start_review(Claim.objects.get(pk=claim.pk), actor=editor),
        lambda: workflow.start_review(
            Claim.objects.get(pk=claim.pk), actor=standards_editor
        ),
    )

    assert isinstance(result, StaleEdit)
    claim = Claim.objects.get()
    assert (claim.status, claim.assignee, claim.version) == (
        ClaimStatus.IN_REVIEW,
        editor,
        2,
    )
    assert AuditEntry.objects.get().actor == editor


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_supersedes_second_is_told_it_is_superseded(
    editor, standards_editor
):
    old = PublishedCorrectionFactory()

    def supersede(actor):
        return lambda: workflow.supersede_correction(
            Correction.objects.get(pk=old.pk), actor=actor
        )

    result = race(supersede(editor), supersede(standards_editor))

    first = Correction.objects.get(supersedes=old)
    assert isinstance(result, InvalidTransition)
    assert result.messages == [
        f"Cannot supersede correction {old.pk}: correction {first.pk} already "
        "supersedes it."
    ]
    assert first.author == editor
    assert Correction.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_confirms_of_one_claims_matches_make_one_group(
    editor, standards_editor
):
    told, heard, again = (
        ClaimFactory(text=text)
        for text in [
            "More than 700 walruses died at Point Lay.",
            "Over 700 walruses died at Point Lay.",
            "Upwards of 700 walruses died at Point Lay.",
        ]
    )
    first = ClaimMatch.objects.create(claim=heard, candidate=told, score=0.9)
    second = ClaimMatch.objects.create(claim=again, candidate=told, score=0.9)

    result = race(
        lambda: workflow.confirm_match(
            ClaimMatch.objects.get(pk=first.pk), actor=editor
        ),
        lambda: workflow.confirm_match(
            ClaimMatch.objects.get(pk=second.pk), actor=standards_editor
        ),
    )

    assert result.status == MatchStatus.CONFIRMED
    group = ClaimGroup.objects.get()
    assert {m.claim_id for m in group.members.all()} == {told.pk, heard.pk, again.pk}
    assert (
        AuditEntry.objects.filter(action=AuditAction.CLAIM_MATCH_CONFIRM).count() == 2
    )
