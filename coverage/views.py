"""Public, read-only pages: the corrections log, fact checks and story pages.

What is public is decided by ``Correction.objects.published()`` and
``Claim.objects.published()``; every query here starts from one of them. Each page
is wrapped in ``public_page`` with its signature (coverage/signatures.py); the
log's rows and markup come from coverage/log.py.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from coverage import structured_data
from coverage.filters import InvalidParameter, page_number
from coverage.log import (
    RowFormat,
    correction_html,
    correction_json,
    correction_row,
    correction_rows,
    correction_values,
    corrections_html,
    instance_values,
    log_controls,
    ordered_corrections,
    select_log,
    shown_columns,
)
from coverage.models import (
    Article,
    Claim,
    ClaimAppearance,
    ClaimLink,
    Correction,
    Evidence,
    Story,
)
from coverage.signatures import (
    BROWSER_MAX_AGE,
    claim_signature,
    claims_signature,
    correction_signature,
    home_signature,
    log_signature,
    public_page,
    story_signature,
)

PAGE_SIZE = 25
JSON_PAGE_SIZE = 50
LATEST_COUNT = 10


# Querysets: what each page reads, with everything its template touches loaded.


def public_corrections():
    return (
        Correction.objects.published()
        .select_related(
            "article__outlet", "article__story", "supersedes", "superseded_by"
        )
        .defer("article__raw_text", "article__body")
        .order_by("-published_at", "-id")
    )


def public_claims():
    appearances = ClaimAppearance.objects.select_related("article__outlet").defer(
        "article__raw_text", "article__body"
    )
    evidence = Evidence.objects.select_related("source")
    return (
        Claim.objects.published()
        .select_related("claimant", "story")
        .prefetch_related(
            Prefetch("appearances", queryset=appearances),
            Prefetch("evidence", queryset=evidence),
        )
        .order_by("-verdict_published_at", "-id")
    )


def page_of(request, queryset, size, *, count: int | None = None):
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # a cached_property: counted elsewhere, not again
    try:
        return paginator.page(page_number(request))
    except EmptyPage as error:
        raise Http404("No such page.") from error


def render_page(request, template: str, context: dict) -> HttpResponse:
    return render(
        request, template, {**context, "newsroom_name": settings.NEWSROOM_NAME}
    )


def jsonld(data: dict) -> str:
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(structured_data.script_json(data)),
    )


# Pages.


@public_page(home_signature)
def home(request):
    return render_page(
        request,
        "coverage/home.html",
        {
            "corrections": public_corrections()[:LATEST_COUNT],
            "claims": Claim.objects.published()
            .select_related("claimant")
            .order_by("-verdict_published_at", "-id")[:LATEST_COUNT],
        },
    )


@public_page(log_signature)
def correction_list(request):
    selection = select_log(request)
    page = page_of(request, selection.rows, PAGE_SIZE, count=selection.count())
    response = render_page(
        request,
        "coverage/correction_list.html",
        {
            "controls": log_controls(selection),
            "invalid": not selection.is_valid(),
            "page": page,
            "corrections": corrections_html(
                correction_rows(request, page.object_list, selection.choices)
            ),
        },
    )
    if not selection.is_valid():
        response.status_code = 400
    return response


@public_page(correction_signature)
def correction_detail(request, pk):
    correction = get_object_or_404(public_corrections(), pk=pk)
    url = request.build_absolute_uri(correction.get_absolute_url())
    markup = structured_data.corrected_article(correction, url=url)
    return render_page(
        request,
        "coverage/correction_detail.html",
        {
            "correction": correction,
            "correction_html": correction_html(
                correction_row(instance_values(correction), RowFormat(request))
            ),
            "jsonld": jsonld(markup),
        },
    )


@public_page(log_signature)
def correction_list_json(request):
    selection = select_log(request)
    if not selection.is_valid():
        errors = selection.filterset.errors.get_json_data()
        return JsonResponse({"errors": errors}, status=400)
    try:
        page = page_of(request, selection.rows, JSON_PAGE_SIZE, count=selection.count())
    except InvalidParameter as error:
        errors = {error.parameter: [{"message": error.message, "code": "invalid"}]}
        return JsonResponse({"errors": errors}, status=400)
    fmt = RowFormat(request)

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"?{query.urlencode()}")

    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": (
                page_url(page.previous_page_number()) if page.has_previous() else None
            ),
            "results": [
                correction_json(values, fmt)
                for values in correction_values(page.object_list, selection.choices)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@public_page(claims_signature)
def claim_list(request):
    return render_page(
        request,
        "coverage/claim_list.html",
        {"page": page_of(request, public_claims(), PAGE_SIZE)},
    )


@public_page(claim_signature)
def claim_detail(request, pk):
    claim = get_object_or_404(public_claims(), pk=pk)
    url = request.build_absolute_uri(claim.get_absolute_url())
    markup = structured_data.claim_review(
        claim,
        url=url,
        reviewer_name=settings.NEWSROOM_NAME,
        reviewer_url=request.build_absolute_uri(reverse("coverage:home")),
        appearances=claim.appearances.all(),
        appearance_fallback_url=url,
    )
    return render_page(
        request,
        "coverage/claim_detail.html",
        {"claim": claim, "jsonld": jsonld(markup)},
    )


@public_page(story_signature)
def story_detail(request, slug):
    story = get_object_or_404(Story.objects.public(), slug=slug)
    articles = (
        Article.objects.public()
        .filter(story=story)
        .select_related("outlet")
        .defer("raw_text", "body")
    )
    claims = list(public_claims().filter(story=story))
    by_id = {claim.pk: claim for claim in claims}
    links = ClaimLink.objects.filter(
        relation=ClaimLink.Relation.CONTRADICTS,
        from_claim_id__in=by_id,
        to_claim_id__in=by_id,
    ).order_by("id")
    pairs = [(by_id[link.from_claim_id], by_id[link.to_claim_id]) for link in links]
    paired = {claim.pk for pair in pairs for claim in pair}
    return render_page(
        request,
        "coverage/story_detail.html",
        {
            "story": story,
            "articles": articles,
            "pairs": pairs,
            "other_claims": [c for c in claims if c.pk not in paired],
            "corrections": corrections_html(
                correction_rows(
                    request,
                    shown_columns(ordered_corrections().filter(article__story=story)),
                ),
                level=3,
            ),
        },
    )


@require_safe
def robots_txt(request):
    response = render(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("coverage:sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    return response


@require_safe
def healthz(request):
    """For load balancers: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
