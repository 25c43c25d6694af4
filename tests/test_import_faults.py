"""An import killed mid-run leaves whole articles, and running it again finishes it.

The import runs as a real ``manage.py import_articles`` process against the test
database and is killed with SIGKILL, so nothing in the process can tidy up: what is
left is what PostgreSQL committed. One commit holds ``BATCH_SIZE`` articles, so the
articles left are whole batches, and each of them whole.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from coverage.importers import BATCH_SIZE
from coverage.importers.claims import find_claims, worth_storing
from coverage.importers.jsonl import parse_line
from coverage.models import Article, Claim, ClaimAppearance

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 300
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def record(number: int) -> dict:
    """A long article (about 8 KB, some 40 claims) so that a batch takes long
    enough to be killed in the middle of."""
    paragraphs = [
        f"Officials said {number * 7 + n} homes near the river flooded in {1990 + n}. "
        "The road along the bank stayed closed for most of the week."
        for n in range(20)
    ] + [
        f'"We counted {n} boats on the quay that morning," Joan Okafor told the '
        f'Courier. "Nobody had seen the water this high at mooring {number}."'
        for n in range(12)
    ]
    return {
        "headline": f"Flood report {number}",
        "body": "\n\n".join(paragraphs),
        "url": f"https://faults.example/{number}",
        "outlet": "The Fault Line",
    }


def import_process(path: Path, username: str) -> subprocess.Popen:
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    command = [sys.executable, "manage.py", "import_articles", str(path)]
    return subprocess.Popen(
        [*command, "--as", username, "--story", "floods", "--no-progress"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_other_connections_to_close() -> None:
    """The killed process's server session ends when PostgreSQL notices the
    closed socket; its open transaction is rolled back then."""
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.05)
    pytest.fail("the killed import's database session did not end")


def expected_appearances(records: dict[str, dict]) -> dict[str, list]:
    """What a dry parse finds in each article: (start, end, quote) per claim."""
    found = {}
    for url, fields in records.items():
        parsed = parse_line(json.dumps(fields).encode(), source="x", number=1)
        found[url] = (
            parsed.body,
            sorted(
                (c.start, c.end, c.quote)
                for c in worth_storing(find_claims(parsed.body), parsed.body)
            ),
        )
    return found


def assert_every_article_is_whole(expected) -> None:
    for article in Article.objects.all():
        body, appearances = expected[article.url]
        assert article.body == body
        stored = sorted(article.claim_appearances.values_list("start", "end", "quote"))
        assert stored == appearances, f"{article.url} is incomplete"


def test_killed_import_leaves_whole_articles_and_a_rerun_completes_it(
    reporter, tmp_path
):
    records = {f"https://faults.example/{n}": record(n) for n in range(ARTICLES)}
    path = tmp_path / "floods.jsonl"
    path.write_text("\n".join(json.dumps(fields) for fields in records.values()))
    expected = expected_appearances(records)

    process = import_process(path, reporter.username)
    deadline = time.monotonic() + 120
    while Article.objects.count() == 0 and process.poll() is None:
        assert time.monotonic() < deadline, "the import committed nothing in 120 s"
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    wait_for_other_connections_to_close()

    left = Article.objects.count()
    assert 0 < left < ARTICLES
    assert left % BATCH_SIZE == 0  # whole commits only
    assert_every_article_is_whole(expected)

    process = import_process(path, reporter.username)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert out.splitlines()[-1].startswith(
        f"created {ARTICLES - left}, updated 0, unchanged {left}, failed 0"
    )
    assert Article.objects.count() == ARTICLES
    assert_every_article_is_whole(expected)
    positions = ClaimAppearance.objects.values_list("article_id", "start")
    assert not [p for p, n in Counter(positions).items() if n > 1]
    fingerprints = Claim.objects.values_list("fingerprint", flat=True)
    assert not [f for f, n in Counter(fingerprints).items() if n > 1]
    assert ClaimAppearance.objects.count() == sum(len(a) for _, a in expected.values())
