"""Which candidates a story keeps: what a desk checks first, and what it skips
(headings, promotion, the same proposition said twice, a frame cut off its
quotation). Every sentence here is written for these tests."""

from coverage.importers import worthiness
from coverage.importers.claims import STORE_THRESHOLD, find_claims, worth_storing


def only(body):
    (claim,) = find_claims(body)
    return claim


def test_a_sentence_the_story_restates_with_a_few_words_more_is_stored_once():
    body = (
        "The new bridge will be the longest in the region, officials said.\n\n"
        "Officials said on Monday the new bridge will be the longest in the "
        "region by far, at 3,400 metres."
    )
    (kept,) = worth_storing(find_claims(body), body)
    assert "3,400 metres" in kept.quote


def test_a_restatement_with_another_figure_is_another_claim():
    body = (
        "The storm destroyed 340 homes in the county, officials said.\n\n"
        "Officials said later the storm destroyed 430 homes in the county."
    )
    kept = worth_storing(find_claims(body), body)
    assert ["340" in c.quote for c in kept] == [True, False]
    assert "430" in kept[1].quote


def test_a_frame_cut_off_its_quoted_question_stays_with_the_quotation():
    body = (
        "Reid wrote to the council in March.\n\n"
        '"Why should 4,000 residents pay for a bridge they never use? " she '
        "wrote in her letter."
    )
    claims = find_claims(body)
    assert not any(c.quote.startswith('" ') for c in claims)
    (letter,) = [c for c in claims if "letter" in c.quote]
    assert letter.quote.startswith('"Why should 4,000')


def test_a_heading_is_not_stored_but_the_sentence_under_it_is():
    body = (
        "Harbour board approves 40% fee rise for moorings\n\n"
        "The harbour board approved a 40% rise in mooring fees on Monday, "
        "its chair Ana Ruiz said."
    )
    heading, sentence = find_claims(body)
    assert "no-checkable-content" in heading.worthiness_reasons
    assert worth_storing([heading, sentence], body) == [sentence]


def test_promotion_in_the_body_has_nothing_to_check():
    claim = only("Sign up for our newsletter to get the 10 biggest stories daily.")
    assert "no-checkable-content" in claim.worthiness_reasons
    assert claim.worthiness < STORE_THRESHOLD


def test_a_legal_or_official_action_is_checkable_and_ranks_above_colour():
    charged = only(
        "The former treasurer pleaded not guilty at the county court on Tuesday."
    )
    colour = only(
        "The former treasurer smiled at reporters at the county court on Tuesday."
    )
    ruled = only("A judge ruled the 2019 contract void, the city's lawyers said.")
    assert "official-action" in charged.worthiness_reasons
    assert "official-action" in ruled.worthiness_reasons
    assert "official-action" not in colour.worthiness_reasons
    assert charged.worthiness > colour.worthiness


def test_research_that_speaks_ranks_above_what_unnamed_residents_say():
    research = only("Research at the lake shows the algae returns every August.")
    residents = only("Residents at the lake say the algae returns every August.")
    assert research.worthiness > residents.worthiness


def test_a_named_speaker_s_quotation_ranks_above_an_unnamed_one_s():
    named = only('"The plant will close in June and move north," said Ana Ruiz.')
    unnamed = only('"The plant will close in June and move north," a worker said.')
    assert named.claimant == "Ana Ruiz"
    assert unnamed.claimant is None
    assert named.worthiness > unnamed.worthiness


def test_what_a_named_speaker_claims_ranks_above_the_story_s_own_background():
    """The story's own voice is mostly what the reporter already checked; a desk
    checks what someone claims first, a figure against a figure."""
    background = only(
        "The reservoir above Marlow holds more water than any other lake in "
        "Kent, at 40 million cubic metres."
    )
    claimed = only(
        '"The reservoir loses 40 million cubic metres of water every summer," '
        "said Tom Hale."
    )
    assert background.claimant is None
    assert claimed.claimant == "Tom Hale"
    assert claimed.worthiness > background.worthiness


def test_a_figure_a_source_gives_ranks_above_what_they_say_with_nothing_to_count():
    figure = only(
        '"The dam lets 40 tonnes of silt into the river every spring," said Tom Hale.'
    )
    nothing_to_count = only(
        "Tom Hale said the cracked dam at Marlow was the reason the river had "
        "turned brown and the fish had left."
    )
    assert "figure" in figure.worthiness_reasons
    assert figure.worthiness > nothing_to_count.worthiness


def test_what_a_speaker_means_to_do_ranks_below_what_they_did():
    chief = "said Ana Ruiz, the bank's chief executive."
    aim = only(f'"We aim to open more branches across the region soon," {chief}')
    goal = only(
        f'"Our goal is to be the bank every family in the valley trusts," {chief}'
    )
    did = only(f'"We opened more branches across the region than any rival," {chief}')
    assert "opinion-like" in aim.worthiness_reasons
    assert "opinion-like" in goal.worthiness_reasons
    assert did.worthiness > aim.worthiness
    assert did.worthiness > goal.worthiness


