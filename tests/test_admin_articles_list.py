"""The articles' change list: a page of headlines, read without the articles'
texts and without a question about every article's date."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coverage.models import Story
from tests.factories import ArticleFactory, StoryFactory

pytestmark = pytest.mark.django_db

ARTICLES = reverse("admin:coverage_article_changelist")


def shown(response):
    return {article.pk for article in response.context["cl"].result_list}


def test_rows_are_read_without_the_articles_texts(editor_client):
    ArticleFactory.create_batch(2)
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(ARTICLES)
    assert page.status_code == 200
    (rows,) = [q["sql"] for q in queries if '"coverage_article"."headline"' in q["sql"]]
    for column in ["raw_text", "body", "byline", "summary", "homepage"]:
        assert f'."{column}"' not in rows


def test_no_query_reads_the_dates_of_every_article(editor_client):
    """Django's date hierarchy asked for the distinct years of all articles on
    each page view; the date filter's choices are fixed."""
    ArticleFactory(published_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(ARTICLES)
    assert not [q for q in queries if "DISTINCT" in q["sql"].upper()]


def test_the_past_week_leaves_out_older_articles(editor_client):
    now = timezone.now()
    recent = ArticleFactory(published_at=now - timedelta(days=2))
    ArticleFactory(published_at=now - timedelta(days=30))
    week = editor_client.get(ARTICLES).context["cl"].filter_specs[0].links[2]
    assert week[0] == "Past 7 days"
    response = editor_client.get(ARTICLES, week[1])
    assert shown(response) == {recent.pk}


def test_the_story_filter_offers_developing_stories_and_filters_by_one(
    editor_client,
):
    developing = ArticleFactory()
    concluded = StoryFactory(status=Story.Status.CONCLUDED)
    ArticleFactory(story=concluded)
    page = editor_client.get(ARTICLES)
    (stories,) = [f for f in page.context["cl"].filter_specs if f.title == "story"]
    assert [pk for pk, _title in stories.lookup_choices] == [developing.story_id]
    response = editor_client.get(ARTICLES, {"story__id__exact": concluded.pk})
    assert {a.story_id for a in response.context["cl"].result_list} == {concluded.pk}


def test_the_page_asks_as_many_queries_for_many_rows_as_for_one(editor_client):
    """Rows read with some columns alone: a column a row shows that is not among
    them would cost a query per row."""
    ArticleFactory()
    with CaptureQueriesContext(connection) as one:
        editor_client.get(ARTICLES)
    ArticleFactory.create_batch(5)
    with CaptureQueriesContext(connection) as six:
        page = editor_client.get(ARTICLES)
    assert len(page.context["cl"].result_list) == 6
    assert len(six) == len(one)


@pytest.mark.parametrize(
    "crafted",
    [
        {"published_at__gte": "not a date"},
        {"published_at__lt": "9" * 400},
        {"story__id__exact": "1 OR 1=1"},
        {"story__id__exact": "99999"},
        {"outlet__id__exact": "x"},
    ],
)
def test_a_crafted_filter_is_refused_with_the_list_flagged(editor_client, crafted):
    """Django's answer to a bad filter value: back to the list with ?e=1. (Two
    outlets: Django draws no outlet filter for one, nor applies its value.)"""
    ArticleFactory.create_batch(2)
    response = editor_client.get(ARTICLES, crafted)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
