import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coverage import workflow
from coverage.models import ClaimStatus, Correction, Outlet, Story
from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def text_of(response) -> str:
    return response.content.decode()


def count_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def h1_count(response) -> int:
    return len(re.findall(r"<h1[\s>]", text_of(response)))


def unpublished_corrections(article):
    draft = factories.CorrectionFactory(
        article=article, what_was_wrong="DRAFT-ONLY-TEXT"
    )
    submitted = factories.CorrectionFactory(
        article=article,
        what_was_wrong="SUBMITTED-ONLY-TEXT",
        status=Correction.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return draft, submitted


# The corrections log


def test_log_lists_published_corrections_newest_first(client):
    older = factories.PublishedCorrectionFactory(
        what_was_wrong="OLDER-MISTAKE", published_at=days_ago(3)
    )
    newer = factories.PublishedCorrectionFactory(
        what_was_wrong="NEWER-MISTAKE", published_at=days_ago(1)
    )

    page = text_of(client.get("/corrections/"))

    assert page.index("NEWER-MISTAKE") < page.index("OLDER-MISTAKE")
    for correction in (older, newer):
        assert correction.what_is_right in page
        assert correction.public_explanation in page
        assert correction.article.headline in page
        assert correction.article.outlet.name in page
        assert f'href="{correction.article.url}"' in page
        assert f'href="/corrections/{correction.pk}/"' in page
    assert "2 corrections" in page


def test_log_keeps_line_breaks_in_correction_text(client):
    factories.PublishedCorrectionFactory(
        what_was_wrong="First line\r\nsecond <line>", public_explanation="One\rtwo"
    )

    page = text_of(client.get("/corrections/"))

    assert "<dd>First line<br>second &lt;line&gt;</dd>" in page
    assert "<dd>One<br>two</dd>" in page


def test_log_never_shows_drafts_or_submitted_corrections(client):
    published = factories.PublishedCorrectionFactory()
    unpublished_corrections(published.article)

    page = text_of(client.get("/corrections/"))

    assert "DRAFT-ONLY-TEXT" not in page
    assert "SUBMITTED-ONLY-TEXT" not in page
    assert "1 correction" in page


def test_log_shows_each_kind_by_its_name(client):
    for kind in Correction.Kind:
        factories.PublishedCorrectionFactory(kind=kind)

    page = text_of(client.get("/corrections/"))

    for label in ("Correction", "Clarification", "Update", "Retraction"):
        assert f">{label}</span>" in page
    assert "Editor’s note</span>" in page or "Editor&#x27;s note</span>" in page


def test_article_without_url_is_named_without_a_link(client):
    correction = factories.PublishedCorrectionFactory(article__url=None)

    page = text_of(client.get("/corrections/"))

    assert correction.article.headline in page
    assert 'rel="external' not in page


def test_supersession_is_linked_both_ways(client):
    old = factories.PublishedCorrectionFactory(published_at=days_ago(2))
    new = factories.PublishedCorrectionFactory(
        article=old.article, supersedes=old, published_at=days_ago(1)
    )

    page = text_of(client.get("/corrections/"))
    old_page = text_of(client.get(f"/corrections/{old.pk}/"))
    new_page = text_of(client.get(f"/corrections/{new.pk}/"))

    assert f'Superseded by <a href="/corrections/{new.pk}/"' in page
    assert f'Supersedes <a href="/corrections/{old.pk}/"' in page
    assert f'Superseded by <a href="/corrections/{new.pk}/"' in old_page
    assert f'Supersedes <a href="/corrections/{old.pk}/"' in new_page


def test_draft_amendment_of_a_correction_is_not_linked(client):
    old = factories.PublishedCorrectionFactory()
    draft = factories.CorrectionFactory(article=old.article, supersedes=old)

    page = text_of(client.get(f"/corrections/{old.pk}/"))

    assert "Superseded by" not in page
    assert f"/corrections/{draft.pk}/" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlet=the-gazette", {"GAZETTE-FIX"}),
        ("story=flood-story", {"FLOOD-FIX"}),
        ("kind=retraction", {"RETRACTION-FIX"}),
        ("since=2024-03-10", {"GAZETTE-FIX", "RETRACTION-FIX"}),
        ("until=2024-03-09", {"FLOOD-FIX"}),
        ("since=2024-03-10&until=2024-03-10", {"GAZETTE-FIX"}),
        ("q=bridge+span", {"RETRACTION-FIX"}),
        ("q=FLOOD+headline", {"FLOOD-FIX"}),
        ("outlet=the-gazette&kind=retraction", set()),
    ],
)
def test_log_filters(client, query, expected):
    gazette = factories.OutletFactory(name="The Gazette", slug="the-gazette")
    flood = factories.StoryFactory(title="Flood", slug="flood-story")
    march = datetime.datetime(2024, 3, 9, 23, 30, tzinfo=datetime.UTC)
    factories.PublishedCorrectionFactory(
        what_was_wrong="FLOOD-FIX",
        article__story=flood,
        article__headline="Flood headline",
        published_at=march,
    )
    factories.PublishedCorrectionFactory(
        what_was_wrong="GAZETTE-FIX",
        article__outlet=gazette,
        published_at=march + datetime.timedelta(hours=12),
    )
    factories.PublishedCorrectionFactory(
        what_was_wrong="RETRACTION-FIX",
        kind=Correction.Kind.RETRACTION,
        public_explanation="The bridge span was never measured.",
        published_at=march + datetime.timedelta(days=2),
    )

    page = text_of(client.get(f"/corrections/?{query}"))

    shown = {
        marker
        for marker in ("FLOOD-FIX", "GAZETTE-FIX", "RETRACTION-FIX")
        if marker in page
    }
    assert shown == expected
    if not expected:
        assert "No published corrections match these filters." in page


