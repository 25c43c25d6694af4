"""A held-out check of the claim detector: short news paragraphs written for this
test (invented people and bodies, in the sentence patterns wire copy uses), with
the claimant an editor would mark for each."""

import pytest

from coverage.importers.claims import find_claims


def claim_containing(claims, text):
    matches = [c for c in claims if text in c.quote]
    assert matches, f"no claim contains {text!r}"
    return matches[0]


# (paragraphs, text in the claim, claimant, kind)
PATTERNS = [
    (
        "Harbour Energy chief executive Linnea Strand said the company would cut "
        "400 jobs by the end of next year.",
        "cut 400 jobs",
        "Linnea Strand",
        "person",
    ),
    (
        "The spill reached 12 beaches, officials said on Tuesday.",
        "reached 12 beaches",
        None,
        None,
    ),
    (
        "Toxic algae now cover a fifth of the lake, warns the Lakeland Water "
        "Authority.",
        "cover a fifth of the lake",
        "Lakeland Water Authority",
        "organisation",
    ),
    (
        "In March, the Meridian Health Trust said waiting lists had grown by 18%.",
        "grown by 18%",
        "Meridian Health Trust",
        "organisation",
    ),
    (
        "Kestrel Bank said in a statement that 2,000 accounts had been frozen. "
        "The bank added that customers would be repaid within 30 days.",
        "repaid within 30 days",
        "Kestrel Bank",
        "organisation",
    ),
    (
        "Two people familiar with the negotiations said Governor Mara Ellison had "
        "agreed to a 4% pay rise.",
        "agreed to a 4% pay rise",
        None,
        None,
    ),
    (
        "Dr. Tomasz Wren, a virologist at Northfield University, told reporters "
        "that the variant spreads twice as fast.",
        "spreads twice as fast",
        "Dr. Tomasz Wren",
        "person",
    ),
    (
        "Priya Anand, who chairs the county council, said 3,500 homes had lost "
        "power. She added that crews had restored 900 of them by midnight.",
        "restored 900 of them",
        "Priya Anand",
        "person",
    ),
    (
        "“We have found no evidence of tampering in any of the 14 machines,” said "
        "Colm Byrne, the state’s election director. “The count stands.”",
        "no evidence of tampering",
        "Colm Byrne",
        "person",
    ),
    (
        "“Nobody was warned before the dam gave way. The sirens never sounded, and "
        "forty families lost everything,” said resident Ayesha Okoro.",
        "The sirens never sounded",
        "Ayesha Okoro",
        "person",
    ),
    (
        "“Sales fell for the third straight quarter,” Odile Marchetti, the "
        "retailer’s finance director, said.\n\n"
        "“We expect the decline to end by the spring.”",
        "the decline to end by the spring",
        "Odile Marchetti",
        "person",
    ),
    (
        "According to the National Statistics Office (NSO), unemployment rose to "
        "6.1% in June. The NSO said youth unemployment had doubled since 2020.",
        "youth unemployment had doubled",
        "National Statistics Office",
        "organisation",
    ),
    (
        "Ravenscar Mining's safety ministry liaison said 12 workers were treated in "
        "hospital. Ravenscar Mining officials said the shaft would stay closed.",
        "the shaft would stay closed",
        "Ravenscar Mining",
        "organisation",
    ),
    (
        "Senator Ruth Calloway and Rep. Dan Ortega said the bill would cost $2 "
        "billion over five years.",
        "cost $2 billion",
        "Ruth Calloway",
        "person",
    ),
    (
        "The Coastal Times reported that the pier had been closed 40 times since 2015.",
        "closed 40 times",
        "The Coastal Times",
        "publication",
    ),
    (
        "Greenfield Foods spokeswoman Hana Ito said the recall covered 80,000 "
        "packets. A spokesman for the Food Standards Board said no illnesses had "
        "been reported.",
        "no illnesses had been reported",
        "Food Standards Board",
        "organisation",
    ),
    (
        "WASHINGTON — Federal prosecutors alleged that the firm hid $40 million in "
        "losses.",
        "hid $40 million in losses",
        None,
        None,
    ),
    (
        "Prosecutors alleged that the clerk forged 14 invoices. Pell was arrested. "
        "Anika Roth, his lawyer, said he would plead not guilty to all 14 counts.",
        "forged 14 invoices",
        None,
        None,
    ),
    (
        "Borke was known for telling staff the budget was 3 million pounds short, "
        "said another witness at the hearing, former finance director Ruth Okafor.",
        "3 million pounds short",
        "Ruth Okafor",
        "person",
    ),
    (
        "LISBON (Reuters) — To Tomas Ferreira, the 12-goal season is no surprise. "
        "Ferreira said he had trained for 300 days.",
        "trained for 300 days",
        "Tomas Ferreira",
        "person",
    ),
    (
        "OSLO – Two port officials were charged on Monday, saying they had "
        "inspected 30 ships.",
        "inspected 30 ships",
        None,
        None,
    ),
    (
        "Norway has welcomed a Bergen district court ruling saying the 14 fines "
        "were lawful.",
        "14 fines",
        "Bergen district court ruling",
        "document",
    ),
    (
        "Marek Lind left the meeting. Nadia Vos said. Lind said 40 staff had gone.",
        "40 staff had gone",
        "Marek Lind",
        "person",
    ),
    (
        "Ingrid Solberg, the head coach, said the striker had torn a ligament. The "
        "coach said he would miss at least 10 weeks.",
        "miss at least 10 weeks",
        "Ingrid Solberg",
        "person",
    ),
]


