"""The articles with a source text and the evidence spans of their facts, read from the data by SPARQL.

The same queries run on an Oxigraph store (the build's, or one loaded for ``diplokg coverage``) and on an
rdflib graph (``diplokg validate``'s reference path); :func:`article_spans` takes either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..iris import sparql_prefixes

ARTICLES = """
SELECT ?article (SAMPLE(?f) AS ?file) WHERE {
  ?article a dkg:Article ; dkg:sourceFile ?f .
  FILTER(isIRI(?article) && isLiteral(?f))
} GROUP BY ?article
"""

# Expanded evidence names its article (oa:hasSource) and offsets; the short form (before `diplokg fmt`) has
# only its quote, and its article is the one the fact is derived from.
EVIDENCE = """
SELECT ?fact ?evidence (SAMPLE(?src) AS ?source) (SAMPLE(?d) AS ?derived) (COUNT(DISTINCT ?d) AS ?derivedCount)
       (SAMPLE(?x) AS ?exact) (SAMPLE(?s) AS ?start) (SAMPLE(?t) AS ?end) (SAMPLE(?l) AS ?label) WHERE {
  ?fact dkg:evidence ?evidence .
  FILTER(isIRI(?fact))
  OPTIONAL { ?evidence oa:hasSource ?src }
  OPTIONAL { ?fact prov:wasDerivedFrom ?d }
  OPTIONAL { { ?evidence oa:exact ?x } UNION { ?evidence oa:hasSelector/oa:exact ?x } }
  OPTIONAL { ?evidence oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?t }
  OPTIONAL { ?fact rdfs:label ?l FILTER(LANG(?l) = "en" || LANG(?l) = "") }
} GROUP BY ?fact ?evidence
"""


@dataclass(frozen=True)
class Span:
    """One evidence span of a fact: ``[start, end)`` in the article's text, or only the quote (short form)."""

    fact: str
    label: str
    start: int | None
    end: int | None
    exact: str | None


@dataclass
class ArticleSpans:
    """An article with a source text and every evidence span from it."""

    article: str  # IRI
    source_file: str
    spans: list[Span] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """The article's short name: its IRI's last segment (``kei-2013-05-24``), also its data file's stem."""
        return self.article.rstrip("/").rsplit("/", 1)[-1]


def _value(term: Any) -> str | None:
    """A result term's lexical value, from pyoxigraph (``.value``) or rdflib (``str``)."""
    if term is None:
        return None
    from rdflib.term import Identifier

    return str(term) if isinstance(term, Identifier) else str(term.value)


def _int(term: Any) -> int | None:
    value = _value(term)
    try:
        return None if value is None else int(value)
    except ValueError:
        return None  # an ill-typed offset: the shapes report it; the span falls back to its quote


def article_spans(query: Callable[[str], Iterable[Any]]) -> dict[str, ArticleSpans]:
    """Every article with a dkg:sourceFile, by IRI, each with the evidence spans that come from it.

    ``query`` runs a SPARQL SELECT over the asserted data and returns rows indexable by variable name
    (``Store.query`` of pyoxigraph, or ``Graph.query`` of rdflib).
    """
    prefixes = sparql_prefixes()
    articles: dict[str, ArticleSpans] = {}
    for row in query(prefixes + ARTICLES):
        iri, name = _value(row["article"]), _value(row["file"])
        if iri and name:
            articles[iri] = ArticleSpans(iri, name)
    for row in query(prefixes + EVIDENCE):
        source = _value(row["source"])
        if source is None and _int(row["derivedCount"]) == 1:
            source = _value(row["derived"])
        if source not in articles:
            continue  # evidence of no known article: validation reports it
        fact = _value(row["fact"]) or ""
        span = Span(fact, _value(row["label"]) or "", _int(row["start"]), _int(row["end"]), _value(row["exact"]))
        articles[source].spans.append(span)
    return articles
