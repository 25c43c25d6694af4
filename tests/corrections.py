"""Corrections as a reporter drafts them: through the real workflow, with the
same plausible text unless a test says otherwise."""

from coverage import workflow
from coverage.models import Correction
from tests.factories import ArticleFactory


def draft(author, *, article=None, **overrides) -> Correction:
    """A draft correction by ``author``, on a new article unless one is given."""
    values = {
        "kind": Correction.Kind.CORRECTION,
        "what_was_wrong": "The cliff height was given as 800 metres.",
        "what_is_right": "The cliff is about 80 metres high.",
        "public_explanation": "A typing error added a zero.",
        **overrides,
    }
    return workflow.draft_correction(
        article or ArticleFactory(), actor=author, **values
    )
