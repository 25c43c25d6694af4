"""Desk accounts behind two factors: who needs one, enrolling, codes, throttling,
and the admin shut to a session that has only given its password.

Logins go through the real pages: the admin's password form (django-axes in front),
then the second-factor pages, with codes computed by django-otp's own TOTP from the
device's key, as the person's app would compute them.
"""

import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage.models import AuditEntry, Claim, ClaimStatus
from coverage.second_factor.devices import issue_recovery_codes, requires_second_factor
from tests import factories
from tests.admin_pages import (
    admin_pages,
    admin_url,
    extra_view_url,
    extra_views,
    sample_of,
)
from tests.factories import PASSWORD
from tests.logins import app_of, current_code, let_time_pass, log_in
from tests.test_security import breaches_in

pytestmark = pytest.mark.django_db

VERIFY = "/admin/second-factor/"
ENROL = "/admin/second-factor/enrol/"
DESK = "/admin/coverage/claim/desk/"
WRONG_CODE = "That code is not right, or has already been used."
THROTTLED = "Too many wrong codes."


def user_in(role: str):
    if role == "superuser":
        return factories.UserFactory(username="root", is_superuser=True)
    return factories.UserFactory(username=f"as-{role}", role=role)


def password_login(client, user, next_url="/admin/"):
    """The admin's login form; returns where the login sends the person next."""
    response = client.post(
        f"/admin/login/?next={next_url}",
        {"username": user.username, "password": PASSWORD, "next": next_url},
        REMOTE_ADDR="203.0.113.7",
        follow=True,
    )
    assert response.status_code == 200
    assert "_auth_user_id" in client.session
    return response


def enter(client, code: str, url=f"{VERIFY}?next=/admin/"):
    return client.post(url, {"code": code, "next": "/admin/"})


def in_the_admin(client) -> bool:
    return client.get("/admin/").status_code == 200


# Who needs a second factor.


@pytest.mark.parametrize(
    ("role", "needs_it"),
    [
        ("Reporter", False),
        ("Editor", True),
        ("Standards editor", True),
        ("superuser", True),
    ],
)
def test_who_needs_a_second_factor(client, role, needs_it):
    user = user_in(role)
    assert requires_second_factor(user) is needs_it

    response = password_login(client, user)
    if needs_it:
        assert response.redirect_chain[-1][0] == f"{ENROL}?next=%2Fadmin%2F"
        assert not in_the_admin(client)
    else:
        assert response.redirect_chain == [("/admin/", 302)]
        assert in_the_admin(client)
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert "second-factor-link" not in client.get("/admin/").content.decode()


def test_the_setting_names_the_groups_that_need_it(client, settings):
    settings.NEWSROOM_OTP_REQUIRED_GROUPS = ["Reporter"]
    reporter, editor = user_in("Reporter"), user_in("Editor")
    root = user_in("superuser")
    assert [requires_second_factor(user) for user in (reporter, editor, root)] == [
        True,
        False,
        True,  # superusers always
    ]


def test_a_reporter_is_sent_on_from_the_second_factor_pages(client):
    log_in(client, user_in("Reporter"))
    for url in (VERIFY, ENROL):
        response = client.get(f"{url}?next={DESK}")
        assert (response.status_code, response["Location"]) == (302, DESK)
    assert not TOTPDevice.objects.exists()


def test_anonymous_visitors_are_sent_to_the_password_form(client):
    response = client.get(VERIFY)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# Enrolment on the first login.


def secret_on(page: str) -> bytes:
    secret = re.search(r'id="second-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    return b32decode(secret.replace(" ", ""))


def code_from(secret: bytes) -> str:
    return f"{TOTP(secret).token():06d}"


def test_first_login_enrols_the_app_then_shows_recovery_codes_once(client):
    editor = user_in("Editor")
    page = password_login(client, editor).content.decode()
    assert "Set up your second factor" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn on the server
    secret = secret_on(page)
    reloaded = client.get(f"{ENROL}?next=/admin/").content.decode()
    assert secret_on(reloaded) == secret  # the one already scanned

    response = enter(client, code_from(secret), url=f"{ENROL}?next=/admin/")
    assert response.status_code == 200
    codes = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode()
    )
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assert 'href="/admin/"' in response.content.decode()  # on to where they went
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert in_the_admin(client)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id, entry.note) == (
        "second_factor.enrol",
        editor,
        editor.pk,
        "Authenticator app confirmed; 10 recovery codes issued.",
    )

    # Shown once: the codes page is the answer to that POST, and nothing else.
    assert codes[0] not in client.get(VERIFY, follow=True).content.decode()


