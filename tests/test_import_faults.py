"""An import killed mid-run leaves whole articles, and running it again finishes it.

The import runs as a real ``manage.py import_articles`` process against the test
database and is killed with SIGKILL, so nothing in the process can tidy up: what is
left is what PostgreSQL committed. One commit holds ``BATCH_SIZE`` articles, so the
articles left are whole batches, and each of them whole.

Where it is killed is fixed, not timed: the test holds, uncommitted, one claim of
an article in the second batch. The import's insert of that claim waits for the
test's transaction, with the batch's articles written but not committed; the test
sees the import's session waiting for the lock and kills it there.
"""

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import transaction

from coverage.importers import BATCH_SIZE
from coverage.importers.claims import find_claims, worth_storing
from coverage.importers.jsonl import parse_line
from coverage.models import Article, Claim, ClaimAppearance, claim_fingerprint
from tests.database import database_url, other_sessions
from tests.factories import ClaimFactory, StoryFactory
from tests.processes import wait_until

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 200  # two whole batches, the kill in the second, one more to finish
HELD = BATCH_SIZE + BATCH_SIZE // 2  # the article whose claim the test holds
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def record(number: int) -> dict:
    """A long article (about 8 KB, some 40 claims), so that a batch writes
    thousands of rows."""
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
        "url": url_of(number),
        "outlet": "The Fault Line",
    }


def import_process(path: Path, username: str) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "import_articles", str(path)]
    return subprocess.Popen(
        [*command, "--as", username, "--story", "floods", "--no-progress"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def url_of(number: int) -> str:
    return f"https://faults.example/{number}"


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


def held_quote(expected) -> str:
    """A claim of article ``HELD`` that no other article makes."""
    _, appearances = expected[url_of(HELD)]
    elsewhere = {
        claim_fingerprint(quote)
        for url, (_, found) in expected.items()
        if url != url_of(HELD)
        for _, _, quote in found
    }
    return next(q for _, _, q in appearances if claim_fingerprint(q) not in elsewhere)


def test_killed_import_leaves_whole_articles_and_a_rerun_completes_it(
    reporter, tmp_path
):
    records = {url_of(n): record(n) for n in range(ARTICLES)}
    path = tmp_path / "floods.jsonl"
    path.write_text("\n".join(json.dumps(fields) for fields in records.values()))
    expected = expected_appearances(records)
    floods = StoryFactory(slug="floods", title="Floods")

    with transaction.atomic():
        ClaimFactory(story=floods, text=held_quote(expected), claimant=None)
        process = import_process(path, reporter.username)
        wait_until(
            lambda: (
                process.poll() is not None or other_sessions(waiting_for_a_lock=True)
            ),
            awaited="the import to wait for the claim the test holds",
        )
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGKILL)
        process.communicate()
        transaction.set_rollback(True)  # lets the killed session go on, and end
    assert process.returncode == -signal.SIGKILL
    wait_until(
        lambda: other_sessions() == 0,
        awaited="the killed import's database session to end",
    )

    left = Article.objects.count()
    assert left == HELD // BATCH_SIZE * BATCH_SIZE  # the first batch, whole
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
