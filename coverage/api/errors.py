"""How the API refuses: 400 with ``{"errors": {field: [{message, code}]}}`` (the
shape of /corrections.json's errors and of Django's forms), 401, 403, 404 and
429 with ``{"detail": ...}`` (the token's limit) or, past the limit of a field
such as a reader's e-mail address, ``{"errors": {"email": [...]}}``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaInvalid

from coverage.api.limits import RateLimited
from coverage.importers import ImportFailed
from coverage.public import throttle
from coverage.workflow.rules import message_of


class FormInvalid(Exception):
    def __init__(self, form: Form):
        super().__init__("invalid")
        self.errors = form.errors.get_json_data()


class FieldInvalid(Exception):
    def __init__(self, errors: dict):
        super().__init__("invalid")
        self.errors = errors


def field_error(field: str, message: str, code: str = "invalid") -> FieldInvalid:
    return FieldInvalid({field: [{"message": message, "code": code}]})


def schema_errors(error: SchemaInvalid) -> dict:
    """Pydantic's errors by field: ``limit``, or ``text`` of the JSON body."""
    errors: dict[str, list] = {}
    for problem in error.errors:
        place = [str(part) for part in problem.get("loc", ())]
        if place[:1] == ["body"]:
            place = place[2:] or ["body"]  # drop the parameter's own name
        elif len(place) > 1:
            place = place[1:]
        field = ".".join(place) or "request"
        errors.setdefault(field, []).append(
            {
                "message": str(problem.get("msg", "invalid")),
                "code": problem.get("type", "invalid"),
            }
        )
    return errors


def install(api: NinjaAPI) -> None:
    def invalid(request, errors: dict):
        return api.create_response(request, {"errors": errors}, status=400)

    @api.exception_handler(SchemaInvalid)
    def on_schema_invalid(request, error):
        return invalid(request, schema_errors(error))

    @api.exception_handler(FieldInvalid)
    @api.exception_handler(FormInvalid)
    def on_field_invalid(request, error):
        return invalid(request, error.errors)

    @api.exception_handler(ImportFailed)
    def on_import_failed(request, error):
        return invalid(
            request, {error.field: [{"message": error.problem, "code": "invalid"}]}
        )

    @api.exception_handler(ValidationError)
    def on_validation_error(request, error):
        if hasattr(error, "error_dict"):
            errors = {
                field: [{"message": m, "code": "invalid"} for m in messages]
                for field, messages in error.message_dict.items()
            }
        else:
            errors = {"__all__": [{"message": message_of(error), "code": "invalid"}]}
        return invalid(request, errors)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, error):
        return api.create_response(request, {"detail": str(error)}, status=403)

    @api.exception_handler(HttpError)
    def on_http_error(request, error):
        """Ninja's own refusals: a body that is not JSON is a 400 like any other."""
        if error.status_code == 400:
            return invalid(
                request, {"body": [{"message": str(error), "code": "parse"}]}
            )
        return api.create_response(
            request, {"detail": str(error)}, status=error.status_code
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, error):
        response = api.create_response(
            request,
            {"detail": "A valid API token is required: Authorization: Bearer <token>."},
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(RateLimited)
    def on_rate_limited(request, error):
        response = api.create_response(request, {"detail": str(error)}, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response

    @api.exception_handler(throttle.Throttled)
    def on_throttled(request, error):
        response = api.create_response(
            request,
            {"errors": {error.kind: [{"message": str(error), "code": "throttled"}]}},
            status=429,
        )
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
