"""The only writer of imported articles: atomic per article and idempotent.

An article is the same article when it has the same URL, else the same raw text,
else the same outlet and (stated) headline. Importing it again with nothing changed
writes nothing; a changed text is saved over the old one after the old one is kept
as an ``ArticleRevision``. Fields the importer only guessed (an inferred headline,
"Unknown outlet") never overwrite what an editor has set. A claim the desk refers
to is never deleted by a re-import: when the new text no longer quotes it, its
appearance is kept on the revision that does.

``save_articles`` writes many new articles at once (one query per table, not per
article) and leaves updates to ``save_article``; either way the caller wraps the
call in a savepoint, so an article is written whole or not at all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from coverage import matching
from coverage.importers import changes as grading
from coverage.importers import claims as claim_detection
from coverage.importers.parsed import UNKNOWN_OUTLET, ImportFailed, ParsedArticle
from coverage.importers.quantities import find_quantities
from coverage.models import (
    Article,
    ArticleRevision,
    AuditAction,
    Claim,
    ClaimAppearance,
    ClaimQuantity,
    ClaimStatus,
    Outlet,
    Source,
    SourceAlias,
    Story,
    claim_fingerprint,
    content_hash,
    normalise_name,
)
from coverage.workflow.changes import raise_unacknowledged_change
from coverage.workflow.records import changes_since, record, record_each, snapshot
from coverage.workflow.references import ARTICLE_PUBLIC_FIELDS
from coverage.workflow.rules import is_fact_check_published, is_public

PUBLIC_ON_REIMPORT = ARTICLE_PUBLIC_FIELDS | {"content_hash"}
"""A public article's fields whose change a public page shows: a new text shows
in its corrections' "what changed"."""

# What the audit row of an import records as old and new values.
AUDITED_FIELDS = ("headline", "byline", "url", "published_at", "outlet", "story")

MAX_CLAIMS_PER_ARTICLE = 200
"""Claims one article may bring into the queue. A runaway or hostile text (one
4.9 MB file held 48,000 quotable sentences) would otherwise bury the desk's queue
under one article; past the cap its candidates are dropped, in text order, and the
import report says how many."""

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"

Detector = Callable[[str], list[claim_detection.CandidateClaim]]


@dataclass(frozen=True)
class SaveResult:
    action: str
    article: Article | None
    claims_found: int = 0
    warning: str = ""
    claims_below_threshold: int = 0


@dataclass
class Lookups:
    """Outlets and stories already in the database, kept for one import run. Rows
    created inside an article's transaction are not kept: it may still roll back."""

    outlets: dict[str, Outlet] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)


def save_article(
    parsed: ParsedArticle,
    *,
    actor,
    outlet_name: str | None = None,
    story_slug: str | None = None,
    dry_run: bool = False,
    detector: Detector = claim_detection.find_claims,
    lookups: Lookups | None = None,
) -> SaveResult:
    """Save one article, its claims and their claimants, or nothing at all."""
    if actor is None:
        raise ValueError("An acting user is required to import articles.")
    lookups = lookups if lookups is not None else Lookups()
    name = parsed.outlet_name or outlet_name
    story_value = parsed.story or story_slug
    with transaction.atomic():
        outlet = _existing_outlet(name or UNKNOWN_OUTLET, lookups)
        story = _existing_story(story_value, lookups) if story_value else None
        article = _existing_article(parsed, outlet)
        if article is not None and _unchanged(article, parsed, name, outlet, story):
            return SaveResult(UNCHANGED, article)
        candidates, below, warning = detect(parsed, detector)
        action = UPDATED if article is not None else CREATED
        if dry_run:
            return SaveResult(action, article, len(candidates), warning, below)

        if outlet is None:
            outlet = _create_outlet(name)
        if story_value and story is None:
            story = _create_story(story_value)
        previous_claims: set[int] = set()
        revision = None
        if article is None:
            article = Article(source_format=parsed.source_format)
        else:
            before = snapshot(article, (*AUDITED_FIELDS, "content_hash"))
            previous_version_at = article.imported_at or article.created_at
            revision, previous_claims = _keep_revision(article, parsed, actor)
        _fill(article, parsed, outlet, story, guessed_outlet=not name, actor=actor)
        article.save()
        shown = _save_claims([(article, candidates, previous_claims)], lookups)
        if revision is None:
            record_each(
                actor,
                AuditAction.IMPORT_CREATED,
                [_created_row(article)],
                public=bool(shown),
            )
        else:
            changes = changes_since(before, article)
            record(
                actor,
                AuditAction.IMPORT_UPDATED,
                article,
                changes=changes,
                note=f"From {article.source_name}; the old text is revision "
                f"{revision.pk}.",
                # A re-import rewrites a public article's headline as an edit
                # would: the public pages' signatures follow.
                public=bool(shown)
                or (bool(PUBLIC_ON_REIMPORT & changes.keys()) and is_public(article)),
            )
            _settle_previous_claims(article, revision, actor=actor)
            raise_unacknowledged_change(
                revision, actor=actor, previous_version_at=previous_version_at
            )
        return SaveResult(action, article, len(candidates), warning, below)