def test_filter_values_stay_in_the_form_and_the_page_links(client):
    story = factories.StoryFactory(slug="long-story")
    factories.PublishedCorrectionFactory.create_batch(
        27, article__story=story, kind=Correction.Kind.UPDATE
    )

    page = text_of(client.get("/corrections/?story=long-story&kind=update&q=cliff"))

    assert '<option value="long-story" selected>' in page
    assert '<option value="update" selected>' in page
    assert 'value="cliff"' in page
    assert 'href="?story=long-story&amp;kind=update&amp;q=cliff&amp;page=2"' in page


def test_every_filter_control_has_a_label(client):
    page = text_of(client.get("/corrections/"))

    controls = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page)
    assert len(controls) == 6
    for control in controls:
        assert f'<label for="{control}">' in page


def test_log_paginates_25_a_page(client):
    factories.PublishedCorrectionFactory.create_batch(30)

    first = text_of(client.get("/corrections/"))
    second = text_of(client.get("/corrections/?page=2"))

    assert first.count('class="correction"') == 25
    assert second.count('class="correction"') == 5
    assert "Page 2 of 2" in second
    assert client.get("/corrections/?page=3").status_code == 404
    refused = client.get("/corrections/?page=x")
    assert refused.status_code == 400
    assert refused.content.decode() == "page: a whole number from 1 to 99999."


def test_empty_log_says_so(client):
    page = text_of(client.get("/corrections/"))

    assert "No published corrections match." in page


def test_invalid_filter_value_shows_an_error(client):
    factories.PublishedCorrectionFactory()

    page = text_of(client.get("/corrections/?since=not-a-date"))

    assert 'class="errorlist"' in page
    assert "Enter a valid date." in page


# Permalinks, claims and stories


def test_correction_permalink_shows_one_correction(client):
    correction = factories.PublishedCorrectionFactory()

    response = client.get(f"/corrections/{correction.pk}/")

    assert response.status_code == 200
    assert correction.what_was_wrong in text_of(response)
    assert h1_count(response) == 1


def test_unpublished_correction_ids_are_not_found(client):
    article = factories.ArticleFactory()
    draft, submitted = unpublished_corrections(article)

    for correction in (draft, submitted):
        assert client.get(f"/corrections/{correction.pk}/").status_code == 404
    assert client.get("/corrections/999999/").status_code == 404


