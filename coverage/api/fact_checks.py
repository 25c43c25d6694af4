"""Published fact checks: claims whose verdict the desk has published."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Status

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
from coverage.public.caching import public_state
from coverage.public.filters import ClaimSearchForm
from coverage.public.payloads import claim_json
from coverage.public.views import (
    CLAIMS_NEWEST_FIRST,
    claim_search,
    published_claim_count,
)

router = Router(tags=["fact checks"])


def with_fact_check_relations(claims):
    """What each fact check's JSON shows: also for a search's ranked rows,
    which filters.searched reads afresh by id."""
    return claims.select_related("claimant", "story").defer("search_vector")


def published_fact_checks():
    return with_fact_check_relations(Claim.objects.published()).order_by(
        *CLAIMS_NEWEST_FIRST
    )


@read(
    router, "", response={200: FactCheckPage, **READ_ERRORS}, summary="List fact checks"
)
@conditional(FactCheckQuery)
def list_fact_checks(request, query: Query[FactCheckQuery]):
    """Newest verdict first, or a search's most relevant first. The search, its
    bounds, messages and bounded count are the public fact checks' (/claims/)."""
    form = ClaimSearchForm(request.GET)
    if not form.is_valid():
        return Status(400, {"errors": form.errors.get_json_data()})
    claims = published_fact_checks()
    if query.story:
        claims = claims.filter(story__slug=query.story)
    if query.verdict:
        claims = claims.filter(status=query.verdict)
    count, more = None, False
    if text := form.cleaned_data["q"]:
        claims, count, more = claim_search(claims, text)
    elif not (query.story or query.verdict):
        count = published_claim_count(public_state(request))
    total, rows = window(with_fact_check_relations(claims), query, count=count)
    url = request.build_absolute_uri
    results = [claim_json(c, absolute_url=url) for c in rows]
    return answer(query, total, results, more=more)


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
