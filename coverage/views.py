"""Public, read-only pages: the corrections log, fact checks and story pages.

What is public is decided by ``Correction.objects.published()`` and
``Claim.objects.published()``; every query here starts from one of them.

Each page has a *signature*: one or two cheap aggregate queries (an indexed
``Max`` of the publication time, and a count where rows can leave the public set)
that change whenever the page's content may. The signature gives the ETag and
Last-Modified, answers conditional requests with 304 before any rendering, and
keys the server-side page cache, so a publication never waits for a cache entry
to expire: it shows within PAGE_SIGNATURE_SECONDS (1 s), the time each worker
keeps a signature it has computed.
"""

import datetime
import hashlib
from collections.abc import Callable
from functools import wraps
from html import escape as escape_html
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.forms.utils import flatatt
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.http import http_date, quote_etag
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from coverage import structured_data
from coverage.filters import (
    OUTLET,
    STORY,
    CorrectionFilter,
    filter_choices,
    option_html,
    select_option,
)
from coverage.memo import Memo
from coverage.models import (
    Article,
    Claim,
    ClaimAppearance,
    ClaimLink,
    Correction,
    Evidence,
    Outlet,
    Story,
)

PAGE_SIZE = 25
JSON_PAGE_SIZE = 50
LATEST_COUNT = 10
BROWSER_MAX_AGE = 60


class Signature(NamedTuple):
    """What a page depends on: its newest moment (Last-Modified) and a version
    string (the ETag); ``count`` is the number of rows when the page shows it."""

    latest: datetime.datetime | None
    version: str
    count: int | None = None


# Signatures: what a page depends on, in one or two indexed queries.


def corrections_signature(**kwargs) -> Signature:
    # Published corrections are append-only, so the newest publication time changes
    # with every publication, including one that supersedes an older correction.
    latest = Correction.objects.published().aggregate(latest=Max("published_at"))
    return Signature(latest["latest"], f"corrections:{latest['latest']}")


def log_signature(**kwargs) -> Signature:
    """The corrections' signature with their count, which the unfiltered log shows:
    read here, once per PAGE_SIGNATURE_SECONDS, it spares that page a count(*) per
    request."""
    state = Correction.objects.published().aggregate(
        latest=Max("published_at"), count=Count("id")
    )
    return Signature(state["latest"], f"corrections:{state['latest']}", state["count"])


def claims_signature(**kwargs) -> Signature:
    # A reopened claim leaves the public set: the count catches that.
    state = Claim.objects.published().aggregate(
        latest=Max("verdict_published_at"), count=Count("id")
    )
    return Signature(state["latest"], f"claims:{state['latest']}:{state['count']}")


def correction_signature(*, pk: int) -> Signature:
    """One correction's page changes when it is published or superseded."""
    state = (
        Correction.objects.published()
        .filter(Q(pk=pk) | Q(supersedes_id=pk))
        .aggregate(latest=Max("published_at"), found=Count("id", filter=Q(pk=pk)))
    )
    if not state["found"]:
        raise Http404("No published correction with that id.")
    return Signature(state["latest"], f"correction:{pk}:{state['latest']}")


def claim_signature(*, pk: int) -> Signature:
    if not Claim.objects.published().filter(pk=pk).exists():
        raise Http404("No published fact check with that id.")
    claims = claims_signature()
    return Signature(claims.latest, f"claim:{pk}:{claims.version}")


def story_signature(*, slug: str) -> Signature:
    story = (
        Story.objects.filter(slug=slug)
        .annotate(
            articles_changed=Max("articles__updated_at"),
            article_count=Count("articles"),
        )
        .values("pk", "updated_at", "articles_changed", "article_count")
        .first()
    )
    if story is None:
        raise Http404("No story with that address.")
    corrections = corrections_signature()
    claims = claims_signature()
    moments = [
        story["updated_at"],
        story["articles_changed"],
        corrections.latest,
        claims.latest,
    ]
    return Signature(
        max(m for m in moments if m),
        f"story:{story['pk']}:{story['updated_at']}:{story['articles_changed']}:"
        f"{story['article_count']}:{corrections.version}:{claims.version}",
    )


def home_signature(**kwargs) -> Signature:
    corrections = corrections_signature()
    claims = claims_signature()
    moments = [m for m in (corrections.latest, claims.latest) if m]
    return Signature(
        max(moments) if moments else None,
        f"home:{corrections.version}:{claims.version}",
    )


