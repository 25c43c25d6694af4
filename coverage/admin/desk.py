"""The desk at a glance: claims by status, the user's own queue, what has waited
longest, overdue readers' requests, unacknowledged changes waiting, the most check-worthy claims, stories whose claims give conflicting
figures, and the corrections awaiting a second person's approval.

Served under the claim admin (``admin:coverage_claim_desk``), whose view
permission it needs."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from coverage import workflow
from coverage.figures import stories_with_conflicts
from coverage.models import (
    Claim,
    ClaimStatus,
    Correction,
    CorrectionRequest,
    UnacknowledgedChange,
)
from coverage.search import bounded_count

DESK_COUNT_LIMIT = 1000


def desk_view(request, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    # One bounded count per status (each an index range, stopping at
    # DESK_COUNT_LIMIT rows): a GROUP BY over every claim read the whole table.
    counts = {
        status: bounded_count(Claim.objects.filter(status=status), DESK_COUNT_LIMIT)
        for status in ClaimStatus
    }
    waiting = Claim.objects.awaiting_review().select_related(
        "assignee", "claimant", "story"
    )
    awaiting_approval = (
        Correction.objects.awaiting_approval()
        .select_related("article", "author")
        .prefetch_related("contributors")
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "The desk at a glance",
        "subtitle": None,
        "opts": model_admin.opts,
        "status_counts": [(status, counts[status][0]) for status in ClaimStatus],
        "counts_over_limit": {status for status in ClaimStatus if counts[status][1]},
        "my_queue": waiting.filter(assignee=request.user).order_by("created_at")[:20],
        "waiting_longest": waiting.order_by("created_at")[:10],
        # Readers waiting past the deadline come first, in a section of their own.
        "overdue_requests": (
            CorrectionRequest.objects.overdue()
            .select_related("article", "assignee")
            .order_by("deadline", "id")[:20]
            if workflow.can_view_request(request.user, None)
            else None
        ),
        "open_changes": (
            UnacknowledgedChange.objects.open().select_related("article", "revision")[
                :20
            ]
            if workflow.can_view_change(request.user, None)
            else None
        ),
        "most_check_worthy": waiting.order_by("-worthiness", "created_at")[:10],
        "stories_with_conflicts": stories_with_conflicts()[:20],
        "corrections_awaiting": [
            (c, "publish" in workflow.available_moves(request.user, c))
            for c in awaiting_approval.order_by("submitted_at")[:20]
        ],
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/coverage/desk.html", context)
