"""The article's versions page and a correction's public "what changed" in
Chromium, checked with axe: no serious or critical violation, and the words a
change removed and added are read out as such. PostgreSQL only, like every
live_server test here: see ``test_e2e_desk``."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import log_in
from tests.factories import ClaimAppearanceFactory, PublishedCorrectionFactory
from tests.test_accessibility import audit
from tests.versions import FIRST, SECOND, THIRD, article_with_versions

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BRIDGES = "Councillor Ann Blake said the money would mend 40 bridges."


@pytest.fixture
def corrected():
    start = timezone.now() - datetime.timedelta(days=10)
    article = article_with_versions(FIRST, SECOND, THIRD, start=start)
    claim = ClaimAppearanceFactory(
        article=article,
        claim__story=article.story,
        claim__text=BRIDGES,
        quote=BRIDGES,
        revision=article.revisions.order_by("replaced_at").last(),
    ).claim
    correction = PublishedCorrectionFactory(
        article=article, published_at=start + datetime.timedelta(days=1, hours=12)
    )
    return article, claim, correction


def test_the_desk_compares_two_versions_with_no_serious_violations(
    open_page, reporter, corrected
):
    article, claim, _ = corrected
    page = open_page("reporter")
    log_in(page, reporter.username)
    page.goto(f"/admin/coverage/article/{article.pk}/change/")
    page.get_by_role("link", name="Versions").click()
    problems = audit(page, "versions (default)")

    page.get_by_label("From").select_option(index=0)  # the oldest
    page.get_by_role("button", name="Compare").click()
    comparison = page.locator("#comparison")
    expect(comparison).to_contain_text("Version 1")
    expect(comparison).to_contain_text("(graded now)")
    expect(comparison.locator("del").first).to_contain_text("removed: 15")
    expect(comparison.locator("ins").first).to_contain_text("added: 12")
    expect(page.locator("#versions")).to_contain_text(claim.text[:40])
    problems += audit(page, "versions (1 → current)")

    page.goto(f"/admin/coverage/claim/{claim.pk}/change/")
    expect(page.locator(".sentence-fate")).to_contain_text("This sentence changed")
    page.locator(".sentence-fate").get_by_role(
        "link", name="Compare the two versions"
    ).click()
    expect(page.locator("#comparison")).to_contain_text("30 old")
    problems += audit(page, "versions (from the claim)")
    assert not problems, "\n".join(problems)


def test_a_reader_sees_what_changed_with_no_serious_violations(open_page, corrected):
    *_, correction = corrected
    page = open_page("reader")
    page.goto(correction.get_absolute_url())
    change = page.get_by_role("region", name="What changed in the article")
    expect(change).to_contain_text("Change: substantive.")
    expect(change.locator("del").first).to_contain_text("removed: 15")
    expect(change.locator("ins").first).to_contain_text("added: 12")
    # The labels are for screen readers only.
    assert change.locator("ins .visually-hidden").first.bounding_box()["width"] <= 1
    problems = audit(page, "correction with its change")
    assert not problems, "\n".join(problems)
