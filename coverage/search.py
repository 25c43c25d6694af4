"""How much one search may ask for, on the public log and in the admin.

Every word of a search is one more condition over several text columns, none of
them indexed for it: 800 words took 3.5 s on SQLite and 23 s on PostgreSQL, and
past about 1,500 SQLite refused the expression. A search is therefore bounded in
words and characters, and refused beyond that with a message that names the
parameter, before any query runs.
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connection as default_connection
from django.db import connections
from django.db.models import F, Q

MAX_SEARCH_WORDS = 10
MAX_SEARCH_LENGTH = 200


def search_words(text: str, *, parameter: str = "q") -> list[str]:
    """The words of ``text``, or ValidationError when there are too many."""
    words = text.split()
    if len(words) > MAX_SEARCH_WORDS:
        raise ValidationError(
            f"{parameter}: search for at most {MAX_SEARCH_WORDS} words "
            f"(this search has {len(words)}).",
            code="search_too_many_words",
        )
    if len(text) > MAX_SEARCH_LENGTH:
        raise ValidationError(
            f"{parameter}: search for at most {MAX_SEARCH_LENGTH} characters "
            f"(this search has {len(text)}).",
            code="search_too_long",
        )
    return words


def every_word_in_any(words: list[str], fields: list[str]) -> Q:
    """One condition: each word appears, case-insensitively, in one of ``fields``."""
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
            for word in words
        ),
        Q(),
    )


# Full-text search -----------------------------------------------------------------
#
# On PostgreSQL each searched table keeps a ``search_vector`` column, filled by the
# database itself (the triggers of the ``full_text_search`` migration), under a GIN
# index; a search is one ``@@`` against it, ranked with ts_rank. On SQLite the
# column stays empty and a search is the bounded ``icontains`` above over the same
# text: the same simple matches, without stemming, ranking or phrases.

CONFIG = "english"
# Marks the database puts around a match in a highlighted excerpt: characters no
# text of ours contains, so that the excerpt can be escaped as a whole and the
# marks found again (the template puts <mark> around them).
START_MARK, STOP_MARK = "\x02", "\x03"
EXCERPT_WORDS = 30


def full_text(connection=None) -> bool:
    """Whether the database searches with its full-text index (PostgreSQL)."""
    return (connection or default_connection).vendor == "postgresql"


# A prefix of one or two letters matches a good part of the vocabulary: reading
# that many index entries costs more than the search is worth.
MIN_PREFIX = 3


def prefix_word(text: str) -> str | None:
    """The last word of ``text`` as a prefix to match (``counc`` finds
    ``council``), or None when it closes a phrase, is negated, an operator or
    shorter than MIN_PREFIX."""
    if text.rstrip().endswith('"') or text.count('"') % 2:
        return None
    words = text.split()
    if not words:
        return None
    last = words[-1]
    if last.startswith("-") or last.lower() == "or":
        return None
    word = "".join(ch for ch in last if ch.isalnum())
    return word if len(word) >= MIN_PREFIX else None


class PrefixQuery(SearchQuery):
    """A word as a prefix, as the OR of the lexemes it begins (migration
    search_lexicon's ``coverage_prefix_query``): GIN skips through those entries
    beside the other words', where it collected ``word:*``'s matches whole."""

    SEARCH_TYPES = {"prefix": "coverage_prefix_query"}
    # A subquery, evaluated once per query (an InitPlan): called in a filter, the
    # function ran for every row a walk along the newest-first index read.
    template = "(SELECT %(function)s(%(expressions)s))"

    def __init__(self, word: str):
        super().__init__(word, config=CONFIG, search_type="prefix")


def search_query(text: str):
    """The tsquery of a reader's search: websearch syntax ("a phrase", -not, or)
    with its last word also matched as a prefix, for searches typed as you go."""
    words = search_words(text)
    prefix = prefix_word(text)
    if prefix is None:
        return SearchQuery(text, search_type="websearch", config=CONFIG)
    rest = " ".join(words[:-1])
    if not rest:
        # Alone, a prefix's matches are the result: collecting them costs what
        # reading them does, and as a constant the planner estimates how many
        # there are from the column's statistics (an ordered page of a broad
        # word walked 100,000 rows of the queue's index on a default estimate).
        # to_tsquery('english', 'word:*') stems the word too (councils:* -> council:*).
        return SearchQuery(f"{prefix}:*", search_type="raw", config=CONFIG)
    # Beside other words, the OR of the words it begins, stemmed the same way.
    return SearchQuery(rest, search_type="websearch", config=CONFIG) & PrefixQuery(
        prefix
    )


def matching(queryset, text: str, *, fields: list[str], vector: str = "search_vector"):
    """``queryset`` narrowed to rows matching ``text``, annotated ``search_rank``
    on PostgreSQL; ``fields`` are the icontains fallback's (SQLite), ``vector``
    the search vector column read on PostgreSQL."""
    if not full_text(connections[queryset.db]):
        return queryset.filter(every_word_in_any(search_words(text), fields))
    return queryset.filter(**{vector: search_query(text)}).annotate(
        search_rank=rank(text, vector=vector)
    )


def rank(text: str, *, vector: str = "search_vector"):
    """How relevant a row is to ``text``: ts_rank over its ``vector`` (PostgreSQL).
    Apart from the match itself, for rows already found: with the match there,
    the planner searched the index again instead of reading them by id."""
    # F(): a column name alone would be read as to_tsvector(column), weights lost.
    return SearchRank(F(vector), search_query(text))


Excerpt = list[tuple[str, bool]]  # (text, is it a match), in order


def excerpt_parts(marked: str) -> Excerpt:
    """The database's highlighted excerpt as parts a template escapes one by one."""
    parts = []
    for i, piece in enumerate(marked.replace(STOP_MARK, START_MARK).split(START_MARK)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts


def fallback_excerpt(text: str, words: list[str], *, width: int = 90) -> Excerpt:
    """SQLite's excerpt: ``text`` around the first word found, every occurrence
    of a searched word marked (case-insensitively, as the fallback matches)."""
    words = [w for w in words if w.strip('"-')]
    if not words:
        return [(text[: width * 2], False)] if text else []
    pattern = re.compile(
        "|".join(re.escape(w.strip('"-')) for w in words), re.IGNORECASE
    )
    first = pattern.search(text)
    if first is None:
        return []
    start = max(0, first.start() - width)
    end = min(len(text), first.end() + width)
    window = text[start:end]
    parts, at = [], 0
    if start:
        parts.append(("…", False))
    for found in pattern.finditer(window):
        if found.start() > at:
            parts.append((window[at : found.start()], False))
        parts.append((found.group(), True))
        at = found.end()
    if at < len(window):
        parts.append((window[at:], False))
    if end < len(text):
        parts.append(("…", False))
    return parts


def excerpts(
    queryset, text: str, *, expression, fields: list[str], whole: bool = False
) -> dict:
    """``{pk: Excerpt}`` for the rows of ``queryset`` (a page: ts_headline reads
    every row's text, so it runs on the shown rows only). ``expression`` is the
    text to excerpt on PostgreSQL; ``fields`` the ones joined on SQLite. With
    ``whole``, the whole text with its matches marked (a short one: a claim, a
    headline), not the fragments around them."""
    # A dict by id: sorting the rows in the model's order would be for nothing.
    queryset = queryset.order_by()
    if not full_text(connections[queryset.db]):
        rows = queryset.values_list("pk", *fields)
        words = search_words(text)
        joined = {pk: " · ".join(v for v in values if v) for pk, *values in rows}
        return {
            pk: fallback_excerpt(value, words, width=len(value) if whole else 90)
            for pk, value in joined.items()
        }
    shown = (
        {"highlight_all": True}
        if whole
        else {
            "max_words": EXCERPT_WORDS,
            "min_words": 10,
            "max_fragments": 2,
            "fragment_delimiter": " … ",
        }
    )
    rows = queryset.annotate(
        search_excerpt=SearchHeadline(
            expression,
            search_query(text),
            config=CONFIG,
            start_sel=START_MARK,
            stop_sel=STOP_MARK,
            **shown,
        )
    ).values_list("pk", "search_excerpt")
    return {pk: excerpt_parts(marked) for pk, marked in rows}


BOUNDED_COUNT = 1000


def bounded_ids(queryset, limit: int = BOUNDED_COUNT) -> list:
    """The ids of at most ``limit`` + 1 rows of ``queryset``, in no order: read
    by the same index scan as their count, and enough to rank them afterwards
    by primary key without searching the index a second time."""
    return list(queryset.order_by().values_list("pk", flat=True)[: limit + 1])


def bounded_count(
    queryset, limit: int = BOUNDED_COUNT, *, distinct: str | None = None
) -> tuple[int, bool]:
    """How many rows, counting no further than ``limit``: (count, more than that).
    A count of every match of a broad search reads the whole table. With
    ``distinct``, how many different values of that field."""
    rows = queryset.order_by()
    rows = rows.values(distinct).distinct() if distinct else rows.values("pk")
    found = rows[: limit + 1].count()
    return min(found, limit), found > limit