def _created_row(article: Article) -> tuple[Article, dict, str]:
    """The audit row of an imported article: what it was created with."""
    stated = {name: getattr(article, name) for name in AUDITED_FIELDS}
    changes = {name: (None, value) for name, value in stated.items() if value}
    changes["content_hash"] = (None, article.content_hash)
    return article, changes, f"From {article.source_name}."


def save_articles(
    articles: list[ParsedArticle],
    *,
    actor,
    outlet_name: str | None = None,
    story_slug: str | None = None,
    detector: Detector = claim_detection.find_claims,
    lookups: Lookups,
) -> list[SaveResult | ImportFailed]:
    """Save new articles together, with the same outcome as ``save_article`` on each
    in turn. An article that is already stored, or may be the same as one before it
    in ``articles``, goes through ``save_article``; the new ones between are written
    with one query per table. The caller holds a savepoint around the call and, when
    it raises, retries article by article so a bad one is isolated. An article the
    detector fails on is returned as its ``ImportFailed`` and nothing of it is
    written."""
    if actor is None:
        raise ValueError("An acting user is required to import articles.")
    names = [parsed.outlet_name or outlet_name for parsed in articles]
    outlets = _existing_outlets({name or UNKNOWN_OUTLET for name in names}, lookups)
    existing = _existing_articles(
        [
            (parsed, outlets.get((name or UNKNOWN_OUTLET).casefold()))
            for parsed, name in zip(articles, names, strict=True)
        ]
    )
    results: list[SaveResult | ImportFailed] = []
    seen: set[tuple] = set()
    pending: list[tuple[int, ParsedArticle, str | None, list, str]] = []
    options = {"actor": actor, "story_slug": story_slug, "lookups": lookups}
    for parsed, name, article in zip(articles, names, existing, strict=True):
        kept, checked = _sameness_keys(parsed, name)
        same_as_earlier = bool(checked & seen)
        seen |= kept
        outlet = outlets.get((name or UNKNOWN_OUTLET).casefold())
        story_value = parsed.story or story_slug
        if article is not None and not same_as_earlier:
            story = _existing_story(story_value, lookups) if story_value else None
            if _unchanged(article, parsed, name, outlet, story):
                results.append(SaveResult(UNCHANGED, article))
                continue
        if article is not None or same_as_earlier:
            _create_new(pending, results, **options)
            try:
                result = save_article(
                    parsed, outlet_name=outlet_name, detector=detector, **options
                )
            except ImportFailed as error:
                result = error
            results.append(result)
            continue
        try:
            candidates, below, warning = detect(parsed, detector)
        except ImportFailed as error:
            results.append(error)
            continue
        pending.append((len(results), parsed, name, candidates, below, warning))
        results.append(SaveResult(CREATED, None, len(candidates), warning, below))
    _create_new(pending, results, **options)
    return results


