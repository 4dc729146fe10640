"""``diplokg load``: push the built graph into a SPARQL 1.1 store, one named graph at a time, each all-or-nothing.

Each named graph of the build (one per ontology and data file, plus the inferred graph) is written
whole or not at all:

- with the Graph Store HTTP Protocol, by one ``PUT`` per graph (the store replaces the graph in one
  transaction);
- with SPARQL 1.1 Update, by one ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {...} }`` request
  when the graph is small, else by filling a staging graph in chunks and then one
  ``MOVE <staging> TO <g>`` request, so a failure part way leaves ``<g>`` as it was.

Blank nodes, should the build ever hold any, are skolemized to stable IRIs under
``https://w3id.org/diplokg/.well-known/genid/`` so a reload replaces nodes instead of duplicating them.
"""

from __future__ import annotations

import contextlib
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import ConfigError, EndpointError
from .iris import GRAPH
from .manifest import MANIFEST, open_build
from .project import INFERRED_GRAPH
from .protocol import Service, exchange, send, sparql
from .remote import GRAPHS_QUERY, parse_reply

GENID = "https://w3id.org/diplokg/.well-known/genid/"
# An Update request carries at most this much; a bigger graph goes through a staging graph in chunks.
# Virtuoso compiles INSERT DATA to SQL and refuses requests of a few thousand triples.
CHUNK_BYTES = 4_000_000
CHUNK_TRIPLES = 1_000
NT = "application/n-triples"


class LoadError(EndpointError):
    """A load stopped part way; says which graphs were written and which were left as they were."""


@dataclass
class LoadReport:
    """What a load did to the store."""

    written: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    triples: dict[str, int] = field(default_factory=dict)
    protocol: str = "update"


def built_graphs(dist: Path) -> dict[str, list[ox.Triple]]:
    """The named graphs of the build, read from dist/diplokg.nq (checked against the manifest, SHA-256
    included: manifest.DistDamaged if it differs), blank nodes skolemized; in load order."""
    if not (dist / MANIFEST).is_file():
        raise ConfigError(f"no build in {dist} (run `diplokg build`)")
    with open_build(dist) as built:
        dataset = ox.Dataset(ox.parse(path=str(built.file("diplokg.nq", digest=True)), format=ox.RdfFormat.N_QUADS))
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in dataset):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # stable labels, hence stable skolem IRIs
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in dataset:
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs.setdefault(quad.graph_name.value, []).append(ox.Triple(_skolem(quad.subject), quad.predicate, _skolem(quad.object)))
    # shared entities and ontology before articles, the inferred graph last: a reader of a half-done load
    # never finds entailments about data that is not there yet
    order = sorted(graphs, key=lambda name: (name == str(INFERRED_GRAPH), "/data/" in name, name))
    return {name: sorted(graphs[name], key=str) for name in order}


def _skolem(term):
    return ox.NamedNode(GENID + term.value) if isinstance(term, ox.BlankNode) else term


def n_triples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def existing_graphs(query: Service) -> set[str]:
    """The diplokg graphs (non-empty, under .../graph/) the store already holds; an answer that is not SPARQL JSON is an error."""
    found = parse_reply(query.name, exchange(query, GRAPHS_QUERY))
    return {row["g"].value for row in found.rows if "g" in row}


def default_update_endpoint(endpoint: str) -> str:
    """The usual Update endpoint beside a query endpoint (Oxigraph and Fuseki: .../query -> .../update); else the same URL."""
    if endpoint.endswith("/query"):
        return endpoint[: -len("query")] + "update"
    if endpoint.endswith("/sparql/query"):
        return endpoint[: -len("query")] + "update"
    return endpoint


def load(
    dist: Path,
    endpoint: str,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
    replace: bool = False,
    timeout: float = 60.0,
    chunk_bytes: int = CHUNK_BYTES,
    chunk_triples: int = CHUNK_TRIPLES,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load every named graph of the build in ``dist`` into the store; raise LoadError naming what was written if it stops."""
    graphs = built_graphs(dist)
    query = Service.at(endpoint, timeout)
    update = Service.at(update_endpoint or default_update_endpoint(endpoint), timeout)
    store = Service.at(graph_store, timeout) if graph_store else None

    present = existing_graphs(query)
    clash = sorted(present & set(graphs))
    if clash and not replace:
        raise EndpointError(f"{len(clash)} diplokg graph(s) already in {query.name} (e.g. {clash[0]}); use --replace to replace them")

    report = LoadReport(protocol="graph-store" if store else "update")
    pending = list(graphs)
    try:
        for name in list(pending):
            body = n_triples(graphs[name])
            if store:
                _put(store, name, body)
            else:
                _update(update, name, body, chunk_bytes, chunk_triples)
            pending.remove(name)
            report.written.append(name)
            report.triples[name] = len(graphs[name])
            if progress:
                progress(f"wrote {name} ({len(graphs[name])} triples)")
        # a replace also removes diplokg graphs the build no longer has (an article taken out)
        for name in sorted(present - set(graphs)) if replace else []:
            sparql(update, f"DROP SILENT GRAPH <{name}>")
            report.dropped.append(name)
    except EndpointError as exc:
        written = ", ".join(_short(g) for g in report.written) or "none"
        untouched = ", ".join(_short(g) for g in pending[1:])
        raise LoadError(
            f"load stopped at graph {_short(pending[0])}, which is left as it was: {exc}; "
            f"graphs fully written: {written}" + (f"; not attempted: {untouched}" if untouched else "")
        ) from None
    return report


def _short(graph: str) -> str:
    return graph[len(GRAPH) :] if graph.startswith(GRAPH) else graph


def _put(store: Service, graph: str, body: bytes) -> None:
    separator = "&" if "?" in store.url else "?"
    send(store, "PUT", f"{store.url}{separator}graph={urllib.parse.quote(graph, safe='')}", body, NT)


def _update(update: Service, graph: str, body: bytes, chunk_bytes: int, chunk_triples: int) -> None:
    if len(body) <= chunk_bytes and body.count(b"\n") <= chunk_triples:
        sparql(update, f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body.decode('utf-8')}}} }}")
        return
    staging = f"urn:uuid:{uuid.uuid4()}"  # outside the diplokg namespace, so no query ever reads it
    try:
        for chunk in _chunks(body, chunk_bytes, chunk_triples):
            sparql(update, f"INSERT DATA {{ GRAPH <{staging}> {{\n{chunk.decode('utf-8')}}} }}")
        sparql(update, f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
    except EndpointError:
        # if the store is gone this fails too; a leftover staging graph is outside diplokg's graphs
        with contextlib.suppress(EndpointError):
            sparql(update, f"DROP SILENT GRAPH <{staging}>")
        raise


def _chunks(body: bytes, size: int, lines: int) -> Iterator[bytes]:
    """N-Triples lines grouped into pieces of at most ``size`` bytes and ``lines`` lines (a line is never split)."""
    piece: list[bytes] = []
    length = 0
    for line in body.splitlines(keepends=True):
        if piece and (length + len(line) > size or len(piece) >= lines):
            yield b"".join(piece)
            piece, length = [], 0
        piece.append(line)
        length += len(line)
    if piece:
        yield b"".join(piece)
