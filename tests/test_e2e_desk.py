"""The desk end to end, in Chromium: from an imported article to a correction the
public can find, each step by the person whose job it is, through the pages they
use.

PostgreSQL only: live_server needs committed data, so these are transactional
tests, and on SQLite Django's flush after them deletes rows that the append-only
triggers refuse to delete. ``serialized_rollback`` brings back the role groups
that PostgreSQL's TRUNCATE flush removes.
"""

import re

import pytest
from playwright.sync_api import expect

from coverage import workflow
from coverage.importers import import_file
from coverage.models import Article, AuditEntry, Claim, Correction, Evidence
from tests.browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def seeded_desk(seeds_dir, reporter, editor, standards_editor, second_standards_editor):
    """The three seed articles through the real importer, and one correction
    already published on another outlet's article, so the outlet filter has
    something to leave out."""
    for path in sorted(seeds_dir.glob("*.txt")):
        assert import_file(path, actor=reporter, story_slug="our-planet-walrus").ok
    other = Article.objects.exclude(outlet__slug="ladbible").order_by("id").first()
    earlier = workflow.draft_correction(
        other,
        actor=reporter,
        kind=Correction.Kind.CLARIFICATION,
        what_was_wrong="The article did not name the coast.",
        what_is_right="The haul-out is on the Chukotka coast.",
        public_explanation="We have added where the scene was filmed.",
    )
    workflow.submit_correction(earlier, actor=editor)
    workflow.publish_correction(earlier, actor=second_standards_editor)
    return Article.objects.get(outlet__slug="ladbible")


def message(page):
    return page.locator("ul.messagelist li").first


