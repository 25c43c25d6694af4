"""The public pages: plain function views over the published querysets.

Each is wrapped in ``public_page`` (caching.py), which answers conditional requests
and keeps the rendered page in the shared cache; ``reads`` names the query-string
parameters a page depends on.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.db.models import TextField, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, to_locale
from django.views.decorators.http import require_safe

from coverage import search, standards
from coverage.figures import public_conflicts
from coverage.models import (
    Article,
    Claim,
    ClaimLink,
    Correction,
    Outlet,
    Story,
)
from coverage.public import cards, structured_data
from coverage.public.caching import (
    BROWSER_MAX_AGE,
    PublicState,
    public_page,
    public_state,
)
from coverage.public.filters import (
    CLAIM_LIST_PARAMETERS,
    CLAIM_SEARCHED_FIELDS,
    LOG_PARAMETERS,
    SEARCHED_FIELDS,
    ClaimSearchForm,
    CorrectionFilter,
    InvalidParameter,
    SearchResults,
    page_number,
    searched,
)
from coverage.public.fragments import (
    FRAGMENT_SECONDS,
    claim_fragments,
    correction_change,
    correction_fragments,
    share_card_png,
    shown_claims,
    shown_corrections,
)
from coverage.public.payloads import correction_json

PAGE_SIZE = 25
JSON_PAGE_SIZE = 50
LATEST_COUNT = 10
CLAIM_FEED_SIZE = 100


def newest_first(corrections):
    return corrections.order_by("-published_at", "-id")


CLAIMS_NEWEST_FIRST = ["-verdict_published_at", "-id"]


def public_claims():
    return shown_claims().order_by(*CLAIMS_NEWEST_FIRST)


class LogFacts(NamedTuple):
    """What the log shows of the whole public record: how many corrections, and
    the outlets and stories it offers as filters, as (id, slug, name) rows."""

    count: int
    outlets: list[tuple[int, str, str]]
    stories: list[tuple[int, str, str]]


def log_facts(state: PublicState) -> LogFacts:
    """Read once per public state and kept in the shared cache: they change only
    when the state does."""
    key = f"public-log-facts:{state.version}"
    facts = cache.get(key)
    if facts is None:
        facts = LogFacts(
            count=Correction.objects.published().count(),
            outlets=list(
                Outlet.objects.public()
                .order_by("name")
                .values_list("pk", "slug", "name")
            ),
            stories=list(
                Story.objects.with_corrections()
                .order_by("title")
                .values_list("pk", "slug", "title")
            ),
        )
        cache.set(key, facts, FRAGMENT_SECONDS)
    return facts


def published_claim_count(state: PublicState) -> int:
    """How many fact checks are public, read once per public state (a count of
    every published claim took 300 ms a page at a million claims)."""
    key = f"public-claim-count:{state.version}"
    count = cache.get(key)
    if count is None:
        count = Claim.objects.published().count()
        cache.set(key, count, FRAGMENT_SECONDS)
    return count


def correction_log(request, state: PublicState) -> tuple[CorrectionFilter, LogFacts]:
    facts = log_facts(state)
    log = CorrectionFilter(
        request.GET,
        queryset=newest_first(shown_corrections()),
        outlets=facts.outlets,
        stories=facts.stories,
    )
    return log, facts


def log_rows(log: CorrectionFilter, facts: LogFacts) -> SearchResults:
    """The log's rows in the order shown and their count: a search's bounded and
    most relevant first (filters.searched), any other filter's counted."""
    if text := log.form.cleaned_data.get("q"):
        return searched(log.qs, text, newest_first=["-published_at", "-id"])
    count = log.qs.count() if log.is_filtering() else facts.count
    return SearchResults(log.qs, count, False)


def with_excerpts(fragments: dict[int, str], found: dict) -> list:
    """Each row's fragment with its highlighted excerpt (None when not searched)."""
    return [(fragment, found.get(pk)) for pk, fragment in fragments.items()]


def correction_excerpts(pks: list[int], text: str) -> dict:
    if not text:
        return {}
    return search.excerpts(
        Correction.objects.filter(pk__in=pks),
        text,
        expression=Concat(
            "article__headline",
            Value(" — "),
            "what_was_wrong",
            Value(" "),
            "what_is_right",
            Value(" "),
            "public_explanation",
            output_field=TextField(),
        ),
        fields=SEARCHED_FIELDS,
    )


def claim_excerpts(pks: list[int], text: str) -> dict:
    if not text:
        return {}
    return search.excerpts(
        Claim.objects.filter(pk__in=pks),
        text,
        expression=Concat(
            "text", Value(" — "), "verdict_summary", output_field=TextField()
        ),
        fields=CLAIM_SEARCHED_FIELDS,
    )


def page_of(request, queryset, size, *, count: int | None = None):
    """The page of ``queryset`` the query string asks for; ``count`` when already
    known (the paginator would count again)."""
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # a cached_property
    try:
        return paginator.page(page_number(request))
    except EmptyPage as error:
        raise Http404("No such page.") from error


