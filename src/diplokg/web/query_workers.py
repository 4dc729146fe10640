"""SPARQL queries run in worker processes, each holding the built graph in memory, so that a query can be stopped.

Oxigraph offers no way to cancel a query it has started, and a thread cannot be killed; a process can. Each
worker loads ``dist/diplokg.nq`` into an in-memory Oxigraph store (the CLI's ``oxigraph-memory`` engine, union
default graph) and answers one job at a time over a pipe. A query that runs past the time limit has its worker
killed and a fresh one started in the background; a query whose answer passes the size limit is stopped by the
worker itself as it reads the rows, so neither a slow nor a huge query can hold the server.

A job costs a round trip over the pipe (well under a millisecond: ``benchmarks/serve.py``) on top of the query.
"""

from __future__ import annotations

import multiprocessing
import queue
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engines import Result, _syntax_error, solution_rows
from ..errors import ConfigError
from ..iris import PREFIXES
from ..terms import Term
from . import sparql_results
from .negotiation import HTML, RESULT_ALIASES, choose

READY_TIMEOUT = 600.0  # seconds a worker may take to load the graph (a million triples load in about ten)
# SERVICE would make the server fetch any URL a client names: a local endpoint answers from its own graph only.
# The keyword, not a variable (?service) or a prefixed name (ex:service), followed by what it takes.
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE\s+(?:SILENT\b|<|[?$]|[A-Za-z_][\w.-]*:|:)", re.IGNORECASE)
# What a query text holds besides keywords: comments, strings and IRIs, made empty before looking for SERVICE.
_COMMENT_OR_STRING = re.compile(r"#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.DOTALL)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def _blanked(text: str) -> str:
    """``text`` with every comment and string emptied and every IRI made ``<>``: what is left is syntax."""
    text = _IRI.sub("<>", text)
    return _COMMENT_OR_STRING.sub(lambda m: "" if m.group().startswith("#") else '""', text)


@dataclass(frozen=True)
class Job:
    """A query to answer: its text, the client's Accept header (or a media type it forced), the row limit."""

    text: str
    accept: str | None
    limit: int
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri: none means the union of all graphs
    named_graphs: tuple[str, ...] = ()  # named-graph-uri: none means every named graph


@dataclass
class Outcome:
    """A job's answer: an HTTP status, a media type and body; for the query page, the rows to show instead."""

    status: int
    media_type: str
    body: bytes = b""
    message: str = ""  # the error, for a status other than 200
    result: Result | None = None  # rows for the query page (media type text/html)
    labels: dict[str, str] = field(default_factory=dict)  # English labels of the page's IRIs
    offered: list[str] = field(default_factory=list)  # what a 406 could have had


def execute(store: Any, job: Job) -> Outcome:
    """Run one job on an Oxigraph store with the union default graph: the worker's work, callable in-process too."""
    import pyoxigraph as ox

    if _SERVICE.search(_blanked(job.text)):
        return _error(400, "SERVICE is not allowed: this endpoint answers from its own graph only")
    try:
        if job.default_graphs or job.named_graphs:
            answer = store.query(
                job.text,
                default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
                named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
            )
        else:
            answer = store.query(job.text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        return _error(400, str(_syntax_error("query", exc)).removeprefix("query: "))
    except OSError as exc:
        return _error(500, f"the query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    if isinstance(answer, ox.QueryBoolean):
        kind, offered = "ask", sparql_results.BOOLEAN_TYPES
    elif isinstance(answer, ox.QuerySolutions):
        kind, offered = "select", sparql_results.SOLUTION_TYPES
    else:
        kind, offered = "graph", sparql_results.GRAPH_TYPES
    offered = [*offered, HTML]  # last: a client that accepts anything gets data, a browser the query page
    media_type = choose(job.accept, offered, RESULT_ALIASES)
    if media_type is None:
        outcome = _error(406, f"no acceptable format for a {kind.upper()} answer; this endpoint sends {', '.join(offered)}")
        outcome.offered = offered
        return outcome
    if kind == "ask":
        result = Result("ask", boolean=bool(answer))
    elif kind == "select":
        names = [v.value for v in answer.variables]
        rows = _first(answer, job.limit)
        if rows is None:
            return _too_large(job.limit, "rows")
        try:
            result = Result("select", names, solution_rows(names, rows))
        except TypeError:  # an RDF 1.2 triple term, which the W3C result formats of SPARQL 1.1 cannot carry
            return _error(400, "the answer holds a triple term, which this endpoint's result formats cannot carry")
    else:
        triples = _first(answer, job.limit)
        if triples is None:
            return _too_large(job.limit, "triples")
        if media_type != HTML:
            fmt = {sparql_results.TURTLE: ox.RdfFormat.TURTLE, sparql_results.N_TRIPLES: ox.RdfFormat.N_TRIPLES}.get(
                media_type, ox.RdfFormat.JSON_LD
            )
            prefixes = PREFIXES if fmt == ox.RdfFormat.TURTLE else None
            return Outcome(200, media_type, ox.serialize(triples, format=fmt, prefixes=prefixes))
        names = ["subject", "predicate", "object"]
        try:
            result = Result("graph", names, solution_rows(names, [(t.subject, t.predicate, t.object) for t in triples]))
        except TypeError:
            return _error(400, "the answer holds a triple term, which the query page cannot show")
    if media_type == HTML:
        return Outcome(200, HTML, result=result, labels=_labels(store, result))
    return Outcome(200, media_type, sparql_results.serialize_result(result, media_type))


def _labels(store: Any, result: Result) -> dict[str, str]:
    """English labels of the IRIs in a result, for the query page (as ``query.labels_for`` finds them for the CLI)."""
    iris = sorted({t.value for row in result.rows for t in row.values() if t.kind == "uri"})
    if not iris:
        return {}
    values = " ".join(Term.iri(i).n3() for i in iris)
    text = (
        "SELECT ?x ?l WHERE { VALUES ?x { " + values + " } ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        'FILTER(LANG(?l) = "en" || LANG(?l) = "") }'
    )
    return {s["x"].value: s["l"].value for s in store.query(text, use_default_graph_as_union=True)}


def _first(items: Any, limit: int) -> list | None:
    """The items of a result iterator, or None when there are more than ``limit`` (read no further than that)."""
    out = []
    for item in items:
        if len(out) == limit:
            return None
        out.append(item)
    return out


def _error(status: int, message: str) -> Outcome:
    return Outcome(status, "text/plain", message.encode("utf-8"), message)


def _too_large(limit: int, what: str) -> Outcome:
    return _error(
        422, f"the answer has more than {limit} {what}, this server's limit (diplokg serve --max-rows): add a LIMIT, or narrow the query"
    )


def _worker(conn: Any, quads: str) -> None:
    """A worker process: load the graph, say so, then answer jobs until told to stop (None) or killed."""
    import pyoxigraph as ox

    try:
        store = ox.Store()
        store.bulk_load(path=quads, format=ox.RdfFormat.N_QUADS)
    except (OSError, SyntaxError) as exc:
        conn.send(("failed", f"{quads}: {str(exc).splitlines()[0]}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        if job is None:
            return
        conn.send(execute(store, job))


class _Worker:
    def __init__(self, context: Any, quads: Path) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, str(quads)), daemon=True, name="diplokg-query-worker")
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        """Block until the worker has loaded the graph; ConfigError if it cannot."""
        if not self.conn.poll(READY_TIMEOUT):
            self.kill()
            raise ConfigError(f"a query worker took more than {READY_TIMEOUT:g} s to load the graph")
        try:
            state, message = self.conn.recv()
        except EOFError:
            state, message = "failed", f"the query worker exited ({self.process.exitcode})"
        if state != "ready":
            self.kill()
            raise ConfigError(f"cannot load the graph for queries: {message}")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` query workers over ``quads``; ``run`` answers a job within ``timeout`` seconds or stops it."""

    def __init__(self, quads: Path, size: int = 2, timeout: float = 10.0) -> None:
        self.quads, self.size, self.timeout = quads, size, timeout
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> WorkerPool:
        """Start every worker and wait until each has loaded the graph."""
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            worker.wait_ready()
            self._idle.put(worker)
        return self

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.quads)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in its place in the background (the request does not wait for it)."""
        with self._lock:
            self._all.discard(worker)
        worker.kill()

        def start() -> None:
            if self._closed:
                return
            fresh = self._spawn()
            try:
                fresh.wait_ready()
            except ConfigError:
                with self._lock:
                    self._all.discard(fresh)
                return
            self._idle.put(fresh)

        threading.Thread(target=start, daemon=True, name="diplokg-worker-restart").start()

    def run(self, job: Job) -> Outcome:
        """Answer ``job`` in a free worker: a 503 when none frees up within the time limit or the query outlasts it."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return _error(503, f"all {self.size} query workers stayed busy for {self.timeout:g} s: try again later")
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                outcome = worker.conn.recv()
                self._idle.put(worker)
                return outcome
        except (EOFError, OSError):  # the worker died (out of memory, killed from outside)
            self._replace(worker)
            return _error(500, "the query worker died while answering; it has been restarted")
        self._replace(worker)
        return _error(503, f"the query ran longer than {self.timeout:g} s, this server's limit (diplokg serve --timeout), and was stopped")

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


__all__ = ["Job", "Outcome", "WorkerPool", "execute"]
