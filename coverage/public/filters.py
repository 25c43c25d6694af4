"""The corrections log's filters, shared by the HTML page and the JSON, and the
bounds on every public query-string parameter.

Values live in the query string (GET), so every filtered view has an address. Each
value is bounded (coverage/search.py for ``q``); a value out of bounds makes the
form invalid, and the page answers 400 naming the parameter.
"""

import datetime
import re
from typing import NamedTuple

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from coverage import search
from coverage.models import Correction
from coverage.search import search_words

# What a search of the log reads: the correction's search vector on PostgreSQL
# (migration full_text_search), these fields with icontains on SQLite.
SEARCHED_FIELDS = [
    "article__headline",
    "what_was_wrong",
    "what_is_right",
    "public_explanation",
]
CLAIM_SEARCHED_FIELDS = ["text", "proposition", "claimant__name", "verdict_summary"]
# Wide enough for any archive, narrow enough that the day after ``until`` and a
# local midnight always exist (9999-12-31 overflowed).
DAY_BOUNDS = [
    MinValueValidator(datetime.date(1900, 1, 1)),
    MaxValueValidator(datetime.date(2999, 12, 31)),
]


class OptionsInLoop(forms.Select):
    """Django's Select, rendering its options in one loop (see its template)."""

    template_name = "coverage/widgets/select.html"


class SharedChoices(tuple):
    """A filter's choices, read once per public state and shared by every form
    built from them. A form deep-copies each field for each instance, choices and
    all (Django's ChoiceField.__deepcopy__), so that one instance may change its
    own: these are never changed, and copying hundreds of stories' was a tenth
    of a cached search page's time."""

    def __deepcopy__(self, memo):
        return self


class FilterForm(forms.Form):
    template_name = "coverage/widgets/filter_form.html"


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class CorrectionFilter(django_filters.FilterSet):
    """Outlet and story values are slugs; their choices, ``(id, slug, name)`` rows
    of the public outlets and stories, are given by the view (read once per
    public state), and the filter is on the id, so the count needs no join to the
    outlet or story table."""

    q = django_filters.CharFilter(
        label="Search",
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        validators=[search_words],
    )
    outlet = django_filters.ChoiceFilter(
        label="Outlet",
        method="filter_outlet",
        empty_label="All outlets",
        widget=OptionsInLoop,
    )
    story = django_filters.ChoiceFilter(
        label="Story",
        method="filter_story",
        empty_label="All stories",
        widget=OptionsInLoop,
    )
    kind = django_filters.ChoiceFilter(
        label="Kind",
        choices=Correction.Kind.choices,
        empty_label="All kinds",
        widget=OptionsInLoop,
    )
    since = django_filters.DateFilter(
        label="Published on or after",
        method="filter_since",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DAY_BOUNDS,
    )
    until = django_filters.DateFilter(
        label="Published on or before",
        method="filter_until",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DAY_BOUNDS,
    )

    class Meta:
        model = Correction
        fields = ["q", "outlet", "story", "kind", "since", "until"]
        form = FilterForm

    def __init__(self, *args, outlets, stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids = {}
        for name, rows in (("outlet", outlets), ("story", stories)):
            self.filters[name].extra["choices"] = SharedChoices(
                (slug, label) for _, slug, label in rows
            )
            self.ids[name] = {slug: pk for pk, slug, _ in rows}

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(article__outlet_id=self.ids["outlet"][value])

    def filter_story(self, queryset, name, value):
        return queryset.filter(article__story_id=self.ids["story"][value])

    def filter_text(self, queryset, name, value):
        return search.matching(queryset, value, fields=SEARCHED_FIELDS)

    def filter_since(self, queryset, name, value):
        # A range on the column itself, not published_at__date, keeps the index usable.
        return queryset.filter(published_at__gte=day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(
            published_at__lt=day_start(value + datetime.timedelta(days=1))
        )

    def is_filtering(self) -> bool:
        return any(self.data.get(name) for name in self.base_filters)


LOG_PARAMETERS = (*CorrectionFilter.base_filters, "page")


class ClaimSearchForm(FilterForm):
    """The fact checks' search: the same words, bounds and matching as the log's."""

    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        validators=[search_words],
    )


CLAIM_LIST_PARAMETERS = ("q", "page")


class SearchResults(NamedTuple):
    """A searched list: its rows in the order shown, how many (counted no further
    than search.BOUNDED_COUNT) and whether there are more than that."""

    queryset: QuerySet
    count: int
    more: bool


def searched(
    queryset, text: str, *, newest_first: list[str], vector: str = "search_vector"
) -> SearchResults:
    """Rows of the search for ``text`` (``queryset`` already narrowed by
    search.matching), most relevant first on PostgreSQL. A broad search matching
    more than search.BOUNDED_COUNT rows is shown newest first instead: ranking is
    one ts_rank per match, and a word in every other row would rank half the
    table for each page.

    On PostgreSQL the bounded count reads the matches' ids, and the ranked page
    reads those rows by primary key, ranked without the match condition (with it,
    the planner searched the index a second time: 17 ms of a two-word search at
    a million rows). The ids already satisfy every filter of ``queryset``."""
    if not search.full_text(connections[queryset.db]):
        count, more = search.bounded_count(queryset)
        return SearchResults(queryset.order_by(*newest_first), count, more)
    ids = search.bounded_ids(queryset)
    count, more = min(len(ids), search.BOUNDED_COUNT), len(ids) > search.BOUNDED_COUNT
    if more:
        return SearchResults(queryset.order_by(*newest_first), count, more)
    ranked = (
        queryset.model._default_manager.filter(pk__in=ids)
        .annotate(search_rank=search.rank(text, vector=vector))
        .order_by("-search_rank", *newest_first)
    )
    return SearchResults(ranked, count, more)


class InvalidParameter(ValueError):
    """A query-string value a public page refuses, with the message to show."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


MAX_PAGE = 99_999


def page_number(request) -> int:
    """The ``page`` asked for: a whole number from 1, 1 when not given."""
    value = request.GET.get("page") or "1"
    if re.fullmatch(r"[1-9][0-9]{0,4}", value) is None:
        raise InvalidParameter("page", f"a whole number from 1 to {MAX_PAGE}.")
    return int(value)
