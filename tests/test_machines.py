"""Several machines: two app servers, each on a machine of its own (a network
namespace with its own address, ``tests/namespaces.py``), a Celery worker, and
HAProxy in front with ``deploy/haproxy.cfg``; PostgreSQL and Redis on 127.0.0.1
only, which the app servers reach through forwarders, as over a private network.

Under readers of the public site and two standards editors moving claims through
the admin, one app server is stopped (SIGTERM: gunicorn's graceful stop) and
started again. No request fails, every move the desk said it made has exactly one
audit row (and its verdicts one webhook, sent by the worker), and afterwards both
servers give a public page the same ETag and the same bytes, from the one cache.

Bounded: each phase lasts until the load balancer has passed on a fixed number of
requests, and every wait ends in a failure after ``tests.processes.TIMEOUT``.
"""

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import pytest
import redis as redis_client
from django.db import connection

from coverage.models import AuditEntry, Claim
from tests import namespaces
from tests.app_servers import AppServer, LoadBalancer, collect_static, production_env
from tests.database import database_url
from tests.factories import (
    ArticleFactory,
    ClaimAppearanceFactory,
    PublishedCorrectionFactory,
    StoryFactory,
    UserFactory,
    WebhookSubscriptionFactory,
)
from tests.processes import wait_until
from tests.task_queue import webhook_receiver
from tests.web_clients import Address, Editor, request

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLAIMS = 6  # both editors cycle through the same claims, racing for each move
READERS = 3
SEEN = 60  # requests the readers make in each phase before the next one starts
MOVES = 2  # and moves the editors make
CAP = 10_000  # the most requests or moves any one reader or editor makes


class Site(NamedTuple):
    balancer: LoadBalancer
    servers: list[AppServer]


@pytest.fixture
def machines():
    if reason := namespaces.unavailable() or LoadBalancer.unavailable():
        pytest.skip(reason)
    with namespaces.machines(2) as machines:
        yield machines


@pytest.fixture
def site(machines, redis, mailbox_and_queue, production_password_hashing):
    """Two app servers on their machines, the worker on this one, HAProxy."""
    _, task_queue = mailbox_and_queue
    database = int(connection.settings_dict["PORT"] or 5432)
    with namespaces.forwarding(database, redis.port) as (database_port, redis_port):
        shared = f"redis://{namespaces.HOST}:{redis_port}/0"
        env = production_env(
            SECRET_KEY=task_queue.env["SECRET_KEY"],  # the worker's: one deployment
            DATABASE_URL=database_url(host=namespaces.HOST, port=database_port),
            REDIS_URL=shared,  # the cache, and the broker the worker reads
            CELERY_BROKER_URL=shared,
            CELERY_TASK_DEFAULT_QUEUE=task_queue.queue,
        )
        collect_static(env)
        servers = [
            AppServer(env, host=machine.address, port=8000, machine=machine, workers=2)
            for machine in machines
        ]
        for server in servers:
            server.start()
        task_queue.start_worker("machines")
        balancer = LoadBalancer([server.address for server in servers])
        try:
            yield Site(balancer, servers)
        finally:
            balancer.stop()
            for server in servers:
                server.stop()


