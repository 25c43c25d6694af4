"""Benchmark the public pages under load, next to a trivial view, on PostgreSQL.

    make bench-web                               # 10,000 corrections, 5,000 claims
    BENCH_SECONDS=5 make bench-web               # shorter runs

It seeds (once, with bulk_create) 10,000 published corrections and 5,000 claims with
published verdicts in a database of its own, newsroom_bench_web (BENCH_DATABASE_URL
to change it), collects static files, then serves the app with gunicorn on loopback
with production settings (DEBUG=0, Redis cache when one answers on 127.0.0.1:6379)
twice: with the page cache on and with PAGE_CACHE_SECONDS=0. For each it runs wrk
(Debian package ``wrk``) from a second process with 16 connections against /healthz
(the trivial view), four public addresses and the reference page (bench/reference.py:
the log as a plain ListView, served only under bench.settings), BENCH_SECONDS per
address split into BENCH_ROUNDS slices taken in turn (so that every address shares
whatever else the machine does meanwhile), and prints requests per second, p50 and
p99 latency (median p50, worst p99 of the slices), errors and the ratio to the
trivial view, then checks the goals: cached /corrections/ at least 0.85 of the
trivial rate with p99 under 25 ms; uncached at least 0.10 of the trivial rate and
1.5 times the reference page's; filtered uncached at least 0.07; no errors. Exits 1
when a goal is missed.
"""

import datetime
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_web"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
CORRECTIONS = 10_000
CLAIMS = 5_000
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECRET_KEY = "bench-web-only-" + "k" * 50

sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
os.environ.setdefault("SECRET_KEY", SECRET_KEY)

from bench.report import record  # noqa: E402


def ensure_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def seed() -> None:
    """Bulk rows, with the derived fields save() would compute filled in by hand."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from coverage import models

    if (
        models.Correction.objects.published().count() >= CORRECTIONS
        and models.Claim.objects.published().count() >= CLAIMS
    ):
        print("seed: already seeded")
        return
    started = time.perf_counter()
    rng = random.Random(7)
    now = timezone.now()
    User = get_user_model()
    author, _ = User.objects.get_or_create(username="bench-author")
    approver, _ = User.objects.get_or_create(username="bench-approver")
    outlets = models.Outlet.objects.bulk_create(
        models.Outlet(name=f"Bench Outlet {i}", slug=f"bench-outlet-{i}")
        for i in range(20)
    )
    stories = models.Story.objects.bulk_create(
        models.Story(title=f"Bench story {i}", slug=f"bench-story-{i}")
        for i in range(100)
    )
    articles = []
    for i in range(CORRECTIONS):
        text = f"Bench article {i}. The council spent {i} pounds on the bridge."
        articles.append(
            models.Article(
                outlet=outlets[i % len(outlets)],
                story=stories[i % len(stories)],
                headline=f"Council bridge spending, report {i}",
                url=f"https://bench.test/articles/{i}",
                published_at=now - datetime.timedelta(hours=i + 48),
                raw_text=text,
                body=text,
                content_hash=models.content_hash(text),
            )
        )
    articles = models.Article.objects.bulk_create(articles, batch_size=1000)
    kinds = models.Correction.Kind.values
    corrections = [
        models.Correction(
            article=article,
            kind=kinds[i % len(kinds)],
            what_was_wrong=f"The report gave the spending as {i * 10} pounds.",
            what_is_right=f"The council spent {i} pounds.",
            public_explanation="A typing error added a zero.",
            status=models.Correction.Status.PUBLISHED,
            author=author,
            approver=approver,
            published_at=now - datetime.timedelta(minutes=rng.randrange(10**6)),
        )
        for i, article in enumerate(articles)
    ]
    models.Correction.objects.bulk_create(corrections, batch_size=1000)
    sources = [
        models.Source(name=f"Bench Source {i}", normalised_name=f"bench source {i}")
        for i in range(500)
    ]
    sources = models.Source.objects.bulk_create(sources)
    verdicts = sorted(models.VERDICT_STATUSES)
    claims = []
    for i in range(CLAIMS):
        text = f"The bridge cost {i} million pounds to build."
        claims.append(
            models.Claim(
                text=text,
                fingerprint=models.claim_fingerprint(text),
                story=stories[i % len(stories)],
                claimant=sources[i % len(sources)],
                status=verdicts[i % len(verdicts)],
                verdict_summary="The council's accounts give a different figure.",
                verdict_published_at=now - datetime.timedelta(minutes=i),
            )
        )
    claims = models.Claim.objects.bulk_create(claims, batch_size=1000)
    models.ClaimAppearance.objects.bulk_create(
        (
            models.ClaimAppearance(
                claim=claim, article=articles[i], quote=claim.text, start=0, end=40
            )
            for i, claim in enumerate(claims)
        ),
        batch_size=1000,
    )
    models.Evidence.objects.bulk_create(
        (
            models.Evidence(claim=claim, stance="refutes", citation="Council accounts")
            for claim in claims
        ),
        batch_size=1000,
    )
    print(
        f"seed: {CORRECTIONS} corrections, {CLAIMS} claims in "
        f"{time.perf_counter() - started:.1f} s"
    )


def analyse() -> None:
    """Fresh planner statistics and visibility map, so the bench does not race
    autovacuum (or measure a server that has it off): without a vacuum after the
    bulk seed no page is all-visible, and the log's count(*) cannot use an
    index-only scan as it would in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def redis_answers() -> bool:
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except Exception:
        return False