def test_claims_page_lists_only_published_verdicts(client):
    published = factories.PublishedClaimFactory(
        text="PUBLISHED-CLAIM", internal_notes="INTERNAL-NOTE-TEXT"
    )
    published.assignee = factories.UserFactory(username="secret-assignee")
    published.save()
    factories.ClaimFactory(text="UNREVIEWED-CLAIM")
    factories.ClaimFactory(text="IN-REVIEW-CLAIM", status=ClaimStatus.IN_REVIEW)
    factories.ClaimFactory(
        text="UNSTAMPED-CLAIM",
        status=ClaimStatus.ACCURATE,
        verdict_summary="Not yet public.",
    )
    factories.ClaimAppearanceFactory(claim=published)
    factories.EvidenceFactory(claim=published, note="EVIDENCE-NOTE-INTERNAL")
    factories.AuditEntryFactory(target=published, note="AUDIT-NOTE-TEXT")

    page = text_of(client.get("/claims/"))

    assert "PUBLISHED-CLAIM" in page
    assert published.verdict_summary in page
    assert published.claimant.name in page
    assert "Official count published by the regional wildlife agency" in page
    for secret in (
        "UNREVIEWED-CLAIM",
        "IN-REVIEW-CLAIM",
        "UNSTAMPED-CLAIM",
        "INTERNAL-NOTE-TEXT",
        "secret-assignee",
        "EVIDENCE-NOTE-INTERNAL",
        "AUDIT-NOTE-TEXT",
    ):
        assert secret not in page


def test_claim_page_shows_claimant_appearance_verdict_and_evidence(client):
    claim = factories.PublishedClaimFactory(status=ClaimStatus.MISLEADING)
    appearance = factories.ClaimAppearanceFactory(
        claim=claim, article__published_at=days_ago(5)
    )
    evidence = factories.EvidenceFactory(
        claim=claim, stance="refutes", citation="Census table 4"
    )

    response = client.get(f"/claims/{claim.pk}/")
    page = text_of(response)

    assert h1_count(response) == 1
    assert "Misleading" in page
    assert claim.verdict_summary in page
    assert claim.claimant.name in page
    assert appearance.article.headline in page
    assert appearance.article.outlet.name in page
    assert f'href="{evidence.url}"' in page
    assert "Refutes" in page


def test_unpublished_claim_ids_are_not_found(client):
    unreviewed = factories.ClaimFactory()
    unstamped = factories.ClaimFactory(
        status=ClaimStatus.ACCURATE, verdict_summary="Pending."
    )

    assert client.get(f"/claims/{unreviewed.pk}/").status_code == 404
    assert client.get(f"/claims/{unstamped.pk}/").status_code == 404


def test_story_page_puts_contradicting_claims_side_by_side(client):
    story = factories.StoryFactory(slug="cliff")
    left = factories.PublishedClaimFactory(story=story, text="LEFT-ACCOUNT")
    right = factories.PublishedClaimFactory(
        story=story, text="RIGHT-ACCOUNT", status=ClaimStatus.ACCURATE
    )
    factories.PublishedClaimFactory(story=story, text="LONE-CLAIM")
    hidden = factories.ClaimFactory(story=story, text="UNREVIEWED-IN-STORY")
    factories.ClaimLinkFactory(from_claim=left, to_claim=right)
    factories.ClaimLinkFactory(from_claim=left, to_claim=hidden)
    article = factories.ArticleFactory(story=story, headline="STORY-ARTICLE")
    factories.PublishedCorrectionFactory(article=article, what_was_wrong="STORY-FIX")
    unpublished_corrections(article)

    response = client.get("/stories/cliff/")
    page = text_of(response)

    assert h1_count(response) == 1
    pair = page.split('class="contradiction"')[1].split("</section>")[0]
    assert pair.count('class="side-by-side"') == 1
    assert pair.index("LEFT-ACCOUNT") < pair.index("RIGHT-ACCOUNT")
    assert "LONE-CLAIM" in page
    assert "STORY-ARTICLE" in page
    assert "STORY-FIX" in page
    for secret in ("UNREVIEWED-IN-STORY", "DRAFT-ONLY-TEXT", "SUBMITTED-ONLY-TEXT"):
        assert secret not in page


