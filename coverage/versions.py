"""An article's versions: each text it has had, oldest first, and what changed
between any two of them.

A version is a kept revision (the text a re-import replaced) or the article's
current text. A revision's ``replaced_at`` is when the version after it was
seen, so version *k* was seen when revision *k − 1* was replaced (the first one
when the article was imported). Everything here is read from the revisions: no
field is kept in step by hand.

Three readers:

- the desk's versions page compares any two versions, with the grade and reasons
  and the claims each carries (an appearance's quote in that version's text);
- a claim's page says when its sentence changed or vanished (``sentence_fates``);
- a public correction shows the change nearest to its publication
  (``correction_change``), graded from the texts alone.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from coverage.importers.changes import (
    REWRITTEN_BELOW,
    Change,
    ParagraphDiff,
    closest_sentence,
    cosmetic_key,
    diff_versions,
    grade_change,
)
from coverage.models import Article, ArticleRevision, ClaimAppearance, Correction

CURRENT = "current"


@dataclass(frozen=True)
class Version:
    """One text of an article. ``revision`` is None for the current text; a
    revision's grade and reasons are those of the change to the version after."""

    key: str  # the revision's id, or CURRENT
    number: int  # 1 is the oldest
    headline: str
    byline: str
    body: str
    seen_at: datetime.datetime | None
    revision: ArticleRevision | None

    @property
    def is_current(self) -> bool:
        return self.revision is None

    @property
    def label(self) -> str:
        when = f"{self.seen_at:%Y-%m-%d %H:%M}" if self.seen_at else "date unknown"
        current = ", current" if self.is_current else ""
        return f"Version {self.number} (seen {when}{current})"

    @cached_property
    def key_text(self) -> str:
        return cosmetic_key(self.body)

    def carries(self, sentence: str) -> bool:
        """Does this text hold the sentence, whitespace, punctuation and capitals
        aside (as grading reads a claim sentence)?"""
        return sentence in self.body or cosmetic_key(sentence) in self.key_text


def article_versions(
    article: Article, revisions: Iterable[ArticleRevision] | None = None
) -> list[Version]:
    """Oldest first, the current text last. ``revisions`` are the article's, in
    any order (one query when not given)."""
    if revisions is None:
        revisions = article.revisions.all()
    kept = sorted(revisions, key=lambda r: (r.replaced_at, r.pk))
    first_seen = article.imported_at or article.created_at
    seen = [first_seen, *(r.replaced_at for r in kept)]
    versions = [
        Version(str(r.pk), n, r.headline, r.byline, r.body, seen[n - 1], r)
        for n, r in enumerate(kept, start=1)
    ]
    versions.append(
        Version(
            CURRENT,
            len(kept) + 1,
            article.headline,
            article.byline,
            article.body,
            seen[-1],
            None,
        )
    )
    return versions


def find_version(versions: Sequence[Version], key: str) -> Version:
    for version in versions:
        if version.key == key:
            return version
    raise LookupError(f"The article has no version {key!r}.")


@dataclass(frozen=True)
class Comparison:
    old: Version
    new: Version
    change: Change
    paragraphs: list[ParagraphDiff]
    kept: bool  # the grade is the one the import kept, not graded now


def compare(
    old: Version,
    new: Version,
    *,
    claims: Iterable[str] = (),
    versions: Sequence[Version] = (),
) -> Comparison:
    """Grade and diff ``old`` → ``new``. Two neighbours in ``versions`` show the
    grade the import kept; any other pair is graded now, with ``claims`` (the
    sentences ``old`` is quoted for) as the import would have."""
    revision = old.revision
    kept = (
        revision is not None
        and bool(revision.grade)
        and bool(versions)
        and new.number == old.number + 1
    )
    if kept:
        change = Change(revision.grade, tuple(revision.reasons), revision.outlet_notice)
    else:
        change = grade_change(
            old.body,
            new.body,
            claims=claims,
            old_headline=old.headline,
            new_headline=new.headline,
            old_byline=old.byline,
            new_byline=new.byline,
        )
    return Comparison(old, new, change, diff_versions(old.body, new.body), kept)


def carried_appearances(
    version: Version, appearances: Iterable[ClaimAppearance]
) -> list[ClaimAppearance]:
    """One appearance per claim whose quote this version's text holds."""
    found: dict[int, ClaimAppearance] = {}
    for appearance in appearances:
        if appearance.claim_id not in found and version.carries(appearance.quote):
            found[appearance.claim_id] = appearance
    return list(found.values())


CHANGED, VANISHED = "changed", "vanished"


@dataclass(frozen=True)
class SentenceFate:
    """The sentence is not in the article's current text: ``before`` was the last
    version to hold it, and in ``version``, the next, it was rewritten as ``now``
    (changed) or had nothing like it (vanished)."""

    article: Article
    before: Version
    version: Version
    verb: str
    now: str = ""