def serve(page_cache_seconds: int, redis: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": DATABASE_URL,
        "CONN_MAX_AGE": "600",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = REDIS_URL
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "newsroom.wsgi",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("bench: gunicorn did not start")


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def warm(path: str) -> None:
    """Open the workers' connections and fill the caches the page uses."""
    url = f"http://127.0.0.1:{PORT}{path}"
    for _ in range(20):
        urllib.request.urlopen(url, timeout=10).read()


def load(path: str, seconds: float) -> dict:
    url = f"http://127.0.0.1:{PORT}{path}"
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout=5s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"bench: cannot read wrk's latency for {path}:\n{out}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket = re.search(r"Socket errors: (.*)", out)
    if socket:
        errors += sum(int(n) for n in re.findall(r"\d+", socket.group(1)))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": errors,
    }


def combined(slices: list[dict]) -> dict:
    """One address's figures over its slices: the mean rate (the slices are equally
    long), the median p50, the worst p99 and every error."""
    p50s = sorted(r["p50"] for r in slices)
    return {
        "rps": sum(r["rps"] for r in slices) / len(slices),
        "p50": p50s[len(p50s) // 2],
        "p99": max(r["p99"] for r in slices),
        "errors": sum(r["errors"] for r in slices),
    }


def run_mode(label: str, page_cache_seconds: int, redis: bool, paths: dict) -> dict:
    """Load every address in turn, ROUNDS times over, so that the trivial view and
    the pages share whatever else the machine is doing during the run: a ratio of
    rates measured minutes apart would mostly measure the machine."""
    server = serve(page_cache_seconds, redis)
    slices = {name: [] for name in paths}
    try:
        for path in paths.values():
            warm(path)
        for _ in range(ROUNDS):
            for name, path in paths.items():
                slices[name].append(load(path, max(1, SECONDS // ROUNDS)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    results = {name: combined(found) for name, found in slices.items()}
    trivial = results["trivial /healthz"]["rps"]
    print(f"\n{label} (PAGE_CACHE_SECONDS={page_cache_seconds}):")
    print(
        f"  {'address':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'ratio':>6} {'errors':>6}"
    )
    for name, r in results.items():
        r["ratio"] = r["rps"] / trivial
        print(
            f"  {name:34} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} "
            f"{r['ratio']:6.2f} {r['errors']:6d}"
        )
        record(f"web {label.lower()}", f"{name} req/s", r["rps"], "1/s")
        record(f"web {label.lower()}", f"{name} p99", r["p99"], "ms")
        record(f"web {label.lower()}", f"{name} / trivial", r["ratio"], "x")
    return results


def main() -> int:
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed. Install it with: apt-get install -y wrk")
        return 2
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from coverage.models import Correction, Outlet

    call_command("migrate", verbosity=0)
    seed()
    analyse()
    call_command("collectstatic", interactive=False, verbosity=0)
    outlet = Outlet.objects.filter(slug__startswith="bench-outlet-").first()
    permalink = Correction.objects.published().order_by("-published_at")[500].pk
    paths = {
        "trivial /healthz": "/healthz",
        "/corrections/": "/corrections/",
        "/corrections/ filtered": f"/corrections/?outlet={outlet.slug}",
        "/corrections/<id>/": f"/corrections/{permalink}/",
        "/corrections.json": "/corrections.json",
        "reference ListView": "/reference/corrections/",
    }
    redis = redis_answers()
    from django.db import connections

    connections.close_all()
    print(
        f"bench: {CONNECTIONS} connections, {SECONDS} s per address in {ROUNDS} "
        f"interleaved slices, {WORKERS} gunicorn workers, "
        f"cache: {'Redis' if redis else 'local memory'}"
    )
    cached = run_mode("Cached", 300, redis, paths)
    uncached = run_mode("Uncached", 0, redis, paths)

    log, reference = uncached["/corrections/"], uncached["reference ListView"]
    over_reference = log["rps"] / reference["rps"]
    print(f"\n  uncached /corrections/ / reference ListView: {over_reference:.2f}")
    record("web uncached", "/corrections/ / reference ListView", over_reference, "x")
    goals = [
        (
            "cached /corrections/ >= 0.85 of trivial",
            cached["/corrections/"]["ratio"] >= 0.85,
        ),
        ("cached /corrections/ p99 < 25 ms", cached["/corrections/"]["p99"] < 25),
        ("uncached /corrections/ >= 0.10 of trivial", log["ratio"] >= 0.10),
        ("uncached /corrections/ >= 1.5 x reference ListView", over_reference >= 1.5),
        (
            "uncached filtered /corrections/ >= 0.07 of trivial",
            uncached["/corrections/ filtered"]["ratio"] >= 0.07,
        ),
        (
            "no errors",
            not any(r["errors"] for mode in (cached, uncached) for r in mode.values()),
        ),
    ]
    print()
    for goal, met in goals:
        print(f"  {'met ' if met else 'MISSED'} {goal}")
    return 0 if all(met for _, met in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
