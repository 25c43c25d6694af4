"""Each role × each workflow action: allowed, with its effect and exactly one audit
row naming the actor, or refused with WorkflowPermissionDenied, no change and no
audit row. Besides the roles: a superuser, a user with no role, a standards editor
whose account was deactivated, and nobody logged in."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage import workflow
from coverage.models import (
    Article,
    AuditEntry,
    Claim,
    ClaimAppearance,
    ClaimLink,
    ClaimStatus,
    Correction,
    Evidence,
    Outlet,
    Source,
    Story,
    UnacknowledgedChange,
)
from coverage.second_factor.devices import remove_device
from coverage.workflow import WorkflowPermissionDenied
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    CorrectionFactory,
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    StaticDeviceFactory,
    StoryFactory,
    TOTPDeviceFactory,
    UnacknowledgedChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = {
    "reporter": "Reporter",
    "editor": "Editor",
    "standards": "Standards editor",
    "superuser": None,
    "no_role": None,
    "inactive": "Standards editor",
    "anonymous": None,
}


def make_actor(role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "superuser":
        return UserFactory(username="root", is_superuser=True)
    return UserFactory(
        username=f"as_{role}", role=ROLES[role], is_active=role != "inactive"
    )


@pytest.fixture
def desk(db):
    """Builds the starting state through the workflow; a superuser may."""
    return UserFactory(username="desk", is_superuser=True)


def in_review(desk, **factory_values):
    return workflow.start_review(ClaimFactory(**factory_values), actor=desk)


def with_verdict(desk, **factory_values):
    return workflow.give_verdict(
        in_review(desk, **factory_values),
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


def public_source(desk):
    """The claimant of a published fact check."""
    return with_verdict(desk, claimant=SourceFactory()).claimant


def own(actor):
    """The actor, as the author of what the cell starts from; nobody logged in
    owns nothing, so theirs is someone else's."""
    return actor if actor.pk else UserFactory(username="writer", role="Reporter")


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
        lambda actor, desk: CorrectionFactory(author=own(actor)),
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
        lambda actor, desk: submitted(desk, own(actor)),
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
    "add_claim": (
        lambda actor, desk: None,
        lambda _, actor: workflow.create_claim(
            actor=actor, text="The council spent £4m on potholes in 2023."
        ),
    ),
    # What public pages cite: reporters tidy it until a public page shows it.
    "update_public_source": (
        lambda actor, desk: public_source(desk),
        lambda source, actor: workflow.update_source(
            source, actor=actor, description="paid by the industry"
        ),
    ),
    "update_public_article": (
        lambda actor, desk: published(desk).article,
        lambda article, actor: workflow.update_article(
            article, actor=actor, headline="Cliff is 80 m, not 800 m"
        ),
    ),
    "add_source": (
        lambda actor, desk: None,
        lambda _, actor: workflow.create_source(
            actor=actor, name="Office for National Statistics", kind="organisation"
        ),
    ),
    "add_article": (
        lambda actor, desk: OutletFactory(),
        lambda outlet, actor: workflow.create_article(
            actor=actor,
            outlet=outlet,
            headline="Council shuts three libraries",
            body="The council voted on Monday to close three libraries.",
        ),
    ),
    "add_outlet": (
        lambda actor, desk: None,
        lambda _, actor: workflow.create_outlet(
            actor=actor, name="The Valley Gazette", homepage="https://gazette.test/"
        ),
    ),
    "update_outlet": (
        lambda actor, desk: OutletFactory(),
        lambda outlet, actor: workflow.update_outlet(
            outlet, actor=actor, notes="Corrections go to the readers' editor."
        ),
    ),
    "add_story": (
        lambda actor, desk: None,
        lambda _, actor: workflow.create_story(
            actor=actor, title="Library closures", slug="library-closures"
        ),
    ),
    "update_story": (
        lambda actor, desk: StoryFactory(),
        lambda story, actor: workflow.update_story(
            story, actor=actor, title="Library closures, 2024"
        ),
    ),
    # Unacknowledged changes: the act is recorded on the change, returned.
    "link_change": (
        lambda actor, desk: CorrectionFactory(
            article=UnacknowledgedChangeFactory().article, author=own(actor)
        ).article.unacknowledged_changes.get(),
        lambda change, actor: (
            workflow.link_change(
                change, actor=actor, correction=change.article.corrections.get()
            )
            and change
        ),
    ),
    "dismiss_change": (
        lambda actor, desk: UnacknowledgedChangeFactory(),
        lambda change, actor: workflow.dismiss_change(
            change, actor=actor, reason="The figure was updated as the count went on."
        ),
    ),
    # Desk accounts: resetting someone's second factor.
    "remove_authenticator": (
        lambda actor, desk: TOTPDeviceFactory(user=UserFactory(username="phoneless")),
        remove_device,
    ),
    "remove_recovery_codes": (
        lambda actor, desk: StaticDeviceFactory(user=UserFactory(username="codeless")),
        remove_device,
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
    "add_claim": {"reporter", *EDITORS},
    "update_public_source": EDITORS,
    "update_public_article": EDITORS,
    "add_source": {"reporter", *EDITORS},
    "add_article": {"reporter", *EDITORS},
    "add_outlet": EDITORS,
    "update_outlet": EDITORS,
    "add_story": EDITORS,
    "update_story": EDITORS,
    "link_change": EDITORS,
    "dismiss_change": EDITORS,
    "remove_authenticator": {"superuser"},
    "remove_recovery_codes": {"superuser"},
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
    "add_claim": "claim.create",
    "update_public_source": "source.edit",
    "update_public_article": "article.edit",
    "add_source": "source.create",
    "add_article": "article.create",
    "add_outlet": "outlet.create",
    "update_outlet": "outlet.edit",
    "add_story": "story.create",
    "update_story": "story.edit",
    "link_change": "change.link",
    "dismiss_change": "change.dismiss",
    "remove_authenticator": "second_factor.remove",
    "remove_recovery_codes": "second_factor.remove",
}


