"""Who may do what, and which moves exist: the rules of the desk as one table.

``MOVES`` is keyed by action; the workflow checks against it, and the admin asks
``available_moves`` (or the ``can_…`` readers) before it offers a button, so the
UI never disagrees with the workflow.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage.models import (
    VERDICT_STATUSES,
    ApiToken,
    Article,
    ChangeStatus,
    Claim,
    ClaimMatch,
    ClaimStatus,
    Correction,
    CorrectionRequest,
    CorrectionRequestStatus,
    MatchStatus,
    Outlet,
    Source,
    Story,
    UnacknowledgedChange,
)

Status = ClaimStatus
CorrectionStatus = Correction.Status


class WorkflowPermissionDenied(PermissionDenied):
    """The actor may not do this, whatever state the object is in."""


class InvalidTransition(ValidationError):
    """The move is not possible from the object's current state."""


class StaleEdit(Exception):
    """Someone else changed the object after the actor loaded it."""


def _anyone(user, obj) -> bool:
    return True


def _always(obj) -> bool:
    return True


@dataclass(frozen=True)
class Move:
    """One move of the desk, as data.

    ``on`` is the kind of object it acts on; ``from_`` the statuses it starts
    from (None: any); ``to`` the statuses it leaves the object in (None: its
    status is unchanged). ``permission`` is the codename a user needs (of this app
    unless it names another, "app.codename"), ``allows`` any further rule about
    this user and this object (the two-person rule), and ``possible`` any further
    condition on the object's state."""

    label: str
    on: type[models.Model] | None
    permission: str
    from_: frozenset[str] | None = None
    to: frozenset[str] | None = None
    allows: Callable[..., bool] = _anyone
    possible: Callable[..., bool] = _always

    def permits(self, user, obj=None) -> bool:
        """May this user make the move (on this object; None asks "ever?")?"""
        if user is None or not user.is_active:
            return False
        if not user.has_perm(self.qualified_permission):
            return False
        return obj is None or self.allows(user, obj)

    @property
    def qualified_permission(self) -> str:
        if "." in self.permission:
            return self.permission
        return f"coverage.{self.permission}"

    def is_possible(self, obj) -> bool:
        """Is the move possible from the object's state, whoever asks?"""
        in_state = self.from_ is None or obj.status in self.from_
        return in_state and self.possible(obj)


def is_editor(user) -> bool:
    """Editors and standards editors (and superusers): who submits corrections."""
    return user.has_perm("coverage.submit_correction")


def _edits_own_draft_or_is_editor(user, correction: Correction) -> bool:
    """Drafts belong to their author; editors may tidy anyone's draft."""
    return correction.author_id == user.pk or is_editor(user)


def is_public(obj: Article | Source | Outlet | Story) -> bool:
    """Does a public page show it? An article with a published correction or a
    published fact check's quote, a source a published fact check names, an
    outlet of such an article, a story with either."""
    if isinstance(obj, Outlet):
        return Article.objects.public().filter(outlet=obj).exists()
    return type(obj).objects.public().filter(pk=obj.pk).exists()


def _may_edit_what_readers_see(user, obj: Article | Source) -> bool:
    """What a public page shows is part of the published record: an editor
    changes it, with a public audit row; a reporter tidies only what no reader
    sees yet."""
    return is_editor(user) or not is_public(obj)


def _did_not_write_it(user, correction: Correction) -> bool:
    """Publishing is a second person's act: the two-person rule. Nobody who wrote
    or changed the content (its author, anyone who edited the draft, before or
    after a return) may approve it; superusers neither."""
    return not is_contributor(user, correction)


def is_contributor(user, correction: Correction) -> bool:
    """Reads the contributors the caller prefetched, if it did (the desk page)."""
    return correction.author_id == user.pk or any(
        contributor.user_id == user.pk for contributor in correction.contributors.all()
    )


def is_fact_check_published(claim: Claim) -> bool:
    return claim.status in VERDICT_STATUSES and claim.verdict_published_at is not None


def _may_change_what_the_verdict_rests_on(user, claim: Claim) -> bool:
    """Evidence under a published verdict is part of the published fact check:
    only someone who may reopen the verdict changes it (or reopens it first)."""
    return not is_fact_check_published(claim) or can_reopen(user, claim)


