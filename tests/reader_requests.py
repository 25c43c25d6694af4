"""What the tests of readers' requests share: a solved challenge, as the
browser's script posts it, and a request filed through the real form."""

import datetime

from altcha import ChallengeV1, solve_challenge_v1

from coverage.public import challenge

FORM_URL = "/corrections/request/"


def solved(*, now: datetime.datetime | None = None) -> str:
    """Solve a challenge the server issued, the way challenge.js does."""
    issued = challenge.issue(now=now)
    solution = solve_challenge_v1(
        ChallengeV1(
            issued["algorithm"],
            issued["challenge"],
            issued["maxNumber"],
            issued["salt"],
            issued["signature"],
        )
    )
    return challenge.encode(
        {
            "algorithm": issued["algorithm"],
            "challenge": issued["challenge"],
            "number": solution.number,
            "salt": issued["salt"],
            "signature": issued["signature"],
        }
    )


def form_data(**overrides) -> dict:
    data = {
        "article": "https://outlet.test/walrus-cliff",
        "quote": "More than 7,000 walruses died.",
        "what_is_wrong": "The agency counted about 700 walruses, not 7,000.",
        "supporting_link": "https://agency.test/walrus-count",
        "email": "reader@example.org",
    }
    data.update(overrides)
    if "challenge" not in data:
        data["challenge"] = solved()
    return data