@pytest.mark.parametrize(("body", "text", "claimant", "kind"), PATTERNS)
def test_claimant_in_common_news_patterns(body, text, claimant, kind):
    claim = claim_containing(find_claims(body), text)
    assert (claim.claimant, claim.claimant_kind) == (claimant, kind)


@pytest.mark.parametrize(
    ("body", "claimant", "role", "affiliation"),
    [
        (
            "Northwind Airways CEO Gareth Pell said 30 flights were cancelled.",
            "Gareth Pell",
            "CEO",
            "Northwind Airways",
        ),
        (
            "Secretary of State Elena Marsh said the talks had lasted 11 hours.",
            "Elena Marsh",
            "Secretary of State",
            "",
        ),
        (
            "Riverside Teachers Union President Joel Amani said 1,200 teachers "
            "would strike.",
            "Joel Amani",
            "President",
            "Riverside Teachers Union",
        ),
        (
            "City Hall press secretary Nadia Flores said the budget grew 7%.",
            "Nadia Flores",
            "press secretary",
            "City Hall",
        ),
    ],
)
def test_titles_and_bodies_are_split_from_the_name(body, claimant, role, affiliation):
    (claim,) = find_claims(body)
    assert (claim.claimant, claim.claimant_role, claim.claimant_affiliation) == (
        claimant,
        role,
        affiliation,
    )


def test_a_capitalised_opening_word_is_not_the_claimant():
    body = "Untreated cholera kills within days in 1 of 4 cases, says the WHO."
    claim = claim_containing(find_claims(body), "Untreated cholera")
    assert claim.claimant == "WHO"


def test_she_goes_to_a_person_not_to_the_body_cited_last():
    body = (
        "Marta Kovac said 60 staff had been laid off. Delmont Steel said the cuts "
        "were temporary. She said more would follow in 2026."
    )
    claim = claim_containing(find_claims(body), "more would follow")
    assert claim.claimant == "Marta Kovac"


def test_a_title_abbreviation_does_not_split_the_sentence():
    body = "Gov. Ana Ruiz said the state had spent $3 million on the repairs."
    (claim,) = find_claims(body)
    assert claim.quote == body
    assert (claim.claimant, claim.claimant_role) == ("Ana Ruiz", "Gov.")


def test_an_embedded_post_is_not_a_claim():
    body = (
        "The minister said 50 schools would close.\n\n"
        "Fifty schools, fifty communities. Shameful. pic.twitter.com/abc123 "
        "— Lena Holt (@lenaholt) March 3, 2024"
    )
    claims = find_claims(body)
    assert [c.quote for c in claims] == ["The minister said 50 schools would close."]


def test_mixed_quote_marks_keep_one_quotation():
    body = (
        '\u201cThe river rose 3 metres overnight. Nobody expected it," said '
        "hydrologist Sam Reyes."
    )
    claim = claim_containing(find_claims(body), "river rose 3 metres")
    assert claim.claimant == "Sam Reyes"


def test_a_quoted_question_closing_a_statement_keeps_the_statement():
    body = (
        "Pointing out that the reservoir had lost a third of its volume since "
        "2019, engineer Tomas Brandt asked, \u201cHow long can the valley wait?\u201d"
    )
    claim = claim_containing(find_claims(body), "lost a third of its volume")
    assert claim.claimant == "Tomas Brandt"


def test_a_plain_question_is_not_a_claim():
    body = "Would the council really spend $4 million on a bridge nobody uses?"
    assert find_claims(body) == []


def test_a_semicolon_does_not_end_the_sentence():
    body = (
        "\u201cThe pumps failed twice; nobody logged it,\u201d technician Ivo "
        "Marek told the inquiry on Monday."
    )
    (claim,) = find_claims(body)
    assert claim.quote == body
    assert claim.claimant == "Ivo Marek"
