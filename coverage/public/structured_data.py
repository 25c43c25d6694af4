"""schema.org JSON-LD for claim and correction pages, built as plain dicts.

Pure functions: the caller passes absolute URLs and the organisation's name, so
nothing here reads settings or the request. Google's fact-check markup
(ClaimReview) wants a numeric rating with its scale and a readable name; a
correction page is the desk's NewsArticle about the corrected article, which
carries the ``correction`` comment.
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

# The desk's logo, a static file: square, and Google asks for 112 pixels a side
# or more.
LOGO = "coverage/logo.png"
LOGO_SIZE = 240

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
    reviewer: dict,
    appearances: Iterable,
    appearance_fallback_url: str,
) -> dict:
    """ClaimReview with the fields Google requires and recommends.

    ``reviewer`` is the desk (``newsroom()``). ``appearances`` are the claim's
    ClaimAppearance rows with article and outlet loaded; the earliest dated
    article gives the claim's own datePublished.
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
        "author": reviewer,
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


def newsroom(name: str, *, url: str, logo_url: str) -> dict:
    """The desk as publisher of its own pages: Google's Article markup asks for
    the publisher's logo as an ImageObject."""
    data = organisation(name, url)
    data["logo"] = {
        "@type": "ImageObject",
        "url": logo_url,
        "width": LOGO_SIZE,
        "height": LOGO_SIZE,
    }
    return data


def correction_notice(correction, *, url: str, image_url: str, publisher: dict) -> dict:
    """The correction page as the desk's own NewsArticle.

    The desk wrote and published the notice (``publisher`` is ``newsroom()``), so
    its logo and the share card are the notice's; the outlet published the
    article, which is the notice's ``about`` and carries the ``correction``.
    Crediting the desk with the outlet's article would be a false statement.
    """
    article = news_article(correction.article, fallback_url=url)
    article["correction"] = correction_comment(correction, url=url)
    return {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "headline": (f"{correction.get_kind_display()}: {correction.article.headline}"),
        "url": url,
        "mainEntityOfPage": url,
        "image": image_url,
        "datePublished": isoformat(correction.published_at),
        "author": publisher,
        "publisher": publisher,
        "about": article,
    }


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
