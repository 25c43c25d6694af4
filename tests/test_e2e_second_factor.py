"""Two factors in Chromium, through the real login pages: a new editor enrols on
the first login and reaches the desk; the next login asks for the app's code. axe
checks each second-factor page on the way (no serious or critical violation).

The person's app is django-otp's own TOTP, fed the secret the page shows.
PostgreSQL only, like every live_server test here: see ``test_e2e_desk``.
"""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.logins import current_code, let_time_pass
from tests.test_accessibility import audit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def enter_password(page, username: str) -> None:
    page.goto("/admin/coverage/claim/desk/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_editor_enrols_at_the_first_login_and_reaches_the_desk(open_page, editor):
    page = open_page("editor")
    enter_password(page, "editor")

    expect(page).to_have_url(re.compile(r"/admin/second-factor/enrol/"))
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    problems = audit(page, "enrol")
    secret = page.locator("#second-factor-secret").inner_text()
    app = TOTP(b32decode(secret.replace(" ", "")))

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".errornote")).to_contain_text("That code is not right")
    problems += audit(page, "enrol: wrong code")
    let_time_pass(TOTPDevice.objects.get(), 1)  # the wait after a wrong code

    page.get_by_label("Code").fill(f"{app.token():06d}")
    page.get_by_role("button", name="Confirm").click()
    codes = page.locator("#recovery-codes code")
    expect(codes).to_have_count(10)
    assert set(codes.all_inner_texts()) == set(
        StaticToken.objects.values_list("token", flat=True)
    )
    problems += audit(page, "recovery codes")

    page.get_by_role("link", name="Continue to the desk").click()
    expect(page.get_by_role("heading", name="Claims by status")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The next login asks for the app's code, then goes where it was going.
    enter_password(page, "editor")
    expect(page).to_have_url(re.compile(r"/admin/second-factor/\?next="))
    problems += audit(page, "verify")
    page.get_by_label("Code").fill(current_code(TOTPDevice.objects.get()))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Claims by status")).to_be_visible()

    # New recovery codes, from the desk's home page.
    page.goto("/admin/")
    page.get_by_role("link", name="make new recovery codes").click()
    problems += audit(page, "new recovery codes")
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(codes).to_have_count(10)
    assert set(codes.all_inner_texts()) == set(
        StaticToken.objects.values_list("token", flat=True)
    )

    assert not problems, "\n".join(problems)
