"""HTTP content negotiation: which of the media types a resource offers a request's ``Accept`` header prefers.

RFC 9110 §12.5.1: each range has a quality (``q``, default 1); a more specific range overrides a less specific
one for the types it covers (``text/turtle;q=0`` over ``*/*``); a type no range covers, or one with ``q=0``, is
not acceptable. Among acceptable offers the highest quality wins, ties going to the server's order of offers.
A request without ``Accept`` accepts anything.
"""

from __future__ import annotations

from dataclasses import dataclass

HTML = "text/html"
TURTLE = "text/turtle"
N_TRIPLES = "application/n-triples"
JSON_LD = "application/ld+json"
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"

# The RDF serialisations of a description, with the suffix of the document that holds each (Cool URIs: a
# resource's IRI redirects to one of these documents) and the rdflib serializer name.
RDF_FORMATS: dict[str, tuple[str, str]] = {
    TURTLE: (".ttl", "turtle"),
    N_TRIPLES: (".nt", "nt"),
    JSON_LD: (".jsonld", "json-ld"),
}
# Other names clients send for the same formats: for an RDF description, and for SPARQL results.
RDF_ALIASES = {
    "application/x-turtle": TURTLE,
    "text/plain": N_TRIPLES,  # N-Triples' media type before RDF 1.1
    "application/json": JSON_LD,
    "application/xhtml+xml": HTML,
}
RESULT_ALIASES = {
    **RDF_ALIASES,
    "application/json": SPARQL_JSON,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
}


@dataclass(frozen=True)
class Range:
    """One media range of an Accept header: ``type/subtype`` (either may be ``*``) and its quality."""

    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int | None:
        """How specifically this range names ``media_type`` (2 exact, 1 ``type/*``, 0 ``*/*``); None if not at all."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else None


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an Accept header; malformed parts are skipped, a missing header means ``*/*``."""
    if header is None or not header.strip():
        return [Range("*", "*", 1.0)]
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # an unreadable quality is no preference for it
        ranges.append(Range(kind, sub, q))
    return ranges


def quality(ranges: list[Range], media_type: str) -> float:
    """The quality a request gives ``media_type``: that of the most specific range covering it, 0 if none does."""
    best: tuple[int, float] | None = None
    for r in ranges:
        spec = r.specificity(media_type)
        if spec is not None and (best is None or spec > best[0] or (spec == best[0] and r.q > best[1])):
            best = (spec, r.q)
    return best[1] if best else 0.0


def choose(accept: str | None, offered: list[str], aliases: dict[str, str] | None = None) -> str | None:
    """The offered media type the request prefers (first of ``offered`` on a tie), or None when none is acceptable.

    A range naming one of ``aliases`` (``application/json``) counts for the type it stands for.
    """
    ranges = parse_accept(accept)
    for r in list(ranges):
        canonical = (aliases or {}).get(f"{r.type}/{r.subtype}")
        if canonical:
            kind, _, sub = canonical.partition("/")
            ranges.append(Range(kind, sub, r.q))
    best, best_q = None, 0.0
    for media_type in offered:
        q = quality(ranges, media_type)
        if q > best_q:
            best, best_q = media_type, q
    return best
