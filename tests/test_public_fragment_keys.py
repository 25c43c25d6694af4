"""A row's kept markup is drawn again when, and only when, something it draws
changes: a publication elsewhere leaves it in the cache, an edit to its article,
outlet, story, successor, claimant, appearances or evidence shows on the next view.

The page cache is off in these tests (PAGE_CACHE_SECONDS = 0), so each view
renders the page and only the row fragments can serve old markup."""

import pytest

from coverage import workflow
from coverage.importers import import_file
from coverage.models import Claim, Correction, Evidence
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    CorrectionFactory,
    OutletFactory,
    SourceFactory,
    StoryFactory,
    UserFactory,
)
from tests.verdicts import published_claim

pytestmark = pytest.mark.django_db

CORRECTION_ROW = "coverage/_correction.html"
CLAIM_ROW = "coverage/_claim.html"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def desk(db):
    return UserFactory(username="desk", is_superuser=True)


def published_correction_of(desk, draft: Correction) -> Correction:
    return workflow.publish_correction(
        workflow.submit_correction(draft, actor=desk), actor=desk
    )


def published_correction(desk, article=None, **factory_values) -> Correction:
    draft = CorrectionFactory(
        article=article or ArticleFactory(),
        author=UserFactory(role="Reporter"),
        **factory_values,
    )
    return published_correction_of(desk, draft)


def view(client, path: str, row: str) -> tuple[str, int]:
    """The page and how many rows' markup it drew rather than took from the
    cache."""
    response = client.get(path)
    assert response.status_code == 200
    drawn = [template.name for template in response.templates].count(row)
    return response.content.decode(), drawn


# A publication elsewhere


def test_a_publication_elsewhere_draws_only_the_new_correction(client, desk):
    published_correction(desk, ArticleFactory(headline="Cliff is 800 m tall"))
    published_correction(desk)
    assert view(client, "/corrections/", CORRECTION_ROW)[1] == 2

    published_correction(desk, ArticleFactory(headline="Bridge cost £40m"))
    page, drawn = view(client, "/corrections/", CORRECTION_ROW)

    assert drawn == 1  # the new row; the two kept rows are reused
    assert "Cliff is 800 m tall" in page
    assert "Bridge cost £40m" in page


def test_a_publication_elsewhere_keeps_the_story_page_rows(client, desk):
    story = StoryFactory()
    published_correction(desk, ArticleFactory(story=story))
    path = f"/stories/{story.slug}/"
    assert view(client, path, CORRECTION_ROW)[1] == 1

    published_correction(desk)  # in no story

    assert view(client, path, CORRECTION_ROW)[1] == 0


def test_a_verdict_elsewhere_draws_only_the_new_fact_check(client, desk):
    published_claim(desk)
    ClaimAppearanceFactory(claim=published_claim(desk))
    assert view(client, "/claims/", CLAIM_ROW)[1] == 2

    published_claim(desk, text="Half the harbour's boats left in 1990.")
    page, drawn = view(client, "/claims/", CLAIM_ROW)

    assert drawn == 1
    assert "Half the harbour" in page


def test_an_edit_to_rows_no_fact_check_draws_keeps_them(client, desk):
    claim = published_claim(desk)
    ClaimAppearanceFactory(claim=claim)
    unquoted = ArticleFactory()
    published_correction(desk, unquoted)  # makes the edit below public
    assert view(client, "/claims/", CLAIM_ROW)[1] == 1

    workflow.update_article(unquoted, actor=desk, headline="Not quoted anywhere")
    workflow.update_outlet(unquoted.outlet, actor=desk, name="An outlet not quoted")

    assert view(client, "/claims/", CLAIM_ROW)[1] == 0


def test_a_changed_row_template_draws_the_rows_anew(client, desk, settings):
    published_correction(desk)
    view(client, "/corrections/", CORRECTION_ROW)
    engine = settings.TEMPLATES[0]
    # A deployment with a new row template: served first, ahead of the files.
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {CORRECTION_ROW: "<p>Drawn anew: {{ correction.pk }}</p>"},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]

    page, drawn = view(client, "/corrections/", CORRECTION_ROW)

    assert (drawn, "Drawn anew" in page) == (1, True)


# What a correction's row draws


def superseding(desk, old: Correction):
    draft = workflow.supersede_correction(
        old, actor=UserFactory(role="Reporter"), what_is_right="About 80 m high."
    )
    published_correction_of(desk, draft)


CORRECTION_EDITS = {
    "headline": (
        "Cliff is 800 m tall",
        "Cliff is 80 m tall",
        lambda desk, c: workflow.update_article(
            c.article, actor=desk, headline="Cliff is 80 m tall"
        ),
    ),
    "address": (
        'href="https://news.test/cliff"',
        'href="https://news.test/cliff-2"',
        lambda desk, c: workflow.update_article(
            c.article, actor=desk, url="https://news.test/cliff-2"
        ),
    ),
    "outlet": (
        "The Valley Gazette",
        "The Valley Herald",
        lambda desk, c: workflow.update_outlet(
            c.article.outlet, actor=desk, name="The Valley Herald"
        ),
    ),
    "story title": (
        "Library closures",
        "Branch library closures",
        lambda desk, c: workflow.update_story(
            c.article.story, actor=desk, title="Branch library closures"
        ),
    ),
    "story address": (
        "/stories/library-closures/",
        "/stories/branch-closures/",
        lambda desk, c: workflow.update_story(
            c.article.story, actor=desk, slug="branch-closures"
        ),
    ),
    "successor": ("Permalink", "Superseded by", superseding),
}


