import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

from coverage import workflow
from coverage.models import AuditAction
from coverage.workflow.records import record
from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.django_db


def etag_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response["ETag"]


PATHS = [
    "/",
    "/corrections/",
    "/corrections.json",
    "/claims/",
    "/corrections/feed/rss/",
    "/corrections/feed/atom/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("path", PATHS)
def test_public_responses_are_validated_and_cacheable(client, path):
    factories.PublishedCorrectionFactory(published_at=days_ago(1))
    factories.PublishedClaimFactory(verdict_published_at=days_ago(2))

    response = client.get(path)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert parse_http_date(response["Last-Modified"]) > days_ago(3).timestamp()
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("path", ["/corrections/", "/claims/"])
@pytest.mark.parametrize("newest", ["correction", "claim"])
def test_last_modified_is_the_newest_publication(client, path, newest):
    correction = factories.PublishedCorrectionFactory(
        published_at=days_ago(1 if newest == "correction" else 2)
    )
    claim = factories.PublishedClaimFactory(
        verdict_published_at=days_ago(1 if newest == "claim" else 2)
    )
    moment = {
        "correction": correction.published_at,
        "claim": claim.verdict_published_at,
    }[newest]

    response = client.get(path)

    assert response["Last-Modified"] == http_date(moment.timestamp())


@pytest.mark.parametrize("path", PATHS)
def test_matching_etag_gets_304_without_a_body(client, path):
    factories.PublishedCorrectionFactory()
    factories.PublishedClaimFactory()
    etag = etag_of(client, path)

    response = client.get(path, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_gets_304(client):
    correction = factories.PublishedCorrectionFactory(published_at=days_ago(1))

    since = http_date(correction.published_at.timestamp() + 1)
    response = client.get("/corrections/", headers={"if-modified-since": since})

    assert response.status_code == 304


def test_304_runs_only_the_signature_query(client):
    factories.PublishedCorrectionFactory.create_batch(3)
    etag = etag_of(client, "/corrections/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/corrections/", headers={"if-none-match": etag})

    assert len(queries) == 1


def test_publishing_a_correction_changes_the_etag(client):
    factories.PublishedCorrectionFactory(published_at=days_ago(2))
    before = etag_of(client, "/corrections/")

    factories.PublishedCorrectionFactory(published_at=days_ago(1))

    assert etag_of(client, "/corrections/") != before


def test_a_draft_does_not_change_the_etag(client):
    published = factories.PublishedCorrectionFactory()
    before = etag_of(client, "/corrections/")

    factories.CorrectionFactory(article=published.article, supersedes=published)

    assert etag_of(client, "/corrections/") == before
    assert etag_of(client, f"/corrections/{published.pk}/") == etag_of(
        client, f"/corrections/{published.pk}/"
    )


def test_superseding_changes_the_old_permalink_and_serves_the_new_link(client):
    old = factories.PublishedCorrectionFactory(published_at=days_ago(2))
    old_path = f"/corrections/{old.pk}/"
    before = etag_of(client, old_path)

    new = factories.PublishedCorrectionFactory(
        article=old.article, supersedes=old, published_at=days_ago(1)
    )

    response = client.get(old_path, headers={"if-none-match": before})
    assert response.status_code == 200
    assert f'href="/corrections/{new.pk}/"' in response.content.decode()
    assert response["ETag"] != before


def test_reopening_a_claim_changes_the_claims_etag(client, standards_editor):
    kept = factories.PublishedClaimFactory(verdict_published_at=days_ago(1))
    reopened = factories.PublishedClaimFactory(verdict_published_at=days_ago(2))
    before = etag_of(client, "/claims/")

    workflow.reopen(reopened, actor=standards_editor, note="New evidence came in.")

    response = client.get("/claims/", headers={"if-none-match": before})
    assert response.status_code == 200
    assert reopened.text not in response.content.decode()
    assert kept.text in response.content.decode()


def test_unpublished_id_is_404_even_with_a_known_etag(client):
    published = factories.PublishedCorrectionFactory()
    draft = factories.CorrectionFactory(article=published.article)
    etag = etag_of(client, f"/corrections/{published.pk}/")

    response = client.get(f"/corrections/{draft.pk}/", headers={"if-none-match": etag})

    assert response.status_code == 404


def test_cached_page_costs_one_query_and_is_the_same_page(client):
    factories.PublishedCorrectionFactory.create_batch(3)
    first = client.get("/corrections/?kind=correction")

    with CaptureQueriesContext(connection) as queries:
        second = client.get("/corrections/?kind=correction")

    assert len(queries) == 1
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    factories.PublishedCorrectionFactory.create_batch(3)
    client.get("/corrections/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/corrections/")

    assert response.status_code == 200
    assert len(queries) > 1


def test_cache_entry_is_per_address(client):
    factories.PublishedCorrectionFactory(what_was_wrong="ALPHA-FIX", kind="update")
    factories.PublishedCorrectionFactory(what_was_wrong="BETA-FIX")

    client.get("/corrections/?kind=update")
    page = client.get("/corrections/?kind=correction").content.decode()

    assert "BETA-FIX" in page
    assert "ALPHA-FIX" not in page


def test_post_is_not_allowed(client):
    assert client.post("/corrections/").status_code == 405


@pytest.mark.parametrize("public", [True, False])
def test_a_public_change_in_the_audit_trail_renews_every_page(client, editor, public):
    correction = factories.PublishedCorrectionFactory()
    paths = ["/", "/corrections/", f"/corrections/{correction.pk}/", "/sitemap.xml"]
    before = {path: etag_of(client, path) for path in paths}

    with transaction.atomic():
        record(
            editor,
            AuditAction.ARTICLE_EDIT,
            correction.article,
            changes={"headline": ("Old headline", "New headline")},
            public=public,
        )

    after = {path: etag_of(client, path) for path in paths}
    if public:
        assert all(after[path] != before[path] for path in paths)
    else:
        assert after == before


def test_parameters_a_page_does_not_read_share_its_etag_and_cache_entry(client):
    factories.PublishedCorrectionFactory.create_batch(2)
    first = client.get("/corrections/?kind=correction&q=cliff")

    with CaptureQueriesContext(connection) as queries:
        second = client.get("/corrections/?utm_source=feed&q=cliff&kind=correction")

    assert second["ETag"] == first["ETag"]
    assert second.content == first.content
    assert len(queries) == 1  # the public state only


@pytest.mark.parametrize(
    "path", ["permalink", "/corrections.json", "/corrections/feed/atom/"]
)
def test_each_host_is_served_its_own_absolute_addresses(client, settings, path):
    """Pages name their own address (canonical links, the API's and the feeds'
    links): a page cached for one host is not served to readers of another."""
    settings.ALLOWED_HOSTS = ["news.example", "standards.example"]
    correction = factories.PublishedCorrectionFactory()
    path = correction.get_absolute_url() if path == "permalink" else path
    first = client.get(path, headers={"host": "news.example"})

    with CaptureQueriesContext(connection) as queries:
        cached = client.get(path, headers={"host": "news.example"})
    assert len(queries) == 1  # the first host's page came from the page cache
    other = client.get(path, headers={"host": "standards.example"})

    assert (first.status_code, other.status_code) == (200, 200)
    assert cached.content == first.content
    assert "http://news.example/" in cached.content.decode()
    assert "http://standards.example/" in other.content.decode()
    assert "news.example" not in other.content.decode()
    assert other["ETag"] != cached["ETag"]