def sentence_fate(
    article: Article, sentence: str, versions: Sequence[Version]
) -> SentenceFate | None:
    """None while the current text holds the sentence, or when no version did."""
    if not versions or versions[-1].carries(sentence):
        return None
    held = [v.number for v in versions if v.carries(sentence)]
    if not held:
        return None
    before = versions[held[-1] - 1]
    after = versions[held[-1]]  # numbers count from 1: the next version
    alike, nearest = closest_sentence(sentence, after.body)
    if alike >= REWRITTEN_BELOW:
        return SentenceFate(article, before, after, CHANGED, nearest)
    return SentenceFate(article, before, after, VANISHED)


def sentence_fates(claim) -> list[SentenceFate]:
    """For each article the claim appears in, whether its sentence has left the
    article's text since. Two queries, however many articles."""
    appearances = list(
        ClaimAppearance.objects.filter(claim=claim)
        .select_related("article")
        .order_by("article_id", "id")
    )
    articles = {a.article_id: a.article for a in appearances}
    revisions: dict[int, list[ArticleRevision]] = {pk: [] for pk in articles}
    for revision in ArticleRevision.objects.filter(article_id__in=articles).defer(
        "raw_text"
    ):
        revisions[revision.article_id].append(revision)
    fates = []
    for pk, article in articles.items():
        versions = article_versions(article, revisions[pk])
        quotes = dict.fromkeys(a.quote for a in appearances if a.article_id == pk)
        for quote in quotes:
            fate = sentence_fate(article, quote, versions)
            if fate is not None:
                fates.append(fate)
                break
    return fates


def correction_revision(
    correction: Correction, revisions: Iterable[ArticleRevision]
) -> ArticleRevision | None:
    """The change a correction's page shows: the revision replaced nearest to the
    correction's publication, before or after it (the earlier one on a tie). Its
    text is the version before the change; the version that replaced it is after."""
    moment = correction.published_at
    if moment is None:
        return None
    return min(
        revisions,
        key=lambda r: (abs(r.replaced_at - moment), r.replaced_at, r.pk),
        default=None,
    )


def versions_of_change(
    revision: ArticleRevision, following: ArticleRevision | None
) -> tuple[Version, Version]:
    """The texts before and after the change ``revision`` kept: its own, then the
    next revision's or the article's current one. One query."""
    pks = [revision.pk] + ([following.pk] if following else [])
    texts = (
        ArticleRevision.objects.select_related("article")
        .defer("raw_text", "article__raw_text")
        .in_bulk(pks)
    )
    kept = texts[revision.pk]
    before = Version(str(kept.pk), 1, kept.headline, kept.byline, kept.body, None, kept)
    if following is None:
        article = kept.article
        after = Version(
            CURRENT,
            2,
            article.headline,
            article.byline,
            article.body,
            kept.replaced_at,
            None,
        )
    else:
        new = texts[following.pk]
        after = Version(
            str(new.pk), 2, new.headline, new.byline, new.body, kept.replaced_at, new
        )
    return before, after


def public_comparison(before: Version, after: Version) -> Comparison:
    """Graded from the two texts alone: which sentences the desk holds as claims
    is not public until it publishes a fact check, so no claim is passed."""
    return compare(before, after)


@dataclass(frozen=True)
class VersionsPage:
    """What the desk's versions page shows: each version with the claims it
    carries, and the comparison of the two chosen (``problem`` when a choice
    names no version)."""

    versions: list[tuple[Version, list[ClaimAppearance]]]
    old: Version
    new: Version
    comparison: Comparison | None
    problem: str = ""


def versions_page(article: Article, *, a: str | None, b: str | None) -> VersionsPage:
    """Versions ``a`` and ``b`` compared, the older first whichever order they
    are given in; by default the version before the current one and the current
    one. Two queries: the revisions, and the appearances with their claims."""
    versions = article_versions(article, article.revisions.defer("raw_text"))
    appearances = list(
        ClaimAppearance.objects.filter(article=article)
        .select_related("claim")
        .order_by("start", "id")
    )
    carried = [(v, carried_appearances(v, appearances)) for v in versions]
    default_old = versions[-2] if len(versions) > 1 else versions[-1]
    try:
        old = find_version(versions, a) if a else default_old
        new = find_version(versions, b) if b else versions[-1]
    except LookupError as error:
        return VersionsPage(carried, default_old, versions[-1], None, str(error))
    if old.number > new.number:
        old, new = new, old
    claims = [appearance.quote for appearance in carried[old.number - 1][1]]
    comparison = compare(old, new, claims=claims, versions=versions)
    return VersionsPage(carried, old, new, comparison)
