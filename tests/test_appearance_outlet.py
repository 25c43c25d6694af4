"""An appearance's outlet is its article's, copied by the database's triggers
(migration 0033_appearance_outlet) however the rows are written: the queue by
outlet reads the copy."""

import pytest

from coverage.importers.parsed import ParsedArticle
from coverage.importers.store import save_article
from coverage.models import Article, ClaimAppearance, Outlet
from tests.factories import ArticleFactory, ClaimAppearanceFactory, OutletFactory

pytestmark = pytest.mark.django_db

BODY = "The council said it spent £4 million on 12 roads last year."


def stored_outlets(article) -> set:
    return set(
        ClaimAppearance.objects.filter(article=article).values_list(
            "outlet_id", flat=True
        )
    )


def imported(outlet_name: str, *, actor) -> Article:
    return save_article(
        ParsedArticle(
            headline="Roads bill",
            body=BODY,
            raw_text=BODY,
            source_format="text",
            source_name="roads.txt",
            url="https://gazette.test/roads",
            outlet_name=outlet_name,
        ),
        actor=actor,
    ).article


def test_an_appearance_saved_gets_its_articles_outlet():
    appearance = ClaimAppearanceFactory()
    assert stored_outlets(appearance.article) == {appearance.article.outlet_id}


def test_an_appearance_saved_with_another_outlet_keeps_its_articles():
    appearance = ClaimAppearanceFactory()
    appearance.outlet = OutletFactory()
    appearance.save()
    assert stored_outlets(appearance.article) == {appearance.article.outlet_id}


def test_imported_appearances_get_the_outlet_and_follow_it_on_reimport(reporter):
    article = imported("The Harbour Gazette", actor=reporter)
    assert article.claim_appearances.exists()
    assert stored_outlets(article) == {article.outlet_id}

    moved = imported("The Coast Times", actor=reporter)

    assert moved.pk == article.pk
    assert Outlet.objects.get(pk=moved.outlet_id).name == "The Coast Times"
    assert stored_outlets(moved) == {moved.outlet_id}


def test_an_article_moved_to_another_outlet_moves_its_appearances():
    appearance = ClaimAppearanceFactory()
    ClaimAppearanceFactory(claim=appearance.claim, article=appearance.article, start=1)
    untouched = ClaimAppearanceFactory()
    article, other = appearance.article, OutletFactory()

    article.outlet = other
    article.save()

    assert stored_outlets(article) == {other.pk}
    assert stored_outlets(untouched.article) == {untouched.article.outlet_id}


def test_an_article_moved_by_update_moves_its_appearances():
    appearance = ClaimAppearanceFactory()
    other = OutletFactory()
    Article.objects.filter(pk=appearance.article_id).update(outlet=other)
    assert stored_outlets(appearance.article) == {other.pk}


def test_an_appearance_moved_to_another_article_takes_that_articles_outlet():
    appearance = ClaimAppearanceFactory()
    elsewhere = ArticleFactory()
    ClaimAppearance.objects.filter(pk=appearance.pk).update(article=elsewhere)
    assert stored_outlets(elsewhere) == {elsewhere.outlet_id}
