"""A real outlet on 127.0.0.1 for the watching tests: feeds, pages, robots.txt and
the misbehaviour outlets show (errors, redirects, huge and hostile answers).

``routes`` maps a path to ``(status, headers, body)``; a route with an ``ETag``
(or ``Last-Modified``) answers 304 to a matching ``If-None-Match``
(``If-Modified-Since``). ``seen`` lists ``(path, headers)``
of every request, so a test asserts what the newsroom sent; ``stall_path`` holds
the next request for that path until ``released``, as a slow outlet would;
``before_answer`` maps a path to a function called before it is answered."""

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Outlet:
    def __init__(self):
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.stall_path: str | None = None  # held until ``released`` is set
        self.stalled = threading.Event()
        self.released = threading.Event()
        self.before_answer: dict[str, Callable[[], None]] = {}
        outlet = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outlet.seen.append((self.path, dict(self.headers)))
                if self.path == outlet.stall_path:
                    outlet.stall_path = None
                    outlet.stalled.set()
                    outlet.released.wait(120)
                if self.path in outlet.before_answer:
                    outlet.before_answer[self.path]()
                status, headers, body = outlet.routes.get(
                    self.path, (404, {}, b"not here")
                )
                etag, modified = headers.get("ETag"), headers.get("Last-Modified")
                if (etag and self.headers.get("If-None-Match") == etag) or (
                    modified and self.headers.get("If-Modified-Since") == modified
                ):
                    status, body = 304, b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _headers in self.seen]


def page(headline: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<!doctype html><html><head><title>{headline}</title></head><body>"
        f"<article><h1>{headline}</h1>{body}</article></body></html>"
    ).encode()


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link>"
        f"<description>Summary {n}</description></item>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>'
        f"{items}</channel></rss>"
    ).encode()
