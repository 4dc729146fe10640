"""Writing query results: an aligned terminal table, CSV and TSV (W3C SPARQL 1.1), JSON (W3C), Turtle."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap

from .engines import Result
from .errors import QueryError
from .terms import XSD_STRING, Term

TABLE_CELL_WIDTH = 60  # a column never wider than this
TABLE_MIN_WIDTH = 8  # nor narrower, however tight the terminal


def to_json(result: Result) -> str:
    """The W3C SPARQL 1.1 Query Results JSON Format."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False, indent=2)
    if result.kind != "select":
        raise QueryError("json output is for SELECT and ASK queries; use --format ttl for CONSTRUCT/DESCRIBE")
    bindings = [{k: v.to_json() for k, v in row.items()} for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2)


def to_csv(result: Result) -> str:
    """W3C SPARQL 1.1 CSV: plain values, no types."""
    _need_rows(result, "csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([_plain(row.get(v)) for v in result.vars])
    return buffer.getvalue()


def to_tsv(result: Result) -> str:
    """W3C SPARQL 1.1 TSV: terms in SPARQL syntax, variables with '?'."""
    _need_rows(result, "tsv")
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join(row[v].n3() if v in row else "" for v in result.vars) for row in result.rows]
    return "\n".join(lines) + "\n"


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
    return "" if term is None else term.value


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
