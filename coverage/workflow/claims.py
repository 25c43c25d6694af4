"""Claims: review, verdict, reopening, assignment and form edits."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coverage.models import VERDICT_STATUSES, Claim, VerificationEvent
from coverage.workflow.records import log_history, write_if_unchanged
from coverage.workflow.rules import (
    ALLOWED_TRANSITIONS,
    ASSIGNABLE_STATUSES,
    InvalidTransition,
    Status,
    can_assign,
    can_edit_claim,
    can_give_verdict,
    can_reopen,
    can_start_review,
    label,
    refuse,
    require_text,
)

CLAIM_EDITABLE_FIELDS = frozenset(
    {"story", "claimant", "internal_notes", "verdict_summary", "assignee"}
)


def _move_claim(
    claim: Claim,
    *,
    actor,
    action: str,
    to_status: str,
    note: str,
    event_note: str | None = None,
    **values,
) -> Claim:
    from_status = claim.status
    write_if_unchanged(claim, seen_version=claim.version, status=to_status, **values)
    VerificationEvent.objects.create(
        claim=claim,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        assignee=claim.assignee,
        note=event_note if event_note is not None else note,
    )
    action_label = VerificationEvent.Action(action).label
    log_history(actor, claim, f"{action_label}: {note}" if note else action_label)
    return claim


def _check_claim_move(
    claim: Claim, to_status: str, *, doing: str, from_statuses: Iterable[str]
) -> None:
    legal = claim.status in from_statuses
    if not legal or to_status not in ALLOWED_TRANSITIONS[claim.status]:
        labels = sorted(label(Status, s) for s in from_statuses)
        expected = " or ".join(filter(None, [", ".join(labels[:-1]), labels[-1]]))
        raise InvalidTransition(
            f"Cannot {doing} claim {claim.pk}: it is {label(Status, claim.status)}, "
            f"not {expected}."
        )


@transaction.atomic
def start_review(claim: Claim, *, actor, note: str = "") -> Claim:
    """Take a claim into review; an unassigned claim goes to whoever starts it."""
    refuse(can_start_review(actor, claim), actor, "start reviews")
    _check_claim_move(
        claim,
        Status.IN_REVIEW,
        doing="start review on",
        from_statuses=[Status.UNREVIEWED],
    )
    assignee = claim.assignee or actor
    return _move_claim(
        claim,
        actor=actor,
        action=VerificationEvent.Action.START_REVIEW,
        to_status=Status.IN_REVIEW,
        note=note,
        assignee=assignee,
    )


@transaction.atomic
def give_verdict(
    claim: Claim, *, actor, verdict: str, note: str, public_summary: str
) -> Claim:
    """The verdict and its summary are published at once: that makes a claim public."""
    refuse(can_give_verdict(actor, claim), actor, "give verdicts")
    if verdict not in VERDICT_STATUSES:
        raise ValidationError(f"'{verdict}' is not a verdict.")
    require_text(note=note.strip(), public_summary=public_summary.strip())
    _check_claim_move(
        claim, verdict, doing="give a verdict on", from_statuses=[Status.IN_REVIEW]
    )
    return _move_claim(
        claim,
        actor=actor,
        action=VerificationEvent.Action.VERDICT,
        to_status=verdict,
        note=note,
        verdict_summary=public_summary.strip(),
        verdict_published_at=timezone.now(),
    )


@transaction.atomic
def reopen(claim: Claim, *, actor, note: str) -> Claim:
    """Withdraw a verdict from the public and take the claim back into review.

    The old verdict and summary stay in the audit row, so the record shows what
    readers saw until now."""
    refuse(can_reopen(actor, claim), actor, "reopen claims")
    require_text(note=note.strip())
    _check_claim_move(
        claim, Status.IN_REVIEW, doing="reopen", from_statuses=VERDICT_STATUSES
    )
    previous = (
        f"{note}\n\nPrevious verdict: {label(Status, claim.status)}. "
        f"Previous summary: {claim.verdict_summary}"
    )
    return _move_claim(
        claim,
        actor=actor,
        action=VerificationEvent.Action.REOPEN,
        to_status=Status.IN_REVIEW,
        note=note,
        event_note=previous,
        verdict_published_at=None,
    )


def _check_assignment(claim: Claim, assignee) -> None:
    if claim.status not in ASSIGNABLE_STATUSES:
        raise InvalidTransition(
            f"Cannot assign claim {claim.pk}: it is {label(Status, claim.status)}, "
            "not unreviewed or in review."
        )
    if assignee is not None and not assignee.is_active:
        raise ValidationError(f"{assignee} is not an active user.")
    if claim.assignee_id == (assignee.pk if assignee else None):
        who = assignee or "nobody"
        raise InvalidTransition(f"Claim {claim.pk} is already assigned to {who}.")


@transaction.atomic
def assign(claim: Claim, *, actor, assignee, note: str = "") -> Claim:
    """Give a claim to someone (or to nobody, with ``assignee=None``)."""
    refuse(can_assign(actor, claim), actor, "assign claims")
    _check_assignment(claim, assignee)
    return _move_claim(
        claim,
        actor=actor,
        action=VerificationEvent.Action.ASSIGN,
        to_status=claim.status,
        note=note or f"Assigned to {assignee or 'nobody'}.",
        assignee=assignee,
    )


@transaction.atomic
def update_claim(claim: Claim, *, actor, seen_version: int, **fields) -> Claim:
    """Save an editor's form edits, refused if the claim changed since they opened it.

    Status and verdict stamps move only through the transitions above; a new
    assignee is an assignment and leaves its audit row."""
    refuse(can_edit_claim(actor, claim), actor, "edit claims")
    unknown = set(fields) - CLAIM_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            f"Cannot edit {', '.join(sorted(unknown))} of claim {claim.pk}: "
            "status changes only through review transitions."
        )
    current = Claim.objects.get(pk=claim.pk)
    reassigning = "assignee" in fields and fields["assignee"] != current.assignee
    if reassigning:
        refuse(can_assign(actor, claim), actor, "assign claims")
        _check_assignment(current, fields["assignee"])
    if (
        current.status in VERDICT_STATUSES
        and not fields.get("verdict_summary", current.verdict_summary).strip()
    ):
        raise ValidationError(f"Claim {claim.pk} has a verdict: it needs a summary.")
    if "story" in fields:
        clash = Claim.objects.filter(
            story=fields["story"], fingerprint=current.fingerprint
        ).exclude(pk=claim.pk)
        if fields["story"] is not None and clash.exists():
            raise ValidationError(
                f"Story “{fields['story']}” already has this claim (claim "
                f"{clash.first().pk}); link them as duplicates instead."
            )
    try:
        with transaction.atomic():
            write_if_unchanged(claim, seen_version=seen_version, **fields)
    except IntegrityError as error:
        raise ValidationError(f"Cannot save claim {claim.pk}: {error}") from error
    if reassigning:
        VerificationEvent.objects.create(
            claim=claim,
            actor=actor,
            action=VerificationEvent.Action.ASSIGN,
            from_status=claim.status,
            to_status=claim.status,
            assignee=claim.assignee,
            note=f"Assigned to {claim.assignee or 'nobody'} from the claim form.",
        )
    return claim
