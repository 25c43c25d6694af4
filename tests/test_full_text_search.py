"""Search at scale: full-text search on PostgreSQL (ranked, phrases, prefixes,
highlighted), icontains on SQLite, and lists that never count a whole table."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage import search
from coverage.models import Article, Correction
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    CorrectionFactory,
    PublishedClaimFactory,
    PublishedCorrectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

LOG = reverse("coverage:correction_list")
FACT_CHECKS = reverse("coverage:claim_list")
QUEUE = reverse("admin:coverage_claim_changelist")
ARTICLES = reverse("admin:coverage_article_changelist")
CORRECTIONS = reverse("admin:coverage_correction_changelist")
DESK = reverse("admin:coverage_claim_desk")


def found(client, q):
    """The log's corrections for ``q``, in the order shown."""
    response = client.get(LOG, {"q": q})
    assert response.status_code == 200
    return [pk for pk, _version in response.context["page"]]


def fact_checks(client, q):
    response = client.get(FACT_CHECKS, {"q": q})
    assert response.status_code == 200
    return [pk for pk, _version in response.context["page"]]


def queue(client, q):
    response = client.get(QUEUE, {"q": q})
    assert response.status_code == 200
    return [claim.pk for claim in response.context["cl"].result_list]


def published(headline="Harbour dredging begins", **text):
    return PublishedCorrectionFactory(article=ArticleFactory(headline=headline), **text)


def unbounded_counts(queries) -> list[str]:
    """The captured COUNTs that have no LIMIT: each would read every row."""
    return [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper() and "LIMIT" not in q["sql"].upper()
    ]


# On either database: the same simple matches.


def test_log_finds_a_word_in_text_or_headline(client):
    in_text = published(what_was_wrong="The lighthouse was said to be red.")
    in_headline = published(headline="Lighthouse keeper retires")
    published(what_was_wrong="The ferry left at noon.")

    assert sorted(found(client, "lighthouse")) == sorted([in_text.pk, in_headline.pk])


def test_log_search_needs_every_word(client):
    both = published(what_was_wrong="The lighthouse keeper was named wrongly.")
    published(what_was_wrong="The lighthouse was said to be red.")

    assert found(client, "lighthouse keeper") == [both.pk]


def test_unpublished_corrections_and_claims_are_never_found(client):
    CorrectionFactory(what_was_wrong="A secret zeppelin appears.")
    ClaimFactory(text="A secret zeppelin landed in the harbour.")

    assert found(client, "zeppelin") == []
    assert fact_checks(client, "zeppelin") == []


def test_fact_checks_are_searched(client):
    claim = PublishedClaimFactory(text="Seals outnumber the town's residents.")
    PublishedClaimFactory(text="The ferry is the oldest in the country.")

    assert fact_checks(client, "seals") == [claim.pk]


def test_matches_are_highlighted_and_escaped(client):
    """PostgreSQL's excerpt leaves tags out; SQLite's shows them, escaped."""
    published(what_was_wrong="Tom & Jerry's <b>lighthouse</b> was said to be red.")

    page = client.get(LOG, {"q": "lighthouse"}).content.decode()

    excerpt = re.search(r'<p class="search-excerpt">(.*?)</p>', page).group(1)
    assert "<mark>lighthouse</mark>" in excerpt.lower()
    assert "Tom &amp; Jerry" in excerpt
    assert "<b>" not in excerpt


@pytest.mark.parametrize(
    ("address", "make"),
    [
        (
            QUEUE,
            lambda: ClaimAppearanceFactory(
                claim__text="Tom & Jerry's <b>lighthouse</b> keepers counted 40 seals."
            ),
        ),
        (ARTICLES, lambda: ArticleFactory(headline="Tom & Jerry's <b>lighthouse</b>")),
    ],
)
def test_admin_searches_highlight_the_match_escaped(editor_client, address, make):
    make()
    searched = editor_client.get(address, {"q": "lighthouse"}).content.decode()
    row = re.search(r"<tbody>.*?</tr>", searched, re.S)
    assert "<mark>lighthouse</mark>" in row.group(0).lower()
    assert "Tom &amp; Jerry" in row.group(0)
    assert "<b>" not in row.group(0)
    # Unsearched, the same row is its plain text.
    assert "<mark>" not in editor_client.get(address).content.decode()


