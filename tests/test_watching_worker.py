"""Watching with real parts: a Celery worker in its own process polls a real
outlet on 127.0.0.1 and imports into PostgreSQL; one killed mid-poll leaves no
half-written article, and the poll is completed by the next worker; ``celery
beat``'s "watch-outlets" schedule reaches a worker through the Redis broker."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from coverage import tasks, watching
from coverage.models import (
    Article,
    ArticleRevision,
    UnacknowledgedChange,
    WatchedArticle,
    WatchedFeed,
)
from tests.factories import OutletFactory
from tests.outlet_server import Outlet, page, rss
from tests.processes import wait_until
from tests.task_queue import ROOT, WAIT, RedisServer, TaskQueue, publishing_to

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST = (
    "The council said it spent £4 million on 12 roads last year.",
    "Mayor Ann Patel said the work would finish in the spring.",
)


@pytest.fixture
def worker_queue(settings):
    settings.NEWSROOM_FETCH_ALLOW_PRIVATE = True
    settings.NEWSROOM_FETCH_HOST_DELAY = 0
    redis = RedisServer()
    redis.start()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with publishing_to(redis, queue):
        task_queue = TaskQueue(redis, smtp_port=1, queue=queue)
        task_queue.env["NEWSROOM_FETCH_HOST_DELAY"] = "0"
        yield task_queue
        task_queue.stop()
    redis.stop()


def done(feed_pk, articles):
    return (
        WatchedArticle.objects.filter(feed_id=feed_pk).count() == articles
        and WatchedFeed.objects.filter(pk=feed_pk, last_success_at__isnull=False)
        .exclude(etag="")
        .exists()
    )


def test_a_worker_killed_mid_poll_leaves_no_half_article_and_the_next_completes(
    worker_queue, reporter
):
    with Outlet() as outlet:
        outlet.routes["/robots.txt"] = (404, {}, b"")
        outlet.routes["/a"] = (200, {"ETag": '"a-1"'}, page("Roads bill", *FIRST))
        outlet.routes["/b"] = (200, {}, page("Bridge bill", *FIRST[::-1]))
        outlet.routes["/feed"] = (
            200,
            {"ETag": '"feed-1"'},
            rss(outlet.url("/a"), outlet.url("/b")),
        )
        outlet.stall_path = "/b"
        feed = watching.watch_feed(
            outlet=OutletFactory(name="Riverside Gazette"),
            url=outlet.url("/feed"),
            kind="rss",
            actor=reporter,
        )
        first = worker_queue.start_worker("w1")
        tasks.poll_feed.delay(feed.pk)

        wait_until(outlet.stalled.is_set, awaited="the worker to be fetching /b")
        first.kill()
        outlet.released.set()
        assert Article.objects.count() == WatchedArticle.objects.count() == 1
        assert WatchedFeed.objects.get(pk=feed.pk).etag == ""

        worker_queue.start_worker("w2")  # takes the killed worker's task again
        wait_until(lambda: done(feed.pk, 2), awaited="the second worker's poll")
        assert Article.objects.count() == 2

        # A substantive change on the outlet's page, found by a scheduled re-fetch,
        # becomes a revision and reaches the desk as an unacknowledged change.
        outlet.routes["/a"] = (
            200,
            {"ETag": '"a-2"'},
            page("Roads bill", FIRST[0].replace("£4 million", "£3 million"), FIRST[1]),
        )
        watch = WatchedArticle.objects.get(url=outlet.url("/a"))
        tasks.refetch_article.delay(watch.pk)
        change = wait_until(
            lambda: UnacknowledgedChange.objects.filter(article=watch.article).first(),
            awaited="the re-fetch to raise an unacknowledged change",
        )
        assert change.revision == ArticleRevision.objects.get(article=watch.article)
        assert Article.objects.count() == 2


class Beat:
    """``celery -A newsroom beat`` in its own process group, with its schedule and
    pid files in a folder of its own and the "watch-outlets" entry due every
    second instead of every minute (``NEWSROOM_WATCH_BEAT_SECONDS``)."""

    def __init__(self, env: dict):
        self.folder = Path(tempfile.mkdtemp(prefix="celery-beat-"))
        self.log = self.folder / "beat.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "newsroom",
                    "beat",
                    "--schedule",
                    str(self.folder / "schedule"),
                    "--pidfile",
                    str(self.folder / "beat.pid"),
                    "--max-interval",
                    "1",
                    "--loglevel",
                    "INFO",
                ],
                cwd=ROOT,
                env={**env, "NEWSROOM_WATCH_BEAT_SECONDS": "1"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(WAIT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(WAIT)
        shutil.rmtree(self.folder, ignore_errors=True)


def test_the_beat_schedule_reaches_a_worker_through_the_broker(worker_queue, reporter):
    with Outlet() as outlet:
        outlet.routes["/robots.txt"] = (404, {}, b"")
        outlet.routes["/a"] = (200, {"ETag": '"a-1"'}, page("Roads bill", *FIRST))
        outlet.routes["/feed"] = (200, {"ETag": '"feed-1"'}, rss(outlet.url("/a")))
        feed = watching.watch_feed(
            outlet=OutletFactory(name="Riverside Gazette"),
            url=outlet.url("/feed"),
            kind="rss",
            actor=reporter,
        )
        worker = worker_queue.start_worker("w1")
        beat = Beat(worker_queue.env)
        try:
            # Nothing here queues a task: only the beat's schedule does.
            wait_until(lambda: done(feed.pk, 1), awaited="the beat's poll of the feed")
            sent = beat.output()
        finally:
            beat.stop()
        assert (
            "Sending due task watch-outlets (coverage.tasks.enqueue_due_watches)"
            in sent
        )
        assert "coverage.tasks.enqueue_due_watches" in worker.output()
        assert "coverage.tasks.poll_feed" in worker.output()
        assert Article.objects.get().url == outlet.url("/a")