def sitemap_signature(**kwargs) -> Signature:
    home = home_signature()
    stories = Story.objects.aggregate(latest=Max("updated_at"), count=Count("id"))
    moments = [m for m in (home.latest, stories["latest"]) if m]
    return Signature(
        max(moments) if moments else None,
        f"sitemap:{home.version}:{stories['latest']}:{stories['count']}",
    )


def outlet_signature(*, slug: str) -> Signature:
    get_object_or_404(Outlet.objects.only("pk"), slug=slug)
    return corrections_signature()


def story_corrections_signature(*, slug: str) -> Signature:
    get_object_or_404(Story.objects.only("pk"), slug=slug)
    return corrections_signature()


# Under load a page's signature query runs about once per PAGE_SIGNATURE_SECONDS
# per worker instead of once per request.
signature_memo = Memo(size=10_000)
# The pages a worker served in the last PAGE_SIGNATURE_SECONDS, by cache key
# (address and ETag), in front of the shared cache: a hot page costs no round trip
# to Redis.
recent_pages = Memo(size=256)


def remembered(signature: Callable[..., Signature], kwargs: dict) -> Signature:
    seconds = settings.PAGE_SIGNATURE_SECONDS
    if not seconds:
        return signature(**kwargs)
    key = (signature.__name__, *sorted((k, str(v)) for k, v in kwargs.items()))
    value = signature_memo.get(key)
    if value is None:
        value = signature(**kwargs)
        signature_memo.put(key, value, seconds)
    return value


def public_page(signature: Callable[..., Signature]):
    """Make a read-only view conditional, cacheable and cached server-side.

    The ETag and the cache key both come from ``signature`` (called with the URL's
    keyword arguments), so a 304 or a cached body costs only the signature query.
    The view finds the signature as ``request.page_signature``.
    """

    def decorator(view):
        @wraps(view)
        @require_safe
        def wrapper(request, *args, **kwargs):
            request.page_signature = page = remembered(signature, kwargs)
            etag = quote_etag(hashlib.sha256(page.version.encode()).hexdigest()[:32])
            last_modified = int(page.latest.timestamp()) if page.latest else None
            response = get_conditional_response(
                request, etag=etag, last_modified=last_modified
            )
            if response is None:
                response = cached_response(request, view, etag, args, kwargs)
            if response.status_code in (200, 304):
                response["ETag"] = etag
                if last_modified is not None:
                    response["Last-Modified"] = http_date(last_modified)
                patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            return response

        return wrapper

    return decorator


def cached_response(request, view, etag, args, kwargs) -> HttpResponse:
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds:
        return view(request, *args, **kwargs)
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    key = f"public-page:{address}:{etag}"
    kept = settings.PAGE_SIGNATURE_SECONDS
    stored = recent_pages.get(key) if kept else None
    if stored is None:
        stored = cache.get(key)
        if stored is not None and kept:
            recent_pages.put(key, stored, kept)
    if stored is not None:
        content, content_type = stored
        return HttpResponse(content, content_type=content_type)
    response = view(request, *args, **kwargs)
    if response.status_code == 200:
        if hasattr(response, "render"):
            response.render()
        stored = (response.content, response["Content-Type"])
        cache.set(key, stored, seconds)
        if kept:
            recent_pages.put(key, stored, kept)
    return response


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


def ordered_corrections():
    """Published corrections, newest first, with no joins: what the log filters,
    counts and pages; ``shown_columns()`` then picks the columns a page shows."""
    return Correction.objects.published().order_by("-published_at", "-id")


# The columns a correction shows, as paths from Correction: a row is a dict with
# these keys, read from a loaded instance or by correction_values().
CORRECTION_COLUMNS = (
    "id",
    "kind",
    "published_at",
    "what_was_wrong",
    "what_is_right",
    "public_explanation",
    "article__headline",
    "article__url",
    "article__published_at",
    "article__is_retracted",
    "article__outlet__name",
    "article__outlet__slug",
    "article__story__title",
    "article__story__slug",
    "supersedes__id",
    "supersedes__status",
    "supersedes__kind",
    "supersedes__published_at",
    "superseded_by__id",
    "superseded_by__status",
    "superseded_by__kind",
    "superseded_by__published_at",
)
# What correction_values() reads from the database: outlet and story by id only,
# named from the filter choices, so the query joins four tables, not six (planning
# a six-table join cost more than running it).
QUERIED_COLUMNS = tuple(
    column
    for column in CORRECTION_COLUMNS
    if not column.startswith(("article__outlet__", "article__story__"))
) + ("article__outlet_id", "article__story_id")
KIND_LABELS = dict(Correction.Kind.choices)
PUBLISHED = Correction.Status.PUBLISHED