@pytest.mark.parametrize("edit", CORRECTION_EDITS, ids=str)
def test_what_a_correction_draws_shows_on_the_next_view(client, desk, edit):
    old, new, change = CORRECTION_EDITS[edit]
    correction = published_correction(
        desk,
        ArticleFactory(
            headline="Cliff is 800 m tall",
            url="https://news.test/cliff",
            outlet=OutletFactory(name="The Valley Gazette"),
            story=StoryFactory(title="Library closures", slug="library-closures"),
        ),
    )
    page, _ = view(client, "/corrections/", CORRECTION_ROW)
    assert old in page
    assert new not in page

    change(desk, Correction.objects.get(pk=correction.pk))
    page, drawn = view(client, "/corrections/", CORRECTION_ROW)

    assert new in page
    assert drawn >= 1
    if edit != "successor":  # the page shows the old row's permalink still
        assert old not in page


def test_a_draft_successor_shows_once_published(client, desk):
    old = published_correction(desk)
    view(client, "/corrections/", CORRECTION_ROW)
    draft = workflow.supersede_correction(old, actor=UserFactory(role="Reporter"))
    assert "Superseded by" not in view(client, "/corrections/", CORRECTION_ROW)[0]

    published_correction_of(desk, draft)
    page, drawn = view(client, "/corrections/", CORRECTION_ROW)

    assert (drawn, page.count("Superseded by"), page.count("Supersedes")) == (2, 1, 1)


# What a fact check's row draws


def quoting_article(desk, claim: Claim, tmp_path) -> None:
    """A second article quoting the claim, imported into its story."""
    path = tmp_path / "second.txt"
    path.write_text(f"Title: Walrus deaths questioned\n\nIt was reported. {claim.text}")
    import_file(path, actor=desk, story_slug=claim.story.slug)


CLAIM_EDITS = {
    "appearance added": (None, "Walrus deaths questioned", quoting_article),
    "quoting headline": (
        "Walrus film row",
        "Walrus film row ends",
        lambda desk, c, _: workflow.update_article(
            c.appearances.get().article, actor=desk, headline="Walrus film row ends"
        ),
    ),
    "quoting outlet": (
        "The Valley Gazette",
        "The Valley Herald",
        lambda desk, c, _: workflow.update_outlet(
            c.appearances.get().article.outlet, actor=desk, name="The Valley Herald"
        ),
    ),
    "evidence added": (
        None,
        "The harbour master’s logbook",
        lambda desk, c, _: workflow.add_evidence(
            c,
            actor=desk,
            stance=Evidence.Stance.REFUTES,
            citation="The harbour master’s logbook",
        ),
    ),
    "evidence source renamed": (
        "Wildlife agency",
        "Regional wildlife agency",
        lambda desk, c, _: workflow.update_source(
            c.evidence.get().source, actor=desk, name="Regional wildlife agency"
        ),
    ),
    "claimant renamed": (
        "Said by Harriet Marsh",
        "Said by Harriet Marsh-Lee",
        lambda desk, c, _: workflow.update_source(
            c.claimant, actor=desk, name="Harriet Marsh-Lee"
        ),
    ),
    "claimant changed": (
        "Said by Harriet Marsh",
        "Said by Tom Reyes",
        lambda desk, c, _: workflow.update_claim(
            c,
            actor=desk,
            seen_version=c.version,
            claimant=SourceFactory(name="Tom Reyes"),
        ),
    ),
}


@pytest.mark.parametrize("edit", CLAIM_EDITS, ids=str)
def test_what_a_fact_check_draws_shows_on_the_next_view(client, desk, edit, tmp_path):
    old, new, change = CLAIM_EDITS[edit]
    path = tmp_path / "first.txt"
    path.write_text(
        "Title: Walrus film row\nOutlet: The Valley Gazette\n\n"
        "Officials said 700 walruses died on the cliffs in 2017."
    )
    import_file(path, actor=desk, story_slug="walrus")
    claim = workflow.update_claim(
        Claim.objects.get(),
        actor=desk,
        seen_version=1,
        claimant=SourceFactory(name="Harriet Marsh", description=""),
    )
    claim = published_claim(desk, claim)
    workflow.add_evidence(
        claim,
        actor=desk,
        stance=Evidence.Stance.SUPPORTS,
        citation="The agency's count",
        source=SourceFactory(name="Wildlife agency"),
    )
    page, _ = view(client, "/claims/", CLAIM_ROW)
    assert old is None or old in page
    assert new not in page

    change(desk, Claim.objects.get(), tmp_path)
    page, drawn = view(client, "/claims/", CLAIM_ROW)

    assert (drawn, new in page) == (1, True)
    if old is not None and not new.startswith(old):
        assert old not in page


# What a page costs after a change elsewhere


def test_a_publication_elsewhere_costs_the_log_no_drawing(
    client, desk, django_assert_num_queries
):
    published_correction(desk, kind=Correction.Kind.CLARIFICATION)
    path = "/corrections/?kind=clarification"
    view(client, path, CORRECTION_ROW)

    published_correction(desk)  # not a clarification
    # state; the log's facts (count, outlets, stories) for the new state; the
    # filtered count; the page's ids and versions; their stamps.
    with django_assert_num_queries(7):
        assert view(client, path, CORRECTION_ROW)[1] == 0


def test_a_public_change_elsewhere_costs_the_fact_checks_no_drawing(
    client, desk, django_assert_num_queries
):
    ClaimAppearanceFactory(claim=published_claim(desk))
    unquoted = published_correction(desk).article
    view(client, "/claims/", CLAIM_ROW)

    workflow.update_outlet(unquoted.outlet, actor=desk, name="An outlet not quoted")
    # state; the count for the new state; the page's ids and versions; their
    # stamps. Not the fact checks, their appearances and their evidence.
    with django_assert_num_queries(4):
        assert view(client, "/claims/", CLAIM_ROW)[1] == 0
