"""Every change of state on the standards desk: claims and corrections.

Each function checks, in order, that the actor may act (``WorkflowPermissionDenied``),
that the move is possible from the current state (``InvalidTransition``), writes with
a filtered ``update()`` that also checks the version the actor saw (``StaleEdit``),
and writes its audit row in the same transaction. The admin's buttons and actions
ask the same ``can_…`` functions before offering a move, so the UI never disagrees
with the rule.
"""

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from coverage.models import (
    VERDICT_STATUSES,
    Article,
    Claim,
    ClaimStatus,
    Correction,
    VerificationEvent,
)

Status = ClaimStatus
CorrectionStatus = Correction.Status

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.UNREVIEWED: frozenset({Status.IN_REVIEW}),
    Status.IN_REVIEW: VERDICT_STATUSES,
    **{verdict: frozenset({Status.IN_REVIEW}) for verdict in VERDICT_STATUSES},
}
"""Claim status → statuses it may move to. A verdict is only given from review;
a verdict is only undone by reopening it into review."""

ASSIGNABLE_STATUSES = frozenset({Status.UNREVIEWED, Status.IN_REVIEW})

CORRECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    CorrectionStatus.DRAFT: frozenset({CorrectionStatus.SUBMITTED}),
    CorrectionStatus.SUBMITTED: frozenset(
        {CorrectionStatus.PUBLISHED, CorrectionStatus.DRAFT}
    ),
    CorrectionStatus.PUBLISHED: frozenset(),
}
"""A published correction never changes; it is amended by a new one."""

CLAIM_EDITABLE_FIELDS = frozenset(
    {"story", "claimant", "internal_notes", "verdict_summary", "assignee"}
)
CORRECTION_EDITABLE_FIELDS = frozenset(
    {"kind", "what_was_wrong", "what_is_right", "public_explanation", "claim"}
)


class WorkflowPermissionDenied(PermissionDenied):
    """The actor may not do this, whatever state the object is in."""


class InvalidTransition(ValidationError):
    """The move is not possible from the object's current state."""


class StaleEdit(Exception):
    """Someone else changed the object after the actor loaded it."""


# Who may do what. Each takes the user and the object (None asks "ever?").


def _has(user, codename: str) -> bool:
    return user.is_active and user.has_perm(f"coverage.{codename}")


def can_edit_claim(user, claim: Claim | None) -> bool:
    return _has(user, "change_claim")


def can_start_review(user, claim: Claim | None) -> bool:
    return _has(user, "review_claim")


def can_give_verdict(user, claim: Claim | None) -> bool:
    return _has(user, "review_claim")


def can_reopen(user, claim: Claim | None) -> bool:
    return _has(user, "reopen_claim")


def can_assign(user, claim: Claim | None) -> bool:
    return _has(user, "assign_claim")


def can_draft_correction(user, article: Article | None) -> bool:
    return _has(user, "add_correction")


def can_edit_correction(user, correction: Correction | None) -> bool:
    """Drafts belong to their author; editors may tidy anyone's draft."""
    if not _has(user, "change_correction"):
        return False
    if correction is None or correction.author_id == user.pk:
        return True
    return _has(user, "submit_correction")


def can_submit_correction(user, correction: Correction | None) -> bool:
    return _has(user, "submit_correction")


def can_return_correction(user, correction: Correction | None) -> bool:
    """Sending a submitted correction back to draft is the approver's call."""
    return _has(user, "publish_correction")


def can_publish_correction(user, correction: Correction | None) -> bool:
    """Publishing is a second person's act: the two-person rule. Superusers too."""
    if not _has(user, "publish_correction"):
        return False
    return correction is None or correction.author_id != user.pk


def can_supersede_correction(user, correction: Correction | None) -> bool:
    """Amending a published correction starts as an ordinary draft."""
    article = correction.article if correction is not None else None
    return can_draft_correction(user, article)


# Shared steps.


def _refuse(allowed: bool, actor, doing: str) -> None:
    if not allowed:
        raise WorkflowPermissionDenied(f"{actor} may not {doing}.")


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label).lower()


def _require_text(**values: str) -> None:
    missing = [name.replace("_", " ") for name, value in values.items() if not value]
    if missing:
        raise ValidationError(f"A {' and a '.join(missing)} is required.")


