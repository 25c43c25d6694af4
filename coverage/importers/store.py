"""The only writer of imported articles: atomic per article and idempotent.

An article is the same article when it has the same URL, else the same raw text,
else the same outlet and (stated) headline. Importing it again with nothing changed
writes nothing; a changed text is saved over the old one after the old one is kept
as an ``ArticleRevision``. Fields the importer only guessed (an inferred headline,
"Unknown outlet") never overwrite what an editor has set.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from coverage.importers import claims as claim_detection
from coverage.importers.parsed import UNKNOWN_OUTLET, ImportFailed, ParsedArticle
from coverage.models import (
    Article,
    ArticleRevision,
    Claim,
    ClaimAppearance,
    ClaimStatus,
    Outlet,
    Source,
    Story,
    claim_fingerprint,
    content_hash,
    normalise_name,
)

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"

Detector = Callable[[str], list[claim_detection.CandidateClaim]]


@dataclass(frozen=True)
class SaveResult:
    action: str
    article: Article | None
    claims_found: int = 0


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
        candidates = detector(parsed.body)
        _check_offsets(parsed, candidates)
        action = UPDATED if article is not None else CREATED
        if dry_run:
            return SaveResult(action, article, len(candidates))

        if outlet is None:
            outlet = Outlet.objects.create(
                name=name or UNKNOWN_OUTLET, needs_review=not name
            )
        if story_value and story is None:
            story = _create_story(story_value)
        previous_claims: set[int] = set()
        if article is None:
            article = Article(source_format=parsed.source_format)
        else:
            previous_claims = _keep_revision(article, actor)
        _fill(article, parsed, outlet, story, guessed_outlet=not name, actor=actor)
        article.save()
        _save_claims(article, candidates, previous_claims, lookups)
        return SaveResult(action, article, len(candidates))


def _existing_outlet(name: str, lookups: Lookups) -> Outlet | None:
    key = name.casefold()
    if key not in lookups.outlets:
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet is None:
            return None
        lookups.outlets[key] = outlet
    return lookups.outlets[key]


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
    """One query for all three ways an article can be the same; URL wins, then the
    raw text, then outlet and stated headline. A different URL is another article."""
    same_or_no_url = Q(url__isnull=True) | Q(url=parsed.url) if parsed.url else Q()
    raw_hash = content_hash(parsed.raw_text)
    match = Q(same_or_no_url, content_hash=raw_hash)
    if parsed.url:
        match |= Q(url=parsed.url)
    if outlet is not None and not parsed.headline_inferred:
        match |= Q(same_or_no_url, outlet=outlet, headline=parsed.headline)
    candidates = list(Article.objects.filter(match).order_by("id")[:10])
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


def _check_offsets(parsed: ParsedArticle, candidates) -> None:
    for candidate in candidates:
        if parsed.body[candidate.start : candidate.end] != candidate.quote:
            raise ImportFailed(
                parsed.source_name,
                "claims",
                f"quote does not match body[{candidate.start}:{candidate.end}]",
            )


def _keep_revision(article: Article, actor) -> set[int]:
    ArticleRevision.objects.create(
        article=article,
        headline=article.headline,
        byline=article.byline,
        raw_text=article.raw_text,
        body=article.body,
        content_hash=article.content_hash,
        replaced_by=actor,
    )
    appearances = ClaimAppearance.objects.filter(article=article)
    previous = set(appearances.values_list("claim_id", flat=True))
    appearances.delete()
    return previous


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


def _save_claims(article, candidates, previous_claims: set[int], lookups) -> None:
    """Link each candidate to the story's claim with the same fingerprint, or create
    it: one query each for sources, existing claims, new claims and appearances."""
    if not candidates and not previous_claims:
        return
    sources = _sources_for(candidates, lookups)
    fingerprints = {claim_fingerprint(c.quote) for c in candidates}
    scope = Q(story=article.story) if article.story_id else Q(pk__in=previous_claims)
    known = {
        claim.fingerprint: claim
        for claim in Claim.objects.filter(scope, fingerprint__in=fingerprints)
    }
    new_claims = []
    for candidate in candidates:
        fingerprint = claim_fingerprint(candidate.quote)
        if fingerprint not in known:
            claimant = sources.get(normalise_name(candidate.claimant or ""))
            known[fingerprint] = Claim(
                text=candidate.quote,
                fingerprint=fingerprint,
                story=article.story,
                claimant=claimant,
                status=ClaimStatus.UNREVIEWED,
            )
            new_claims.append(known[fingerprint])
    Claim.objects.bulk_create(new_claims)
    ClaimAppearance.objects.bulk_create(
        ClaimAppearance(
            claim=known[claim_fingerprint(c.quote)],
            article=article,
            quote=c.quote,
            start=c.start,
            end=c.end,
        )
        for c in candidates
    )
    if previous_claims:
        Claim.objects.filter(
            pk__in=previous_claims,
            status=ClaimStatus.UNREVIEWED,
            appearances__isnull=True,
            events__isnull=True,
            evidence__isnull=True,
        ).delete()


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
    missing = [source for key, source in wanted.items() if key not in found]
    Source.objects.bulk_create(missing)
    found.update({source.normalised_name: source for source in missing})
    return found
