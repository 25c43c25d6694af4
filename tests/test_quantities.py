"""Figures as data: quantities in a claim's text, normalised (pure, no database)."""

import pytest

from coverage.importers.quantities import Quantity, conflicts, find_quantities


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    figure = found[0]
    assert text[figure.start : figure.end] == figure.surface
    return figure


@pytest.mark.parametrize(
    ("text", "surface", "value", "low", "high", "unit", "qualifier", "noun"),
    [
        (
            "More than 700 walruses died there.",
            "700",
            700,
            None,
            None,
            "",
            "more_than",
            "walrus",
        ),
        (
            "They fell from an 80-metre cliff.",
            "80-metre",
            80,
            None,
            None,
            "metre",
            "",
            "cliff",
        ),
        (
            "Adult males weigh 1-2 tonnes.",
            "1-2 tonnes",
            None,
            1,
            2,
            "tonne",
            "",
            "male",
        ),
        (
            "Counts reached hundreds of thousands of animals.",
            "hundreds of thousands",
            None,
            200_000,
            999_999,
            "",
            "",
            "animal",
        ),
        (
            "She has studied the coast for 35 years.",
            "35 years",
            35,
            None,
            None,
            "year",
            "",
            None,
        ),
        (
            "Unemployment rose to about 4.5% last year.",
            "4.5%",
            4.5,
            None,
            None,
            "percentage",
            "about",
            "unemployment",
        ),
        (
            "The bridge cost $3.5 million to build.",
            "$3.5 million",
            3_500_000,
            None,
            None,
            "dollar",
            "",
            "bridge",
        ),
        (
            "Ministers spent £20bn on the scheme.",
            "£20bn",
            20_000_000_000,
            None,
            None,
            "pound sterling",
            "",
            None,
        ),
    ],
)
def test_figures_are_stored_normalised(
    text, surface, value, low, high, unit, qualifier, noun
):
    figure = only(text)
    assert (figure.surface, figure.value, figure.low, figure.high) == (
        surface,
        value,
        low,
        high,
    )
    assert (figure.unit, figure.qualifier) == (unit, qualifier)
    if noun is not None:  # None: what a duration or a sum is "of" is not asserted
        assert figure.noun == noun


def test_a_measure_after_its_subject_measures_that_subject():
    text = "Marsh said the cliff at the site is roughly 80 metres high."
    figure = only(text)
    assert (figure.noun, figure.qualifier) == ("cliff", "about")
    assert figure.measure == "length:meter:cliff"


def test_feet_and_metres_compare_in_base_units():
    feet = only("Below a 260-foot cliff the beach was crowded.")
    assert feet.measure == "length:meter:cliff"
    assert feet.compare_low == pytest.approx(79.248)


def test_calendar_years_are_dates_not_figures():
    assert find_quantities("The walruses died in 2017, in the autumn.") == []


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        (
            "Since 1998, £2,000 million was spent on 40 schools.",
            ["£2,000 million", "40"],
        ),
        ("Each post $100,000 bond, they said in 2019.", ["$100,000"]),
        ("They ran the 2000 metres race.", ["2000 metres"]),
    ],
)
def test_years_and_plain_sums_read_without_the_library_give_the_same_figures(
    text, surfaces
):
    # Bare years and plain sums are read without quantulum3 (for speed); a year
    # with a unit is a measure, and a sum keeps its unit and scale.
    assert [q.surface for q in find_quantities(text)] == surfaces
    sums = [q for q in find_quantities(text) if q.dimension == "currency"]
    assert [(q.value, q.unit) for q in sums] in (
        [],
        [(2_000_000_000, "pound sterling")],
        [(100_000, "dollar")],
    )


def test_a_claim_with_no_quantity_has_none():
    assert find_quantities("The footage is being used to tell the wrong story.") == []
    assert find_quantities("") == []


def test_absurd_numbers_are_kept_as_written_or_left_out_never_a_crash():
    huge = only("It weighs 999999999999999999999 tonnes, they said.")
    assert huge.value == pytest.approx(1e21)
    assert huge.surface == "999999999999999999999 tonnes"
    assert only("The queue was 1e300 metres long.").value == 1e300
    # Beyond floating point: infinite, so not a figure at all.
    assert find_quantities("The queue was 1e400 metres long.") == []


def test_a_unit_the_library_does_not_know_is_a_count_of_that_noun():
    figure = only("Rangers counted 12 blorps on the ridge.")
    assert (figure.value, figure.unit, figure.dimension, figure.noun) == (
        12,
        "",
        "count",
        "blorp",
    )


def test_arbitrary_text_never_raises():
    for text in [
        "%%% 12..3 -- ½ ⅞ 10^^9",
        "$",
        "£bn",
        "1-",
        "-1-2-3-4 tonnes",
        "\x00 5",
    ]:
        for figure in find_quantities(text):
            assert text[figure.start : figure.end] == figure.surface


def figures_of(claims: dict[str, str]) -> list[tuple[str, Quantity]]:
    return [(name, q) for name, text in claims.items() for q in find_quantities(text)]


def test_different_figures_for_one_quantity_conflict():
    pairs = conflicts(
        figures_of(
            {
                "marsh": "More than 200 walruses died below the cliff.",
                "crew": "About 700 walruses died that week.",
            }
        ),
        tolerance=0.05,
    )
    assert [(a[0], a[1].surface, b[0], b[1].surface) for a, b in pairs] == [
        ("marsh", "200", "crew", "700")
    ]


def test_a_height_in_feet_conflicts_with_one_in_metres_after_conversion():
    pairs = conflicts(
        figures_of(
            {
                "ledger": "The cliff is about 80 metres high.",
                "review": "Walruses fell from a 120-foot cliff.",
                "same": "Walruses fell from a 262-foot cliff.",
            }
        ),
        tolerance=0.05,
    )
    assert {(a[0], b[0]) for a, b in pairs} == {
        ("ledger", "review"),
        ("review", "same"),
    }


def test_overlapping_ranges_other_nouns_and_one_claim_do_not_conflict():
    pairs = conflicts(
        figures_of(
            {
                "range": "Adult walruses weigh 1-2 tonnes.",
                "point": "An adult walrus weighs 1.5 tonnes.",
                "other noun": "About 700 animals died.",
                "herd": "More than 200 walruses died; later 900 walruses died.",
            }
        ),
        tolerance=0.05,
    )
    assert pairs == []


def test_a_compound_measures_its_last_noun():
    assert only("The 400-metre flood wall would be finished by March.").noun == "wall"
    assert only("It fell from an 80-metre cliff, then another.").noun == "cliff"
