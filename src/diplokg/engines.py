"""Query engines behind one interface: the embedded Oxigraph store (default), rdflib, or a remote endpoint (remote.py).

Each takes a query text and parameter bindings as RDF terms, put into the text's parameter block as escaped
terms (bindings.py: the same text on every engine, the one `diplokg query --print` shows), and returns an
engine-neutral Result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .bindings import with_bindings
from .errors import QueryError
from .project import INFERRED_GRAPH
from .terms import Term, from_oxigraph, from_rdflib


@dataclass
class Result:
    """A query answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: str  # "select" | "ask" | "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)

    def as_set(self) -> set[tuple[Term | None, ...]]:
        """The rows as a set of tuples in variable order (for comparing answers across engines)."""
        return {tuple(_canon(row.get(v)) for v in self.vars) for row in self.rows}

    def as_list(self) -> list[tuple[Term | None, ...]]:
        """The rows in order, canonical terms (for ordered comparisons)."""
        return [tuple(_canon(row.get(v)) for v in self.vars) for row in self.rows]


def _canon(term: Term | None) -> Term | None:
    return None if term is None else term.canonical()


class Engine(Protocol):
    """Anything that answers SPARQL queries with bound parameters."""

    def run(self, text: str, bindings: dict[str, Term], source: str = "query") -> Result: ...


SYNTAX_SHOWN = 160  # characters of a parser's message: Oxigraph's lists every token it expected


def _syntax_error(source: str, exc: Exception) -> QueryError:
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if len(first) > SYNTAX_SHOWN:
        first = first[:SYNTAX_SHOWN].rstrip() + "…"
    return QueryError(f"{source}: SPARQL syntax error: {first}")


class OxigraphEngine:
    """The built graph in dist/store, opened read-only; the inferred graph is left out without reasoning.

    ``OxigraphEngine.in_memory`` loads the same graph from dist/diplokg.nq into an in-memory store instead:
    seconds to load at a million triples, then queries several times faster than on disk, for a process
    that asks many questions.

    A store Oxigraph cannot open or read (a file missing or corrupt) is manifest.DistDamaged. Opening reads
    every table file's index, so a store opened stays readable even when a build then replaces it.
    """

    _on_disk: Path | None = None

    def __init__(self, store_path: Path, reasoning: bool = True) -> None:
        import pyoxigraph as ox

        try:
            store = ox.Store.read_only(str(store_path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
            raise _damaged(store_path, exc) from None
        self._on_disk = store_path
        self._attach(store, reasoning)

    @classmethod
    def in_memory(cls, quads_path: Path, reasoning: bool = True) -> OxigraphEngine:
        """The built graph's N-Quads file loaded into an in-memory Oxigraph store."""
        import pyoxigraph as ox

        if not quads_path.is_file():
            raise QueryError(f"no built graph at {quads_path} (run `diplokg build`)")
        store = ox.Store()
        try:
            store.bulk_load(path=str(quads_path), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise QueryError(f"{quads_path}: {str(exc).splitlines()[0]} (run `diplokg build` again)") from None
        engine = cls.__new__(cls)
        engine._attach(store, reasoning)
        return engine

    def _attach(self, store, reasoning: bool) -> None:
        import pyoxigraph as ox

        self._ox, self.store = ox, store
        inferred = ox.NamedNode(str(INFERRED_GRAPH))
        # The build puts every triple in a named graph. With reasoning the query's default graph is all of
        # them, which Oxigraph answers faster as its union default graph than as a list of graphs.
        self.default_graph = None if reasoning else [g for g in store.named_graphs() if g != inferred]

    def run(self, text: str, bindings: dict[str, Term], source: str = "query") -> Result:
        try:
            return self._run(text, bindings, source)
        except (OSError, RuntimeError) as exc:
            # RocksDB's own errors only: a SERVICE call that fails is an OSError too
            if self._on_disk is None or not str(exc).startswith(STORAGE_ERRORS):
                raise
            raise _damaged(self._on_disk, exc) from None

    def _run(self, text: str, bindings: dict[str, Term], source: str) -> Result:
        ox = self._ox
        # Oxigraph's substitutions only bind projected variables: the values go into the text (bindings.py).
        try:
            text = with_bindings(text, bindings)
            if self.default_graph is None:
                answer = self.store.query(text, use_default_graph_as_union=True)
            else:
                answer = self.store.query(text, default_graph=self.default_graph)
        except SyntaxError as exc:
            raise _syntax_error(source, exc) from None
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            return Result("select", names, solution_rows(names, answer))
        triples = [(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in answer]
        return Result("graph", triples=triples)


def solution_rows(names: list[str], solutions: Iterable) -> list[dict[str, Term]]:
    """Oxigraph solutions as rows of engine-neutral terms; rows repeat terms (articles, states, classes), so each converts once."""
    seen: dict = {}
    rows = []
    for solution in solutions:
        row = {}
        for name, value in zip(names, solution, strict=True):
            if value is not None:
                term = seen.get(value)
                if term is None:
                    term = seen[value] = from_oxigraph(value)
                row[name] = term
        rows.append(row)
    return rows


STORAGE_ERRORS = ("Corruption", "IO error", "Incomplete")  # RocksDB statuses


def _damaged(store_path: Path, exc: Exception):
    from .manifest import DistDamaged

    first = " ".join(str(exc).split()) or type(exc).__name__
    first = re.sub(r" The file \S+ may be corrupted\.?$", "", first)  # RocksDB's guess, after the file it names
    return DistDamaged(store_path.parent, store_path.name, f"Oxigraph cannot read it: {first}")


class RdflibEngine:
    """The built graph (dist/diplokg.trig) in an in-memory rdflib Dataset; parameters bound in the text, as elsewhere."""

    def __init__(self, trig_path: Path, reasoning: bool = True) -> None:
        from rdflib import Dataset, URIRef

        if not trig_path.is_file():
            raise QueryError(f"no built graph at {trig_path} (run `diplokg build`)")
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(trig_path, format="trig")
        if not reasoning:
            self.dataset.remove_graph(URIRef(str(INFERRED_GRAPH)))
        import rdflib.plugins.sparql

        # FROM <iri> names a graph of the dataset, as on every store; rdflib would otherwise fetch it from the web.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

    def run(self, text: str, bindings: dict[str, Term], source: str = "query") -> Result:
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = prepareQuery(with_bindings(text, bindings))
        except Exception as exc:
            raise _syntax_error(source, exc) from None
        answer = self.dataset.query(prepared)
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = [str(v) for v in answer.vars]
            rows = [{n: from_rdflib(r[n]) for n in names if r[n] is not None} for r in answer]
            return Result("select", names, rows)
        return Result("graph", triples=[tuple(from_rdflib(t) for t in triple) for triple in answer])