def test_queue_search_finds_the_claimant(editor_client):
    claim = ClaimAppearanceFactory(
        claim__claimant=SourceFactory(name="Professor Wilhelmina Ashgrove")
    ).claim
    ClaimAppearanceFactory()

    assert queue(editor_client, "Ashgrove") == [claim.pk]


def test_log_search_query_count_does_not_grow(client):
    def load():
        with CaptureQueriesContext(connection) as queries:
            assert len(found(client, "lighthouse")) == matches
        return len(queries)

    matches = 1
    published(what_was_wrong="The lighthouse was said to be red.")
    few = load()
    matches = 6
    for _ in range(5):
        published(what_was_wrong="The lighthouse was said to be blue.")
    assert load() == few


def test_queue_search_query_count_does_not_grow(editor_client):
    def load():
        with CaptureQueriesContext(connection) as queries:
            assert len(queue(editor_client, "harbour seals")) == matches
        return len(queries)

    matches = 1
    ClaimAppearanceFactory(claim__text="Harbour seals number in the thousands.")
    few = load()
    matches = 6
    for n in range(5):
        ClaimAppearanceFactory(claim__text=f"Harbour seals ate {n} tonnes of fish.")
    assert load() == few


@pytest.mark.parametrize(
    ("address", "query"),
    [
        (QUEUE, {}),
        (QUEUE, {"status__exact": "unreviewed"}),
        (QUEUE, {"q": "animals"}),
        (ARTICLES, {}),
        (ARTICLES, {"q": "council"}),
        (CORRECTIONS, {}),
        (CORRECTIONS, {"q": "cliff"}),
        (DESK, {}),
    ],
)
def test_big_admin_pages_never_count_a_whole_table(editor_client, address, query):
    for _ in range(3):
        ClaimAppearanceFactory()
        CorrectionFactory()

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(address, query)

    assert response.status_code == 200
    assert unbounded_counts(queries) == []


def test_bounded_count_says_when_there_are_more(db):
    for _ in range(3):
        ArticleFactory()

    assert search.bounded_count(Article.objects.all(), 2) == (2, True)
    assert search.bounded_count(Article.objects.all(), 3) == (3, False)


def test_fallback_excerpt_marks_each_word():
    parts = search.fallback_excerpt("The Lighthouse keeper", ["lighthouse"])
    assert parts == [("The ", False), ("Lighthouse", True), (" keeper", False)]


def test_prefix_word_is_the_last_word_outside_phrases_and_negations():
    assert search.prefix_word("harbour counc") == "counc"
    assert search.prefix_word('"harbour council"') is None
    assert search.prefix_word("harbour -council") is None
    assert search.prefix_word('"harbour council') is None
    assert search.prefix_word("harbour co") is None


# PostgreSQL: the index, stemming, phrases, prefixes and ranking.

postgres = pytest.mark.postgres


@postgres
def test_ranking_puts_headline_matches_first(client):
    in_explanation = published(public_explanation="The lighthouse log was misread.")
    in_headline = published(headline="Lighthouse keeper retires after forty years")

    assert found(client, "lighthouse") == [in_headline.pk, in_explanation.pk]


@postgres
def test_ranking_puts_more_matches_first(client):
    once = published(what_was_wrong="The ferry timetable was wrong.")
    twice = published(
        what_was_wrong="The ferry was late.", what_is_right="The ferry was early."
    )

    assert found(client, "ferry") == [twice.pk, once.pk]


@postgres
def test_phrase_query(client):
    phrase = published(what_was_wrong="The harbour master resigned.")
    apart = published(what_was_wrong="The master of the harbour resigned.")

    assert found(client, '"harbour master"') == [phrase.pk]
    assert sorted(found(client, "harbour master")) == sorted([phrase.pk, apart.pk])


@postgres
def test_prefix_and_stemmed_queries(client):
    council = published(what_was_wrong="The councillors voted twice.")

    assert found(client, "counc") == [council.pk]
    assert found(client, "councillor") == [council.pk]
    assert found(client, "vote") == [council.pk]


