import json
from dataclasses import replace

import pytest

from coverage.importers import claims as claim_detection
from coverage.importers import import_file
from coverage.importers.claims import CandidateClaim, find_claims
from coverage.importers.parsed import ParsedArticle
from coverage.importers.store import CREATED, UNCHANGED, UPDATED, save_article
from coverage.models import (
    Article,
    ArticleRevision,
    Claim,
    ClaimAppearance,
    Outlet,
    Source,
    Story,
)
from tests.factories import ClaimFactory, OutletFactory, StoryFactory

pytestmark = pytest.mark.django_db


def parsed(body="The council said it spent £4 million on 12 roads.", **fields):
    defaults = {"headline": "Roads bill", "raw_text": body, "source_format": "text"}
    return ParsedArticle(body=body, source_name="a.txt", **{**defaults, **fields})


def counts():
    return [
        m.objects.count()
        for m in (Article, Outlet, Story, Source, Claim, ClaimAppearance)
    ]


def test_seed_articles_are_saved_with_claims_and_claimants(reporter, seed_article):
    for number in ("000", "001", "002"):
        result = save_article(
            seed_article(number), actor=reporter, story_slug="our-planet"
        )
        assert result.action == CREATED
    lad = Article.objects.get(outlet__name="LADbible")
    assert lad.headline_inferred is False
    assert lad.imported_by == reporter
    assert Article.objects.filter(headline_inferred=True).count() == 2
    assert Outlet.objects.get(name="Unknown outlet").needs_review is True
    assert Outlet.objects.get(name="LADbible").needs_review is False

    crockford = Source.objects.get(normalised_name="susan crockford")
    assert (crockford.name, crockford.kind) == ("Dr. Susan Crockford", "person")
    assert Source.objects.get(name="Netflix").kind == "organisation"
    assert Source.objects.get(name="Sophie Lanfear").kind == "person"
    polar = Claim.objects.get(text__contains="hungry polar bears")
    assert polar.claimant == crockford
    assert polar.status == Claim.Status.UNREVIEWED
    assert (
        Claim.objects.get(text__contains="a documented fact").claimant.name == "Netflix"
    )
    assert Claim.objects.get(text__contains="more than 700 casualties").claimant is None
    for appearance in ClaimAppearance.objects.select_related("article"):
        body = appearance.article.body
        assert body[appearance.start : appearance.end] == appearance.quote


def test_same_claim_in_two_articles_of_a_story_is_linked_not_duplicated(reporter):
    body = "Officials said more than 700 walruses died in 2017."
    save_article(parsed(body, url="https://a.test/1"), actor=reporter, story_slug="w")
    save_article(
        parsed(
            f"Intro line here today.\n\n{body}", url="https://b.test/2", headline="B"
        ),
        actor=reporter,
        story_slug="w",
    )
    claim = Claim.objects.get(text=body)
    assert claim.appearances.count() == 2
    assert Claim.objects.count() == 1


def test_existing_story_and_source_are_reused(reporter):
    story = StoryFactory(slug="walrus")
    ClaimFactory(text="Netflix said 700 walruses died.", story=story, claimant=None)
    Source.objects.create(name="netflix", kind="organisation")
    save_article(
        parsed("Netflix said 700 walruses died."), actor=reporter, story_slug="walrus"
    )
    assert Story.objects.count() == 1
    assert Source.objects.count() == 1
    assert Claim.objects.count() == 1


def test_saving_the_same_article_again_writes_nothing(reporter, seed_article):
    save_article(seed_article("001"), actor=reporter)
    before = counts()
    result = save_article(seed_article("001"), actor=reporter)
    assert result.action == UNCHANGED
    assert counts() == before
    assert ArticleRevision.objects.count() == 0


