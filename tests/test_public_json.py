import pytest

from coverage.models import Correction
from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.django_db

FIELDS = {
    "id",
    "url",
    "kind",
    "kind_label",
    "published_at",
    "what_was_wrong",
    "what_is_right",
    "explanation",
    "late_note",
    "days_after_article",
    "article",
    "supersedes",
    "superseded_by",
}


def test_json_has_stable_field_names(client):
    correction = factories.PublishedCorrectionFactory(article__published_at=days_ago(4))

    data = client.get("/corrections.json").json()

    assert data["count"] == 1
    assert data["page"] == 1
    assert data["num_pages"] == 1
    assert data["next"] is None
    assert data["previous"] is None
    (item,) = data["results"]
    assert set(item) == FIELDS
    assert item["id"] == correction.pk
    assert item["url"] == f"http://testserver/corrections/{correction.pk}/"
    assert item["kind"] == "correction"
    assert item["kind_label"] == "Correction"
    assert item["published_at"] == correction.published_at.isoformat()
    assert item["explanation"] == correction.public_explanation
    assert (item["late_note"], item["days_after_article"]) == ("", 4)
    article = correction.article
    assert item["article"] == {
        "headline": article.headline,
        "url": article.url,
        "published_at": article.published_at.isoformat(),
        "is_retracted": False,
        "outlet": {"name": article.outlet.name, "slug": article.outlet.slug},
        "story": {
            "title": article.story.title,
            "slug": article.story.slug,
            "url": f"http://testserver/stories/{article.story.slug}/",
        },
    }


def test_json_links_supersession_but_not_a_draft_successor(client):
    old = factories.PublishedCorrectionFactory(published_at=days_ago(2))
    new = factories.PublishedCorrectionFactory(
        article=old.article, supersedes=old, published_at=days_ago(1)
    )
    factories.CorrectionFactory(article=new.article, supersedes=new)

    results = client.get("/corrections.json").json()["results"]

    newest, oldest = results
    assert newest["id"] == new.pk
    assert newest["supersedes"]["id"] == old.pk
    assert newest["superseded_by"] is None
    assert oldest["superseded_by"] == {
        "id": new.pk,
        "url": f"http://testserver/corrections/{new.pk}/",
    }


def test_json_never_includes_unpublished_corrections(client):
    published = factories.PublishedCorrectionFactory()
    factories.CorrectionFactory(article=published.article)
    factories.CorrectionFactory(
        article=published.article, status=Correction.Status.SUBMITTED
    )

    data = client.get("/corrections.json").json()

    assert [item["id"] for item in data["results"]] == [published.pk]
    assert data["count"] == 1


def test_json_never_includes_authors_approvers_or_internal_fields(client):
    correction = factories.PublishedCorrectionFactory(
        author__username="author-name", approver__username="approver-name"
    )

    body = client.get("/corrections.json").content.decode()

    for secret in ("author-name", "approver-name", "status", "version"):
        assert secret not in body
    assert correction.what_was_wrong in body


def test_json_filters_are_the_log_filters(client):
    factories.PublishedCorrectionFactory(
        kind=Correction.Kind.RETRACTION, article__outlet__slug="gazette"
    )
    factories.PublishedCorrectionFactory(
        kind=Correction.Kind.RETRACTION, public_explanation="Wrong bridge."
    )
    factories.PublishedCorrectionFactory(published_at=days_ago(30))

    def ids(query):
        return len(client.get(f"/corrections.json?{query}").json()["results"])

    assert ids("kind=retraction") == 2
    assert ids("kind=retraction&outlet=gazette") == 1
    assert ids("q=bridge") == 1
    since = days_ago(10).date().isoformat()
    assert ids(f"since={since}") == 2
    assert ids(f"until={since}") == 1


def test_json_paginates_50_a_page_keeping_filters(client):
    factories.PublishedCorrectionFactory.create_batch(55, kind=Correction.Kind.UPDATE)

    first = client.get("/corrections.json?kind=update").json()
    second = client.get(first["next"]).json()

    assert first["count"] == 55
    assert first["num_pages"] == 2
    assert len(first["results"]) == 50
    assert first["next"] == "http://testserver/corrections.json?kind=update&page=2"
    assert len(second["results"]) == 5
    assert second["previous"].endswith("?kind=update&page=1")
    first_ids = {item["id"] for item in first["results"]}
    assert first_ids.isdisjoint(item["id"] for item in second["results"])


def test_json_out_of_range_page_is_404(client):
    factories.PublishedCorrectionFactory()

    assert client.get("/corrections.json?page=2").status_code == 404


def test_json_invalid_filter_is_400_naming_the_field(client):
    response = client.get("/corrections.json?since=yesterday&kind=rumour")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"since", "kind"}
    assert errors["since"][0]["message"] == "Enter a valid date."


def test_json_keeps_hostile_text_as_data(client):
    hostile = "<script>alert(1)</script>"
    factories.PublishedCorrectionFactory(article__headline=hostile)

    response = client.get("/corrections.json")

    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["article"]["headline"] == hostile
