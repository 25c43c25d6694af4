"""What HAProxy, run with ``deploy/haproxy.cfg`` as it is, passes on to the app
servers: two stand-ins on 127.0.0.1 that answer its health checks and record every
other request. A stand-in that closes the connection having read a request, as a
worker killed mid-request does, shows which requests HAProxy sends again; one that
answers shows which headers reach the app."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.app_servers import LoadBalancer
from tests.web_clients import request

pytestmark = pytest.mark.skipif(
    bool(LoadBalancer.unavailable()), reason=LoadBalancer.unavailable() or ""
)


class StandIn(ThreadingHTTPServer):
    """An app server's stand-in on a free port; ``seen`` holds the method and the
    headers of each request other than a health check."""

    def __init__(self, *, answers: bool):
        self.answers = answers
        self.seen: list[tuple[str, dict[str, str]]] = []
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path != "/healthz":
            self.server.seen.append((self.command, dict(self.headers)))
            if not self.server.answers:
                return  # closes the connection: nothing was written
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@contextmanager
def balancer(*, answers: bool) -> Iterator[tuple[LoadBalancer, list[StandIn]]]:
    servers = [StandIn(answers=answers) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    balancer = LoadBalancer([server.server_address for server in servers])
    try:
        yield balancer, servers
    finally:
        balancer.stop()
        for server in servers:
            server.shutdown()
            server.server_close()


def test_a_post_left_unanswered_is_not_sent_again():
    """The server may have committed it before its worker died. Without a body:
    HAProxy 2.6 already sends one with a body only once, having passed the body
    on, but replayed an empty POST (an admin action's, say) four times."""
    with balancer(answers=False) as (lb, servers):
        response = request(lb.address, "POST", "/admin/logout/")

        assert response.status == 502
        assert [method for s in servers for method, _ in s.seen] == ["POST"]


def test_a_get_left_unanswered_is_sent_again_to_the_other_server():
    with balancer(answers=False) as (lb, servers):
        response = request(lb.address, "GET", "/claims/")

        assert response.status == 502
        # The first try and three retries (`retries 3`), taking turns.
        assert [len(server.seen) for server in servers] == [2, 2]


def test_a_readers_own_x_forwarded_proto_does_not_reach_the_app():
    """Django takes it to mean the request was secure (SECURE_PROXY_SSL_HEADER)."""
    with balancer(answers=True) as (lb, servers):
        response = request(
            lb.address, "GET", "/claims/", headers={"X-Forwarded-Proto": "https"}
        )

        assert response.status == 200
        [(_, headers)] = [seen for server in servers for seen in server.seen]
        assert "x-forwarded-proto" not in {name.lower() for name in headers}
