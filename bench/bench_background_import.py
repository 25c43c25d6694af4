"""Benchmark background imports: real Celery workers, one and then two, on
PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        python bench/bench_background_import.py
    BENCH_ARTICLES=500 ...                   # a quick run (default 2,000)

It starts a Redis server of its own on 127.0.0.1, writes the same synthetic
articles as bench_import.py, and for one and then two workers (``celery -A newsroom
worker --concurrency 1`` each, separate processes) uploads them as one job and
times it from the upload to the job's end. Each run first imports a small warm-up
job, so every worker has loaded the importer, and the outlets and most sources exist,
as in a newsroom that imports every day, before the clock starts. It
prints articles per second for each and the ratio (goal: at least 1.7 on two
cores). The rows are bench_import.py's own and are deleted before and after.
"""

import io
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from bench.bench_import import STORY, article, clean  # noqa: E402
from bench.report import record  # noqa: E402
from coverage.importers import jobs  # noqa: E402
from coverage.models import ImportJob  # noqa: E402

# The test suite's real parts: a Redis server and a worker process.
from tests.task_queue import RedisServer, Worker, publishing_to  # noqa: E402

POLL = 0.2
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(workers: list[Worker]) -> float:
    """CPU time (user and system) of the workers' process groups so far: what a
    worker spends per article, whatever else the machine runs."""
    groups = {worker.process.pid for worker in workers}
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:  # the process group
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def upload(lines: list[str]) -> list[tuple[str, io.BytesIO]]:
    return [("bench.jsonl", io.BytesIO("".join(lines).encode()))]


def run_job(lines, actor) -> tuple[float, ImportJob]:
    started = time.perf_counter()
    job = jobs.create_job(upload(lines), actor=actor, story_slug=STORY)
    while not job.finished:
        time.sleep(POLL)
        job.refresh_from_db()
    return time.perf_counter() - started, job


def worker_env(redis: RedisServer, queue: str) -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DEBUG": "0",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": redis.url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }


def main() -> int:
    if connection.vendor != "postgresql":
        print("Run it on PostgreSQL: set DATABASE_URL.")
        return 1
    count = int(os.environ.get("BENCH_ARTICLES", "2000"))
    rng = random.Random(20240601)
    lines = [json.dumps(article(rng, n)) + "\n" for n in range(count)]
    warm_up = [
        json.dumps({**article(rng, n), "url": f"https://bench.example/warm/{n}"}) + "\n"
        for n in range(200)
    ]
    actor, _ = get_user_model().objects.get_or_create(
        username="bench-importer", defaults={"is_superuser": True, "is_staff": True}
    )
    print(
        f"{count} synthetic articles, chunks of "
        f"{django.conf.settings.NEWSROOM_IMPORT_CHUNK_SIZE}, on {connection.vendor}"
    )
    redis = RedisServer()
    redis.start()
    rates, cpu_per_article = {}, {}
    # One queue for both runs: Celery keeps the default queue it first published to.
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = worker_env(redis, queue)
    try:
        with publishing_to(redis, queue):
            for workers in (1, 2):
                started = []
                try:
                    for n in range(workers):
                        started.append(Worker(f"bench{workers}{n}", env, queue))
                    clean()
                    run_job(warm_up, actor)  # its outlets and sources stay
                    cpu = cpu_seconds(started)
                    elapsed, job = run_job(lines, actor)
                    cpu = cpu_seconds(started) - cpu
                finally:
                    for worker in started:
                        worker.stop()
                rates[workers] = count / elapsed
                cpu_per_article[workers] = cpu / count * 1000
                print(
                    f"{workers} worker(s): {elapsed:.1f} s, {rates[workers]:.0f} "
                    f"articles/s, workers' CPU {cpu / count * 1000:.1f} ms per article "
                    f"(created {job.created}, failed {job.failed})",
                    flush=True,
                )
    finally:
        redis.stop()
        clean()
        ImportJob.objects.filter(actor=actor).delete()
    ratio = rates[2] / rates[1]
    print(f"ratio:     two workers import {ratio:.2f}x as fast as one (goal >= 1.7)")
    record("background import", "articles/s, 1 worker", rates[1], "1/s")
    record("background import", "articles/s, 2 workers", rates[2], "1/s")
    record("background import", "2 workers / 1 worker", ratio, "x", ">= 1.7")
    for workers, ms in cpu_per_article.items():
        record("background import", f"worker CPU per article, {workers}", ms, "ms")
    return 0 if ratio >= 1.7 else 1


if __name__ == "__main__":
    sys.exit(main())
