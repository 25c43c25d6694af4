"""A cached public page shows an edit made through the workflow at once: the edit
writes a public audit row, the page's signature follows it, so the next request
gets a new ETag and the new text, never the cached old page (or a 304 for it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage import workflow
from coverage.importers import import_file
from coverage.models import Article, AuditAction, AuditEntry, Claim
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    CorrectionFactory,
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    StoryFactory,
    UserFactory,
)
from tests.verdicts import published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(db):
    return UserFactory(username="desk", is_superuser=True)


def published_correction(desk, article):
    correction = CorrectionFactory(
        article=article, author=UserFactory(username="writer", role="Reporter")
    )
    return workflow.publish_correction(
        workflow.submit_correction(correction, actor=desk), actor=desk
    )


def cached_page(client, url):
    """The page, requested twice: the second answer came from the page cache (one
    query, the public state) and is the same page."""
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert len(queries) == 1, f"{url} was not served from the page cache"
    assert (second.status_code, second.content) == (200, first.content)
    return second


def assert_page_follows(client, url, *, old: str, new: str, edit, added=False):
    """``old`` is on the cached page; after ``edit``, ``new`` is, and ``old`` is
    gone (unless the edit ``added`` to the page)."""
    before = cached_page(client, url)
    assert old in before.content.decode()
    assert new not in before.content.decode()

    edit()

    after = client.get(url)
    assert after["ETag"] != before["ETag"]
    assert new in after.content.decode()
    assert added or old not in after.content.decode()
    revalidated = client.get(url, headers={"if-none-match": before["ETag"]})
    assert revalidated.status_code == 200
    assert new in revalidated.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/corrections/",
        "permalink",
        "/corrections.json",
        "/corrections/feed/rss/",
        "/corrections/feed/atom/",
        "story",
    ],
)
def test_a_headline_edit_shows_on_every_cached_page_of_its_correction(
    client, desk, url
):
    article = ArticleFactory(headline="Cliff is 800 m tall")
    correction = published_correction(desk, article)
    url = {
        "permalink": correction.get_absolute_url(),
        "story": reverse("coverage:story_detail", args=[article.story.slug]),
    }.get(url, url)
    assert_page_follows(
        client,
        url,
        old="Cliff is 800 m",
        new="Cliff is 80 m",
        edit=lambda: workflow.update_article(
            article, actor=desk, headline="Cliff is 80 m tall"
        ),
    )


def test_an_article_address_edit_shows_on_the_cached_permalink(client, desk):
    article = ArticleFactory(url="https://news.test/cliff")
    correction = published_correction(desk, article)
    assert_page_follows(
        client,
        correction.get_absolute_url(),
        old='href="https://news.test/cliff"',
        new='href="https://news.test/cliff-corrected"',
        edit=lambda: workflow.update_article(
            article, actor=desk, url="https://news.test/cliff-corrected"
        ),
    )


def test_an_outlet_rename_shows_on_the_cached_log(client, desk):
    outlet = OutletFactory(name="The Valley Gazette")
    published_correction(desk, ArticleFactory(outlet=outlet))
    assert_page_follows(
        client,
        "/corrections/",
        old="The Valley Gazette",
        new="The Valley Herald",
        edit=lambda: workflow.update_outlet(
            outlet, actor=desk, name="The Valley Herald"
        ),
    )


def test_a_story_retitled_shows_on_its_cached_page(client, desk):
    story = StoryFactory(title="Library closures")
    published_correction(desk, ArticleFactory(story=story))
    assert_page_follows(
        client,
        reverse("coverage:story_detail", args=[story.slug]),
        old="Library closures",
        new="Branch library closures",
        edit=lambda: workflow.update_story(
            story, actor=desk, title="Branch library closures"
        ),
    )


def test_an_evidence_address_edit_shows_on_the_cached_fact_check(client, desk):
    claim = published_claim(desk)
    evidence = EvidenceFactory(claim=claim, url="https://agency.test/report")
    assert_page_follows(
        client,
        claim.get_absolute_url(),
        old='href="https://agency.test/report"',
        new='href="https://agency.test/report-2017"',
        edit=lambda: workflow.change_evidence(
            evidence, actor=desk, url="https://agency.test/report-2017"
        ),
    )


def test_a_claimant_description_edit_shows_on_the_cached_fact_check(client, desk):
    source = SourceFactory(description="zoologist")
    claim = published_claim(desk, claimant=source)
    assert_page_follows(
        client,
        claim.get_absolute_url(),
        old="zoologist",
        new="paid adviser to the industry",
        edit=lambda: workflow.update_source(
            source, actor=desk, description="paid adviser to the industry"
        ),
    )


def test_a_quoting_articles_headline_edit_shows_on_the_cached_fact_check(client, desk):
    appearance = ClaimAppearanceFactory(article__headline="Walrus film row deepens")
    claim = published_claim(desk, appearance.claim)
    assert_page_follows(
        client,
        claim.get_absolute_url(),
        old="Walrus film row deepens",
        new="Walrus film row ends",
        edit=lambda: workflow.update_article(
            appearance.article, actor=desk, headline="Walrus film row ends"
        ),
    )


def test_a_reimport_that_changes_a_public_headline_shows_on_the_cached_log(
    client, desk, tmp_path
):
    path = tmp_path / "cliff.txt"
    path.write_text(
        "Title: Cliff is 800 m tall\nURL: https://news.test/cliff\n\nIt is."
    )
    import_file(path, actor=desk)
    published_correction(desk, Article.objects.get())
    path.write_text("Title: Cliff is 80 m tall\nURL: https://news.test/cliff\n\nIt is.")

    assert_page_follows(
        client,
        "/corrections/",
        old="Cliff is 800 m",
        new="Cliff is 80 m",
        edit=lambda: import_file(path, actor=desk),
    )
    row = AuditEntry.objects.filter(action=AuditAction.IMPORT_UPDATED).get()
    assert row.public is True


def test_a_reimport_of_an_article_no_page_shows_is_recorded_privately(desk, tmp_path):
    path = tmp_path / "cliff.txt"
    path.write_text("Title: Cliff is 800 m tall\n\nIt is.")
    import_file(path, actor=desk)
    path.write_text("Title: Cliff is 800 m tall\n\nIt is, they said.")
    import_file(path, actor=desk)
    row = AuditEntry.objects.filter(action=AuditAction.IMPORT_UPDATED).get()
    assert row.public is False


def test_a_new_article_quoting_a_published_fact_check_shows_on_its_cached_page(
    client, desk, tmp_path
):
    quote = "Officials said 700 walruses died on the cliffs in 2017."
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(f"Title: Walrus film row\n\n{quote}")
    second.write_text(f"Title: Walrus deaths questioned\n\nIt was reported. {quote}")
    import_file(first, actor=desk, story_slug="walrus")
    claim = published_claim(desk, Claim.objects.get())

    assert_page_follows(
        client,
        claim.get_absolute_url(),
        old="Walrus film row",
        new="Walrus deaths questioned",
        edit=lambda: import_file(second, actor=desk, story_slug="walrus"),
        added=True,
    )
    assert AuditEntry.objects.get(object_repr="Walrus deaths questioned").public
