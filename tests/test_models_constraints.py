"""The rules that protect the record hold in the database itself, on both engines."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from coverage.models import (
    AppendOnlyError,
    Article,
    AuditEntry,
    Claim,
    ClaimStatus,
    Correction,
    Outlet,
    Source,
)
from tests.database import raw_sql
from tests.factories import (
    ArticleFactory,
    AuditEntryFactory,
    ClaimFactory,
    ClaimLinkFactory,
    CorrectionFactory,
    OutletFactory,
    SourceFactory,
    StoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(callable_, *args):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_(*args)


def test_outlet_names_are_unique_ignoring_case():
    OutletFactory(name="The Telegraph", slug="telegraph")
    refused(lambda: Outlet.objects.create(name="THE TELEGRAPH", slug="other"))
    assert Outlet.objects.count() == 1


def test_source_is_unique_by_normalised_name():
    SourceFactory(name="Dr. Susan Crockford")
    refused(lambda: Source.objects.create(name="susan  Crockford"))
    assert Source.objects.get().normalised_name == "susan crockford"


def test_article_url_is_unique_but_may_be_absent():
    ArticleFactory(url="https://news.test/a")
    refused(lambda: ArticleFactory(url="https://news.test/a"))
    ArticleFactory(url=None)
    ArticleFactory(url=None)
    assert Article.objects.filter(url__isnull=True).count() == 2


def test_article_content_hash_follows_raw_text():
    article = ArticleFactory(raw_text="one")
    first = article.content_hash
    article.raw_text = "two"
    article.save()
    assert article.content_hash != first
    assert len(article.content_hash) == 64


def test_claim_status_outside_the_choices_is_refused():
    claim = ClaimFactory()
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(status="probably"))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.UNREVIEWED


def test_verdict_without_public_summary_is_refused():
    claim = ClaimFactory()
    refused(
        lambda: Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.ACCURATE)
    )
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.ACCURATE, verdict_summary="Agency records confirm it."
    )


def test_same_claim_twice_in_one_story_is_refused():
    story = StoryFactory()
    ClaimFactory(story=story, text="More than 700 walruses died.")
    refused(lambda: ClaimFactory(story=story, text="“More than 700 walruses died”"))
    ClaimFactory(story=StoryFactory(), text="More than 700 walruses died.")


def test_claim_cannot_link_to_itself():
    claim = ClaimFactory()
    refused(lambda: ClaimLinkFactory(from_claim=claim, to_claim=claim))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda event: AuditEntry.objects.filter(pk=event.pk).update(note="x"),
        lambda event: AuditEntry.objects.filter(pk=event.pk).delete(),
        lambda event: event.save(),
        lambda event: event.delete(),
    ],
    ids=["queryset-update", "queryset-delete", "save", "delete"],
)
def test_audit_rows_refuse_change_through_the_orm(mutate):
    event = AuditEntryFactory(note="original")
    with pytest.raises(AppendOnlyError, match="append-only"):
        mutate(event)
    assert AuditEntry.objects.get(pk=event.pk).note == "original"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE coverage_auditentry SET note = 'rewritten' WHERE id = %s",
        "DELETE FROM coverage_auditentry WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_audit_rows_refuse_change_through_raw_sql(sql):
    event = AuditEntryFactory(note="original")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql(sql, [event.pk])
    assert AuditEntry.objects.get(pk=event.pk).note == "original"


def published_correction():
    author = UserFactory()
    approver = UserFactory()
    return CorrectionFactory(
        author=author,
        approver=approver,
        status=Correction.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def test_published_correction_refuses_save_and_delete_through_the_orm():
    correction = published_correction()
    correction.public_explanation = "Quietly rewritten."
    with pytest.raises(AppendOnlyError, match="supersedes it"):
        correction.save()
    with pytest.raises(AppendOnlyError, match="cannot be deleted"):
        correction.delete()
    correction.refresh_from_db()
    assert correction.public_explanation != "Quietly rewritten."


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE coverage_correction SET public_explanation = 'x' WHERE id = %s",
        "UPDATE coverage_correction SET status = 'draft' WHERE id = %s",
        "DELETE FROM coverage_correction WHERE id = %s",
    ],
    ids=["edit", "unpublish", "delete"],
)
def test_published_correction_refuses_raw_sql(sql):
    correction = published_correction()
    with (
        pytest.raises(IntegrityError, match="published correction"),
        transaction.atomic(),
    ):
        raw_sql(sql, [correction.pk])
    assert Correction.objects.get(pk=correction.pk).status == "published"


def test_draft_correction_can_still_be_edited_and_deleted():
    correction = CorrectionFactory()
    correction.what_is_right = "About 80 metres."
    correction.save()
    assert (
        raw_sql(
            "UPDATE coverage_correction SET kind = 'update' WHERE id = %s",
            [correction.pk],
        )
        == 1
    )
    correction.delete()
    assert not Correction.objects.exists()


def test_publishing_needs_an_approver_and_a_time():
    refused(lambda: CorrectionFactory(status=Correction.Status.PUBLISHED))


def test_author_cannot_be_the_approver():
    author = UserFactory()
    refused(
        lambda: CorrectionFactory(
            author=author,
            approver=author,
            status=Correction.Status.PUBLISHED,
            published_at=timezone.now(),
        )
    )


def test_retracted_article_needs_a_retraction_time():
    refused(lambda: ArticleFactory(is_retracted=True))