def test_changed_text_updates_and_keeps_the_old_one(reporter, editor):
    first = parsed(url="https://a.test/1")
    article = save_article(first, actor=reporter).article
    old_claim = Claim.objects.get()
    changed = replace(
        first, body="The council said it spent £5 million.", raw_text="new"
    )
    result = save_article(changed, actor=editor)
    assert result.action == UPDATED
    article.refresh_from_db()
    assert article.body == "The council said it spent £5 million."
    revision = article.revisions.get()
    assert (revision.body, revision.raw_text) == (first.body, first.raw_text)
    assert revision.replaced_by == editor
    assert not Claim.objects.filter(pk=old_claim.pk).exists()
    assert article.claim_appearances.get().quote == article.body


def test_editor_fixed_headline_survives_a_reimport_with_a_guessed_one(reporter):
    article = save_article(parsed(headline_inferred=True), actor=reporter).article
    Article.objects.filter(pk=article.pk).update(
        headline="Fixed", headline_inferred=False
    )
    assert (
        save_article(parsed(headline_inferred=True), actor=reporter).action == UNCHANGED
    )
    changed = parsed("The council said it spent £9m.", headline_inferred=True)
    save_article(replace(changed, raw_text=changed.body + "!"), actor=reporter)
    article.refresh_from_db()
    assert (article.headline, article.headline_inferred) == ("Fixed", False)


def test_outlet_option_is_used_when_the_file_names_none(reporter):
    save_article(parsed(), actor=reporter, outlet_name="The Northern Courier")
    assert Article.objects.get().outlet.name == "The Northern Courier"
    OutletFactory(name="bbc news")
    save_article(parsed(outlet_name="BBC News", url="https://b.test"), actor=reporter)
    assert Outlet.objects.filter(name__iexact="bbc news").count() == 1


def test_dry_run_reports_and_writes_nothing(reporter, seed_article):
    result = save_article(
        seed_article("000"), actor=reporter, story_slug="new", dry_run=True
    )
    assert result.action == CREATED
    found = find_claims(seed_article("000").body)
    assert result.claims_found == len(
        claim_detection.worth_storing(found, seed_article("000").body)
    )
    assert counts() == [0, 0, 0, 0, 0, 0]


def test_failure_midway_through_an_article_leaves_no_rows(reporter, seed_article):
    def detector(body):
        good = find_claims(body)
        return [
            *good,
            CandidateClaim(
                quote="", start=5, end=5, reasons=("quantity",), worthiness=1.0
            ),
        ]

    with pytest.raises(Exception, match="appearance_span_valid|CHECK constraint"):
        save_article(
            seed_article("000"), actor=reporter, story_slug="s", detector=detector
        )
    assert counts() == [0, 0, 0, 0, 0, 0]


def test_failure_in_the_middle_of_a_file_leaves_the_other_articles(reporter, tmp_path):
    lines = [
        '{"headline": "One", "body": "Netflix said 700 walruses died in 2017."}',
        '{"headline": "Two", "body": "FAIL: officials said 12 roads were shut."}',
        '{"headline": "Three", "body": "Police said 40 homes were flooded."}',
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines))

    def detector(body):
        bad = [CandidateClaim(quote="", start=0, end=0, reasons=(), worthiness=1.0)]
        return find_claims(body) + (bad if body.startswith("FAIL") else [])

    report = import_file(path, actor=reporter, detector=detector)
    assert (report.created, report.failed) == (2, 1)
    assert report.errors[0].startswith(f"{path}:2: database: ")
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "One",
        "Three",
    ]
    assert not Claim.objects.filter(text__contains="12 roads").exists()


def test_a_quote_that_does_not_match_the_body_is_refused(reporter):
    def detector(body):
        return [CandidateClaim(quote="elsewhere", start=0, end=9, reasons=())]

    with pytest.raises(
        Exception, match=r"a.txt: claims: quote does not match body\[0:9\]"
    ):
        save_article(parsed(), actor=reporter, detector=detector)
    assert Article.objects.count() == 0


def test_acting_user_is_required():
    with pytest.raises(ValueError, match="An acting user is required"):
        save_article(parsed(), actor=None)


