"""How many correction requests one network address, or one e-mail address, may
send per hour: counters in the shared cache, under a keyed hash of the address
(the cache never holds the address itself)."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from newsroom.cache import UNAVAILABLE

WINDOW_SECONDS = 60 * 60


class Throttled(Exception):
    """Over the limit; the message says what to do, ``kind`` what was counted."""

    def __init__(self, message: str, *, kind: str):
        super().__init__(message)
        self.kind = kind


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 under SECRET_KEY: the same address gives the same hash, and
    nobody without the key can tell which address it was."""
    return salted_hmac(
        f"coverage.requests.{kind}", value.strip().lower(), algorithm="sha256"
    ).hexdigest()


def count(kind: str, value: str, *, limit: int, message: str) -> None:
    """Count one more for ``value``; raise Throttled past ``limit`` in the hour."""
    key = f"request-limit:{kind}:{keyed_hash(kind, value)}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        seen = cache.incr(key)
    except ValueError:  # it expired in between
        cache.set(key, 1, WINDOW_SECONDS)
        return
    except UNAVAILABLE:  # no shared cache: no limit, rather than no form
        return
    if seen > limit:
        raise Throttled(message, kind=kind)


def count_email(email: str) -> None:
    """Count one more request giving ``email``, whoever files it (the public form
    or a token through the API): each one sends that address a "request
    received" e-mail, so the limit is the address's, not the sender's."""
    if not email:
        return
    count(
        "email",
        email,
        limit=settings.NEWSROOM_REQUEST_LIMIT_PER_EMAIL,
        message="Too many requests have come from this e-mail address in the "
        "last hour. Please try again in an hour; what you wrote was not kept.",
    )
