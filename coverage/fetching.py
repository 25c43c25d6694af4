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
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from django.conf import settings

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