def _write(obj: Claim | Correction, *, seen_version: int, **values) -> None:
    """Update the row only if it is still the version the actor saw."""
    model = type(obj)
    updated = model.objects.filter(pk=obj.pk, version=seen_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(
            f"{model._meta.verbose_name.capitalize()} {obj.pk} was changed by someone "
            "else after you opened it. Reload the page to see their changes; yours "
            "were not saved."
        )
    obj.refresh_from_db()


def _log_history(actor, obj: models.Model, message: str) -> None:
    """The admin's History page for the object shows every workflow step."""
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
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
    _write(claim, seen_version=claim.version, status=to_status, **values)
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
    _log_history(actor, claim, f"{action_label}: {note}" if note else action_label)
    return claim


def _check_claim_move(
    claim: Claim, to_status: str, *, doing: str, from_statuses: Iterable[str]
) -> None:
    legal = claim.status in from_statuses
    if not legal or to_status not in ALLOWED_TRANSITIONS[claim.status]:
        labels = sorted(_label(Status, s) for s in from_statuses)
        expected = " or ".join(filter(None, [", ".join(labels[:-1]), labels[-1]]))
        raise InvalidTransition(
            f"Cannot {doing} claim {claim.pk}: it is {_label(Status, claim.status)}, "
            f"not {expected}."
        )


def _check_correction_move(correction: Correction, to_status: str, doing: str) -> None:
    if to_status not in CORRECTION_TRANSITIONS[correction.status]:
        sources = [
            s for s, targets in CORRECTION_TRANSITIONS.items() if to_status in targets
        ]
        expected = " or ".join(_label(CorrectionStatus, s) for s in sources)
        raise InvalidTransition(
            f"Cannot {doing} correction {correction.pk}: it is "
            f"{correction.status}, not {expected}."
        )


# Claims.


@transaction.atomic
def start_review(claim: Claim, *, actor, note: str = "") -> Claim:
    """Take a claim into review; an unassigned claim goes to whoever starts it."""
    _refuse(can_start_review(actor, claim), actor, "start reviews")
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
    _refuse(can_give_verdict(actor, claim), actor, "give verdicts")
    if verdict not in VERDICT_STATUSES:
        raise ValidationError(f"'{verdict}' is not a verdict.")
    _require_text(note=note.strip(), public_summary=public_summary.strip())
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
    _refuse(can_reopen(actor, claim), actor, "reopen claims")
    _require_text(note=note.strip())
    _check_claim_move(
        claim, Status.IN_REVIEW, doing="reopen", from_statuses=VERDICT_STATUSES
    )
    previous = (
        f"{note}\n\nPrevious verdict: {_label(Status, claim.status)}. "
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
            f"Cannot assign claim {claim.pk}: it is {_label(Status, claim.status)}, "
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
    _refuse(can_assign(actor, claim), actor, "assign claims")
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
    _refuse(can_edit_claim(actor, claim), actor, "edit claims")
    unknown = set(fields) - CLAIM_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            f"Cannot edit {', '.join(sorted(unknown))} of claim {claim.pk}: "
            "status changes only through review transitions."
        )
    current = Claim.objects.get(pk=claim.pk)
    reassigning = "assignee" in fields and fields["assignee"] != current.assignee
    if reassigning:
        _refuse(can_assign(actor, claim), actor, "assign claims")
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
            _write(claim, seen_version=seen_version, **fields)
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


# Corrections.


@transaction.atomic
def draft_correction(
    article: Article,
    *,
    actor,
    kind: str,
    what_was_wrong: str,
    what_is_right: str,
    public_explanation: str,
    claim: Claim | None = None,
    supersedes: Correction | None = None,
) -> Correction:
    """Start a correction on an article, optionally about one of its claims."""
    _refuse(can_draft_correction(actor, article), actor, "draft corrections")
    _require_text(
        what_was_wrong=what_was_wrong.strip(),
        public_explanation=public_explanation.strip(),
    )
    if kind not in Correction.Kind.values:
        raise ValidationError(f"'{kind}' is not a kind of correction.")
    if claim is not None and not claim.appearances.filter(article=article).exists():
        raise ValidationError(
            f"Claim {claim.pk} does not appear in article {article.pk}."
        )
    correction = Correction.objects.create(
        article=article,
        claim=claim,
        kind=kind,
        what_was_wrong=what_was_wrong,
        what_is_right=what_is_right,
        public_explanation=public_explanation,
        author=actor,
        supersedes=supersedes,
    )
    return correction


@transaction.atomic
def update_correction(
    correction: Correction, *, actor, seen_version: int, **fields
) -> Correction:
    """Edit a draft. Submitted and published corrections are read-only."""
    _refuse(can_edit_correction(actor, correction), actor, "edit this correction")
    unknown = set(fields) - CORRECTION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            f"Cannot edit {', '.join(sorted(unknown))} of correction {correction.pk}."
        )
    if correction.status != CorrectionStatus.DRAFT:
        raise InvalidTransition(
            f"Cannot edit correction {correction.pk}: it is {correction.status}, "
            "not draft."
        )
    _write(
        correction,
        seen_version=seen_version,
        status=CorrectionStatus.DRAFT,
        **fields,
    )
    return correction


