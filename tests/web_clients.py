"""Readers and editors over HTTP, as they reach a running site (gunicorn, or HAProxy
in front of it): one request per connection, cookies kept, and an editor who logs in
through the admin's login pages (password, then second factor) and presses the claim
page's buttons."""

import http.client
import re
from collections import Counter
from http.cookies import SimpleCookie
from typing import NamedTuple
from urllib.parse import urlencode

from coverage.models import ClaimStatus
from tests.factories import PASSWORD
from tests.logins import app_of, current_code

Address = tuple[str, int]

# What an editor types into each claim button's form, in the order a claim's life
# offers them: review, verdict, then (for a standards editor) reopening it.
MOVE_FIELDS = {
    "start_review": {"note": "On it."},
    "verdict": {
        "verdict": ClaimStatus.ACCURATE,
        "note": "Checked against the agency count.",
        "public_summary": "The agency's published count agrees.",
    },
    "reopen": {"note": "A reader sent a newer count."},
}


class Response(NamedTuple):
    status: int
    text: str
    headers: http.client.HTTPMessage


def request(
    address: Address, method, path, *, body=None, cookies=None, headers=None
) -> Response:
    """One request on a connection of its own; ``cookies`` takes what is set."""
    conn = http.client.HTTPConnection(*address, timeout=30)
    all_headers = {"Host": "127.0.0.1", **(headers or {})}
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(body)
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    content = response.read().decode("utf-8", "replace")
    for header in response.headers.get_all("Set-Cookie") or []:
        if cookies is not None:
            cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
    conn.close()
    return Response(response.status, content, response.headers)


def answers_health_check(address: Address) -> bool:
    try:
        return request(address, "GET", "/healthz").status == 200
    except OSError:
        return False


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


class Editor:
    """A browser-less editor: a session cookie and the claim page's buttons."""

    def __init__(self, address: Address, user):
        self.address, self.cookies, self.statuses = address, {}, Counter()
        self.failures: list[str] = []  # each answer not 2xx or 3xx, and its start
        app = app_of(user)  # enrolled before the login, as after a first one
        page = self.get("/admin/login/").text
        status = self.post(
            "/admin/login/?next=/admin/",
            {
                "username": user.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_token(page),
            },
        ).status
        assert status == 302, f"{user.username} could not log in"
        page = self.get("/admin/second-factor/?next=/admin/").text
        status = self.post(
            "/admin/second-factor/?next=/admin/",
            {"code": current_code(app), "csrfmiddlewaretoken": csrf_token(page)},
        ).status
        assert status == 302, f"{user.username}'s second factor was refused"

    def get(self, path) -> Response:
        response = request(self.address, "GET", path, cookies=self.cookies)
        self.count(response, f"GET {path}")
        return response

    def post(self, path, data) -> Response:
        response = request(
            self.address,
            "POST",
            path,
            body=data,
            cookies=self.cookies,
            headers={"Referer": f"http://127.0.0.1{path}"},
        )
        self.count(response, f"POST {path}")
        return response

    def count(self, response: Response, asked: str) -> None:
        self.statuses[response.status // 100] += 1
        if response.status >= 400:
            self.failures.append(f"{response.status} {asked}: {response.text[:120]!r}")

    def press(self, claim_id, move: str | None = None) -> str | None:
        """Press ``move``'s button on the claim page (by default the first of
        ``MOVE_FIELDS`` the page offers); the move if the desk then says it was
        made, None if it was not offered or was refused (the other editor got
        there first)."""
        page = self.get(f"/admin/coverage/claim/{claim_id}/change/").text
        offered = re.findall(r'/move/(\w+)/"', page)
        move = move or next((m for m in offered if m in MOVE_FIELDS), None)
        if move not in offered:
            return None
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        answer = self.post(
            f"/admin/coverage/claim/{claim_id}/move/{move}/",
            {"csrfmiddlewaretoken": csrf_token(page), "version": version}
            | MOVE_FIELDS[move],
        )
        # The button's redirect leads back to the claim page, which says what the
        # desk did: "Claim 12 is now in review." or why it did not.
        page = self.get(answer.headers["Location"]).text
        return move if f'class="success">Claim {claim_id} is now' in page else None
