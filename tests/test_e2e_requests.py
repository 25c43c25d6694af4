"""A reader's correction request end to end, in Chromium and through real parts:
the reader files it on the public form (the browser solves the real challenge), an
editor triages and upholds it, the correction drafted from it is approved by a
second person and published; a Celery worker (its own process, on a Redis of the
test's own) sends the reader's two e-mails to an SMTP server on 127.0.0.1, and
POSTs ``correction.published`` to a webhook receiver there, signed as the README
says; the standards record counts it. A bot without the challenge, and one over the
rate limit, are refused with their message. axe checks the form and the record.

PostgreSQL only, like every live_server and worker test here: see
``test_e2e_desk`` and ``test_task_queue``.
"""

import json
import re
from email.message import Message
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coverage.models import AuditEntry, Correction, CorrectionRequest
from tests.browser import log_in
from tests.factories import (
    ArticleFactory,
    PublishedCorrectionFactory,
    WebhookSubscriptionFactory,
)
from tests.processes import wait_until
from tests.reader_requests import FORM_URL
from tests.task_queue import webhook_receiver
from tests.test_accessibility import audit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTICLE_URL = "https://outlet.test/walrus-cliff"


@pytest.fixture(autouse=True)
def quick_challenge(settings):
    """A real challenge, solved by the page's script, over a smaller range: the
    machine running the tests is shared."""
    settings.NEWSROOM_REQUEST_CHALLENGE_MAX_NUMBER = 20_000


def message(page):
    return page.locator("ul.messagelist li").first