class Load:
    """Readers and editors through the load balancer until ``finished`` is set."""

    def __init__(self, address: Address, paths: list[str]):
        self.address, self.paths = address, paths
        self.finished = threading.Event()
        self.lock = threading.Lock()
        self.requests = self.moves = 0
        self.phase = "both up"
        self.failures: list[str] = []  # each answer not 2xx or 3xx: where and when

    def read(self) -> Counter:
        """Status classes of the answers (2, 3, 4, 5), and "failed" for a request
        that got none."""
        statuses = Counter()
        for i in range(CAP):
            if self.finished.is_set():
                break
            path, phase = self.paths[i % len(self.paths)], self.phase
            try:
                response = request(self.address, "GET", path)
                statuses[response.status // 100] += 1
                if response.status >= 400:
                    self.failures.append(
                        f"{phase}: {response.status} GET {path}: "
                        f"{response.text[:120]!r}"
                    )
            except OSError as error:
                statuses["failed"] += 1
                self.failures.append(f"{phase}: GET {path}: {error!r}")
            with self.lock:
                self.requests += 1
        return statuses

    def work(self, editor: Editor, claim_ids: list[int]) -> Counter:
        """The moves the desk told ``editor`` it made."""
        made = Counter()
        for i in range(CAP):
            if self.finished.is_set():
                break
            if move := editor.press(claim_ids[i % len(claim_ids)]):
                made[move] += 1
                with self.lock:
                    self.moves += 1
        return made

    def goes_on(self, *, awaited: str) -> None:
        """Wait for SEEN more requests and MOVES more moves."""
        requests, moves = self.requests + SEEN, self.moves + MOVES
        wait_until(
            lambda: self.requests >= requests and self.moves >= moves,
            awaited=f"{SEEN} requests and {MOVES} moves {awaited}",
        )


def test_an_app_server_stopped_and_started_again_costs_no_request_and_no_audit_row(
    site, redis
):
    story = StoryFactory()
    claim_ids = [
        ClaimAppearanceFactory(claim__story=story).claim.pk for _ in range(CLAIMS)
    ]
    correction = PublishedCorrectionFactory(article=ArticleFactory(story=story))
    editors = [
        UserFactory(username=f"desk{i}", role="Standards editor") for i in range(2)
    ]
    paths = [
        "/corrections/",
        f"/corrections/{correction.pk}/",
        "/claims/",
        "/corrections/feed/atom/",
        "/corrections/feed/rss/",
        "/claims/feed.json",
    ]
    first, second = site.servers
    load = Load(site.balancer.address, paths)

    with (
        webhook_receiver() as receiver,
        ThreadPoolExecutor(max_workers=READERS + len(editors)) as pool,
    ):
        WebhookSubscriptionFactory(url=receiver.url, events=["claim.verdict"])
        readers = [pool.submit(load.read) for _ in range(READERS)]
        desk = {user: Editor(load.address, user) for user in editors}
        work = {
            user: pool.submit(load.work, editor, claim_ids)
            for user, editor in desk.items()
        }
        try:
            load.goes_on(awaited="with both app servers up")
            load.phase = "app1 stopping"
            first.stop()
            load.phase = "app1 stopped"
            wait_until(
                lambda: site.balancer.status().get("app1") == "DOWN",
                awaited="HAProxy's health checks to take app1 out",
            )
            load.phase = "app1 out"
            load.goes_on(awaited="on app2 alone")
            load.phase = "app1 starting"
            first.start()
            load.phase = "app1 started"
            wait_until(
                lambda: site.balancer.status().get("app1") == "UP",
                awaited="HAProxy's health checks to put app1 back",
            )
            load.phase = "app1 back"
            served = site.balancer.served()["app1"]
            wait_until(
                lambda: site.balancer.served()["app1"] >= served + SEEN,
                awaited=f"app1 to be handed {SEEN} requests again",
            )
        finally:
            load.finished.set()
        statuses = sum((reader.result() for reader in readers), Counter())
        made = {user: future.result() for user, future in work.items()}
        verdicts = AuditEntry.objects.filter(action="claim.verdict").count()
        wait_until(
            lambda: len(receiver.requests) >= verdicts,
            awaited=f"the worker to send {verdicts} verdict webhooks",
        )

    # Not one reader's request failed, while app1 stopped, was out, came back.
    assert set(statuses) <= {2, 3}, report(statuses, load.failures, site.balancer)
    for user, editor in desk.items():
        # Nor one of the desk's, and every move the desk reported made has exactly
        # one audit row: none lost with app1, none written twice by a retry.
        assert set(editor.statuses) <= {2, 3}, report(
            editor.statuses, editor.failures, site.balancer
        )
        recorded = AuditEntry.objects.filter(actor=user).values_list("action")
        assert Counter(action for (action,) in recorded) == {
            f"claim.{move}": count for move, count in made[user].items()
        }
    # Every write bumped the version once with its row, whoever won each race.
    for claim in Claim.objects.filter(pk__in=claim_ids):
        assert claim.version - 1 == AuditEntry.objects.for_object(claim).count()
    # The worker sent each verdict once.
    deliveries = Counter(r["headers"]["Newsroom-Delivery"] for r in receiver.requests)
    assert len(deliveries) == verdicts
    assert set(deliveries.values()) == {1}

    # Both servers, asked directly, serve one page: one ETag, one body, which the
    # second found in the shared cache where the first put it.
    one = request(first.address, "GET", "/claims/")
    other = request(second.address, "GET", "/claims/")
    assert (one.status, other.status) == (200, 200)
    assert one.headers["ETag"] == other.headers["ETag"]
    assert one.text == other.text
    etag = one.headers["ETag"]
    cache = redis_client.Redis.from_url(redis.url)
    assert cache.exists(":1:public-page:" + etag.strip('"'))
    revalidated = request(
        second.address, "GET", "/claims/", headers={"If-None-Match": etag}
    )
    assert revalidated.status == 304


# option httplog: ... status bytes cookies termination-state conns/.../retries ...
PASSED = re.compile(r" (?P<state>\S{4}) \d+/\d+/\d+/\d+/(?P<retries>\+?\d+) ")


def report(statuses: Counter, failures: list[str], balancer: LoadBalancer) -> str:
    """The failed requests, and HAProxy's lines for every request it did not pass
    on cleanly: a termination state other than ``----``, or a retry."""
    unclean = [
        line
        for line in balancer.log().splitlines()
        if not (passed := PASSED.search(line))
        or passed["state"] != "----"
        or passed["retries"] != "0"
    ]
    return "\n".join([str(statuses), *failures, "HAProxy:", *unclean])


def test_a_readers_own_x_forwarded_proto_does_not_make_plain_http_secure(site):
    """Only HAProxy says a request came over TLS: a reader's own header is
    dropped, so Django sends no HSTS (nor, with SECURE_SSL_REDIRECT, skips the
    redirect) on plain HTTP. Sent straight to an app server, the header is
    believed: that is what the balancer keeps readers from."""
    spoofed = {"X-Forwarded-Proto": "https"}
    through = request(site.balancer.address, "GET", "/claims/", headers=spoofed)
    direct = request(site.servers[0].address, "GET", "/claims/", headers=spoofed)

    assert (through.status, direct.status) == (200, 200)
    assert "Strict-Transport-Security" not in through.headers
    assert "Strict-Transport-Security" in direct.headers
