"""Headline, byline and outlet clean-up for page metadata (pure functions)."""

import pytest

from coverage.importers import page_fields
from coverage.importers.html import parse_html


@pytest.mark.parametrize(
    ("title", "site_names", "expected"),
    [
        (
            "Budget passes after late vote | City Politics",
            ["City"],
            "Budget passes after late vote",
        ),
        (
            "Budget passes after late vote - The Courier",
            ["The Courier"],
            "Budget passes after late vote",
        ),
        (
            "The Courier: Budget passes after late vote",
            ["The Courier"],
            "Budget passes after late vote",
        ),
        (
            "Budget passes after late vote -- courier.example",
            ["courier.example"],
            "Budget passes after late vote",
        ),
        ("Budget passes » Local » News » Courier", [], "Budget passes"),
        (
            "Budget passes after late vote | Politics | Courier",
            [],
            "Budget passes after late vote",
        ),
        # A colon inside the headline is the headline's own.
        (
            "Budget: what passed and what did not",
            ["The Courier"],
            "Budget: what passed and what did not",
        ),
    ],
)
def test_the_site_name_is_cut_from_the_headline(title, site_names, expected):
    assert page_fields.clean_title(title, site_names=site_names) == expected


def test_a_section_heading_gives_way_to_the_pages_own_title():
    assert (
        page_fields.clean_title(
            "Allergies Health Center",
            page_title="Babies Who Eat Peanuts Early May Avoid Allergy",
        )
        == "Babies Who Eat Peanuts Early May Avoid Allergy"
    )
    # An extracted headline worded differently from <title> is kept.
    assert (
        page_fields.clean_title(
            "Council passes budget after a late vote",
            page_title="Late vote passes council budget | Courier",
            site_names=["Courier"],
        )
        == "Council passes budget after a late vote"
    )


@pytest.mark.parametrize(
    ("author", "not_names", "expected"),
    [
        ("Username", [], ""),
        ("Jane Roe; MA", [], "Jane Roe"),
        ("Jane Roe; PhD; John Doe", [], "Jane Roe; John Doe"),
        ("Example Media Group; Jane Roe", ["Example Media Group"], "Jane Roe"),
        ("Jane Roe; CNN", [], "Jane Roe"),
        ("By Jane Roe", [], "Jane Roe"),
        ("CNN Wire", [], "CNN Wire"),
    ],
)
def test_a_byline_names_people_not_placeholders_degrees_or_publishers(
    author, not_names, expected
):
    assert page_fields.clean_byline(author, not_names=not_names) == expected


def test_a_site_name_loses_its_tagline():
    assert (
        page_fields.site_name_core("Courier | Your local news since 1870") == "Courier"
    )
    assert page_fields.site_name_core("The Courier") == "The Courier"


def test_a_page_without_an_author_field_takes_its_visible_byline():
    page = (
        "<html><head><title>Budget passes after late vote - The Courier</title>"
        '<meta property="og:site_name" content="The Courier"></head><body><article>'
        "<h1>Budget passes after late vote</h1>"
        '<span class="pb-byline">By <a href="/people/jane-roe">Jane Roe</a></span>'
        "<p>The council passed its budget by 7 votes to 4 on Tuesday night after a "
        "six-hour debate over library closures.</p>"
        "<p>The leader said the savings of 40,000 pounds would keep two branches "
        "open until 2026.</p></article></body></html>"
    )
    article = parse_html(page.encode(), source="courier.html")
    assert article.byline == "Jane Roe"
    assert article.headline == "Budget passes after late vote"
    assert article.outlet_name == "The Courier"
