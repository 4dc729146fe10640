"""Writing query results: an aligned terminal table, CSV and TSV (W3C SPARQL 1.1), JSON (W3C), Turtle.

CSV, TSV and JSON keep every IRI (they are the W3C result formats) and, given the labels of those IRIs, add a
``<var>Label`` column after each IRI column, as Wikidata's query service does, so that a spreadsheet shows
names beside identifiers.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from .engines import Result
from .errors import QueryError
from .terms import XSD, XSD_STRING, Term

TABLE_CELL_WIDTH = 60  # a column never wider than this
TABLE_MIN_WIDTH = 8  # nor narrower, however tight the terminal


LABEL_SUFFIX = "Label"  # Wikidata's convention: column ``official`` is followed by ``officialLabel``
LABEL_LANG = "en"

# Turtle's abbreviated forms (TSV should use them for numbers): a lexical form matching one reads back as that datatype
_NUMBER_FORMS = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
# characters Turtle forbids raw in an IRIREF, plus the controls a line-based reader could split on
_IRI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f\u2028\u2029]')
_STRING_ESCAPE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Column:
    """One output column: a query variable, or the English label of the IRIs a variable holds."""

    name: str  # the header
    var: str  # the variable whose terms the column shows
    is_label: bool = False


def _columns(result: Result, labels: Mapping[str, str] | None) -> list[Column]:
    """The columns of a CSV, TSV or JSON answer, decided here once so that the three formats agree.

    Without ``labels`` (None): the query's variables, as the W3C formats have them. With ``labels`` (even an
    empty mapping): every variable that some row binds to an IRI is followed by ``<var>Label``, unless the
    query already has a variable of that name (its own column is kept and no second one is added).
    """
    columns = [Column(v, v) for v in result.vars]
    if labels is None:
        return columns
    taken = set(result.vars)
    out: list[Column] = []
    for column in columns:
        out.append(column)
        name = column.var + LABEL_SUFFIX
        if name not in taken and any(_is_iri(row.get(column.var)) for row in result.rows):
            out.append(Column(name, column.var, is_label=True))
            taken.add(name)
    return out


def _is_iri(term: Term | None) -> bool:
    return term is not None and term.kind == "uri"


def _label(term: Term | None, labels: Mapping[str, str] | None) -> str | None:
    if labels is None or term is None or term.kind != "uri":
        return None
    return labels.get(term.value)


def to_json(result: Result, labels: Mapping[str, str] | None = None) -> str:
    """The W3C SPARQL 1.1 Query Results JSON Format; with ``labels``, a ``<var>Label`` variable after each
    IRI variable, bound to an English literal where the IRI has a label (see ``_columns``)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False, indent=2)
    if result.kind != "select":
        raise QueryError("json output is for SELECT and ASK queries; use --format ttl for CONSTRUCT/DESCRIBE")
    columns = _columns(result, labels)
    bindings = []
    for row in result.rows:
        binding: dict[str, dict[str, str]] = {}
        for column in columns:
            term = row.get(column.var)
            if column.is_label:
                text = _label(term, labels)
                if text is not None:
                    binding[column.name] = Term.literal(text, lang=LABEL_LANG).to_json()
            elif term is not None:
                binding[column.name] = term.to_json()
        bindings.append(binding)
    head = {"vars": [c.name for c in columns]}
    return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2)


def to_csv(result: Result, labels: Mapping[str, str] | None = None) -> str:
    """W3C SPARQL 1.1 CSV: plain values (no types or language tags), RFC 4180 quoting, CRLF line ends.
    With ``labels``, a ``<var>Label`` column after each IRI column (see ``_columns``)."""
    _need_rows(result, "csv")
    columns = _columns(result, labels)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for row in result.rows:
        writer.writerow([(_label(row.get(c.var), labels) or "") if c.is_label else _plain(row.get(c.var)) for c in columns])
    return buffer.getvalue()


