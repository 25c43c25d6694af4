"""The public corrections log: which corrections a page shows, and their markup.

The log, its JSON, the permalinks and the story pages show corrections from the same
rows: a ``correction_values()`` dict per correction, one query for a page of them.
"""

import datetime
from html import escape as escape_html
from typing import NamedTuple

from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from coverage.filters import (
    OUTLET,
    STORY,
    CorrectionFilter,
    filter_choices,
    option_html,
    select_option,
)
from coverage.memo import Memo
from coverage.models import Correction, Outlet, Story


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


class LogSelection(NamedTuple):
    """The published corrections a query string selects, newest first."""

    filterset: CorrectionFilter | None  # None when the query string filters nothing
    rows: QuerySet  # their shown columns
    known_count: int | None  # the unfiltered log's, from the page signature
    choices: dict

    def is_valid(self) -> bool:
        return self.filterset is None or self.filterset.is_valid()

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
        if not filterset.is_valid():  # refused with a 400 that shows why, no rows
            filterset.queryset = filterset.queryset.none()
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
