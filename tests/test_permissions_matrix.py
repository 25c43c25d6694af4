"""Each role × each workflow action: allowed, with its effect and exactly one audit
row naming the actor, or refused with WorkflowPermissionDenied, no change and no
audit row."""

import pytest
from django.contrib.admin.models import LogEntry

from coverage import workflow
from coverage.models import (
    Article,
    AuditEntry,
    Claim,
    ClaimLink,
    ClaimStatus,
    Correction,
    Evidence,
    Source,
)
from coverage.workflow import WorkflowPermissionDenied
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    CorrectionFactory,
    EvidenceFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = {
    "reporter": "Reporter",
    "editor": "Editor",
    "standards": "Standards editor",
    "superuser": None,
    "no_role": None,
}


def make_actor(role):
    if role == "superuser":
        return UserFactory(username="root", is_superuser=True)
    return UserFactory(username=f"as_{role}", role=ROLES[role])


@pytest.fixture
def desk(db):
    """Builds the starting state through the workflow; a superuser may."""
    return UserFactory(username="desk", is_superuser=True)


def in_review(desk):
    return workflow.start_review(ClaimFactory(), actor=desk)


def with_verdict(desk):
    return workflow.give_verdict(
        in_review(desk),
        actor=desk,
        verdict=ClaimStatus.ACCURATE,
        note="Checked against the agency report.",
        public_summary="The agency confirms it.",
    )


def submitted(desk, author):
    correction = CorrectionFactory(author=author)
    return workflow.submit_correction(correction, actor=desk)


def published(desk):
    correction = submitted(desk, UserFactory(username="writer", role="Reporter"))
    return workflow.publish_correction(correction, actor=desk)


def someone_elses_draft():
    return CorrectionFactory(author=UserFactory(username="writer", role="Reporter"))


def verdict_on(claim, actor):
    return workflow.give_verdict(
        claim,
        actor=actor,
        verdict=ClaimStatus.MISLEADING,
        note="Partly true.",
        public_summary="True numbers, wrong comparison.",
    )


def draft_on(article, actor):
    return workflow.draft_correction(
        article,
        actor=actor,
        kind=Correction.Kind.CORRECTION,
        what_was_wrong="Wrong year.",
        what_is_right="2017.",
        public_explanation="We gave the wrong year.",
    )


def edit_draft(correction, actor):
    return workflow.update_correction(
        correction, actor=actor, seen_version=1, what_is_right="Fixed."
    )


# action: (starting object from (actor, desk), the act on it by actor)
ACTIONS = {
    "start_review": (lambda actor, desk: ClaimFactory(), workflow.start_review),
    "give_verdict": (lambda actor, desk: in_review(desk), verdict_on),
    "reopen": (
        lambda actor, desk: with_verdict(desk),
        lambda claim, actor: workflow.reopen(claim, actor=actor, note="New data."),
    ),
    "assign": (
        lambda actor, desk: ClaimFactory(),
        lambda claim, actor: workflow.assign(claim, actor=actor, assignee=actor),
    ),
    "update_claim": (
        lambda actor, desk: ClaimFactory(),
        lambda claim, actor: workflow.update_claim(
            claim, actor=actor, seen_version=1, internal_notes="Ring them."
        ),
    ),
    "draft_correction": (lambda actor, desk: ArticleFactory(), draft_on),
    "edit_own_draft": (
        lambda actor, desk: CorrectionFactory(author=actor),
        edit_draft,
    ),
    "edit_others_draft": (lambda actor, desk: someone_elses_draft(), edit_draft),
    "submit_correction": (
        lambda actor, desk: someone_elses_draft(),
        workflow.submit_correction,
    ),
    "return_correction": (
        lambda actor, desk: submitted(desk, desk),
        workflow.return_correction,
    ),
    "publish_correction": (
        lambda actor, desk: submitted(desk, desk),
        workflow.publish_correction,
    ),
    "publish_own_correction": (
        lambda actor, desk: submitted(desk, actor),
        workflow.publish_correction,
    ),
    "supersede_correction": (
        lambda actor, desk: published(desk),
        workflow.supersede_correction,
    ),
    # Evidence and links are recorded against their claim; the acts return it.
    "add_evidence": (
        lambda actor, desk: ClaimFactory(),
        lambda claim, actor: (
            workflow.add_evidence(
                claim, actor=actor, stance="refutes", citation="Agency count"
            ).claim
        ),
    ),
    "change_evidence_in_review": (
        lambda actor, desk: EvidenceFactory(claim=in_review(desk)),
        lambda evidence, actor: (
            workflow.change_evidence(
                evidence, actor=actor, citation="Agency count, revised"
            ).claim
        ),
    ),
    "change_published_evidence": (
        lambda actor, desk: EvidenceFactory(claim=with_verdict(desk)),
        lambda evidence, actor: (
            workflow.change_evidence(
                evidence, actor=actor, url="https://agency.test/other"
            ).claim
        ),
    ),
    "remove_evidence": (
        lambda actor, desk: EvidenceFactory(),
        lambda evidence, actor: (
            workflow.remove_evidence(evidence, actor=actor) or evidence.claim
        ),
    ),
    "add_link": (
        lambda actor, desk: [ClaimFactory(), ClaimFactory()][0],
        lambda claim, actor: (
            workflow.add_link(
                claim,
                actor=actor,
                to_claim=Claim.objects.exclude(pk=claim.pk).get(),
                relation="supports",
            ).from_claim
        ),
    ),
    "remove_link": (
        lambda actor, desk: ClaimLinkFactory(),
        lambda link, actor: workflow.remove_link(link, actor=actor) or link.from_claim,
    ),
    "update_source": (
        lambda actor, desk: SourceFactory(),
        lambda source, actor: workflow.update_source(
            source, actor=actor, description="marine biologist"
        ),
    ),
    "update_article": (
        lambda actor, desk: ArticleFactory(),
        lambda article, actor: workflow.update_article(
            article, actor=actor, headline="Council approves a smaller budget"
        ),
    ),
    "amend_verdict_summary": (
        lambda actor, desk: with_verdict(desk),
        lambda claim, actor: workflow.amend_verdict_summary(
            claim, actor=actor, summary="The agency confirms it, for 2017."
        ),
    ),
}

