"""Unacknowledged changes: raised by a re-import, then linked or dismissed.

    (re-import, substantive, no notice, no correction since) ──▶ open
    open ──link (to a correction, or one drafted from it)──▶ linked
         ──dismiss (with a reason)─────────────────────────▶ dismissed

An outlet's own notice in the new text ("Correction: ...") is kept on the graded
revision instead: the outlet acknowledged the change, nothing is raised. Each
function writes one audit row on the change in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coverage.models import (
    ArticleRevision,
    AuditAction,
    ChangeGrade,
    ChangeStatus,
    Correction,
    UnacknowledgedChange,
)
from coverage.workflow.corrections import draft_correction
from coverage.workflow.records import (
    changes_since,
    record,
    snapshot,
    write_if_unchanged,
)
from coverage.workflow.rules import (
    MOVES,
    InvalidTransition,
    can_decide_change,
    label,
    refuse,
    require_text,
)


def raise_unacknowledged_change(
    revision: ArticleRevision, *, actor, previous_version_at: datetime.datetime
) -> UnacknowledgedChange | None:
    """Called by the importer in its transaction, once the new text is saved over
    ``revision``: a substantive change neither the outlet's notice nor a
    correction published since the previous version (``previous_version_at``)
    accounts for goes to the desk."""
    if revision.grade != ChangeGrade.SUBSTANTIVE or revision.acknowledged_by_outlet:
        return None
    article = revision.article
    corrected = Correction.objects.published().filter(
        article=article, published_at__gte=previous_version_at
    )
    if corrected.exists():
        return None
    change = UnacknowledgedChange.objects.create(
        article=article, revision=revision, seen_at=revision.replaced_at, seen_by=actor
    )
    record(
        actor,
        AuditAction.CHANGE_RAISE,
        change,
        changes={"status": (None, change.status), "reasons": (None, revision.reasons)},
        note=f"Article {article.pk} ({article.outlet}) changed without a notice; "
        f"the old text is revision {revision.pk}.",
    )
    return change


def _check_change_move(change: UnacknowledgedChange, move: str) -> None:
    rule = MOVES[move]
    if rule.is_possible(change):
        return
    expected = " or ".join(sorted(label(ChangeStatus, s) for s in rule.from_))
    raise InvalidTransition(
        f"Cannot {rule.label.lower()} change {change.pk}: it is "
        f"{label(ChangeStatus, change.status)}, not {expected}."
    )


def _decide(change: UnacknowledgedChange, *, actor, action, note="", **values):
    values.update(decided_by=actor, decided_at=timezone.now())
    before = snapshot(change, values)
    write_if_unchanged(change, seen_version=change.version, **values)
    record(actor, action, change, changes=changes_since(before, change), note=note)


def describe(change: UnacknowledgedChange) -> str:
    """The change in a sentence: what a correction drafted from it starts with."""
    return (
        f"{change.article.outlet} changed the article after publication without "
        f"a correction: {'; '.join(change.revision.reasons)}."
    )


@transaction.atomic
def link_change(
    change: UnacknowledgedChange,
    *,
    actor,
    correction: Correction | None = None,
    kind: str = Correction.Kind.CORRECTION,
    what_was_wrong: str = "",
    what_is_right: str = "",
    public_explanation: str = "",
    note: str = "",
) -> Correction:
    """The change is a correction's business: link it to ``correction`` (of the
    same article), or draft one from it (the ordinary draft, submitted and
    approved by two people as any other)."""
    refuse(can_decide_change(actor, change), actor, "link unacknowledged changes")
    _check_change_move(change, "link_change")
    if correction is None:
        described = describe(change)
        correction = draft_correction(
            change.article,
            actor=actor,
            kind=kind,
            what_was_wrong=what_was_wrong or described,
            what_is_right=what_is_right,
            public_explanation=public_explanation or described,
        )
    elif correction.article_id != change.article_id:
        raise ValidationError(
            f"Correction {correction.pk} is on another article than change {change.pk}."
        )
    _decide(
        change,
        actor=actor,
        action=AuditAction.CHANGE_LINK,
        note=note,
        status=ChangeStatus.LINKED,
        correction=correction,
    )
    return correction


@transaction.atomic
def dismiss_change(
    change: UnacknowledgedChange, *, actor, reason: str
) -> UnacknowledgedChange:
    """Nothing to correct (a figure updated as news moved on, a name spelt as the
    person asked): the reason stays on the record."""
    refuse(can_decide_change(actor, change), actor, "dismiss unacknowledged changes")
    require_text(reason=reason.strip())
    _check_change_move(change, "dismiss_change")
    _decide(
        change,
        actor=actor,
        action=AuditAction.CHANGE_DISMISS,
        status=ChangeStatus.DISMISSED,
        dismiss_reason=reason.strip(),
    )
    return change
