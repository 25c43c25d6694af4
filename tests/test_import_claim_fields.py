"""What the store keeps of each candidate: proposition, check-worthiness, the
claimant's role and affiliation, figures; and what it leaves out (below the
threshold). Candidates are built here, so the store is tested apart from how
well the detector finds them."""

import pytest

from coverage.importers import import_file
from coverage.importers.claims import STORE_THRESHOLD, CandidateClaim
from coverage.importers.parsed import ImportFailed, ParsedArticle
from coverage.importers.store import save_article
from coverage.models import (
    Claim,
    ClaimAppearance,
    ClaimQuantity,
    Source,
)
from tests.factories import SourceAliasFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "CEO Andy Vesey said more than 700 homes lost power for 35 years. "
    "He said: no comment at all on that. "
    "The WHO said hundreds of thousands of people were affected."
)
FIRST = BODY.index("CEO")
SECOND = BODY.index("He said")
THIRD = BODY.index("The WHO")


def parsed(body=BODY, **fields):
    defaults = {"headline": "Power cut", "raw_text": body, "source_format": "text"}
    return ParsedArticle(body=body, source_name="a.txt", **{**defaults, **fields})


def candidate(start, end, **fields):
    return CandidateClaim(
        quote=BODY[start:end], start=start, end=end, reasons=("quantity",), **fields
    )


def detector(body):
    return [
        candidate(
            FIRST,
            SECOND - 1,
            claimant="Andy Vesey",
            claimant_kind="person",
            claimant_role="CEO",
            claimant_affiliation="Hoosier Power",
            proposition="More than 700 homes lost power for 35 years",
            worthiness=0.85,
            worthiness_reasons=("figure", "attributed"),
        ),
        candidate(
            SECOND,
            THIRD - 1,
            claimant="Andy Vesey",
            claimant_kind="person",
            proposition="No comment",
            worthiness=STORE_THRESHOLD / 2,
            worthiness_reasons=("no-checkable-content",),
        ),
        candidate(
            THIRD,
            len(BODY),
            claimant="World Health Organization",
            claimant_kind="organisation",
            proposition="Hundreds of thousands of people were affected",
            worthiness=STORE_THRESHOLD,
            worthiness_reasons=("figure",),
        ),
    ]


def test_the_claim_keeps_proposition_score_and_reasons(reporter):
    result = save_article(parsed(), actor=reporter, detector=detector)

    assert (result.claims_found, result.claims_below_threshold) == (2, 1)
    claim = Claim.objects.get(text__startswith="CEO")
    assert claim.text == BODY[FIRST : SECOND - 1]
    assert claim.proposition == "More than 700 homes lost power for 35 years"
    assert claim.headline == claim.proposition
    assert (claim.worthiness, claim.worthiness_reasons) == (
        0.85,
        ["figure", "attributed"],
    )
    assert not Claim.objects.filter(text__startswith="He said").exists()


def test_role_and_affiliation_are_kept_on_the_appearance_and_the_source_is_bare(
    reporter,
):
    save_article(parsed(), actor=reporter, detector=detector)

    appearance = ClaimAppearance.objects.get(claim__text__startswith="CEO")
    assert (appearance.claimant_role, appearance.claimant_affiliation) == (
        "CEO",
        "Hoosier Power",
    )
    vesey = appearance.claim.claimant
    assert (vesey.name, vesey.normalised_name) == ("Andy Vesey", "andy vesey")


def test_one_person_is_one_source_across_articles_whatever_their_role(reporter):
    existing = SourceFactory(name="Andy Vesey", description="")
    save_article(parsed(), actor=reporter, detector=detector)
    assert Claim.objects.get(text__startswith="CEO").claimant == existing
    assert Source.objects.filter(normalised_name="andy vesey").count() == 1


def test_a_name_merged_away_files_under_the_source_it_was_merged_into(reporter):
    who = SourceFactory(name="World Health Organization", kind="organisation")
    andrew = SourceFactory(name="Andrew Vesey")
    SourceAliasFactory(source=andrew, name="Andy Vesey")
    save_article(parsed(), actor=reporter, detector=detector)

    # The detector resolved "WHO" to the name in full: the existing source.
    assert Claim.objects.get(text__startswith="The WHO").claimant == who
    assert Claim.objects.get(text__startswith="CEO").claimant == andrew
    assert not Source.objects.filter(name="Andy Vesey").exists()


def test_figures_of_each_stored_claim_are_stored_normalised(reporter):
    save_article(parsed(), actor=reporter, detector=detector)

    claim = Claim.objects.get(text__startswith="CEO")
    figures = {q.surface: q for q in claim.quantities.all()}
    assert set(figures) == {"700", "35 years"}
    homes = figures["700"]
    assert (homes.value, homes.qualifier, homes.noun, homes.measure) == (
        700,
        "more_than",
        "home",
        "count::home",
    )
    assert claim.text[homes.start : homes.end] == "700"
    vague = ClaimQuantity.objects.get(claim__text__startswith="The WHO")
    assert (vague.value, vague.low, vague.high) == (None, 200_000, 999_999)


def test_reimporting_the_same_article_writes_nothing_new(reporter):
    save_article(parsed(), actor=reporter, detector=detector)
    before = [
        m.objects.count() for m in (Claim, ClaimAppearance, ClaimQuantity, Source)
    ]
    save_article(parsed(), actor=reporter, detector=detector)
    after = [m.objects.count() for m in (Claim, ClaimAppearance, ClaimQuantity, Source)]
    assert after == before


def test_the_import_report_counts_candidates_below_the_threshold(reporter, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"Title: Power cut\n\n{BODY}\n")

    def shifted(body):
        offset = body.index("CEO")
        return [
            CandidateClaim(
                quote=body[offset + c.start - FIRST : offset + c.end - FIRST],
                start=offset + c.start - FIRST,
                end=offset + c.end - FIRST,
                reasons=c.reasons,
                worthiness=c.worthiness,
            )
            for c in detector(BODY)
        ]

    report = import_file(path, actor=reporter, detector=shifted)
    assert (report.claims_found, report.claims_below_threshold) == (2, 1)
    assert report.summary().endswith(
        "claims found 2 (1 more below the check-worthiness threshold, not stored)"
    )


@pytest.mark.parametrize("score", [-0.1, 1.5, float("nan")])
def test_a_score_outside_zero_to_one_is_refused_by_name(reporter, score):
    def bad(body):
        return [candidate(FIRST, SECOND - 1, worthiness=score)]

    with pytest.raises(ImportFailed, match=r"a.txt: claims: worthiness .* not between"):
        save_article(parsed(), actor=reporter, detector=bad)
    assert Claim.objects.count() == 0
