"""Claims proposed by the newsroom's systems: into the desk's queue, unreviewed."""

from ninja import Router, Status

from coverage.api.articles import WRITE_ERRORS
from coverage.api.auth import token_auth
from coverage.api.errors import field_error
from coverage.api.schemas import ClaimIn, ClaimOut
from coverage.models import Story
from coverage.public.payloads import site_url
from coverage.workflow import create_claim
from coverage.workflow.records import through_token
from coverage.workflow.rules import can_add_claim, refuse

router = Router(tags=["claims"])


@router.post(
    "",
    auth=token_auth,
    response={201: ClaimOut, **WRITE_ERRORS},
    summary="Propose a claim",
)
def propose_claim(request, payload: ClaimIn):
    token = request.auth
    refuse(can_add_claim(token.owner, None), token.owner, "add claims")
    if not payload.text.strip():
        raise field_error("text", "A text is required.")
    story = None
    if payload.story:
        story = Story.objects.filter(slug=payload.story).first()
        if story is None:
            raise field_error("story", f"No story has the slug “{payload.story}”.")
    with through_token(token):
        claim = create_claim(actor=token.owner, text=payload.text, story=story)
    return Status(
        201,
        {
            "id": claim.pk,
            "text": claim.text,
            "status": claim.status,
            "story": story.slug if story else None,
            "admin_url": site_url(f"/admin/coverage/claim/{claim.pk}/change/"),
        },
    )
