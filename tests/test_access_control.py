"""Who can open what, seen from outside: every admin and public URL, per role.

Admin pages are discovered from the admin site, so a newly registered model or a
new admin view joins the matrix by itself. A role's expected answer comes from the
permissions the migrations gave its group (0003's role table and later grants): 200 where the role holds the permission and the
admin shows the page at all (a superuser gets 200), 403 otherwise. Anonymous
visitors are always sent to the login page.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from coverage.models import AuditEntry, ClaimStatus, Correction
from tests import factories
from tests.admin_pages import (
    ADMIN_MODELS,
    OTHER_SAMPLES,
    PAGE_PERMISSIONS,
    admin_pages,
    admin_url,
    extra_admin_views,
    extra_view_url,
    extra_views,
    sample_of,
)
from tests.logins import log_in

pytestmark = pytest.mark.django_db

PRINCIPALS = ["anonymous", "Reporter", "Editor", "Standards editor"]


def role_may(role: str, model, page: str) -> bool:
    if model._meta.app_label != "coverage":
        return False  # the role table grants nothing outside coverage
    name = model._meta.model_name
    granted = set(
        Group.objects.get(name=role).permissions.values_list("codename", flat=True)
    )
    return any(f"{action}_{name}" in granted for action in PAGE_PERMISSIONS[page])


@pytest.fixture
def principal_client(client):
    """A client for the named principal: anonymous, or a user in that role."""

    def make(principal: str):
        if principal != "anonymous":
            user = factories.UserFactory(username=f"as-{principal}", role=principal)
            log_in(client, user)
        return client

    return make


@pytest.fixture
def superuser_client():
    """A second client, for what the admin shows when permissions are no limit."""
    superuser = Client()
    log_in(superuser, factories.UserFactory(username="root", is_superuser=True))
    return superuser


def test_every_registered_model_has_a_sample():
    missing = [
        model._meta.label_lower
        for model in ADMIN_MODELS
        if model._meta.label_lower not in OTHER_SAMPLES
        and not hasattr(factories, f"{model.__name__}Factory")
    ]
    assert not missing, f"Add a factory or an OTHER_SAMPLES entry for {missing}"


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize(("model", "page"), admin_pages())
def test_admin_page(principal, model, page, principal_client, superuser_client):
    url = admin_url(model, page, sample_of(model))
    response = principal_client(principal).get(url)

    if principal == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={url}"
        return
    shown_at_all = superuser_client.get(url).status_code
    expected = shown_at_all if role_may(principal, model, page) else 403
    assert response.status_code == expected, url


@pytest.mark.parametrize(("model", "name", "params"), extra_views())
def test_anonymous_is_sent_to_login_from_every_extra_admin_view(
    client, model, name, params
):
    url = extra_view_url(model, name, params)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.parametrize("principal", PRINCIPALS[1:])
@pytest.mark.parametrize(
    ("model", "name"),
    [
        pytest.param(model, name, id=name.removeprefix("admin:"))
        for model in ADMIN_MODELS
        for name, params in extra_admin_views(model)
        if not params
    ],
)
def test_extra_admin_page_needs_view_permission(
    principal, model, name, principal_client
):
    response = principal_client(principal).get(reverse(name))
    expected = 200 if role_may(principal, model, "changelist") else 403
    assert response.status_code == expected


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize(
    ("url", "roles_get"),
    [
        ("/admin/", 200),
        ("/admin/coverage/", 200),
        ("/admin/auth/", 404),  # no role holds an auth permission
        ("/admin/axes/", 404),  # nor may see login attempts
    ],
)
def test_admin_index_pages(principal, url, roles_get, principal_client):
    response = principal_client(principal).get(url)
    if principal == "anonymous":
        assert (response.status_code, response["Location"]) == (
            302,
            f"/admin/login/?next={url}",
        )
    else:
        assert response.status_code == roles_get


def test_a_user_without_staff_status_cannot_enter_the_admin(client):
    outsider = factories.UserFactory(username="outsider", is_staff=False)
    log_in(client, outsider)
    response = client.get("/admin/coverage/claim/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# Public URLs: the same for everyone, and unpublished ids are simply not there.


@pytest.fixture
def public_record(db):
    """Published rows every public URL can show, and rows none may show."""
    cache.clear()
    published = factories.PublishedCorrectionFactory()
    claim = factories.PublishedClaimFactory()
    article = published.article
    return {
        "published": {
            "correction": published.pk,
            "claim": claim.pk,
            "story": claim.story.slug,
            "outlet": article.outlet.slug,
            "request": factories.CorrectionRequestFactory().token,
        },
        "hidden": {
            "draft correction": factories.CorrectionFactory(
                article=article, what_was_wrong="HIDDEN-DRAFT-TEXT"
            ).pk,
            "submitted correction": factories.CorrectionFactory(
                article=article,
                what_was_wrong="HIDDEN-SUBMITTED-TEXT",
                status=Correction.Status.SUBMITTED,
                submitted_at=timezone.now(),
            ).pk,
            "unreviewed claim": factories.ClaimFactory(text="HIDDEN-CLAIM-1").pk,
            "claim in review": factories.ClaimFactory(
                text="HIDDEN-CLAIM-2", status=ClaimStatus.IN_REVIEW
            ).pk,
            "verdict not yet published": factories.ClaimFactory(
                text="HIDDEN-CLAIM-3",
                status=ClaimStatus.ACCURATE,
                verdict_summary="A summary not yet stamped for publication.",
            ).pk,
        },
    }


# Every public URL name with the arguments of a published object.
PUBLIC_URLS = {
    "home": {},
    "correction_list": {},
    "correction_list_json": {},
    "standards": {},
    "standards_json": {},
    "correction_detail": {"pk": "correction"},
    "correction_card": {"pk": "correction"},
    "corrections_json_feed": {},
    "corrections_rss": {},
    "corrections_atom": {},
    "outlet_corrections_rss": {"slug": "outlet"},
    "outlet_corrections_atom": {"slug": "outlet"},
    "story_corrections_rss": {"slug": "story"},
    "story_corrections_atom": {"slug": "story"},
    "claim_list": {},
    "claim_detail": {"pk": "claim"},
    "claim_card": {"pk": "claim"},
    "claim_review_feed": {},
    "story_detail": {"slug": "story"},
    "sitemap": {},
    "robots_txt": {},
    "healthz": {},
    "request_form": {},
    "request_status": {"token": "request"},  # the reader's own private page
}
HIDDEN_URLS = [
    ("correction_detail", "draft correction", "HIDDEN-DRAFT-TEXT"),
    ("correction_detail", "submitted correction", "HIDDEN-SUBMITTED-TEXT"),
    ("claim_detail", "unreviewed claim", "HIDDEN-CLAIM-1"),
    ("claim_detail", "claim in review", "HIDDEN-CLAIM-2"),
    ("claim_detail", "verdict not yet published", "HIDDEN-CLAIM-3"),
    ("correction_card", "draft correction", "HIDDEN-DRAFT-TEXT"),
    ("correction_card", "submitted correction", "HIDDEN-SUBMITTED-TEXT"),
    ("claim_card", "unreviewed claim", "HIDDEN-CLAIM-1"),
    ("claim_card", "claim in review", "HIDDEN-CLAIM-2"),
    ("claim_card", "verdict not yet published", "HIDDEN-CLAIM-3"),
]


def public_url_names() -> set[str]:
    (coverage,) = (
        pattern
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLResolver) and pattern.namespace == "coverage"
    )
    return {pattern.name for pattern in coverage.url_patterns if pattern.name}


def test_the_matrix_lists_every_public_url():
    assert public_url_names() == set(PUBLIC_URLS)


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("name", sorted(PUBLIC_URLS))
def test_public_url_answers_everyone(principal, name, public_record, principal_client):
    kwargs = {
        param: public_record["published"][sample]
        for param, sample in PUBLIC_URLS[name].items()
    }
    response = principal_client(principal).get(
        reverse(f"coverage:{name}", kwargs=kwargs)
    )
    assert response.status_code == 200


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize(("name", "hidden", "text"), HIDDEN_URLS)
def test_unpublished_ids_are_not_found_by_anyone(
    principal, name, hidden, text, public_record, principal_client
):
    pk = public_record["hidden"][hidden]
    response = principal_client(principal).get(
        reverse(f"coverage:{name}", kwargs={"pk": pk})
    )
    assert response.status_code == 404
    assert text not in response.content.decode()


# The matrix derives its expectations; these rows state the key ones plainly.


@pytest.mark.parametrize(
    ("principal", "label", "page", "expected"),
    [
        ("Reporter", "coverage.outlet", "add", 403),
        ("Editor", "coverage.outlet", "add", 200),
        ("Reporter", "coverage.claim", "change", 200),  # read-only for reporters
        ("Reporter", "coverage.claim", "delete", 403),
        ("Reporter", "coverage.auditentry", "changelist", 200),
        ("Standards editor", "coverage.auditentry", "add", 403),
        ("Standards editor", "coverage.auditentry", "change", 200),  # read-only
        ("Standards editor", "coverage.auditentry", "delete", 403),
        ("Standards editor", "auth.user", "changelist", 403),
        ("Standards editor", "axes.accessattempt", "changelist", 403),
    ],
)
def test_admin_spot_checks(principal, label, page, expected, principal_client):
    model = apps.get_model(label)
    url = admin_url(model, page, sample_of(model))
    assert principal_client(principal).get(url).status_code == expected


@pytest.mark.parametrize(
    ("move", "data"),
    [
        ("start_review", {"note": "Mine."}),
        ("verdict", {"verdict": "accurate", "note": "Ok.", "public_summary": "Ok."}),
        ("assign", {"note": ""}),
        ("reopen", {"note": "Again."}),
    ],
)
def test_reporter_cannot_move_a_claim_through_the_admin(
    reporter_client, reporter, move, data
):
    claim = factories.ClaimFactory(status=ClaimStatus.IN_REVIEW)
    if move == "assign":
        data = {**data, "assignee": reporter.pk}
    events = AuditEntry.objects.count()
    response = reporter_client.post(
        reverse("admin:coverage_claim_transition", args=[claim.pk, move]),
        {"version": claim.version, **data},
        follow=True,
    )
    refusals = [str(message) for message in response.context["messages"]]
    assert len(refusals) == 1
    assert refusals[0].startswith("reporter may not ")
    claim.refresh_from_db()
    assert (claim.status, claim.assignee) == (ClaimStatus.IN_REVIEW, None)
    assert AuditEntry.objects.count() == events