def test_query_count_does_not_grow_with_claims(reporter, django_assert_num_queries):
    OutletFactory(name="Unknown outlet")
    StoryFactory(slug="s")
    one = parsed("Police said 40 homes were flooded.", url="https://a.test/1")
    many = parsed(
        " ".join(
            f"Officer Lee{n} said {n} homes were flooded in {n} streets."
            for n in range(10)
        ),
        url="https://a.test/2",
    )
    # savepoint, outlet, story, same article (url, raw text or headline), insert
    # article, known sources, known aliases, insert sources, known claims, insert
    # claims, insert appearances, insert their figures, insert the audit row,
    # release savepoint: 14 for one claim or ten.
    with django_assert_num_queries(14):
        save_article(one, actor=reporter, story_slug="s")
    with django_assert_num_queries(14):
        save_article(many, actor=reporter, story_slug="s")
    assert ClaimAppearance.objects.count() == 11


def jsonl(tmp_path, records, name="batch.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(record) for record in records))
    return path


def walrus_record(number, **fields):
    return {
        "headline": f"Walrus count {number}",
        "body": f"Officer Lee{number} said {number} walruses died. The beach was quiet.",
        "url": f"https://a.test/{number}",
        "outlet": "The Northern Courier",
        **fields,
    }


def test_import_query_count_does_not_grow_with_articles(
    reporter, tmp_path, django_assert_num_queries
):
    OutletFactory(name="The Northern Courier")
    StoryFactory(slug="s")
    assert reporter.has_perm("coverage.add_article")  # caches the permissions
    one = jsonl(tmp_path, [walrus_record(1)], "one.jsonl")
    ten = jsonl(tmp_path, [walrus_record(n) for n in range(10, 20)], "ten.jsonl")
    # transaction, batch savepoint, outlets, same articles, story, insert
    # articles, known sources, known aliases, insert sources, known claims,
    # insert claims, insert appearances, insert their figures, insert audit rows,
    # release savepoint, commit: 16 for one article or ten.
    with django_assert_num_queries(16):
        import_file(one, actor=reporter, story_slug="s")
    with django_assert_num_queries(16):
        assert import_file(ten, actor=reporter, story_slug="s").created == 10
    # Imported again: transaction, savepoint, outlets, same articles, story,
    # release, commit; the one lookup finds all ten unchanged.
    with django_assert_num_queries(7):
        assert import_file(ten, actor=reporter, story_slug="s").unchanged == 10


def test_a_batch_writes_what_one_by_one_saving_writes(reporter, tmp_path):
    shared = "Police said 40 homes were flooded in March."
    records = [
        walrus_record(1, story="s", body=f"{shared} The river rose."),
        walrus_record(2, story="s", body=f"{shared} The road was shut."),
        walrus_record(3, story="other", body=f"{shared} Nobody was hurt."),
        {"body": f"{shared} Volunteers came.", "headline": "No story"},
        {"body": f"{shared} Nobody came.", "headline": "No story either"},
        {"body": f"{shared} Nobody came.", "headline": "No story either"},
    ]
    report = import_file(jsonl(tmp_path, records), actor=reporter)
    assert (report.created, report.unchanged, report.failed) == (5, 1, 0)
    # One claim per story; an article without a story keeps its own.
    assert Claim.objects.filter(text=shared).count() == 4
    assert Claim.objects.get(text=shared, story__slug="s").appearances.count() == 2
    assert Source.objects.filter(name="Police").count() == 1
    for appearance in ClaimAppearance.objects.select_related("article"):
        body = appearance.article.body
        assert body[appearance.start : appearance.end] == appearance.quote


def test_the_same_url_twice_in_one_file_updates_the_first(reporter, tmp_path):
    records = [
        walrus_record(1),
        walrus_record(1, body="Officials said 9 walruses died there."),
    ]
    report = import_file(jsonl(tmp_path, records), actor=reporter)
    assert (report.created, report.updated) == (1, 1)
    article = Article.objects.get()
    assert article.body == "Officials said 9 walruses died there."
    assert article.revisions.get().body.startswith("Officer Lee1 said")
    assert (
        ClaimAppearance.objects.get().quote == "Officials said 9 walruses died there."
    )


def test_a_stored_article_in_a_batch_is_updated_with_a_revision(reporter, tmp_path):
    import_file(jsonl(tmp_path, [walrus_record(1)], "first.jsonl"), actor=reporter)
    records = [
        walrus_record(1, body="Officials said 3 walruses died there."),
        walrus_record(2),
    ]
    report = import_file(jsonl(tmp_path, records), actor=reporter)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert ArticleRevision.objects.count() == 1
    assert ClaimAppearance.objects.count() == 2


def test_a_bad_article_in_a_batch_is_reported_alone_and_leaves_no_rows(
    reporter, tmp_path
):
    # A headline over 500 characters is refused by PostgreSQL only; a quote out
    # of its body is refused by the store on both.
    def detector(body):
        if "FAIL" in body:
            return [CandidateClaim(quote="FAIL", start=1, end=5, reasons=())]
        return find_claims(body)

    records = [walrus_record(n) for n in range(5)]
    records[2]["body"] = "FAIL: officials said 12 roads were shut."
    report = import_file(jsonl(tmp_path, records), actor=reporter, detector=detector)
    assert (report.created, report.failed) == (4, 1)
    assert report.errors == [
        f"{tmp_path / 'batch.jsonl'}:3: claims: quote does not match body[1:5]"
    ]
    assert not Article.objects.filter(url="https://a.test/2").exists()
    assert Claim.objects.count() == 4


def test_an_outlet_created_by_an_update_is_reused_by_the_next_article(
    reporter, tmp_path
):
    import_file(jsonl(tmp_path, [walrus_record(1)], "first.jsonl"), actor=reporter)
    records = [
        walrus_record(1, outlet="The Quay Post", body="Officials said 3 boats sank."),
        walrus_record(2, outlet="The Quay Post"),
    ]
    report = import_file(jsonl(tmp_path, records), actor=reporter)
    assert (report.created, report.updated, report.failed) == (1, 1, 0)
    assert Article.objects.filter(outlet__name="The Quay Post").count() == 2


def test_import_queries_grow_per_batch_not_per_article_or_claim(reporter, tmp_path):
    # Articles with several claims each, over two batches and five: the queries
    # grow by about a constant per batch of BATCH_SIZE articles, none per claim.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coverage.importers import BATCH_SIZE

    StoryFactory(slug="s")
    assert reporter.has_perm("coverage.add_article")

    def records(first, count):
        return [
            walrus_record(
                n,
                body=" ".join(
                    f"Officer Lee{n}x{k} said {k + 2} walruses died on {n}th street."
                    for k in range(6)
                ),
            )
            for n in range(first, first + count)
        ]

    counts = []
    for name, first, batches in (("two", 1000, 2), ("five", 5000, 5)):
        path = jsonl(tmp_path, records(first, BATCH_SIZE * batches), f"{name}.jsonl")
        with CaptureQueriesContext(connection) as queries:
            report = import_file(path, actor=reporter, story_slug="s")
        assert report.created == BATCH_SIZE * batches
        assert report.claims_found >= BATCH_SIZE * batches
        counts.append(len(queries))
    per_batch = (counts[1] - counts[0]) / 3
    claims_per_batch = report.claims_found / 5
    # 16 on PostgreSQL; SQLite splits a bulk insert by its bound-parameter limit.
    assert per_batch <= BATCH_SIZE / 2
    assert per_batch <= claims_per_batch / 10
    assert counts[0] <= 2 * per_batch + 10  # the run: transaction, outlets, story


@pytest.mark.django_db
def test_outlets_whose_names_slugify_alike_are_kept_apart(reporter):
    for outlet in ["Fox News", "Fox-News", ":", "!"]:
        save_article(
            parsed(outlet_name=outlet, url=f"https://x.test/{outlet}"), actor=reporter
        )

    slugs = dict(Outlet.objects.values_list("name", "slug"))
    assert slugs == {
        "Fox News": "fox-news",
        "Fox-News": "fox-news-2",
        ":": "outlet",
        "!": "outlet-2",
    }
