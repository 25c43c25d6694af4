"""`make run` loads a demo newsroom that shows every state, once."""

import re
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage.demo import ACCOUNTS
from coverage.models import (
    Article,
    AuditEntry,
    Claim,
    ClaimLink,
    Correction,
    Evidence,
    Source,
)
from coverage.second_factor.devices import requires_second_factor

pytestmark = pytest.mark.django_db

MODELS = [Article, Claim, ClaimLink, Correction, Evidence, Source, AuditEntry]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_shows_every_state_and_prints_the_logins():
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)

    assert Article.objects.count() == 3
    assert set(Claim.objects.values_list("status", flat=True)) >= {
        "unreviewed",
        "in_review",
        "accurate",
        "disputed",
    }
    assert set(Correction.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "published",
    }
    assert ClaimLink.objects.filter(relation="contradicts").exists()
    for username, password in [
        ("reporter", "demo-reporter"),
        ("editor", "demo-editor"),
        ("standards", "demo-standards"),
        ("admin", "demo-admin"),
    ]:
        assert f"{username:<10} password {password}" in out.getvalue()
        assert get_user_model().objects.get(username=username).check_password(password)


def test_demo_accounts_that_need_a_second_factor_are_enrolled_with_a_printed_secret():
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    for account in ACCOUNTS:
        user = get_user_model().objects.get(username=account.username)
        apps = TOTPDevice.objects.filter(user=user, confirmed=True)
        if not requires_second_factor(user):
            assert not apps.exists()
            continue
        printed = re.search(
            rf"^ +{account.username:<10} password .*\n +app secret ([A-Z2-7]+)$",
            out.getvalue(),
            flags=re.MULTILINE,
        )
        assert printed, account.username
        app = apps.get()
        code = totp(b32decode(printed.group(1)))
        assert app.verify_token(code), "the printed secret gives the app's codes"
    assert "oathtool --totp -b SECRET" in out.getvalue()


def test_loading_the_demo_twice_duplicates_nothing():
    call_command("load_demo", "--force", stdout=StringIO())
    first = counts()
    call_command("load_demo", "--force", stdout=StringIO())
    assert counts() == first


def test_demo_refuses_to_create_known_passwords_with_debug_off():
    with pytest.raises(CommandError, match="passwords are public"):
        call_command("load_demo", stdout=StringIO())
    assert not get_user_model().objects.exists()
