"""Filters for the public corrections log, shared by the HTML page and the JSON.

Values live in the query string (GET), so every filtered view has a URL.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from coverage.models import Correction, Outlet, Story


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class CorrectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    outlet = django_filters.ModelChoiceFilter(
        label="Outlet",
        field_name="article__outlet",
        to_field_name="slug",
        queryset=Outlet.objects.only("slug", "name"),
        empty_label="All outlets",
    )
    story = django_filters.ModelChoiceFilter(
        label="Story",
        field_name="article__story",
        to_field_name="slug",
        queryset=Story.objects.only("slug", "title").order_by("title"),
        empty_label="All stories",
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Correction.Kind.choices, empty_label="All kinds"
    )
    since = django_filters.DateFilter(
        label="Published on or after",
        method="filter_since",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label="Published on or before",
        method="filter_until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Correction
        fields = ["q", "outlet", "story", "kind", "since", "until"]

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(what_was_wrong__icontains=word)
                | Q(what_is_right__icontains=word)
                | Q(public_explanation__icontains=word)
                | Q(article__headline__icontains=word)
            )
        return queryset

    def filter_since(self, queryset, name, value):
        # A range on the column itself, not published_at__date, keeps the index usable.
        return queryset.filter(published_at__gte=day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(
            published_at__lt=day_start(value + datetime.timedelta(days=1))
        )