def test_a_wrong_code_does_not_confirm_the_enrolment(client):
    editor = user_in("Editor")
    password_login(client, editor)
    response = enter(client, "000000", url=f"{ENROL}?next=/admin/")
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert not TOTPDevice.objects.get(user=editor).confirmed
    assert not StaticToken.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not in_the_admin(client)


def test_an_enrolled_account_cannot_enrol_another_app_with_its_password(client):
    editor = user_in("Editor")
    app = app_of(editor)
    password_login(client, editor)
    response = client.get(f"{ENROL}?next=/admin/")
    assert (response.status_code, response["Location"]) == (
        302,
        f"{VERIFY}?next=%2Fadmin%2F",
    )
    assert list(TOTPDevice.objects.filter(user=editor)) == [app]


# Each later login.


def test_later_logins_ask_for_the_apps_code(client):
    editor = user_in("Editor")
    app = app_of(editor)
    response = password_login(client, editor, next_url=DESK)
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next={DESK}"
    assert "six-digit code" in response.content.decode()

    session_before = client.session.session_key
    response = client.post(
        f"{VERIFY}?next={DESK}", {"code": current_code(app), "next": DESK}
    )
    assert (response.status_code, response["Location"]) == (302, DESK)
    assert client.session.session_key != session_before  # a new key for more trust
    assert client.get(DESK).status_code == 200


def test_a_wrong_code_is_refused_and_logged(client, caplog):
    editor = user_in("Editor")
    app_of(editor)
    password_login(client, editor)
    response = enter(client, "123456")
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert not in_the_admin(client)
    assert f"Second factor: wrong code for {editor.username} (1 in a row)." in (
        caplog.text
    )


def test_an_app_code_is_accepted_once(client):
    editor = user_in("Editor")
    app = app_of(editor)
    password_login(client, editor)
    code = current_code(app)
    assert enter(client, code).status_code == 302

    again = Client()
    password_login(again, editor)
    assert WRONG_CODE in enter(again, code).content.decode()
    assert not in_the_admin(again)


def test_a_recovery_code_works_once(client):
    standards = user_in("Standards editor")
    app_of(standards)
    code, *others = issue_recovery_codes(standards)
    password_login(client, standards)
    response = enter(client, code.upper())  # as people type them
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    home = client.get("/admin/").content.decode()
    assert "recovery code; 9 are left" in home
    assert f'href="{reverse("second_factor:recovery_codes")}"' in home

    again = Client()
    password_login(again, standards)
    response = enter(again, code)
    assert WRONG_CODE in response.content.decode()
    assert not in_the_admin(again)
    assert StaticToken.objects.filter(device__user=standards).count() == 9


def test_new_recovery_codes_replace_the_old_ones_and_need_a_verified_session(
    client,
):
    editor = user_in("Editor")
    app_of(editor)
    old = issue_recovery_codes(editor)
    url = reverse("second_factor:recovery_codes")

    password_login(client, editor)
    audit_rows = AuditEntry.objects.count()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=editor).count() == 10
    assert AuditEntry.objects.count() == audit_rows

    log_in(client, editor)
    new = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>", client.post(url).content.decode()
    )
    assert len(new) == 10
    assert set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    ) == set(new)
    assert not set(old) & set(new)
    latest = AuditEntry.objects.first()  # newest first
    assert (latest.action, latest.actor, AuditEntry.objects.count()) == (
        "second_factor.recovery_codes",
        editor,
        audit_rows + 1,
    )


