import codecs

import pytest

from coverage.importers import cleaning, outlets
from coverage.importers.parsed import MAX_ARTICLE_BYTES, ImportFailed
from coverage.importers.text import parse_text

FURNITURE = [
    "RELATED:",
    "Click to View Gallery",
    "This Week On TV",
    "ladbible logo",
    "enable notifications",
    "never miss out",
    "Featured Image Credit",
    "Topics:",
    "Disclaimer:",
    "Alert:",
]


def test_repeated_headline_and_byline_are_found_once(seed_article):
    article = seed_article("001")
    assert article.headline == (
        "Viewers Are Being Broken By The Walrus Scene From Netflix's Our Planet"
    )
    assert article.headline_inferred is False
    assert article.byline == "Stewart Perrie"
    assert article.headline not in article.body
    assert "Stewart Perrie" not in article.body


def test_ladbible_masthead_names_the_outlet(seed_article):
    assert seed_article("001").outlet_name == "LADbible"


@pytest.mark.parametrize("number", ["000", "002"])
def test_missing_headline_is_derived_from_the_opening_and_flagged(number, seed_article):
    article = seed_article(number)
    assert article.headline_inferred is True
    assert " ".join(article.body.split()).startswith(article.headline.rstrip("…"))
    assert 20 <= len(article.headline) <= 121
    assert article.outlet_name is None
    assert article.byline == ""


@pytest.mark.parametrize("number", ["000", "001", "002"])
def test_seed_furniture_is_removed_and_raw_text_kept(number, seed_article, seed_path):
    article = seed_article(number)
    path = seed_path(number)
    assert article.raw_text == path.read_text(encoding="utf-8")
    for furniture in FURNITURE:
        assert furniture.lower() not in article.body.lower()


def test_seed_body_keeps_the_article_sentences(seed_article):
    body = seed_article("000").body
    assert "more than 700 casualties were washed up" in body
    assert "Netflix tells TMZ that the filmmakers" in body
    assert "1-2 tonnes" in seed_article("002").body


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Share this article",
        "Sign up for our newsletter",
        "Read more: Council votes to close three libraries",
        "Image: Getty Images",
        "Photo: Jane Smith/Reuters",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "Follow us on Twitter",
        "Story continues below advertisement",
        "© 2024 Example Media Ltd. All rights reserved.",
        "Topics: Politics, Health",
        "Spoiler alert",
        "— Jane Doe (@janedoe) April 5, 2019",
    ],
)
def test_general_furniture_lines_are_removed(line):
    text = f"The council approved the plan on Monday.\n\n{line}\n\nIt will cost £4m."
    article = parse_text(text.encode(), source="a.txt")
    assert (
        article.body == "The council approved the plan on Monday.\n\nIt will cost £4m."
    )


@pytest.mark.parametrize(
    "line",
    [
        "More than 700 walruses died in 2017.",
        "Credit card debt rose by 5% last year.",
        "Share prices fell sharply after the announcement.",
        "Copyright lawyers say the ruling will be appealed.",
        "Warning signs were missed, the inquiry found.",
    ],
)
def test_article_sentences_that_start_like_furniture_are_kept(line):
    article = parse_text(
        f"Opening line of the story here.\n\n{line}".encode(), source="a.txt"
    )
    assert line in article.body


def test_header_block_overrides_what_is_inferred():
    text = (
        "Title: Walrus film row deepens\n"
        "Outlet: the new york times\n"
        "URL: https://example.test/walrus\n"
        "Published: 2019-04-08\n"
        "Byline: Ann Writer\n"
        "Story: our-planet-walrus\n"
        "\n"
        "ladbible logo\n\nThe scene was filmed in 2017 in Russia.\n"
    )
    article = parse_text(text.encode(), source="h.txt")
    assert article.headline == "Walrus film row deepens"
    assert article.headline_inferred is False
    assert article.outlet_name == "The New York Times"
    assert article.url == "https://example.test/walrus"
    assert article.published_at.isoformat() == "2019-04-08T00:00:00+00:00"
    assert article.byline == "Ann Writer"
    assert article.story == "our-planet-walrus"
    assert article.body == "The scene was filmed in 2017 in Russia."
    assert article.raw_text == text


def test_a_header_line_that_is_not_a_known_key_is_body_text():
    article = parse_text(
        b"Warning: it is long\n\nThe body says 12 things.", source="a.txt"
    )
    assert article.headline_inferred is True


def test_title_like_first_line_becomes_a_flagged_headline():
    text = (
        "Council closes three libraries\n\nThe council voted on Monday to close them."
    )
    article = parse_text(text.encode(), source="a.txt")
    assert article.headline == "Council closes three libraries"
    assert article.headline_inferred is True
    assert article.body == "The council voted on Monday to close them."


def test_by_line_is_read_as_byline():
    text = "Council closes libraries\nBy Jane Smith\n\nThe council voted to close them."
    article = parse_text(text.encode(), source="a.txt")
    assert article.byline == "Jane Smith"
    assert "Jane Smith" not in article.body


def test_bad_header_date_names_file_line_and_field():
    text = b"Title: A\nPublished: next tuesday\n\nBody text here."
    with pytest.raises(ImportFailed, match=r"^h\.txt:2: published: cannot read date"):
        parse_text(text, source="h.txt")


def test_header_url_must_be_http():
    with pytest.raises(ImportFailed, match=r"^h\.txt:1: url: not an http\(s\) address"):
        parse_text(b"URL: ftp://x\n\nBody text here.", source="h.txt")


def test_utf8_bom_is_dropped():
    article = parse_text(
        codecs.BOM_UTF8 + "Café owners said 40 jobs went.".encode(), source="a"
    )
    assert article.raw_text == "Café owners said 40 jobs went."


def test_cp1252_is_accepted_when_it_reads_as_text():
    data = "The caf\u00e9 \u201cclosed\u201d after 40 years.".encode("cp1252")
    assert parse_text(data, source="a").body == "The café “closed” after 40 years."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "a.txt: file: empty file"),
        (b"  \n\n ", "a.txt: file: empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt: file: binary file"),
        (bytes(range(0x80, 0xA0)) * 4, "a.txt: file: not UTF-8 text"),
        ("Walrus".encode("utf-16"), r"a.txt: file: not UTF-8 text \(UTF-16\)"),
        (b"x" * (MAX_ARTICLE_BYTES + 1), "a.txt: file: larger than the 5 MB limit"),
        (b"Advertisement\n\nShare this article\n", "a.txt: body: no article text left"),
    ],
)
def test_bad_input_gets_one_line_error(data, message):
    with pytest.raises(ImportFailed, match=f"^{message}"):
        parse_text(data, source="a.txt")


def test_opening_sentence_headline_is_cut_at_a_clause():
    body = (
        "The council approved a budget of twelve million pounds for roads, "
        "schools and libraries, a rise of a fifth on last year, after a long debate."
    )
    assert cleaning.headline_from_opening(body) == (
        "The council approved a budget of twelve million pounds for roads, "
        "schools and libraries"
    )


def test_outlet_is_recognised_from_a_url():
    assert (
        outlets.outlet_for_url("https://www.theguardian.com/world/x") == "The Guardian"
    )
    assert outlets.outlet_for_url("https://unknown.test/") is None
