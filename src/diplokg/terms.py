"""One engine-neutral RDF term model for query parameters and results, with conversions to each engine.

Plain literals are normalised to xsd:string: rdflib keeps ``"a"`` and ``"a"^^xsd:string`` apart while RDF 1.1
and Oxigraph do not, and comparing answers across engines must not trip on that.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
INTEGERS = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short")}
NUMERIC = INTEGERS | {XSD + t for t in ("decimal", "double", "float", "boolean")}
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as the SPARQL JSON results format has it: kind "uri", "literal" or "bnode"."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @staticmethod
    def iri(value: str) -> Term:
        return Term("uri", value)

    @staticmethod
    def literal(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return Term("literal", value, None, lang.lower())
        return Term("literal", value, datatype or XSD_STRING, None)

    def n3(self) -> str:
        """The term in N-Triples / SPARQL syntax, escaped so that no value can break out of it."""
        if self.kind == "uri":
            if any(c in '<>"{}|^`\\' or c <= " " for c in self.value):  # SPARQL's IRIREF: none of these, no control characters
                raise ValueError(f"not a valid IRI: {self.value!r}")
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        escaped = self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        if self.lang:
            return f'"{escaped}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{escaped}"^^<{self.datatype}>'
        return f'"{escaped}"'

    def canonical(self) -> Term:
        """The term with a numeric or boolean literal in canonical lexical form ("0.0" and "0" decimals alike):
        engines differ in whether they keep the lexical form they parsed."""
        if self.kind != "literal" or self.datatype not in NUMERIC:
            return self
        try:
            if self.datatype == XSD + "boolean":
                return Term(self.kind, str(self.value.strip() in ("true", "1")).lower(), self.datatype)
            number = Decimal(self.value.strip())
        except (InvalidOperation, ValueError):
            return self
        text = format(number.normalize(), "f") if number == number.to_integral_value() or "E" not in str(number) else str(number)
        # Oxigraph reports integer-derived types (xsd:nonNegativeInteger...) as xsd:integer; rdflib keeps them.
        datatype = XSD + "integer" if self.datatype in INTEGERS else self.datatype
        return Term(self.kind, text.rstrip("0").rstrip(".") if "." in text else text, datatype)

    def to_json(self) -> dict[str, str]:
        """The term as a W3C SPARQL 1.1 JSON results binding."""
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.kind == "literal" and self.datatype and self.datatype != XSD_STRING:
            out["datatype"] = self.datatype
        return out

    @staticmethod
    def from_json(binding: dict[str, str]) -> Term:
        kind = binding["type"]
        if kind in ("literal", "typed-literal"):
            return Term.literal(binding["value"], binding.get("datatype"), binding.get("xml:lang"))
        return Term("bnode" if kind == "bnode" else "uri", binding["value"])


# --- Oxigraph -----------------------------------------------------------------------------------


def from_oxigraph(term: Any) -> Term:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return Term.iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, term.datatype.value, term.language)
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Term) -> Any:
    import pyoxigraph as ox

    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype or XSD_STRING))


# --- rdflib -------------------------------------------------------------------------------------


def from_rdflib(term: Any) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return Term.iri(str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        return Term.literal(str(term), str(term.datatype) if term.datatype else None, term.language)
    raise TypeError(f"unsupported term {term!r}")


def to_rdflib(term: Term) -> Any:
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.lang:
        return Literal(term.value, lang=term.lang)
    if term.datatype in (None, XSD_STRING):
        # rdflib matches data parsed as plain "a" only with a plain Literal.
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype))