def test_story_page_shows_only_articles_the_desk_published_something_about(client):
    story = factories.StoryFactory(slug="flood")
    corrected = factories.ArticleFactory(story=story, headline="CORRECTED-HEADLINE")
    factories.PublishedCorrectionFactory(article=corrected)
    checked = factories.ArticleFactory(story=story, headline="CHECKED-HEADLINE")
    factories.ClaimAppearanceFactory(
        article=checked, claim=factories.PublishedClaimFactory(story=story)
    )
    drafted = factories.ArticleFactory(story=story, headline="DRAFTED-HEADLINE")
    factories.CorrectionFactory(article=drafted)
    unchecked = factories.ArticleFactory(story=story, headline="UNCHECKED-HEADLINE")
    factories.ClaimAppearanceFactory(article=unchecked)
    factories.ArticleFactory(story=story, headline="IMPORTED-ONLY-HEADLINE")

    page = text_of(client.get("/stories/flood/"))

    assert "CORRECTED-HEADLINE" in page
    assert "CHECKED-HEADLINE" in page
    for unreviewed in ("DRAFTED", "UNCHECKED", "IMPORTED-ONLY"):
        assert f"{unreviewed}-HEADLINE" not in page


def test_story_with_nothing_published_is_not_found(client):
    story = factories.StoryFactory(slug="imported-only", title="IMPORTED-STORY")
    article = factories.ArticleFactory(story=story, outlet__name="IMPORTED-OUTLET")
    factories.CorrectionFactory(article=article)
    factories.ClaimFactory(story=story)
    factories.PublishedCorrectionFactory()

    assert client.get("/stories/imported-only/").status_code == 404
    log = text_of(client.get("/corrections/"))
    assert "IMPORTED-STORY" not in log
    assert "IMPORTED-OUTLET" not in log


def test_story_with_only_a_published_fact_check_is_public(client):
    claim = factories.PublishedClaimFactory(story__slug="checked", text="THE-CLAIM")

    response = client.get("/stories/checked/")

    assert response.status_code == 200
    assert "THE-CLAIM" in text_of(response)
    assert claim.story.title in text_of(response)


def test_unknown_story_is_not_found(client):
    assert client.get("/stories/no-such-story/").status_code == 404


def test_home_links_latest_corrections_and_fact_checks(client):
    correction = factories.PublishedCorrectionFactory()
    claim = factories.PublishedClaimFactory()
    factories.ClaimFactory(text="UNREVIEWED-CLAIM")

    response = client.get("/")
    page = text_of(response)

    assert h1_count(response) == 1
    assert f'href="/corrections/{correction.pk}/"' in page
    assert f'href="/claims/{claim.pk}/"' in page
    assert 'href="/corrections/"' in page
    assert "UNREVIEWED-CLAIM" not in page


@pytest.mark.parametrize("path", ["/", "/corrections/", "/claims/"])
def test_pages_have_one_h1_and_the_stylesheet(client, path):
    factories.PublishedCorrectionFactory()
    factories.PublishedClaimFactory()

    response = client.get(path)

    assert h1_count(response) == 1
    assert '<link rel="stylesheet" href="/static/css/site.css">' in text_of(response)
    assert 'lang="en"' in text_of(response)


def test_pages_have_no_inline_script_or_style(client):
    correction = factories.PublishedCorrectionFactory()
    claim = factories.PublishedClaimFactory()
    for path in (
        "/",
        "/corrections/",
        f"/corrections/{correction.pk}/",
        "/claims/",
        f"/claims/{claim.pk}/",
        f"/stories/{claim.story.slug}/",
    ):
        page = text_of(client.get(path))
        scripts = re.findall(r"<script([^>]*)>", page)
        assert all(attrs == ' type="application/ld+json"' for attrs in scripts)
        assert "<style" not in page
        assert " style=" not in page


