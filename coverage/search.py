"""How much one search may ask for, on the public log and in the admin.

Every word of a search is one more condition over several text columns, none of
them indexed for it: 800 words took 3.5 s on SQLite and 23 s on PostgreSQL, and
past about 1,500 SQLite refused the expression. A search is therefore bounded in
words and characters, and refused beyond that with a message that names the
parameter, before any query runs.
"""

from functools import reduce
from operator import and_, or_

from django.core.exceptions import ValidationError
from django.db.models import Q

MAX_SEARCH_WORDS = 10
MAX_SEARCH_LENGTH = 200


def search_words(text: str, *, parameter: str = "q") -> list[str]:
    """The words of ``text``, or ValidationError when there are too many."""
    words = text.split()
    if len(words) > MAX_SEARCH_WORDS:
        raise ValidationError(
            f"{parameter}: search for at most {MAX_SEARCH_WORDS} words "
            f"(this search has {len(words)}).",
            code="search_too_many_words",
        )
    if len(text) > MAX_SEARCH_LENGTH:
        raise ValidationError(
            f"{parameter}: search for at most {MAX_SEARCH_LENGTH} characters "
            f"(this search has {len(text)}).",
            code="search_too_long",
        )
    return words


def every_word_in_any(words: list[str], fields: list[str]) -> Q:
    """One condition: each word appears, case-insensitively, in one of ``fields``."""
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
            for word in words
        ),
        Q(),
    )