def detect(parsed: ParsedArticle, detector: Detector) -> tuple[list, int, str]:
    """The detector's candidates worth storing, refused unless each quote is the
    body at its offsets and each score is between 0 and 1. Only the first
    ``MAX_CLAIMS_PER_ARTICLE`` are considered (a hostile text brings no more), and
    of those ``claims.worth_storing`` keeps the ones above the threshold and within
    the story's budget. With how many it left out, and the warning that says how
    many the cap dropped ("" when none were)."""
    candidates = detector(parsed.body)
    for candidate in candidates:
        if parsed.body[candidate.start : candidate.end] != candidate.quote:
            raise ImportFailed(
                parsed.source_name,
                "claims",
                f"quote does not match body[{candidate.start}:{candidate.end}]",
            )
        if not 0.0 <= candidate.worthiness <= 1.0:
            raise ImportFailed(
                parsed.source_name,
                "claims",
                f"worthiness {candidate.worthiness!r} of body[{candidate.start}:"
                f"{candidate.end}] is not between 0 and 1",
            )
    dropped = len(candidates) - MAX_CLAIMS_PER_ARTICLE
    warning = (
        f"{parsed.source_name}: claims: {len(candidates):,} found, only the first "
        f"{MAX_CLAIMS_PER_ARTICLE} kept; {dropped:,} dropped"
        if dropped > 0
        else ""
    )
    considered = candidates[:MAX_CLAIMS_PER_ARTICLE]
    kept = claim_detection.worth_storing(considered, parsed.body)
    return kept, len(considered) - len(kept), warning


def _sameness_keys(parsed: ParsedArticle, name: str | None) -> tuple[set, set]:
    """What could make a later article the same as this one, and what could make
    this one the same as an earlier one (a guessed headline matches nothing).
    Over-matching only sends an article through ``save_article``, which decides."""
    head = ("head", (name or UNKNOWN_OUTLET).casefold(), parsed.headline)
    kept = {("raw", content_hash(parsed.raw_text)), head}
    if parsed.url:
        kept.add(("url", parsed.url))
    return kept, kept - {head} if parsed.headline_inferred else kept


def _create_new(pending: list, results: list, *, actor, story_slug, lookups) -> None:
    """Write the pending new articles: outlets and stories they need, the articles,
    then their claims, with one query per table."""
    if not pending:
        return
    saved = []
    for index, parsed, name, candidates, below, warning in pending:
        key = (name or UNKNOWN_OUTLET).casefold()
        # save_article may have created it earlier in the batch, uncached.
        if _existing_outlet(name or UNKNOWN_OUTLET, lookups) is None:
            lookups.outlets[key] = _create_outlet(name)
        story_value = parsed.story or story_slug
        story = None
        if story_value:
            story = _existing_story(story_value, lookups)
            if story is None:
                story = lookups.stories[_story_slug(story_value)] = _create_story(
                    story_value
                )
        article = Article(source_format=parsed.source_format)
        _fill(
            article,
            parsed,
            lookups.outlets[key],
            story,
            guessed_outlet=not name,
            actor=actor,
        )
        article.content_hash = content_hash(parsed.raw_text)
        saved.append((article, candidates, set()))
        results[index] = SaveResult(CREATED, article, len(candidates), warning, below)
    Article.objects.bulk_create([article for article, _, _ in saved])
    shown = _save_claims(saved, lookups)
    # An article quoting a published fact check is on that fact check's page.
    for public in (False, True):
        rows = [_created_row(a) for a, _, _ in saved if (a.pk in shown) is public]
        if rows:
            record_each(actor, AuditAction.IMPORT_CREATED, rows, public=public)
    pending.clear()


def _existing_outlet(name: str, lookups: Lookups) -> Outlet | None:
    return _existing_outlets({name}, lookups).get(name.casefold())


def _existing_outlets(names: set[str], lookups: Lookups) -> dict[str, Outlet]:
    """The stored outlets of these names, by folded name, in at most one query."""
    unknown = {name.lower() for name in names if name.casefold() not in lookups.outlets}
    if unknown:
        rows = Outlet.objects.annotate(folded=Lower("name")).filter(folded__in=unknown)
        for outlet in rows:
            lookups.outlets[outlet.name.casefold()] = outlet
    return {
        key: lookups.outlets[key]
        for key in (name.casefold() for name in names)
        if key in lookups.outlets
    }


def _create_outlet(name: str | None) -> Outlet:
    return Outlet.objects.create(name=name or UNKNOWN_OUTLET, needs_review=not name)


def _story_slug(value: str) -> str:
    return slugify(value)[:200] or "story"


