"""Benchmark the article importer end to end on the configured database.

    make bench-import                        # 10,000 articles
    BENCH_ARTICLES=500 make bench-import     # a quick run

It writes synthetic articles to a temporary JSON Lines file, imports them with
``import_file``, then inserts the same number of article, claim and appearance rows
with plain ``bulk_create`` as the reference. It prints articles and claims per
second, the CPU time of this process (wall time on a shared machine includes others'
work), peak memory (max RSS) and the ratio to the reference.

The articles are shaped like the seed articles in ../shared/seeds: about 2.2 KB of
body in 10 to 20 paragraphs, mostly narrative, with site furniture, direct quotes
(some running on across paragraphs), a few figures, named and surname-only sources,
and so about 8 to 11 candidate claims each, as real articles of that size yield.

It runs on DATABASE_URL. Its rows are its own (outlets named "Bench ...", story
"bench-import", user "bench-importer") and are deleted before and after the run, but
point it at a database of its own, e.g. postgres://postgres@127.0.0.1:5432/newsroom_bench.
"""

import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from bench.report import record  # noqa: E402
from coverage.importers import import_file  # noqa: E402
from coverage.importers.claims import find_claims  # noqa: E402
from coverage.models import (  # noqa: E402
    Article,
    Claim,
    ClaimAppearance,
    Outlet,
    Source,
    Story,
    claim_fingerprint,
)

STORY = "bench-import"
FIRST = ["Amara", "Tomasz", "Helen", "Kwame", "Ines", "Rahul", "Mei", "Oskar", "Lucia"]
LAST = ["Benchley", "Okonkwo", "Lindqvist", "Moreau", "Haddad", "Tanaka", "Fairbairn"]
TITLES = ["Dr.", "Prof.", "", "", ""]
ORGS = ["Bench Water Authority", "Bench Wildlife Trust", "Bench County Council"]
PAPERS = ["the Telegraph", "the New York Times", "TMZ", "the Guardian"]
THINGS = ["homes", "walruses", "trees", "bridges", "schools", "jobs", "patients"]
PLACES = ["the harbour", "the valley", "the old mill", "the ring road", "the coast"]
FURNITURE = [
    "Advertisement",
    "Share this article",
    "RELATED: Ten things you missed this week",
    "Sign up for our newsletter",
    "Featured Image Credit: Bench Photo Agency",
    "Click to View Gallery",
    "Read more: What the council decided",
]


def person(rng):
    title = rng.choice(TITLES)
    return (f"{title} " if title else "") + f"{rng.choice(FIRST)} {rng.choice(LAST)}"


# Sentences an article tells its story with: no figure, no attribution, no cause.
NARRATIVE = [
    "Residents gathered at {place} on a grey morning to look at the damage.",
    "Nobody at {place} expected the {thing} to change so quickly.",
    "It was, by every account, a long and difficult week for {place}.",
    "The road along {place} was quiet, and the cafe by the bridge stayed shut.",
    "Some families have lived beside {place} for generations.",
    "Walkers still come at weekends, though fewer stop to look.",
    "Volunteers handed out tea and blankets from the back of a van.",
    "The work is slow, and much of it happens out of sight.",
    "For now, the {thing} near {place} are being watched closely.",
    "Children from the village school drew pictures of the {thing} for the hall.",
    "The mood in the pub that evening was subdued.",
    "Local groups have asked for a public meeting before the end of the season.",
    "Photographs from the scene show a landscape that has changed beyond recognition.",
    "Those who remember the old days speak of it with a kind of quiet grief.",
]
# Sentences that are claims: a figure, an attribution or a cause.
CLAIMS = [
    "More than {n} {thing} near {place} were affected in {year}.",
    "According to {speaker}, the {n}-metre wall at {place} would have held.",
    "{surname} said the figure had risen because of the dry summer.",
    "{org} said it had spent £{n} million on {thing}.",
    "The {thing} near {place} closed due to flooding last spring.",
    "{speaker}, who has studied {place} for a decade, told {paper} the damage was avoidable.",
]


def paragraph(rng, speaker, claims):
    """Two or three sentences, about one in four of them a claim."""
    values = {
        "n": rng.randint(2, 900),
        "year": rng.randint(1990, 2024),
        "thing": rng.choice(THINGS),
        "place": rng.choice(PLACES),
        "speaker": speaker,
        "surname": speaker.split()[-1],
        "org": rng.choice(ORGS),
        "paper": rng.choice(PAPERS),
    }
    sentences = []
    for _ in range(rng.randint(2, 3)):
        pool = CLAIMS if rng.random() < claims else NARRATIVE
        sentences.append(rng.choice(pool).format(**values))
    return " ".join(sentences)


def quotation(rng, speaker):
    """A direct quote, sometimes running on into the next paragraph as newspapers
    print it (the first paragraph's quote left open)."""
    thing, place = rng.choice(THINGS), rng.choice(PLACES)
    said = f"{speaker.split()[-1]} told {rng.choice(PAPERS)}"
    if rng.random() < 0.5:
        return [f'"We watched the {thing} at {place} every day that autumn," {said}.']
    return [
        f'{said}: "Nobody had seen anything like it at {place} before.',
        f'"We went back every morning to check on the {thing}, and the picture '
        'never got any better."',
    ]


