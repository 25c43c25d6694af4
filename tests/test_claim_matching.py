"""The same claim in other words: suggestions (on SQLite and PostgreSQL), the
editors' decisions with their audit rows, a group's verdict given claim by claim,
the corrections it drafts, the claim page, and the measured precision and recall."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage import matching, workflow
from coverage.importers import store
from coverage.importers.parsed import ParsedArticle
from coverage.models import (
    AuditAction,
    AuditEntry,
    Claim,
    ClaimGroup,
    ClaimMatch,
    ClaimStatus,
    Correction,
    MatchStatus,
)
from coverage.workflow import InvalidTransition, StaleEdit, WorkflowPermissionDenied
from tests.admin_pages import propagation_data
from tests.factories import ClaimAppearanceFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

WALRUSES = "More than 700 walruses died on the beach at Point Lay last summer."
REWORDED = "Over 700 walruses were found dead on the beach at Point Lay last summer."
OTHER_FIGURE = "About 600 walruses died on the beach at Point Lay last summer."
UNRELATED = "The council will close the public library on Sundays from next month."


def rows(claim):
    return list(AuditEntry.objects.for_object(claim).values_list("action", flat=True))


def suggestion(claim_text=REWORDED, candidate_text=WALRUSES):
    candidate = ClaimFactory(text=candidate_text)
    claim = ClaimFactory(text=claim_text)
    (match,) = matching.suggest_matches(claim)
    assert match.candidate == candidate
    return ClaimMatch.objects.get(pk=match.pk)


# Scoring: pure.


def test_a_reworded_claim_scores_over_the_threshold_with_its_shared_words():
    found = matching.compare(REWORDED, WALRUSES)
    assert found.score >= matching.THRESHOLD
    assert {"walruses", "beach", "summer"} <= set(found.matched_words)
    assert found.differences == []


def test_other_figures_are_flagged_and_kept_under_the_threshold():
    found = matching.compare(OTHER_FIGURE, WALRUSES)
    assert found.differences == ["figures differ: 600 vs 700"]
    assert found.score < matching.THRESHOLD


def test_a_negation_is_flagged_and_kept_under_the_threshold():
    found = matching.compare(
        "The bridge is not safe for heavy lorries.",
        "The bridge is safe for heavy lorries.",
    )
    assert found.differences == ["one of them is negated"]
    assert found.score < matching.THRESHOLD


def test_the_python_trigrams_are_pg_trgms():
    # SELECT similarity('walruses died', 'walrus dies') is 0.625 in PostgreSQL:
    # 10 trigrams shared of 16.
    assert matching.trigram_similarity("walruses died", "walrus dies") == 0.625


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("a", "b"),
    [
        (WALRUSES, REWORDED),
        (WALRUSES, UNRELATED),
        ("Rents doubled since 2015!", "rents have DOUBLED since 2015"),
    ],
)
def test_the_python_trigram_similarity_agrees_with_postgres(a, b):
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [a, b])
        (expected,) = cursor.fetchone()
    assert matching.trigram_similarity(a, b) == pytest.approx(expected, abs=1e-6)


# Suggestions: through whichever database runs the tests.


def test_a_claim_in_another_story_is_suggested_with_score_and_words():
    match = suggestion()
    assert match.status == MatchStatus.SUGGESTED
    assert match.claim.story_id != match.candidate.story_id
    assert match.score >= matching.THRESHOLD
    assert "walruses" in match.matched_words


def test_unrelated_and_other_figure_claims_are_not_suggested():
    ClaimFactory(text=WALRUSES)
    ClaimFactory(text=UNRELATED)
    assert matching.suggest_matches(ClaimFactory(text=OTHER_FIGURE)) == []


def test_suggesting_twice_or_the_other_way_round_adds_nothing():
    match = suggestion()
    assert matching.suggest_matches(match.claim) == []
    assert matching.suggest_matches(match.candidate) == []
    assert ClaimMatch.objects.count() == 1


def test_a_rejected_pair_is_not_suggested_again(editor):
    match = suggestion()
    workflow.reject_match(match, actor=editor)
    assert matching.suggest_matches(match.claim) == []


@pytest.mark.postgres
def test_postgres_finds_candidates_through_the_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'claim_text_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (text gin_trgm_ops)" in definition
    candidate = ClaimFactory(text=WALRUSES)
    claim = ClaimFactory(text=REWORDED)
    with CaptureQueriesContext(connection) as queries:
        found = matching.candidates(claim)
    assert found == [candidate]
    assert found[0].similarity > matching.TRIGRAM_FLOOR
    assert any(
        '"coverage_claim"."text" %' in query["sql"]
        for query in queries.captured_queries
    )


def test_sqlite_candidates_share_the_claims_rarest_words():
    if connection.vendor != "sqlite":
        pytest.skip("the word search is SQLite's")
    candidate = ClaimFactory(text=WALRUSES)
    ClaimFactory(text="Walruses are large.")
    assert matching.candidates(ClaimFactory(text=REWORDED)) == [candidate]


def test_an_import_suggests_matches_after_it_commits(
    editor, django_capture_on_commit_callbacks
):
    existing = ClaimFactory(text=WALRUSES)
    parsed = ParsedArticle(
        headline="Walrus deaths",
        body=f"Rangers said: {REWORDED}",
        raw_text=f"Rangers said: {REWORDED}",
        source_name="walrus.txt",
        source_format="text",
        outlet_name="The Coast Times",
        story="walrus-deaths",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = store.save_article(parsed, actor=editor)
        assert ClaimMatch.objects.count() == 0  # nothing before the commit
    assert len(callbacks) == 1
    new_claim = result.article.claim_appearances.get().claim
    assert ClaimMatch.objects.get().candidate == existing
    assert ClaimMatch.objects.get().claim == new_claim


def test_a_claim_added_by_hand_is_offered_its_matches(
    editor, django_capture_on_commit_callbacks
):
    existing = ClaimFactory(text=WALRUSES)
    with django_capture_on_commit_callbacks(execute=True):
        added = workflow.create_claim(actor=editor, text=REWORDED)
    assert list(ClaimMatch.objects.values_list("claim", "candidate")) == [
        (added.pk, existing.pk)
    ]


# Decisions.


def test_confirming_groups_both_claims_under_the_earlier_one(editor):
    match = suggestion()
    workflow.confirm_match(match, actor=editor, note="Same count, same beach.")
    match.refresh_from_db()
    assert (match.status, match.decided_by) == (MatchStatus.CONFIRMED, editor)
    group = ClaimGroup.objects.get()
    assert group.canonical == match.candidate
    assert {m.claim for m in group.members.all()} == {match.claim, match.candidate}
    entry = AuditEntry.objects.for_object(match.claim).get()
    assert entry.action == AuditAction.CLAIM_MATCH_CONFIRM
    assert entry.actor == editor
    assert entry.changes["match"] == ["suggested", "confirmed"]
    assert "Same count, same beach." in entry.note


def test_rejecting_writes_one_row_and_no_group(editor):
    match = suggestion()
    workflow.reject_match(match, actor=editor)
    assert rows(match.claim) == [AuditAction.CLAIM_MATCH_REJECT]
    assert ClaimGroup.objects.count() == 0


def test_a_decided_match_cannot_be_decided_again(editor):
    match = suggestion()
    workflow.reject_match(match, actor=editor)
    with pytest.raises(InvalidTransition, match=f"Cannot confirm match {match.pk}"):
        workflow.confirm_match(match, actor=editor)
    assert rows(match.claim) == [AuditAction.CLAIM_MATCH_REJECT]


def test_confirming_across_two_groups_makes_one(editor):
    a, b, c, d = (
        ClaimFactory(text=text)
        for text in [WALRUSES, REWORDED, WALRUSES + " Rangers", REWORDED + " Rangers"]
    )
    for claim, candidate in [(b, a), (d, c), (d, a)]:
        match = ClaimMatch.objects.create(claim=claim, candidate=candidate, score=0.9)
        workflow.confirm_match(match, actor=editor)
    group = ClaimGroup.objects.get()
    assert group.members.count() == 4


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("Reporter", False), ("Editor", True), ("Standards editor", True)],
)
@pytest.mark.parametrize("decide", [workflow.confirm_match, workflow.reject_match])
def test_who_may_decide_a_match(role, allowed, decide):
    match = suggestion()
    user = UserFactory(role=role)
    if allowed:
        decide(match, actor=user)
        assert len(rows(match.claim)) == 1
    else:
        with pytest.raises(WorkflowPermissionDenied, match="may not confirm or reject"):
            decide(match, actor=user)
        assert rows(match.claim) == []


# The claim page.


def claim_page(claim):
    return reverse("admin:coverage_claim_change", args=[claim.pk])


def match_url(claim, match, move):
    return reverse("admin:coverage_claim_match", args=[claim.pk, match.pk, move])


def test_an_editor_sees_the_suggestion_with_its_words_and_buttons(editor_client):
    match = suggestion()
    text = editor_client.get(claim_page(match.claim)).content.decode()
    assert "The same claim elsewhere" in text
    assert match.candidate.text[:60] in text
    assert "walruses" in text
    assert match_url(match.claim, match, "confirm_match") in text
    # The candidate's page offers the same suggestion, the other way round.
    text = editor_client.get(claim_page(match.candidate)).content.decode()
    assert match_url(match.candidate, match, "reject_match") in text


def test_a_reporter_sees_the_suggestion_without_buttons(reporter_client):
    match = suggestion()
    text = reporter_client.get(claim_page(match.claim)).content.decode()
    assert match.candidate.text[:60] in text
    assert "confirm_match" not in text


def test_a_reporters_crafted_post_is_refused_and_changes_nothing(reporter_client):
    match = suggestion()
    response = reporter_client.post(
        match_url(match.claim, match, "confirm_match"), {"version": match.version}
    )
    assert response.status_code == 403
    match.refresh_from_db()
    assert match.status == MatchStatus.SUGGESTED
    assert rows(match.claim) == []


def test_an_editor_confirms_from_the_claim_page(editor_client):
    match = suggestion()
    response = editor_client.post(
        match_url(match.claim, match, "confirm_match"),
        {"version": match.version, "note": "Same figure."},
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == MatchStatus.CONFIRMED
    assert rows(match.claim) == [AuditAction.CLAIM_MATCH_CONFIRM]
    text = editor_client.get(claim_page(match.claim)).content.decode()
    assert "In a confirmed group" in text


def test_a_stale_decision_is_refused(editor_client):
    match = suggestion()
    editor_client.post(
        match_url(match.claim, match, "reject_match"), {"version": match.version + 1}
    )
    match.refresh_from_db()
    assert match.status == MatchStatus.SUGGESTED


def page_queries(client, claim) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(claim_page(claim)).status_code == 200
    return len(queries)


def test_the_claim_page_makes_as_many_queries_for_one_suggestion_as_for_five(
    editor_client,
):
    claim = ClaimFactory(text=REWORDED)
    ClaimMatch.objects.create(claim=claim, candidate=ClaimFactory(), score=0.7)
    page_queries(editor_client, claim)  # warm the content types and permissions
    one = page_queries(editor_client, claim)
    for _ in range(4):
        ClaimMatch.objects.create(claim=ClaimFactory(), candidate=claim, score=0.7)
    assert page_queries(editor_client, claim) == one


# A group's verdict and the corrections it calls for.


def give(claim, user, verdict=ClaimStatus.INACCURATE):
    workflow.start_review(claim, actor=user)
    return workflow.give_verdict(
        claim,
        actor=user,
        verdict=verdict,
        note="Checked the rangers' count.",
        public_summary="The rangers counted 70, not 700.",
    )


def group_of_three(editor):
    first = ClaimAppearanceFactory(claim__text=WALRUSES).claim
    second = ClaimAppearanceFactory(claim__text=REWORDED).claim
    third = ClaimAppearanceFactory(claim__text=WALRUSES + " Rangers agreed.").claim
    for claim in (second, third):
        match = ClaimMatch.objects.create(claim=claim, candidate=first, score=0.9)
        workflow.confirm_match(match, actor=editor)
    return first, second, third


def test_a_verdict_goes_to_the_whole_group_claim_by_claim(editor, standards_editor):
    first, second, third = group_of_three(editor)
    workflow.start_review(third, actor=editor)
    give(first, standards_editor)
    result = workflow.propagate_verdict(
        first, actor=standards_editor, note="The same count."
    )
    assert {c.pk for c in result.given} == {second.pk, third.pk}
    for claim in (second, third):
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.INACCURATE
        assert claim.verdict_summary == "The rangers counted 70, not 700."
        assert claim.verdict_published_at is not None
    assert rows(second) == [
        AuditAction.CLAIM_MATCH_CONFIRM,
        AuditAction.CLAIM_START_REVIEW,
        AuditAction.CLAIM_VERDICT,
    ]
    assert rows(third)[-1] == AuditAction.CLAIM_VERDICT
    assert rows(third).count(AuditAction.CLAIM_START_REVIEW) == 1


def test_each_article_quoting_an_inaccurate_claim_gets_a_draft(
    editor, standards_editor
):
    first, second, third = group_of_three(editor)
    give(first, standards_editor)
    result = workflow.propagate_verdict(first, actor=standards_editor, note="Same.")
    assert len(result.corrections) == 3
    drafts = Correction.objects.all()
    assert {(c.article_id, c.claim_id) for c in drafts} == {
        (claim.appearances.get().article_id, claim.pk)
        for claim in (first, second, third)
    }
    assert {c.status for c in drafts} == {Correction.Status.DRAFT}
    assert all(c.author == standards_editor for c in drafts)
    # Asked again, no second draft for the same article and claim.
    assert workflow.draft_group_corrections(first, actor=standards_editor) == []
    assert Correction.objects.count() == 3


def test_the_two_person_rule_holds_for_the_drafted_corrections(
    editor, standards_editor, second_standards_editor
):
    first, _second, _third = group_of_three(editor)
    give(first, standards_editor)
    result = workflow.propagate_verdict(first, actor=standards_editor, note="Same.")
    correction = result.corrections[0]
    workflow.submit_correction(correction, actor=standards_editor)
    with pytest.raises(WorkflowPermissionDenied):
        workflow.publish_correction(correction, actor=standards_editor)
    workflow.publish_correction(correction, actor=second_standards_editor)
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PUBLISHED


def test_an_accurate_verdict_drafts_no_correction(editor, standards_editor):
    first, _second, _third = group_of_three(editor)
    give(first, standards_editor, verdict=ClaimStatus.ACCURATE)
    result = workflow.propagate_verdict(first, actor=standards_editor, note="Same.")
    assert len(result.given) == 2
    assert result.corrections == []


def test_a_reporter_cannot_give_a_group_its_verdict(editor, standards_editor, reporter):
    first, second, _third = group_of_three(editor)
    give(first, standards_editor)
    with pytest.raises(WorkflowPermissionDenied, match="may not give verdicts"):
        workflow.propagate_verdict(first, actor=reporter, note="Same.")
    second.refresh_from_db()
    assert second.status == ClaimStatus.UNREVIEWED


def test_a_group_with_every_verdict_given_has_nothing_to_propagate(
    editor, standards_editor
):
    first, _second, _third = group_of_three(editor)
    give(first, standards_editor)
    workflow.propagate_verdict(first, actor=standards_editor, note="Same.")
    with pytest.raises(InvalidTransition, match="to its group"):
        workflow.propagate_verdict(first, actor=standards_editor, note="Again.")


def reopen_as_accurate(claim, user):
    """Another editor reopens the fact check and finds it accurate after all."""
    workflow.reopen(claim, actor=user, note="New data.")
    workflow.give_verdict(
        claim,
        actor=user,
        verdict=ClaimStatus.ACCURATE,
        note="The new count.",
        public_summary="The rangers counted 700 after all.",
    )


def test_a_verdict_reopened_since_the_page_was_drawn_is_not_given(
    editor, standards_editor, second_standards_editor
):
    first, second, third = group_of_three(editor)
    give(first, standards_editor)
    seen = Claim.objects.get(pk=first.pk).version
    reopen_as_accurate(first, second_standards_editor)
    with pytest.raises(StaleEdit, match="changed by someone else"):
        workflow.propagate_verdict(
            first, actor=standards_editor, note="Same.", seen_version=seen
        )
    assert {c.status for c in Claim.objects.filter(pk__in=[second.pk, third.pk])} == {
        ClaimStatus.UNREVIEWED
    }
    assert Correction.objects.count() == 0


def test_only_the_claims_the_page_offered_are_given_the_verdict(
    editor, standards_editor
):
    first, second, third = group_of_three(editor)
    give(first, standards_editor)
    offered = [second.pk, third.pk]
    # Since the page was drawn: one joined the group, one was given a verdict.
    joined = ClaimAppearanceFactory(claim__text=WALRUSES + " Or so.").claim
    workflow.confirm_match(
        ClaimMatch.objects.create(claim=joined, candidate=first, score=0.9),
        actor=editor,
    )
    give(third, standards_editor, verdict=ClaimStatus.MISLEADING)
    result = workflow.propagate_verdict(
        first,
        actor=standards_editor,
        note="Same.",
        seen_version=Claim.objects.get(pk=first.pk).version,
        to_claims=offered,
    )
    assert [c.pk for c in result.given] == [second.pk]
    assert result.refusals == [
        f"Claim {third.pk}: no longer waits for this verdict in claim {first.pk}'s "
        "group (given one, or out of the group, since the page was drawn)."
    ]
    joined.refresh_from_db()
    assert joined.status == ClaimStatus.UNREVIEWED


def test_the_claim_page_gives_the_group_its_verdict(
    editor, standards_editor, standards_client
):
    first, second, third = group_of_three(editor)
    give(first, standards_editor)
    url = reverse("admin:coverage_claim_propagate", args=[first.pk])
    assert url in standards_client.get(claim_page(first)).content.decode()
    form = propagation_data(standards_client, first)
    assert sorted(form["claims"]) == sorted([second.pk, third.pk])
    response = standards_client.post(url, {**form, "note": "The same count."})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ClaimStatus.INACCURATE
    assert Correction.objects.count() == 3


def test_the_claim_page_refuses_a_verdict_changed_since_it_was_drawn(
    editor, standards_editor, second_standards_editor, standards_client
):
    first, second, _third = group_of_three(editor)
    give(first, standards_editor)
    form = propagation_data(standards_client, first)
    reopen_as_accurate(first, second_standards_editor)
    url = reverse("admin:coverage_claim_propagate", args=[first.pk])
    response = standards_client.post(url, {**form, "note": "Same."}, follow=True)
    assert "was changed by someone else" in response.content.decode()
    second.refresh_from_db()
    assert second.status == ClaimStatus.UNREVIEWED
    assert Correction.objects.count() == 0


def test_the_claim_page_refuses_a_claim_outside_the_group(
    editor, standards_editor, standards_client
):
    first, second, _third = group_of_three(editor)
    give(first, standards_editor)
    stranger = ClaimFactory()
    form = propagation_data(standards_client, first)
    url = reverse("admin:coverage_claim_propagate", args=[first.pk])
    response = standards_client.post(
        url, {**form, "claims": [stranger.pk], "note": "Same."}, follow=True
    )
    assert "Give it to: Select a valid choice" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.status == ClaimStatus.UNREVIEWED
    second.refresh_from_db()
    assert second.status == ClaimStatus.UNREVIEWED


def test_a_reporters_crafted_propagation_is_refused(
    editor, standards_editor, reporter_client
):
    first, second, _third = group_of_three(editor)
    give(first, standards_editor)
    url = reverse("admin:coverage_claim_propagate", args=[first.pk])
    assert url not in reporter_client.get(claim_page(first)).content.decode()
    assert reporter_client.post(url, {"note": "Same."}).status_code == 403
    second.refresh_from_db()
    assert second.status == ClaimStatus.UNREVIEWED
    assert Correction.objects.count() == 0


def test_a_grouped_claim_outlives_a_reimport(editor):
    match = suggestion()
    workflow.confirm_match(match, actor=editor)
    untouched = Claim.objects.untouched_by_the_desk()
    assert not untouched.filter(pk__in=[match.claim_id, match.candidate_id]).exists()


# Measured.


def test_score_matching_prints_precision_and_recall_on_the_pairs():
    out = StringIO()
    call_command("score_matching", stdout=out)
    text = out.getvalue()
    assert re.search(
        r"^\d+ pairs \(\d+ the same claim\) on \w+, threshold 0\.60$", text, re.M
    )
    precision = float(re.search(r"^precision (\d\.\d\d)", text, re.M).group(1))
    recall = float(re.search(r"^recall (\d\.\d\d)", text, re.M).group(1))
    assert precision >= 0.9
    assert recall >= 0.9
    assert "  negated: 0 of 12 suggested" in text
    assert Claim.objects.count() == 0  # rolled back


def test_score_matching_at_another_threshold_on_another_file(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        f'{{"a": "{WALRUSES}", "b": "{REWORDED}", "same": true, "kind": "reworded"}}\n'
        f'{{"a": "{WALRUSES}", "b": "{UNRELATED}", "same": false, "kind": "other"}}\n'
    )
    out = StringIO()
    call_command("score_matching", pairs=str(pairs), threshold=0.1, stdout=out)
    assert "2 pairs (1 the same claim)" in out.getvalue()
    assert "threshold 0.10" in out.getvalue()
    assert "recall 1.00 (1 of 1 same-claim pairs suggested)" in out.getvalue()
