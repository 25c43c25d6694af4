"""Sentence spans: the fast path gives exactly what syntok gives (pure)."""

import random

import pytest

from coverage.importers import sentences

PARTS = ["word", "homes", "Word", "The", "He", "A", "I", "etc", "may", "no", "b"]
PARTS += ["Dr", "U.S.", ".", "!", "?", "...", "…", '"', "'", "”", "’", "“", " "]
PARTS += ["  ", "\n", "\u00a0", ";", ":", ",", "3", "2019", "-", "—", "(", ")"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Residents gathered at the harbour. Nobody expected it. It was quiet.",
        'Marsh said. "We watched it," he said. Then Dr. Lee left.',
        "Prices rose (by 5%. Or more.) last year. Related Stories\n",
        "It was late etc. Then they left! Why? Nobody knows.  ",
    ],
)
def test_spans_are_syntoks(paragraph):
    assert sentences.spans(paragraph, 5) == sentences._syntok(paragraph, 5)


def test_spans_are_syntoks_on_random_text():
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(
            rng.choice(PARTS) + (" " if rng.random() < 0.5 else "")
            for _ in range(rng.randint(1, 25))
        )
        assert sentences.spans(text, 7) == sentences._syntok(text, 7), text
