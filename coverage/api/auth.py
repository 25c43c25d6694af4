"""Bearer tokens: ``Authorization: Bearer nrt_…``. An unknown, revoked or
orphaned token is the same 401 as none; a known one counts against its limit."""

from ninja.security import HttpBearer

from coverage.api.limits import count_request
from coverage.workflow.tokens import token_in_use


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_in_use(token) if len(token) <= 200 else None
        if found is not None:
            count_request(found)
        return found


token_auth = TokenAuth()