def readme_verify():
    """The receiver's ``verify`` as the README prints it, run as a receiver would."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    (code,) = re.findall(
        r"A receiver checks it like this.*?```python\n(.*?)```", readme, flags=re.S
    )
    namespace = {}
    exec(code, namespace)  # the README's own example, as a receiver runs it
    return namespace["verify"]


def mail_to(mailbox, address: str) -> list[Message]:
    return [m for m in mailbox.messages if m["To"] == address]


def plain_text(message: Message) -> str:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    return part.get_payload(decode=True).decode(part.get_content_charset())


@pytest.fixture
def receiver():
    with webhook_receiver() as receiver:
        yield receiver


def test_a_reader_request_becomes_a_published_correction(
    open_page, editor, standards_editor, mailbox_and_queue, receiver
):
    mailbox, task_queue = mailbox_and_queue
    task_queue.start_worker("w1")
    hook = WebhookSubscriptionFactory(url=receiver.url, owner=standards_editor)
    earlier = PublishedCorrectionFactory(article__url=ARTICLE_URL)
    article = earlier.article

    # The reader comes from the permalink of an earlier correction.
    reader = open_page("reader")
    reader.goto(earlier.get_absolute_url())
    reader.get_by_role("link", name="Report an error in this article").click()
    expect(reader).to_have_url(re.compile(r"/corrections/request/\?article="))
    expect(reader.get_by_label("The article")).to_have_value(ARTICLE_URL)
    assert audit(reader, "request form") == []
    reader.get_by_label("The words in question").fill("More than 7,000 walruses died.")
    reader.get_by_label("What is wrong").fill(
        "The agency's count was about 700, not 7,000."
    )
    reader.get_by_label("A supporting link").fill("https://agency.test/walrus-count")
    reader.get_by_label("Your e-mail address (optional)").fill("reader@example.org")
    expect(reader.locator("#challenge-status")).to_have_text(
        "Anti-spam check done: you can send the report.", timeout=60_000
    )
    reader.get_by_role("button", name="Send the report").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Thank you: your report was received"
    )
    filed = CorrectionRequest.objects.get()
    expect(reader.locator(".private-link")).to_contain_text(filed.token)
    expect(reader.locator("main")).not_to_contain_text("7,000")
    assert audit(reader, "thank-you page") == []
    assert filed.article == article
    (receipt,) = wait_until(
        lambda: mail_to(mailbox, "reader@example.org"), awaited="the receipt"
    )
    assert receipt["Subject"] == "We received your correction request"
    assert filed.get_absolute_url() in plain_text(receipt)

    # An editor triages it from the queue, and upholds it.
    desk = open_page("editor")
    log_in(desk, "editor")
    desk.goto("/admin/coverage/correctionrequest/")
    desk.get_by_role("link", name=re.compile(f"Request {filed.pk}:")).click()
    moves = desk.locator("#request-moves")
    moves.get_by_role("button", name="Triage").click()
    expect(message(desk)).to_have_text(
        f"Request {filed.pk} is now triaged, assigned to editor."
    )
    uphold = desk.locator("#request-moves form").filter(
        has=desk.get_by_role("heading", name="Uphold and draft a correction")
    )
    expect(uphold.get_by_label("What was wrong")).to_have_value(
        "More than 7,000 walruses died."
    )
    uphold.get_by_label("What is right").fill("About 700 walruses died.")
    uphold.get_by_label("Public explanation").fill(
        "A reader pointed us to the agency's count."
    )
    uphold.get_by_role("button", name="Uphold and draft a correction").click()
    correction = Correction.objects.exclude(pk=earlier.pk).get()
    expect(message(desk)).to_contain_text(
        f"Request {filed.pk} upheld: correction {correction.pk} is drafted."
    )
    desk.get_by_role("button", name="Submit for approval").click()
    expect(message(desk)).to_have_text(
        f"Correction {correction.pk} is now submitted for approval."
    )

    # The reader's page says it is upheld, and nothing of the desk's notes.
    reader.goto(filed.get_absolute_url())
    expect(reader.locator("#request-outcome")).to_contain_text("Upheld")

    # A second person approves and publishes it.
    standards = open_page("standards")
    log_in(standards, "standards")
    standards.goto(f"/admin/coverage/correction/{correction.pk}/change/")
    standards.get_by_role("button", name="Approve and publish").click()
    expect(message(standards)).to_have_text(
        f"Correction {correction.pk} is now published."
    )

    # The reader has both e-mails, once each, and the page links the correction.
    wait_until(
        lambda: len(mail_to(mailbox, "reader@example.org")) == 2,
        awaited="the e-mail saying it is published",
    )
    to_reader = mail_to(mailbox, "reader@example.org")
    assert [m["Subject"] for m in to_reader] == [
        "We received your correction request",
        "We have published a correction",
    ]
    assert correction.get_absolute_url() in plain_text(to_reader[1])

    # The newsroom's CMS got it, signed with its subscription's secret.
    (post,) = wait_until(lambda: receiver.requests, awaited="the webhook")
    assert post["headers"]["Newsroom-Event"] == "correction.published"
    verify, signed = readme_verify(), post["headers"]["Newsroom-Signature"]
    assert verify(hook.secret, signed, post["body"])
    assert not verify("another secret", signed, post["body"])
    assert not verify(hook.secret, signed, post["body"] + b" ")
    sent = json.loads(post["body"])
    assert sent["event"] == "correction.published"
    assert sent["data"]["what_is_right"] == "About 700 walruses died."

    # The standards record counts it as a correction that came from a reader.
    standards.goto("/admin/coverage/correction/standards/")
    expect(standards.locator(".headline-figure")).to_contain_text(
        "2 corrections published"
    )
    expect(standards.locator(".headline-figure")).to_contain_text(
        "1 came from readers' requests"
    )
    upheld = standards.locator("#requests-caption + svg + table tr", has_text="Upheld")
    expect(upheld.locator("td")).to_have_text("1")
    assert audit(standards, "standards record") == []
    reader.goto(filed.get_absolute_url())
    reader.get_by_role("link", name="Read the correction").click()
    expect(reader.locator("article.correction")).to_contain_text(
        "About 700 walruses died."
    )
    filed.refresh_from_db()
    assert filed.closed_at is not None
    assert [e.action for e in AuditEntry.objects.for_object(filed)] == [
        "request.receive",
        "request.triage",
        "request.uphold",
        "request.corrected",
    ]


def test_a_bot_without_the_challenge_or_over_the_limit_is_refused(open_page, settings):
    settings.NEWSROOM_REQUEST_LIMIT_PER_ADDRESS = 3
    ArticleFactory(url=ARTICLE_URL)
    # A person sending the form empty is told what each field needs.
    person = open_page("person")
    person.goto(FORM_URL)
    person.get_by_role("button", name="Send the report").click()
    expect(person.get_by_role("alert")).to_contain_text("Your report was not sent")
    expect(person.locator("#id_quote_error")).to_have_text(
        "Copy the words you think are wrong."
    )
    assert audit(person, "request form with errors") == []

    bot = open_page("bot")
    bot.goto(FORM_URL)
    # A bot posts the form as served, without running its script.
    form = {
        "article": ARTICLE_URL,
        "quote": "Some words.",
        "what_is_wrong": "Buy cheap watches.",
        "supporting_link": "https://spam.test/",
        "csrfmiddlewaretoken": bot.locator(
            "input[name=csrfmiddlewaretoken]"
        ).get_attribute("value"),
    }
    refused = bot.request.post(FORM_URL, form=form)
    assert refused.status == 400
    assert "The anti-spam check did not run" in refused.text()
    bot.request.post(FORM_URL, form=form)
    limited = bot.request.post(FORM_URL, form=form)
    assert limited.status == 429
    assert "Too many requests have come from your network" in limited.text()
    assert not CorrectionRequest.objects.exists()
