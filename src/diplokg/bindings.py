"""Parameters in the query text: the block of defaults a catalogue file carries, and binding values into it.

A catalogue query names its parameters' defaults in the query itself, so the file runs as it is on any
SPARQL 1.1 store (the style of the Wikidata Query Service examples)::

    SELECT ... WHERE {
      # Parameters: edit these values, or give -p NAME=VALUE to `diplokg query`.
      BIND(<https://w3id.org/diplokg/id/state/china> AS ?a)
      BIND(<https://w3id.org/diplokg/id/state/north-korea> AS ?b)
      ...

The block is the comment line that starts with ``# Parameters`` followed by one ``BIND(term AS ?name)`` (or
``VALUES ?name { term }``) line per parameter. Binding replaces each line's term by the value given
(serialized with full escaping, so a value can only ever be a value); a query without a block gets one at
the top of its outermost ``WHERE``.

The two forms mean the same, but engines plan them differently: Oxigraph folds a BIND into constants and
runs some queries twice as fast as with a one-row VALUES, and Comunica 4 takes minutes over a VALUES that it
answers in a second as a BIND; Virtuoso 7, though, refuses to compile a query that BINDs a variable before a
pattern using it and an OPTIONAL, and answers it with VALUES (docs/stores.md). So the files and every engine
but Virtuoso get BIND lines (``style="bind"``), and Virtuoso gets VALUES lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .errors import QueryError
from .terms import Term

BLOCK_HEAD = "# Parameters: edit these values, or give -p NAME=VALUE to `diplokg query`."
_HEAD = re.compile(r"^\s*#\s*Parameters\b")
_LINES = (
    re.compile(r"^\s*BIND\s*\(\s*(?P<term>.+?)\s+AS\s+\?(?P<name>[A-Za-z_]\w*)\s*\)\s*$", re.IGNORECASE),
    re.compile(r"^\s*VALUES\s+\?(?P<name>[A-Za-z_]\w*)\s*\{\s*(?P<term>.+?)\s*\}\s*$", re.IGNORECASE),
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Block:
    """Where a query's parameter block is: the line number (0-based) of each parameter's line, and its default."""

    lines: dict[str, int]
    defaults: dict[str, Term]


@lru_cache(maxsize=128)  # the catalogue's few texts are bound again and again in one process
def find_block(text: str, source: str = "query") -> Block | None:
    """The parameter block of a query text, with each default parsed as an RDF term; None if it has none."""
    lines = text.splitlines()
    head = next((i for i, line in enumerate(lines) if _HEAD.match(line)), None)
    if head is None:
        return None
    found: dict[str, int] = {}
    raw: dict[str, str] = {}
    for number in range(head + 1, len(lines)):
        match = _LINES[0].match(lines[number]) or _LINES[1].match(lines[number])
        if not match or match["term"][0] in "?$":  # BIND(?x AS ?y) is the query's own, not a parameter
            break
        if match["name"] in found:
            raise QueryError(f"{source}:{number + 1}: parameter ?{match['name']} given twice in the parameter block")
        found[match["name"]], raw[match["name"]] = number, match["term"]
    if not found:
        raise QueryError(f"{source}:{head + 2}: expected 'BIND(value AS ?name)' lines after the '# Parameters' comment")
    return Block(found, _parse_terms(raw, text, source, head))


def _parse_terms(raw: dict[str, str], text: str, source: str, head: int) -> dict[str, Term]:
    """The block's terms as the query's own PREFIX lines read them, parsed by a SPARQL parser, not by hand."""
    import pyoxigraph as ox

    from .terms import from_oxigraph

    prefixes = "".join(f"PREFIX {p or ''}: <{iri}>\n" for p, iri in _PREFIX.findall(text))
    names = sorted(raw)
    probe = prefixes + "SELECT * WHERE { " + " ".join(f"VALUES ?{n} {{ {raw[n]} }}" for n in names) + " }"
    try:
        (solution,) = list(ox.Store().query(probe))
    except SyntaxError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise QueryError(f"{source}:{head + 2}: a parameter default is not an RDF term: {first}") from None
    return {name: from_oxigraph(solution[name]) for name in names}


def with_bindings(text: str, bindings: dict[str, Term], style: str = "bind") -> str:
    """The query text with ``bindings`` in its parameter block (made at the top of the outermost WHERE if it has
    none); a bound parameter the block lacks is added to it. Comments are kept: this is the text that runs.
    ``style`` says how every line of the block is written: a BIND of its value, or a one-row VALUES."""
    if not bindings:
        return text
    line = STYLES[style]
    block = find_block(text)
    lines = text.splitlines()
    if block is None:
        match = _outer_where(text)
        if match is None:
            raise QueryError("cannot bind parameters: the query has no WHERE { ... } clause")
        added = "".join(f"\n  {line(name, bindings[name])}" for name in sorted(bindings))
        return text[: match.end()] + f"\n  {BLOCK_HEAD}" + added + text[match.end() :]
    indent = re.match(r"\s*", lines[next(iter(block.lines.values()))])[0]  # type: ignore[index]
    for name, number in block.lines.items():
        lines[number] = indent + line(name, bindings.get(name, block.defaults[name]))
    last = max(block.lines.values())
    extra = [indent + line(name, bindings[name]) for name in sorted(bindings) if name not in block.lines]
    lines[last + 1 : last + 1] = extra
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def _outer_where(text: str) -> re.Match[str] | None:
    """The outermost ``WHERE {`` (the first one), not counting any inside full-line comments."""
    blanked = "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n"))
    return _WHERE.search(blanked)


def _values(name: str, term: Term) -> str:
    return f"VALUES ?{name} {{ {term.n3()} }}"


def _bind(name: str, term: Term) -> str:
    return f"BIND({term.n3()} AS ?{name})"


STYLES = {"bind": _bind, "values": _values}  # how a parameter line is written


def with_dataset(text: str, graphs: Iterable[str]) -> str:
    """The query with FROM and FROM NAMED lines for ``graphs`` before its outermost WHERE: what a store whose default
    graph is not the union of its named graphs needs to answer a catalogue query as written."""
    graphs = list(graphs)
    match = _outer_where(text)
    if match is None or not graphs:
        return text
    start = text.rfind("\n", 0, match.start()) + 1
    lines = "".join(f"FROM <{g}>\n" for g in graphs) + "".join(f"FROM NAMED <{g}>\n" for g in graphs)
    head = text[start : match.start()]
    if head.strip():  # "SELECT ... WHERE {" on one line: the dataset goes between the projection and WHERE
        return text[: match.start()] + "\n" + lines + text[match.start() :]
    return text[:start] + lines + text[start:]
