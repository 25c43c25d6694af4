"""Body and metadata extraction, scored as the article-extraction benchmarks do.

The metric is scrapinghub/article-extraction-benchmark's: text is split into word
tokens (``\\w+``, case kept); every run of four tokens is a shingle; per page, true
positives, false positives and false negatives are counted over shingle multisets
and normalised so a long page weighs no more than a short one. Precision and recall
are averaged over the pages and the figure is the F1 of those two means.

The real pages are under ``tests/fixtures/real_pages/corpus`` (see its
LICENSES.md); ``bench/bench_extraction.py`` and ``tests/test_extraction_quality.py``
score the importer against plain trafilatura on them.
"""

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

CORPUS = Path(__file__).resolve().parent.parent / "tests/fixtures/real_pages/corpus"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter:
    """Word ``size``-grams of ``text``, counted; a text of fewer words is one."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) <= size:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class Match:
    """One page: shares of true positives, false positives, false negatives."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        if self.fp == self.fn == 0:
            return 1.0
        return None if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.fp == self.fn == 0:
            return 1.0
        return None if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)


def match(extracted: str, gold: str) -> Match:
    found, wanted = shingles(extracted), shingles(gold)
    tp = sum((found & wanted).values())
    fp = sum((found - wanted).values())
    fn = sum((wanted - found).values())
    total = tp + fp + fn
    return Match(tp / total, fp / total, fn / total) if total else Match(0, 0, 0)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        both = self.precision + self.recall
        return 2 * self.precision * self.recall / both if both else 0.0


def corpus_score(matches: Iterable[Match]) -> Score:
    """Mean precision over pages with any extracted text, mean recall over pages
    with any gold text (the benchmark's convention)."""
    matches = list(matches)
    precisions = [m.precision for m in matches if m.precision is not None]
    recalls = [m.recall for m in matches if m.recall is not None]
    return Score(mean(precisions or [0.0]), mean(recalls or [0.0]))


@dataclass(frozen=True)
class Page:
    name: str
    html: bytes
    gold: str
    truth: dict  # the page's hand-checked title, byline, date and outlet

    @property
    def source(self) -> str:
        return f"{self.name}.html"


def load_corpus() -> list[Page]:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return [
        Page(
            name=entry["name"],
            html=gzip.decompress((CORPUS / f"{entry['name']}.html.gz").read_bytes()),
            gold=(CORPUS / f"{entry['name']}.txt").read_text(encoding="utf-8"),
            truth=entry.get("truth", {}),
        )
        for entry in manifest["pages"]
    ]


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _folded(text: str) -> str:
    return " ".join(text.translate(_QUOTES).replace(".", " ").split()).casefold()


def byline_names(byline: str) -> set[str]:
    """The people a byline names: "By A and B; C" -> {"a", "b", "c"}."""
    parts = re.split(r"\s*(?:[;,|&]|\band\b)\s*", byline or "")
    names = (re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE) for part in parts)
    return {_folded(name) for name in names if name.strip()}


def metadata_right(found: dict, truth: dict) -> dict[str, bool]:
    """For each field the truth states, whether ``found`` has it right: title and
    outlet equal up to case, spacing and quote style; the byline names the same
    people; the date is the same day."""
    right = {}
    if "title" in truth:
        right["title"] = _folded(found.get("title") or "") == _folded(truth["title"])
    if "byline" in truth:
        want = {_folded(name) for name in truth["byline"]}
        right["byline"] = byline_names(found.get("byline") or "") == want
    if "date" in truth:
        right["date"] = (found.get("date") or "")[:10] == truth["date"]
    if "outlet" in truth:
        right["outlet"] = _folded(found.get("outlet") or "") == _folded(truth["outlet"])
    return right
