"""The other processes a test works with: free ports for the servers it starts,
and waits on what they are seen to do, never on a fixed time.

Each wait polls something observable (a server answering, a row, a database
session blocked on a lock, see ``tests.database``) and fails, naming what it
waited for, only after a timeout generous enough for a loaded machine.
"""

import socket
import time
from collections.abc import Callable
from typing import TypeVar

import pytest

TIMEOUT = 120.0  # seconds; reached only when the awaited event never comes
POLL = 0.02
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], T], *, awaited: str) -> T:
    """``condition()``'s first true answer; a failure naming ``awaited`` if none
    comes within ``TIMEOUT``."""
    deadline = time.monotonic() + TIMEOUT
    while not (answer := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"Waited {TIMEOUT:.0f} s for {awaited}.", pytrace=False)
        time.sleep(POLL)
    return answer
