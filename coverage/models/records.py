"""What every part of the record shares: name folding, content hashes, and append-only querysets."""

import hashlib
import re
import unicodedata

from django.db import models


def normalise_name(name: str) -> str:
    """Fold case, accents, punctuation and titles so "Dr. Susan Crockford" and
    "susan crockford" are one source."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^\w\s]", " ", folded.lower())
    words = [w for w in folded.split() if w not in NAME_TITLES]
    return " ".join(words)


NAME_TITLES = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "sir", "dame", "the"}
)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row that is part of the record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} rows are append-only.")