def _existing_story(value: str, lookups: Lookups) -> Story | None:
    slug = _story_slug(value)
    if slug not in lookups.stories:
        story = Story.objects.filter(slug=slug).first()
        if story is None:
            return None
        lookups.stories[slug] = story
    return lookups.stories[slug]


def _create_story(value: str) -> Story:
    slug = _story_slug(value)
    title = value if value != slug else slug.replace("-", " ").capitalize()
    return Story.objects.create(slug=slug, title=title[:300])


def _existing_article(parsed: ParsedArticle, outlet: Outlet | None) -> Article | None:
    """One query for all three ways an article can be the same."""
    rows = Article.objects.filter(_same_article(parsed, outlet)).order_by("id")
    return _pick_same(parsed, outlet, list(rows[:10]))


def _existing_articles(
    articles: list[tuple[ParsedArticle, Outlet | None]],
) -> list[Article | None]:
    """``_existing_article`` for each, in one query."""
    urls = {parsed.url for parsed, _ in articles if parsed.url}
    headlines = {
        (outlet.pk, parsed.headline)
        for parsed, outlet in articles
        if outlet is not None and not parsed.headline_inferred
    }
    # A superset that the indexes answer; each article then keeps its own matches.
    match = Q(
        content_hash__in={content_hash(parsed.raw_text) for parsed, _ in articles}
    )
    if urls:
        match |= Q(url__in=urls)
    if headlines:
        match |= Q(
            outlet__in={pk for pk, _ in headlines},
            headline__in={headline for _, headline in headlines},
        )
    rows = list(Article.objects.filter(match).order_by("id")) if articles else []
    return [
        _pick_same(
            parsed,
            outlet,
            [row for row in rows if _is_same_article(row, parsed, outlet)][:10],
        )
        for parsed, outlet in articles
    ]


def _same_article(parsed: ParsedArticle, outlet: Outlet | None) -> Q:
    """The same URL; else the same raw text or the same outlet and stated headline,
    with the same URL or none. A different URL is another article."""
    same_or_no_url = Q(url__isnull=True) | Q(url=parsed.url) if parsed.url else Q()
    match = Q(same_or_no_url, content_hash=content_hash(parsed.raw_text))
    if parsed.url:
        match |= Q(url=parsed.url)
    if outlet is not None and not parsed.headline_inferred:
        match |= Q(same_or_no_url, outlet=outlet, headline=parsed.headline)
    return match


def _is_same_article(row: Article, parsed: ParsedArticle, outlet) -> bool:
    """``_same_article`` for a row already fetched."""
    same_or_no_url = not parsed.url or row.url in (None, parsed.url)
    return (
        (parsed.url and row.url == parsed.url)
        or (same_or_no_url and row.content_hash == content_hash(parsed.raw_text))
        or (
            same_or_no_url
            and outlet is not None
            and not parsed.headline_inferred
            and row.outlet_id == outlet.pk
            and row.headline == parsed.headline
        )
    )


def _pick_same(parsed: ParsedArticle, outlet, candidates: list[Article]):
    """URL wins, then the raw text, then outlet and stated headline."""
    raw_hash = content_hash(parsed.raw_text)
    for same in (
        lambda a: parsed.url and a.url == parsed.url,
        lambda a: a.content_hash == raw_hash,
        lambda a: True,
    ):
        for article in candidates:
            if same(article):
                return article
    return None


def _unchanged(article, parsed, name, outlet, story) -> bool:
    """Same text, and nothing the file states differs from the row."""
    stated = [
        (article.content_hash, content_hash(parsed.raw_text)),
        (article.body, parsed.body),
    ]
    if not parsed.headline_inferred:
        stated.append((article.headline, parsed.headline))
    if parsed.byline:
        stated.append((article.byline, parsed.byline))
    if parsed.url:
        stated.append((article.url, parsed.url))
    if parsed.published_at:
        stated.append((article.published_at, parsed.published_at))
    if name:
        stated.append((article.outlet_id, outlet.pk if outlet else None))
    if story is not None or parsed.story:
        stated.append((article.story_id, story.pk if story else None))
    return all(old == new for old, new in stated)