def test_a_correction_goes_from_draft_to_the_public_log(open_page, seeded_desk):
    article = seeded_desk

    # A reporter drafts a correction from the article's page.
    desk = open_page("reporter")
    log_in(desk, "reporter")
    desk.goto(f"/admin/coverage/article/{article.pk}/change/")
    desk.get_by_role("link", name="Draft a correction").click()
    expect(desk.locator("#id_article")).to_have_value(str(article.pk))
    desk.get_by_label("Kind").select_option(label="Correction")
    desk.get_by_label("What was wrong").fill(
        "An earlier version said more than 7,000 walruses died."
    )
    desk.get_by_label("What is right").fill("More than 700 walruses died in 2017.")
    desk.get_by_label("Public explanation").fill(
        "We misread the count by a factor of ten and have corrected it."
    )
    desk.get_by_role("button", name="Save", exact=True).click()
    expect(message(desk)).to_contain_text("was added successfully")
    correction = Correction.objects.get(article=article)
    assert (correction.status, correction.author.username) == ("draft", "reporter")

    # An editor takes a claim from the queue, checks it and gives a verdict.
    editor = open_page("editor")
    log_in(editor, "editor")
    editor.goto("/admin/coverage/claim/?assignment=unassigned")
    editor.locator("#searchbar").fill("700 casualties")
    editor.get_by_role("button", name="Search").click()
    rows = editor.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Unreviewed")
    rows.get_by_role("link").first.click()
    claim = Claim.objects.get(text__contains="700 casualties")
    expect(editor).to_have_url(re.compile(rf"/admin/coverage/claim/{claim.pk}/change/"))

    editor.get_by_role("button", name="Assign to me").click()
    expect(message(editor)).to_have_text(
        f"Claim {claim.pk} is now unreviewed, assigned to editor."
    )
    editor.get_by_role("button", name="Start review").click()
    expect(message(editor)).to_have_text(
        f"Claim {claim.pk} is now in review, assigned to editor."
    )

    editor.get_by_role("button", name="Add another Evidence").click()
    editor.locator("[name='evidence-0-stance']").select_option(label="Refutes")
    editor.locator("[name='evidence-0-citation']").fill(
        "Regional monitors' count of carcasses, autumn 2017"
    )
    editor.locator("[name='evidence-0-url']").fill("https://monitors.example/2017")
    editor.get_by_role("button", name="Save and continue editing").click()
    expect(message(editor)).to_contain_text("was changed successfully")
    expect(editor.locator("[name='evidence-0-citation']")).to_have_value(
        "Regional monitors' count of carcasses, autumn 2017"
    )

    verdict = editor.locator("#claim-transitions form").filter(
        has=editor.get_by_role("heading", name="Give a verdict")
    )
    verdict.get_by_label("Verdict").select_option(label="Accurate")
    verdict.get_by_label("Note").fill("Monitors counted a little over 700.")
    verdict.get_by_label("Public summary").fill(
        "Regional monitors counted more than 700 dead walruses that autumn."
    )
    verdict.get_by_role("button", name="Give verdict and publish").click()
    expect(message(editor)).to_have_text(
        f"Claim {claim.pk} is now accurate, assigned to editor."
    )
    expect(editor.locator(".field-timeline")).to_contain_text("Gave verdict")

    # The editor submits the reporter's draft for approval.
    editor.goto("/admin/coverage/correction/?status__exact=draft")
    editor.get_by_role("link", name=re.compile("Correction on")).click()
    editor.get_by_role("button", name="Submit for approval").click()
    expect(message(editor)).to_have_text(
        f"Correction {correction.pk} is now submitted for approval."
    )
    expect(editor.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # A standards editor finds it on the desk and publishes it.
    standards = open_page("standards")
    log_in(standards, "standards")
    standards.goto("/admin/coverage/claim/desk/")
    awaiting = standards.locator("#desk-corrections")
    expect(awaiting).to_contain_text("you may publish")
    awaiting.get_by_role("link", name=re.compile(re.escape(article.headline))).click()
    standards.get_by_role("button", name="Approve and publish").click()
    expect(message(standards)).to_have_text(
        f"Correction {correction.pk} is now published."
    )
    expect(standards.locator("#correction-status")).to_contain_text(
        "cannot be changed or deleted"
    )

    # A reader finds it in the log, narrows the log to the outlet, and follows it.
    reader = open_page("reader")
    reader.goto("/corrections/")
    expect(reader.locator(".count")).to_have_text("2 corrections")
    reader.get_by_label("Outlet").select_option(label="LADbible")
    reader.get_by_role("button", name="Filter").click()
    expect(reader).to_have_url(re.compile(r"[?&]outlet=ladbible(&|$)"))
    expect(reader.locator(".count")).to_have_text("1 correction")
    entry = reader.locator("article.correction")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("More than 700 walruses died in 2017.")
    expect(entry).not_to_contain_text("Chukotka")

    entry.get_by_role("link", name=re.compile("^Permalink")).click()
    expect(reader).to_have_url(re.compile(rf"/corrections/{correction.pk}/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Correction to an article from LADbible"
    )
    expect(reader.locator("article.correction")).to_contain_text(
        "We misread the count by a factor of ten"
    )

    for link_type in ("application/atom+xml", "application/rss+xml"):
        feed_url = reader.locator(
            f"link[rel=alternate][type='{link_type}']"
        ).get_attribute("href")
        feed = reader.request.get(feed_url)
        assert feed.ok
        assert feed.headers["content-type"].startswith(link_type)
        assert "More than 700 walruses died in 2017." in feed.text()
        assert f"/corrections/{correction.pk}/" in feed.text()

    reader.goto(f"/claims/{claim.pk}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Fact check: accurate")
    expect(reader.locator("main")).to_contain_text("more than 700 dead walruses")

    # What the pages said happened is what the records say.
    events = AuditEntry.objects.for_object(claim)
    assert [(e.action, e.changes.get("status")) for e in events] == [
        ("claim.assign", None),
        ("claim.start_review", ["unreviewed", "in_review"]),
        ("evidence.add", None),
        ("claim.verdict", ["in_review", "accurate"]),
    ]
    assert {e.actor.username for e in events} == {"editor"}
    assert Evidence.objects.get(claim=claim).added_by.username == "editor"
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PUBLISHED
    assert (correction.author.username, correction.approver.username) == (
        "reporter",
        "standards",
    )
    assert Correction.objects.published().count() == 2
