"""schema.org JSON-LD for claim and correction pages, built as plain dicts.

Pure functions: the caller passes absolute URLs and the organisation's name, so
nothing here reads settings or the request. Google's fact-check markup
(ClaimReview) wants a numeric rating with its scale and a readable name; the
corrections markup is the article itself carrying ``correction`` comments.
"""

import json
from collections.abc import Iterable

from coverage.models import ClaimStatus, Source

SCHEMA_ORG = "https://schema.org"

# Higher is truer. Disputed and unverifiable sit mid-scale: neither is shown false.
VERDICT_RATINGS = {
    ClaimStatus.ACCURATE: 5,
    ClaimStatus.DISPUTED: 3,
    ClaimStatus.UNVERIFIABLE: 3,
    ClaimStatus.MISLEADING: 2,
    ClaimStatus.INACCURATE: 1,
}
BEST_RATING = 5
WORST_RATING = 1

# Characters that could end a <script> element or open markup inside it.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def isoformat(moment) -> str | None:
    return moment.isoformat() if moment else None


def organisation(name: str, url: str | None = None) -> dict:
    data = {"@type": "Organization", "name": name}
    if url:
        data["url"] = url
    return data


def source_entity(source) -> dict:
    kind = "Person" if source.kind == Source.Kind.PERSON else "Organization"
    data = {"@type": kind, "name": source.name}
    if source.url:
        data["url"] = source.url
    return data


def news_article(article, *, fallback_url: str) -> dict:
    data = {
        "@type": "NewsArticle",
        "headline": article.headline,
        "url": article.url or fallback_url,
        "publisher": organisation(article.outlet.name, article.outlet.homepage),
    }
    if article.published_at:
        data["datePublished"] = isoformat(article.published_at)
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    return data


def claim_review(
    claim,
    *,
    url: str,
    reviewer_name: str,
    reviewer_url: str,
    appearances: Iterable,
    appearance_fallback_url: str,
) -> dict:
    """ClaimReview with the fields Google requires and recommends.

    ``appearances`` are the claim's ClaimAppearance rows with article and outlet
    loaded; the earliest dated article gives the claim's own datePublished.
    """
    appearances = list(appearances)
    articles = [appearance.article for appearance in appearances]
    item = {"@type": "Claim"}
    if claim.claimant is not None:
        item["author"] = source_entity(claim.claimant)
    elif articles:
        outlet = articles[0].outlet
        item["author"] = organisation(outlet.name, outlet.homepage)
    dates = sorted(a.published_at for a in articles if a.published_at)
    if dates:
        item["datePublished"] = isoformat(dates[0])
    if articles:
        item["appearance"] = [
            news_article(article, fallback_url=appearance_fallback_url)
            for article in articles
        ]
        item["firstAppearance"] = item["appearance"][0]
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": url,
        # What the claim asserts, as the checker wrote it (Google asks for under
        # 75 characters); the quote itself when there is no proposition.
        "claimReviewed": claim.headline,
        "datePublished": isoformat(claim.verdict_published_at),
        "author": organisation(reviewer_name, reviewer_url),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": VERDICT_RATINGS[claim.status],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": claim.get_status_display(),
        },
        "itemReviewed": item,
    }


def correction_comment(correction, *, url: str) -> dict:
    text = f"{correction.get_kind_display()}: {correction.what_was_wrong}"
    if correction.what_is_right:
        text += f" {correction.what_is_right}"
    text += f" {correction.public_explanation}"
    return {
        "@type": "CorrectionComment",
        "url": url,
        "text": text,
        "datePublished": isoformat(correction.published_at),
    }


def corrected_article(correction, *, url: str) -> dict:
    """The corrected article as NewsArticle, its ``correction`` the given one."""
    data = {"@context": SCHEMA_ORG}
    data.update(news_article(correction.article, fallback_url=url))
    data["correction"] = correction_comment(correction, url=url)
    return data


def claim_review_feed(reviews: Iterable[dict], *, name: str, url: str) -> dict:
    """The ``DataFeed`` that fact-check aggregators ingest: one ``DataFeedItem``
    per review (``claim_review`` output), dated when the verdict was published."""
    elements = []
    for review in reviews:
        item = {key: value for key, value in review.items() if key != "@context"}
        elements.append(
            {
                "@type": "DataFeedItem",
                "dateCreated": item["datePublished"],
                "item": [item],
            }
        )
    return {
        "@context": SCHEMA_ORG,
        "@type": "DataFeed",
        "name": name,
        "url": url,
        "dataFeedElement": elements,
    }


def script_json(data: dict) -> str:
    """JSON safe to place inside a <script> element: imported text cannot end it."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).translate(
        SCRIPT_ESCAPES
    )
