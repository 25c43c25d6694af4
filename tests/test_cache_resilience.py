"""Losing Redis degrades the site to uncached pages, never to errors.

Each test starts a throwaway redis-server of its own on a free port and really
shuts it down (``redis-cli shutdown nosave``); the shared Redis is never touched.
"""

import logging
import shutil
import socket
import subprocess
from dataclasses import dataclass

import pytest
import redis
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_page
from redis.backoff import NoBackoff
from redis.retry import Retry

import newsroom.cache
from tests import factories
from tests.processes import free_port, wait_until

pytestmark = pytest.mark.skipif(
    not (shutil.which("redis-server") and shutil.which("redis-cli")),
    reason="redis-server is not installed",
)

BACKEND = "newsroom.cache.ResilientRedisCache"
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}

# A view cached the standard Django way, counting how often it really runs.
runs = []


def counted(request):
    runs.append(request.path)
    return HttpResponse(f"rendered {len(runs)} times")


urlpatterns = [path("counted/", cache_page(60)(counted))]


@dataclass
class RedisServer:
    port: int
    directory: str

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        # No retries: redis-py otherwise backs off for seconds on a stopped server.
        return redis.Redis(
            port=self.port, socket_timeout=2, retry=Retry(NoBackoff(), 0)
        )

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", self.directory,
                "--daemonize", "yes",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        wait_until(self.is_up, awaited=f"redis on {self.port} to answer")

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            timeout=10,
        )
        wait_until(lambda: not self.is_up(), awaited=f"redis on {self.port} to stop")

    def is_up(self) -> bool:
        try:
            return self.client().ping()
        except redis.ConnectionError:
            return False


@pytest.fixture(autouse=True)
def forget_outages():
    """What the process learnt about a Redis is kept per address, and a later
    test's server may get a port an earlier one used: each test starts afresh."""
    yield
    newsroom.cache._outages.clear()


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(port=free_port(), directory=str(tmp_path))
    server.start()
    yield server
    server.stop()


def use_redis_cache(settings, url: str, **options):
    settings.CACHES = {
        "default": {
            "BACKEND": BACKEND,
            "LOCATION": url,
            "OPTIONS": {**TIMEOUTS, **options},
        }
    }
    return caches["default"]


@pytest.fixture
def cache(settings, redis_server):
    """The default cache on the throwaway Redis, retrying Redis on every call."""
    return use_redis_cache(settings, redis_server.url, RETRY_AFTER=0)


def test_cache_works_while_redis_is_up(cache, redis_server):
    cache.set("answer", 42)
    assert cache.get("answer") == 42
    assert redis_server.client().dbsize() == 1


def test_cache_calls_share_one_redis_client(cache):
    # Django makes a redis.Redis per call; building one costs more than a GET.
    client = cache._cache.get_client()
    cache.set("answer", 42)

    assert cache.get("answer") == 42
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool


