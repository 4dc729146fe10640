"""Linked Data for the resources under ``https://w3id.org/diplokg/id/``: their RDF descriptions, by content negotiation.

Cool URIs for the Semantic Web (W3C note, "303 URIs forwarding to different documents"): the IRI of a thing
(``/id/person/jang-song-taek``) is not a document, so a request for it is answered with ``303 See Other`` to
the document that suits the client: the page (``.html``) for a browser, the description in Turtle (``.ttl``),
N-Triples (``.nt``) or JSON-LD (``.jsonld``) for an RDF client, with ``Vary: Accept``. The documents carry the
one description of ``describe.py`` over the build's asserted graph, whichever format is asked for.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from rdflib import Graph, URIRef

from ..iris import PREFIXES
from .describe import describe
from .graphdata import load_quads
from .negotiation import HTML, RDF_ALIASES, RDF_FORMATS, choose
from .paths import iri_of_path, resource_path

CACHED_DESCRIPTIONS = 2048  # serialised descriptions kept: a page's worth of links asked again costs nothing
DOCUMENT_TYPES = {suffix: media for media, (suffix, _) in RDF_FORMATS.items()}


def load_asserted(quads: Path) -> Graph:
    """The build's asserted triples (every graph of ``dist/diplokg.nq`` but the inferred one) as an rdflib Graph.

    Oxigraph parses the file and the terms are made into rdflib's (``graphdata.load_quads``, as the site reads
    it): several times faster than rdflib's own N-Quads parser, and the same graph as ``describe.asserted_graph``
    over the build's Dataset.
    """
    return load_quads(quads).graph


class Descriptions:
    """The descriptions of the resources in a graph, serialised on demand and kept in a small cache."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._cache: OrderedDict[tuple[str, str], bytes | None] = OrderedDict()
        self._lock = threading.Lock()  # rdflib's memory store reads safely from many threads; the cache needs the lock

    def exists(self, iri: str) -> bool:
        """Whether the graph says anything about ``iri`` (as subject or object)."""
        node = URIRef(iri)
        return next(self.graph.predicate_objects(node), None) is not None or next(self.graph.subject_predicates(node), None) is not None

    def document(self, iri: str, media_type: str) -> bytes | None:
        """The description of ``iri`` in ``media_type`` (one of RDF_FORMATS), or None when the graph has none."""
        key = (iri, media_type)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        description = describe(self.graph, URIRef(iri))
        body = None
        if len(description):
            fmt = RDF_FORMATS[media_type][1]
            if fmt == "json-ld":
                used = {str(t) for triple in description for t in triple}
                context = {prefix: ns for prefix, ns in PREFIXES.items() if any(t.startswith(ns) for t in used)}
                body = description.serialize(format="json-ld", context=context, indent=2).encode("utf-8")
            else:
                body = description.serialize(format=fmt, encoding="utf-8")
        with self._lock:
            self._cache[key] = body
            while len(self._cache) > CACHED_DESCRIPTIONS:
                self._cache.popitem(last=False)
        return body


def negotiate(path: str, accept: str | None) -> tuple[int, str | None]:
    """Where a request for a resource IRI's path (``/id/person/x``) goes: ``(303, document path)``, or
    ``(406, None)`` when the client accepts neither HTML nor an RDF format this server writes."""
    media_type = choose(accept, [HTML, *RDF_FORMATS], RDF_ALIASES)
    if media_type is None:
        return 406, None
    suffix = ".html" if media_type == HTML else RDF_FORMATS[media_type][0]
    return 303, "/" + path.strip("/") + suffix


def resource_of(path: str) -> tuple[str, str | None] | None:
    """For a request path under ``/id/``: the IRI it names and the document suffix asked for (None for the
    resource itself; ``.html``, ``.ttl``, ``.nt`` or ``.jsonld`` for a document); None if it names no resource."""
    clean = path.strip("/")
    for suffix in (".html", *DOCUMENT_TYPES):
        if clean.endswith(suffix):
            iri = iri_of_path(clean[: -len(suffix)])
            return (iri, suffix) if iri else None
    iri = iri_of_path(clean)
    if iri is None or resource_path(iri) != clean:
        return None
    return iri, None
