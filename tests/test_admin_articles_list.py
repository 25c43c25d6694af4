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
