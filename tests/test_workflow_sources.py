"""Merging near-duplicate sources, and rewriting a claim's proposition: who may,
the effect, and exactly one audit row; or refused, with nothing changed."""

import pytest

from coverage import workflow
from coverage.models import AuditAction, AuditEntry, Claim, Evidence, Source
from coverage.sources import merge_suggestions, why_same
from coverage.workflow import InvalidTransition, WorkflowPermissionDenied
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    PublishedClaimFactory,
    SourceAliasFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = {
    "reporter": "Reporter",
    "editor": "Editor",
    "standards": "Standards editor",
    "no_role": None,
}


def actor_in(role):
    return UserFactory(username=f"as_{role}", role=ROLES[role])


def duplicates():
    keep = SourceFactory(name="Helen Marsh", description="", url="")
    merge = SourceFactory(
        name="H. Marsh", description="zoologist", url="https://marsh.test/"
    )
    SourceAliasFactory(source=merge, name="Prof. Marsh")
    claims = ClaimFactory.create_batch(2, claimant=merge)
    ClaimFactory(claimant=keep)
    evidence = EvidenceFactory(source=merge)
    return keep, merge, claims, evidence


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("reporter", False), ("editor", True), ("standards", True), ("no_role", False)],
)
def test_merge_sources_by_role(role, allowed):
    actor = actor_in(role)
    keep, merge, claims, evidence = duplicates()
    if not allowed:
        with pytest.raises(WorkflowPermissionDenied, match="may not merge sources"):
            workflow.merge_sources(actor=actor, keep=keep, merge=merge)
        assert Source.objects.filter(pk=merge.pk).exists()
        assert Claim.objects.filter(claimant=merge).count() == 2
        assert not AuditEntry.objects.exists()
        return

    result = workflow.merge_sources(actor=actor, keep=keep, merge=merge)

    assert not Source.objects.filter(pk=merge.pk).exists()
    assert set(claims) <= set(Claim.objects.filter(claimant=keep))
    assert Claim.objects.filter(claimant=keep).count() == 3
    assert Evidence.objects.get(pk=evidence.pk).source == keep
    assert sorted(result.aliases.values_list("name", flat=True)) == [
        "H. Marsh",
        "Prof. Marsh",
    ]
    assert (result.description, result.url) == ("zoologist", "https://marsh.test/")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == (
        AuditAction.SOURCE_MERGE,
        actor,
        keep.pk,
    )
    assert entry.changes["merged_source"][0]["name"] == "H. Marsh"
    assert sorted(entry.changes["claims"][0]) == sorted(c.pk for c in claims)
    assert entry.public is False  # neither was shown on a public page


def test_merging_a_claimant_of_a_published_fact_check_is_a_public_change(editor):
    keep = SourceFactory(name="Helen Marsh")
    published = PublishedClaimFactory(claimant=SourceFactory(name="H. Marsh"))
    workflow.merge_sources(actor=editor, keep=keep, merge=published.claimant)
    assert AuditEntry.objects.get().public is True
    published.refresh_from_db()
    assert (published.claimant, published.version) == (keep, 2)


def test_a_source_cannot_be_merged_into_itself(editor):
    source = SourceFactory()
    with pytest.raises(InvalidTransition, match=f"source {source.pk} into itself"):
        workflow.merge_sources(actor=editor, keep=source, merge=source)
    assert not AuditEntry.objects.exists()


def test_a_source_merged_already_is_refused_by_name(editor):
    keep, merge, _claims, _evidence = duplicates()
    workflow.merge_sources(actor=editor, keep=keep, merge=merge)
    with pytest.raises(InvalidTransition, match=f"source {merge.pk} no longer exists"):
        workflow.merge_sources(actor=editor, keep=keep, merge=merge)
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("a", "b", "kinds", "same"),
    [
        ("Helen Marsh", "H. Marsh", ("person", "person"), True),
        ("Dr. Helen Marsh", "Marsh", ("person", "organisation"), True),
        ("Katherine Lee", "Catherine Lee", ("person", "person"), True),
        ("Mary-Jane Lee", "M. Lee", ("person", "person"), True),
        ("Helen Marsh", "Peter Marsh", ("person", "person"), False),
        ("Helen Marsh", "Helen Moss", ("person", "person"), False),
        ("World Health Organization", "WHO", ("organisation", "organisation"), True),
        (
            "Customs and Border Protection",
            "CBP",
            ("organisation", "organisation"),
            True,
        ),
        ("Streamline", "Streamline Media", ("organisation", "organisation"), True),
        ("WHO", "World Wildlife Fund", ("organisation", "organisation"), False),
        ("Netflix", "Amazon", ("organisation", "organisation"), False),
    ],
)
def test_near_duplicates_are_told_from_their_names(a, b, kinds, same):
    first = Source(pk=1, name=a, kind=kinds[0])
    second = Source(pk=2, name=b, kind=kinds[1])
    assert bool(why_same(first, second)) is same
    assert bool(merge_suggestions([first, second])) is same


def test_the_source_with_more_claims_is_suggested_as_the_one_to_keep():
    many = Source(pk=1, name="H. Marsh", kind="person")
    many.claim_count = 5
    few = Source(pk=2, name="Helen Marsh", kind="person")
    few.claim_count = 1
    (suggestion,) = merge_suggestions([few, many])
    assert (suggestion.keep, suggestion.merge) == (many, few)


@pytest.mark.parametrize(
    ("role", "published", "allowed"),
    [
        ("reporter", False, False),
        ("editor", False, True),
        ("standards", False, True),
        ("editor", True, False),
        ("standards", True, True),
    ],
)
def test_rewrite_proposition_by_role(role, published, allowed):
    actor = actor_in(role)
    factory = PublishedClaimFactory if published else ClaimFactory
    claim = factory(proposition="Old wording")
    if not allowed:
        with pytest.raises(WorkflowPermissionDenied, match="rewrite propositions"):
            workflow.rewrite_proposition(claim, actor=actor, proposition="New")
        claim.refresh_from_db()
        assert claim.proposition == "Old wording"
        assert not AuditEntry.objects.exists()
        return

    workflow.rewrite_proposition(
        claim, actor=actor, proposition="  Walruses   gather on land  "
    )

    claim.refresh_from_db()
    assert (claim.proposition, claim.version) == ("Walruses gather on land", 2)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor) == (AuditAction.CLAIM_REWRITE_PROPOSITION, actor)
    assert entry.changes == {"proposition": ["Old wording", "Walruses gather on land"]}
    assert entry.public is published


def test_an_empty_proposition_is_refused_and_the_same_one_records_nothing(editor):
    claim = ClaimFactory(proposition="As it was")
    with pytest.raises(Exception, match="A proposition is required"):
        workflow.rewrite_proposition(claim, actor=editor, proposition="   ")
    workflow.rewrite_proposition(claim, actor=editor, proposition="As it was")
    assert not AuditEntry.objects.exists()


def test_a_stale_proposition_edit_is_refused(editor):
    claim = ClaimFactory()
    with pytest.raises(workflow.StaleEdit):
        workflow.rewrite_proposition(
            claim, actor=editor, proposition="New", seen_version=0
        )
    assert not AuditEntry.objects.exists()
