"""Who may do what, and which moves exist: the rules of the desk as data.

The admin asks the same ``can_…`` functions before it offers a button, so the UI
never disagrees with the workflow.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from coverage.models import VERDICT_STATUSES, Article, Claim, ClaimStatus, Correction

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


class WorkflowPermissionDenied(PermissionDenied):
    """The actor may not do this, whatever state the object is in."""


class InvalidTransition(ValidationError):
    """The move is not possible from the object's current state."""


class StaleEdit(Exception):
    """Someone else changed the object after the actor loaded it."""


# Who may do what. Each takes the user and the object (None asks "ever?").


def _has(user, codename: str) -> bool:
    return user.is_active and user.has_perm(f"coverage.{codename}")


def can_add_claim(user, claim: Claim | None) -> bool:
    return _has(user, "add_claim")


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
    """Publishing is a second person's act: the two-person rule. Nobody who wrote
    or changed the content (its author, anyone who edited the draft, before or
    after a return) may approve it; superusers neither."""
    if not _has(user, "publish_correction"):
        return False
    return correction is None or not is_contributor(user, correction)


def is_contributor(user, correction: Correction) -> bool:
    """Reads the contributors the caller prefetched, if it did (the desk page)."""
    return correction.author_id == user.pk or any(
        contributor.user_id == user.pk for contributor in correction.contributors.all()
    )


def can_supersede_correction(user, correction: Correction | None) -> bool:
    """Amending a published correction starts as an ordinary draft."""
    article = correction.article if correction is not None else None
    return can_draft_correction(user, article)


def refuse(allowed: bool, actor, doing: str) -> None:
    if not allowed:
        raise WorkflowPermissionDenied(f"{actor} may not {doing}.")


def label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label).lower()


def require_text(**values: str) -> None:
    missing = [name.replace("_", " ") for name, value in values.items() if not value]
    if missing:
        raise ValidationError(f"A {' and a '.join(missing)} is required.")


def message_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
