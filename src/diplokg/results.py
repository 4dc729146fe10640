"""Writing query results: an aligned terminal table (or one block per row), CSV and TSV (W3C SPARQL 1.1), JSON (W3C), Turtle.

CSV, TSV and JSON keep every IRI (they are the W3C result formats) and, given the labels of those IRIs, add a
``<var>Label`` column after each IRI column, as Wikidata's query service does, so that a spreadsheet shows
names beside identifiers.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from .engines import Result
from .errors import QueryError
from .terms import XSD, XSD_STRING, Term

TABLE_WIDTH = 80  # the terminal table's width when the CLI cannot ask the terminal
TABLE_MIN_WIDTH = 3  # a cut column keeps at least two characters and the ellipsis
TABLE_SEPARATOR = " | "
TABLE_CUT_NOTE = "cells cut at …: --wide or -f records shows them whole"
ELLIPSIS = "…"
RECORD_MIN_WIDTH = 20  # records wrap long values at the width, but never narrower than this


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


def to_table(result: Result, labels: dict[str, str], prefixes: dict[str, str], width: int = TABLE_WIDTH, wide: bool = False) -> str:
    """A readable table: IRIs shown by label (else by prefixed name), one line per row, a row count last.

    The table fits ``width`` columns: short columns keep their width, the long ones share what is left and
    their cells are cut with an ellipsis (…); a column of dates or numbers is never cut. ``wide`` shows every
    cell whole, each column as wide as its longest cell (for a pager that scrolls sideways).
    """
    if result.kind == "ask":
        return "yes\n" if result.boolean else "no\n"
    if result.kind == "graph":
        return to_turtle(result, prefixes)
    if not result.vars:
        return "(no columns)\n"
    cells = [[_display(row.get(v), labels, prefixes) for v in result.vars] for row in result.rows]
    natural = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(result.vars)]
    if wide:
        widths = natural
    else:
        whole = [all(_atomic(row.get(v)) for row in result.rows) for v in result.vars]
        widths = _fit(natural, whole, width - len(TABLE_SEPARATOR) * (len(result.vars) - 1))
    cut = any(len(c) > w for row in [result.vars, *cells] for c, w in zip(row, widths, strict=True))
    out = [_line(result.vars, widths), "-+-".join("-" * w for w in widths)]
    out += [_line(row, widths) for row in cells]
    out.append(_count(len(result.rows)) if not cut else _count(len(result.rows))[:-1] + f"; {TABLE_CUT_NOTE})")
    return "\n".join(out) + "\n"


def to_records(result: Result, labels: dict[str, str], prefixes: dict[str, str], width: int = TABLE_WIDTH) -> str:
    """One block per row, a ``column: value`` line per column, every value whole (long ones wrapped at ``width``
    under the value, never inside a word), a blank line between rows, the row count last. For rows too wide
    for a table."""
    if result.kind != "select":
        return to_table(result, labels, prefixes, width)
    names = max((len(v) for v in result.vars), default=0) + 1
    room = max(width - names - 1, RECORD_MIN_WIDTH)
    blocks = []
    for row in result.rows:
        lines = []
        for var in result.vars:
            text = _display(row.get(var), labels, prefixes)
            wrapped = textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False) or [""]
            lines.append(f"{(var + ':').ljust(names)} {wrapped[0]}".rstrip())
            lines += [" " * (names + 1) + more for more in wrapped[1:]]
        blocks.append("\n".join(lines))
    return "".join(block + "\n\n" for block in blocks) + _count(len(result.rows)) + "\n"


def _count(rows: int) -> str:
    return f"({rows} row{'s' if rows != 1 else ''})"


def _line(cells: list[str], widths: list[int]) -> str:
    return TABLE_SEPARATOR.join(_cut(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` characters: whole if it fits, else cut and ended with an ellipsis."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)].rstrip() + ELLIPSIS


def _atomic(term: Term | None) -> bool:
    """A value never cut: a date, a number, a boolean (a typed literal other than a string), or nothing."""
    return term is None or (term.kind == "literal" and term.datatype not in (None, XSD_STRING) and not term.lang)


def _fit(natural: list[int], whole: list[bool], room: int) -> list[int]:
    """Column widths that fit ``room``: every column at its natural width if they all fit; else columns of
    dates and numbers (``whole``) and the short ones keep theirs, and the long ones share what is left equally,
    none narrower than TABLE_MIN_WIDTH (then the line is wider than ``room``; ``-f records`` suits such rows)."""
    if sum(natural) <= room:
        return list(natural)
    widths = list(natural)
    left = room - sum(n for n, keep in zip(natural, whole, strict=True) if keep)
    pending = sorted((i for i, keep in enumerate(whole) if not keep), key=lambda i: natural[i])
    while pending and natural[pending[0]] <= left // len(pending):  # water-filling: the narrowest first
        left -= natural[pending[0]]
        pending.pop(0)
    for k, i in enumerate(pending):  # the rest share ``left``, the widest getting the odd characters
        share = left // len(pending) + (1 if len(pending) - k <= left % len(pending) else 0)
        widths[i] = max(share, TABLE_MIN_WIDTH)
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