def to_tsv(result: Result, labels: Mapping[str, str] | None = None) -> str:
    """W3C SPARQL 1.1 TSV: ``?var`` header, terms in SPARQL/Turtle syntax (numbers abbreviated, strings escaped
    so no value can break a row or a field), LF line ends. With ``labels``, a ``<var>Label`` column after each
    IRI column (see ``_columns``)."""
    _need_rows(result, "tsv")
    columns = _columns(result, labels)
    lines = ["\t".join(f"?{c.name}" for c in columns)]
    for row in result.rows:
        cells = []
        for column in columns:
            term = row.get(column.var)
            if column.is_label:
                text = _label(term, labels)
                cells.append("" if text is None else tsv_term(Term.literal(text, lang=LABEL_LANG)))
            else:
                cells.append("" if term is None else tsv_term(term))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def tsv_term(term: Term) -> str:
    """One RDF term as the W3C TSV results format writes it: Turtle syntax with single-quoted strings.

    Unlike ``Term.n3`` (which guards query text and refuses a malformed IRI), this writes any term the engine
    returns: characters an IRI may not hold raw are written as ``\\uXXXX`` escapes, a blank node label that is
    not valid Turtle is re-encoded, and the abbreviated number forms are used, as the format recommends.
    """
    if term.kind == "uri":
        return "<" + _IRI_ESCAPE.sub(_uchar, term.value) + ">"
    if term.kind == "bnode":
        return _bnode(term.value)
    pattern = _NUMBER_FORMS.get(term.datatype or "") if not term.lang else None
    if pattern is not None and pattern.fullmatch(term.value):
        return term.value
    text = term.n3()  # escapes \\, ", tab, LF and CR
    return _STRING_ESCAPE.sub(_uchar, text)


def _uchar(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def _bnode(label: str) -> str:
    """``_:label``; a label that is not a valid Turtle one (from some remote endpoints) is hex-encoded, which
    keeps equal labels equal and distinct ones distinct."""
    if _BNODE_LABEL.fullmatch(label):
        return f"_:{label}"
    return "_:x" + label.encode("utf-8").hex()


def to_turtle(result: Result, prefixes: dict[str, str]) -> str:
    """Triples of a CONSTRUCT/DESCRIBE answer as Turtle."""
    if result.kind != "graph":
        raise QueryError("ttl output is for CONSTRUCT and DESCRIBE queries; use table, csv, tsv or json")
    import pyoxigraph as ox

    from .terms import to_oxigraph

    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in result.triples]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def to_table(result: Result, labels: dict[str, str], prefixes: dict[str, str], width: int | None = None) -> str:
    """A readable table: IRIs shown by label (else by prefixed name), long text wrapped, a row count last."""
    if result.kind == "ask":
        return "yes\n" if result.boolean else "no\n"
    if result.kind == "graph":
        return to_turtle(result, prefixes)
    if not result.vars:
        return "(no columns)\n"
    width = width or shutil.get_terminal_size((160, 24)).columns
    cells = [[_display(row.get(v), labels, prefixes) for v in result.vars] for row in result.rows]
    natural = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(result.vars)]
    widths = _fit(natural, width - 3 * (len(result.vars) - 1))
    out = [" | ".join(v.ljust(w) for v, w in zip(result.vars, widths, strict=True)), "-+-".join("-" * w for w in widths)]
    for row in cells:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(row, widths, strict=True)]
        for line in range(max(len(w) for w in wrapped)):
            out.append(" | ".join((w[line] if line < len(w) else "").ljust(wd) for w, wd in zip(wrapped, widths, strict=True)).rstrip())
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _fit(natural: list[int], room: int) -> list[int]:
    """Column widths that fit ``room``: short columns keep their width, the widest ones share what is left."""
    widths = [min(n, TABLE_CELL_WIDTH) for n in natural]
    while sum(widths) > room:
        widest = max(widths)
        if widest <= TABLE_MIN_WIDTH:
            break
        widths[widths.index(widest)] = widest - 1
    return widths


def _need_rows(result: Result, fmt: str) -> None:
    if result.kind != "select":
        raise QueryError(f"{fmt} output is for SELECT queries")


def _plain(term: Term | None) -> str:
    """A term as W3C CSV writes it: its string value, a blank node as ``_:label``."""
    if term is None:
        return ""
    return _bnode(term.value) if term.kind == "bnode" else term.value


def compact(iri: str, prefixes: dict[str, str]) -> str:
    """An IRI as prefix:local when a project prefix covers it."""
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in prefixes.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def _display(term: Term | None, labels: dict[str, str], prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    if term.kind == "uri":
        return labels.get(term.value) or compact(term.value, prefixes)
    if term.kind == "literal" and term.datatype not in (None, XSD_STRING) and not term.lang:
        return term.value
    return " ".join(term.value.split())