EDITORS = {"editor", "standards", "superuser"}
ALLOWED = {
    "start_review": EDITORS,
    "give_verdict": EDITORS,
    "reopen": {"standards", "superuser"},
    "assign": EDITORS,
    "update_claim": EDITORS,
    "draft_correction": {"reporter", *EDITORS},
    "edit_own_draft": {"reporter", *EDITORS},
    "edit_others_draft": EDITORS,
    "submit_correction": EDITORS,
    "return_correction": {"standards", "superuser"},
    "publish_correction": {"standards", "superuser"},
    "publish_own_correction": set(),
    "supersede_correction": {"reporter", *EDITORS},
    "add_evidence": {"reporter", *EDITORS},
    "change_evidence_in_review": {"reporter", *EDITORS},
    "change_published_evidence": {"standards", "superuser"},
    "remove_evidence": {"superuser"},
    "add_link": {"reporter", *EDITORS},
    "remove_link": {"superuser"},
    "update_source": {"reporter", *EDITORS},
    "update_article": {"reporter", *EDITORS},
    "amend_verdict_summary": {"standards", "superuser"},
}

CASES = [
    (role, action, role in ALLOWED[action]) for action in ACTIONS for role in ROLES
]


AUDITED_AS = {
    "start_review": "claim.start_review",
    "give_verdict": "claim.verdict",
    "reopen": "claim.reopen",
    "assign": "claim.assign",
    "update_claim": "claim.edit",
    "draft_correction": "correction.draft",
    "edit_own_draft": "correction.edit",
    "edit_others_draft": "correction.edit",
    "submit_correction": "correction.submit",
    "return_correction": "correction.return",
    "publish_correction": "correction.publish",
    "publish_own_correction": "correction.publish",
    "supersede_correction": "correction.supersede",
    "add_evidence": "evidence.add",
    "change_evidence_in_review": "evidence.change",
    "change_published_evidence": "evidence.change",
    "remove_evidence": "evidence.remove",
    "add_link": "link.add",
    "remove_link": "link.remove",
    "update_source": "source.edit",
    "update_article": "article.edit",
    "amend_verdict_summary": "claim.amend_summary",
}


def state():
    return (
        AuditEntry.objects.count(),
        LogEntry.objects.count(),
        list(Claim.objects.order_by("pk").values_list("status", "version", "assignee")),
        list(Correction.objects.order_by("pk").values_list("status", "version")),
        list(Evidence.objects.order_by("pk").values_list("pk", "citation", "url")),
        list(ClaimLink.objects.order_by("pk").values_list("pk", flat=True)),
        list(Source.objects.order_by("pk").values_list("description", flat=True)),
        list(Article.objects.order_by("pk").values_list("headline", flat=True)),
    )


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_permission_matrix(desk, role, action, expected):
    actor = make_actor(role)
    starting_state, act = ACTIONS[action]
    obj = starting_state(actor, desk)
    before = state()

    if expected:
        result = act(obj, actor=actor)
        assert result.pk is not None
        assert AuditEntry.objects.count() == before[0] + 1
        row = AuditEntry.objects.latest("id")
        assert (row.actor, row.action, row.object_id) == (
            actor,
            AUDITED_AS[action],
            result.pk,
        )
    else:
        with pytest.raises(WorkflowPermissionDenied, match=f"{actor} may not"):
            act(obj, actor=actor)
        assert state() == before


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (workflow.can_start_review, EDITORS),
        (workflow.can_give_verdict, EDITORS),
        (workflow.can_reopen, {"standards", "superuser"}),
        (workflow.can_assign, EDITORS),
        (workflow.can_draft_correction, {"reporter", *EDITORS}),
        (workflow.can_submit_correction, EDITORS),
        (workflow.can_publish_correction, {"standards", "superuser"}),
    ],
)
def test_can_functions_answer_by_role(db, check, expected):
    allowed = {role for role in ROLES if check(make_actor(role), None)}
    assert allowed == expected


def test_inactive_user_may_do_nothing(desk):
    actor = make_actor("standards")
    actor.is_active = False
    actor.save()
    claim = ClaimFactory()
    with pytest.raises(WorkflowPermissionDenied):
        workflow.start_review(claim, actor=actor)
    assert not AuditEntry.objects.exists()