def test_imported_text_is_escaped_everywhere(client):
    story = factories.StoryFactory(title=HOSTILE, slug="hostile")
    correction = factories.PublishedCorrectionFactory(
        article__story=story,
        article__headline=HOSTILE,
        article__body=HOSTILE,
        article__outlet__name=HOSTILE,
        article__url=f"https://example.test/{HOSTILE}",
        what_was_wrong=HOSTILE,
        what_is_right=HOSTILE,
        public_explanation=HOSTILE,
    )
    claim = factories.PublishedClaimFactory(
        story=story, text=HOSTILE, claimant__name=HOSTILE
    )
    factories.ClaimAppearanceFactory(claim=claim, article=correction.article)
    factories.EvidenceFactory(claim=claim, citation=HOSTILE)

    for path in (
        "/",
        "/corrections/",
        f"/corrections/{correction.pk}/",
        "/claims/",
        f"/claims/{claim.pk}/",
        "/stories/hostile/",
        "/corrections/feed/rss/",
        "/corrections/feed/atom/",
    ):
        page = text_of(client.get(path))
        assert "<script>alert" not in page, path
        assert "<img src=x onerror" not in page, path
        assert "&lt;script&gt;" in page, path


# A constant number of queries, whatever the number of rows


def add_public_record(count: int):
    """Published corrections (each superseded once), claims with appearances,
    evidence and contradictions, all in one story and one outlet."""
    story, _ = Story.objects.get_or_create(slug="big-story", title="Big story")
    outlet = Outlet.objects.filter(slug="big-outlet").first() or (
        factories.OutletFactory(slug="big-outlet")
    )
    previous = None
    for index in range(count):
        article = factories.ArticleFactory(story=story, outlet=outlet)
        old = factories.PublishedCorrectionFactory(
            article=article, published_at=days_ago(index + 2)
        )
        factories.PublishedCorrectionFactory(
            article=article, supersedes=old, published_at=days_ago(index + 1)
        )
        claim = factories.PublishedClaimFactory(story=story)
        factories.ClaimAppearanceFactory(claim=claim, article=article)
        factories.EvidenceFactory(claim=claim, source=factories.SourceFactory())
        if previous is not None:
            factories.ClaimLinkFactory(from_claim=claim, to_claim=previous)
        previous = claim
    return story


