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
from coverage.public.fragments import shown_corrections
from coverage.public.payloads import correction_json
from coverage.public.views import correction_log

router = Router(tags=["corrections"])


@read(
    router,
    "",
    response={200: CorrectionPage, **READ_ERRORS},
    summary="List corrections",
)
@conditional(CorrectionQuery)
def list_corrections(request, query: Query[CorrectionQuery]):
    """Newest first. The filters and their messages are the public log's."""
    log, facts = correction_log(request, public_state(request))
    if not log.is_valid():
        return Status(400, {"errors": log.errors.get_json_data()})
    count = None if log.is_filtering() else facts.count
    total, rows = window(log.qs, query, count=count)
    url = request.build_absolute_uri
    return answer(query, total, [correction_json(c, absolute_url=url) for c in rows])


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
