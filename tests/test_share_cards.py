"""Share cards: the PNG each published fact check and correction draws of itself,
and the OpenGraph and Twitter tags that point sharing sites at it."""

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import cache
from PIL import Image

from coverage import workflow
from coverage.models import ClaimStatus, Correction
from coverage.public import cards
from tests import factories

pytestmark = pytest.mark.django_db

SDTT = Path(__file__).resolve().parent / "structured_data_tool/node_modules/.bin/sdtt"

# Every tag structured-data-testing-tool's SocialMedia preset (its Facebook and
# Twitter presets) looks for, required and recommended; and the rest we promise.
SOCIAL_MEDIA_PRESET = [
    "og:title",
    "og:type",
    "og:url",
    "og:image",
    "og:image:alt",
    "og:description",
    "og:site_name",
    "og:locale",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
    "twitter:image:alt",
]
ALSO_PROMISED = ["og:image:width", "og:image:height", "og:image:type"]


class HeadTags(HTMLParser):
    """The page's <meta> tags by property or name, and its canonical link."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(key, []).append(attrs.get("content"))
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])


def head_tags(client, path) -> HeadTags:
    response = client.get(path)
    assert response.status_code == 200
    parser = HeadTags()
    parser.feed(response.content.decode())
    return parser


def png_of(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    return image


@pytest.fixture
def claim():
    return factories.PublishedClaimFactory(
        text="The cliff is 800 metres high.",
        proposition="The cliff is 800 metres high",
        status=ClaimStatus.MISLEADING,
        claimant__name="Dr. Ada Example",
    )


@pytest.fixture
def correction():
    return factories.PublishedCorrectionFactory(
        article__headline="Cliff rescue",
        article__outlet__name="Gazette",
        what_was_wrong="The cliff height was given as 800 metres.",
        what_is_right="The cliff is about 80 metres high.",
    )


# The cards.


def test_claim_card_is_a_1200_by_630_png(client, claim):
    image = png_of(client.get(f"/claims/{claim.pk}/card.png"))

    assert image.size == (1200, 630)


def test_correction_card_is_a_1200_by_630_png(client, correction):
    image = png_of(client.get(f"/corrections/{correction.pk}/card.png"))

    assert image.size == (1200, 630)


def test_a_card_says_the_verdict_the_claim_and_the_claimant(claim):
    card = cards.claim_card(claim, site_name="The Desk")

    assert card.label == "Misleading"
    assert card.title == "The cliff is 800 metres high"
    assert card.lines == ("Said by Dr. Ada Example",)
    assert card.alt == (
        "Misleading · The cliff is 800 metres high · Said by Dr. Ada Example"
    )


def test_a_claim_without_proposition_or_claimant_shows_its_quote(db):
    claim = factories.PublishedClaimFactory(text="Hundreds died.", claimant=None)

    card = cards.claim_card(claim, site_name="The Desk")

    assert card.title == "“Hundreds died.”"
    assert card.lines == ("In the outlet’s own voice",)


def test_a_correction_card_says_what_was_wrong_and_what_is_right(correction):
    card = cards.correction_card(correction, site_name="The Desk")

    assert card.label == "Correction"
    assert card.title == "The cliff height was given as 800 metres."
    assert card.lines == (
        "Now: The cliff is about 80 metres high.",
        "Cliff rescue · Gazette",
    )


def test_long_text_is_wrapped_and_truncated_to_fit():
    face = cards.font(cards.BOLD, 50)
    text = "walrus " * 200 + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4

    lines = cards.wrap(text, face, width=1072, max_lines=4)

    assert len(lines) == 4
    assert all(face.getlength(line) <= 1072 for line in lines)
    assert lines[-1].endswith("…")
    assert cards.wrap("Short.", face, width=1072, max_lines=4) == ["Short."]


def test_a_word_wider_than_the_card_is_cut():
    face = cards.font(cards.REGULAR, 30)

    lines = cards.wrap("x" * 400, face, width=500, max_lines=40)

    assert len(lines) > 1
    assert all(face.getlength(line) <= 500 for line in lines)
    assert "".join(lines) == "x" * 400


def test_a_very_long_correction_still_draws_a_card(client):
    correction = factories.PublishedCorrectionFactory(
        what_was_wrong="A claim that went on. " * 300,
        what_is_right="What is right, at length. " * 300,
        article__headline="Headline " * 50,
    )

    image = png_of(client.get(f"/corrections/{correction.pk}/card.png"))

    assert image.size == (1200, 630)


# Never for what is not public.


def test_no_card_for_a_draft_or_submitted_correction(client):
    draft = factories.CorrectionFactory()
    submitted = factories.CorrectionFactory(
        status=Correction.Status.SUBMITTED, submitted_at=draft.created_at
    )

    assert client.get(f"/corrections/{draft.pk}/card.png").status_code == 404
    assert client.get(f"/corrections/{submitted.pk}/card.png").status_code == 404


def test_no_card_for_a_claim_without_a_published_verdict(client):
    for claim in (
        factories.ClaimFactory(),
        factories.ClaimFactory(status=ClaimStatus.IN_REVIEW),
        factories.ClaimFactory(
            status=ClaimStatus.ACCURATE, verdict_summary="Not yet stamped."
        ),
    ):
        assert client.get(f"/claims/{claim.pk}/card.png").status_code == 404


def test_a_reopened_claims_card_is_gone_at_once(client, claim, standards_editor):
    assert client.get(f"/claims/{claim.pk}/card.png").status_code == 200

    workflow.reopen(claim, actor=standards_editor, note="New evidence came in.")

    assert client.get(f"/claims/{claim.pk}/card.png").status_code == 404


# Cached like the other public pages, and drawn once per version.


def test_a_second_request_is_served_from_the_cache(
    client, claim, django_assert_num_queries
):
    first = client.get(f"/claims/{claim.pk}/card.png")

    # The public state alone: the page cache holds the PNG under it. The state is
    # what makes a withdrawn verdict's card a 404 at once (see above).
    with django_assert_num_queries(1):
        again = client.get(f"/claims/{claim.pk}/card.png")
    assert again.content == first.content
    assert again["Content-Type"] == "image/png"


def test_a_card_has_an_etag_and_answers_304(client, correction):
    path = f"/corrections/{correction.pk}/card.png"
    first = client.get(path)

    assert first["ETag"]
    assert first["Cache-Control"] == "public, max-age=60"
    unchanged = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304
    assert unchanged.content == b""


def test_a_card_is_kept_by_id_version_and_text(client, settings, claim):
    settings.PAGE_CACHE_SECONDS = 0  # only the card cache
    response = client.get(f"/claims/{claim.pk}/card.png")
    card = cards.claim_card(claim, site_name=settings.NEWSROOM_NAME)

    key = f"share-card:claim:{claim.pk}:{claim.version}:{card.digest}"
    assert cache.get(key) == response.content


def test_a_card_is_drawn_again_when_its_text_changes(client, settings, claim):
    settings.PAGE_CACHE_SECONDS = 0
    before = client.get(f"/claims/{claim.pk}/card.png").content
    claim.claimant.name = "Professor Ada Example"
    claim.claimant.save()

    after = client.get(f"/claims/{claim.pk}/card.png").content

    assert after != before


def test_card_query_count_is_pinned(
    client, settings, claim, correction, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    for path in (
        f"/claims/{claim.pk}/card.png",
        f"/corrections/{correction.pk}/card.png",
    ):
        # The state; the row with what the card shows (claimant, or article and
        # outlet). Drawn or from the card cache, the same.
        with django_assert_num_queries(2):
            client.get(path)
        with django_assert_num_queries(2):
            client.get(path)


# The tags that point sharing sites at the card.


@pytest.mark.parametrize("kind", ["claim", "correction"])
def test_detail_pages_carry_every_social_tag(client, claim, correction, kind):
    obj = {"claim": claim, "correction": correction}[kind]
    path = obj.get_absolute_url()

    tags = head_tags(client, path)

    for name in SOCIAL_MEDIA_PRESET + ALSO_PROMISED:
        assert len(tags.meta.get(name, [])) == 1, name
        assert tags.meta[name][0], name
    url = f"http://testserver{path}"
    assert tags.canonical == [url]
    meta = {name: values[0] for name, values in tags.meta.items()}
    assert meta["og:url"] == url
    assert meta["og:type"] == "article"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:site_name"] == "Newsroom Standards Desk"
    assert meta["og:locale"] == "en_GB"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image"] == meta["twitter:image"]
    assert meta["og:image"] == f"{url}card.png?v={obj.version}"
    assert meta["og:image:alt"] == meta["twitter:image:alt"]
    assert meta["og:title"] == meta["twitter:title"]
    assert meta["og:description"] == meta["twitter:description"]
    image = png_of(client.get(meta["og:image"].removeprefix("http://testserver")))
    assert image.size == (1200, 630)


def test_claim_tags_say_what_the_card_shows(client, claim):
    meta = head_tags(client, claim.get_absolute_url()).meta

    assert meta["og:title"] == ["Misleading: The cliff is 800 metres high"]
    assert meta["og:description"] == ["Said by Dr. Ada Example"]
    assert meta["og:image:alt"] == [
        "Misleading · The cliff is 800 metres high · Said by Dr. Ada Example"
    ]


def test_tags_escape_imported_text(client):
    correction = factories.PublishedCorrectionFactory(
        what_was_wrong='He said "<script>alert(1)</script>" & left.'
    )

    html = client.get(correction.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    meta = head_tags(client, correction.get_absolute_url()).meta
    assert meta["og:title"] == [
        'Correction: He said "<script>alert(1)</script>" & left.'
    ]


# structured-data-testing-tool, as sharing sites and Google read the pages.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_structured_data_testing_tool_passes_google_and_social_media(live_server):
    """Runs the npm tool (installed by ``npm ci --prefix tests/structured_data_tool``,
    as .ci/run does) against this live server: no network beyond 127.0.0.1.
    PostgreSQL only, like every live_server test here (see ``test_e2e_desk``)."""
    if not SDTT.exists() or shutil.which("node") is None:
        pytest.skip(
            "needs node and `npm ci --prefix tests/structured_data_tool` "
            "(structured-data-testing-tool)"
        )
    cache.clear()
    claim = factories.PublishedClaimFactory(claimant__name="Dr. Ada Example")
    factories.ClaimAppearanceFactory(claim=claim)
    correction = factories.PublishedCorrectionFactory()
    for path in (claim.get_absolute_url(), correction.get_absolute_url()):
        result = subprocess.run(
            [
                str(SDTT),
                "--url",
                f"{live_server.url}{path}",
                "--presets",
                "Google,SocialMedia",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, path + result.stdout + result.stderr
        assert re.search(r"Failed: 0\b", result.stdout), path + result.stdout
