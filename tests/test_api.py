import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coverage import search
from coverage.models import (
    ApiToken,
    Article,
    AuditAction,
    AuditEntry,
    Claim,
    Correction,
    CorrectionRequest,
    Notification,
)
from coverage.models.claims import claim_fingerprint
from coverage.public import throttle
from coverage.public.filters import MAX_PAGE
from coverage.public.views import PAGE_SIZE
from coverage.workflow.tokens import revoke_token
from tests import factories
from tests.api_clients import post, token_for
from tests.factories import PublishedClaimFactory
from tests.logins import log_in

pytestmark = pytest.mark.django_db

ARTICLE = {
    "headline": "Rangers count fewer wolves in the valley",
    "body": "The park service said on Monday that 41 wolves live in the valley, "
    "down from 60 a year ago. “We have never seen a fall like this,” said the "
    "chief ranger, Ana Ruiz.",
    "url": "https://example.org/wolves",
    "outlet": "The Valley Times",
}
CLAIM = {"text": "Wolves killed 300 sheep in the valley last year."}
REQUEST = {
    "article": "https://example.org/wolves",
    "quote": "41 wolves live in the valley",
    "what_is_wrong": "The park service's own count says 44.",
    "supporting_link": "https://parks.example.org/count",
}
WRITES = {
    "/api/articles": (ARTICLE, Article),
    "/api/claims": (CLAIM, Claim),
    "/api/correction-requests": (REQUEST, CorrectionRequest),
}


def rows(model) -> int:
    return model.objects.count()


@pytest.fixture
def nobody(db):
    """A desk account in no role: it may read the admin's index, nothing else."""
    return factories.UserFactory(username="nobody")


def secret_of(case: str, request) -> str | None:
    if case == "no token":
        return None
    if case == "unknown token":
        return "nrt_" + "x" * 43
    user = request.getfixturevalue(
        {"revoked": "reporter", "inactive owner": "reporter"}.get(case, case)
    )
    token, secret = token_for(user)
    if case == "revoked":
        revoke_token(token, actor=factories.UserFactory(username="root"))
    if case == "inactive owner":
        user.is_active = False
        user.save()
    return secret


@pytest.mark.parametrize("path", WRITES)
@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("no token", 401),
        ("unknown token", 401),
        ("revoked", 401),
        ("inactive owner", 401),
        ("nobody", 403),
        ("reporter", 201),
        ("editor", 201),
    ],
)
def test_write_permission_matrix(client, request, path, case, expected):
    if path == "/api/correction-requests" and case == "nobody":
        expected = 201  # anyone may ask for a correction, as a reader may
    payload, model = WRITES[path]
    secret = secret_of(case, request)
    audit_before, before = rows(AuditEntry), rows(model)

    response = post(client, path, payload, secret=secret)

    assert response.status_code == expected, response.content
    if expected == 401:
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    if expected >= 400:
        assert (rows(AuditEntry), rows(model)) == (audit_before, before)
    else:
        assert rows(model) == before + 1


def test_refusal_names_the_owner_and_what_they_may_not_do(client, nobody):
    _, secret = token_for(nobody)

    response = post(client, "/api/claims", CLAIM, secret=secret)

    assert response.json() == {"detail": "nobody may not add claims."}


@pytest.mark.parametrize(
    ("path", "payload", "field", "message"),
    [
        ("/api/articles", {**ARTICLE, "body": "  "}, "body", "missing or empty"),
        (
            "/api/articles",
            {**ARTICLE, "headline": "Wolves\x00"},
            "headline",
            "contains a NUL character",
        ),
        (
            "/api/articles",
            {**ARTICLE, "url": 12},
            "url",
            "Input should be a valid string",
        ),
        ("/api/articles", {"headline": "No text"}, "body", "Field required"),
        ("/api/claims", {}, "text", "Field required"),
        ("/api/claims", {"text": "  "}, "text", "A text is required."),
        (
            "/api/claims",
            {"text": "Wolves\x00"},
            "text",
            "Value error, contains a NUL character",
        ),
        (
            "/api/claims",
            {**CLAIM, "story": "no-such-story"},
            "story",
            "No story has the slug “no-such-story”.",
        ),
        (
            "/api/correction-requests",
            {**REQUEST, "supporting_link": ""},
            "supporting_link",
            "Give a link to a page that supports what you say.",
        ),
        (
            "/api/correction-requests",
            {**REQUEST, "email": "not an address"},
            "email",
            "Enter an e-mail address like name@example.org.",
        ),
    ],
)
def test_write_errors_name_the_field(client, reporter, path, payload, field, message):
    _, secret = token_for(reporter)
    model = WRITES[path][1]
    before = rows(AuditEntry), rows(model)

    response = post(client, path, payload, secret=secret)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["message"] for e in errors[field]] == [message]
    assert (rows(AuditEntry), rows(model)) == before