@postgres
def test_negation(client):
    red = published(what_was_wrong="The lighthouse was red.")
    published(what_was_wrong="The lighthouse was blue.")

    assert found(client, "lighthouse -blue") == [red.pk]


@postgres
def test_search_uses_the_gin_index(client):
    published(what_was_wrong="The lighthouse was red.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM coverage_correction "
            "WHERE search_vector @@ websearch_to_tsquery('english', 'lighthouse')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "coverage_correction_search" in plan


@postgres
def test_fact_check_search_reads_the_index_of_published_claims_alone(client):
    """Shaped as the public's searches are: many published claims, one with the
    word. The index's new entries are merged and the table analysed as
    autovacuum would (both undone with the test): with the statistics earlier
    tests left, or the entries still pending, the planner priced the stamp's
    index the cheaper."""
    from django.contrib.postgres.search import SearchQuery

    from coverage.models import Claim
    from coverage.models.claims import claim_fingerprint

    lighthouse = PublishedClaimFactory(
        text="The lighthouse is the oldest on the coast."
    )
    others = PublishedClaimFactory.build_batch(
        2000, story=lighthouse.story, claimant=lighthouse.claimant
    )
    for claim in others:
        claim.fingerprint = claim_fingerprint(claim.text)
    Claim.objects.bulk_create(others)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list('coverage_claim_published_search')"
        )
        cursor.execute("ANALYZE coverage_claim")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = (
        Claim.objects.published()
        .filter(search_vector=SearchQuery("lighthouse", config="english"))
        .explain()
    )
    assert "coverage_claim_published_search" in plan
    assert "BitmapAnd" not in plan


@postgres
@pytest.mark.parametrize(
    ("address", "table"), [(LOG, "correction"), (FACT_CHECKS, "claim")]
)
def test_a_ranked_page_reads_the_matches_found_by_id(client, address, table):
    """The search's index is read once, by the bounded count; the ranked page
    then reads the rows it found by primary key."""
    published(what_was_wrong="The lighthouse was red.")
    PublishedClaimFactory(text="The lighthouse is the oldest on the coast.")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(address, {"q": "lighthouse"}).status_code == 200

    ranked = [q["sql"] for q in queries if "ts_rank(" in q["sql"]]
    assert len(ranked) == 1
    assert f'"coverage_{table}"."id" IN (' in ranked[0]
    assert "@@" not in ranked[0]  # the index is not searched a second time


@postgres
def test_renamed_headline_and_claimant_are_searched(client):
    correction = published(headline="Harbour dredging begins")
    claim = PublishedClaimFactory(claimant=SourceFactory(name="Agnes Pemberton"))

    Article.objects.filter(pk=correction.article_id).update(headline="Quay repairs")
    claim.claimant.name = "Agnes Holloway"
    claim.claimant.save()

    assert found(client, "quay") == [correction.pk]
    assert found(client, "dredging") == []
    assert fact_checks(client, "holloway") == [claim.pk]


@postgres
def test_a_published_correction_stays_unchangeable(db):
    from django.db import IntegrityError, transaction

    correction = published()
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE coverage_correction SET what_was_wrong = 'x' WHERE id = %s",
            [correction.pk],
        )
    assert Correction.objects.get(pk=correction.pk).what_was_wrong != "x"


@postgres
def test_highlight_marks_stemmed_words(client):
    published(what_was_wrong="The councillors voted twice.")

    page = client.get(LOG, {"q": "vote"}).content.decode()

    assert "<mark>voted</mark>" in page


@postgres
def test_queue_search_is_ranked(editor_client):
    elsewhere = ClaimAppearanceFactory(
        claim__text="The ferry runs daily.",
        claim__claimant=SourceFactory(name="Harriet Lighthouse"),
    ).claim
    in_text = ClaimAppearanceFactory(claim__text="The lighthouse is 200 years old.")

    with CaptureQueriesContext(connection) as queries:
        assert queue(editor_client, "lighthouse") == [in_text.claim.pk, elsewhere.pk]
    searches = [q["sql"] for q in queries if "@@" in q["sql"]]
    # One read of the index: the bounded ids; the ranking reads them by id.
    assert len(searches) == 1
    assert "LIMIT 1001" in searches[0]


