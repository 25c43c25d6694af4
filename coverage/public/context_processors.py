"""Template context every public page shares."""

from django.conf import settings


def newsroom(request) -> dict:
    """The organisation's name, for the page frame."""
    return {"newsroom_name": settings.NEWSROOM_NAME}
