"""Each role × each workflow action: allowed, with its effect and exactly one audit
row naming the actor, or refused with WorkflowPermissionDenied, no change and no
audit row."""

import pytest
from django.contrib.admin.models import LogEntry

from coverage import workflow
from coverage.models import AuditEntry, Claim, ClaimStatus, Correction
from coverage.workflow import WorkflowPermissionDenied
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CorrectionFactory,
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
}


def state():
    return (
        AuditEntry.objects.count(),
        LogEntry.objects.count(),
        list(Claim.objects.order_by("pk").values_list("status", "version", "assignee")),
        list(Correction.objects.order_by("pk").values_list("status", "version")),
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
