"""An article's versions read from its revisions, and the rule that picks the
change a correction's page shows."""

import datetime

import pytest
from django.utils import timezone

from coverage.models import ArticleRevision
from coverage.versions import (
    CURRENT,
    article_versions,
    compare,
    correction_revision,
    find_version,
)
from tests.factories import PublishedCorrectionFactory
from tests.versions import FIRST, SECOND, THIRD, article_with_versions

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_versions_run_oldest_first_each_seen_when_the_one_before_was_replaced():
    start = timezone.now() - 10 * DAY
    article = article_with_versions(FIRST, SECOND, THIRD, start=start)
    versions = article_versions(article)
    assert [v.body for v in versions] == [FIRST, SECOND, THIRD]
    assert [v.seen_at for v in versions] == [start, start + DAY, start + 2 * DAY]
    assert versions[-1].key == CURRENT
    assert versions[-1].is_current
    assert versions[0].label == f"Version 1 (seen {start:%Y-%m-%d %H:%M})"


def test_neighbours_keep_the_imports_grade_and_others_are_graded_now():
    article = article_with_versions(FIRST, SECOND, THIRD)
    versions = article_versions(article)
    ArticleRevision.objects.filter(pk=versions[0].revision.pk).update(
        reasons=["as kept"]
    )
    versions = article_versions(article)
    kept = compare(versions[0], versions[1], versions=versions)
    assert (kept.kept, kept.change.reasons) == (True, ("as kept",))
    now = compare(versions[0], versions[2], versions=versions)
    assert not now.kept
    assert "figure 40 → 30 in paragraph 2" in now.change.reasons


def test_an_unknown_version_is_named():
    versions = article_versions(article_with_versions(FIRST))
    with pytest.raises(LookupError, match=r"^The article has no version '12'\.$"):
        find_version(versions, "12")


@pytest.mark.parametrize(
    ("published_after_start", "chosen"),
    [
        (0.2 * DAY, 0),  # before any change: the first
        (1.4 * DAY, 0),  # nearer the first change (day 1) than the second (day 2)
        (1.5 * DAY, 0),  # halfway: the earlier
        (1.6 * DAY, 1),
        (9 * DAY, 1),  # long after: the last
    ],
)
def test_a_correction_shows_the_change_replaced_nearest_its_publication(
    published_after_start, chosen
):
    start = timezone.now() - 10 * DAY
    article = article_with_versions(FIRST, SECOND, THIRD, start=start)
    revisions = list(article.revisions.order_by("replaced_at"))
    correction = PublishedCorrectionFactory(
        article=article, published_at=start + published_after_start
    )
    assert correction_revision(correction, revisions) == revisions[chosen]


def test_an_article_with_no_revision_has_no_change_to_show():
    correction = PublishedCorrectionFactory(article=article_with_versions(FIRST))
    assert correction_revision(correction, []) is None
