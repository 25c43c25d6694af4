"""Process-local memos: values a worker keeps for a few seconds.

Each worker has its own and nothing depends on them for correctness (a miss only
costs the query or the rendering again), so workers stay stateless and any of
them can serve any request.
"""

import time
from collections.abc import Hashable
from typing import Any

every_memo: list["Memo"] = []


def forget_everything() -> None:
    """Empty every memo of the process (tests start from a cold worker)."""
    for memo in every_memo:
        memo.clear()


class Memo:
    """A dict whose entries expire, emptied when it is full: under load the hot
    keys come back within seconds, so a bounded, crude memo is enough."""

    def __init__(self, size: int):
        self.size = size
        self.entries: dict[Hashable, tuple[float, Any]] = {}
        every_memo.append(self)

    def get(self, key: Hashable) -> Any:
        found = self.entries.get(key)
        if found is not None and found[0] > time.monotonic():
            return found[1]
        return None

    def put(self, key: Hashable, value: Any, seconds: float) -> None:
        if len(self.entries) >= self.size:
            self.entries.clear()
        self.entries[key] = (time.monotonic() + seconds, value)

    def clear(self) -> None:
        self.entries.clear()