def _keep_revision(
    article: Article, parsed: ParsedArticle, actor
) -> tuple[ArticleRevision, set[int]]:
    """Keep the text about to be replaced, graded against the new one (its claim
    sentences are the appearances' quotes), and point the article's appearances
    at it (their offsets are into that text). Returns the revision and the claims
    the article has quoted, so that the new text finds them again."""
    appearances = ClaimAppearance.objects.filter(article=article)
    change = grading.grade_change(
        article.body,
        parsed.body,
        claims=appearances.filter(revision=None).values_list("quote", flat=True),
        old_headline=article.headline,
        new_headline=parsed.headline if not parsed.headline_inferred else "",
        old_byline=article.byline,
        new_byline=parsed.byline,
    )
    revision = ArticleRevision.objects.create(
        article=article,
        headline=article.headline,
        byline=article.byline,
        raw_text=article.raw_text,
        body=article.body,
        content_hash=article.content_hash,
        replaced_by=actor,
        grade=change.grade,
        reasons=list(change.reasons),
        outlet_notice=change.notice,
    )
    previous = set(appearances.values_list("claim_id", flat=True))
    appearances.filter(revision=None).update(revision=revision)
    return revision, previous


def _settle_previous_claims(
    article: Article, revision: ArticleRevision, *, actor
) -> None:
    """After a re-import: a claim the new text quotes again has its current
    appearance only. One it no longer quotes is kept, its appearance left on the
    revision, when the desk refers to it (a correction, evidence, a review); an
    untouched one loses the appearance, and is deleted when it appears nowhere
    else. Each kept claim gets an audit row; the deleted ones share one on the
    article."""
    old = ClaimAppearance.objects.filter(article=article, revision__isnull=False)
    quoted_again = ClaimAppearance.objects.filter(article=article, revision=None)
    old.filter(claim__in=quoted_again.values("claim")).delete()
    replaceable = old.filter(
        revision=revision, claim__in=Claim.objects.untouched_by_the_desk()
    )
    dropped = set(replaceable.values_list("claim_id", flat=True))
    replaceable.delete()
    orphans = Claim.objects.filter(pk__in=dropped, appearances__isnull=True)
    retired = [
        {"id": pk, "text": text} for pk, text in orphans.values_list("pk", "text")
    ]
    orphans.delete()
    kept = Claim.objects.filter(appearances__revision=revision).distinct()
    record_each(
        actor,
        AuditAction.IMPORT_CLAIMS_KEPT,
        [
            (
                claim,
                {"in_current_text": (True, False)},
                f"No longer in the text of article {article.pk} ({article}); kept "
                "because the desk refers to it.",
            )
            for claim in kept
        ],
    )
    if retired:
        record(
            actor,
            AuditAction.IMPORT_CLAIMS_RETIRED,
            article,
            changes={"claims": (retired, [])},
            note="No longer in the text, and nothing on the desk referred to them.",
        )


def _fill(article, parsed, outlet, story, *, guessed_outlet, actor) -> None:
    keeps_editor_headline = (
        article.pk and parsed.headline_inferred and not article.headline_inferred
    )
    if not keeps_editor_headline:
        article.headline = parsed.headline
        article.headline_inferred = parsed.headline_inferred
    if not (article.pk and guessed_outlet):
        article.outlet = outlet
    article.story = story if story is not None else article.story
    article.byline = parsed.byline or article.byline
    article.url = parsed.url or article.url
    article.published_at = parsed.published_at or article.published_at
    article.raw_text = parsed.raw_text
    article.body = parsed.body
    article.source_format = parsed.source_format
    article.source_name = parsed.source_name[:500]
    article.imported_at = timezone.now()
    article.imported_by = actor


