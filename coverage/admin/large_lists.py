"""Changelists over tables of a million rows: full-text search, ranked, and pages
that never count the whole table.

Django's changelist counts twice per page view: the rows matching the filters
(the paginator) and, unless ``show_full_result_count`` is off, the whole table.
On PostgreSQL ``count(*)`` reads every row (MVCC keeps no row count), about 100 ms
per million rows even on an index. So here the whole table's count is never
asked for, and the paginator counts no further than ``COUNT_LIMIT`` rows; a list
without filters instead shows the planner's estimate (``pg_class.reltuples``, kept
by ANALYZE and autovacuum), as Django's own docs suggest for large tables.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR, ChangeList
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import F
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from coverage import search
from coverage.admin.base import BoundedSearchMixin
from coverage.models import Story

COUNT_LIMIT = 10_000


def estimated_rows(queryset) -> int | None:
    """The planner's estimate of the rows in ``queryset``'s table, or None off
    PostgreSQL or before the table was first analysed."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] >= 0 else None


def serial_ids(queryset) -> list:
    """The primary keys of ``queryset``, a page's, read by one PostgreSQL process.

    A page's ids are a walk along the index that holds the list's order, stopped
    at the page's last row. Planned in parallel, each worker walks its share of
    the index until the merged order has the page, and they take longer to start
    than the whole walk: the queue by outlet probes 10,000 appearances in 39 ms
    with two workers, 4,900 in 8 ms alone. So parallel workers are turned off for
    this query alone (``SET LOCAL`` in a block of its own), not for the
    connection, whose other queries (a count, a search) may gain from them."""
    connection = connections[queryset.db]
    ids = queryset.values_list("pk", flat=True)
    if connection.vendor != "postgresql":
        return list(ids)
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        found = list(ids)
        # Rolled back, not committed: inside a transaction already, this block
        # is a savepoint, and releasing it would keep the setting until that
        # transaction ends.
        transaction.set_rollback(True, using=queryset.db)
    return found


class LargeTablePaginator(Paginator):
    """Counts at most COUNT_LIMIT rows (``capped``), or, with no filter on a table
    larger than that, takes the planner's estimate (``estimated``)."""

    capped = False
    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if not queryset.query.has_filters():
            estimate = estimated_rows(queryset)
            if estimate is not None and estimate > COUNT_LIMIT:
                self.estimated = True
                return estimate
        count, self.capped = search.bounded_count(queryset, COUNT_LIMIT)
        return count