def test_stopped_redis_reads_as_misses_and_skips_writes(cache, redis_server):
    cache.set("answer", 42)
    cache.set_many({"a": 1, "b": 2})
    redis_server.stop()

    assert cache.get("answer") is None
    assert cache.get("answer", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("answer") is False
    assert cache.get_or_set("computed", lambda: "fresh") == "fresh"
    cache.set("answer", 43)
    assert cache.add("new", 1) is False
    assert cache.touch("answer") is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("answer") is False
    cache.delete_many(["a", "b"])


def test_counters_and_clear_still_raise_when_redis_is_down(cache, redis_server):
    redis_server.stop()
    with pytest.raises(redis.ConnectionError, match="Connection refused"):
        cache.incr("hits")
    with pytest.raises(redis.ConnectionError, match="Connection refused"):
        cache.clear()


def test_cache_is_used_again_once_redis_is_back(cache, redis_server):
    redis_server.stop()
    assert cache.get("answer") is None
    redis_server.start()
    cache.set("answer", 42)
    assert cache.get("answer") == 42


def test_lost_redis_warns_once_not_per_call(cache, redis_server, caplog):
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for _ in range(50):
            cache.get("answer")
            cache.set("answer", 1)
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert f"Redis cache at 127.0.0.1:{redis_server.port} unavailable" in warnings[0]
    assert "ConnectionError" in warnings[0]

    redis_server.start()
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        cache.get("answer")
    assert caplog.records[-1].getMessage() == (
        f"Redis cache at 127.0.0.1:{redis_server.port} is back."
    )


def test_warning_never_shows_the_redis_password(settings, caplog):
    cache = use_redis_cache(
        settings, f"redis://:s3cret-pw@127.0.0.1:{free_port()}/0", RETRY_AFTER=0
    )
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        assert cache.get("answer") is None
    assert caplog.records
    assert all("s3cret-pw" not in record.getMessage() for record in caplog.records)


def let_the_pause_pass(cache) -> None:
    """Move the end of the pause after a failure to now, as waiting out
    ``RETRY_AFTER`` would."""
    cache.outage.skip_until -= cache.retry_after


def test_redis_is_left_alone_for_retry_after_seconds(settings, redis_server):
    # Far longer than the test takes: the pause cannot end by itself here.
    cache = use_redis_cache(settings, redis_server.url, RETRY_AFTER=3600)
    redis_server.stop()
    assert cache.get("answer") is None  # fails, starts the pause
    redis_server.start()
    redis_server.client().set(cache.make_key("answer"), 42)

    assert cache.get("answer") is None  # Redis is back, but not asked yet
    let_the_pause_pass(cache)
    assert cache.get("answer") == 42


def connections_to(listening: socket.socket) -> list[bytes]:
    """What each client that connected so far sent before it hung up or gave up."""
    listening.setblocking(False)
    sent = []
    while True:
        try:
            accepted, _ = listening.accept()
        except BlockingIOError:
            return sent
        with accepted:
            accepted.settimeout(5)
            sent.append(accepted.recv(65536))


def test_hung_redis_costs_one_timeout_then_nothing(settings, caplog):
    # Accepts connections and never answers: a hung server, not a stopped one.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        port = hung.getsockname()[1]
        # A pause longer than the test, so that it cannot end during the calls.
        url = f"redis://127.0.0.1:{port}/0"
        cache = use_redis_cache(settings, url, RETRY_AFTER=3600)

        with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
            for _ in range(21):
                assert cache.get("answer") is None
            sent = connections_to(hung)

    # One connection waited out its socket timeout; the next twenty calls,
    # inside the pause, never reached the server.
    assert len(sent) == 1
    [warning] = [record.getMessage() for record in caplog.records]
    assert "TimeoutError" in warning
    assert "1 failed call(s)" in warning


@pytest.mark.urls(__name__)
def test_cache_page_view_is_served_uncached_while_redis_is_down(
    client, cache, redis_server
):
    runs.clear()
    assert client.get("/counted/").content == b"rendered 1 times"
    assert client.get("/counted/").content == b"rendered 1 times"  # from Redis

    redis_server.stop()
    first, second = client.get("/counted/"), client.get("/counted/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.content, second.content) == (
        b"rendered 2 times",
        b"rendered 3 times",
    )


@pytest.mark.django_db
def test_public_pages_answer_while_redis_is_down(client, cache, redis_server):
    correction = factories.PublishedCorrectionFactory()
    claim = factories.PublishedClaimFactory()
    urls = [
        "/",
        "/corrections/",
        f"/corrections/{correction.pk}/",
        "/corrections/feed/rss/",
        "/claims/",
        f"/claims/{claim.pk}/",
        f"/stories/{claim.story.slug}/",
        "/sitemap.xml",
    ]
    with_redis = {url: client.get(url) for url in urls}
    assert {r.status_code for r in with_redis.values()} == {200}
    assert redis_server.client().dbsize() >= len(urls)  # pages were cached

    redis_server.stop()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content == with_redis[url].content, url
