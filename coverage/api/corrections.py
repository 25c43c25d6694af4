"""Published corrections, filtered as the public log filters them."""

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
    CorrectionOut,
    CorrectionPage,
    CorrectionQuery,
    Detail,
)
from coverage.public.caching import public_state
from coverage.public.fragments import shown_corrections, with_correction_relations
from coverage.public.payloads import correction_json
from coverage.public.views import correction_log, log_rows

router = Router(tags=["corrections"])


@read(
    router,
    "",
    response={200: CorrectionPage, **READ_ERRORS},
    summary="List corrections",
)
@conditional(CorrectionQuery)
def list_corrections(request, query: Query[CorrectionQuery]):
    """Newest first, or a search's most relevant first. The filters, their
    messages, the search and its bounded count are the public log's."""
    log, facts = correction_log(request, public_state(request))
    if not log.is_valid():
        return Status(400, {"errors": log.errors.get_json_data()})
    found, count, more = log_rows(log, facts)
    total, rows = window(with_correction_relations(found), query, count=count)
    url = request.build_absolute_uri
    results = [correction_json(c, absolute_url=url) for c in rows]
    return answer(query, total, results, more=more)


@read(
    router,
    "/{correction_id}",
    response={200: CorrectionOut, 404: Detail, **READ_ERRORS},
    summary="One correction",
)
@conditional()
def get_correction(request, correction_id: int = Path(..., ge=1, le=ROW_ID_MAX)):
    correction = get_object_or_404(shown_corrections(), pk=correction_id)
    return correction_json(correction, absolute_url=request.build_absolute_uri)
