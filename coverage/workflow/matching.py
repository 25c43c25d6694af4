"""Claim matches: confirming or rejecting a suggestion, and giving a group's
verdict to the rest of it.

A confirmed match puts both claims in one group (``ClaimGroup``). A verdict given
on one claim of a group is then offered to the others in one step, which calls
``start_review`` and ``give_verdict`` for each, so every rule of those moves holds
claim by claim and each claim gets its own audit rows. Each article quoting a
claim of the group found inaccurate or misleading gets a drafted correction
(``draft_correction``) for the desk to review: drafts only, and none where one
is already open for that article and claim.
"""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from coverage.models import (
    AuditAction,
    Claim,
    ClaimAppearance,
    ClaimGroup,
    ClaimGroupMember,
    ClaimMatch,
    Correction,
    MatchStatus,
)
from coverage.workflow.claims import give_verdict, start_review
from coverage.workflow.corrections import draft_correction
from coverage.workflow.records import record, stale_edit, write_if_unchanged
from coverage.workflow.rules import (
    MATCH_TRANSITIONS,
    MOVES,
    InvalidTransition,
    StaleEdit,
    Status,
    WorkflowPermissionDenied,
    can_decide_match,
    can_propagate_verdict,
    group_waiting_for_verdict,
    label,
    message_of,
    refuse,
    require_text,
)

CORRECTABLE = frozenset({Status.INACCURATE, Status.MISLEADING})
"""Verdicts that make an article quoting the claim need a correction."""
OPEN_CORRECTION = frozenset({Correction.Status.DRAFT, Correction.Status.SUBMITTED})


def _check_match_move(match: ClaimMatch, to_status: str, *, doing: str) -> None:
    if to_status not in MATCH_TRANSITIONS[match.status]:
        raise InvalidTransition(
            f"Cannot {doing} match {match.pk}: it is "
            f"{label(MatchStatus, match.status).split(':')[0]}, not suggested."
        )


def _decide(match: ClaimMatch, *, actor, to_status: str, seen_version) -> None:
    write_if_unchanged(
        match,
        seen_version=match.version if seen_version is None else seen_version,
        status=to_status,
        decided_by=actor,
        decided_at=timezone.now(),
    )


@transaction.atomic
def confirm_match(
    match: ClaimMatch, *, actor, note: str = "", seen_version: int | None = None
) -> ClaimMatch:
    """The two claims are one: both join one group (the candidate's, the claim's,
    or a new one with the earlier claim as canonical; two groups become one)."""
    refuse(can_decide_match(actor, match), actor, "confirm or reject claim matches")
    _check_match_move(match, MatchStatus.CONFIRMED, doing="confirm")
    before, group = _join(match.claim, match.candidate, actor=actor)
    _decide(
        match, actor=actor, to_status=MatchStatus.CONFIRMED, seen_version=seen_version
    )
    record(
        actor,
        AuditAction.CLAIM_MATCH_CONFIRM,
        match.claim,
        changes={
            "match": (MatchStatus.SUGGESTED.value, MatchStatus.CONFIRMED.value),
            "group": (before, str(group)),
        },
        note=f"The same claim as claim {match.candidate_id} (score "
        f"{match.score:.2f})." + (f"\n\n{note}" if note else ""),
    )
    return match


@transaction.atomic
def reject_match(
    match: ClaimMatch, *, actor, note: str = "", seen_version: int | None = None
) -> ClaimMatch:
    """Not the same claim; the pair is never suggested again."""
    refuse(can_decide_match(actor, match), actor, "confirm or reject claim matches")
    _check_match_move(match, MatchStatus.REJECTED, doing="reject")
    _decide(
        match, actor=actor, to_status=MatchStatus.REJECTED, seen_version=seen_version
    )
    record(
        actor,
        AuditAction.CLAIM_MATCH_REJECT,
        match.claim,
        changes={"match": (MatchStatus.SUGGESTED.value, MatchStatus.REJECTED.value)},
        note=f"Not the same claim as claim {match.candidate_id}."
        + (f"\n\n{note}" if note else ""),
    )
    return match


