"""Pages from Jinja2 templates, autoescaped (labels, quotes and comments are untrusted text), with site-relative links.

Every template extends ``base.html`` and gets ``root``, the relative prefix from the page to the site's root
("../../" for ``id/person/x.html``), so the site works from disk and under any path prefix; ``site`` resolves a
term to a link (a page of the site, the ontology docs, or an outside IRI) and a name.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from rdflib import Literal, URIRef

from ..iris import PREFIXES
from .facts import Facts, local_name
from .paths import page_path

ONTOLOGY_PAGES = {  # namespace -> (page documenting it, prefix shown)
    PREFIXES["dkg"]: ("ontology/index.html", "dkg"),
    PREFIXES["cameo"]: ("ontology/cameo.html", "cameo"),
    PREFIXES["plover"]: ("ontology/plover.html", "plover"),
}
PREFIX_OF = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda item: -len(item[0]))


@dataclass
class Term:
    """How a value shows on a page: its text, and where it links (site path, outside URL, or nowhere)."""

    text: str
    path: str | None = None  # relative to the site root
    url: str | None = None  # outside the site
    iri: str = ""


def compact(iri: str) -> str:
    """``dkg:Visit`` for an IRI in a known namespace, else the IRI."""
    for ns, prefix in PREFIX_OF:
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


class Site:
    """Resolves terms to links and names for the templates; knows which pages and ontology terms exist."""

    def __init__(self, facts: Facts, pages: set[str], documented: set[str]) -> None:
        self.facts = facts
        self.pages = pages  # IRIs with a page
        self.documented = documented  # ontology IRIs with an anchor in the docs

    def path(self, iri: str) -> str | None:
        """The site path of an IRI's page or doc anchor, or None."""
        iri = str(iri)  # an rdflib URIRef never equals a plain string
        if iri in self.pages:
            return page_path(iri)
        if iri in self.documented:
            for ns, (page, _) in ONTOLOGY_PAGES.items():
                if iri.startswith(ns):
                    return f"{page}#{local_name(iri)}"
        return None

    def term(self, value) -> Term:
        """How ``value`` (an IRI or literal) shows on a page: its name and where it links."""
        if isinstance(value, Literal):
            return Term(str(value))
        iri = str(value)
        path = self.path(iri)
        if path is not None:
            return Term(self.facts.label(URIRef(iri)), path=path, iri=iri)
        label = self.facts.label(URIRef(iri))
        text = compact(iri) if label == local_name(iri) else label
        return Term(text, url=iri if iri.startswith(("http://", "https://")) else None, iri=iri)

    def linker(self, root: str) -> Callable[[str], str | None]:
        """For drawings: an IRI to a link relative to a page at ``root``, None for IRIs without a page."""

        def link(iri: str) -> str | None:
            """Map an IRI to its link from the page, or None when it has no page."""
            path = self.path(iri)
            return None if path is None else root + path

        return link


def environment() -> Environment:
    """The Jinja2 environment: the package's templates, autoescaped, undefined names an error."""
    env = Environment(
        loader=PackageLoader("diplokg.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["compact"] = compact
    env.filters["iri"] = URIRef
    env.tests["literal"] = lambda value: isinstance(value, Literal)
    env.filters["relative_to"] = relative_to
    return env


@lru_cache(maxsize=65536)
def relative_to(path: str, page: str) -> str:
    """``path`` (site-relative, a #fragment allowed) as a link from ``page``: ``"id/article/x.html#p"`` from
    ``id/person/y.html`` is ``"../article/x.html#p"``. The same as paths.relative_link for the site's own
    normalised paths, without posixpath.relpath's cost (a page holds hundreds of links)."""
    folders = page.split("/")[:-1]
    parts = path.split("/")
    common = 0
    while common < len(folders) and common < len(parts) - 1 and folders[common] == parts[common]:
        common += 1
    return "../" * (len(folders) - common) + "/".join(parts[common:])


def root_of(path: str) -> str:
    """The relative prefix from a page at ``path`` (site-relative) to the site's root."""
    depth = posixpath.dirname(path).count("/") + 1 if posixpath.dirname(path) else 0
    return "../" * depth


def write_page(env: Environment, out: Path, path: str, template: str, **context) -> None:
    """Render ``template`` into ``out/path``, with ``root`` set for that path."""
    html = env.get_template(template).render(root=root_of(path), page=path, **context)
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
