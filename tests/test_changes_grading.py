"""Grading on pairs of versions written for these tests after the edits outlets
typically make to published stories: a corrected figure, a misspelt name, a
paragraph added, a dateline moved, a punctuation pass, a correction note."""

from coverage.importers.changes import (
    ADDED,
    CHANGED,
    COSMETIC,
    DELETE,
    INSERT,
    MINOR,
    SUBSTANTIVE,
    diff_versions,
    grade_change,
)

WALRUSES = """\
ANCHORAGE, Alaska (AP) — About 700 walruses died on a beach in northwest Alaska \
last month, wildlife officials said on Tuesday.

Senator Jane Roe said the deaths showed that the ice was retreating faster than \
expected. "We cannot look away from this," she said.

Dr. Ines Haddad, a zoologist at the University of Victoria, said the count was \
still being checked.

Rangers will return to the beach next week."""


def test_a_corrected_figure_is_substantive_and_named():
    new = WALRUSES.replace("About 700 walruses", "About 600 walruses")
    change = grade_change(WALRUSES, new)
    assert change.grade == SUBSTANTIVE
    assert change.reasons == ("figure 700 → 600 in paragraph 1",)
    assert not change.acknowledged


def test_a_changed_name_is_substantive():
    new = WALRUSES.replace("Dr. Ines Haddad", "Dr. Ines Hadad")
    change = grade_change(WALRUSES, new)
    assert change.grade == SUBSTANTIVE
    assert change.reasons == ("name Dr. Ines Haddad → Dr. Ines Hadad in paragraph 3",)


def test_a_new_paragraph_is_substantive():
    new = WALRUSES.replace(
        "\n\nRangers will",
        "\n\nA second group of carcasses was found farther north on Wednesday.\n\n"
        "Rangers will",
    )
    change = grade_change(WALRUSES, new)
    assert change.grade == SUBSTANTIVE
    assert change.reasons == ("paragraph 4 added",)


def test_a_removed_paragraph_is_substantive():
    new = WALRUSES.replace("\n\nRangers will return to the beach next week.", "")
    assert grade_change(WALRUSES, new).reasons == ("paragraph 4 removed",)


def test_a_dateline_change_is_cosmetic():
    new = WALRUSES.replace("ANCHORAGE, Alaska (AP) —", "POINT LAY, Alaska (AP) —")
    change = grade_change(WALRUSES, new)
    assert change.grade == COSMETIC
    assert change.reasons == ("dateline changed",)


def test_whitespace_and_punctuation_only_are_cosmetic():
    new = WALRUSES.replace("  ", " ").replace(
        "officials said on Tuesday.", "officials  said  on Tuesday."
    )
    assert grade_change(WALRUSES, new).reasons == ("whitespace in paragraph 1",)
    new = WALRUSES.replace("still being checked.", "still being checked!").replace(
        "a zoologist at", "a zoologist, at"
    )
    change = grade_change(WALRUSES, new)
    assert (change.grade, change.reasons) == (COSMETIC, ("punctuation in paragraph 3",))


def test_a_few_words_with_no_figure_or_name_are_minor():
    new = WALRUSES.replace("will return to the beach", "plan to go back to the beach")
    change = grade_change(WALRUSES, new)
    assert change.grade == MINOR
    assert change.reasons == ("4 words changed in paragraph 4",)


def test_a_changed_quotation_is_substantive():
    new = WALRUSES.replace("We cannot look away from this", "We must not look away")
    assert "quotation changed in paragraph 2" in grade_change(WALRUSES, new).reasons


def test_a_claim_sentence_changed_is_substantive_even_when_the_words_are_few():
    claim = (
        "Senator Jane Roe said the deaths showed that the ice was retreating faster "
        "than expected."
    )
    new = WALRUSES.replace("faster than expected", "as expected")
    change = grade_change(WALRUSES, new, claims=[claim])
    assert change.grade == SUBSTANTIVE
    assert change.reasons[-1] == f"claim sentence changed: “{claim[:77]}…”"


def test_an_outlets_correction_note_is_recognised_as_acknowledgement():
    note = (
        "Correction: An earlier version of this story misstated the number of "
        "walruses that died. It was about 600, not 700."
    )
    new = WALRUSES.replace("About 700", "About 600") + "\n\n" + note
    change = grade_change(WALRUSES, new)
    assert change.grade == SUBSTANTIVE
    assert change.acknowledged
    assert change.notice == note
    assert change.reasons == (
        "figure 700 → 600 in paragraph 1",
        "correction notice added as paragraph 5",
    )
    for notice in (
        "An earlier version of this article gave the wrong date.",
        "This article has been updated to correct the name of the zoologist.",
        "Clarification: the count is an estimate.",
    ):
        assert grade_change(WALRUSES, WALRUSES + "\n\n" + notice).notice == notice


def test_a_notice_already_in_the_old_text_acknowledges_nothing_new():
    old = WALRUSES + "\n\nCorrection: an earlier version misspelt a name."
    new = old.replace("About 700", "About 600")
    assert not grade_change(old, new).acknowledged


def test_byline_order_is_cosmetic_and_a_new_byline_minor():
    order = grade_change(
        WALRUSES,
        WALRUSES,
        old_byline="Ann Lee and Bo Chan",
        new_byline="Bo Chan, Ann Lee",
    )
    assert (order.grade, order.reasons) == (COSMETIC, ("byline order changed",))
    other = grade_change(WALRUSES, WALRUSES, old_byline="Ann Lee", new_byline="Cy Dunn")
    assert other.grade == MINOR


def test_the_diff_keeps_each_paragraph_with_what_was_deleted_and_inserted():
    new = WALRUSES.replace("About 700", "About 600") + "\n\nA new paragraph."
    paragraphs = diff_versions(WALRUSES, new)
    assert [p.status for p in paragraphs] == ["changed", "same", "same", "same", ADDED]
    first = paragraphs[0]
    assert first.status == CHANGED
    assert (DELETE, "700") in first.segments
    assert (INSERT, "600") in first.segments
    assert "".join(t for op, t in first.segments if op != DELETE) == new.split("\n")[0]