def state():
    return (
        AuditEntry.objects.count(),
        LogEntry.objects.count(),
        list(Claim.objects.order_by("pk").values_list("status", "version", "assignee")),
        list(Correction.objects.order_by("pk").values_list("status", "version")),
        list(Evidence.objects.order_by("pk").values_list("pk", "citation", "url")),
        list(ClaimLink.objects.order_by("pk").values_list("pk", flat=True)),
        list(Source.objects.order_by("pk").values_list("name", "description")),
        list(Article.objects.order_by("pk").values_list("headline", flat=True)),
        list(Outlet.objects.order_by("pk").values_list("name", "notes")),
        list(Story.objects.order_by("pk").values_list("title", flat=True)),
        list(ClaimAppearance.objects.order_by("pk").values_list("pk", flat=True)),
        TOTPDevice.objects.count(),
        StaticDevice.objects.count(),
        list(UnacknowledgedChange.objects.order_by("pk").values_list("status")),
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
        assert state()[2:] != before[2:], "the act changed nothing"
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
        (workflow.can_add_claim, {"reporter", *EDITORS}),
        (workflow.can_edit_article, {"reporter", *EDITORS}),
        (workflow.can_edit_source, {"reporter", *EDITORS}),
        (workflow.can_edit_outlet, EDITORS),
        (workflow.can_edit_story, EDITORS),
        (lambda user, _: workflow.can_add_article(user), {"reporter", *EDITORS}),
        (lambda user, _: workflow.can_add_source(user), {"reporter", *EDITORS}),
        (lambda user, _: workflow.can_add_outlet(user), EDITORS),
        (lambda user, _: workflow.can_add_story(user), EDITORS),
        (lambda user, _: workflow.can_import(user), {"reporter", *EDITORS}),
        (workflow.can_view_change, {"reporter", *EDITORS}),
        (workflow.can_decide_change, EDITORS),
    ],
)
def test_can_functions_answer_by_role(db, check, expected):
    allowed = {role for role in ROLES if check(make_actor(role), None)}
    assert allowed == expected
