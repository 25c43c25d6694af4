"""The desk's side of issue 11: the queue ranked by check-worthiness, the claim
page's proposition, reasons and figures side by side, the desk's conflict flag,
and source merges from suggestions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage.importers.quantities import conflicts
from coverage.models import (
    CONFLICT_TOLERANCE,
    AuditAction,
    AuditEntry,
    Claim,
    ClaimQuantity,
    Source,
)
from tests.factories import (
    ClaimAppearanceFactory,
    ClaimFactory,
    ClaimQuantityFactory,
    SourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:coverage_claim_changelist")
SUGGESTIONS = reverse("admin:coverage_source_merge_suggestions")


def shown(response):
    return [claim.pk for claim in response.context["cl"].result_list]


def change_page(claim):
    return reverse("admin:coverage_claim_change", args=[claim.pk])


def merge_page(merge, keep):
    return reverse("admin:coverage_source_merge", args=[merge.pk, keep.pk])


def test_queue_puts_the_most_check_worthy_first(editor_client):
    low = ClaimFactory(worthiness=0.2)
    high = ClaimFactory(worthiness=0.9)
    middle, tie = ClaimFactory.create_batch(2, worthiness=0.5)
    # Equal scores: the one waiting longest first.
    assert shown(editor_client.get(QUEUE)) == [high.pk, middle.pk, tie.pk, low.pk]


@pytest.mark.parametrize(
    ("band", "expected"), [("high", [0.9, 0.7]), ("medium", [0.5, 0.4]), ("low", [0.1])]
)
def test_queue_filters_by_worthiness_band(editor_client, band, expected):
    for score in (0.1, 0.4, 0.5, 0.7, 0.9):
        ClaimFactory(worthiness=score)
    response = editor_client.get(QUEUE, {"worthiness": band})
    scores = [claim.worthiness for claim in response.context["cl"].result_list]
    assert scores == expected


def test_an_unknown_band_is_flagged_not_an_error(editor_client):
    response = editor_client.get(QUEUE, {"worthiness": "enormous"})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_queue_query_count_does_not_grow_with_scored_rows(editor_client):
    ClaimAppearanceFactory(claim__worthiness=0.8)
    with CaptureQueriesContext(connection) as one_row:
        editor_client.get(QUEUE)
    for _ in range(9):
        ClaimAppearanceFactory(claim__worthiness=0.3)
    with CaptureQueriesContext(connection) as ten_rows:
        assert len(shown(editor_client.get(QUEUE))) == 10
    assert len(ten_rows) == len(one_row)


def test_claim_page_shows_score_reasons_figures_and_conflicts_side_by_side(
    editor_client,
):
    story = StoryFactory()
    claim = ClaimFactory(
        story=story, worthiness=0.85, worthiness_reasons=["figure", "attributed"]
    )
    ClaimQuantityFactory(claim=claim, value=200, qualifier="more_than")
    other = ClaimFactory(story=story, text="About 700 walruses died that week.")
    ClaimQuantityFactory(claim=other, value=700, qualifier="about")
    ClaimQuantityFactory(claim=ClaimFactory(story=story), value=205)  # within 5%

    page = editor_client.get(change_page(claim)).content.decode()

    assert "0.85 (reasons: figure, attributed)" in page
    conflicts = page.split("Conflicting figures in the story")[1]
    row = conflicts.split("<tbody>")[1].split("</tbody>")[0]
    assert row.count("<tr>") == 1
    assert row.index("more than 200 (walrus)") < row.index("about 700 (walrus)")
    assert change_page(other) in row


def test_an_editor_rewrites_the_proposition_from_the_claim_form(editor_client):
    claim = ClaimFactory(proposition="Too long and full of who said what")
    response = editor_client.post(
        change_page(claim),
        {
            "proposition": "Walruses now gather on land",
            "story": claim.story_id,
            "claimant": claim.claimant_id,
            "internal_notes": "",
            "seen_version": claim.version,
            **empty_inlines(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.proposition == "Walruses now gather on land"
    entry = AuditEntry.objects.get(action=AuditAction.CLAIM_REWRITE_PROPOSITION)
    assert entry.changes["proposition"][1] == "Walruses now gather on land"


def test_a_reporter_sees_the_proposition_read_only(reporter_client):
    claim = ClaimFactory(proposition="As the importer wrote it")
    page = reporter_client.get(change_page(claim)).content.decode()
    assert 'name="proposition"' not in page
    assert "As the importer wrote it" in page


def empty_inlines():
    return {
        f"{prefix}-{field}": "0"
        for prefix in ("evidence", "appearances", "links_out")
        for field in ("TOTAL_FORMS", "INITIAL_FORMS")
    }


def test_desk_flags_stories_with_conflicting_figures_and_lists_the_check_worthy(
    editor_client,
):
    story = StoryFactory(title="Walrus deaths")
    ClaimQuantityFactory(claim__story=story, value=200)
    ClaimQuantityFactory(claim__story=story, value=700)
    calm = StoryFactory(title="Agreed figures")
    ClaimQuantityFactory(claim__story=calm, value=700)
    ClaimQuantityFactory(claim__story=calm, value=710)
    ClaimFactory(text="The most check-worthy of all.", worthiness=0.99)

    page = editor_client.get(reverse("admin:coverage_claim_desk")).content.decode()

    flagged = page.split('id="desk-conflicting-figures"')[1].split("</div>")[0]
    assert "Walrus deaths" in flagged
    assert "Agreed figures" not in flagged
    ranked = page.split('id="desk-most-check-worthy"')[1].split("</div>")[0]
    assert ranked.index("The most check-worthy of all.") < ranked.index("0.00")


def near_duplicates():
    keep = SourceFactory(name="Helen Marsh")
    ClaimFactory.create_batch(2, claimant=keep)
    merge = SourceFactory(name="H. Marsh")
    ClaimFactory(claimant=merge)
    SourceFactory(name="Peter Marsh")
    return keep, merge


def test_suggestions_page_lists_near_duplicates_with_the_one_to_keep(editor_client):
    keep, merge = near_duplicates()
    page = editor_client.get(SUGGESTIONS).content.decode()
    rows = page.split('id="merge-suggestions"')[1].split("</table>")[0]
    assert rows.count("Review and merge") == 1
    assert merge_page(merge, keep) in rows
    assert "Peter Marsh" not in rows
    assert "is an initial" in rows


def test_an_editor_merges_from_the_confirmation_page(editor_client, editor):
    keep, merge = near_duplicates()
    assert editor_client.get(merge_page(merge, keep)).status_code == 200

    response = editor_client.post(merge_page(merge, keep), {"note": "Same person."})

    assert response["Location"] == reverse(
        "admin:coverage_source_change", args=[keep.pk]
    )
    assert not Source.objects.filter(pk=merge.pk).exists()
    assert Claim.objects.filter(claimant=keep).count() == 3
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.note) == (
        AuditAction.SOURCE_MERGE,
        editor,
        "Same person.",
    )


def test_a_reporter_may_see_suggestions_but_not_merge(reporter_client):
    keep, merge = near_duplicates()
    page = reporter_client.get(SUGGESTIONS).content.decode()
    assert "Only editors and standards editors may merge" in page
    assert "Review and merge" not in page
    assert reporter_client.get(merge_page(merge, keep)).status_code == 403
    assert reporter_client.post(merge_page(merge, keep)).status_code == 403
    assert Source.objects.filter(pk=merge.pk).exists()
    assert not AuditEntry.objects.exists()


def test_the_merge_action_takes_exactly_two_sources(editor_client):
    keep, merge = near_duplicates()
    changelist = reverse("admin:coverage_source_changelist")
    response = editor_client.post(
        changelist,
        {"action": "merge_selected", "_selected_action": [keep.pk, merge.pk]},
    )
    assert response["Location"] == merge_page(merge, keep)
    response = editor_client.post(
        changelist,
        {"action": "merge_selected", "_selected_action": [keep.pk]},
        follow=True,
    )
    assert "Select exactly two sources to merge." in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_the_merge_action_is_not_offered_to_reporters(reporter_client):
    response = reporter_client.get(reverse("admin:coverage_source_changelist"))
    assert "merge_selected" not in response.content.decode()


def test_merging_a_pair_already_merged_is_reported_not_an_error(editor_client):
    keep, merge = near_duplicates()
    editor_client.post(merge_page(merge, keep))
    response = editor_client.post(merge_page(merge, keep))
    assert response.status_code == 404
    assert AuditEntry.objects.count() == 1


def test_the_database_and_the_pure_rule_agree_on_which_figures_conflict():
    story = StoryFactory()
    values = [200, 204, 700, 1000, 1049, 1051]
    for value in values:
        ClaimQuantityFactory(claim__story=story, value=value)
    ClaimQuantityFactory(claim__story=StoryFactory(), value=5)  # another story
    ClaimQuantityFactory(claim__story=story, value=9, measure="")  # not comparable

    rows = list(ClaimQuantity.objects.all())
    pure = conflicts([(q.claim_id, q) for q in rows], tolerance=CONFLICT_TOLERANCE)
    in_pure = {q.pk for pair in pure for _owner, q in pair if q.claim.story == story}
    in_sql = set(ClaimQuantity.objects.conflicting().values_list("pk", flat=True))
    assert in_sql == in_pure
    assert {q.value for q in ClaimQuantity.objects.filter(pk__in=in_sql)} == set(values)