def _may_draft_corrections(user, obj: CorrectionRequest | UnacknowledgedChange) -> bool:
    """Upholding a request, or linking a change, drafts its correction, as the
    person who does it."""
    return user.has_perm("coverage.add_correction")


def group_waiting_for_verdict(claim: Claim):
    """The other claims of the claim's confirmed group that have no verdict yet."""
    return Claim.objects.filter(
        group_membership__group__members__claim=claim,
        status__in=ASSIGNABLE_STATUSES,
    ).exclude(pk=claim.pk)


def _group_waits_for_verdict(claim: Claim) -> bool:
    """A published verdict, and claims of its group still without one."""
    return is_fact_check_published(claim) and group_waiting_for_verdict(claim).exists()


def _not_yet_superseded(correction: Correction) -> bool:
    return not Correction.objects.filter(supersedes=correction).exists()


UNREVIEWED, IN_REVIEW = Status.UNREVIEWED, Status.IN_REVIEW
DRAFT, SUBMITTED = CorrectionStatus.DRAFT, CorrectionStatus.SUBMITTED
PUBLISHED = CorrectionStatus.PUBLISHED
ASSIGNABLE_STATUSES = frozenset({UNREVIEWED, IN_REVIEW})
NEW_REQUEST = CorrectionRequestStatus.NEW
TRIAGED = CorrectionRequestStatus.TRIAGED
OPEN_REQUEST = frozenset({NEW_REQUEST, TRIAGED})

