"""Who says it, in more patterns of news English: short paragraphs written for
these tests (invented people and bodies), each with the claimant an editor would
mark."""

import pytest

from coverage.importers.claims import find_claims


def claim_containing(body, text):
    matches = [c for c in find_claims(body) if text in c.quote]
    assert matches, f"no claim contains {text!r}"
    return matches[0]


@pytest.mark.parametrize(
    ("body", "text", "claimant", "kind"),
    [
        # A speech verb joined by "and" to an earlier verb: that clause's subject.
        (
            "In her first interview since the flood, Mara Linden briefly described "
            "the rescue and noted that 40 homes had been lost.",
            "40 homes",
            "Mara Linden",
            "person",
        ),
        (
            "The Coastal Rail Authority closed the line in May and said 12 "
            "bridges needed repairs.",
            "12 bridges",
            "Coastal Rail Authority",
            "organisation",
        ),
        # A party in parentheses and a time phrase between subject and verb.
        (
            "Rep. Dana Whitfield (D-Ore.) shortly after the vote linked the "
            "closure to a 2019 budget cut.",
            "2019 budget cut",
            "Dana Whitfield",
            "person",
        ),
        # A document speaks for whoever wrote it.
        (
            "The Ledger's report today claims that the mill will shed 300 jobs.",
            "300 jobs",
            "Ledger",
            "organisation",
        ),
        (
            "A Reuters report said the plant had lost $3 million in 2023.",
            "$3 million",
            "Reuters",
            "publication",
        ),
        (
            "Dana Whitfield led the inquiry into the depot. Whitfield's report "
            "found that 40 inspections were skipped.",
            "40 inspections",
            "Dana Whitfield",
            "person",
        ),
        # A sentence opening with a conjunction keeps its pronoun subject.
        (
            "Commissioner Helen Varga said 30 guards had quit. But she "
            "acknowledged that inspectors found two other lapses in 2019.",
            "two other lapses",
            "Helen Varga",
            "person",
        ),
        # A participle after a main clause: that clause's subject speaks.
        (
            "After the hearing, Mayor Tom Reid issued a statement about the "
            'audit, saying, "We will repay all $2 million by March."',
            "$2 million",
            "Tom Reid",
            "person",
        ),
        # A quoted title inside the noun phrase does not cut the subject off.
        (
            "Actor Dev Malhotra joined the cast in 2019. \u201cThe show sold 3 "
            "million tickets,\u201d the \u201cHarbour Lights\u201d actor previously "
            "said on a podcast.",
            "3 million tickets",
            "Dev Malhotra",
            "person",
        ),
        # What a body put out speaks for it; a passive participle is no frame.
        (
            "The Ministry of Ports, Rivers and Canals (MOPRC) unveiled a plan. "
            "Twelve targets outlined by MOPRC in the plan include cutting "
            "dredging costs by 40% by 2030.",
            "dredging costs",
            "Ministry of Ports, Rivers and Canals",
            "organisation",
        ),
        (
            "Measures announced by the Treasury on Friday will cost $4 billion.",
            "$4 billion",
            "Treasury",
            "organisation",
        ),
        # What a story calls a company it has named points back to it.
        (
            "Kestrel Mining said it would close two pits. The Australian miner "
            "also said output fell 4% in May.",
            "output fell 4%",
            "Kestrel Mining",
            "organisation",
        ),
        (
            "Harland Co. said it would cut 450 jobs. Leeds-based Harland said "
            "the plant would close in 2026.",
            "close in 2026",
            "Harland Co.",
            "organisation",
        ),
        # The unnamed voices of a named body give the body.
        (
            "Officials at the Harbor Board said the port handled 2 million "
            "containers in 2023.",
            "2 million containers",
            "Harbor Board",
            "organisation",
        ),
        # Two outlets reporting: the first is the claimant.
        (
            "The Ledger and Variety reported that the sequel will start filming "
            "in 2026.",
            "start filming",
            "Ledger",
            "organisation",
        ),
    ],
)
def test_claimant_in_more_news_patterns(body, text, claimant, kind):
    claim = claim_containing(body, text)
    assert (claim.claimant, claim.claimant_kind) == (claimant, kind)


def test_a_quotation_after_a_paragraph_naming_its_speaker_keeps_the_speaker():
    body = (
        "In a post on Sunday, Mara Linden described the flood and noted there "
        "was \u201cno shame\u201d in leaving.\n\n"
        '"We have rebuilt twice in ten years and the insurers left in 2021.\n\n'
        '"But the town will rebuild again by 2026."'
    )
    assert claim_containing(body, "insurers left").claimant == "Mara Linden"
    assert claim_containing(body, "by 2026").claimant == "Mara Linden"