def bad_parameter(error: InvalidParameter) -> HttpResponse:
    return HttpResponse(
        str(error), status=400, content_type="text/plain; charset=utf-8"
    )


def jsonld(data: dict) -> str:
    """JSON for a ``<script type="application/ld+json">`` in a template."""
    return mark_safe(structured_data.script_json(data))


@public_page()
def home(request):
    return render(
        request,
        "coverage/home.html",
        {
            "corrections": newest_first(shown_corrections())[:LATEST_COUNT],
            "claims": Claim.objects.published()
            .select_related("claimant")
            .order_by("-verdict_published_at", "-id")[:LATEST_COUNT],
        },
    )


@public_page(reads=LOG_PARAMETERS)
def correction_list(request):
    state = public_state(request)
    log, facts = correction_log(request, state)
    if not log.is_valid():
        context = {"filter": log, "invalid": True}
        return render(request, "coverage/correction_list.html", context, status=400)
    rows, count, more = log_rows(log, facts)
    try:
        page = page_of(
            request, rows.values_list("pk", "version"), PAGE_SIZE, count=count
        )
    except InvalidParameter as error:
        return bad_parameter(error)
    shown = list(page)
    pks = [pk for pk, _version in shown]
    return render(
        request,
        "coverage/correction_list.html",
        {
            "filter": log,
            "state": state,  # keys the blank filter form's {% cache %}
            "page": page,
            "more": more,
            "corrections": with_excerpts(
                correction_fragments(shown),
                correction_excerpts(pks, log.form.cleaned_data.get("q")),
            ),
        },
    )