MOVES: dict[str, Move] = {
    # Claims.
    "add_claim": Move("Add a claim", on=None, permission="add_claim"),
    "edit_claim": Move("Edit", on=Claim, permission="change_claim"),
    "start_review": Move(
        "Start review",
        on=Claim,
        permission="review_claim",
        from_=frozenset({UNREVIEWED}),
        to=frozenset({IN_REVIEW}),
    ),
    "verdict": Move(
        "Give a verdict",
        on=Claim,
        permission="review_claim",
        from_=frozenset({IN_REVIEW}),
        to=VERDICT_STATUSES,
    ),
    "reopen": Move(
        "Reopen",
        on=Claim,
        permission="reopen_claim",
        from_=VERDICT_STATUSES,
        to=frozenset({IN_REVIEW}),
    ),
    "assign": Move(
        "Assign", on=Claim, permission="assign_claim", from_=ASSIGNABLE_STATUSES
    ),
    "rewrite_proposition": Move(
        # A published proposition is the fact check's headline: rewording it is
        # as weighty as changing the evidence under it.
        "Rewrite the proposition",
        on=Claim,
        permission="change_claim",
        allows=_may_change_what_the_verdict_rests_on,
    ),
    "amend_verdict_summary": Move(
        # Rewording a published verdict is as weighty as withdrawing it.
        "Amend the verdict summary",
        on=Claim,
        permission="reopen_claim",
        from_=VERDICT_STATUSES,
        possible=is_fact_check_published,
    ),
    # What a claim's fact check rests on.
    "add_evidence": Move(
        "Add evidence",
        on=Claim,
        permission="add_evidence",
        allows=_may_change_what_the_verdict_rests_on,
    ),
    "change_evidence": Move(
        "Change evidence",
        on=Claim,
        permission="change_evidence",
        allows=_may_change_what_the_verdict_rests_on,
    ),
    "remove_evidence": Move(
        "Remove evidence",
        on=Claim,
        permission="delete_evidence",
        allows=_may_change_what_the_verdict_rests_on,
    ),
    "add_link": Move("Link to a claim", on=Claim, permission="add_claimlink"),
    # The same claim in other words: editors decide each suggestion; a verdict is
    # then offered to the whole group, claim by claim through "verdict".
    "confirm_match": Move(
        "Confirm: the same claim",
        on=ClaimMatch,
        permission="decide_claimmatch",
        from_=frozenset({MatchStatus.SUGGESTED}),
        to=frozenset({MatchStatus.CONFIRMED}),
    ),
    "reject_match": Move(
        "Reject: a different claim",
        on=ClaimMatch,
        permission="decide_claimmatch",
        from_=frozenset({MatchStatus.SUGGESTED}),
        to=frozenset({MatchStatus.REJECTED}),
    ),
    "propagate_verdict": Move(
        "Give this verdict to the rest of its group",
        on=Claim,
        permission="review_claim",
        from_=VERDICT_STATUSES,
        possible=_group_waits_for_verdict,
    ),
    "change_link": Move("Change a link", on=Claim, permission="change_claimlink"),
    "remove_link": Move("Remove a link", on=Claim, permission="delete_claimlink"),
    # What public pages cite.
    "add_source": Move("Add a source", on=None, permission="add_source"),
    "edit_source": Move(
        "Edit",
        on=Source,
        permission="change_source",
        allows=_may_edit_what_readers_see,
    ),
    "add_article": Move("Add an article", on=None, permission="add_article"),
    "edit_article": Move(
        "Edit",
        on=Article,
        permission="change_article",
        allows=_may_edit_what_readers_see,
    ),
    "add_outlet": Move("Add an outlet", on=None, permission="add_outlet"),
    "edit_outlet": Move("Edit", on=Outlet, permission="change_outlet"),
    "add_story": Move("Add a story", on=None, permission="add_story"),
    "edit_story": Move("Edit", on=Story, permission="change_story"),
    "merge_sources": Move(
        "Merge into another source", on=Source, permission="merge_source"
    ),
    # Corrections.
    "draft": Move("Draft a correction", on=Article, permission="add_correction"),
    "edit_correction": Move(
        "Edit",
        on=Correction,
        permission="change_correction",
        from_=frozenset({DRAFT}),
        allows=_edits_own_draft_or_is_editor,
    ),
    "submit": Move(
        "Submit for approval",
        on=Correction,
        permission="submit_correction",
        from_=frozenset({DRAFT}),
        to=frozenset({SUBMITTED}),
    ),
    "return": Move(
        "Return to draft",
        on=Correction,
        permission="publish_correction",
        from_=frozenset({SUBMITTED}),
        to=frozenset({DRAFT}),
    ),
    "publish": Move(
        "Approve and publish",
        on=Correction,
        permission="publish_correction",
        from_=frozenset({SUBMITTED}),
        to=frozenset({PUBLISHED}),
        allows=_did_not_write_it,
    ),
    "supersede": Move(
        "Supersede with a new correction",
        on=Correction,
        permission="add_correction",
        from_=frozenset({PUBLISHED}),
        possible=_not_yet_superseded,
    ),
    # Readers' correction requests: anyone on the desk reads them; editors and
    # standards editors triage, assign and decide them.
    "view_request": Move(
        "View", on=CorrectionRequest, permission="view_correctionrequest"
    ),
    "triage_request": Move(
        "Triage",
        on=CorrectionRequest,
        permission="decide_correctionrequest",
        from_=frozenset({NEW_REQUEST}),
        to=frozenset({TRIAGED}),
    ),
    "assign_request": Move(
        "Assign",
        on=CorrectionRequest,
        permission="decide_correctionrequest",
        from_=OPEN_REQUEST,
    ),
    "note_request": Move(
        "Edit internal notes",
        on=CorrectionRequest,
        permission="decide_correctionrequest",
    ),
    "uphold_request": Move(
        "Uphold and draft a correction",
        on=CorrectionRequest,
        permission="decide_correctionrequest",
        from_=frozenset({TRIAGED}),
        to=frozenset({CorrectionRequestStatus.UPHELD}),
        allows=_may_draft_corrections,
    ),
    "decline_request": Move(
        "Decline",
        on=CorrectionRequest,
        permission="decide_correctionrequest",
        from_=frozenset({TRIAGED}),
        to=frozenset({CorrectionRequestStatus.DECLINED}),
    ),
    "duplicate_request": Move(
        "Close as a duplicate",
        on=CorrectionRequest,
        permission="decide_correctionrequest",
        from_=OPEN_REQUEST,
        to=frozenset({CorrectionRequestStatus.DUPLICATE}),
    ),
    # Unacknowledged changes: anyone on the desk sees them; editors and standards
    # editors link them to a correction (drafting one) or dismiss them.
    "view_change": Move(
        "View", on=UnacknowledgedChange, permission="view_unacknowledgedchange"
    ),
    "link_change": Move(
        "Link to a correction",
        on=UnacknowledgedChange,
        permission="decide_unacknowledgedchange",
        from_=frozenset({ChangeStatus.OPEN}),
        to=frozenset({ChangeStatus.LINKED}),
        allows=_may_draft_corrections,
    ),
    "dismiss_change": Move(
        "Dismiss",
        on=UnacknowledgedChange,
        permission="decide_unacknowledgedchange",
        from_=frozenset({ChangeStatus.OPEN}),
        to=frozenset({ChangeStatus.DISMISSED}),
    ),
    # Imports.
    "import": Move("Import articles", on=None, permission="import_article"),
    # API tokens: no role holds these permissions; a superuser, or whoever is
    # given them, issues a token to a desk account and revokes it.
    "issue_api_token": Move("Issue an API token", on=None, permission="add_apitoken"),
    "revoke_api_token": Move(
        "Revoke",
        on=ApiToken,
        permission="change_apitoken",
        possible=lambda token: token.revoked_at is None,
    ),
    # Desk accounts: resetting a lost phone or used-up recovery codes; the person
    # enrols again at their next login.
    "remove_authenticator": Move(
        "Remove the authenticator app",
        on=TOTPDevice,
        permission="otp_totp.delete_totpdevice",
    ),
    "remove_recovery_codes": Move(
        "Remove the recovery codes",
        on=StaticDevice,
        permission="otp_static.delete_staticdevice",
    ),
}
"""Every move of the desk, keyed by action. The workflow checks legality and
permission against it; the admin's buttons, bulk actions and read-only fields
and the desk page offer what ``available_moves`` finds in it."""


