"""The JSON-LD is read back as a schema.org-aware consumer would: extruct pulls
the blocks out of the HTML, then pyld expands them against a local copy of the
schema.org context (no network at test time), and the checks run on the
expanded graph, not on strings."""

import json

import extruct
import pytest
from django.contrib.staticfiles import finders
from PIL import Image
from pyld import jsonld

from coverage.models import VERDICT_STATUSES, ClaimStatus, Source
from coverage.public import structured_data
from tests import factories
from tests.factories import days_ago

SCHEMA = "http://schema.org/"
SCHEMA_CONTEXT = {
    "@context": {
        "@vocab": SCHEMA,
        "schema": SCHEMA,
        "url": {"@id": "schema:url", "@type": "@id"},
    }
}
DESK = structured_data.newsroom(
    "Desk", url="https://desk.test/", logo_url="https://desk.test/logo.png"
)
CONTEXT_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org/"}


def local_schema_org(url, options=None):
    if url not in CONTEXT_URLS:
        raise AssertionError(f"JSON-LD tried to load {url}")
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def read_back(client, path: str) -> list[dict]:
    """The expanded nodes of every JSON-LD block on the page."""
    response = client.get(path)
    assert response.status_code == 200
    blocks = extruct.extract(
        response.content.decode(),
        base_url=f"http://testserver{path}",
        syntaxes=["json-ld"],
    )["json-ld"]
    assert len(blocks) == 1
    return jsonld.expand(blocks[0], {"documentLoader": local_schema_org})


def one(node: dict, name: str):
    (value,) = node[SCHEMA + name]
    return value


def value(node: dict, name: str):
    found = one(node, name)
    return found.get("@value", found.get("@id"))


def of_type(node: dict, kind: str) -> bool:
    return node.get("@type") == [SCHEMA + kind]


@pytest.fixture
def reviewed_claim(db):
    claim = factories.PublishedClaimFactory(
        text="The cliff is 800 metres high.",
        status=ClaimStatus.MISLEADING,
        claimant__name="Dr. Ada Example",
    )
    factories.ClaimAppearanceFactory(
        claim=claim,
        article__headline="Cliff rescue",
        article__url="https://gazette.test/cliff",
        article__published_at=days_ago(3),
    )
    factories.ClaimAppearanceFactory(
        claim=claim,
        article__headline="Cliff rescue, the follow-up",
        article__url="https://gazette.test/cliff-2",
        article__published_at=days_ago(1),
    )
    return claim


def test_claim_page_carries_a_complete_claim_review(client, reviewed_claim, settings):
    settings.NEWSROOM_NAME = "The Example Standards Desk"

    (review,) = read_back(client, f"/claims/{reviewed_claim.pk}/")

    assert of_type(review, "ClaimReview")
    assert value(review, "claimReviewed") == "The cliff is 800 metres high."
    assert value(review, "url") == f"http://testserver/claims/{reviewed_claim.pk}/"
    assert value(review, "datePublished") == (
        reviewed_claim.verdict_published_at.isoformat()
    )
    author = one(review, "author")
    assert of_type(author, "Organization")
    assert value(author, "name") == "The Example Standards Desk"
    assert of_type(one(author, "logo"), "ImageObject")
    rating = one(review, "reviewRating")
    assert of_type(rating, "Rating")
    assert value(rating, "ratingValue") == 2
    assert value(rating, "bestRating") == 5
    assert value(rating, "worstRating") == 1
    assert value(rating, "alternateName") == "Misleading"
    claim = one(review, "itemReviewed")
    assert of_type(claim, "Claim")
    assert value(one(claim, "author"), "name") == "Dr. Ada Example"
    assert of_type(one(claim, "author"), "Person")
    first_article = reviewed_claim.appearances.order_by("article__published_at")[0]
    assert value(claim, "datePublished") == (
        first_article.article.published_at.isoformat()
    )
    appearances = claim[SCHEMA + "appearance"]
    assert {value(a, "url") for a in appearances} == {
        "https://gazette.test/cliff",
        "https://gazette.test/cliff-2",
    }
    assert all(of_type(a, "NewsArticle") for a in appearances)


