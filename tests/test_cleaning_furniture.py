"""Plain-text furniture removal on real bodies, measured on a labelled set.

The furniture is labelled by kind in tests/fixtures/furniture/: ``written.txt``
(lines written here in the forms news sites print them) and ``real.txt`` (lines taken
from the boilerplate of the public test pages in tests/fixtures/real_pages/corpus).
The bodies are real and are read at test time, never copied: the 20 claims-dev
articles (../shared/claims-dev/texts, article bodies from the ground truth of
scrapinghub/article-extraction-benchmark) and the seed articles (../shared/seeds).
Each furniture item is put between two paragraphs of several bodies; the cleaner
must remove at least 97% of the furniture lines and lose no body line. Run with
``-s`` to see the figures.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from coverage.importers import cleaning
from coverage.importers.text import parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "furniture"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CLAIMS_DEV = SHARED / "claims-dev" / "texts"
SEEDS = SHARED / "seeds"
ROUNDS = 3  # each item goes into this many bodies, at different places

# Lines of the claims-dev gold bodies that are themselves furniture (an image credit,
# a video teaser label, an embedded tweet's signature, a wire credit), by file and
# body line number: they may go, the other lines may not.
FURNITURE_IN_GOLD = {
    ("alibaba-360c732d.txt", 13),
    ("lebron-eecd2575.txt", 25),
    ("omar-threat-6ebac05f.txt", 14),
    ("titan-map-359fee22.txt", 15),
}

needs_shared = pytest.mark.skipif(
    not CLAIMS_DEV.is_dir() or not SEEDS.is_dir(),
    reason="needs ../shared/claims-dev and ../shared/seeds",
)


@dataclass(frozen=True)
class Item:
    kind: str
    source: str
    lines: tuple[str, ...]


def read_items(path: Path) -> list[Item]:
    items, current = [], None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("## "):
            kind, _, source = raw[3:].partition(" ")
            current = Item(kind, source or "written", ())
            items.append(current)
        elif raw.startswith("#") or not raw.strip():
            continue
        else:
            items[-1] = current = Item(
                current.kind, current.source, (*current.lines, raw.strip())
            )
    return items


@cache
def items() -> tuple[Item, ...]:
    return (*read_items(FIXTURES / "written.txt"), *read_items(FIXTURES / "real.txt"))


@dataclass(frozen=True)
class Body:
    name: str
    header: str  # kept as it is: a "Title:" block, or nothing
    paragraphs: tuple[str, ...]
    lines: frozenset[str]  # the lines that must survive


@cache
def bodies() -> tuple[Body, ...]:
    found = []
    for path in sorted(CLAIMS_DEV.glob("*.txt")):
        header, rest = path.read_text(encoding="utf-8").split("\n\n", 1)
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", rest) if p.strip())
        lines = [line.strip() for p in paragraphs for line in p.splitlines()]
        keep = frozenset(
            line
            for number, line in enumerate(lines, start=1)
            if line and (path.name, number) not in FURNITURE_IN_GOLD
        )
        found.append(Body(path.name, header + "\n\n", paragraphs, keep))
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        # A seed's body lines are what the cleaner keeps of it on its own (the seed
        # tests pin those); mixing furniture in must not cost any of them.
        article = parse_text(text.encode(), source=path.name)
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
        keep = frozenset(line.strip() for line in article.body.splitlines())
        found.append(Body(path.name, "", paragraphs, keep))
    return tuple(found)


def mixed(body: Body, placed: list[Item]) -> str:
    """The body with each item as a paragraph of its own, spread between its
    paragraphs (never before the first, which may be the headline)."""
    paragraphs = list(body.paragraphs)
    for n, item in enumerate(placed):
        at = 1 + (n * 7 + len(body.name)) % max(1, len(paragraphs))
        paragraphs.insert(min(at + n, len(paragraphs)), "\n".join(item.lines))
    return body.header + "\n\n".join(paragraphs) + "\n"


@cache
def results():
    """Furniture lines removed and in all, by kind; body lines lost; lines missed."""
    removed, total, lost, missed = Counter(), Counter(), [], []
    all_items, all_bodies = items(), bodies()
    for round_ in range(ROUNDS):
        placements = {body.name: [] for body in all_bodies}
        for n, item in enumerate(all_items):
            body = all_bodies[(n + round_ * 7) % len(all_bodies)]
            placements[body.name].append(item)
        for body in all_bodies:
            text = mixed(body, placements[body.name])
            article = parse_text(text.encode(), source=body.name)
            kept = {line.strip() for line in article.body.splitlines()}
            for item in placements[body.name]:
                for line in item.lines:
                    total[item.kind] += 1
                    removed[item.kind] += line not in kept
                    if line in kept:
                        missed.append((item.kind, line))
            lost += [(body.name, line) for line in body.lines if line not in kept]
    return removed, total, lost, missed


def test_the_labelled_set_has_every_kind_of_furniture_written_and_real():
    kinds = Counter(item.kind for item in items())
    sources = Counter(item.source == "written" for item in items())
    for kind in (
        "share",
        "newsletter",
        "credit",
        "caption",
        "advertisement",
        "readmore",
        "related",
        "copyright",
        "cookies",
    ):
        assert kinds[kind] >= 3, kind
    assert sum(len(item.lines) for item in items()) >= 200
    assert sources[True] >= 100
    assert sources[False] >= 50


@needs_shared
def test_at_least_97_percent_of_furniture_lines_are_removed():
    removed, total, _, _ = results()
    share = sum(removed.values()) / sum(total.values())
    by_kind = ", ".join(f"{k} {removed[k]}/{total[k]}" for k in sorted(total))
    print(
        f"\nfurniture removed: {sum(removed.values())}/{sum(total.values())} "
        f"({share:.1%}) in {len(bodies())} real bodies; {by_kind}"
    )
    assert share >= 0.97


@needs_shared
def test_no_body_line_is_lost_when_furniture_is_mixed_in():
    _, _, lost, _ = results()
    print(f"\nbody lines lost: {len(lost)}")
    assert lost == []


@needs_shared
@pytest.mark.parametrize("name", [p.name for p in sorted(CLAIMS_DEV.glob("*.txt"))])
def test_a_real_body_alone_keeps_every_line(name):
    body = next(b for b in bodies() if b.name == name)
    article = parse_text(mixed(body, []).encode(), source=name)
    kept = {line.strip() for line in article.body.splitlines()}
    assert body.lines - kept == set()


@pytest.mark.parametrize(
    "line",
    [
        "Photos taken at the scene show the roof torn away.",
        "Users can sign up for the service for $5 a month.",
        "More than 2,000 people have signed a petition against the plan.",
        "Most read the report before the vote, officials noted.",
        "The company has 3 million subscribers in the UK.",
        "Follow-up tests found no trace of the virus.",
        "Like many towns on the coast, Whitby depends on tourism.",
        "Share prices fell 4% in early trading.",
        "Watch manufacturers have struggled since the pandemic.",
        "Advertising revenue fell by a third in 2023.",
        "Cookies and cakes were sold to raise £300 for the hospice.",
        "Comments made by the minister on Tuesday drew criticism.",
        "The newspaper's website allows readers to comment on stories.",
        "Read the report in full on the council's website, he urged.",
        "Contact tracing apps were downloaded 20 million times.",
        "Subscribers to the streaming service will pay £2 more from June.",
        "Facebook and Twitter removed the posts within hours.",
        "He shared the video on Twitter, where it was viewed 2m times.",
        "Home Office figures show 1,200 small boats arrived in May.",
        "Top stories this week include the budget and the strike.",
        "The photographer, Jane Roe, was injured in the blast.",
        "Image rights are at the heart of the dispute.",
        "Copyright infringement claims rose by 12% last year.",
        "Published in 2019, the study followed 4,000 patients.",
        "Updated figures will be released next month.",
        "Related charges were dropped in March.",
        "Click fraud costs advertisers billions each year.",
        "Email records show the minister knew about the deal in 2021.",
        "Sign language interpreters will be present at every briefing.",
        "Reuters/Ipsos polling shows the race tightening.",
        "Getty Images said it would appeal the ruling.",
        "The app's privacy policy was changed in May.",
        "Terms and conditions apply to the offer, the bank said.",
        "Print sales have fallen for a decade.",
        "Next steps",
        "LETTERS/OPINION",
        "Latest figures",
        "What happens next?",
    ],
)
def test_article_lines_that_use_furniture_words_are_kept(line):
    assert not cleaning.is_furniture(line)


def test_furniture_at_the_top_is_neither_body_nor_headline():
    text = (
        "Skip to main content\n\nAdvertisement\n\n"
        "Flood barrier would have saved 400 homes, engineers say\n\n"
        "The river rose 2.3 metres above its normal level on Thursday night.\n\n"
        "Share this article\n"
    )
    article = cleaning.clean_text(text)
    assert article.headline == "Flood barrier would have saved 400 homes, engineers say"
    assert article.body == (
        "The river rose 2.3 metres above its normal level on Thursday night."
    )