def _transitions(model: type[models.Model]) -> dict[str, frozenset[str]]:
    statuses = model._meta.get_field("status").choices
    return {
        status: frozenset().union(
            *(
                move.to
                for move in MOVES.values()
                if move.on is model and move.to and move.from_ and status in move.from_
            )
        )
        for status, _label in statuses
    }


ALLOWED_TRANSITIONS = _transitions(Claim)
"""Claim status → statuses it may move to, read from MOVES. A verdict is only
given from review; a verdict is only undone by reopening it into review."""

CORRECTION_TRANSITIONS = _transitions(Correction)
"""Correction status → statuses it may move to. A published correction never
changes; it is amended by a new one."""

CHANGE_TRANSITIONS = _transitions(UnacknowledgedChange)
"""Unacknowledged change status → statuses it may move to: open → linked or
dismissed. Decisions are final."""

MATCH_TRANSITIONS = _transitions(ClaimMatch)
"""Suggestion status → statuses it may move to: suggested → confirmed or rejected."""

REQUEST_TRANSITIONS = _transitions(CorrectionRequest)
"""Request status → statuses it may move to: new → triaged → upheld, declined or
duplicate (a duplicate may be spotted before triage). Decisions are final."""


def available_moves(user, obj: models.Model) -> list[str]:
    """The moves this user may make on this object now, in table order."""
    return [
        name
        for name, move in MOVES.items()
        if isinstance(obj, move.on or ())
        and move.is_possible(obj)
        and move.permits(user, obj)
    ]


# Who may do what: readers of the table. Each takes the user and the object
# (None asks "ever?"), and answers for the person, not the object's state.


def can_add_claim(user, claim: Claim | None) -> bool:
    return MOVES["add_claim"].permits(user)


def can_edit_claim(user, claim: Claim | None) -> bool:
    return MOVES["edit_claim"].permits(user, claim)


def can_start_review(user, claim: Claim | None) -> bool:
    return MOVES["start_review"].permits(user, claim)


def can_give_verdict(user, claim: Claim | None) -> bool:
    return MOVES["verdict"].permits(user, claim)


def can_reopen(user, claim: Claim | None) -> bool:
    return MOVES["reopen"].permits(user, claim)


def can_assign(user, claim: Claim | None) -> bool:
    return MOVES["assign"].permits(user, claim)


def can_amend_verdict_summary(user, claim: Claim | None) -> bool:
    return MOVES["amend_verdict_summary"].permits(user, claim)


