"""The SPARQL 1.1 Protocol endpoint at ``/sparql``, read-only, and its query page for browsers.

Protocol (https://www.w3.org/TR/sparql11-protocol/): a query by GET (``?query=``), by POST form-encoded
(``query=``) or by POST ``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` pick the
dataset, else the default graph is the union of the build's graphs (as ``diplokg query`` has it). Results go
as JSON, XML, CSV or TSV (CONSTRUCT and DESCRIBE as Turtle, N-Triples or JSON-LD) by the ``Accept`` header, or
by a ``format=`` parameter (``json``, ``csv``...) for a link that cannot set a header. A browser, which prefers
HTML, gets the query page: a form and the answer as a table. An update (``update=``, ``application/sparql-update``)
is refused with 403: the server never changes the graph.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..catalogue import QuerySpec
from ..query import PREFIX_MAP
from ..results import compact
from ..terms import XSD_STRING, Term
from .negotiation import HTML, RESULT_ALIASES, SPARQL_JSON, choose
from .paths import page_path
from .query_workers import Job, Outcome, WorkerPool
from .sparql_results import FORMAT_NAMES, GRAPH_TYPES, content_type

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
MAX_BODY = 1 << 20  # bytes of a POSTed query: a query text, not a data upload
READ_ONLY = "this endpoint is read-only: it answers queries and refuses updates"
EXAMPLE = """PREFIX dkg: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# The states the articles speak of, by name.
SELECT ?state ?name WHERE {
  ?state a dkg:State ; rdfs:label ?name .
  FILTER(LANG(?name) = "en" || LANG(?name) = "")
}
ORDER BY ?name
"""
ERROR_TITLES = {400: "The query does not parse", 403: "Refused", 406: "No acceptable format", 422: "Too large", 503: "Stopped"}


@dataclass
class Request:
    """What the endpoint needs of an HTTP request."""

    method: str  # GET, HEAD or POST
    query_string: str
    accept: str | None
    content_type: str | None = None
    body: bytes = b""


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja2 environment of the server's pages: the package's templates, every value escaped."""
    from jinja2 import Environment, PackageLoader

    return Environment(loader=PackageLoader("diplokg.web", "templates"), autoescape=True, trim_blocks=False)


