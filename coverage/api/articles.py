"""Articles from the newsroom's systems, through the importer: one article
object, validated and stored exactly as one line of a JSON Lines import."""

from ninja import Router, Status

from coverage.api.auth import token_auth
from coverage.api.schemas import ArticleIn, Detail, Errors, ImportOut
from coverage.importers import import_record
from coverage.importers.store import CREATED
from coverage.workflow.records import through_token

router = Router(tags=["articles"])

WRITE_ERRORS = {400: Errors, 401: Detail, 403: Detail, 429: Detail}


@router.post(
    "",
    auth=token_auth,
    response={201: ImportOut, 200: ImportOut, **WRITE_ERRORS},
    summary="Submit an article",
)
def submit_article(request, payload: ArticleIn):
    """201 when new; 200 when it updated, or was the same as, an article already
    here (same URL, or same text)."""
    token = request.auth
    with through_token(token):
        result = import_record(
            payload.dict(exclude_none=True),
            actor=token.owner,
            source=f"API token “{token.name}”",
        )
    article = result.article
    return Status(
        201 if result.action == CREATED else 200,
        {
            "action": result.action,
            "article": {
                "id": article.pk,
                "headline": article.headline,
                "url": article.url,
            },
            "claims_found": result.claims_found,
            "warning": result.warning,
        },
    )