def can_add_evidence(user, claim: Claim | None) -> bool:
    return MOVES["add_evidence"].permits(user, claim)


def can_change_evidence(user, claim: Claim | None) -> bool:
    return MOVES["change_evidence"].permits(user, claim)


def can_remove_evidence(user, claim: Claim | None) -> bool:
    return MOVES["remove_evidence"].permits(user, claim)


def can_add_link(user, claim: Claim | None) -> bool:
    return MOVES["add_link"].permits(user, claim)


def can_change_link(user, claim: Claim | None) -> bool:
    return MOVES["change_link"].permits(user, claim)


def can_remove_link(user, claim: Claim | None) -> bool:
    return MOVES["remove_link"].permits(user, claim)


def can_decide_match(user, match: ClaimMatch | None) -> bool:
    """Confirm or reject: one permission, the editors'."""
    return MOVES["confirm_match"].permits(user, match)


def can_propagate_verdict(user, claim: Claim | None) -> bool:
    return MOVES["propagate_verdict"].permits(user, claim)


def can_add_source(user) -> bool:
    return MOVES["add_source"].permits(user)


def can_edit_source(user, source: Source | None) -> bool:
    return MOVES["edit_source"].permits(user, source)


def can_add_article(user) -> bool:
    return MOVES["add_article"].permits(user)


def can_rewrite_proposition(user, claim: Claim | None) -> bool:
    return MOVES["rewrite_proposition"].permits(user, claim)


def can_merge_sources(user, source: Source | None) -> bool:
    return MOVES["merge_sources"].permits(user, source)


def can_edit_article(user, article: Article | None) -> bool:
    return MOVES["edit_article"].permits(user, article)


def can_add_outlet(user) -> bool:
    return MOVES["add_outlet"].permits(user)


def can_edit_outlet(user, outlet: Outlet | None) -> bool:
    return MOVES["edit_outlet"].permits(user, outlet)


def can_add_story(user) -> bool:
    return MOVES["add_story"].permits(user)


def can_edit_story(user, story: Story | None) -> bool:
    return MOVES["edit_story"].permits(user, story)


def can_draft_correction(user, article: Article | None) -> bool:
    return MOVES["draft"].permits(user, article)


def can_edit_correction(user, correction: Correction | None) -> bool:
    return MOVES["edit_correction"].permits(user, correction)


def can_submit_correction(user, correction: Correction | None) -> bool:
    return MOVES["submit"].permits(user, correction)


def can_return_correction(user, correction: Correction | None) -> bool:
    """Sending a submitted correction back to draft is the approver's call."""
    return MOVES["return"].permits(user, correction)


def can_publish_correction(user, correction: Correction | None) -> bool:
    return MOVES["publish"].permits(user, correction)


def can_supersede_correction(user, correction: Correction | None) -> bool:
    """Amending a published correction starts as an ordinary draft."""
    return MOVES["supersede"].permits(user, correction)


def can_view_request(user, request: CorrectionRequest | None) -> bool:
    return MOVES["view_request"].permits(user, request)


def can_decide_request(user, request: CorrectionRequest | None) -> bool:
    """Triage, assign, note, decline and close as duplicate: one permission."""
    return MOVES["triage_request"].permits(user, request)


def can_uphold_request(user, request: CorrectionRequest | None) -> bool:
    return MOVES["uphold_request"].permits(user, request)


def can_view_change(user, change: UnacknowledgedChange | None) -> bool:
    return MOVES["view_change"].permits(user, change)


def can_decide_change(user, change: UnacknowledgedChange | None) -> bool:
    """Link (drafting a correction) or dismiss: one permission and the right to
    draft corrections."""
    return MOVES["link_change"].permits(user, change)


def can_import(user) -> bool:
    return MOVES["import"].permits(user)


def can_issue_api_token(user) -> bool:
    return MOVES["issue_api_token"].permits(user)


def can_revoke_api_token(user, token: ApiToken | None) -> bool:
    return MOVES["revoke_api_token"].permits(user, token)


def can_remove_device(user, device: TOTPDevice | StaticDevice) -> bool:
    return any(
        MOVES[name].permits(user, device)
        for name in ("remove_authenticator", "remove_recovery_codes")
        if isinstance(device, MOVES[name].on)
    )


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
