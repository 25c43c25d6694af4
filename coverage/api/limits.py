"""How many writes one API token may make a minute: a counter per token and
window in the shared cache (Redis in production), as ``public/throttle.py``
counts correction requests. Windows are aligned to the clock, so the answer to
"when may I try again?" is the end of the current one."""

import time

from django.conf import settings
from django.core.cache import cache

from coverage.models import ApiToken
from newsroom.cache import UNAVAILABLE

WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(
            f"Too many requests with this token: at most "
            f"{settings.API_WRITES_PER_MINUTE} a minute. Try again in "
            f"{retry_after} seconds."
        )
        self.retry_after = retry_after


def count_request(token: ApiToken) -> None:
    """Count one more request for ``token``; raise RateLimited past the limit."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"api-limit:{token.pk}:{window}"
    try:
        if cache.add(key, 1, WINDOW_SECONDS + 1):
            return
        seen = cache.incr(key)
    except ValueError:  # it expired in between
        cache.set(key, 1, WINDOW_SECONDS + 1)
        return
    except UNAVAILABLE:  # no shared cache: no limit, rather than no API
        return
    if seen > settings.API_WRITES_PER_MINUTE:
        raise RateLimited(max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999)))
