"""Body and metadata extraction on real saved pages: ours against plain trafilatura.

    python bench/bench_extraction.py

Scores the importer's HTML path (``parse_html``) and trafilatura as the benchmark
literature runs it (``extract(html, favor_precision=True)``) on the pages under
tests/fixtures/real_pages/corpus, in one run, with the article-extraction-benchmark
metric (bench/extraction.py), and the share of the hand-checked headlines, bylines,
dates and outlets each gets right. Exits 1 when ours scores below trafilatura.
"""

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

import django

django.setup()

import trafilatura  # noqa: E402

from bench.extraction import (  # noqa: E402
    corpus_score,
    load_corpus,
    match,
    metadata_right,
)
from bench.report import record  # noqa: E402
from coverage.importers.html import parse_html  # noqa: E402
from coverage.importers.parsed import ImportFailed  # noqa: E402


def our_body(page) -> str:
    try:
        return parse_html(page.html, source=page.source).body
    except ImportFailed:
        return ""


def plain_trafilatura(page) -> str:
    return trafilatura.extract(page.html, favor_precision=True) or ""


def our_metadata(page) -> dict:
    article = parse_html(page.html, source=page.source)
    return {
        "title": "" if article.headline_inferred else article.headline,
        "byline": article.byline,
        "date": article.published_at.isoformat() if article.published_at else "",
        "outlet": article.outlet_name or "",
    }


def trafilatura_metadata(page) -> dict:
    found = trafilatura.extract_metadata(page.html)
    if found is None:
        return {}
    return {
        "title": found.title or "",
        "byline": found.author or "",
        "date": found.date or "",
        "outlet": found.sitename or "",
    }


def main() -> int:
    pages = load_corpus()
    print(f"Body extraction on {len(pages)} real pages (word 4-shingles):")
    scores = {}
    for name, extract in (("ours", our_body), ("trafilatura", plain_trafilatura)):
        scores[name] = score = corpus_score(
            match(extract(page), page.gold) for page in pages
        )
        print(
            f"  {name:<12} precision {score.precision:.4f}  "
            f"recall {score.recall:.4f}  F1 {score.f1:.4f}"
        )
        record("extraction", f"body F1, {name}", score.f1, "F1", "ours >= trafilatura")
    print("Metadata right (hand-checked fields):")
    for name, read in (("ours", our_metadata), ("trafilatura", trafilatura_metadata)):
        right, total = Counter(), Counter()
        for page in pages:
            for field, ok in metadata_right(read(page), page.truth).items():
                total[field] += 1
                right[field] += ok
        share = sum(right.values()) / sum(total.values())
        fields = ", ".join(f"{f} {right[f]}/{total[f]}" for f in total)
        print(f"  {name:<12} {share:.1%}  ({fields})")
        record("extraction", f"metadata right, {name}", 100 * share, "%")
    return 0 if scores["ours"].f1 >= scores["trafilatura"].f1 else 1


if __name__ == "__main__":
    sys.exit(main())
