"""An article with several versions, for the versions page, claims' notices and
public correction diffs: each revision graded by the real ``grade_change``, as a
re-import grades it, a day apart."""

import datetime
from itertools import pairwise

from django.utils import timezone

from coverage.importers.changes import grade_change
from coverage.models import Article, ArticleRevision
from tests.factories import ArticleFactory, ArticleRevisionFactory

FIRST = (
    "The council approved a budget of 15 million pounds on Monday.\n\n"
    "Councillor Ann Blake said the money would mend 40 bridges."
)
SECOND = (
    "The council approved a budget of 12 million pounds on Monday.\n\n"
    "Councillor Ann Blake said the money would mend 40 bridges."
)
THIRD = (
    "The council approved a budget of 12 million pounds on Monday.\n\n"
    "Councillor Ann Blake said the money would mend 30 old bridges.\n\n"
    "Correction: an earlier version of this story gave the wrong budget."
)


def article_with_versions(
    *bodies: str, start: datetime.datetime | None = None, **fields
) -> Article:
    """The last of ``bodies`` is the current text; version *k* was seen ``start``
    plus *k − 1* days."""
    start = start or timezone.now() - datetime.timedelta(days=len(bodies))
    article = ArticleFactory(
        raw_text=bodies[-1], body=bodies[-1], imported_at=start, **fields
    )
    for number, (old, new) in enumerate(pairwise(bodies), start=1):
        change = grade_change(old, new)
        revision = ArticleRevisionFactory(
            article=article,
            raw_text=old,
            body=old,
            grade=change.grade,
            reasons=list(change.reasons),
            outlet_notice=change.notice,
        )
        ArticleRevision.objects.filter(pk=revision.pk).update(
            replaced_at=start + datetime.timedelta(days=number)
        )
    return article
