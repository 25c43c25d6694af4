"""Every public query-string parameter is bounded and refused with a 400 that names
it; nothing a reader types reaches the database unbounded or ends in a 500."""

import pytest
from django.contrib import admin

from coverage.admin.base import BoundedSearchMixin
from coverage.search import MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS
from tests import factories
from tests.admin_pages import ADMIN_MODELS
from tests.logins import log_in

pytestmark = pytest.mark.django_db

EIGHT_HUNDRED_WORDS = " ".join(f"w{n}" for n in range(800))


def test_search_of_too_many_words_is_refused_naming_q(client):
    factories.PublishedCorrectionFactory(what_was_wrong="FOUND-FIX")

    page = client.get("/corrections/", {"q": EIGHT_HUNDRED_WORDS})
    data = client.get("/corrections.json", {"q": EIGHT_HUNDRED_WORDS})

    message = "q: search for at most 10 words (this search has 800)."
    assert page.status_code == 400
    assert message in page.content.decode()
    assert "FOUND-FIX" not in page.content.decode()
    assert data.status_code == 400
    assert data.json()["errors"]["q"][0]["message"] == message


def test_search_longer_than_the_limit_is_refused(client):
    response = client.get("/corrections.json", {"q": "x" * (MAX_SEARCH_LENGTH + 1)})

    assert response.status_code == 400
    assert response.json()["errors"]["q"][0]["message"] == (
        "q: search for at most 200 characters (this search has 201)."
    )


def test_search_at_the_limit_finds_what_has_every_word(client):
    words = [f"word{n}" for n in range(MAX_SEARCH_WORDS)]
    factories.PublishedCorrectionFactory(
        what_was_wrong=" ".join(words[:5]),
        article__headline=" ".join(words[5:]),
    )
    factories.PublishedCorrectionFactory(what_was_wrong=" ".join(words[:-1]))

    data = client.get("/corrections.json", {"q": " ".join(words)}).json()

    assert data["count"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("until=9999-12-31", "until"),
        ("since=9999-12-31", "since"),
        ("since=0001-01-01", "since"),
        ("until=1066-10-14", "until"),
    ],
)
def test_dates_outside_the_calendar_the_log_accepts_are_a_400(client, query, field):
    page = client.get(f"/corrections/?{query}")
    data = client.get(f"/corrections.json?{query}")

    assert page.status_code == 400
    assert data.status_code == 400
    assert set(data.json()["errors"]) == {field}


@pytest.mark.parametrize(
    "page", ["x", "0", "-1", "1.5", "٣", "99999999999999999999999", "1" * 5000]
)
def test_page_must_be_a_small_whole_number(client, page):
    html = client.get("/corrections/", {"page": page})
    claims = client.get("/claims/", {"page": page})
    data = client.get("/corrections.json", {"page": page})

    assert html.status_code == claims.status_code == data.status_code == 400
    assert html.content.decode() == "page: a whole number from 1 to 99999."
    assert data.json()["errors"]["page"][0]["message"] == (
        "a whole number from 1 to 99999."
    )


@pytest.mark.parametrize(
    "path",
    [
        "/corrections/999999999999999999999/",
        "/corrections/9223372036854775808/",
        "/claims/999999999999999999999/",
    ],
)
def test_ids_beyond_64_bits_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_unknown_outlet_or_kind_is_a_400_naming_it(client):
    data = client.get("/corrections.json?outlet=nowhere&kind=rumour").json()

    assert set(data["errors"]) == {"outlet", "kind"}


SEARCHABLE_ADMINS = [
    model
    for model in ADMIN_MODELS
    if model._meta.app_label == "coverage" and admin.site._registry[model].search_fields
]


@pytest.mark.parametrize("model", SEARCHABLE_ADMINS, ids=lambda m: m._meta.model_name)
def test_admin_search_of_too_many_words_finds_nothing_and_says_why(client, model):
    log_in(client, factories.UserFactory(is_superuser=True))
    opts = model._meta

    response = client.get(
        f"/admin/{opts.app_label}/{opts.model_name}/",
        {"q": " ".join(f"w{n}" for n in range(2000))},
    )

    assert response.status_code == 200
    assert "Q: search for at most 10 words (this search has 2000)." in (
        response.content.decode()
    )


def test_every_desk_admin_bounds_its_search():
    for model in ADMIN_MODELS:
        if model._meta.app_label == "coverage":
            assert isinstance(admin.site._registry[model], BoundedSearchMixin), model
