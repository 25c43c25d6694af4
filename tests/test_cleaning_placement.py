"""Furniture told apart by its place on the page (coverage/importers/placement.py),
and the line rules written with it. Every page here is written for these tests."""

import pytest

from coverage.importers import cleaning

LEDE = (
    "The county council approved a £40m flood barrier for the River Ouse on "
    "Tuesday, after three winters in which more than 400 homes were flooded."
)
BODY = (
    "Work on the barrier will start in March and take two years, the council's "
    "planning committee was told, with the Environment Agency paying half."
)
END = (
    "Residents of the worst-hit streets will be offered grants of up to £5,000 "
    "to fit flood doors while the barrier is built."
)


def kept(*paragraphs: str) -> list[str]:
    lines, _ = cleaning.remove_furniture("\n\n".join(paragraphs) + "\n")
    return [line for para in lines for line in para]


def test_a_caption_printed_again_inside_its_credit_is_removed():
    caption = "The flood gate at Clifton Bridge."
    credit = (
        "Credit: York Council View full size image The flood gate at Clifton Bridge."
    )
    assert kept(LEDE, caption, credit, BODY) == [LEDE, BODY]


def test_the_full_caption_under_a_read_more_one_goes_but_the_paragraph_stays():
    short = (
        "Volunteers fill sandbags in the car park of the leisure centre... Read More"
    )
    full = (
        "Volunteers fill sandbags in the car park of the leisure centre on Monday "
        "night, as the river rose. Close"
    )
    paragraph = (
        "Volunteers fill sandbags in the car park of the leisure centre on Monday "
        "night, as the river rose."
    )
    assert kept(short, full, LEDE, BODY, paragraph) == [LEDE, BODY, paragraph]


def test_a_name_under_a_photo_goes_when_the_article_names_that_person():
    named = "The barrier was designed by engineer Maria Lindqvist, who led the survey."
    page = kept(LEDE, named, "View photo", "Maria Lindqvist", BODY)
    assert page == [LEDE, named, BODY]


def test_a_byline_under_the_lead_photo_is_kept():
    contributed = "Maria Lindqvist contributed reporting."
    for byline in ("Maria Lindqvist", "By Maria Lindqvist"):
        page = kept("Photo: Jane Roe/Getty Images", byline, LEDE, BODY, contributed)
        assert page == [byline, LEDE, BODY, contributed]


def test_a_title_case_subheading_under_a_photo_is_kept():
    page = kept(LEDE, "View photo", "Costly Delays", BODY, "Delays cost money.")
    assert "Costly Delays" in page
    assert kept(LEDE, "View photo", "FUNDING GAP", BODY) == [LEDE, "FUNDING GAP", BODY]


def test_a_tagline_addressed_to_the_reader_under_a_sign_up_prompt_is_removed():
    prompt = "Sign up for the Flood Watch newsletter."
    tagline = "Everything you need to know before the water rises."
    assert kept(LEDE, prompt, tagline, BODY) == [LEDE, BODY]


def test_an_article_line_under_a_sign_up_prompt_is_kept():
    prompt = "Sign up for the Flood Watch newsletter."
    line = "Two schools will close for the week."
    assert kept(LEDE, prompt, line, BODY) == [LEDE, line, BODY]


def test_a_subscription_box_after_the_article_is_removed():
    box = [
        "Subscribe to Flood Watch, our paid weekly newsletter.",
        "Basic",
        "$4/month",
        "Good for you if you only read on weekends.",
        "Family",
        "£60 per person per year",
        "Keep your whole household up to date.",
        "We accept debit cards and PayPal.",
    ]
    assert kept(LEDE, BODY, END, *box) == [LEDE, BODY, END]