def test_a_credential_given_once_goes_with_every_later_mention():
    body = (
        "Oil may fall further this week, said Omar Haddad, senior commodities "
        "analyst at Brightline Capital.\n\n"
        '"Stocks fell 4% because the Fed held rates," Haddad said.\n\n'
        "Lena Dunn, research director of games at market research firm Arden, "
        "sees the console as a niche.\n\n"
        '"Sales will be under 2 million this year," Dunn said.'
    )
    haddad = claim_containing(body, "Stocks fell 4%")
    dunn = claim_containing(body, "under 2 million")
    assert (haddad.claimant, haddad.claimant_role, haddad.claimant_affiliation) == (
        "Omar Haddad",
        "senior commodities analyst",
        "Brightline Capital",
    )
    assert (dunn.claimant, dunn.claimant_role, dunn.claimant_affiliation) == (
        "Lena Dunn",
        "research director",
        "Arden",
    )


def test_a_person_of_a_body_is_a_person_with_that_affiliation():
    body = (
        "According to a 2021 study by Marta Hale of the University of Arden, "
        "40% of towns lost their paper.\n\n"
        '"Towns lose half their reporters within months," Hale reported.\n\n'
        "The basin holds 2 billion barrels, said geologist Ana Ruiz of Arden's "
        "Institute of Mines.\n\n"
        "Bank of America said profits rose 5% in the quarter."
    )
    hale = claim_containing(body, "half their reporters")
    ruiz = claim_containing(body, "2 billion barrels")
    bank = claim_containing(body, "profits rose 5%")
    assert (hale.claimant, hale.claimant_kind, hale.claimant_affiliation) == (
        "Marta Hale",
        "person",
        "University of Arden",
    )
    assert (ruiz.claimant, ruiz.claimant_role, ruiz.claimant_affiliation) == (
        "Ana Ruiz",
        "geologist",
        "Arden's Institute of Mines",
    )
    assert (bank.claimant, bank.claimant_kind) == ("Bank of America", "organisation")


def test_a_surname_of_several_words_is_the_person_named_in_full():
    body = (
        "Actor James Van Der Beek said on Monday that his family had moved to "
        "Texas in 2020. Van Der Beek said the move took 3 months."
    )
    assert claim_containing(body, "3 months").claimant == "James Van Der Beek"


def test_a_company_abbreviated_co_is_an_organisation():
    claim = claim_containing(
        "Harland Co. said it would cut 450 jobs by 2026.", "450 jobs"
    )
    assert (claim.claimant, claim.claimant_kind) == ("Harland Co.", "organisation")


def test_a_contraction_opening_a_sentence_is_not_a_body():
    body = (
        "That\u2019s left the town with 3 shops. The company said it would "
        "reopen 2 of them."
    )
    assert claim_containing(body, "reopen 2").claimant is None


def test_adding_points_is_a_score_not_a_remark():
    body = (
        "Rudi Okafor added 25 points in his old arena, and Sam Lee had 15.\n\n"
        "\u201cThe plant will close in 2026,\u201d Mara Linden said. She added "
        "that 40 jobs would go."
    )
    assert claim_containing(body, "25 points").claimant is None
    assert claim_containing(body, "40 jobs").claimant == "Mara Linden"


def test_he_is_the_person_cited_last_when_no_first_name_says_otherwise():
    body = (
        "\u201cWe expect a ruling by May,\u201d said Jason Moor, who represents "
        "Noel. \u201cWe will appeal the $2 million fine,\u201d said Okoye Briggs, "
        "who represents Thomas. He said Thomas is a father of 3 children."
    )
    assert claim_containing(body, "father of 3").claimant == "Okoye Briggs"


def test_a_common_noun_opening_a_sentence_is_not_a_body():
    body = (
        "Prison union representatives have long warned that 300 posts were "
        "vacant in 2023."
    )
    assert claim_containing(body, "300 posts").claimant is None


def test_what_was_not_announced_and_what_a_person_has_shown_name_nobody():
    body = (
        "Mayor Tom Reid said the audit was late. The visit was not announced to "
        "reporters and cost $3,000.\n\n"
        "Reid has shown little patience with the 2024 audit.\n\n"
        "Data from the Arden Institute show that 40% of towns lost their paper."
    )
    assert claim_containing(body, "$3,000").claimant is None
    assert claim_containing(body, "little patience").claimant is None
    assert claim_containing(body, "40% of towns").claimant == "Arden Institute"


def test_he_is_not_the_owner_of_an_office_the_sentence_names_after_him():
    body = (
        "Idris Carlo was arrested in April for a March 21 phone call he "
        "reportedly made to Tavi Yusuf's office, in which he said he would "
        "burn 3 cars."
    )
    assert claim_containing(body, "burn 3 cars").claimant == "Idris Carlo"


def test_a_participle_with_no_comma_or_auxiliary_is_no_speech():
    body = (
        "Titan is the only moon other than Earth boasting 3 stable seas on its "
        "surface.\n\n"
        "Mara Linden is saying that 40 homes were lost."
    )
    assert claim_containing(body, "3 stable seas").claimant is None
    assert claim_containing(body, "40 homes").claimant == "Mara Linden"


def test_a_surname_is_not_the_pair_it_was_named_in():
    body = (
        "Observers expect Okafor and Lindqvist to sign the border accord in June.\n\n"
        '"Both governments have agreed to reopen 14 crossings," Okafor said.'
    )
    claim = claim_containing(body, "14 crossings")
    assert claim.claimant == "Okafor"
