"""Corrections: draft, submit, return, publish (two people) and supersede."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coverage import webhooks
from coverage.models import (
    LATE_CORRECTION_DAYS,
    Article,
    AuditAction,
    Claim,
    Correction,
    CorrectionContributor,
)
from coverage.notifications import notify_author, notify_awaiting_approval
from coverage.workflow.records import (
    changes_since,
    proposed_changes,
    record,
    snapshot,
    write_if_unchanged,
)
from coverage.workflow.rules import (
    CORRECTION_TRANSITIONS,
    CorrectionStatus,
    InvalidTransition,
    WorkflowPermissionDenied,
    can_draft_correction,
    can_edit_correction,
    can_publish_correction,
    can_return_correction,
    can_submit_correction,
    can_supersede_correction,
    is_contributor,
    label,
    refuse,
    require_text,
)

CORRECTION_EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "what_was_wrong",
        "what_is_right",
        "public_explanation",
        "claim",
        "late_note",
    }
)


def _check_correction_move(correction: Correction, to_status: str, doing: str) -> None:
    if to_status not in CORRECTION_TRANSITIONS[correction.status]:
        sources = [
            s for s, targets in CORRECTION_TRANSITIONS.items() if to_status in targets
        ]
        expected = " or ".join(label(CorrectionStatus, s) for s in sources)
        raise InvalidTransition(
            f"Cannot {doing} correction {correction.pk}: it is "
            f"{correction.status}, not {expected}."
        )


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
    late_note: str = "",
) -> Correction:
    """Start a correction on an article, optionally about one of its claims; with
    ``supersedes``, the amendment of a published one (recorded as such)."""
    refuse(can_draft_correction(actor, article), actor, "draft corrections")
    require_text(
        what_was_wrong=what_was_wrong.strip(),
        public_explanation=public_explanation.strip(),
    )
    if kind not in Correction.Kind.values:
        raise ValidationError(f"'{kind}' is not a kind of correction.")
    _check_claim_in_article(claim, article.pk)
    correction = Correction.objects.create(
        article=article,
        claim=claim,
        kind=kind,
        what_was_wrong=what_was_wrong,
        what_is_right=what_is_right,
        public_explanation=public_explanation,
        late_note=late_note,
        author=actor,
        supersedes=supersedes,
    )
    CorrectionContributor.objects.create(correction=correction, user=actor)
    record(
        actor,
        AuditAction.CORRECTION_SUPERSEDE
        if supersedes
        else AuditAction.CORRECTION_DRAFT,
        correction,
        changes={
            name: (None, getattr(correction, name))
            for name in ["article", *sorted(CORRECTION_EDITABLE_FIELDS), "supersedes"]
            if getattr(correction, name) not in (None, "")
        },
        note=f"Amends correction {supersedes.pk}." if supersedes else "",
    )
    return correction


def _require_late_note(correction: Correction, *, at) -> None:
    """Readers are told why a correction came late; the desk, before it is sent."""
    if correction.is_late(at) and not correction.late_note.strip():
        raise ValidationError(
            f"Correction {correction.pk} comes {correction.days_after_article(at)} "
            f"days after its article (more than {LATE_CORRECTION_DAYS}): add a public "
            "note saying why it came late."
        )


def _check_claim_in_article(claim: Claim | None, article_id: int) -> None:
    """A correction about a claim corrects that claim where the article quotes it."""
    if claim is not None and not claim.appearances.filter(article=article_id).exists():
        raise ValidationError(
            f"Claim {claim.pk} does not appear in article {article_id}."
        )


@transaction.atomic
def update_correction(
    correction: Correction, *, actor, seen_version: int, **fields
) -> Correction:
    """Edit a draft; whoever changes its content becomes a contributor, whom the
    two-person rule keeps from approving it. Submitted and published corrections
    are read-only (the database refuses too). Saving nothing new changes nothing."""
    refuse(can_edit_correction(actor, correction), actor, "edit this correction")
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
    # The admin hands over its form's instance, already carrying the new values.
    changes = proposed_changes(Correction.objects.get(pk=correction.pk), fields)
    if not changes:
        return correction
    changed = {name: new for name, (_old, new) in changes.items()}
    if "claim" in changed:
        _check_claim_in_article(changed["claim"], correction.article_id)
    write_if_unchanged(
        correction,
        seen_version=seen_version,
        status=CorrectionStatus.DRAFT,
        **changed,
    )
    CorrectionContributor.objects.get_or_create(correction=correction, user=actor)
    record(actor, AuditAction.CORRECTION_EDIT, correction, changes=changes)
    return correction


def _move_correction(
    correction: Correction,
    *,
    actor,
    action: AuditAction,
    to_status: str,
    note: str = "",
    public: bool = False,
    announce=(),
    **values,
) -> Correction:
    """Each of ``announce(correction, entry=...)`` writes the e-mails or webhook
    deliveries the move calls for, in its transaction."""
    before = snapshot(correction, ["status", *values])
    write_if_unchanged(
        correction, seen_version=correction.version, status=to_status, **values
    )
    entry = record(
        actor,
        action,
        correction,
        changes=changes_since(before, correction),
        note=note,
        public=public,
    )
    for announcement in announce:
        announcement(correction, entry=entry)
    return correction


@transaction.atomic
def submit_correction(correction: Correction, *, actor) -> Correction:
    refuse(can_submit_correction(actor, correction), actor, "submit corrections")
    _check_correction_move(correction, CorrectionStatus.SUBMITTED, "submit")
    _require_late_note(correction, at=timezone.now())
    return _move_correction(
        correction,
        actor=actor,
        action=AuditAction.CORRECTION_SUBMIT,
        to_status=CorrectionStatus.SUBMITTED,
        announce=[notify_awaiting_approval],
        submitted_at=timezone.now(),
    )


@transaction.atomic
def return_correction(correction: Correction, *, actor, note: str = "") -> Correction:
    """Send a submitted correction back to its author as a draft."""
    refuse(can_return_correction(actor, correction), actor, "return corrections")
    _check_correction_move(correction, CorrectionStatus.DRAFT, "return")
    return _move_correction(
        correction,
        actor=actor,
        action=AuditAction.CORRECTION_RETURN,
        to_status=CorrectionStatus.DRAFT,
        announce=[notify_author],
        note=note,
        submitted_at=None,
    )


@transaction.atomic
def publish_correction(correction: Correction, *, actor) -> Correction:
    """Publish for good; a retraction retracts its article in the same transaction."""
    if not can_publish_correction(actor, correction):
        if is_contributor(actor, correction):
            raise WorkflowPermissionDenied(
                f"{actor} may not publish correction {correction.pk}: they wrote or "
                "changed its content, and publishing needs a standards editor who "
                "did neither (two-person rule)."
            )
        raise WorkflowPermissionDenied(f"{actor} may not publish corrections.")
    _check_correction_move(correction, CorrectionStatus.PUBLISHED, "publish")
    now = timezone.now()
    _require_late_note(correction, at=now)
    _move_correction(
        correction,
        actor=actor,
        action=AuditAction.CORRECTION_PUBLISH,
        to_status=CorrectionStatus.PUBLISHED,
        public=True,
        announce=[notify_author, webhooks.correction_published],
        approver=actor,
        published_at=now,
    )
    if correction.kind == Correction.Kind.RETRACTION:
        Article.objects.filter(pk=correction.article_id, is_retracted=False).update(
            is_retracted=True, retracted_at=now, updated_at=now
        )
    # requests.py builds on this module (upholding drafts a correction), hence
    # the import here.
    from coverage.workflow.requests import close_corrected_request

    close_corrected_request(correction, actor=actor)
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
    (the ordinary publish, two-person rule and all) puts both in the log, linked.

    Two people superseding at once: the row lock makes the second wait and then
    see the first's draft (PostgreSQL); where there are no row locks, the unique
    ``supersedes`` refuses the second draft. Either way the second is told."""
    refuse(can_supersede_correction(actor, old), actor, "draft corrections")
    old = Correction.objects.select_for_update().get(pk=old.pk)
    if not old.is_published:
        raise InvalidTransition(
            f"Cannot supersede correction {old.pk}: it is {old.status}, not published."
        )
    _refuse_second_successor(old)
    try:
        with transaction.atomic():
            return draft_correction(
                old.article,
                actor=actor,
                kind=kind or old.kind,
                what_was_wrong=what_was_wrong or old.what_was_wrong,
                what_is_right=(
                    what_is_right if what_is_right is not None else old.what_is_right
                ),
                public_explanation=public_explanation or old.public_explanation,
                claim=old.claim,
                supersedes=old,
            )
    except IntegrityError:
        _refuse_second_successor(old)
        raise


def _refuse_second_successor(old: Correction) -> None:
    successor = Correction.objects.filter(supersedes=old).first()
    if successor is not None:
        raise InvalidTransition(
            f"Cannot supersede correction {old.pk}: correction {successor.pk} "
            "already supersedes it."
        )
