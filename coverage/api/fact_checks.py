"""Published fact checks: claims whose verdict the desk has published."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from coverage.api.pages import (
    READ_ERRORS,
    ROW_ID_MAX,
    answer,
    conditional,
    read,
    window,
)
from coverage.api.schemas import (
    Detail,
    FactCheckOut,
    FactCheckPage,
    FactCheckQuery,
)
from coverage.models import Claim
from coverage.public.payloads import claim_json

router = Router(tags=["fact checks"])


def published_fact_checks():
    return (
        Claim.objects.published()
        .select_related("claimant", "story")
        .order_by("-verdict_published_at", "-id")
    )


@read(
    router, "", response={200: FactCheckPage, **READ_ERRORS}, summary="List fact checks"
)
@conditional(FactCheckQuery)
def list_fact_checks(request, query: Query[FactCheckQuery]):
    """Newest verdict first."""
    claims = published_fact_checks()
    if query.story:
        claims = claims.filter(story__slug=query.story)
    if query.verdict:
        claims = claims.filter(status=query.verdict)
    total, rows = window(claims, query)
    url = request.build_absolute_uri
    return answer(query, total, [claim_json(c, absolute_url=url) for c in rows])


@read(
    router,
    "/{claim_id}",
    response={200: FactCheckOut, 404: Detail, **READ_ERRORS},
    summary="One fact check",
)
@conditional()
def get_fact_check(request, claim_id: int = Path(..., ge=1, le=ROW_ID_MAX)):
    claim = get_object_or_404(published_fact_checks(), pk=claim_id)
    return claim_json(claim, absolute_url=request.build_absolute_uri)
