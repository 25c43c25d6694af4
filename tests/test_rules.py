"""The rules table: the moves each role may make on each object now, and the
admin drawing its buttons, actions and read-only fields from it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from coverage import workflow
from coverage.models import ClaimStatus
from coverage.workflow import MOVES, available_moves
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    ClaimFactory,
    CorrectionFactory,
    PublishedClaimFactory,
    PublishedCorrectionFactory,
    UserFactory,
)
from tests.logins import log_in

pytestmark = pytest.mark.django_db


def test_claim_transitions_are_read_from_the_table():
    verdicts = {s for s in ClaimStatus if s not in {"unreviewed", "in_review"}}
    assert {
        "unreviewed": {"in_review"},
        "in_review": verdicts,
        **dict.fromkeys(verdicts, {"in_review"}),
    } == workflow.ALLOWED_TRANSITIONS
    assert {
        "draft": {"submitted"},
        "submitted": {"published", "draft"},
        "published": set(),
    } == workflow.CORRECTION_TRANSITIONS


PROPOSE = ["add_evidence", "change_evidence", "add_link"]
TIDY = [*PROPOSE, "change_link"]
REWORD = ["rewrite_proposition", *TIDY]


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("reporter", "unreviewed", [*PROPOSE]),
        ("editor", "unreviewed", ["edit_claim", "start_review", "assign", *REWORD]),
        ("editor", "in_review", ["edit_claim", "verdict", "assign", *REWORD]),
        # Not published (no stamp): its proposition is no public headline yet.
        ("editor", "accurate", ["edit_claim", *REWORD]),
        ("standards_editor", "accurate", ["edit_claim", "reopen", *REWORD]),
    ],
)
def test_available_claim_moves_by_role_and_state(request, role, status, expected):
    user = request.getfixturevalue(role)
    claim = ClaimFactory(status=status, verdict_summary="Checked.")
    assert available_moves(user, claim) == expected


def test_a_published_verdict_freezes_its_evidence_but_for_standards_editors(
    reporter, editor, standards_editor
):
    claim = PublishedClaimFactory()
    links = ["add_link", "change_link"]
    assert available_moves(reporter, claim) == ["add_link"]
    assert available_moves(editor, claim) == ["edit_claim", *links]
    assert available_moves(standards_editor, claim) == [
        "edit_claim",
        "reopen",
        "rewrite_proposition",
        "amend_verdict_summary",
        "add_evidence",
        "change_evidence",
        *links,
    ]


def test_an_inactive_user_has_no_moves(editor):
    editor.is_active = False
    assert available_moves(editor, ClaimFactory()) == []


def test_correction_moves_follow_state_and_the_two_person_rule(
    reporter, editor, standards_editor, second_standards_editor
):
    draft = CorrectionFactory(author=reporter)
    assert available_moves(reporter, draft) == ["edit_correction"]
    assert available_moves(editor, draft) == ["edit_correction", "submit"]

    own = CorrectionFactory(author=standards_editor)
    workflow.submit_correction(own, actor=standards_editor)
    assert available_moves(standards_editor, own) == ["return"]
    assert available_moves(second_standards_editor, own) == ["return", "publish"]

    workflow.publish_correction(own, actor=second_standards_editor)
    assert available_moves(reporter, own) == ["supersede"]
    workflow.supersede_correction(own, actor=reporter)
    assert available_moves(reporter, own) == []


def test_drafting_is_a_move_on_an_article(reporter):
    assert available_moves(reporter, ArticleFactory()) == ["edit_article", "draft"]


def test_importing_is_its_own_permission(reporter):
    assert workflow.can_import(reporter)
    only_articles = UserFactory(username="clerk")
    only_articles.user_permissions.add(Permission.objects.get(codename="add_article"))
    assert not workflow.can_import(only_articles)
    only_articles.user_permissions.add(
        Permission.objects.get(codename="import_article")
    )
    only_articles = type(only_articles).objects.get(pk=only_articles.pk)
    assert workflow.can_import(only_articles)


def test_every_move_names_a_real_permission():
    qualified = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert {move.qualified_permission for move in MOVES.values()} <= qualified


def test_a_reporter_edits_an_article_only_until_a_public_page_shows_it(
    reporter, editor
):
    article = ArticleFactory()
    assert "edit_article" in available_moves(reporter, article)
    PublishedCorrectionFactory(article=article)
    assert "edit_article" not in available_moves(reporter, article)
    assert "edit_article" in available_moves(editor, article)


def test_claim_page_offers_the_tables_moves_as_buttons(editor_client, editor):
    claim = ClaimFactory()
    page = editor_client.get(reverse("admin:coverage_claim_change", args=[claim.pk]))
    assert set(page.context["transition_forms"]) == {"start_review", "assign_to_me"}
    workflow.start_review(claim, actor=editor)
    page = editor_client.get(reverse("admin:coverage_claim_change", args=[claim.pk]))
    assert set(page.context["transition_forms"]) == {"verdict"}


def test_assignee_is_read_only_once_the_table_forbids_assigning(editor_client):
    claim = ClaimFactory(status=ClaimStatus.ACCURATE, verdict_summary="Checked.")
    page = editor_client.get(reverse("admin:coverage_claim_change", args=[claim.pk]))
    assert "assignee" not in page.context["adminform"].form.fields


def bulk_actions_offered(client, user) -> set[str]:
    page = log_in(client, user).get(reverse("admin:coverage_claim_changelist"))
    form = page.context["action_form"]  # None when no action is offered at all
    if form is None:
        return set()
    return {name for name, _label in form.fields["action"].choices} - {""}


BULK_REVIEW = {"start_review_selected", "give_verdict_selected", "assign_selected"}


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("reporter", set()),
        ("editor", BULK_REVIEW),
        ("standards_editor", BULK_REVIEW | {"reopen_selected"}),
    ],
)
def test_queue_offers_only_the_bulk_moves_the_role_may_make(
    client, request, role, offered
):
    ClaimFactory()
    user = request.getfixturevalue(role)
    moves = bulk_actions_offered(client, user) & (BULK_REVIEW | {"reopen_selected"})
    assert moves == offered


def test_correction_buttons_are_the_tables_moves(editor_client, reporter):
    draft = CorrectionFactory(author=reporter)
    page = editor_client.get(
        reverse("admin:coverage_correction_change", args=[draft.pk])
    )
    assert [label for label, _url in page.context["correction_buttons"]] == [
        "Submit for approval"
    ]


def test_queue_with_an_unknown_outlet_is_the_unfiltered_list_not_a_500(
    editor_client,
):
    ClaimAppearanceFactory()
    queue = reverse("admin:coverage_claim_changelist")
    for value in ["abc", "999999999999999999999", "-1"]:
        response = editor_client.get(queue, {"outlet": value}, follow=True)
        assert response.status_code == 200, value
        assert response.redirect_chain == [(f"{queue}?e=1", 302)]


def test_queue_filtered_by_a_real_outlet(editor_client):
    shown = ClaimAppearanceFactory()
    ClaimAppearanceFactory()
    response = editor_client.get(
        reverse("admin:coverage_claim_changelist"),
        {"outlet": shown.article.outlet_id},
    )
    assert list(response.context["cl"].result_list) == [shown.claim]