@postgres
def test_queue_search_follows_the_headlines_of_the_articles_quoting_a_claim(
    editor_client,
):
    claim = ClaimFactory(text="The ferry runs daily.")
    assert queue(editor_client, "quayside") == []

    appearance = ClaimAppearanceFactory(
        claim=claim, article=ArticleFactory(headline="Quayside ferry row")
    )
    assert queue(editor_client, "quayside") == [claim.pk]

    Article.objects.filter(pk=appearance.article_id).update(headline="Pier repairs")
    assert queue(editor_client, "quayside") == []
    assert queue(editor_client, "pier") == [claim.pk]

    appearance.delete()
    assert queue(editor_client, "pier") == []


@postgres
def test_a_broad_queue_search_is_counted_to_its_bound_and_kept_in_queue_order(
    editor_client,
):
    from coverage.models import Claim

    Claim.objects.bulk_create(
        Claim(text=f"Harbour seals ate {n} tonnes.", worthiness=(n % 100) / 100)
        for n in range(search.BOUNDED_COUNT + 1)
    )
    Claim.objects.create(text="The ferry runs daily.", worthiness=1.0)

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(QUEUE, {"q": "seals"})

    changelist = response.context["cl"]
    assert (changelist.result_count, changelist.paginator.capped) == (
        search.BOUNDED_COUNT,
        True,
    )
    assert f"{search.BOUNDED_COUNT}+ claims" in response.content.decode()
    shown = [claim.worthiness for claim in changelist.result_list]
    assert shown == sorted(shown, reverse=True)
    assert shown[0] == 0.99
    # The search's own read of at most BOUNDED_COUNT + 1 ids is the only count.
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    assert not unbounded_counts(queries)


def prefix_query(word: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coverage_prefix_query('english', %s)::text", [word])
        return cursor.fetchone()[0]


@postgres
def test_a_prefix_is_searched_as_the_words_it_begins(client):
    council = published(what_was_wrong="The councillors voted twice.")
    ArticleFactory(headline="Council counts the ballots")

    # Lexemes of every vector: corrections', and articles' unpublished or not.
    assert prefix_query("counc") == "'council' | 'councillor'"
    assert prefix_query("Councils") == "'council' | 'councillor'"  # stemmed
    assert found(client, "twice counc") == [council.pk]
    with CaptureQueriesContext(connection) as queries:
        found(client, "voted counc")
    searched = [q["sql"] for q in queries if "@@" in q["sql"]]
    assert searched
    assert all("coverage_prefix_query" in sql for sql in searched)
    assert not any(":*" in sql for sql in searched)


@postgres
def test_a_prefix_beginning_no_word_or_too_many_stays_a_prefix(client):
    words = " ".join(f"zebra{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(80))
    published(what_was_wrong=f"{words}.")

    assert prefix_query("zebr") == "'zebr':*"  # more than 50 words
    assert prefix_query("zebraa") != "'zebraa':*"
    assert prefix_query("quokk") == "'quokk':*"  # no word
    assert prefix_query("the") == ""  # a stop word, as to_tsquery makes it
    assert len(found(client, "zebraa zebr")) == 1


@postgres
def test_a_prefix_alone_stays_a_prefix(client):
    council = published(what_was_wrong="The councillors voted twice.")
    with CaptureQueriesContext(connection) as queries:
        assert found(client, "counc") == [council.pk]
    searched = [q["sql"] for q in queries if "@@" in q["sql"]]
    assert searched
    assert not any("coverage_prefix_query" in sql for sql in searched)


@postgres
def test_words_of_an_edited_claim_join_the_lexicon(editor_client):
    claim = ClaimFactory(text="The mayor said the bridge was safe.")
    assert prefix_query("viadu") == "'viadu':*"
    claim.text = "The mayor said the viaduct was safe."
    claim.save(update_fields=["text"])

    assert prefix_query("viadu") == "'viaduct'"
    assert queue(editor_client, "mayor viadu") == [claim.pk]
    assert queue(editor_client, "mayor bridg") == []
