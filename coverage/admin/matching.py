"""The claim page's "same claim elsewhere" panel: suggested matches either way,
with confirm and reject buttons, the claim's confirmed group, and the button that
gives the group this claim's verdict. Each button posts to its own view, which
asks ``coverage.workflow``; hiding a button is only a courtesy."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect

from coverage import workflow
from coverage.admin import forms
from coverage.models import Claim, ClaimGroupMember, ClaimMatch

MATCH_BUTTONS = {
    "confirm_match": workflow.confirm_match,
    "reject_match": workflow.reject_match,
}


def match_panel(request, claim: Claim) -> dict:
    """The panel's context: four queries whatever the number of suggestions (the
    suggestions, the claim's group, its members, and whether any waits for a
    verdict)."""
    suggestions = (
        ClaimMatch.objects.involving(claim)
        .select_related("claim__story", "candidate__story", "decided_by")
        .order_by("status", "-score", "id")
    )
    rows = []
    for match in suggestions:
        moves = workflow.available_moves(request.user, match)
        rows.append(
            {
                "match": match,
                "other": match.candidate if match.claim_id == claim.pk else match.claim,
                "moves": [name for name in MATCH_BUTTONS if name in moves],
            }
        )
    membership = (
        ClaimGroupMember.objects.filter(claim=claim)
        .select_related("group__canonical")
        .first()
    )
    members = (
        list(group_members(claim).select_related("story").order_by("pk"))
        if membership
        else []
    )
    can_propagate = "propagate_verdict" in workflow.available_moves(request.user, claim)
    waiting = [m for m in members if m.status in workflow.ASSIGNABLE_STATUSES]
    return {
        "match_rows": rows,
        "claim_group": membership.group if membership else None,
        "group_members": members,
        "propagate_form": forms.PropagateVerdictForm(
            auto_id="propagate_%s",
            members=waiting,
            initial={"version": claim.version, "claims": [m.pk for m in waiting]},
        )
        if can_propagate
        else None,
    }


def group_members(claim: Claim):
    """The other claims of ``claim``'s confirmed group."""
    return Claim.objects.filter(group_membership__group__members__claim=claim).exclude(
        pk=claim.pk
    )


def match_view(request, object_id, match_id, move, *, model_admin):
    claim = model_admin.posted_object(request, object_id)
    if claim is None:
        return HttpResponseNotAllowed(["POST"])
    if move not in MATCH_BUTTONS:
        raise Http404(f"No move called {move!r}.")
    match = (
        ClaimMatch.objects.involving(claim)
        .select_related("claim", "candidate")
        .filter(pk=match_id)
        .first()
    )
    if match is None:
        raise Http404(f"No suggested match {match_id} for claim {claim.pk}.")
    if not workflow.can_decide_match(request.user, match):
        raise PermissionDenied
    form = forms.MatchDecisionForm(request.POST)
    seen = forms.SeenVersionForm(request.POST)
    back = HttpResponseRedirect(model_admin.change_url(claim))
    if not (form.is_valid() and seen.is_valid()):
        model_admin.message_user(
            request, "The suggestion's version is missing: reload.", messages.ERROR
        )
        return back
    result = model_admin.run_move(
        request,
        MATCH_BUTTONS[move],
        match,
        seen_version=seen.cleaned_data["version"],
        **form.cleaned_data,
    )
    if result is not None:
        model_admin.message_user(
            request,
            f"Match {match.pk}: {result.get_status_display().lower()}.",
            messages.SUCCESS,
        )
    return back


def propagate_view(request, object_id, *, model_admin):
    claim = model_admin.posted_object(request, object_id)
    if claim is None:
        return HttpResponseNotAllowed(["POST"])
    if not workflow.can_propagate_verdict(request.user, claim):
        raise PermissionDenied
    form = forms.PropagateVerdictForm(request.POST, members=group_members(claim))
    if not form.is_valid():
        for field, errors in form.errors.items():
            name = form.fields[field].label or field.capitalize()
            model_admin.message_user(
                request, f"{name}: {' '.join(errors)}", messages.ERROR
            )
        return HttpResponseRedirect(model_admin.change_url(claim))
    result = model_admin.run_move(
        request,
        workflow.propagate_verdict,
        claim,
        note=form.cleaned_data["note"],
        seen_version=form.cleaned_data["version"],
        to_claims=form.cleaned_data["claims"],
    )
    if result is not None:
        given = len(result.given)
        drafted = len(result.corrections)
        model_admin.message_user(
            request,
            f"Verdict given to {given} claim{'s' * (given != 1)} of the group; "
            f"{drafted} correction{'s' * (drafted != 1)} drafted for review.",
            messages.SUCCESS,
        )
        for refusal in result.refusals:
            model_admin.message_user(request, refusal, messages.ERROR)
    return HttpResponseRedirect(model_admin.change_url(claim))
