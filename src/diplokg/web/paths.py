"""Where a resource's page and RDF description live: site paths mirror the IRIs under ``https://w3id.org/diplokg/``.

``https://w3id.org/diplokg/id/person/jang-song-taek`` has its page at ``id/person/jang-song-taek.html`` and its
description at ``id/person/jang-song-taek.ttl``, relative to the site's root. Both the static site and the
server use these functions, so a link written by one resolves in the other.
"""

from __future__ import annotations

import posixpath
import re

from ..iris import BASE, ID

# A local path segment we are willing to write: the project's slugs (lower case, digits, hyphens, dots inside).
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DESCRIPTION_SUFFIXES = (".html", ".ttl")


def resource_path(iri: str) -> str | None:
    """The site path (without suffix) of an IRI the site publishes, e.g. ``id/person/jang-song-taek``; None otherwise."""
    if not iri.startswith(ID):
        return None
    rest = iri[len(ID) :]
    parts = rest.split("/")
    if len(parts) != 2 or not all(_SAFE_SEGMENT.match(p) for p in parts):
        return None
    return "id/" + rest


def page_path(iri: str) -> str | None:
    """The HTML page of an IRI, relative to the site root (``id/person/x.html``), or None when it has none."""
    path = resource_path(iri)
    return None if path is None else path + ".html"


def description_path(iri: str) -> str | None:
    """The Turtle description of an IRI, relative to the site root (``id/person/x.ttl``), or None when it has none."""
    path = resource_path(iri)
    return None if path is None else path + ".ttl"


def iri_of_path(path: str) -> str | None:
    """The IRI a site path (``/id/person/x``, with or without ``.html``/``.ttl``) stands for, or None."""
    path = path.lstrip("/")
    for suffix in DESCRIPTION_SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    iri = BASE + path
    return iri if resource_path(iri) == path else None


def relative_link(from_page: str, to_page: str) -> str:
    """A relative URL from one site page to another, so the site works from disk and under any prefix."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
