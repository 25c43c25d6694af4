"""The public correction request form: every way a post is refused, with its
message, and what a filed request keeps (and never shows)."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from coverage import workflow
from coverage.models import AuditEntry, CorrectionRequest, Notification
from coverage.public import challenge
from tests.factories import (
    ArticleFactory,
    PublishedCorrectionFactory,
    UserFactory,
)
from tests.reader_requests import FORM_URL, form_data, solved

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def easy_challenge(settings):
    settings.NEWSROOM_REQUEST_CHALLENGE_MAX_NUMBER = 2000


def post(client, **overrides):
    return client.post(FORM_URL, form_data(**overrides))


def errors_of(response) -> str:
    return " ".join(re.sub(r"\s+", " ", response.content.decode()).split())


def test_the_form_carries_a_challenge_and_is_never_cached(client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-challenge="' in page
    assert 'data-signature="' in page
    assert '<script src="/static/coverage/challenge.js" defer></script>' in page
    assert "no-store" in response["Cache-Control"]
    assert "<noscript>" in page  # what a reader without JavaScript is told


def test_every_public_page_links_to_the_form(client):
    assert f'href="{FORM_URL}"' in client.get("/").content.decode()
    assert f'href="{FORM_URL}"' in client.get("/claims/").content.decode()


def test_a_correction_permalink_prefills_the_form(client):
    correction = PublishedCorrectionFactory(
        article__url="https://outlet.test/walrus-cliff"
    )
    page = client.get(correction.get_absolute_url()).content.decode()
    link = re.search(r'href="(/corrections/request/\?[^"]+)"', page).group(1)
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="https://outlet.test/walrus-cliff"' in form
    assert correction.what_is_right in form


def test_an_unpublished_article_is_not_named_by_its_id(client):
    hidden = ArticleFactory(headline="A headline nobody has reviewed")
    form = client.get(f"{FORM_URL}?article={hidden.pk}").content.decode()
    assert "A headline nobody has reviewed" not in form


def test_a_filed_request_keeps_a_hashed_address_and_tells_the_reader(
    client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(url="https://outlet.test/walrus-cliff")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client)
    filed = CorrectionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == filed.get_absolute_url() + "?received=1"
    assert filed.article == article
    assert filed.status == "new"
    assert filed.email == "reader@example.org"
    assert "127.0.0.1" not in filed.client_hash
    assert len(filed.client_hash) == 64
    [entry] = AuditEntry.objects.for_object(filed)
    assert (entry.action, entry.actor) == ("request.receive", None)
    assert "reader@example.org" not in str(entry.changes)
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert filed.get_absolute_url() in message.body


def test_the_thank_you_page_shows_the_private_link_and_nothing_typed(client):
    response = client.get(post(client)["Location"])
    page = response.content.decode()
    filed = CorrectionRequest.objects.get()
    assert "Thank you" in page
    assert f"/corrections/request/{filed.token}/" in page
    for typed in ("7,000 walruses", "agency counted", "reader@example.org"):
        assert typed not in page


def test_markup_is_stripped_from_every_field(client):
    post(
        client,
        article="<a href='x'>The walrus story</a>",
        quote="<b>More</b> than <script>7,000</script> died",
        what_is_wrong="<img src=x onerror=alert(1)>The count was <i>700</i>.",
    )
    filed = CorrectionRequest.objects.get()
    assert filed.article_given == "The walrus story"
    assert filed.quote == "More than 7,000 died"
    assert filed.what_is_wrong == "The count was 700."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("what_is_wrong", "word " * 301, "at most 300 words (this has 301)"),
        ("quote", "x" * 1001, "Quote at most 1000 characters (this has 1001)"),
        ("article", "x" * 1001, "at most 1000 characters (this has 1001)"),
        ("supporting_link", "javascript:alert(1)", "starting http:// or https://"),
        ("supporting_link", "ftp://files.test/a", "starting http:// or https://"),
        ("supporting_link", "", "Give a link to a page that supports"),
        ("email", "not-an-address", "Enter an e-mail address like"),
        ("quote", "<p></p>", "Copy the words you think are wrong."),
        ("article", "", "Tell us which article"),
    ],
)
def test_each_bad_field_is_refused_with_its_message(client, field, value, message):
    response = post(client, **{field: value})
    assert response.status_code == 400
    assert message in errors_of(response)
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_a_post_without_the_challenge_is_refused(client):
    response = post(client, challenge="")
    assert response.status_code == 400
    assert "The anti-spam check did not run" in errors_of(response)
    assert not CorrectionRequest.objects.exists()


def test_a_forged_challenge_is_refused(client):
    issued = challenge.issue()
    forged = challenge.encode(
        {
            "algorithm": "SHA-256",
            "challenge": issued["challenge"],
            "number": 1,
            "salt": issued["salt"],
            "signature": "0" * 64,
        }
    )
    for payload in (forged, "not base64 at all!", "e30="):
        response = post(client, challenge=payload)
        assert response.status_code == 400
        assert challenge.INVALID in errors_of(response)
    assert not CorrectionRequest.objects.exists()


def test_an_expired_challenge_is_refused(client):
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    response = post(client, challenge=solved(now=an_hour_ago))
    assert response.status_code == 400
    assert "The anti-spam check expired" in errors_of(response)


def test_a_solved_challenge_is_accepted_once(client):
    payload = solved()
    assert post(client, challenge=payload).status_code == 302
    response = post(client, challenge=payload, email="")
    assert response.status_code == 400
    assert "This anti-spam check was already used" in errors_of(response)
    assert CorrectionRequest.objects.count() == 1


def test_too_many_posts_from_one_address_get_a_429(client, settings):
    settings.NEWSROOM_REQUEST_LIMIT_PER_ADDRESS = 2
    assert post(client, email="").status_code == 302
    assert post(client, email="", challenge="").status_code == 400  # counts too
    response = post(client, email="")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Too many requests have come from your network" in errors_of(response)
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert other.post(FORM_URL, form_data(email="")).status_code == 302
    assert CorrectionRequest.objects.count() == 2


def test_too_many_requests_from_one_email_get_a_429(settings):
    settings.NEWSROOM_REQUEST_LIMIT_PER_EMAIL = 1
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    assert post(first, email="Reader@Example.org").status_code == 302
    response = post(second, email="reader@example.org")
    assert response.status_code == 429
    assert "from this e-mail address" in errors_of(response)
    assert CorrectionRequest.objects.count() == 1


def test_a_body_past_the_cap_is_refused_before_it_is_read(client):
    response = post(client, what_is_wrong="x" * 40_000)
    assert response.status_code == 413
    assert "more than the form can take" in errors_of(response)


def test_a_post_without_the_csrf_token_is_refused():
    response = Client(enforce_csrf_checks=True).post(FORM_URL, form_data())
    assert response.status_code == 403
    assert "Its security token was missing or had expired" in errors_of(response)
    assert not CorrectionRequest.objects.exists()


def test_the_status_page_never_shows_notes_or_what_anyone_typed(client):
    editor = UserFactory(username="editor", role="Editor")
    mine = workflow.receive_request(
        article_given="https://outlet.test/a",
        quote="Words only I typed",
        what_is_wrong="My secret reasoning",
        supporting_link="https://agency.test/",
        email="me@example.org",
        client_hash="0" * 64,
    )
    theirs = workflow.receive_request(
        article_given="https://outlet.test/a",
        quote="Another reader's words",
        what_is_wrong="Another reader's reasoning",
        supporting_link="https://agency.test/",
        email="them@example.org",
        client_hash="1" * 64,
    )
    workflow.note_request(mine, actor=editor, internal_notes="Desk-only remark")
    workflow.triage_request(mine, actor=editor, note="Triage note for the desk")
    workflow.mark_duplicate(theirs, actor=editor, original=mine)
    workflow.decline_request(
        mine, actor=editor, reason="The agency's own figure is 7,000."
    )
    for request, shown in ((mine, "The agency"), (theirs, "another reader")):
        response = client.get(request.get_absolute_url())
        page = response.content.decode()
        assert shown in page
        for secret in (
            "Desk-only remark",
            "Triage note",
            "Words only I typed",
            "My secret reasoning",
            "Another reader's",
            "me@example.org",
            "them@example.org",
            "editor",
            mine.token if request is theirs else theirs.token,
        ):
            assert secret not in page, secret
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Robots-Tag"] == "noindex"
        assert "no-store" in response["Cache-Control"]


def test_an_unknown_token_is_a_404(client):
    assert client.get("/corrections/request/" + "x" * 43 + "/").status_code == 404
    assert client.get("/corrections/request/short/").status_code == 404


def test_no_reader_email_means_no_e_mail(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, email="")
    assert mail.outbox == []
    assert not Notification.objects.exists()