def _join(claim: Claim, candidate: Claim, *, actor) -> tuple[str | None, ClaimGroup]:
    """(the claim's group before, as the record names it; the group now). The two
    claims' rows are locked first, in id order: a claim not yet in a group has no
    member row to lock, and two editors confirming two of its matches at once would
    each start a group for it."""
    list(
        Claim.objects.select_for_update()
        .filter(pk__in=[claim.pk, candidate.pk])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    members = {
        m.claim_id: m
        for m in ClaimGroupMember.objects.select_for_update()
        .filter(claim__in=[claim, candidate])
        .select_related("group")
    }
    mine, theirs = members.get(claim.pk), members.get(candidate.pk)
    before = str(mine.group) if mine else None
    if mine and theirs:
        keep, fold = sorted([mine.group, theirs.group], key=lambda g: g.pk)
        if keep != fold:
            ClaimGroupMember.objects.filter(group=fold).update(group=keep)
            fold.delete()
        return before, keep
    if mine or theirs:
        group = (mine or theirs).group
        joining = candidate if mine else claim
        ClaimGroupMember.objects.create(group=group, claim=joining)
        return before, group
    earlier = min(claim, candidate, key=lambda c: (c.created_at, c.pk))
    group = ClaimGroup.objects.create(canonical=earlier, created_by=actor)
    ClaimGroupMember.objects.bulk_create(
        [
            ClaimGroupMember(group=group, claim=claim),
            ClaimGroupMember(group=group, claim=candidate),
        ]
    )
    return before, group


@dataclass
class Propagation:
    """What giving a group its verdict did: claims given it, refusals (one
    sentence each), and the corrections drafted."""

    given: list[Claim] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)


@transaction.atomic
def propagate_verdict(
    claim: Claim,
    *,
    actor,
    note: str,
    seen_version: int | None = None,
    to_claims: Collection[int] | None = None,
) -> Propagation:
    """Give ``claim``'s published verdict and summary to each claim of its group
    without one, through ``start_review`` and ``give_verdict`` each: a claim the
    rules refuse is left as it was and said why, the others go ahead. Then draft
    the corrections the group's inaccurate or misleading claims call for.

    The verdict given is the one the actor saw: ``claim`` is locked and must still
    be ``seen_version`` (another editor may have reopened it and given another
    since the page was drawn), and only ``to_claims``, the members the page
    listed, are given it: a claim that joined the group since is not given a
    verdict its editor never saw offered."""
    refuse(can_propagate_verdict(actor, claim), actor, "give verdicts")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if seen_version is not None and claim.version != seen_version:
        raise stale_edit(claim)
    require_text(note=note.strip())
    if not MOVES["propagate_verdict"].is_possible(claim):
        raise InvalidTransition(
            f"Cannot give claim {claim.pk}'s verdict to its group: it is "
            f"{label(Status, claim.status)}, and a published verdict and claims of "
            "its group without one are needed."
        )
    result = Propagation()
    waiting = group_waiting_for_verdict(claim).order_by("pk")
    if to_claims is not None:
        waiting = waiting.filter(pk__in=to_claims)
        for pk in sorted(set(to_claims) - {member.pk for member in waiting}):
            result.refusals.append(
                f"Claim {pk}: no longer waits for this verdict in claim "
                f"{claim.pk}'s group (given one, or out of the group, since the "
                "page was drawn)."
            )
    for member in waiting:
        try:
            with transaction.atomic():
                if member.status == Status.UNREVIEWED:
                    start_review(member, actor=actor, note=note)
                give_verdict(
                    member,
                    actor=actor,
                    verdict=claim.status,
                    note=f"{note}\n\nThe verdict of claim {claim.pk}, the same claim.",
                    public_summary=claim.verdict_summary,
                )
        except (WorkflowPermissionDenied, ValidationError, StaleEdit) as error:
            result.refusals.append(f"Claim {member.pk}: {message_of(error)}")
        else:
            result.given.append(member)
    result.corrections = draft_group_corrections(claim, actor=actor)
    return result


def draft_group_corrections(claim: Claim, *, actor) -> list[Correction]:
    """One draft per article and claim of the group found inaccurate or
    misleading, where the article still quotes it and no draft or submitted
    correction is open for that article and claim."""
    already_open = Correction.objects.filter(
        article=OuterRef("article"),
        claim=OuterRef("claim"),
        status__in=OPEN_CORRECTION,
    )
    appearances = (
        ClaimAppearance.objects.filter(
            claim__group_membership__group__members__claim=claim,
            claim__status__in=CORRECTABLE,
            revision__isnull=True,
        )
        .exclude(Exists(already_open))
        .select_related("claim", "article")
        .order_by("article_id", "claim_id", "start")
    )
    drafted, seen = [], set()
    for appearance in appearances:
        key = (appearance.article_id, appearance.claim_id)
        if key in seen:
            continue
        seen.add(key)
        found = appearance.claim
        verdict = found.get_status_display().lower()
        drafted.append(
            draft_correction(
                appearance.article,
                actor=actor,
                kind=Correction.Kind.CORRECTION,
                what_was_wrong=f"The article quotes “{appearance.quote}”, which the "
                f"desk's fact check found {verdict}: {found.verdict_summary}",
                what_is_right="",
                public_explanation=f"An earlier version of this article quoted a "
                f"claim that our fact check found {verdict}.",
                claim=found,
            )
        )
    return drafted
