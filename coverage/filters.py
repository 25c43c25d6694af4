"""Filters for the public corrections log, shared by the HTML page and the JSON.

Values live in the query string (GET), so every filtered view has a URL.
"""

import datetime
import re
from functools import cached_property
from html import escape

import django_filters
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Value
from django.utils import timezone

from coverage.memo import Memo
from coverage.models import Correction, Outlet, Story
from coverage.search import every_word_in_any, search_words

SEARCHED_FIELDS = [
    "what_was_wrong",
    "what_is_right",
    "public_explanation",
    "article__headline",
]
# The dates a log may be filtered by: wide enough for any archive, narrow enough that
# the day after ``until`` and a local midnight always exist (9999-12-31 overflowed).
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2999, 12, 31)
DAY_BOUNDS = [MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)]


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


OUTLET, STORY = 0, 1

# A worker keeps the outlet and story choices as long as it keeps a page's
# signature (PAGE_SIGNATURE_SECONDS), so a new outlet or story shows in the
# filters, and is accepted as a filter value, as soon as a publication would.
choices_memo = Memo(size=1)


def option_html(value, label) -> str:
    return f'<option value="{escape(str(value))}">{escape(str(label))}</option>'


def select_option(options: str, value: str) -> str:
    """``options`` with the one whose value is ``value`` selected."""
    unselected = f'<option value="{escape(value)}">'
    return options.replace(unselected, f"{unselected[:-1]} selected>", 1)


class Choices:
    """One filter's choices: (slug, label) pairs in order, and each slug's id."""

    def __init__(self, rows: list[tuple[int, str, str]]):
        self.pairs = [(slug, label) for _, slug, label in rows]
        self.ids = {slug: pk for pk, slug, _ in rows}
        self.by_id = {pk: (slug, label) for pk, slug, label in rows}

    def __call__(self):
        return self.pairs

    @cached_property
    def options(self) -> str:
        """Every choice as an unselected <option>, built once per set of choices
        (a busy desk has hundreds of stories) rather than on every filtered page."""
        return "".join(option_html(slug, label) for slug, label in self.pairs)

    def __deepcopy__(self, memo):
        # Given to the form field as a callable and never changed: building and
        # copying the form (it deep-copies its fields) shares it instead of
        # copying every choice.
        return self


def filter_choices() -> dict[int, Choices]:
    """Outlets by name and stories by title, in one query: those with a published
    correction, so that no unreviewed import is named."""
    seconds = settings.PAGE_SIGNATURE_SECONDS
    if seconds and (known := choices_memo.get("choices")) is not None:
        return known
    fields = ("kind", "id", "slug", "label")
    outlets = (
        Outlet.objects.public().order_by().annotate(kind=Value(OUTLET), label=F("name"))
    )
    stories = (
        Story.objects.with_corrections()
        .order_by()
        .annotate(kind=Value(STORY), label=F("title"))
    )
    both = outlets.values_list(*fields).union(stories.values_list(*fields), all=True)
    rows = {OUTLET: [], STORY: []}
    for kind, pk, slug, label in both.order_by("kind", "label"):
        rows[kind].append((pk, slug, label))
    choices = {kind: Choices(found) for kind, found in rows.items()}
    if seconds:
        choices_memo.put("choices", choices, seconds)
    return choices


class CorrectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        validators=[search_words],
    )
    # Choices are set per filter set from filter_choices(); the value is a slug,
    # filtered on by id so the count needs no join to the outlet or story table.
    outlet = django_filters.ChoiceFilter(
        label="Outlet", method="filter_outlet", empty_label="All outlets"
    )
    story = django_filters.ChoiceFilter(
        label="Story", method="filter_story", empty_label="All stories"
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Correction.Kind.choices, empty_label="All kinds"
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

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_choices = choices = choices or filter_choices()
        self.choices = {"outlet": choices[OUTLET], "story": choices[STORY]}
        for name, found in self.choices.items():
            self.filters[name].extra["choices"] = found

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(article__outlet_id=self.choices["outlet"].ids[value])

    def filter_story(self, queryset, name, value):
        return queryset.filter(article__story_id=self.choices["story"].ids[value])

    def filter_text(self, queryset, name, value):
        return queryset.filter(every_word_in_any(search_words(value), SEARCHED_FIELDS))

    def filter_since(self, queryset, name, value):
        # A range on the column itself, not published_at__date, keeps the index usable.
        return queryset.filter(published_at__gte=day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(
            published_at__lt=day_start(value + datetime.timedelta(days=1))
        )


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