@public_page(reads=LOG_PARAMETERS)
def correction_list_json(request):
    log, facts = correction_log(request, public_state(request))
    errors = {} if log.is_valid() else log.errors.get_json_data()
    try:
        page_number(request)
    except InvalidParameter as error:
        errors[error.parameter] = [{"message": error.message, "code": "invalid"}]
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    rows, count, more = log_rows(log, facts)
    page = page_of(request, rows, JSON_PAGE_SIZE, count=count)

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"?{query.urlencode()}")

    return JsonResponse(
        {
            "count": page.paginator.count,
            # A search counts no further than search.BOUNDED_COUNT matches.
            "more": more,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": (
                page_url(page.previous_page_number()) if page.has_previous() else None
            ),
            "results": [
                correction_json(c, absolute_url=request.build_absolute_uri)
                for c in page
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


TRANSPARENCY_MONTHS = 3


def transparency_record():
    """The last three months' corrections, newest first, and the median days from
    each article to its correction: what the desk promises readers to show."""
    period = standards.Period.last_months(TRANSPARENCY_MONTHS)
    start, end = period.bounds()
    corrections = list(
        newest_first(
            shown_corrections().filter(published_at__gte=start, published_at__lt=end)
        )
    )
    days = [d for c in corrections if (d := c.days_after_article()) is not None]
    return period, corrections, standards.median_days(days)


@public_page()
def standards_record(request):
    period, corrections, median = transparency_record()
    return render(
        request,
        "coverage/standards.html",
        {"period": period, "corrections": corrections, "median_days": median},
    )


@public_page()
def standards_record_json(request):
    period, corrections, median = transparency_record()
    return JsonResponse(
        {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "count": len(corrections),
            "median_days_to_correction": median,
            "late": sum(c.is_late() for c in corrections),
            "corrections": [
                correction_json(c, absolute_url=request.build_absolute_uri)
                for c in corrections
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def newsroom_of(request) -> dict:
    """The desk's schema.org Organization: the reviewer of its fact checks and
    the publisher of its correction notices."""
    return structured_data.newsroom(
        settings.NEWSROOM_NAME,
        url=request.build_absolute_uri(reverse("coverage:home")),
        logo_url=request.build_absolute_uri(static(structured_data.LOGO)),
    )


def card_url(request, obj, *, card_view: str) -> str:
    """The card's absolute address, with ``?v=<version>`` so that sharing sites
    that keep a picture by its address fetch a new one after a change."""
    path = reverse(card_view, args=[obj.pk])
    return request.build_absolute_uri(f"{path}?v={obj.version}")


def share_tags(request, obj, card: cards.Card, *, card_view: str) -> dict:
    """The page's OpenGraph and Twitter tags (cards.share_tags), with its
    absolute addresses."""
    return cards.share_tags(
        card,
        page_url=request.build_absolute_uri(obj.get_absolute_url()),
        image_url=card_url(request, obj, card_view=card_view),
        site_name=settings.NEWSROOM_NAME,
        locale=to_locale(get_language()),
    )


def card_response(obj, card: cards.Card) -> HttpResponse:
    return HttpResponse(share_card_png(obj, card), content_type=cards.CONTENT_TYPE)


def correction_card(correction) -> cards.Card:
    return cards.correction_card(correction, site_name=settings.NEWSROOM_NAME)


def claim_card(claim) -> cards.Card:
    return cards.claim_card(claim, site_name=settings.NEWSROOM_NAME)


@public_page()
def correction_detail(request, pk):
    correction = get_object_or_404(shown_corrections(), pk=pk)
    url = request.build_absolute_uri(correction.get_absolute_url())
    return render(
        request,
        "coverage/correction_detail.html",
        {
            "correction": correction,
            "change": correction_change(correction),
            "jsonld": jsonld(
                structured_data.correction_notice(
                    correction,
                    url=url,
                    image_url=card_url(
                        request, correction, card_view="coverage:correction_card"
                    ),
                    publisher=newsroom_of(request),
                )
            ),
            "share": share_tags(
                request,
                correction,
                correction_card(correction),
                card_view="coverage:correction_card",
            ),
        },
    )


@public_page()
def correction_card_png(request, pk):
    correction = get_object_or_404(
        Correction.objects.published().select_related("article__outlet"), pk=pk
    )
    return card_response(correction, correction_card(correction))


def claim_search(claims, text: str) -> SearchResults:
    """The fact checks of ``claims`` (published ones) matching ``text``, as the
    public list and the API search them: bounded, counted no further than
    search.BOUNDED_COUNT, most relevant first."""
    return searched(
        search.matching(claims, text, fields=CLAIM_SEARCHED_FIELDS),
        text,
        newest_first=CLAIMS_NEWEST_FIRST,
    )


@public_page(reads=CLAIM_LIST_PARAMETERS)
def claim_list(request):
    form = ClaimSearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "invalid": True}
        return render(request, "coverage/claim_list.html", context, status=400)
    text = form.cleaned_data["q"]
    # Only ids and versions: each row's markup comes from claim_fragments.
    claims = Claim.objects.published().order_by(*CLAIMS_NEWEST_FIRST)
    count, more = None, False
    if not text:
        count = published_claim_count(public_state(request))
    else:
        claims, count, more = claim_search(claims, text)
    try:
        page = page_of(
            request, claims.values_list("pk", "version"), PAGE_SIZE, count=count
        )
    except InvalidParameter as error:
        return bad_parameter(error)
    shown = list(page)
    pks = [pk for pk, _version in shown]
    return render(
        request,
        "coverage/claim_list.html",
        {
            "form": form,
            "page": page,
            "more": more,
            "claims": with_excerpts(
                claim_fragments(shown),
                claim_excerpts(pks, text),
            ),
        },
    )


def claim_review_of(request, claim, *, reviewer: dict) -> dict:
    """The claim's ClaimReview, on its page and in the fact-check feed."""
    url = request.build_absolute_uri(claim.get_absolute_url())
    return structured_data.claim_review(
        claim,
        url=url,
        reviewer=reviewer,
        appearances=claim.shown_appearances,
        appearance_fallback_url=url,
    )


@public_page()
def claim_detail(request, pk):
    claim = get_object_or_404(public_claims(), pk=pk)
    return render(
        request,
        "coverage/claim_detail.html",
        {
            "claim": claim,
            "jsonld": jsonld(
                claim_review_of(request, claim, reviewer=newsroom_of(request))
            ),
            "share": share_tags(
                request, claim, claim_card(claim), card_view="coverage:claim_card"
            ),
        },
    )


@public_page()
def claim_card_png(request, pk):
    claim = get_object_or_404(
        Claim.objects.published().select_related("claimant"), pk=pk
    )
    return card_response(claim, claim_card(claim))


@public_page()
def claim_review_feed(request):
    """The newest fact checks as a schema.org DataFeed of ClaimReview, the shape
    fact-check aggregators ingest."""
    claims = public_claims()[:CLAIM_FEED_SIZE]
    reviewer = newsroom_of(request)
    feed = structured_data.claim_review_feed(
        [claim_review_of(request, claim, reviewer=reviewer) for claim in claims],
        name=f"{settings.NEWSROOM_NAME}: fact checks",
        url=request.build_absolute_uri(reverse("coverage:claim_list")),
    )
    return JsonResponse(
        feed,
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )


@public_page()
def story_detail(request, slug):
    """Only what the desk has published something about: see README, "What a story
    page shows"."""
    story = get_object_or_404(Story.objects.public(), slug=slug)
    claims = list(public_claims().filter(story=story).prefetch_related("quantities"))
    by_id = {claim.pk: claim for claim in claims}
    links = ClaimLink.objects.filter(
        relation=ClaimLink.Relation.CONTRADICTS,
        from_claim_id__in=by_id,
        to_claim_id__in=by_id,
    ).order_by("id")
    pairs = [(by_id[link.from_claim_id], by_id[link.to_claim_id]) for link in links]
    paired = {claim.pk for pair in pairs for claim in pair}
    corrections = newest_first(
        Correction.objects.published().filter(article__story=story)
    )
    return render(
        request,
        "coverage/story_detail.html",
        {
            "story": story,
            "articles": Article.objects.public()
            .filter(story=story)
            .select_related("outlet")
            .defer("raw_text", "body"),
            "pairs": pairs,
            "other_claims": [c for c in claims if c.pk not in paired],
            "figure_conflicts": public_conflicts(claims),
            "corrections": correction_fragments(
                list(corrections.values_list("pk", "version")), level=3
            ).values(),
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