def test_correction_page_is_the_desks_notice_about_the_corrected_article(
    client, db, settings
):
    settings.NEWSROOM_NAME = "The Example Standards Desk"
    correction = factories.PublishedCorrectionFactory(
        article__headline="Cliff rescue",
        article__url="https://gazette.test/cliff",
        article__outlet__name="The Gazette",
        what_was_wrong="The cliff was given as 800 metres.",
    )
    url = f"http://testserver/corrections/{correction.pk}/"

    (notice,) = read_back(client, f"/corrections/{correction.pk}/")

    assert of_type(notice, "NewsArticle")
    assert value(notice, "headline") == "Correction: Cliff rescue"
    assert value(notice, "url") == url
    assert value(notice, "datePublished") == correction.published_at.isoformat()
    assert value(notice, "image") == f"{url}card.png?v={correction.version}"
    for role in ("publisher", "author"):
        desk = one(notice, role)
        assert of_type(desk, "Organization")
        assert value(desk, "name") == "The Example Standards Desk"
        logo = one(desk, "logo")
        assert of_type(logo, "ImageObject")
        assert value(logo, "url") == "http://testserver/static/coverage/logo.png"
    article = one(notice, "about")
    assert of_type(article, "NewsArticle")
    assert value(article, "headline") == "Cliff rescue"
    assert value(article, "url") == "https://gazette.test/cliff"
    assert value(one(article, "publisher"), "name") == "The Gazette"
    comment = one(article, "correction")
    assert of_type(comment, "CorrectionComment")
    assert value(comment, "url") == url
    assert value(comment, "datePublished") == correction.published_at.isoformat()
    assert "The cliff was given as 800 metres." in value(comment, "text")


def test_the_desks_logo_is_a_static_file_of_the_size_the_markup_states():
    image = Image.open(finders.find(structured_data.LOGO))

    assert image.format == "PNG"
    assert image.size == (structured_data.LOGO_SIZE, structured_data.LOGO_SIZE)


def test_hostile_text_survives_as_data_not_markup(client, db):
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(1)>"
    correction = factories.PublishedCorrectionFactory(article__headline=hostile)

    page = client.get(f"/corrections/{correction.pk}/").content.decode()
    (notice,) = read_back(client, f"/corrections/{correction.pk}/")

    assert page.count("<script") == 1
    assert value(one(notice, "about"), "headline") == hostile
    assert value(notice, "headline") == f"Correction: {hostile}"


def test_every_verdict_has_a_rating_within_the_scale():
    assert set(structured_data.VERDICT_RATINGS) == set(VERDICT_STATUSES)
    for rating in structured_data.VERDICT_RATINGS.values():
        assert structured_data.WORST_RATING <= rating <= structured_data.BEST_RATING
    assert structured_data.VERDICT_RATINGS[ClaimStatus.ACCURATE] == 5
    assert structured_data.VERDICT_RATINGS[ClaimStatus.INACCURATE] == 1


@pytest.mark.django_db
def test_claim_in_the_outlets_own_voice_is_authored_by_the_outlet():
    claim = factories.PublishedClaimFactory(claimant=None)
    appearance = factories.ClaimAppearanceFactory(
        claim=claim, article__outlet__name="The Gazette"
    )

    review = structured_data.claim_review(
        claim,
        url="https://desk.test/claims/1/",
        reviewer=DESK,
        appearances=[appearance],
        appearance_fallback_url="https://desk.test/claims/1/",
    )

    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "The Gazette",
        "url": appearance.article.outlet.homepage,
    }


@pytest.mark.django_db
def test_organisation_claimant_is_an_organization():
    claim = factories.PublishedClaimFactory(
        claimant__kind=Source.Kind.ORGANISATION, claimant__name="Wildlife Agency"
    )

    review = structured_data.claim_review(
        claim,
        url="https://desk.test/claims/1/",
        reviewer=DESK,
        appearances=[],
        appearance_fallback_url="https://desk.test/claims/1/",
    )

    assert review["itemReviewed"]["author"]["@type"] == "Organization"
    assert "appearance" not in review["itemReviewed"]


def test_script_json_cannot_close_its_script_element():
    text = structured_data.script_json({"headline": "</script><b>&"})

    assert "<" not in text
    assert ">" not in text
    assert json.loads(text) == {"headline": "</script><b>&"}


def test_local_loader_refuses_any_other_document():
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(
            {"@context": "https://example.test/context.jsonld", "name": "x"},
            {"documentLoader": local_schema_org},
        )