QUERY_COUNT_PATHS = [
    "/",
    "/corrections/",
    "/corrections/?outlet=big-outlet&kind=correction&q=cliff&since=2000-01-01",
    "/corrections.json",
    "/corrections.json?story=big-story",
    "/claims/",
    "/stories/big-story/",
    "/corrections/feed/atom/",
    "/outlets/big-outlet/corrections/feed/rss/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("path", QUERY_COUNT_PATHS)
def test_query_count_does_not_grow_with_rows(client, path):
    add_public_record(2)
    small = count_queries(client, path)

    add_public_record(30)
    large = count_queries(client, path)

    assert large == small


def test_detail_pages_query_count_does_not_grow(client):
    story = add_public_record(2)
    correction = Correction.objects.published().first()
    claim = story.claims.first()
    paths = [f"/corrections/{correction.pk}/", f"/claims/{claim.pk}/"]
    small = [count_queries(client, path) for path in paths]

    for _ in range(20):
        factories.ClaimAppearanceFactory(claim=claim)
        factories.EvidenceFactory(claim=claim)
    large = [count_queries(client, path) for path in paths]

    assert large == small


@pytest.mark.parametrize(
    ("path", "cold", "warm"),
    [
        # state; the log's facts (count, outlets, stories) while the state is new;
        # the page's ids and versions; their stamps (what they draw of other
        # rows, fragments.py); the rows whose markup is not yet kept.
        ("/corrections/", 7, 3),
        # state; the facts while new; the page's rows.
        ("/corrections.json", 5, 2),
        # state; the facts while new; the filtered count; ids; stamps; rows not
        # yet kept.
        ("/corrections/?kind=correction", 8, 4),
        # state; the count while the state is new; the page's ids and versions;
        # their stamps; the claims not yet kept, their appearances and evidence.
        ("/claims/", 7, 3),
    ],
)
def test_list_query_count_is_pinned(
    client, settings, django_assert_num_queries, path, cold, warm
):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered every time
    add_public_record(3)
    with django_assert_num_queries(cold):
        client.get(path)
    with django_assert_num_queries(warm):
        client.get(path)


def test_log_counts_published_corrections_only(client):
    factories.PublishedCorrectionFactory.create_batch(3, kind="update")
    factories.PublishedCorrectionFactory(kind="retraction")
    factories.CorrectionFactory()  # a draft
    factories.CorrectionFactory(status=Correction.Status.SUBMITTED)

    assert "4 corrections" in text_of(client.get("/corrections/"))
    assert "3 corrections" in text_of(client.get("/corrections/?kind=update"))
    assert client.get("/corrections.json").json()["count"] == 4
    assert client.get("/corrections.json?kind=update").json()["count"] == 3


def test_blank_filter_values_show_the_whole_log(client):
    factories.PublishedCorrectionFactory.create_batch(2)
    query = "q=&outlet=&story=&kind=&since=&until="

    page = text_of(client.get(f"/corrections/?{query}"))

    assert "2 corrections" in page
    assert page.count('class="correction"') == 2
    assert client.get(f"/corrections.json?{query}").json()["count"] == 2


def test_log_offers_a_new_outlet_as_soon_as_it_has_a_published_correction(client):
    factories.PublishedCorrectionFactory()
    before = text_of(client.get("/corrections/"))
    factories.PublishedCorrectionFactory(
        article__outlet__name="BRAND-NEW-OUTLET",
        article__outlet__slug="brand-new-outlet",
    )

    after = text_of(client.get("/corrections/"))

    assert "BRAND-NEW-OUTLET" not in before
    assert '<option value="brand-new-outlet">BRAND-NEW-OUTLET</option>' in after


@pytest.mark.postgres
def test_log_queries_are_prepared_once_per_connection(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    add_public_record(3)
    for _ in range(6):  # psycopg prepares a statement the fifth time it runs
        client.get("/corrections/")

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]

    state_query = 'MAX("coverage_correction"."published_at")'
    ids_query = (
        '"coverage_correction"."version" AS "version" FROM "coverage_correction"'
    )
    assert any(state_query in statement for statement in prepared)
    assert any(ids_query in statement for statement in prepared)


# Fact checks' markup is kept in the shared cache, keyed on what it shows


def rendered_claims(client) -> tuple[str, list[str]]:
    response = client.get("/claims/")
    assert response.status_code == 200
    return text_of(response), [t.name for t in response.templates]


def test_fact_checks_already_shown_are_not_rendered_again(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered every time
    add_public_record(3)

    _, cold = rendered_claims(client)
    page, warm = rendered_claims(client)

    assert "coverage/_claim.html" in cold
    assert "coverage/_claim.html" not in warm
    assert page.count("Said by") == 3


@pytest.fixture
def shown_claim(client, settings):
    """A published fact check already on /claims/, its markup kept."""
    settings.PAGE_CACHE_SECONDS = 0
    claim = factories.PublishedClaimFactory(
        proposition="The harbour closed in 1990",
        claimant=factories.SourceFactory(name="Harriet Marsh"),
    )
    factories.ClaimAppearanceFactory(claim=claim)
    rendered_claims(client)
    return claim


def test_a_new_verdict_shows_at_once(client, editor, standards_editor, shown_claim):
    workflow.reopen(shown_claim, actor=standards_editor, note="New figures.")
    workflow.give_verdict(
        shown_claim,
        actor=editor,
        verdict=ClaimStatus.ACCURATE,
        note="Checked the port records.",
        public_summary="The port records show it closed in 1990.",
    )

    page, _ = rendered_claims(client)

    assert "The port records show it closed in 1990." in page
    assert ClaimStatus.ACCURATE.label in page


def test_a_reworded_proposition_shows_at_once(client, standards_editor, shown_claim):
    # Rewording a published fact check is a standards editor's act (rules.MOVES).
    workflow.rewrite_proposition(
        shown_claim, actor=standards_editor, proposition="The harbour shut in 1991"
    )

    page, _ = rendered_claims(client)

    assert "The harbour shut in 1991" in page
    assert "The harbour closed in 1990" not in page


def test_a_renamed_claimant_shows_at_once(client, editor, shown_claim):
    workflow.update_source(shown_claim.claimant, actor=editor, name="Harriet Marsh-Lee")

    page, _ = rendered_claims(client)

    assert "Said by Harriet Marsh-Lee" in page
