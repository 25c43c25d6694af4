"""Correction requests filed by the newsroom's systems (a reader's e-mail, a
comment desk): the public form's fields and checks, without its proof-of-work,
which a token stands in for. The per-e-mail limit is the form's too: a token
could otherwise have the desk write to any address as often as it liked."""

from ninja import Router, Status

from coverage.api.articles import WRITE_ERRORS
from coverage.api.auth import token_auth
from coverage.api.errors import FormInvalid
from coverage.api.schemas import (
    CorrectionRequestIn,
    CorrectionRequestOut,
    Detail,
    Errors,
)
from coverage.public.payloads import request_json
from coverage.public.requests import CorrectionRequestForm
from coverage.public.throttle import count_email, keyed_hash
from coverage.workflow import receive_request
from coverage.workflow.records import through_token

router = Router(tags=["correction requests"])


class ApiRequestForm(CorrectionRequestForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["challenge"]


@router.post(
    "",
    auth=token_auth,
    # 429: the token's limit ({"detail"}), or the e-mail address's ({"errors"}).
    response={201: CorrectionRequestOut, **WRITE_ERRORS, 429: Detail | Errors},
    summary="File a correction request",
)
def file_request(request, payload: CorrectionRequestIn):
    token = request.auth
    form = ApiRequestForm(payload.dict())
    if not form.is_valid():
        raise FormInvalid(form)
    data = form.cleaned_data
    count_email(data["email"])
    with through_token(token):
        filed = receive_request(
            article_given=data["article"],
            quote=data["quote"],
            what_is_wrong=data["what_is_wrong"],
            supporting_link=data["supporting_link"],
            email=data["email"],
            client_hash=keyed_hash("token", str(token.pk)),
            actor=token.owner,
        )
    return Status(201, request_json(filed, absolute_url=request.build_absolute_uri))
