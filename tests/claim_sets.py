"""Scoring find_claims on a labelled set of articles, the way
../shared/claims-dev/score.py does it through the database, without one."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from coverage.importers.claims import find_claims, worth_storing
from coverage.importers.text import parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLAIMS_DEV = Path(__file__).resolve().parents[2] / "shared" / "claims-dev"
# Real articles labelled for this project and never used to tune the detector.
HELD_OUT = FIXTURES / "claims_heldout" / "gold.json"
HELD_OUT_TEXTS = FIXTURES / "real_pages" / "corpus"

FOLD = str.maketrans("‘’“”\u00a0–—", "''\"\" --")


def fold(text: str) -> str:
    return " ".join(text.translate(FOLD).lower().split())


@dataclass(frozen=True)
class Score:
    recall: float
    claimant: float
    stored_per_marked: float


def score(gold_path: Path, texts: Path) -> Score:
    """Recall of the gold needles among the claims a store keeps; among gold
    claims with a claimant that were found, those whose claimant's last name is
    a word of the claimant given; claims kept per gold claim."""
    gold = json.loads(gold_path.read_text())
    found = right = named = stored = total = 0
    for name, entry in gold.items():
        if name.startswith("_"):
            continue
        path = texts / name
        body = parse_text(path.read_bytes(), source=name).body
        kept = worth_storing(find_claims(body), body)
        stored += len(kept)
        for claim in entry["claims"]:
            total += 1
            hits = [c for c in kept if fold(claim["needle"]) in fold(c.quote)]
            found += bool(hits)
            if claim["claimant"]:
                named += 1
                last = re.sub(r"\s+(?:jr|sr)\.?$", "", fold(claim["claimant"]))
                word = re.compile(rf"(?<!\w){re.escape(last.split()[-1])}(?!\w)")
                right += any(word.search(fold(c.claimant or "")) for c in hits)
    return Score(found / total, right / named, stored / total)
