"""SPARQL results as the endpoint sends them: the W3C JSON, XML, CSV and TSV result formats, and RDF for graphs.

JSON, CSV and TSV are the CLI's own writers (``diplokg.results``, without the label columns, as the W3C formats
have them), so the endpoint and ``diplokg query -f json`` write the same bytes for the same rows; XML is
written here. A graph (CONSTRUCT, DESCRIBE) is serialised by Oxigraph.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .. import results
from ..engines import Result
from ..terms import XSD_STRING, Term
from .negotiation import CSV, JSON_LD, N_TRIPLES, SPARQL_JSON, SPARQL_XML, TSV, TURTLE

# What each kind of answer can be sent as, in the order taken when the client accepts anything.
SOLUTION_TYPES = [SPARQL_JSON, SPARQL_XML, CSV, TSV]
BOOLEAN_TYPES = [SPARQL_JSON, SPARQL_XML]
GRAPH_TYPES = [TURTLE, N_TRIPLES, JSON_LD]
# Short names for the non-standard ``format=`` parameter (a link cannot set Accept: the query page's downloads).
FORMAT_NAMES = {
    "json": SPARQL_JSON,
    "xml": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "nt": N_TRIPLES,
    "jsonld": JSON_LD,
}
CHARSET = "; charset=utf-8"
XML_NS = "http://www.w3.org/2005/sparql-results#"


def serialize_result(result: Result, media_type: str) -> bytes:
    """A SELECT or ASK answer in one of SOLUTION_TYPES (BOOLEAN_TYPES for ASK), as UTF-8 bytes."""
    if media_type == SPARQL_JSON:
        text = results.to_json(result)
    elif media_type == SPARQL_XML:
        text = to_xml(result)
    elif media_type == CSV:
        text = results.to_csv(result)
    elif media_type == TSV:
        text = results.to_tsv(result)
    else:
        raise ValueError(f"no results writer for {media_type}")
    return text.encode("utf-8")


def to_xml(result: Result) -> str:
    """The W3C SPARQL Query Results XML Format."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{XML_NS}">', "  <head>"]
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.vars]
    lines.append("  </head>")
    if result.kind == "ask":
        lines.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        lines.append("  <results>")
        for row in result.rows:
            lines.append("    <result>")
            for var in result.vars:
                term = row.get(var)
                if term is not None:
                    lines.append(f"      <binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def _xml_term(term: Term) -> str:
    value = escape(_xml_safe(term.value))
    if term.kind == "uri":
        return f"<uri>{value}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{value}</bnode>"
    if term.lang:
        return f"<literal xml:lang={quoteattr(term.lang)}>{value}</literal>"
    if term.datatype and term.datatype != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype)}>{value}</literal>"
    return f"<literal>{value}</literal>"


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters at all, even escaped: they become U+FFFD."""
    return "".join(c if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff") else "\ufffd" for c in text)


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type this endpoint writes (always UTF-8)."""
    return media_type + CHARSET
