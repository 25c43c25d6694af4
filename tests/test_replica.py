"""Readers' pages read from a second PostgreSQL database, the replica; the desk and
every write stay on the primary (newsroom/replica.py).

The replica here is a database of its own on the test server, made as a copy of
the test database whenever a test says it has caught up: rows written after that
are on the primary only, as on a replica that lags.
"""

from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test.utils import CaptureQueriesContext

from coverage.models import Claim, Correction, CorrectionRequest
from newsroom.replica import REPLICA, reads_from_replica
from tests import factories
from tests.admin_pages import change_url, form_data
from tests.api_clients import post, token_for
from tests.database import copy_test_database, drop_database
from tests.reader_requests import FORM_URL
from tests.reader_requests import form_data as request_form

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(
        transaction=True,
        serialized_rollback=True,
        databases=[DEFAULT_DB_ALIAS, REPLICA],
    ),
]


class Replica:
    """The test's replica: what the test database held at the last catch_up()."""

    def __init__(self, name: str):
        self.name = name
        self.running = False

    def catch_up(self) -> None:
        connections[REPLICA].close()
        copy_test_database(self.name)
        self.running = True

    def stop(self) -> None:
        drop_database(self.name)
        self.running = False


@pytest.fixture(scope="module", autouse=True)
def replica_database(django_db_setup, django_db_blocker):
    """A ``replica`` database, configured as DATABASE_REPLICA_URL configures one,
    but a database of its own on the test server. It is configured before each
    test's database set-up, which then allows queries to it."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    replica = Replica(f"{primary['NAME']}_replica")
    connections.settings[REPLICA] = {**primary, "NAME": replica.name}
    with django_db_blocker.unblock():
        replica.catch_up()
    yield replica
    with django_db_blocker.unblock():
        connections[REPLICA].close()
        drop_database(replica.name)
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(replica_database):
    """The replica; one a test stopped is started again after it."""
    yield replica_database
    if not replica_database.running:
        replica_database.catch_up()


@contextmanager
def queries_on_each():
    """The queries sent to the primary and to the replica, separately."""
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        yield primary, replica


def statements(queries) -> list[str]:
    return [query["sql"].split()[0] for query in queries.captured_queries]


def public_record():
    """A published correction and fact check, with their article's outlet and
    story: something on every public page."""
    correction = factories.PublishedCorrectionFactory(what_was_wrong="CLIFF-HEIGHT")
    claim = factories.PublishedClaimFactory(story=correction.article.story)
    factories.ClaimAppearanceFactory(claim=claim, article=correction.article)
    return correction, claim


def readers_addresses(correction, claim) -> list[str]:
    story, outlet = correction.article.story, correction.article.outlet
    return [
        "/",
        "/corrections/",
        f"/corrections/{correction.pk}/",
        "/corrections/feed/rss/",
        "/corrections/feed/atom/",
        "/corrections/feed.json",
        f"/outlets/{outlet.slug}/corrections/feed/rss/",
        f"/stories/{story.slug}/corrections/feed/atom/",
        "/corrections.json",
        "/standards/",
        "/claims/",
        f"/claims/{claim.pk}/",
        "/claims/feed.json",
        f"/stories/{story.slug}/",
        "/sitemap.xml",
        "/api/corrections",
        f"/api/corrections/{correction.pk}",
        "/api/fact-checks",
        f"/api/stories/{story.slug}",
    ]


def test_readers_pages_query_only_the_replica(client, replica):
    addresses = readers_addresses(*public_record())
    replica.catch_up()

    seen = {}
    for address in addresses:
        with queries_on_each() as (primary, copy):
            response = client.get(address)
        seen[address] = (response.status_code, len(primary), len(copy) > 0)

    assert seen == dict.fromkeys(addresses, (200, 0, True))


def test_head_requests_query_only_the_replica(client, replica):
    public_record()
    replica.catch_up()

    with queries_on_each() as (primary, copy):
        response = client.head("/corrections/")

    assert (response.status_code, len(primary), len(copy) > 0) == (200, 0, True)


def test_readers_see_the_record_as_far_as_the_replica_has_it(client, replica):
    factories.PublishedCorrectionFactory(what_was_wrong="FIRST-MISTAKE")
    replica.catch_up()
    factories.PublishedCorrectionFactory(what_was_wrong="SECOND-MISTAKE")

    lagging = client.get("/corrections/").content.decode()
    replica.catch_up()
    caught_up = client.get("/corrections/").content.decode()

    assert ("FIRST-MISTAKE" in lagging, "SECOND-MISTAKE" in lagging) == (True, False)
    # The cached page is keyed on the replica's state, so it follows it.
    assert ("FIRST-MISTAKE" in caught_up, "SECOND-MISTAKE" in caught_up) == (
        True,
        True,
    )


def test_the_desk_reads_and_writes_only_the_primary(editor_client, replica):
    claim = factories.ClaimFactory(internal_notes="Original.")
    replica.catch_up()

    with queries_on_each() as (primary, copy):
        queue = editor_client.get("/admin/coverage/claim/")
        page = editor_client.get(change_url(claim))
        saved = editor_client.post(
            change_url(claim), form_data(page, internal_notes="Checked.")
        )

    assert (queue.status_code, page.status_code, saved.status_code) == (200, 200, 302)
    assert Claim.objects.get().internal_notes == "Checked."
    assert (len(primary) > 0, len(copy)) == (True, 0)


def test_a_readers_request_is_filed_and_shown_from_the_primary(client, replica):
    replica.catch_up()

    with queries_on_each() as (primary, copy):
        filed = client.post(FORM_URL, request_form())
        status = client.get(filed["Location"])

    # The replica has no such request: the status page read the primary.
    assert (filed.status_code, status.status_code) == (302, 200)
    assert CorrectionRequest.objects.count() == 1
    assert (len(primary) > 0, len(copy)) == (True, 0)


def test_api_writes_use_only_the_primary(client, reporter, replica):
    replica.catch_up()
    _, secret = token_for(reporter)  # a token the replica does not know

    with queries_on_each() as (primary, copy):
        response = post(
            client, "/api/claims", {"text": "Wolves ate 300 sheep."}, secret=secret
        )

    assert response.status_code == 201, response.content
    assert (len(primary) > 0, len(copy)) == (True, 0)


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(replica):
    correction = factories.PublishedCorrectionFactory()
    replica.catch_up()

    with reads_from_replica(), queries_on_each() as (primary, copy):
        Correction.objects.get(pk=correction.pk)
        factories.OutletFactory(slug="written-here")  # a slug: no look-up first
        Correction.objects.get(pk=correction.pk)

    assert statements(copy) == ["SELECT"]
    assert statements(primary) == ["INSERT", "SELECT"]


def test_reads_inside_a_transaction_on_the_primary_go_to_the_primary(replica):
    correction = factories.PublishedCorrectionFactory()
    replica.catch_up()

    with reads_from_replica(), queries_on_each() as (primary, copy):
        with transaction.atomic():
            Correction.objects.get(pk=correction.pk)
        Correction.objects.get(pk=correction.pk)

    assert statements(copy) == ["SELECT"]
    assert statements(primary) == ["BEGIN", "SELECT", "COMMIT"]


def test_readers_pages_come_from_the_primary_while_the_replica_is_down(
    client, replica, caplog
):
    correction, _ = public_record()
    replica.catch_up()
    assert client.get("/corrections/").status_code == 200  # the replica's connection
    replica.stop()
    # What Django does as each request starts (the test client skips it): the
    # connection, now dead, is health-checked again before its next use.
    connections[REPLICA].close_if_unusable_or_obsolete()

    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
        response = client.get(f"/corrections/{correction.pk}/")

    assert response.status_code == 200
    assert "CLIFF-HEIGHT" in response.content.decode()
    assert len(primary) > 0
    assert "The read replica cannot be reached, reading from the primary" in caplog.text


def test_only_the_primary_is_migrated():
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "coverage") is True
    assert router.allow_migrate(REPLICA, "coverage") is False


def test_a_row_read_from_the_replica_may_be_linked_to_a_primary_row():
    article, correction = factories.ArticleFactory.build(), Correction()
    article._state.db, correction._state.db = REPLICA, DEFAULT_DB_ALIAS

    assert router.allow_relation(article, correction) is True