def _move_correction(
    correction: Correction, *, actor, to_status: str, message: str, **values
) -> Correction:
    _write(correction, seen_version=correction.version, status=to_status, **values)
    _log_history(actor, correction, message)
    return correction


@transaction.atomic
def submit_correction(correction: Correction, *, actor) -> Correction:
    _refuse(can_submit_correction(actor, correction), actor, "submit corrections")
    _check_correction_move(correction, CorrectionStatus.SUBMITTED, "submit")
    return _move_correction(
        correction,
        actor=actor,
        to_status=CorrectionStatus.SUBMITTED,
        message="Submitted for approval.",
        submitted_at=timezone.now(),
    )


@transaction.atomic
def return_correction(correction: Correction, *, actor, note: str = "") -> Correction:
    """Send a submitted correction back to its author as a draft."""
    _refuse(can_return_correction(actor, correction), actor, "return corrections")
    _check_correction_move(correction, CorrectionStatus.DRAFT, "return")
    return _move_correction(
        correction,
        actor=actor,
        to_status=CorrectionStatus.DRAFT,
        message=f"Returned to draft. {note}".strip(),
        submitted_at=None,
    )


@transaction.atomic
def publish_correction(correction: Correction, *, actor) -> Correction:
    """Publish for good; a retraction retracts its article in the same transaction."""
    if not can_publish_correction(actor, correction):
        raise WorkflowPermissionDenied(
            f"{actor} may not publish correction {correction.pk}: it needs a "
            "standards editor who did not write it (two-person rule)."
        )
    _check_correction_move(correction, CorrectionStatus.PUBLISHED, "publish")
    now = timezone.now()
    _move_correction(
        correction,
        actor=actor,
        to_status=CorrectionStatus.PUBLISHED,
        message="Approved and published.",
        approver=actor,
        published_at=now,
    )
    if correction.kind == Correction.Kind.RETRACTION:
        Article.objects.filter(pk=correction.article_id, is_retracted=False).update(
            is_retracted=True, retracted_at=now, updated_at=now
        )
    return correction


@transaction.atomic
def supersede_correction(
    old: Correction,
    *,
    actor,
    kind: str | None = None,
    what_was_wrong: str | None = None,
    what_is_right: str | None = None,
    public_explanation: str | None = None,
) -> Correction:
    """Draft the amendment of a published correction, starting from its text.

    The old correction stays published and unchanged; publishing the new draft
    (the ordinary publish, two-person rule and all) puts both in the log, linked."""
    _refuse(can_supersede_correction(actor, old), actor, "draft corrections")
    if not old.is_published:
        raise InvalidTransition(
            f"Cannot supersede correction {old.pk}: it is {old.status}, not published."
        )
    successor = Correction.objects.filter(supersedes=old).first()
    if successor is not None:
        raise InvalidTransition(
            f"Cannot supersede correction {old.pk}: correction {successor.pk} "
            "already supersedes it."
        )
    return draft_correction(
        old.article,
        actor=actor,
        kind=kind or old.kind,
        what_was_wrong=what_was_wrong or old.what_was_wrong,
        what_is_right=what_is_right if what_is_right is not None else old.what_is_right,
        public_explanation=public_explanation or old.public_explanation,
        claim=old.claim,
        supersedes=old,
    )


def apply_to_each(objects: Iterable, move, **kwargs) -> tuple[list, list[str]]:
    """Run one workflow move per object, each in its own transaction, for bulk
    actions: one refusal does not undo the others. Returns (done, refusals)."""
    done, refusals = [], []
    for obj in objects:
        try:
            done.append(move(obj, **kwargs))
        except (WorkflowPermissionDenied, ValidationError, StaleEdit) as error:
            refusals.append(message_of(error))
    return done, refusals


def message_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
