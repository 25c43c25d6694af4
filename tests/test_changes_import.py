"""A re-import grades the change it makes, in its own transaction: a substantive
change nobody acknowledged reaches the desk; the outlet's notice or a correction
published since the previous version acknowledges it."""

import pytest

from coverage import workflow
from coverage.importers.parsed import ParsedArticle
from coverage.importers.store import UNCHANGED, UPDATED, save_article
from coverage.models import (
    ArticleRevision,
    AuditAction,
    AuditEntry,
    ChangeGrade,
    UnacknowledgedChange,
)
from tests.corrections import draft

pytestmark = pytest.mark.django_db

FIRST = """\
HARBOURTON — The council said it spent £4 million on 12 roads last year.

Mayor Ann Patel said the work would finish in the spring."""


def reimport(body: str, *, actor, byline: str = "Ben Ode"):
    return save_article(
        ParsedArticle(
            headline="Roads bill",
            byline=byline,
            body=body,
            raw_text=body,
            source_format="html",
            source_name="https://gazette.test/roads",
            url="https://gazette.test/roads",
        ),
        actor=actor,
    )


def test_a_substantive_change_raises_an_unacknowledged_change(reporter):
    article = reimport(FIRST, actor=reporter).article
    result = reimport(FIRST.replace("£4 million", "£3 million"), actor=reporter)
    assert result.action == UPDATED
    revision = ArticleRevision.objects.get(article=article)
    assert revision.grade == ChangeGrade.SUBSTANTIVE
    assert revision.reasons == [
        "figure £4 million → £3 million in paragraph 1",
        "claim sentence changed: “HARBOURTON — The council said it spent £4 million "
        "on 12 roads last year.”",
    ]
    change = UnacknowledgedChange.objects.get()
    assert (change.article, change.revision, change.seen_by) == (
        article,
        revision,
        reporter,
    )
    assert change.status == change.Status.OPEN
    entry = AuditEntry.objects.for_object(change).get()
    assert entry.action == AuditAction.CHANGE_RAISE


def test_importing_the_changed_text_again_raises_nothing_more(reporter):
    reimport(FIRST, actor=reporter)
    changed = FIRST.replace("Ann Patel", "Anne Patel")
    reimport(changed, actor=reporter)
    assert reimport(changed, actor=reporter).action == UNCHANGED
    assert UnacknowledgedChange.objects.count() == 1
    assert ArticleRevision.objects.count() == 1


def test_a_minor_or_cosmetic_change_is_graded_and_raises_nothing(reporter):
    reimport(FIRST, actor=reporter)
    reimport(FIRST.replace("HARBOURTON —", "HARBOURTON, Dec. 2 —"), actor=reporter)
    assert ArticleRevision.objects.get().reasons == ["dateline changed"]
    reimport(FIRST, actor=reporter, byline="Cara Ode")
    grades = ArticleRevision.objects.order_by("pk").values_list("grade", flat=True)
    assert list(grades) == [ChangeGrade.COSMETIC, ChangeGrade.MINOR]
    assert not UnacknowledgedChange.objects.exists()


def test_the_outlets_own_notice_is_recorded_as_acknowledged(reporter):
    reimport(FIRST, actor=reporter)
    notice = "Correction: An earlier version of this story said £4 million."
    reimport(FIRST.replace("£4", "£3") + "\n\n" + notice, actor=reporter)
    revision = ArticleRevision.objects.get()
    assert revision.grade == ChangeGrade.SUBSTANTIVE
    assert revision.acknowledged_by_outlet
    assert revision.outlet_notice == notice
    assert not UnacknowledgedChange.objects.exists()


def test_no_unacknowledged_change_when_a_correction_was_published_since(
    reporter, editor, standards_editor
):
    article = reimport(FIRST, actor=reporter).article
    correction = draft(reporter, article=article)
    workflow.submit_correction(correction, actor=editor)
    workflow.publish_correction(correction, actor=standards_editor)
    reimport(FIRST.replace("£4", "£3"), actor=reporter)
    assert ArticleRevision.objects.get().grade == ChangeGrade.SUBSTANTIVE
    assert not UnacknowledgedChange.objects.exists()
    # The next change is after that correction's version: it is raised.
    reimport(FIRST.replace("£4", "£2"), actor=reporter)
    assert UnacknowledgedChange.objects.count() == 1