def shown_columns(queryset) -> QuerySet:
    """The corrections of ``queryset`` as the rows correction_values() reads."""
    return queryset.values(*QUERIED_COLUMNS)


# The unfiltered log's rows, prepared once per process and cloned per request, as a
# class-based view's queryset is: setting up the shown columns and their joins
# costs more than compiling the SQL.
PUBLIC_LOG_ROWS = shown_columns(ordered_corrections())


def correction_values(rows_queryset, choices=None) -> list[dict]:
    """The page's rows: one query of the shown columns (a ``shown_columns()``
    queryset), outlets and stories named from ``filter_choices()`` (a query only for
    one newer than those)."""
    rows = list(rows_queryset)
    choices = choices or filter_choices()
    outlets = names_by_id(
        choices[OUTLET].by_id, {row["article__outlet_id"] for row in rows}, Outlet
    )
    stories = names_by_id(
        choices[STORY].by_id, {row["article__story_id"] for row in rows}, Story
    )
    for row in rows:
        slug, name = outlets[row.pop("article__outlet_id")]
        row["article__outlet__slug"], row["article__outlet__name"] = slug, name
        slug, title = stories.get(row.pop("article__story_id"), (None, None))
        row["article__story__slug"], row["article__story__title"] = slug, title
    return rows


def names_by_id(known: dict, wanted: set, model) -> dict:
    """``known`` (id: (slug, name)) with any of ``wanted`` it lacks read from
    ``model``: one created since the worker last read the filter choices."""
    missing = wanted - known.keys() - {None}
    if not missing:
        return known
    label = "name" if model is Outlet else "title"
    found = model.objects.filter(pk__in=missing).values_list("pk", "slug", label)
    return {**known, **{pk: (slug, name) for pk, slug, name in found}}


def instance_values(correction) -> dict:
    """The same row read from a loaded instance (a missing relation gives None)."""
    row = {}
    for column in CORRECTION_COLUMNS:
        value = correction
        for part in column.split("__"):
            value = getattr(value, part, None)
            if value is None:
                break
        row[column] = value
    return row


class RowFormat:
    """What every row of a page needs from the request, looked up once per request
    rather than once per row: the public addresses (reversed once), the time zone
    and the month names."""

    MARK = "8675309"

    def __init__(self, request):
        self.origin = request.build_absolute_uri("/")[:-1]
        self.correction = self._pattern("coverage:correction_detail")
        self.story = self._pattern("coverage:story_detail")
        self.zone = timezone.get_current_timezone()
        self.months = {number: str(name) for number, name in MONTHS.items()}

    def _pattern(self, name):
        head, tail = reverse(name, args=[self.MARK]).rsplit(self.MARK, 1)
        return lambda value: f"{head}{value}{tail}"

    def day(self, moment: datetime.datetime) -> tuple[str, str]:
        """(ISO 8601, "7 March 2024") in the current time zone, as the date filter."""
        local = moment.astimezone(self.zone)
        return local.isoformat(), f"{local.day} {self.months[local.month]} {local.year}"


def correction_row(values: dict, fmt: RowFormat) -> dict:
    """What the _correction.html partial shows, computed in Python: no reverse(),
    date filter or method call per row in the template."""
    iso, shown = fmt.day(values["published_at"])
    kind_label = KIND_LABELS[values["kind"]]
    story_slug = values["article__story__slug"]
    return {
        "id": values["id"],
        "url": fmt.correction(values["id"]),
        "kind": values["kind"],
        "kind_label": kind_label,
        "kind_lower": kind_label.lower(),
        "iso": iso,
        "day": shown,
        "headline": values["article__headline"],
        "article_url": values["article__url"],
        "outlet": values["article__outlet__name"],
        "story_title": values["article__story__title"],
        "story_url": fmt.story(story_slug) if story_slug else None,
        "what_was_wrong": values["what_was_wrong"],
        "what_is_right": values["what_is_right"],
        "explanation": values["public_explanation"],
        "supersedes": related_link(values, "supersedes", fmt),
        "superseded_by": related_link(values, "superseded_by", fmt),
    }