def test_the_next_address_never_leaves_the_site(client):
    editor = user_in("Editor")
    app = app_of(editor)
    password_login(client, editor)
    response = client.post(
        f"{VERIFY}?next=https://evil.example/",
        {"code": current_code(app), "next": "https://evil.example/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")


# Throttling: the password (django-axes, see test_security.py) and the code.


@pytest.fixture
def minute(settings):
    """Waits after wrong codes of minutes, not the configured seconds, so that
    a slow step of a test cannot sit out a wait by itself; the waits still
    double. Time passes in these tests only when they say so."""
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 60
    return 60


def test_after_wrong_codes_even_the_right_one_is_refused_until_the_wait_is_over(
    client, minute
):
    editor = user_in("Editor")
    app = app_of(editor)
    password_login(client, editor)
    for attempt in range(1, 4):
        assert WRONG_CODE in enter(client, "000000").content.decode(), attempt
        let_time_pass(app, 2 ** (attempt - 1) * minute)  # each wait, sat out
    # Three failures: the next code waits 4 minutes (1, 2, 4, ...).
    assert enter(client, "000000").status_code == 200
    app.refresh_from_db()
    assert app.throttling_failure_count == 4  # now 8 minutes

    refused = enter(client, current_code(app))
    assert refused.status_code == 429
    assert THROTTLED in refused.content.decode()
    assert not in_the_admin(client)

    let_time_pass(app, 4 * minute)  # half the wait
    assert enter(client, current_code(app)).status_code == 429
    app.refresh_from_db()
    assert app.throttling_failure_count == 4  # refusals while throttled do not count

    let_time_pass(app, 4 * minute)
    response = enter(client, current_code(app))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    app.refresh_from_db()
    assert app.throttling_failure_count == 0


def test_recovery_codes_are_throttled_too(client, minute):
    editor = user_in("Editor")
    app_of(editor)
    code, *_ = issue_recovery_codes(editor)
    password_login(client, editor)
    assert WRONG_CODE in enter(client, "notacode").content.decode()
    assert enter(client, code).status_code == 429
    assert StaticToken.objects.filter(token=code).exists()  # not spent on a refusal


def test_a_locked_out_password_is_refused_before_any_code_is_asked(client):
    editor = user_in("Editor")
    app_of(editor)
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": editor.username, "password": "wrong password"},
            REMOTE_ADDR="203.0.113.7",
        )
    response = client.post(
        "/admin/login/",
        {"username": editor.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


# A session that has only given its password: the admin is shut.


@pytest.fixture
def password_only(client):
    editor = user_in("Editor")
    app_of(editor)
    password_login(client, editor)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        DESK,
        "/admin/coverage/claim/",
        "/admin/coverage/",
        "/admin/autocomplete/?app_label=coverage&model_name=claim&field_name=claim",
        "/admin/password_change/",
        "/admin/no-such-page/",
    ],
)
def test_an_unverified_session_is_sent_to_the_second_factor(password_only, url):
    response = password_only.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


@pytest.fixture
def superuser_password_only(client):
    """A superuser, who may open every admin page, after the password alone."""
    client.force_login(user_in("superuser"))
    return client


def assert_sent_to_the_second_factor(client, url):
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302, url
        assert response["Location"] == f"{VERIFY}?next={url}"


@pytest.mark.parametrize(("model", "page"), admin_pages())
def test_no_admin_page_opens_to_a_password_alone(superuser_password_only, model, page):
    url = admin_url(model, page, sample_of(model))
    assert_sent_to_the_second_factor(superuser_password_only, url)


@pytest.mark.parametrize(("model", "name", "params"), extra_views())
def test_no_extra_admin_view_opens_to_a_password_alone(
    superuser_password_only, model, name, params
):
    assert_sent_to_the_second_factor(
        superuser_password_only, extra_view_url(model, name, params)
    )


def test_an_unverified_session_cannot_post_to_the_admin(password_only):
    claim = factories.ClaimFactory()
    response = password_only.post(
        f"/admin/coverage/claim/{claim.pk}/move/start_review/",
        {"version": claim.version, "note": "On it."},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNREVIEWED
    assert not AuditEntry.objects.exists()

    response = password_only.post(
        f"/admin/coverage/claim/{claim.pk}/change/", {"internal_notes": "Mine now."}
    )
    assert response.status_code == 302
    assert Claim.objects.get().internal_notes == claim.internal_notes


def test_an_unverified_session_can_log_out(password_only):
    response = password_only.post("/admin/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in password_only.session


def test_joining_a_group_that_needs_it_asks_for_it_at_the_next_page(client):
    reporter = user_in("Reporter")
    password_login(client, reporter)
    assert in_the_admin(client)
    reporter.groups.add(Group.objects.get(name="Editor"))
    response = client.get("/admin/")
    assert response["Location"].startswith(VERIFY)


def test_the_second_factor_pages_need_nothing_the_policy_blocks(client):
    editor = user_in("Editor")
    page = password_login(client, editor)
    assert breaches_in(page) == []
    app = TOTPDevice.objects.get(user=editor)
    app.confirmed = True
    app.save()
    assert breaches_in(client.get(VERIFY)) == []
    enter(client, current_code(app))
    assert breaches_in(client.get(reverse("second_factor:recovery_codes"))) == []
