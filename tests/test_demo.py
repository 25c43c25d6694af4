"""`make run` loads a demo newsroom that shows every state, once."""

import json
import re
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coverage.demo import ACCOUNTS, STORY_SLUG
from coverage.models import (
    Article,
    AuditEntry,
    Claim,
    ClaimLink,
    ClaimQuantity,
    Correction,
    CorrectionRequest,
    Evidence,
    NotificationPreference,
    Source,
    Story,
    WebhookDelivery,
)
from coverage.second_factor.devices import requires_second_factor
from tests.admin_pages import propagation_data
from tests.logins import log_in

pytestmark = pytest.mark.django_db

MODELS = [
    Article,
    Claim,
    ClaimLink,
    ClaimQuantity,
    Correction,
    Evidence,
    Source,
    AuditEntry,
    CorrectionRequest,
    NotificationPreference,
    WebhookDelivery,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_shows_every_state_and_prints_the_logins():
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)

    assert Article.objects.count() == 5
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


def test_demo_shows_readers_requests_preferences_and_a_webhook_log():
    call_command("load_demo", "--force", stdout=StringIO())

    statuses = set(CorrectionRequest.objects.values_list("status", flat=True))
    assert statuses == {"new", "triaged", "declined", "duplicate"}
    assert CorrectionRequest.objects.overdue().count() == 1
    assert NotificationPreference.objects.get(user__username="editor").daily_digest
    delivery = WebhookDelivery.objects.get(subscription__name="Newsroom CMS")
    assert delivery.status == "delivered"
    codes = list(delivery.attempt_log.values_list("response_code", flat=True))
    assert codes == [None, 200]
    assert json.loads(delivery.body)["event"] == "correction.published"


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


def test_demo_shows_scores_figures_a_conflict_and_a_merge_suggestion(client):
    call_command("load_demo", "--force", stdout=StringIO())
    assert all(0 <= c.worthiness <= 1 for c in Claim.objects.all())
    assert Claim.objects.exclude(worthiness_reasons=[]).exists()
    cliff = ClaimQuantity.objects.get(surface="80 metres")
    assert (cliff.value, cliff.unit, cliff.qualifier, cliff.noun) == (
        80,
        "metre",
        "about",
        "cliff",
    )
    vague = ClaimQuantity.objects.get(surface="hundreds of thousands")
    assert (vague.low, vague.high) == (200_000, 999_999)

    story = Story.objects.get(slug=STORY_SLUG)
    page = client.get(story.get_absolute_url()).content.decode()
    row = page.split('class="figure-conflict"')[1].split("</tr>")[0]
    assert "more than 600 (walrus)" in row
    assert "about 200 (walrus)" in row
    assert "120 feet" not in page  # that claim is not published
    documented = Claim.objects.get(text__contains="documented fact")
    assert (
        documented.proposition
        in client.get(documented.get_absolute_url()).content.decode()
    )

    editor = get_user_model().objects.get(username="editor")
    log_in(client, editor)
    desk = client.get(reverse("admin:coverage_claim_desk")).content.decode()
    assert story.title in desk.split('id="desk-conflicting-figures"')[1]
    height = Claim.objects.get(text__contains="80 metres")
    claim_page = client.get(
        reverse("admin:coverage_claim_change", args=[height.pk])
    ).content.decode()
    assert "up to 120 feet (cliff)" in claim_page.split("Conflicting figures")[1]
    suggestions = client.get(
        reverse("admin:coverage_source_merge_suggestions")
    ).content.decode()
    assert "H. Marsh" in suggestions.split('id="merge-suggestions"')[1]


def test_the_demo_offers_a_groups_verdict_that_drafts_a_correction_per_article(
    client,
):
    call_command("load_demo", "--force", stdout=StringIO())
    said = Claim.objects.filter(text__contains="35 years")
    adviser = said.get(appearances__article__outlet__name="Screen Weekly")
    reworded = said.get(appearances__article__outlet__name="Harbour Post")
    assert adviser.status == "inaccurate"
    log_in(client, get_user_model().objects.get(username="standards"))
    offered = propagation_data(client, adviser)
    assert offered["claims"] == [reworded.pk]

    client.post(
        reverse("admin:coverage_claim_propagate", args=[adviser.pk]),
        {**offered, "note": "The same adviser, the same years."},
    )
    reworded.refresh_from_db()
    assert reworded.status == "inaccurate"
    drafts = Correction.objects.filter(claim__in=[adviser, reworded])
    assert sorted(drafts.values_list("article__outlet__name", "status")) == [
        ("Harbour Post", "draft"),
        ("Screen Weekly", "draft"),
    ]