def related_link(values: dict, relation: str, fmt: RowFormat) -> dict | None:
    """The other correction of a supersession, only once it is published."""
    if values[f"{relation}__status"] != PUBLISHED:
        return None
    pk = values[f"{relation}__id"]
    return {
        "id": pk,
        "url": fmt.correction(pk),
        "kind_lower": KIND_LABELS[values[f"{relation}__kind"]].lower(),
        "day": fmt.day(values[f"{relation}__published_at"])[1],
    }


def multiline(text: str) -> str:
    """Escaped, line breaks as <br>: the linebreaksbr filter."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return escape_html(lines).replace("\n", "<br>")


def correction_html(row: dict, *, level: int = 2, permalink: bool = False) -> str:
    """One published correction as an <article>, from a ``correction_row``.

    Built here rather than in a template partial: the log shows 25 a page, and the
    template engine's cost per variable made the partial most of an uncached page.
    Every value from the database goes through escape_html() (the standard
    library's, which django.utils.html.escape wraps at a cost per call).
    """
    pk = row["id"]
    headline = escape_html(row["headline"])
    if row["article_url"]:
        headline = (
            f'<a href="{escape_html(row["article_url"])}" rel="external nofollow">'
            f"{headline}</a>"
        )
    outlet = escape_html(row["outlet"])
    if row["story_url"]:
        outlet += f' · <a href="{escape_html(row["story_url"])}">{escape_html(row["story_title"])}</a>'
    right = (
        f"<dt>What is right</dt><dd>{multiline(row['what_is_right'])}</dd>"
        if row["what_is_right"]
        else ""
    )
    links = []
    if other := row["supersedes"]:
        links.append(
            f'<li>Supersedes <a href="{escape_html(other["url"])}">the '
            f"{escape_html(other['kind_lower'])} of {escape_html(other['day'])}</a></li>"
        )
    if other := row["superseded_by"]:
        links.append(
            f'<li class="superseded">Superseded by <a href="{escape_html(other["url"])}">'
            f"the {escape_html(other['kind_lower'])} of {escape_html(other['day'])}</a></li>"
        )
    if permalink:
        links.append(
            f'<li><a href="{escape_html(row["url"])}">Permalink<span class="visually-hidden"> '
            f"to this {escape_html(row['kind_lower'])}</span></a></li>"
        )
    return mark_safe(
        f'<article class="correction" aria-labelledby="correction-{pk}-title">\n'
        f'<header>\n<p class="meta"><span class="badge badge-{escape_html(row["kind"])}">'
        f'{escape_html(row["kind_label"])}</span> <time datetime="{escape_html(row["iso"])}">'
        f"{escape_html(row['day'])}</time></p>\n"
        f'<h{level} id="correction-{pk}-title" class="correction-title">{headline}'
        f"</h{level}>\n"
        f'<p class="outlet">{outlet}</p>\n</header>\n'
        f'<dl class="correction-body">\n'
        f"<dt>What was wrong</dt><dd>{multiline(row['what_was_wrong'])}</dd>{right}"
        f"<dt>Explanation</dt><dd>{multiline(row['explanation'])}</dd>\n</dl>\n"
        f'<footer>\n<ul class="links">{"".join(links)}</ul>\n</footer>\n'
        "</article>\n"
    )


def corrections_html(rows: list[dict], *, level: int = 2) -> str:
    return mark_safe(
        "".join(correction_html(row, level=level, permalink=True) for row in rows)
    )


def correction_rows(request, queryset, choices=None) -> list[dict]:
    fmt = RowFormat(request)
    return [
        correction_row(values, fmt) for values in correction_values(queryset, choices)
    ]


def page_of(request, queryset, size, *, count: int | None = None):
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # a cached_property: counted elsewhere, not again
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404("No such page.") from error


def render_page(request, template: str, context: dict) -> HttpResponse:
    return render(
        request, template, {**context, "newsroom_name": settings.NEWSROOM_NAME}
    )


class LogSelection(NamedTuple):
    """The published corrections a query string selects, newest first."""

    filterset: CorrectionFilter | None  # None when the query string filters nothing
    rows: QuerySet  # their shown columns
    known_count: int | None  # the unfiltered log's, from the page signature
    choices: dict

    def count(self) -> int:
        if self.filterset is None:
            return self.known_count
        return self.filterset.qs.count()  # on the corrections alone, with no joins


def select_log(request) -> LogSelection:
    """The log as the query string filters it.

    With no filter in the query string (how most readers open the log and the
    JSON), no filter set is built and the count is the page signature's, so that
    page runs one query per request, for its rows.
    """
    if any(request.GET.get(name) for name in CorrectionFilter.base_filters):
        filterset = CorrectionFilter(request.GET, queryset=ordered_corrections())
        rows = shown_columns(filterset.qs)
        return LogSelection(filterset, rows, None, filterset.all_choices)
    count = request.page_signature.count
    return LogSelection(None, PUBLIC_LOG_ROWS.all(), count, filter_choices())


# The unfiltered log's controls, (choices, controls), built again only when the
# worker reads new filter choices.
blank_controls = Memo(size=1)


def log_controls(selection: LogSelection) -> list[dict]:
    if selection.filterset is not None:
        return filter_controls(selection.filterset)
    known = blank_controls.get("log")
    if known is None or known[0] is not selection.choices:
        blank = CorrectionFilter(
            queryset=Correction.objects.none(), choices=selection.choices
        )
        known = (selection.choices, filter_controls(blank))
        blank_controls.put("log", known, seconds=3600)
    return known[1]


def filter_controls(filterset: CorrectionFilter) -> list[dict]:
    """The filter form's controls as HTML built here: Django's widget templates
    render each <option> through the template engine, which for a few hundred
    stories costs more than the rest of the page. Plain strings, so the unfiltered
    log's can be kept and shared between requests."""
    controls = []
    for field in filterset.form:
        value = str(field.value() or "")
        attrs = {"id": field.id_for_label, "name": field.html_name}
        if hasattr(field.field, "choices"):
            if known := filterset.choices.get(field.name):
                options = option_html("", field.field.empty_label) + known.options
            else:
                options = "".join(
                    option_html(key, label) for key, label in field.field.choices
                )
            options = select_option(options, value)
            html = format_html(
                "<select{}>{}</select>", flatatt(attrs), mark_safe(options)
            )
        else:
            attrs.update(field.field.widget.attrs)
            attrs.setdefault("type", "text")
            attrs["value"] = value
            html = format_html("<input{}>", flatatt(attrs))
        controls.append(
            {
                "id": field.id_for_label,
                "label": field.label,
                "html": html,
                "errors": list(field.errors),
            }
        )
    return controls


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
    return render_page(
        request,
        "coverage/correction_list.html",
        {
            "controls": log_controls(selection),
            "page": page,
            "corrections": corrections_html(
                correction_rows(request, page.object_list, selection.choices)
            ),
        },
    )


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
    if selection.filterset is not None and not selection.filterset.is_valid():
        errors = selection.filterset.errors.get_json_data()
        return JsonResponse({"errors": errors}, status=400)
    page = page_of(request, selection.rows, JSON_PAGE_SIZE, count=selection.count())
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


def correction_json(values: dict, fmt: RowFormat) -> dict:
    def link(relation):
        if values[f"{relation}__status"] != PUBLISHED:
            return None
        pk = values[f"{relation}__id"]
        return {"id": pk, "url": fmt.origin + fmt.correction(pk)}

    published = values["article__published_at"]
    story_slug = values["article__story__slug"]
    return {
        "id": values["id"],
        "url": fmt.origin + fmt.correction(values["id"]),
        "kind": values["kind"],
        "kind_label": KIND_LABELS[values["kind"]],
        "published_at": values["published_at"].isoformat(),
        "what_was_wrong": values["what_was_wrong"],
        "what_is_right": values["what_is_right"],
        "explanation": values["public_explanation"],
        "article": {
            "headline": values["article__headline"],
            "url": values["article__url"],
            "published_at": published.isoformat() if published else None,
            "is_retracted": values["article__is_retracted"],
            "outlet": {
                "name": values["article__outlet__name"],
                "slug": values["article__outlet__slug"],
            },
            "story": (
                {
                    "title": values["article__story__title"],
                    "slug": story_slug,
                    "url": fmt.origin + fmt.story(story_slug),
                }
                if story_slug
                else None
            ),
        },
        "supersedes": link("supersedes"),
        "superseded_by": link("superseded_by"),
    }


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
    story = get_object_or_404(Story, slug=slug)
    articles = (
        Article.objects.filter(story=story)
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
