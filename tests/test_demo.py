"""`make run` loads a demo newsroom that shows every state, once."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from coverage.models import (
    Article,
    Claim,
    ClaimLink,
    Correction,
    Evidence,
    Source,
    VerificationEvent,
)

pytestmark = pytest.mark.django_db

MODELS = [Article, Claim, ClaimLink, Correction, Evidence, Source, VerificationEvent]


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


def test_loading_the_demo_twice_duplicates_nothing():
    call_command("load_demo", "--force", stdout=StringIO())
    first = counts()
    call_command("load_demo", "--force", stdout=StringIO())
    assert counts() == first


def test_demo_refuses_to_create_known_passwords_with_debug_off():
    with pytest.raises(CommandError, match="passwords are public"):
        call_command("load_demo", stdout=StringIO())
    assert not get_user_model().objects.exists()
