from datetime import UTC, datetime
from pathlib import Path

import pytest

from coverage.importers.html import parse_html
from coverage.importers.parsed import ImportFailed

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def page(name: str):
    path = FIXTURES / name
    return parse_html(path.read_bytes(), source=name)


def test_metadata_comes_from_the_page():
    article = page("courier_flood_defences.html")
    assert (
        article.headline == "Flood barrier 'would have saved 400 homes', engineers say"
    )
    assert article.headline_inferred is False
    assert article.byline == "Priya Raman"
    assert article.outlet_name == "The Northern Courier"
    assert article.url == (
        "https://www.northerncourier.example/news/2023/11/14/"
        "flood-barrier-would-have-saved-400-homes"
    )
    assert article.published_at == datetime(2023, 11, 14, tzinfo=UTC)
    assert article.source_format == "html"


def test_known_domain_gives_the_desks_outlet_name():
    article = page("metro_style_walrus.html")
    assert article.outlet_name == "Metro"
    assert article.byline == "Tom Fenwick"


@pytest.mark.parametrize(
    "furniture",
    [
        "We use cookies",
        "Accept all cookies",
        "Skip to main content",
        "Subscribe",
        "Share on Facebook",
        "Advertisement",
        "Related stories",
        "Volunteers fill 10,000 sandbags",
        "Most read",
        "Sign up for our newsletter",
        "All rights reserved",
        "Topics:",
    ],
)
def test_page_furniture_stays_out_of_the_body(furniture):
    assert furniture not in page("courier_flood_defences.html").body


def test_sign_offs_and_ad_labels_inside_the_article_are_removed():
    body = page("metro_style_walrus.html").body
    assert "Advertisement" not in body
    assert "Get in touch with our news team" not in body
    assert "We value your privacy" not in body


def test_article_text_is_kept_whole_with_standfirst_and_quotes():
    body = page("courier_flood_defences.html").body
    assert body.startswith("An independent review says the scheme scrapped in 2019")
    assert "more than 400 homes" in body
    assert '"The design was sound and it was affordable," said Dr Helen Okafor' in body
    assert body.endswith("a new scheme could be ready by 2027 if funding is agreed.")
    assert "\n\n" in body


def test_raw_page_is_kept_verbatim():
    path = FIXTURES / "metro_style_walrus.html"
    assert page("metro_style_walrus.html").raw_text == path.read_text(encoding="utf-8")


def test_page_without_a_title_gets_a_flagged_headline():
    html = (
        "<html><body><article><p>The river rose 2.3 metres above its normal level "
        "on Thursday night, flooding 40 homes.</p></article></body></html>"
    )
    article = parse_html(html.encode(), source="t.html")
    assert article.headline_inferred is True
    assert article.headline.startswith("The river rose 2.3 metres")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            (FIXTURES / "nav_only.html").read_bytes(),
            "p.html: body: no article text found",
        ),
        (b"", "p.html: file: empty file"),
        (b"just some words, no markup", "p.html: html: no HTML markup"),
        (b"<html><body><p>unclosed <b>tags <i>everywhere", "p.html: body: no article"),
        (b"<html>\x00\x01\x02</html>", "p.html: file: binary file"),
    ],
)
def test_bad_pages_get_one_line_error(data, message):
    with pytest.raises(ImportFailed, match=f"^{message}"):
        parse_html(data, source="p.html")