class LargeChangeList(ChangeList):
    """Reads a page in two steps: the ids of its rows, in the list's order, then
    those rows by primary key. The ids come from the index that orders the list
    without reading a row (claim_worthiness_queue holds the queue's whole order):
    a page of rows read whole read every row it skipped too, and with a filter
    the rows it rejected (page 50 skips 4,900; an outlet's claims are 1 in 50).
    The second query carries no filter, search or sort, so it can be asked for
    more per row (``page_rows``) at the cost of the rows shown alone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each row's link is given the list's filters here (url_for_result): handed
        # them, Django's row drawing resolves every row's address again to learn it
        # is a change page, not this list (a URL resolve per row, a tenth of a
        # filtered page's Python).
        self.row_link_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_link_filters}" if self.row_link_filters else url

    def get_results(self, request):
        super().get_results(request)
        if self.list_editable:
            return  # the formset needs the page as a queryset
        ids = serial_ids(self.result_list)
        rows = self.page_rows(self.apply_select_related(self.root_queryset))
        found = rows.in_bulk(ids)
        self.result_list = [found[pk] for pk in ids if pk in found]
        self.mark_matches(ids)

    def mark_matches(self, ids: list) -> None:
        """Give each row of a searched page its text with the search's matches
        marked, as ``search_excerpt`` (search.excerpts over the page's rows alone:
        ts_headline on PostgreSQL, the fallback's marks on SQLite), for the column
        that shows it (``highlighted``); unsearched, rows have none."""
        field = self.model_admin.excerpt_field
        if not (self.query.strip() and field and ids):
            return
        found = search.excerpts(
            self.model._default_manager.filter(pk__in=ids),
            self.query,
            expression=F(field),
            fields=[field],
            whole=True,
        )
        for row in self.result_list:
            row.search_excerpt = found.get(row.pk)

    # The columns a row shows (through select_related, its relations' too), when
    # the model holds more: the rest is its change page's.
    ROW_FIELDS: list[str] = []

    def page_rows(self, queryset):
        """The query the page's rows are read with, by primary key."""
        return queryset.only(*self.ROW_FIELDS) if self.ROW_FIELDS else queryset


def highlighted(row, shown: str) -> str:
    """``shown``, or where the row was searched and matched its text with each
    match in ``<mark>`` (LargeChangeList.mark_matches), escaped part by part."""
    excerpt = getattr(row, "search_excerpt", None)
    if not excerpt or not any(match for _text, match in excerpt):
        return shown
    return mark_safe(
        "".join(
            format_html("<mark>{}</mark>", text) if match else escape(text)
            for text, match in excerpt
        )
    )


class LargeChangelistMixin(BoundedSearchMixin):
    """A changelist over a large table: no full count, a bounded paginator, and a
    search that uses the table's full-text index on PostgreSQL, most relevant
    first unless a column is chosen to sort by. On SQLite the search is Django's
    own over ``search_fields`` (icontains), as bounded as everywhere else.

    The pagination template of each model using it (admin/coverage/<model>/
    pagination.html) says "10,000+" or "about" instead of a false exact figure."""

    show_full_result_count = False
    paginator = LargeTablePaginator

    def get_changelist(self, request, **kwargs):
        return LargeChangeList

    # The search vector column the full-text search reads (search.matching).
    search_vector = "search_vector"
    # The text a searched row shows with its matches marked (mark_matches).
    excerpt_field: str | None = None

    def get_queryset(self, request):
        # The vectors are the indexes', never shown: a page need not read them.
        vectors = [
            field.name
            for field in self.model._meta.concrete_fields
            if isinstance(field, SearchVectorField)
        ]
        return super().get_queryset(request).defer(*vectors)

    def searches_full_text(self, request) -> bool:
        """Whether this request's search runs on the full-text index."""
        term = request.GET.get(SEARCH_VAR, "")
        if not term.strip() or not search.full_text():
            return False
        try:
            search.search_words(term)
        except ValidationError:
            return False  # refused, with its message, by BoundedSearchMixin
        return True

    def get_search_results(self, request, queryset, search_term):
        """Ranked as the public log's search (public.filters.searched): the ids of
        at most search.BOUNDED_COUNT + 1 matches are read first, and give the
        paginator its count; as many or fewer are ranked, by primary key, most
        relevant first. A broader search keeps the list's own order: ranking it
        is one ts_rank per match, and an index that holds the order finds a
        common word's matches in a few rows."""
        # The autocomplete's search (its own parameter) stays Django's.
        from_box = search_term.strip() == request.GET.get(SEARCH_VAR, "").strip()
        if not from_box or not self.searches_full_text(request):
            return super().get_search_results(request, queryset, search_term)
        found = search.matching(
            queryset, search_term, fields=[], vector=self.search_vector
        )
        ids = search.bounded_ids(found)
        more = len(ids) > search.BOUNDED_COUNT
        request.bounded_count = (min(len(ids), search.BOUNDED_COUNT), more)
        if more:
            return found, False
        # The ids meet every filter already; ranked without the match condition,
        # they are read by primary key, not by searching the index again.
        found = queryset.filter(pk__in=ids).annotate(
            search_rank=search.rank(search_term, vector=self.search_vector)
        )
        if ORDER_VAR not in request.GET:
            # The changelist has ordered the rows already; relevance comes first.
            found = found.order_by("-search_rank", *queryset.query.order_by)
        return found, False

    def get_paginator(self, request, queryset, per_page, **kwargs):
        paginator = super().get_paginator(request, queryset, per_page, **kwargs)
        known = getattr(request, "bounded_count", None)
        if known is not None:
            # Counted already, to its bound: by the search itself
            # (get_search_results), or by the changelist (QueueChangeList).
            paginator.count, paginator.capped = known
        return paginator


class StoryFilter(admin.SimpleListFilter):
    """The newest developing stories, and the one chosen: any other story still
    filters by its id in the address (the queue's and the articles' lists).
    Django's own filter drew a link for every story ever covered on each page
    (500 at the bench's million claims), the most of the queue's Python after its
    rows; stories only grow."""

    title = "story"
    parameter_name = "story__id__exact"  # the address Django's filter used
    SHOWN = 20

    def lookups(self, request, model_admin):
        choices = list(
            Story.objects.filter(status=Story.Status.DEVELOPING)
            .order_by("-created_at", "-pk")
            .values_list("pk", "title")[: self.SHOWN]
        )
        chosen = self.value()
        if chosen is None or chosen in {str(pk) for pk, _title in choices}:
            return choices
        if not chosen.isdigit() or not (
            other := Story.objects.filter(pk=chosen).values_list("pk", "title")
        ):
            raise IncorrectLookupParameters(f"No story with id {chosen!r}.")
        return [*choices, *other]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(story_id=self.value())