def test_an_authors_bio_and_her_name_closing_the_page_are_removed():
    bio = "Ruth Okafor is a reporter for the Yorkshire Ledger covering the environment."
    page = kept(LEDE, BODY, END, "About the Author", "Ruth Okafor", bio)
    assert page == [LEDE, BODY, END]
    other = "Dev Sharma writes about transport for the Ledger."
    assert kept(LEDE, BODY, END, other) == [LEDE, BODY, END]


def test_a_closing_line_about_someone_the_article_quotes_is_kept():
    quoted = "“We have waited long enough,” said Ruth Okafor, who chairs the group."
    closing = "Ruth Okafor is a writer and a former teacher at the primary school."
    assert kept(LEDE, quoted, END, closing) == [LEDE, quoted, END, closing]


def test_a_short_caption_over_the_first_paragraph_is_removed():
    lede = "The Clifton flood gate will be the largest in the north of England."
    assert kept("The Clifton flood gate.", lede, BODY) == [lede, BODY]


def test_a_short_first_sentence_that_the_lede_does_not_repeat_is_kept():
    assert kept("Nobody expected this.", LEDE, BODY) == [
        "Nobody expected this.",
        LEDE,
        BODY,
    ]


@pytest.mark.parametrize(
    "line",
    [
        "To contact the reporter on this story: Jane Roe in Leeds at jroe@example.com",
        "To contact the editors responsible for this story: John Doe",
        "A council worker clears a blocked drain on the ring road... Read More",
        "Terms of Service Privacy Policy Cookie Policy",
        "Privacy Policy | Terms of Use | Accessibility",
        "$9.99/month",
        "£60 per person per year",
        "A simple plan you can cancel anytime.",
        "We accept debit cards, PayPal and Apple Pay.",
        "Money Matters: our weekly guide to your finances. Check it out here.",
        "Short Reads: fiction by our readers, every Sunday. Here.",
        "More Local news, weather, traffic and sport",
        "Firefighters (left) and paramedics at the scene of the fire on Tuesday.",
        "Jane Roe, right, receives the award from the mayor on Friday.",
        "A flooded street in York on Sunday. (AP Photo/John Doe)AP2023",
        "Jane Roe/for The Ledger Residents queue for water on Monday.",
        "Residents queue for water on Monday. Previous Next",
        "jroe@example.com",
        "Reporter Jane Roe can be reached at jroe@example.com.",
        "To see the full flood map, click here.",
        "Claim your free trial",
        "FLOODS: Homes evacuated Share Pin It More Galleries Advertisement A crew "
        "checks the pumps. COUNCIL PHOTO",
    ],
)
def test_furniture_lines_of_the_new_kinds_are_removed(line):
    assert cleaning.is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "More than 200 homes were flooded in the town.",
        "More Americans are working from home than ever before.",
        "He turned left, then right, and drove off.",
        "We accept the court's ruling and will not appeal.",
        "Customers can cancel anytime, the company says.",
        "The pandemic is here.",
        "To contact the council, residents must call a new number.",
        "The price rose to $7 a month for most households.",
        "Privacy policy changes will come into force in May.",
        "Accessibility",
        "Wall Street Journal/NBC News polling shows the race tightening.",
        "Complaints can be sent to complaints@example.com, the council said.",
        "“Jane Roe, left, the party in 2019,” he said.",
        "Readers who click here are sent to the council's map.",
        "time on the home page",
        "A monthly fee or a free trial",
        "Readers Share Photos And Videos Of The Storm",
        "Readers can share, like and comment on the photos.",
    ],
)
def test_article_lines_like_the_new_kinds_are_kept(line):
    assert not cleaning.is_furniture(line)


QUOTE = (
    "“The water came up through the floorboards in minutes,” said Ann Briggs, "
    "who has lived on Water Lane for 30 years."
)
MORE_QUOTE = "“We lost the sofa, the carpets and most of the books,” she added."