def test_a_body_that_is_not_json_is_refused(client, reporter):
    _, secret = token_for(reporter)

    response = post(client, "/api/articles", "{not json", secret=secret)

    assert response.status_code == 400
    assert "body" in response.json()["errors"]


def test_submitted_article_is_imported_and_its_audit_row_names_owner_and_token(
    client, reporter
):
    token, secret = token_for(reporter)

    response = post(client, "/api/articles", ARTICLE, secret=secret)

    assert response.status_code == 201
    data = response.json()
    article = Article.objects.get(pk=data["article"]["id"])
    assert (article.headline, article.outlet.name) == (
        ARTICLE["headline"],
        "The Valley Times",
    )
    assert data["action"] == "created"
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT_CREATED)
    assert (entry.actor, entry.api_token) == (reporter, token)
    again = post(client, "/api/articles", ARTICLE, secret=secret)
    assert (again.status_code, again.json()["action"]) == (200, "unchanged")


def test_proposed_claim_joins_the_queue_unreviewed(client, reporter):
    token, secret = token_for(reporter)
    story = factories.StoryFactory()

    response = post(
        client, "/api/claims", {**CLAIM, "story": story.slug}, secret=secret
    )

    assert response.status_code == 201
    claim = Claim.objects.get(pk=response.json()["id"])
    assert (claim.status, claim.story) == (Claim.Status.UNREVIEWED, story)
    entry = AuditEntry.objects.for_object(claim).get()
    assert (entry.action, entry.actor, entry.api_token) == (
        AuditAction.CLAIM_CREATE,
        reporter,
        token,
    )


def test_filed_request_is_received_in_the_owners_name(client, editor):
    token, secret = token_for(editor)
    article = factories.ArticleFactory(url=REQUEST["article"])

    response = post(client, "/api/correction-requests", REQUEST, secret=secret)

    assert response.status_code == 201
    filed = CorrectionRequest.objects.get(pk=response.json()["id"])
    assert (filed.article, filed.status) == (article, "new")
    entry = AuditEntry.objects.for_object(filed).get()
    assert (entry.action, entry.actor, entry.api_token) == (
        AuditAction.REQUEST_RECEIVE,
        editor,
        token,
    )


def test_requests_past_the_e_mail_limit_get_429_naming_the_field(
    client, editor, settings, django_capture_on_commit_callbacks
):
    """The form's limit per e-mail address holds for a token too: each request
    would send that address a "request received" e-mail."""
    settings.NEWSROOM_REQUEST_LIMIT_PER_EMAIL = 2
    _, secret = token_for(editor)
    to_reader = {**REQUEST, "email": "Reader@Example.org"}

    with django_capture_on_commit_callbacks(execute=True):
        filed = [
            post(client, "/api/correction-requests", to_reader, secret=secret)
            for _ in range(2)
        ]
    written = (rows(CorrectionRequest), rows(AuditEntry), rows(Notification))
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        refused = post(
            client,
            "/api/correction-requests",
            {**to_reader, "email": "reader@example.org"},
            secret=secret,
        )

    assert [r.status_code for r in filed] == [201, 201]
    assert sent == 2
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    [error] = refused.json()["errors"]["email"]
    assert error["code"] == "throttled"
    assert "from this e-mail address" in error["message"]
    assert (rows(CorrectionRequest), rows(AuditEntry), rows(Notification)) == written
    assert len(mail.outbox) == sent
    assert (
        post(client, "/api/correction-requests", REQUEST, secret=secret).status_code
        == 201
    )