def test_a_feeling_reported_ranks_below_what_was_done():
    feeling = only(
        "Mayor Tom Reid said he was extremely proud of the volunteers who cleared "
        "the river bank."
    )
    done = only(
        "Mayor Tom Reid said the volunteers had cleared the river bank in under a week."
    )
    assert "opinion-like" in feeling.worthiness_reasons
    assert done.worthiness > feeling.worthiness


def test_a_quotation_that_asks_ranks_below_one_that_states():
    chair = "said Ana Ruiz, who chairs the transport committee."
    asks = only(f'"And who pays for the bridge when the tolls end?" {chair}')
    states = only(f'"And the city pays for the bridge when the tolls end," {chair}')
    assert states.worthiness > asks.worthiness


def test_a_sentence_that_only_announces_reasons_ranks_below_one_that_gives_one():
    announces = only(
        "Analyst Sam Reyes says there are a couple of reasons investors need not "
        "worry about the merger."
    )
    gives = only(
        "Analyst Sam Reyes says investors need not worry about the merger, as "
        "its debt is small."
    )
    assert gives.worthiness > announces.worthiness


def test_what_is_on_the_calendar_ranks_below_what_is_forecast():
    calendar = only(
        "The inquiry will report on its findings about the dam next Tuesday, its "
        "chair said."
    )
    forecast = only(
        "The inquiry will report on its findings about the dam, its chair said."
    )
    held = only("The ceremony for the new mayor is due to be held on Friday.")
    assert forecast.worthiness > calendar.worthiness
    assert "causal" not in held.worthiness_reasons  # "due to be held" is a date
    assert held.worthiness < STORE_THRESHOLD
    late = only(
        "The delay was due to a signal failure at the junction, the operator said."
    )
    assert "causal" in late.worthiness_reasons  # "was due to" a cause is one


def test_a_paragraph_of_number_words_is_scored_in_one_pass():
    """Whether a capitalised number word opens a sentence is looked for a few
    characters back, not over the whole text before it: a 100 KB paragraph of
    them (or a stop, then 100,000 spaces) took half a minute each, and an
    import's worker with it."""
    # Capitalised inside a sentence: names, so no figure; after a stop and
    # nothing but spaces as far as looked: a sentence's first word, a figure.
    hostile = {
        "He said " + "Two " * 25_000 + "people left.": False,
        ". " + " " * 100_000 + "Two x": True,
    }
    for text, counted in hostile.items():
        _, reasons = worthiness.score(
            text, attributed=False, named=False, reported=False, quoted=False
        )
        assert ("figure" in reasons) is counted
    after_stop = "The count ended. Two hundred ballots were lost, the clerk said."
    in_a_name = "Shares in Take-Two fell, the company said."
    assert "figure" in only(after_stop).worthiness_reasons
    assert "figure" not in only(in_a_name).worthiness_reasons


def test_a_market_move_after_a_company_act_is_a_candidate_with_its_cause():
    claim = only(
        "Shares in the brewer fell sharply in early trading after it cut its "
        "full-year outlook."
    )
    assert "official-action" in claim.reasons
    assert {"causal", "official-action"} <= set(claim.worthiness_reasons)


def test_beating_forecasts_is_a_comparison_and_sending_prices_lower_a_cause():
    claim = only(
        "Copper output in Chile beat forecasts and sent prices lower across the market."
    )
    assert {"causal", "comparison"} <= set(claim.worthiness_reasons)


def test_a_diagnosis_is_on_the_record():
    claim = only("The senator had been diagnosed with a heart condition in secret.")
    assert "official-action" in claim.worthiness_reasons


def test_praise_in_a_quotation_is_opinion_and_a_measurement_is_not():
    praise = only('"His stamina is extraordinary for his age," the doctor wrote.')
    measured = only(
        '"His pulse was 62 and his blood pressure normal," the doctor wrote.'
    )
    assert "opinion-like" in praise.worthiness_reasons
    assert "opinion-like" not in measured.worthiness_reasons
    assert measured.worthiness > praise.worthiness


def test_an_appeal_ranks_below_what_the_appeal_is_about():
    appeal = only("League chairman Tom Hale said he had urged both clubs to end it.")
    fact = only("League chairman Tom Hale said he had fined both clubs over it.")
    assert fact.worthiness > appeal.worthiness


def test_what_is_offered_as_obvious_ranks_below_the_same_said_plainly():
    obvious = only("Obviously, four months is a long time to wait for a new roof.")
    plain = only("Four months is a long time to wait for a new roof.")
    assert plain.worthiness > obvious.worthiness
