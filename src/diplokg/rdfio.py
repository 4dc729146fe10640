"""Reading Turtle with errors that name file, line and column, and writing it in one canonical form."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from .errors import InputSyntaxError, UnreadableFileError
from .namespaces import bind_prefixes

# How Oxigraph's messages start: "Parser error at line 3 column 5: ", "... at line 3 between columns 5 and 9: ",
# "... between line 3 column 5 and line 4 column 2: ".
_POSITION = re.compile(r"^Parser error (?:at|between) line \d+ (?:column \d+ and line \d+ )?(?:column|between columns \d+ and) \d+: ")


def check_turtle_syntax(data: bytes, path: str) -> None:
    """Raise InputSyntaxError with line and column if ``data`` is not valid Turtle.

    rdflib's own parse errors are opaque (no column, sometimes IndexError), so Oxigraph's parser checks first.
    """
    try:
        for _ in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri()):
            pass
    except SyntaxError as exc:
        reason = _POSITION.sub("", str(exc.msg if hasattr(exc, "msg") else exc), count=1)  # the position is said once, before
        raise InputSyntaxError(path, exc.lineno, exc.offset, reason) from None


def parse_turtle(path: Path, display: str | None = None) -> Graph:
    """Parse one Turtle file into a new rdflib Graph; syntax errors name ``display`` (or the path), line and column."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(name, exc.strerror or type(exc).__name__) from None
    check_turtle_syntax(data, name)
    graph = Graph()
    try:
        graph.parse(data=data, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # Oxigraph read it but rdflib's grammar differs: still one line naming the file
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise InputSyntaxError(name, getattr(exc, "lines", None), None, f"rdflib cannot read it: {type(exc).__name__} {first}") from None
    return graph


def canonical_turtle(graph: Graph) -> str:
    """The one Turtle form every file in the project is kept in: rdflib's sorted 'longturtle' with project prefixes."""
    out = Graph()
    bind_prefixes(out)
    for triple in graph:
        out.add(triple)
    return out.serialize(format="longturtle")
