"""A row's markup is drawn from the columns its template shows: the same markup
as from the whole row, in one query for the page's corrections and three for its
fact checks, whichever parts of the template the rows show."""

import pytest
from django.template.loader import render_to_string

from coverage.public.fragments import (
    claim_fragments,
    correction_fragments,
    shown_claims,
    shown_corrections,
)
from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.django_db


def whole_rows_markup(shown, template: str, **drawing) -> dict[int, str]:
    name = shown.model._meta.model_name
    return {row.pk: render_to_string(template, {name: row, **drawing}) for row in shown}


def versions(rows) -> list[tuple[int, int]]:
    return [(row.pk, row.version) for row in rows]


@pytest.fixture
def corrections():
    """Corrections showing each part of their markup: a late note, no story, no
    link, one superseded by another, one superseded only by a draft."""
    story = factories.StoryFactory()
    superseded = factories.PublishedCorrectionFactory(
        article__story=story, published_at=days_ago(3)
    )
    amending = factories.PublishedCorrectionFactory(
        article__story=story,
        supersedes=superseded,
        late_note="The reader's letter reached the desk a month later.",
        published_at=days_ago(2),
    )
    plain = factories.PublishedCorrectionFactory(
        article__story=None, article__url=None, what_is_right=""
    )
    factories.CorrectionFactory(article=plain.article, supersedes=plain)  # a draft
    return [superseded, amending, plain]


def test_corrections_are_drawn_from_their_shown_columns_in_one_query(
    corrections, django_assert_num_queries
):
    whole = whole_rows_markup(
        shown_corrections(), "coverage/_correction.html", level=2, permalink=True
    )
    # The corrections' stamps, the corrections.
    with django_assert_num_queries(2):
        drawn = correction_fragments(versions(corrections))

    assert drawn == whole
    superseded, amending, plain = (drawn[c.pk] for c in corrections)
    assert "Superseded by" in superseded
    assert "Supersedes" in amending
    assert "Why it came late" in amending
    assert "Superseded by" not in plain
    assert "What is right" not in plain


@pytest.fixture
def claims():
    """Fact checks showing each part of their markup: a proposition, a claimant
    with and without a description, the outlet's own voice, an appearance's
    role and affiliation, evidence with and without a source."""
    worded = factories.PublishedClaimFactory(proposition="The bridge cost £40m")
    factories.ClaimAppearanceFactory(claim=worded)
    factories.EvidenceFactory(claim=worded, source=factories.SourceFactory())
    quoted = factories.PublishedClaimFactory(
        claimant=factories.SourceFactory(description="")
    )
    factories.ClaimAppearanceFactory(
        claim=quoted,
        claimant_role="harbour master",
        claimant_affiliation="Port Authority",
        article__published_at=None,
    )
    factories.EvidenceFactory(claim=quoted, url="")
    unattributed = factories.PublishedClaimFactory(claimant=None)
    return [worded, quoted, unattributed]


def test_fact_checks_are_drawn_from_their_shown_columns_in_three_queries(
    claims, django_assert_num_queries
):
    whole = whole_rows_markup(
        shown_claims(), "coverage/_claim.html", show_permalink=True
    )
    # The fact checks' stamps; the fact checks, their appearances, their evidence.
    with django_assert_num_queries(4):
        drawn = claim_fragments(versions(claims))

    assert drawn == whole
    worded, quoted, unattributed = (drawn[c.pk] for c in claims)
    assert "The bridge cost £40m" in worded
    assert "researcher" in worded
    assert ", harbour master, Port Authority" in quoted
    assert "In the outlet’s own voice" in unattributed
