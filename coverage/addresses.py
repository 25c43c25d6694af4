"""Web addresses as the desk keeps them: one check for every address it stores.

Articles' and sources' URLs, outlets' homepages and evidence links are shown on
public pages as links, and an article's URL is how a re-import finds it again. So
every way in, the importers (``normalise_url``) and the workflow's saves
(``normalise_addresses``), holds them to the same rule.
"""

import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

URL_SCHEMES = ("http", "https")
_WEB_ADDRESS = URLValidator(schemes=list(URL_SCHEMES))
_WEB_SCHEME = re.compile(r"https?:", re.IGNORECASE)
# Control and format characters (CR, LF, NUL, bidirectional overrides) and spaces
# of every kind.
_REFUSED_IN_URLS = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def has_web_scheme(url: str) -> bool:
    """Does it claim to be an http(s) address, in any case?"""
    return bool(_WEB_SCHEME.match(url))


def normalise_url(url: str, *, max_length: int) -> str:
    """An article's or outlet's address as the desk keeps it; ValueError says what
    is wrong with it.

    Django's URLValidator decides what an address is: http or https, the scheme in
    any case. Scheme and host are lowercased, so ``HTTP://Example.com/a`` and
    ``http://example.com/a`` are one article; the path is kept as it is. A control
    character or a space anywhere is refused, never stripped (urlsplit would drop
    CR and LF silently): in an address they are an attempt to smuggle a header or
    a line into whatever shows it. A user name before the host is refused too, as
    in ``https://bbc.co.uk@example.com/``: it makes an address read as another."""
    if len(url) > max_length:
        raise ValueError(f"longer than {max_length} characters")
    for position, character in enumerate(url, start=1):
        if unicodedata.category(character) in _REFUSED_IN_URLS:
            raise ValueError(
                f"U+{ord(character):04X} ({unicodedata.name(character, 'control')}) "
                f"at character {position}: an address has no spaces or control "
                "characters"
            )
    try:
        _WEB_ADDRESS(url)
    except ValidationError:
        raise ValueError(f"not an http(s) address: {url!r}") from None
    parts = urlsplit(url)
    if "@" in parts.netloc:
        raise ValueError(f"an address with a user name before its host: {url!r}")
    rest = url[len(parts.scheme) + len("://") + len(parts.netloc) :]
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{rest}"


def normalise_addresses(model: type[models.Model], values: Mapping) -> dict:
    """``values`` for a row of ``model``, each web address (a ``URLField``) as
    ``normalise_url`` keeps it; a ValidationError names the field of a bad one."""
    normalised, errors = dict(values), {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if isinstance(field, models.URLField) and value:
            try:
                normalised[name] = normalise_url(value, max_length=field.max_length)
            except ValueError as error:
                errors[name] = f"{field.verbose_name}: {error}"
    if errors:
        raise ValidationError(errors)
    return normalised