def article(rng, number):
    speaker = person(rng)
    paragraphs = [
        f"{speaker}, a researcher at {rng.choice(ORGS)}, has spent years at "
        f"{rng.choice(PLACES)}."
    ]
    for _ in range(rng.randint(9, 12)):
        paragraphs.append(paragraph(rng, speaker, claims=0.25))
        if rng.random() < 0.2:
            paragraphs.extend(quotation(rng, speaker))
        if rng.random() < 0.3:
            paragraphs.append(rng.choice(FURNITURE))
    headline = f"Bench story {number}: {rng.choice(THINGS)} at {rng.choice(PLACES)}"
    body = "\n\n".join([headline, headline, *paragraphs, "Topics: Bench, News"])
    record = {
        "body": body,
        "url": f"https://bench.example/{number}",
        "outlet": f"Bench Outlet {number % 20}",
        "byline": person(rng),
        "published": f"2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
    }
    if rng.random() < 0.8:
        record["headline"] = headline
    return record


def delete_in_batches(rows, size=10_000):
    """``rows.delete()`` a batch at a time: PostgreSQL takes at most 65,535
    parameters in one statement, and Django's delete names every row it cascades to."""
    while ids := list(rows.values_list("pk", flat=True)[:size]):
        rows.model.objects.filter(pk__in=ids).delete()


def clean():
    delete_in_batches(
        ClaimAppearance.objects.filter(article__outlet__name__startswith="Bench ")
    )
    delete_in_batches(Claim.objects.filter(story__slug=STORY))
    delete_in_batches(
        Claim.objects.filter(story__isnull=True, text__startswith="Bench reference")
    )
    delete_in_batches(Article.objects.filter(outlet__name__startswith="Bench "))
    Outlet.objects.filter(name__startswith="Bench ").delete()
    Story.objects.filter(slug=STORY).delete()
    Source.objects.filter(
        claims__isnull=True, name__regex=r"(Bench|" + "|".join(LAST) + ")"
    ).delete()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    count = int(os.environ.get("BENCH_ARTICLES", "10000"))

    rng = random.Random(20240601)
    actor, _ = get_user_model().objects.get_or_create(
        username="bench-importer", defaults={"is_superuser": True, "is_staff": True}
    )
    clean()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for number in range(count):
                out.write(json.dumps(article(rng, number)) + "\n")
        size_mb = path.stat().st_size / 1e6
        print(
            f"{count} synthetic articles, {size_mb:.1f} MB JSONL, on {connection.vendor}"
        )
        rss_before = peak_mb()
        started, cpu = time.perf_counter(), time.process_time()
        report = import_file(path, actor=actor, story_slug=STORY)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"import:    {report.summary()}")
        print(
            f"import:    {elapsed:.1f} s, {count / elapsed:.0f} articles/s, "
            f"{report.claims_found / elapsed:.0f} claims/s, {cpu:.1f} s CPU here, "
            f"peak RSS {peak_mb():.0f} MB (was {rss_before:.0f} MB before)"
        )
        appearances = ClaimAppearance.objects.filter(article__story__slug=STORY).count()
        claims = Claim.objects.filter(story__slug=STORY).count()

        bodies = []
        with path.open(encoding="utf-8") as lines:
            bodies = [json.loads(line)["body"] for line in lines]
        cpu_started = time.process_time()
        for body in bodies:
            find_claims(body)
        detection = (time.process_time() - cpu_started) / len(bodies) * 1000
        print(f"detection: {detection:.1f} ms per article (CPU, find_claims alone)")
        clean()
        outlet = Outlet.objects.create(name="Bench Reference")
        started = time.perf_counter()
        rows = Article.objects.bulk_create(
            (
                Article(
                    outlet=outlet, headline=f"Bench reference {n}", raw_text=b, body=b
                )
                for n, b in enumerate(bodies)
            ),
            batch_size=1000,
        )
        claim_rows = Claim.objects.bulk_create(
            (
                Claim(
                    text=f"Bench reference claim {n}",
                    fingerprint=claim_fingerprint(str(n)),
                )
                for n in range(claims)
            ),
            batch_size=1000,
        )
        ClaimAppearance.objects.bulk_create(
            (
                ClaimAppearance(
                    claim=claim_rows[n % len(claim_rows)],
                    article=rows[n % len(rows)],
                    quote="Bench",
                    start=0,
                    end=5,
                )
                for n in range(appearances)
            ),
            batch_size=1000,
        )
        reference = time.perf_counter() - started
        print(
            f"reference: bulk_create of {len(rows)} articles, {claims} claims, "
            f"{appearances} appearances in {reference:.1f} s "
            f"({len(rows) / reference:.0f} articles/s)"
        )
        print(
            f"ratio:     the importer takes {elapsed / reference:.1f}x the plain insert"
        )
        record("import", "articles/s end to end", count / elapsed, "1/s", ">= 100")
        record("import", "claims/s", report.claims_found / elapsed, "1/s")
        record("import", "CPU per article", cpu / count * 1000, "ms")
        record("import", "claim detection per article", detection, "ms")
        record("import", "peak RSS", peak_mb(), "MB", "< 300")
        record("import", "bulk_create reference", len(rows) / reference, "articles/s")
        record("import", "importer time / bulk_create time", elapsed / reference, "x")
    clean()


if __name__ == "__main__":
    main()