class SparqlEndpoint:
    """Answers protocol requests with ``pool``; ``page_exists`` says whether the site has a page for a site path."""

    def __init__(
        self,
        pool: WorkerPool,
        max_rows: int,
        catalogue: dict[str, QuerySpec] | None = None,
        page_exists: Callable[[str], bool] = lambda path: False,
    ) -> None:
        self.pool, self.max_rows = pool, max_rows
        self.catalogue = catalogue or {}
        self.page_exists = page_exists

    def handle(self, request: Request) -> Response:
        """One request to ``/sparql``."""
        params = urllib.parse.parse_qs(request.query_string, keep_blank_values=True)
        queries = params.get("query", [])
        media = (request.content_type or "").split(";")[0].strip().lower()
        if request.method == "POST":
            if len(request.body) > MAX_BODY:
                return self._error(request, 413, f"the request body is over {MAX_BODY} bytes")
            if media == SPARQL_UPDATE:
                return self._error(request, 403, READ_ONLY)
            if media == FORM:
                form = urllib.parse.parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
                queries = params.get("query", [])
            elif media == SPARQL_QUERY:
                queries = [*queries, request.body.decode("utf-8", "replace")]
            else:
                return self._error(request, 415, f"POST a query as {FORM} or {SPARQL_QUERY}, not {media or 'no Content-Type'}")
        if "update" in params or "using-graph-uri" in params:
            return self._error(request, 403, READ_ONLY)
        if len(queries) > 1:
            return self._error(request, 400, "give one query, not several")
        accept = request.accept
        if "format" in params:
            name = params["format"][-1].strip().lower()
            if name not in FORMAT_NAMES:
                return self._error(request, 400, f"format={name!r}: use one of {', '.join(FORMAT_NAMES)}")
            accept = FORMAT_NAMES[name]
        if not queries:
            if _wants_page(accept):
                return self._page(EXAMPLE)
            return self._error(request, 400, "no query: give ?query=... (SPARQL 1.1 Protocol)")
        text = queries[0]
        job = Job(text, accept, self.max_rows, tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])))
        started = time.perf_counter()
        outcome = self.pool.run(job)
        elapsed = (time.perf_counter() - started) * 1000
        if outcome.status != 200:
            return self._error(request, outcome.status, outcome.message, text, accept)
        if outcome.media_type == HTML:
            return self._page(text, outcome, elapsed)
        return Response(200, content_type(outcome.media_type), outcome.body, {"Vary": "Accept"})

    def _error(self, request: Request, status: int, message: str, text: str | None = None, accept: str | None = None) -> Response:
        """An error as one line of text, or on the query page for a browser (the query kept in the form)."""
        headers = {"Vary": "Accept"}
        if status == 503:
            headers["Retry-After"] = "5"
        if text is not None and status != 406 and _wants_page(accept if accept is not None else request.accept):
            response = self._page(text, error=message, status=status)
            response.headers.update(headers)
            return response
        return Response(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)

    def _page(self, text: str, outcome: Outcome | None = None, elapsed: float = 0.0, error: str = "", status: int = 200) -> Response:
        """The query page: the form holding ``text``, the answer as a table or the error, the catalogue's questions."""
        table = _table(outcome, self.page_exists) if outcome and outcome.result else None
        downloads = []
        if outcome and outcome.result and outcome.result.kind != "ask":
            names = ["ttl", "nt", "jsonld"] if outcome.result.kind == "graph" else ["json", "xml", "csv", "tsv"]
            downloads = [(n.upper(), "sparql?" + urllib.parse.urlencode({"query": text, "format": n})) for n in names]
        catalogue = [
            {"name": name, "question": spec.question, "href": "sparql?" + urllib.parse.urlencode({"query": spec.text})}
            for name, spec in sorted(self.catalogue.items())
        ]
        html = (
            environment()
            .get_template("sparql.html")
            .render(
                root="",
                sparql_link=True,
                query=text,
                table=table,
                downloads=downloads,
                elapsed=f"{elapsed:.0f}",
                error=error,
                error_title=ERROR_TITLES.get(status, "Error"),
                catalogue=catalogue,
                timeout=f"{self.pool.timeout:g}",
                max_rows=self.max_rows,
            )
        )
        return Response(status, "text/html; charset=utf-8", html.encode("utf-8"), {"Vary": "Accept"})


def _wants_page(accept: str | None) -> bool:
    """Whether a client prefers the HTML page to a result format (a browser does)."""
    return choose(accept, [SPARQL_JSON, *GRAPH_TYPES[:1], HTML], RESULT_ALIASES) == HTML


@dataclass
class Table:
    vars: list[str]
    rows: list[list[dict[str, str] | None]]
    boolean: bool | None = None


def _table(outcome: Outcome, page_exists: Callable[[str], bool]) -> Table:
    """An answer as the page's table: each IRI by its label (or prefixed name) linked to its page, each literal
    with its language or datatype."""
    result = outcome.result
    assert result is not None
    if result.kind == "ask":
        return Table([], [], bool(result.boolean))
    rows = [[_cell(row.get(v), outcome.labels, page_exists) for v in result.vars] for row in result.rows]
    return Table(result.vars, rows)


def _cell(term: Term | None, labels: dict[str, str], page_exists: Callable[[str], bool]) -> dict[str, str] | None:
    if term is None:
        return None
    if term.kind == "uri":
        page = page_path(term.value)
        if page and not page_exists(page):
            page = page[: -len(".html")] + ".ttl"  # the server describes every resource, the site may not page it
        href = page or (term.value if term.value.startswith(("http://", "https://")) else "")
        return {"text": labels.get(term.value) or compact(term.value, PREFIX_MAP), "title": term.value, "href": href, "note": ""}
    if term.kind == "bnode":
        return {"text": f"_:{term.value}", "title": "blank node", "href": "", "note": ""}
    note = f"@{term.lang}" if term.lang else ("" if term.datatype in (None, XSD_STRING) else compact(term.datatype, PREFIX_MAP))
    return {"text": term.value, "title": "", "href": "", "note": note}
