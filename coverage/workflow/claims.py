"""Claims: review, verdict, reopening, assignment and form edits."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coverage import matching, webhooks
from coverage.models import VERDICT_STATUSES, AuditAction, Claim
from coverage.notifications import notify_assignee
from coverage.workflow.records import (
    changes_since,
    proposed_changes,
    record,
    snapshot,
    write_if_unchanged,
)
from coverage.workflow.rules import (
    ALLOWED_TRANSITIONS,
    MOVES,
    InvalidTransition,
    Status,
    can_add_claim,
    can_amend_verdict_summary,
    can_assign,
    can_edit_claim,
    can_give_verdict,
    can_reopen,
    can_rewrite_proposition,
    can_start_review,
    is_fact_check_published,
    label,
    refuse,
    require_text,
)

CLAIM_EDITABLE_FIELDS = frozenset({"story", "claimant", "internal_notes", "assignee"})
"""The verdict summary is not among them: it comes with the verdict, and a
published one is reworded only by ``amend_verdict_summary``."""
CLAIM_PUBLIC_FIELDS = frozenset({"story", "claimant"})
"""Fields a published claim shows readers: editing them changes the public record."""


def _move_claim(
    claim: Claim,
    *,
    actor,
    action: AuditAction,
    to_status: str,
    note: str,
    public: bool = False,
    announce=(),
    **values,
) -> Claim:
    """Each of ``announce(claim, entry=...)`` writes the e-mails or webhook
    deliveries the move calls for, in its transaction."""
    before = snapshot(claim, ["status", *values])
    write_if_unchanged(claim, seen_version=claim.version, status=to_status, **values)
    entry = record(
        actor,
        action,
        claim,
        changes=changes_since(before, claim),
        note=note,
        public=public,
    )
    for announcement in announce:
        announcement(claim, entry=entry)
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
        from_statuses=MOVES["start_review"].from_,
    )
    assignee = claim.assignee or actor
    return _move_claim(
        claim,
        actor=actor,
        action=AuditAction.CLAIM_START_REVIEW,
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
        claim, verdict, doing="give a verdict on", from_statuses=MOVES["verdict"].from_
    )
    return _move_claim(
        claim,
        actor=actor,
        action=AuditAction.CLAIM_VERDICT,
        to_status=verdict,
        note=note,
        public=True,
        announce=[webhooks.claim_verdict],
        verdict_summary=public_summary.strip(),
        verdict_published_at=timezone.now(),
    )


@transaction.atomic
def reopen(claim: Claim, *, actor, note: str) -> Claim:
    """Withdraw a verdict from the public and take the claim back into review.

    The old verdict and summary stay in the audit row (its changes and note), so
    the record shows what readers saw until now."""
    refuse(can_reopen(actor, claim), actor, "reopen claims")
    require_text(note=note.strip())
    _check_claim_move(
        claim, Status.IN_REVIEW, doing="reopen", from_statuses=MOVES["reopen"].from_
    )
    previous = (
        f"{note}\n\nPrevious verdict: {label(Status, claim.status)}. "
        f"Previous summary: {claim.verdict_summary}"
    )
    return _move_claim(
        claim,
        actor=actor,
        action=AuditAction.CLAIM_REOPEN,
        to_status=Status.IN_REVIEW,
        note=previous,
        public=True,
        verdict_published_at=None,
    )


def _check_assignment(claim: Claim, assignee) -> None:
    if not MOVES["assign"].is_possible(claim):
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
        action=AuditAction.CLAIM_ASSIGN,
        to_status=claim.status,
        note=note or f"Assigned to {assignee or 'nobody'}.",
        announce=[notify_assignee],
        assignee=assignee,
    )


@transaction.atomic
def update_claim(claim: Claim, *, actor, seen_version: int, **fields) -> Claim:
    """Save an editor's form edits, refused if the claim changed since they opened it.

    Status and verdict stamps move only through the transitions above; a new
    assignee is an assignment and leaves its audit row."""
    refuse(can_edit_claim(actor, claim), actor, "edit claims")
    if "verdict_summary" in fields:
        raise ValidationError(
            f"Cannot edit the verdict summary of claim {claim.pk} with the claim's "
            "other fields: it comes with the verdict, and a published one is "
            "amended on its own (amend_verdict_summary)."
        )
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
    if "story" in fields:
        clash = Claim.objects.filter(
            story=fields["story"], fingerprint=current.fingerprint
        ).exclude(pk=claim.pk)
        if fields["story"] is not None and clash.exists():
            raise ValidationError(
                f"Story “{fields['story']}” already has this claim (claim "
                f"{clash.first().pk}); link them as duplicates instead."
            )
    changes = proposed_changes(current, fields)
    if not changes:
        return claim
    try:
        with transaction.atomic():
            write_if_unchanged(claim, seen_version=seen_version, **fields)
    except IntegrityError as error:
        raise ValidationError(f"Cannot save claim {claim.pk}: {error}") from error
    entry = record(
        actor,
        AuditAction.CLAIM_ASSIGN
        if set(changes) == {"assignee"}
        else AuditAction.CLAIM_EDIT,
        claim,
        changes=changes,
        note="From the claim form.",
        public=claim.verdict_published_at is not None
        and bool(CLAIM_PUBLIC_FIELDS & set(changes)),
    )
    if reassigning:
        notify_assignee(claim, entry=entry)
    return claim


@transaction.atomic
def create_claim(
    *,
    actor,
    text: str,
    story=None,
    claimant=None,
    internal_notes: str = "",
) -> Claim:
    """Add a claim by hand; it starts unreviewed, like an imported one."""
    refuse(can_add_claim(actor, None), actor, "add claims")
    require_text(text=text.strip())
    claim = Claim(
        text=text.strip(), story=story, claimant=claimant, internal_notes=internal_notes
    )
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError as error:
        raise ValidationError(f"Cannot add the claim: {error}") from error
    matching.suggest_on_commit([claim.pk])
    record(
        actor,
        AuditAction.CLAIM_CREATE,
        claim,
        changes={
            name: (None, getattr(claim, name))
            for name in ["text", "story", "claimant", "internal_notes"]
            if getattr(claim, name)
        },
    )
    return claim


@transaction.atomic
def amend_verdict_summary(
    claim: Claim,
    *,
    actor,
    summary: str,
    note: str = "",
    seen_version: int | None = None,
) -> Claim:
    """Reword the public summary of a published verdict, on the record.

    Readers saw the old wording: the audit row keeps it and is public, so the
    pages' signatures follow. The verdict itself changes only by reopening."""
    refuse(can_amend_verdict_summary(actor, claim), actor, "amend verdict summaries")
    # The admin hands over its form's instance, already carrying the new summary.
    current = Claim.objects.get(pk=claim.pk)
    if not is_fact_check_published(current):
        raise InvalidTransition(
            f"Cannot amend the verdict summary of claim {claim.pk}: it is "
            f"{label(Status, current.status)}, not published."
        )
    require_text(summary=summary.strip())
    changes = proposed_changes(current, {"verdict_summary": summary.strip()})
    if not changes:
        return claim
    write_if_unchanged(
        claim,
        seen_version=claim.version if seen_version is None else seen_version,
        verdict_summary=summary.strip(),
    )
    record(
        actor,
        AuditAction.CLAIM_AMEND_SUMMARY,
        claim,
        changes=changes,
        note=note,
        public=True,
    )
    return claim


@transaction.atomic
def rewrite_proposition(
    claim: Claim,
    *,
    actor,
    proposition: str,
    note: str = "",
    seen_version: int | None = None,
) -> Claim:
    """Reword what the claim asserts, as a checker writes it; the quote stays.

    The proposition is the headline of a published fact check, so rewording a
    published one is a public change (its audit row is public)."""
    refuse(can_rewrite_proposition(actor, claim), actor, "rewrite propositions")
    current = Claim.objects.get(pk=claim.pk)
    wording = " ".join(proposition.split())
    require_text(proposition=wording)
    changes = proposed_changes(current, {"proposition": wording})
    if not changes:
        return claim
    write_if_unchanged(
        claim,
        seen_version=current.version if seen_version is None else seen_version,
        proposition=wording,
    )
    record(
        actor,
        AuditAction.CLAIM_REWRITE_PROPOSITION,
        claim,
        changes=changes,
        note=note,
        public=is_fact_check_published(current),
    )
    return claim