def _save_claims(saved: list[tuple[Article, list, set[int]]], lookups) -> set[int]:
    """Link each candidate to its story's claim with the same fingerprint (an article
    without a story: to its own earlier claim), or create it. One query each for
    sources, known claims, new claims and appearances, however many articles.
    Returns the articles that now quote a published fact check: a public page
    shows them from now on."""
    saved = [entry for entry in saved if entry[1] or entry[2]]
    if not saved:
        return set()
    sources = _sources_for([c for _, found, _ in saved for c in found], lookups)
    fingerprinted = [
        (article, [(c, claim_fingerprint(c.quote)) for c in found], previous)
        for article, found, previous in saved
    ]
    previous_claims = set().union(*(previous for _, _, previous in saved))
    stories = {article.story_id for article, _, _ in saved if article.story_id}
    fingerprints = {fp for _, found, _ in fingerprinted for _, fp in found}
    known: dict[tuple, Claim] = {}
    owner = {pk: article.pk for article, _, previous in saved for pk in previous}
    for claim in Claim.objects.filter(
        Q(story__in=stories) | Q(pk__in=previous_claims), fingerprint__in=fingerprints
    ):
        if claim.story_id in stories:
            known[(claim.story_id, None, claim.fingerprint)] = claim
        if claim.pk in owner:
            known[(None, owner[claim.pk], claim.fingerprint)] = claim
    new_claims, appearances, quoting_published = [], [], set()
    for article, found, _ in fingerprinted:
        for candidate, fingerprint in found:
            key = (article.story_id, None if article.story_id else article.pk)
            key = (*key, fingerprint)
            if key not in known:
                claimant = sources.get(normalise_name(candidate.claimant or ""))
                known[key] = Claim(
                    text=candidate.quote,
                    proposition=candidate.proposition,
                    worthiness=candidate.worthiness,
                    worthiness_reasons=list(candidate.worthiness_reasons),
                    fingerprint=fingerprint,
                    story=article.story,
                    claimant=claimant,
                    status=ClaimStatus.UNREVIEWED,
                )
                new_claims.append(known[key])
            if is_fact_check_published(known[key]):
                quoting_published.add(article.pk)
            appearances.append(
                ClaimAppearance(
                    claim=known[key],
                    article=article,
                    quote=candidate.quote,
                    start=candidate.start,
                    end=candidate.end,
                    claimant_role=candidate.claimant_role[:200],
                    claimant_affiliation=candidate.claimant_affiliation[:300],
                )
            )
    Claim.objects.bulk_create(new_claims)
    matching.suggest_on_commit(claim.pk for claim in new_claims)
    ClaimAppearance.objects.bulk_create(appearances)
    ClaimQuantity.objects.bulk_create(
        quantity for claim in new_claims for quantity in _quantities(claim)
    )
    return quoting_published


def _quantities(claim: Claim) -> list[ClaimQuantity]:
    """The figures of a new claim's quote, offsets into ``claim.text``."""
    return [
        ClaimQuantity(
            claim=claim,
            surface=figure.surface[:200],
            start=figure.start,
            end=figure.end,
            value=figure.value,
            low=figure.low,
            high=figure.high,
            unit=figure.unit[:100],
            dimension=figure.dimension[:100],
            qualifier=figure.qualifier,
            noun=figure.noun[:100],
            measure=figure.measure,
            compare_low=figure.compare_low,
            compare_high=figure.compare_high,
        )
        for figure in find_quantities(claim.text)
        if len(figure.surface) <= 200
    ]


def _sources_for(candidates, lookups: Lookups) -> dict[str, Source]:
    wanted: dict[str, Source] = {}
    for candidate in candidates:
        key = normalise_name(candidate.claimant or "")
        if key and key not in wanted:
            wanted[key] = Source(
                name=candidate.claimant[:300],
                normalised_name=key[:300],
                kind=candidate.claimant_kind or Source.Kind.PERSON,
                description=candidate.claimant_description[:500],
            )
    found = {key: lookups.sources[key] for key in wanted if key in lookups.sources}
    unknown = [key for key in wanted if key not in found]
    if unknown:
        for source in Source.objects.filter(normalised_name__in=unknown):
            found[source.normalised_name] = lookups.sources[source.normalised_name] = (
                source
            )
        # A name an editor merged into another source files under that source.
        for alias in SourceAlias.objects.filter(
            normalised_name__in=[key for key in unknown if key not in found]
        ).select_related("source"):
            found[alias.normalised_name] = lookups.sources[alias.normalised_name] = (
                alias.source
            )
    missing = [source for key, source in wanted.items() if key not in found]
    Source.objects.bulk_create(missing)
    found.update({source.normalised_name: source for source in missing})
    return found
