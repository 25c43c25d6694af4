"""The headline and byline of a page's metadata, without the site around them
(pure).

A page's ``<title>`` and author fields carry the site's name, its tagline and
placeholders ("Headline | Site", "Username"); the HTML importer takes its headline
and byline from them through these functions.
"""

import re

from .outlets import OUTLET_BY_ALIAS, normalise_line

# What separates a page title from the site's name: "Headline | Site", "Site: Headline",
# "Headline » Section » Site".
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|»·•~]|-{1,2}|[–—]|::)\s+")
_PLACEHOLDER_AUTHORS = frozenset(
    [
        "username",
        "user",
        "admin",
        "administrator",
        "guest",
        "anonymous",
        "unknown",
        "null",
        "none",
        "staff",
        "editor",
        "webmaster",
        "author",
    ]
)
# Degrees and honorifics that follow a name in a byline ("Brenda Goodman, MA").
_CREDENTIAL = re.compile(
    r"(?:MA|MS|MSc|BA|BSc|MD|PhD|DO|RN|MPH|MBA|JD|DDS|DVM|FACP|Jr\.?|Sr\.?)",
)


def site_name_core(name: str) -> str:
    """A site name without its tagline: "LinkNaija | Nigeria's popular news
    platform" -> "LinkNaija"."""
    name = " ".join((name or "").split())
    return _TITLE_SEPARATOR.split(name, maxsplit=1)[0].strip() if name else ""


def clean_title(title: str, *, site_names=(), page_title: str = "") -> str:
    """The headline without the site's name around it. The page's own ``<title>``
    wins when the extracted title has little in common with it: a section heading
    ("Allergies Health Center") taken for the headline."""
    names = {normalise_line(n) for n in site_names if n and n.strip()}
    names |= {normalise_line(site_name_core(n)) for n in site_names if n}
    names.discard("")
    title = _strip_site(title, names)
    page = _strip_site(page_title, names)
    if page and len(page.split()) >= 3:
        ours = set(re.findall(r"\w+", title.casefold()))
        theirs = set(re.findall(r"\w+", page_title.casefold()))
        if len(ours & theirs) < len(ours) / 2:
            return page
    return title


def _strip_site(title: str, names: set[str]) -> str:
    title = " ".join((title or "").split())
    if not title:
        return ""
    for name in sorted(names, key=len, reverse=True):
        for sep in (": ", " | ", " - ", " -- ", " – ", " — "):
            head = title[: len(name) + len(sep)]
            if head.casefold() == name + sep and len(title) > len(head):
                title = title[len(head) :].strip()
                break
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    if "»" in title and cuts:
        return title[: cuts[0].start()].strip()
    if not names and cuts:
        # No site name to go by: "Headline | Section | Site" keeps its first part
        # when that is the longest.
        parts = _TITLE_SEPARATOR.split(title)
        if all(len(parts[0]) > len(part) for part in parts[1:]):
            return parts[0].strip()
    while cuts and _is_site_part(title[cuts[-1].end() :], names):
        title = title[: cuts.pop().start()].strip()
    return title


def _is_site_part(part: str, names: set[str]) -> bool:
    folded = normalise_line(part)
    return folded in OUTLET_BY_ALIAS or any(
        folded == name or folded.startswith(name + " ") or name.startswith(folded)
        for name in names
    )


def clean_byline(author: str, *, not_names=()) -> str:
    """The people a page's author field names, joined with "; ": placeholders
    ("Username"), degrees ("MA") and names that are the site or publisher itself
    ("CNN", "Condé Nast") are dropped."""
    skip = {normalise_line(n) for n in not_names if n} | _PLACEHOLDER_AUTHORS
    people = []
    for part in re.split(r"\s*;\s*", author or ""):
        part = re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE)
        part = " ".join(part.split())
        if (
            not part
            or normalise_line(part) in skip
            or _CREDENTIAL.fullmatch(part)
            or normalise_line(part) in OUTLET_BY_ALIAS
        ):
            continue
        if part not in people:
            people.append(part)
    return "; ".join(people)