def test_a_caption_set_between_a_quote_and_its_continuation_is_removed():
    caption = "Ann Briggs outside her house on Water Lane"
    assert kept(LEDE, QUOTE, caption, MORE_QUOTE, END) == [
        LEDE,
        QUOTE,
        MORE_QUOTE,
        END,
    ]
    unattributed = "“It smelled for months afterwards.”"
    assert kept(LEDE, QUOTE, caption, unattributed, END) == [
        LEDE,
        QUOTE,
        unattributed,
        END,
    ]


def test_a_heading_after_a_quote_is_kept_when_the_next_section_names_its_speaker():
    heading = "Who pays for the barrier"
    section = "“Half of it comes from us,” said the agency's Tom Hale."
    assert kept(LEDE, QUOTE, heading, section, END) == [
        LEDE,
        QUOTE,
        heading,
        section,
        END,
    ]


def test_a_line_over_a_heading_is_removed_and_the_heading_kept():
    caption = "Sandbags are stacked along the river wall at Clifton"
    heading = "Barrier timetable"
    section = "The barrier timetable has slipped twice since the first survey."
    assert kept(LEDE, caption, heading, section, END) == [
        LEDE,
        heading,
        section,
        END,
    ]


def test_two_teasers_between_paragraphs_are_removed():
    teasers = ("Six questions about the new flood maps", "The wettest winter on record")
    assert kept(LEDE, BODY, *teasers, END) == [LEDE, BODY, END]


def test_lines_after_a_colon_and_labelled_teasers_are_kept():
    intro = "The council will spend the money on two things:"
    items = ("A wall along the ring road", "New pumps at the Foss Basin")
    assert kept(LEDE, intro, *items, END) == [LEDE, intro, *items, END]
    labelled = "Flood maps: Which streets are most at risk this winter"
    heading = "Barrier timetable"
    section = "The barrier timetable has slipped twice since the first survey."
    page = kept(LEDE, BODY, labelled, heading, section)
    assert page == [LEDE, BODY, labelled, heading, section]


def test_a_caption_of_two_sentences_printed_without_its_last_stop_is_removed():
    caption = (
        "Volunteers load sandbags onto a trailer at the depot. The depot has "
        "handed out 9,000 bags since Friday"
    )
    assert kept(LEDE, caption, BODY, END) == [LEDE, BODY, END]
    post = (
        "The river is over the path again. Stay safe out there https://example.com/p/1"
    )
    assert kept(LEDE, post, BODY, END) == [LEDE, post, BODY, END]


def test_numbered_headings_between_paragraphs_are_kept():
    steps = ("1. Clear the gutters", "2. Move valuables upstairs")
    page = [LEDE, steps[0], BODY, steps[1], END]
    assert kept(*page) == page


def test_a_widgets_label_over_the_lede_is_removed():
    assert kept("River Levels Search:", LEDE, BODY) == [LEDE, BODY]


def test_a_label_with_a_colon_inside_the_article_is_kept():
    label = "Key dates:"
    dates = "March: work starts.\nJune: the wall is finished."
    assert kept(LEDE, label, dates, END) == [LEDE, label, *dates.split("\n"), END]


def test_a_caption_that_points_at_its_picture_is_removed():
    caption = "This photo from a resident shows the water at its highest on Sunday."
    assert kept(LEDE, caption, BODY) == [LEDE, BODY]
    line = "The photo was shared 40,000 times before the council replied."
    assert kept(LEDE, line, BODY) == [LEDE, line, BODY]


def test_a_caption_over_its_credit_goes_where_the_page_prints_figures_so():
    first = "The Clifton flood gate."
    second = "A pump at the Foss Basin."
    page = kept(
        LEDE,
        first,
        "Credit: York Council View full size image The Clifton flood gate.",
        BODY,
        second,
        "Credit: York Council View full size image",
        END,
    )
    assert page == [LEDE, BODY, END]


def test_a_paragraph_over_a_credit_stays_where_the_page_never_shows_its_captions():
    assert kept(LEDE, BODY, END, "Credit: York Council") == [LEDE, BODY, END]