def test_the_form_and_the_api_share_the_e_mail_limit(client, editor, settings):
    settings.NEWSROOM_REQUEST_LIMIT_PER_EMAIL = 1
    _, secret = token_for(editor)
    to_reader = {**REQUEST, "email": "reader@example.org"}
    throttle.count_email("reader@example.org")  # the form's one request

    refused = post(client, "/api/correction-requests", to_reader, secret=secret)

    assert refused.status_code == 429
    assert list(refused.json()["errors"]) == ["email"]
    assert not CorrectionRequest.objects.exists()


def test_token_use_is_stamped(client, reporter):
    token, secret = token_for(reporter)
    assert token.last_used_at is None

    post(client, "/api/claims", CLAIM, secret=secret)

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_writes_past_the_limit_get_429_with_retry_after(client, reporter, settings):
    settings.API_WRITES_PER_MINUTE = 2
    _, secret = token_for(reporter)
    _, other = token_for(reporter, name="Comment desk")

    statuses = [post(client, "/api/claims", CLAIM, secret=secret) for _ in range(3)]

    assert [r.status_code for r in statuses] == [201, 201, 429]
    refused = statuses[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "at most 2 a minute" in refused.json()["detail"]
    assert rows(Claim) == 2
    assert post(client, "/api/claims", CLAIM, secret=other).status_code == 201


def test_write_query_count_is_bounded(client, reporter, django_assert_max_num_queries):
    _, secret = token_for(reporter)
    # Token lookup and its last-used stamp (2), the permission (2: groups and
    # their permissions), the claim and its audit row, with savepoints.
    with django_assert_max_num_queries(12):
        assert post(client, "/api/claims", CLAIM, secret=secret).status_code == 201


# Reads.


def published_corrections(count: int, **values) -> list[Correction]:
    return [factories.PublishedCorrectionFactory(**values) for _ in range(count)]


def test_corrections_list_only_published_newest_first(client):
    older, newer = published_corrections(2)
    factories.CorrectionFactory()  # a draft
    factories.CorrectionFactory(status=Correction.Status.SUBMITTED)

    data = client.get("/api/corrections").json()

    assert data["count"] == 2
    assert [c["id"] for c in data["results"]] == [newer.pk, older.pk]
    assert data["results"][0]["url"] == f"http://testserver/corrections/{newer.pk}/"


def test_unpublished_correction_and_claim_are_not_found(client):
    draft = factories.CorrectionFactory()
    claim = factories.ClaimFactory(status=Claim.Status.IN_REVIEW)
    verdict_unstamped = factories.ClaimFactory(
        status=Claim.Status.ACCURATE, verdict_summary="Right."
    )

    assert client.get(f"/api/corrections/{draft.pk}").status_code == 404
    assert client.get(f"/api/fact-checks/{claim.pk}").status_code == 404
    assert client.get(f"/api/fact-checks/{verdict_unstamped.pk}").status_code == 404
    assert client.get("/api/fact-checks").json()["count"] == 0


def test_fact_checks_filter_by_story_and_verdict(client):
    story = factories.StoryFactory(slug="wolves")
    mine = factories.PublishedClaimFactory(story=story)
    factories.PublishedClaimFactory(status=Claim.Status.ACCURATE)

    by_story = client.get("/api/fact-checks?story=wolves").json()
    by_verdict = client.get("/api/fact-checks?verdict=accurate").json()

    assert [c["id"] for c in by_story["results"]] == [mine.pk]
    assert by_story["results"][0]["verdict"] == "inaccurate"
    assert by_verdict["count"] == 1
    assert client.get(f"/api/fact-checks/{mine.pk}").json()["story"]["slug"] == "wolves"


def test_corrections_take_the_public_logs_filters(client):
    outlet = factories.OutletFactory(slug="times")
    (mine,) = published_corrections(1, article__outlet=outlet)
    published_corrections(1, kind=Correction.Kind.CLARIFICATION)

    by_outlet = client.get("/api/corrections?outlet=times").json()
    by_kind = client.get("/api/corrections?kind=clarification").json()
    unknown = client.get("/api/corrections?outlet=nowhere")

    assert [c["id"] for c in by_outlet["results"]] == [mine.pk]
    assert by_kind["count"] == 1
    assert unknown.status_code == 400
    assert "outlet" in unknown.json()["errors"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
        ("limit=many", "limit"),
        ("since=1800-01-01", "since"),
        ("kind=rumour", "kind"),
    ],
)
def test_out_of_bounds_parameters_are_refused_by_name(client, query, field):
    response = client.get(f"/api/corrections?{query}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_pagination_by_limit_and_offset(client):
    corrections = published_corrections(5)
    newest_first = [c.pk for c in reversed(corrections)]

    first = client.get("/api/corrections?limit=2").json()
    last = client.get("/api/corrections?limit=2&offset=4").json()
    past = client.get("/api/corrections?limit=2&offset=10").json()

    assert (first["count"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [c["id"] for c in first["results"]] == newest_first[:2]
    assert [c["id"] for c in last["results"]] == newest_first[4:]
    assert past["results"] == []


def test_stories_and_outlets_are_those_the_desk_published_about(client):
    correction = factories.PublishedCorrectionFactory()
    factories.StoryFactory(slug="unreviewed")
    factories.OutletFactory(slug="uncorrected")

    stories = client.get("/api/stories").json()
    outlets = client.get("/api/outlets").json()

    story, outlet = correction.article.story, correction.article.outlet
    assert [s["slug"] for s in stories["results"]] == [story.slug]
    assert [o["slug"] for o in outlets["results"]] == [outlet.slug]
    assert client.get(f"/api/stories/{story.slug}").json()["title"] == story.title
    assert client.get("/api/stories/unreviewed").status_code == 404
    assert client.get("/api/outlets/uncorrected").status_code == 404


def test_conditional_get_answers_304_until_the_record_changes(
    client, django_assert_num_queries
):
    published_corrections(1)
    first = client.get("/api/corrections")
    etag = first["ETag"]

    with django_assert_num_queries(1):  # the public state
        again = client.get("/api/corrections", headers={"If-None-Match": etag})
    other_query = client.get(
        "/api/corrections?limit=5", headers={"If-None-Match": etag}
    )
    published_corrections(1)
    after = client.get("/api/corrections", headers={"If-None-Match": etag})

    assert again.status_code == 304
    assert other_query.status_code == 200
    assert after.status_code == 200
    assert after.json()["count"] == 2
    assert "public" in first["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/api/corrections", "/api/fact-checks", "/api/stories", "/api/outlets"]
)
def test_list_query_count_does_not_grow_with_rows(client, path):
    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{path}?limit=20").status_code == 200
        return len(queries)

    factories.PublishedCorrectionFactory(article__story=factories.StoryFactory())
    factories.PublishedClaimFactory(story=factories.StoryFactory())
    one = queries_for_a_page()
    for _ in range(9):
        factories.PublishedCorrectionFactory(article__story=factories.StoryFactory())
        factories.PublishedClaimFactory(story=factories.StoryFactory())
    ten = queries_for_a_page()

    assert one == ten <= 6


def test_corrections_list_query_count(client, django_assert_num_queries):
    published_corrections(3)
    # The public state (1); the log's facts on a cold cache: its count, outlets and
    # stories (3); the page of corrections (1).
    with django_assert_num_queries(5):
        client.get("/api/corrections")


# The description and the docs page.


def test_openapi_description_lists_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/corrections",
        "/api/corrections/{correction_id}",
        "/api/fact-checks",
        "/api/fact-checks/{claim_id}",
        "/api/stories",
        "/api/stories/{slug}",
        "/api/outlets",
        "/api/outlets/{slug}",
        "/api/articles",
        "/api/claims",
        "/api/correction-requests",
    }
    assert schema["paths"]["/api/claims"]["post"]["security"] == [{"TokenAuth": []}]


def test_docs_page_loads_only_this_sites_assets_under_the_csp(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(a.startswith("/static/") for a in assets)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


# Issuing and revoking.


def test_issue_and_revoke_are_on_the_record(reporter):
    token, secret = token_for(reporter)
    root = token.owner.__class__.objects.get(username="root")

    revoke_token(token, actor=root)

    assert secret.startswith("nrt_")
    assert secret not in str(ApiToken.objects.values().get())
    actions = list(
        AuditEntry.objects.for_object(token).values_list("action", "actor__username")
    )
    assert actions == [
        (AuditAction.API_TOKEN_ISSUE, "root"),
        (AuditAction.API_TOKEN_REVOKE, "root"),
    ]


def test_editor_cannot_issue_tokens(editor, reporter):
    from coverage.workflow.rules import WorkflowPermissionDenied
    from coverage.workflow.tokens import issue_token

    with pytest.raises(
        WorkflowPermissionDenied, match="editor may not issue API tokens"
    ):
        issue_token(actor=editor, owner=reporter, name="CMS")
    assert rows(ApiToken) == rows(AuditEntry) == 0


def test_command_prints_a_working_secret_once(client, reporter):
    factories.UserFactory(username="root", is_superuser=True)
    out, err = StringIO(), StringIO()

    call_command("issue_api_token", "reporter", "--name", "CMS", stdout=out, stderr=err)

    secret = out.getvalue().strip()
    assert "not shown again" in err.getvalue()
    assert post(client, "/api/claims", CLAIM, secret=secret).status_code == 201


def test_admin_shows_the_secret_once_and_revokes(client, reporter):
    root = factories.UserFactory(username="root", is_superuser=True)
    log_in(client, root)

    page = client.post(
        "/admin/coverage/apitoken/add/", {"owner": reporter.pk, "name": "CMS"}
    )

    assert page.status_code == 200, page.content[:500]
    token = ApiToken.objects.get()
    secret = re.search(r"<code>(nrt_[^<]+)</code>", page.content.decode())[1]
    assert token.owner == reporter
    assert secret not in str(ApiToken.objects.values().get())
    client.post(
        "/admin/coverage/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.is_revoked


def test_head_answers_every_read_like_get_without_a_body(client):
    correction = factories.PublishedCorrectionFactory()
    claim = factories.PublishedClaimFactory()
    story, outlet = correction.article.story, correction.article.outlet
    paths = [
        "/api/corrections",
        f"/api/corrections/{correction.pk}",
        "/api/fact-checks",
        f"/api/fact-checks/{claim.pk}",
        "/api/stories",
        f"/api/stories/{story.slug}",
        "/api/outlets",
        f"/api/outlets/{outlet.slug}",
    ]
    for path in paths:
        got = client.get(path)
        head = client.head(path)

        assert (head.status_code, got.status_code) == (200, 200), path
        assert head.content == b"", path
        assert head["ETag"] == got["ETag"], path
        assert (
            head["Content-Length"] == got["Content-Length"] == str(len(got.content))
        ), path
        assert head["Content-Type"] == got["Content-Type"], path
    assert client.head("/api/corrections/999999").status_code == 404
    etag = client.get("/api/corrections")["ETag"]
    unchanged = client.head("/api/corrections", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304


def test_writes_still_refuse_head(client):
    response = client.head("/api/articles")

    assert response.status_code == 405
    assert response["Allow"] == "POST"


# Searches: the public pages' bounded, ranked search (coverage/public/filters.py).


def unbounded_counts(queries) -> list[str]:
    """The captured counts of a search's matches without a LIMIT: each would read
    every match. (The log's count of all it holds is read once per public state.)"""
    return [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper()
        and "LIMIT" not in q["sql"].upper()
        and ("LIKE" in q["sql"].upper() or "@@" in q["sql"])
    ]


def published_claims_saying(texts: list[str]) -> None:
    """Published fact checks in one insert, as many as a bound needs, and one
    more saying something else (whose story and claimant they share)."""
    first = PublishedClaimFactory()
    claims = PublishedClaimFactory.build_batch(
        len(texts), story=first.story, claimant=first.claimant
    )
    for claim, text in zip(claims, texts, strict=True):
        claim.text, claim.fingerprint = text, claim_fingerprint(text)
    Claim.objects.bulk_create(claims)


def test_a_broad_fact_check_search_is_counted_to_its_bound(client):
    published_claims_saying(
        [f"Harbour seals ate {n} tonnes." for n in range(search.BOUNDED_COUNT + 1)]
    )
    factories.ClaimFactory(text="Harbour seals are unpublished.")

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/api/fact-checks?q=seals&limit=3").json()
    past = client.get(f"/api/fact-checks?q=seals&offset={search.BOUNDED_COUNT}")

    assert (first["count"], first["more"]) == (search.BOUNDED_COUNT, True)
    newest = Claim.objects.published().order_by("-verdict_published_at", "-id")
    assert [c["id"] for c in first["results"]] == list(
        newest.values_list("pk", flat=True)[:3]
    )
    assert unbounded_counts(queries) == []
    assert past.status_code == 200
    assert past.json()["results"] == []


def test_fact_checks_are_searched_as_the_public_page_searches_them(client):
    """Newest first on SQLite; on PostgreSQL the claim's own words (weight A)
    rank above a verdict's (C), whatever their age."""
    in_text = factories.PublishedClaimFactory(text="Seals outnumber the residents.")
    in_verdict = factories.PublishedClaimFactory(
        text="The colony doubled.", verdict_summary="Seals did not double."
    )
    factories.PublishedClaimFactory(text="The ferry is the oldest.")
    factories.ClaimFactory(text="Seals are unpublished.")

    data = client.get("/api/fact-checks?q=seals").json()
    page = client.get("/claims/", {"q": "seals"}).context["page"]

    found = [c["id"] for c in data["results"]]
    assert found == [pk for pk, _version in page]
    assert (data["count"], data["more"]) == (2, False)
    ranked = connection.vendor == "postgresql"
    assert found == (
        [in_text.pk, in_verdict.pk] if ranked else [in_verdict.pk, in_text.pk]
    )


def test_fact_check_search_keeps_the_other_filters(client):
    story = factories.StoryFactory(slug="seals")
    mine = factories.PublishedClaimFactory(text="Seals ate the fish.", story=story)
    factories.PublishedClaimFactory(text="Seals ate the nets.")

    data = client.get("/api/fact-checks?q=seals&story=seals").json()

    assert [c["id"] for c in data["results"]] == [mine.pk]


@pytest.mark.parametrize("path", ["/api/corrections", "/api/fact-checks"])
@pytest.mark.parametrize(
    ("q", "message"),
    [
        (" ".join(["seal"] * 11), "at most 10 words"),
        ("s" * 201, "at most 200 characters"),
    ],
)
def test_a_search_past_its_bounds_is_refused_naming_q(client, path, q, message):
    response = client.get(path, {"q": q})

    assert response.status_code == 400
    [error] = response.json()["errors"]["q"]
    assert error["message"].startswith("q: ")
    assert message in error["message"]


@pytest.mark.parametrize("path", ["/api/corrections", "/api/fact-checks"])
def test_a_search_reads_a_bounded_count_and_one_page(client, path):
    def load(matches: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            data = client.get(path, {"q": "lighthouse", "limit": 3}).json()
        assert (data["count"], data["more"]) == (matches, False)
        assert len(data["results"]) == min(3, matches)
        assert unbounded_counts(queries) == []
        return len(queries)

    def add():
        factories.PublishedCorrectionFactory(
            what_was_wrong="The lighthouse was said to be red."
        )
        factories.PublishedClaimFactory(text="The lighthouse is the oldest.")

    add()
    one = load(1)
    for _ in range(5):
        add()
    assert load(6) == one


def test_corrections_search_query_count(client, django_assert_num_queries):
    factories.PublishedCorrectionFactory(what_was_wrong="The lighthouse was red.")
    # The public state (1); the log's facts on a cold cache (3); the search's
    # bounded count, or on PostgreSQL its bounded ids (1); the page (1).
    with django_assert_num_queries(6):
        client.get("/api/corrections?q=lighthouse")


def test_fact_checks_search_query_count(client, django_assert_num_queries):
    factories.PublishedClaimFactory(text="The lighthouse is the oldest.")
    # The public state (1); the search's bounded count or ids (1); the page (1).
    with django_assert_num_queries(3):
        client.get("/api/fact-checks?q=lighthouse")


def test_fact_checks_unfiltered_count_is_the_public_pages_cached_one(
    client, django_assert_num_queries
):
    factories.PublishedClaimFactory()
    client.get("/claims/")  # counts the published claims for this public state
    # The public state (1) and the page (1): no count.
    with django_assert_num_queries(2):
        data = client.get("/api/fact-checks").json()
    assert (data["count"], data["more"]) == (1, False)


def test_offset_reaches_as_deep_as_the_public_pages(client):
    deepest = MAX_PAGE * PAGE_SIZE

    assert client.get(f"/api/corrections?offset={deepest}").status_code == 200
    refused = client.get(f"/api/corrections?offset={deepest + 1}")

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["offset"]
