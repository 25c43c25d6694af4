"""The JSON shapes that readers (/corrections.json) and newsroom systems
(webhooks) receive. Field names are stable: add fields, never rename them."""

from collections.abc import Callable

from django.conf import settings

from coverage.models import Claim, Correction

AbsoluteUrl = Callable[[str], str]


def site_url(path: str) -> str:
    """The absolute URL of a path, outside a request (workers, e-mails)."""
    return settings.NEWSROOM_SITE_URL.rstrip("/") + path


def correction_json(correction: Correction, *, absolute_url: AbsoluteUrl) -> dict:
    """One correction, in /corrections.json and in webhooks. These field names
    are stable."""

    def link(other):
        if other is None:
            return None
        return {
            "id": other.pk,
            "url": absolute_url(other.get_absolute_url()),
        }

    article = correction.article
    story = article.story
    return {
        "id": correction.pk,
        "url": absolute_url(correction.get_absolute_url()),
        "kind": correction.kind,
        "kind_label": correction.get_kind_display(),
        "published_at": correction.published_at.isoformat(),
        "what_was_wrong": correction.what_was_wrong,
        "what_is_right": correction.what_is_right,
        "explanation": correction.public_explanation,
        "late_note": correction.late_note,
        "days_after_article": correction.days_after_article(),
        "article": {
            "headline": article.headline,
            "url": article.url,
            "published_at": (
                article.published_at.isoformat() if article.published_at else None
            ),
            "is_retracted": article.is_retracted,
            "outlet": {"name": article.outlet.name, "slug": article.outlet.slug},
            "story": (
                {
                    "title": story.title,
                    "slug": story.slug,
                    "url": absolute_url(story.get_absolute_url()),
                }
                if story
                else None
            ),
        },
        "supersedes": link(correction.published_predecessor),
        "superseded_by": link(correction.published_successor),
    }


def claim_json(claim: Claim, *, absolute_url: AbsoluteUrl) -> dict:
    """A published fact check: the claim, who made it, the verdict."""
    return {
        "id": claim.pk,
        "url": absolute_url(claim.get_absolute_url()),
        "claim": claim.text,
        "claimant": claim.claimant.name if claim.claimant else None,
        "verdict": claim.status,
        "verdict_label": claim.get_status_display(),
        "summary": claim.verdict_summary,
        "published_at": (
            claim.verdict_published_at.isoformat()
            if claim.verdict_published_at
            else None
        ),
        "story": (
            {"title": claim.story.title, "slug": claim.story.slug}
            if claim.story
            else None
        ),
    }


def request_json(correction_request, *, absolute_url: AbsoluteUrl) -> dict:
    """A reader's correction request, for the newsroom's own systems: where it
    stands and what became of it. Nothing the reader typed or their address: the
    desk reads those in the admin."""
    article = correction_request.article
    correction = correction_request.correction
    return {
        "id": correction_request.pk,
        "status": correction_request.status,
        "admin_url": absolute_url(
            f"/admin/coverage/correctionrequest/{correction_request.pk}/change/"
        ),
        "article": (
            {"id": article.pk, "headline": article.headline, "url": article.url}
            if article
            else None
        ),
        "received_at": correction_request.received_at.isoformat(),
        "deadline": correction_request.deadline.isoformat(),
        "closed_at": (
            correction_request.closed_at.isoformat()
            if correction_request.closed_at
            else None
        ),
        "correction_url": (
            absolute_url(correction.get_absolute_url())
            if correction is not None and correction.is_published
            else None
        ),
    }
