import pytest

from coverage.importers.claims import find_claims


@pytest.fixture
def seed_claims(seed_article):
    """Seed article N's body and the claims found in it."""

    def found(number: str):
        body = seed_article(number).body
        return body, find_claims(body)

    return found


def claim_containing(claims, text):
    matches = [c for c in claims if text in c.quote]
    assert matches, f"no claim contains {text!r}"
    return matches[0]


@pytest.mark.parametrize("number", ["000", "001", "002"])
def test_every_quote_is_the_body_at_its_offsets(number, seed_claims):
    body, claims = seed_claims(number)
    assert claims
    for claim in claims:
        assert body[claim.start : claim.end] == claim.quote


@pytest.mark.parametrize(
    ("number", "text", "reason"),
    [
        ("000", "more than 700 casualties", "quantity"),
        ("001", "80-metre cliff", "quantity"),
        ("002", "hundreds of thousands of walruses", "quantity"),
        ("002", "1-2 tonnes", "quantity"),
        ("000", "a documented fact", "attribution"),
        ("000", "hungry polar bears", "attribution"),
        ("000", "due to an icy habitat", "causal"),
    ],
)
def test_contested_seed_claims_are_found(number, text, reason, seed_claims):
    _, claims = seed_claims(number)
    assert reason in claim_containing(claims, text).reasons


def test_uncited_quantity_is_the_outlets_own_voice(seed_claims):
    _, claims = seed_claims("000")
    assert claim_containing(claims, "more than 700 casualties").claimant is None


def test_according_to_names_the_zoologist_with_her_title(seed_claims):
    _, claims = seed_claims("000")
    claim = claim_containing(claims, "hungry polar bears")
    assert claim.claimant == "Dr. Susan Crockford"
    assert claim.claimant_kind == "person"
    assert claim.claimant_description == "University of Victoria zoologist"


def test_surname_alone_resolves_to_the_full_name_given_earlier(seed_claims):
    _, claims = seed_claims("000")
    told = claim_containing(claims, "Crockford told the Telegraph")
    assert told.claimant == "Dr. Susan Crockford"


def test_sentence_inside_an_open_quote_belongs_to_its_speaker(seed_claims):
    _, claims = seed_claims("000")
    inside = claim_containing(claims, "almost certainly driven over the cliff")
    assert inside.claimant == "Dr. Susan Crockford"


def test_netflix_is_an_organisation_claimant(seed_claims):
    _, claims = seed_claims("000")
    fact = claim_containing(claims, "a documented fact")
    assert (fact.claimant, fact.claimant_kind) == ("Netflix", "organisation")
    biologist = claim_containing(claims, "seasoned Russian biologist")
    assert biologist.claimant == "Netflix"


def test_director_quote_continues_across_paragraphs(seed_claims):
    _, claims = seed_claims("001")
    told = claim_containing(claims, "has told the New York Times")
    assert (told.claimant, told.claimant_kind) == ("Sophie Lanfear", "person")
    assert told.claimant_description == "produced and directed the episode"
    later = claim_containing(claims, "I really wasn't prepared for the scale of death")
    assert later.claimant == "Sophie Lanfear"
    last = claim_containing(claims, "Their depth perception hasn't evolved")
    assert last.claimant == "Sophie Lanfear"


def test_anonymous_social_media_quote_has_no_claimant(seed_claims):
    _, claims = seed_claims("001")
    assert claim_containing(claims, "One person wrote").claimant is None


@pytest.mark.parametrize(
    ("body", "claimant", "kind"),
    [
        (
            '"We counted 4,000 animals on the beach," said Prof. Ana Ruiz, who led it.',
            "Prof. Ana Ruiz",
            "person",
        ),
        (
            "The Telegraph reported that 12 walruses died on the cliff.",
            "The Telegraph",
            "publication",
        ),
        (
            "According to the Environment Agency, the river rose 2 metres overnight.",
            "Environment Agency",
            "organisation",
        ),
    ],
)
def test_claimants_in_common_attribution_patterns(body, claimant, kind):
    claims = find_claims(body)
    assert claims
    assert (claims[-1].claimant, claims[-1].claimant_kind) == (claimant, kind)


def test_pronoun_resolves_to_the_last_person_cited():
    body = (
        "Jane Okafor, a council engineer, said the barrier was 3 metres tall. "
        "She told reporters it had cost £2 million to build."
    )
    claims = find_claims(body)
    assert [c.claimant for c in claims] == ["Jane Okafor", "Jane Okafor"]


def test_questions_and_plain_description_are_not_claims():
    body = "Is it 80 metres high? The sea was calm and the sky was grey that morning."
    assert find_claims(body) == []


def test_empty_body_has_no_claims():
    assert find_claims("") == []


def test_a_second_quote_in_the_paragraph_continues_the_speaker():
    body = (
        "Joan Okafor, who runs the ferry, says the river is lower than ever.\n\n"
        '"The channel has never been this shallow," Okafor told the Courier. '
        '"Boats cannot reach the quay for most of the summer."'
    )
    claims = find_claims(body)
    second = claim_containing(claims, "Boats cannot reach the quay")
    assert (second.claimant, second.claimant_kind) == ("Joan Okafor", "person")


def test_a_later_quote_with_its_own_speaker_is_theirs():
    body = (
        '"The channel has never been this shallow," Joan Okafor said. '
        '"It is deep enough for every boat we run," Tomas Brandt told reporters.'
    )
    claims = find_claims(body)
    assert claim_containing(claims, "deep enough").claimant == "Tomas Brandt"


def test_a_scare_quote_in_the_outlets_voice_is_not_the_speakers():
    body = (
        '"The channel has never been this shallow," Joan Okafor said. '
        'The council called the plan "a sensible first step" in 2019.'
    )
    claims = find_claims(body)
    assert claim_containing(claims, "sensible first step").claimant is None


@pytest.mark.parametrize(
    ("body", "claimant", "description"),
    [
        (
            "The council's chief engineer, Tomas Brandt, said the wall was 4 metres "
            "high.",
            "Tomas Brandt",
            "council's chief engineer",
        ),
        (
            "A spokeswoman for the trust, Mara Quinn, told reporters that 300 trees "
            "had been lost.",
            "Mara Quinn",
            "spokeswoman for the trust",
        ),
        (
            "Its head of research, Dr. Ines Haddad, has said the count doubled.",
            "Dr. Ines Haddad",
            "head of research",
        ),
    ],
)
def test_a_name_set_off_after_a_role_is_the_speaker(body, claimant, description):
    (claim,) = find_claims(body)
    assert (claim.claimant, claim.claimant_kind) == (claimant, "person")
    assert claim.claimant_description == description


def test_a_time_phrase_before_the_name_is_not_a_role():
    (claim,) = find_claims("The next day, Marsh said 40 homes had flooded.")
    assert (claim.claimant, claim.claimant_description) == ("Marsh", "")


def test_the_company_said_refers_back_to_the_organisation_cited_last():
    body = (
        "Streamline said in a statement that the crew filmed 40 walruses that day. "
        "The company said the crew spent 3 weeks on the coast."
    )
    claims = find_claims(body)
    assert [(c.claimant, c.claimant_kind) for c in claims] == [
        ("Streamline", "organisation"),
        ("Streamline", "organisation"),
    ]


def test_the_company_said_with_no_organisation_before_has_no_claimant():
    claims = find_claims("The company said the crew spent 3 weeks on the coast.")
    assert [c.claimant for c in claims] == [None]
