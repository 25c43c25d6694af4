"""Outgoing HTTP to addresses that strangers choose (webhook receivers, outlets'
pages), made so that a URL cannot turn the server against its own network.

Only http and https; the host is resolved once and every address checked (no
private, loopback, link-local, shared or reserved address unless
``NEWSROOM_FETCH_ALLOW_PRIVATE``), then the connection goes to the checked address,
so a name that resolves differently a moment later (DNS rebinding) changes
nothing. Redirects are not followed; answers are capped in size; every call has a
timeout."""

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.robotparser
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.cache import cache

MAX_ANSWER_BYTES = 1_000_000


class FetchRefused(ValueError):
    """This URL may not be fetched; the message says why."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes


def checked_address(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, address)`` for a URL that may be fetched, or
    ``FetchRefused`` naming what is wrong with it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"{url!r} is not a valid URL: {error}") from error
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchRefused(f"{url!r}: only http and https URLs are fetched.")
    if not parts.hostname:
        raise FetchRefused(f"{url!r} has no host name.")
    port = port or (443 if scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchRefused(f"{parts.hostname!r} does not resolve: {error}") from error
    addresses = [info[4][0] for info in found]
    for address in addresses:
        refuse_unless_public(parts.hostname, address)
    return scheme, parts.hostname, port, addresses[0]


def refuse_unless_public(host: str, address: str) -> None:
    if settings.NEWSROOM_FETCH_ALLOW_PRIVATE:
        return
    ip = ipaddress.ip_address(address.split("%")[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if not ip.is_global or ip.is_multicast:
        raise FetchRefused(
            f"{host!r} resolves to {ip}, a private or reserved address: not fetched "
            "(NEWSROOM_FETCH_ALLOW_PRIVATE=1 allows it, for tests and intranets)."
        )


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    return fetch("POST", url, body=body, headers=headers, timeout=timeout)


def fetch(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
    max_bytes: int = MAX_ANSWER_BYTES,
) -> Answer:
    """One request, no redirects followed. Network failures raise ``OSError`` or
    ``http.client.HTTPException``; a refused URL or an oversized answer raises
    ``FetchRefused``."""
    scheme, host, port, address = checked_address(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = (
        PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    )
    connection = connection_class(host, port, address=address, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read(max_bytes + 1)
    finally:
        connection.close()
    if len(data) > max_bytes:
        raise FetchRefused(f"{url!r} answered with more than {max_bytes} bytes.")
    return Answer(status=response.status, headers=response.headers, body=data)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name says now."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class FetchFailed(Exception):
    """A polite fetch that did not give a page: the message says why."""


ROBOTS_CACHE_SECONDS = 60 * 60
HOST_LOCK_SECONDS = 120  # longer than any one request may take


def polite_get(
    url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*"
) -> tuple[str, Answer]:
    """``(final_url, answer)`` for a GET an outlet would welcome: conditional on
    ``etag``/``last_modified`` (a 304 answer comes back as is), naming the
    newsroom in the User-Agent, obeying robots.txt, one request at a time per
    host across every worker, with at most ``NEWSROOM_FETCH_MAX_REDIRECTS``
    redirects, each hop checked against private addresses like the first.
    Anything else (refused, unreachable, an error status, a loop) raises
    ``FetchFailed``."""
    headers = {"User-Agent": settings.NEWSROOM_FETCH_USER_AGENT, "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen = []
    for _hop in range(settings.NEWSROOM_FETCH_MAX_REDIRECTS + 1):
        seen.append(url)
        if not robots_allow(url):
            raise FetchFailed(f"{url}: disallowed by the site's robots.txt")
        answer = _one_at_a_time(url, headers)
        if answer.status in {301, 302, 303, 307, 308}:
            location = answer.headers.get("Location")
            if not location:
                raise FetchFailed(f"{url}: redirect without a Location")
            url = urljoin(url, location)
            if url in seen:
                raise FetchFailed(f"{url}: redirect loop")
            continue
        if answer.status == 304 or 200 <= answer.status < 300:
            return url, answer
        raise FetchFailed(f"{url}: answered HTTP {answer.status}")
    raise FetchFailed(
        f"{seen[0]}: more than {settings.NEWSROOM_FETCH_MAX_REDIRECTS} redirects"
    )


def _one_at_a_time(url: str, headers: dict[str, str]) -> Answer:
    """One GET, once no other worker is fetching from this host and the host's
    delay since the last request has passed. The lock is a shared-cache key that
    expires by itself, so a worker killed while holding it blocks nobody for long."""
    host = (urlsplit(url).hostname or "").lower()
    lock, last = f"fetch:lock:{host}", f"fetch:last:{host}"
    delay = settings.NEWSROOM_FETCH_HOST_DELAY
    deadline = time.monotonic() + settings.NEWSROOM_FETCH_TIMEOUT * 4
    while not cache.add(lock, 1, HOST_LOCK_SECONDS):
        if time.monotonic() > deadline:
            raise FetchFailed(f"{url}: another worker is still fetching from {host}")
        time.sleep(0.05)
    try:
        wait = (cache.get(last) or 0) + delay - time.time()
        if wait > 0:
            time.sleep(wait)
        try:
            return fetch(
                "GET",
                url,
                headers=headers,
                timeout=settings.NEWSROOM_FETCH_TIMEOUT,
                max_bytes=settings.NEWSROOM_FETCH_MAX_BYTES,
            )
        except FetchRefused as error:
            raise FetchFailed(str(error)) from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchFailed(f"{url}: {error or type(error).__name__}") from error
    finally:
        cache.set(last, time.time(), max(int(delay) + 60, 60))
        cache.delete(lock)


def robots_allow(url: str) -> bool:
    """Whether the site's robots.txt lets our User-Agent fetch ``url``; read once
    an hour per host into the shared cache. A missing robots.txt allows all, as
    the convention says; one that answers an error or cannot be reached too."""
    parts = urlsplit(url)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    key = f"fetch:robots:{parts.scheme}://{parts.netloc}"
    lines = cache.get(key)
    if lines is None:
        lines = _robots_lines(robots_url)
        cache.set(key, lines, ROBOTS_CACHE_SECONDS)
    parser = urllib.robotparser.RobotFileParser(robots_url)
    parser.parse(lines)
    return parser.can_fetch(settings.NEWSROOM_FETCH_USER_AGENT, url)


def _robots_lines(robots_url: str) -> list[str]:
    headers = {"User-Agent": settings.NEWSROOM_FETCH_USER_AGENT}
    try:
        answer = _one_at_a_time(robots_url, headers)
    except FetchFailed:
        return []
    if answer.status != 200:
        return []
    return answer.body.decode("utf-8", "replace").splitlines()
