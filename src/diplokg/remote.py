"""A remote SPARQL 1.1 endpoint as a query engine, trusting nothing it answers.

Each query asks for exactly one media type (see :data:`diplokg.protocol.ACCEPT`), and each answer is
checked before use: its Content-Type, then its shape (W3C SPARQL JSON results, or Turtle for graphs).
Anything else, an HTML error page served with status 200, an empty body, Comunica's own JSON list,
becomes one :class:`EndpointError` line that names the endpoint and shows what came back.
"""

from __future__ import annotations

import json
from typing import Any

from .bindings import with_bindings
from .engines import Result
from .errors import EndpointError
from .iris import GRAPH, STANDARD_PREFIXES
from .project import INFERRED_GRAPH
from .protocol import SPARQL_JSON, TURTLE, Reply, Service, exchange
from .terms import Term, from_oxigraph

# application/json is not what was asked for, but some servers label W3C results so: accepted when the shape is right.
JSON_TYPES = (SPARQL_JSON, "application/json")
TERM_TYPES = {"uri", "literal", "typed-literal", "bnode"}
# Virtuoso 7 answers ASK as a one-column SELECT, whatever the Accept header: a row holding 1 for true, no row for false.
VIRTUOSO_ASK = "__ASK_RETVAL"
SNIPPET = 80  # characters of an unexpected body shown in the error line
KNOWN_TYPES = {"text/html": "a web page", "application/xhtml+xml": "a web page", "text/plain": "plain text"}
GRAPHS_QUERY = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), {Term.literal(GRAPH).n3()})) }}"
# Every build has articles; a store given dist/diplokg.nt holds them in its default graph, without graph names.
DEFAULT_GRAPH_ASK = f"ASK {{ ?s a <{STANDARD_PREFIXES['dkg']}Article> }}"


class RemoteEngine:
    """Any SPARQL 1.1 endpoint, through SPARQLWrapper (POST, one exact media type, a timeout, a descriptive agent).

    The catalogue reads the default graph as the merge of diplokg's graphs. A store whose default graph
    already holds them (Virtuoso, GraphDB, `oxigraph serve --union-default-graph`, Comunica with
    --unionDefaultGraph) is queried as it is; on any other, and whenever the inferred graph must be left
    out (no reasoning), the query's dataset is set to diplokg's named graphs through the protocol's
    default-graph-uri (``default_graphs``), so answers do not depend on the store's setting. (Virtuoso 7
    answers some queries wrongly when given a dataset that way: docs/stores.md.) A store with the data in its
    default graph only is queried as it is (``default_graph_only``): there, queries that read a fact's
    article graph (GRAPH patterns) miss rows, and without reasoning cannot leave the inferred triples out.
    A store with neither is an error.
    """

    def __init__(self, endpoint: str, reasoning: bool = True, timeout: float = 30.0) -> None:
        self.service, self.reasoning = Service.at(endpoint, timeout), reasoning
        reply = exchange(self.service, GRAPHS_QUERY, [])
        # how parameters are written into the text (bindings.py): Virtuoso 7 cannot compile some queries with
        # BIND parameter lines, and answers them with VALUES
        self.style = "values" if reply.server.lower().startswith("virtuoso") else "bind"
        graphs = sorted(row["g"].value for row in parse_reply(self.service.name, reply).rows if "g" in row)
        # the data in the default graph: a union default graph, or a user loaded dist/diplokg.nt by hand
        in_default = bool(self._request(DEFAULT_GRAPH_ASK, []).boolean)
        self.default_graph_only = not graphs and in_default
        if not (graphs or self.default_graph_only):
            name = self.service.name
            raise EndpointError(f"{name} holds no diplokg graphs (load them with `diplokg load --endpoint {name}`)")
        self.default_graphs = [g for g in graphs if reasoning or g != str(INFERRED_GRAPH)]
        if in_default and reasoning:
            self.default_graphs = []

    def _request(self, text: str, default_graphs: list[str]) -> Result:
        return parse_reply(self.service.name, exchange(self.service, text, default_graphs))

    def run(self, text: str, bindings: dict[str, Term], source: str = "query") -> Result:
        """Run a query with its parameters bound in its text (bindings.py)."""
        return self._request(with_bindings(text, bindings, self.style), self.default_graphs)


def parse_reply(name: str, reply: Reply) -> Result:
    """The checked answer of endpoint ``name``: a Result, or a one-line EndpointError saying what came back instead."""
    if reply.accept == TURTLE:
        return _graph(name, reply)
    return _solutions(name, reply)


def _graph(name: str, reply: Reply) -> Result:
    import pyoxigraph as ox

    if reply.media_type != TURTLE:
        raise _unexpected(name, reply, "Turtle")
    try:
        triples = ox.parse(reply.body, format=ox.RdfFormat.TURTLE)
        return Result("graph", triples=[(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in triples])
    except SyntaxError as exc:
        raise _malformed(name, reply, "Turtle", str(exc).splitlines()[0] if str(exc) else "syntax error") from None


def _solutions(name: str, reply: Reply) -> Result:
    if reply.media_type not in JSON_TYPES:
        raise _unexpected(name, reply, "SPARQL JSON results")
    data = _json(name, reply)
    if reply.kind == "ASK":
        data = _from_virtuoso_ask(data)
    problem = shape_problem(data, reply.kind)
    if problem:
        raise _malformed(name, reply, "SPARQL JSON results", problem)
    if reply.kind == "ASK":
        return Result("ask", boolean=data["boolean"])
    rows = [{var: Term.from_json(value) for var, value in binding.items()} for binding in data["results"]["bindings"]]
    return Result("select", list(data["head"]["vars"]), rows)


def _json(name: str, reply: Reply) -> Any:
    """The body as JSON, or an EndpointError saying why it is not."""
    if not reply.body.strip():
        raise EndpointError(f"{name} answered {reply.media_type} with an empty body, not SPARQL JSON results")
    try:
        # SPARQL JSON is UTF-8 (a BOM tolerated); json.loads on bytes would guess UTF-16/32 from the first bytes
        text = reply.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _malformed(name, reply, "SPARQL JSON results", "not UTF-8 text") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise _malformed(name, reply, "SPARQL JSON results", f"not JSON: {str(exc).splitlines()[0]}") from None


def _from_virtuoso_ask(data: Any) -> Any:
    """Virtuoso's ASK answer in W3C form; anything else unchanged."""
    if not (isinstance(data, dict) and "boolean" not in data and shape_problem(data, "SELECT") is None):
        return data
    if data["head"]["vars"] != [VIRTUOSO_ASK]:
        return data
    values = [row.get(VIRTUOSO_ASK, {}).get("value") for row in data["results"]["bindings"]]
    return {"head": {}, "boolean": any(v not in (None, "0", "false") for v in values)}


def shape_problem(data: Any, kind: str) -> str | None:
    """What keeps ``data`` from being W3C SPARQL JSON results for a ``kind`` query (SELECT or ASK); None when nothing does."""
    if not isinstance(data, dict):
        return f"a JSON {_json_kind(data)}, not an object"
    head = data.get("head")
    if not isinstance(head, dict):
        return "no head object"
    if kind == "ASK":
        return None if isinstance(data.get("boolean"), bool) else "no boolean for an ASK query"
    variables = head.get("vars")
    if not (isinstance(variables, list) and all(isinstance(v, str) for v in variables)):
        return "no head.vars list of names"
    results = data.get("results")
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        return "no results.bindings list"
    for binding in bindings:
        if not (isinstance(binding, dict) and all(_is_term(value) for value in binding.values())):
            return "a binding that is not an object of {type, value} terms"
    return None


def _is_term(value: Any) -> bool:
    return isinstance(value, dict) and value.get("type") in TERM_TYPES and isinstance(value.get("value"), str)


def _json_kind(data: Any) -> str:
    return {list: "list", str: "string", bool: "boolean", type(None): "null"}.get(type(data), "number")


def _unexpected(name: str, reply: Reply, wanted: str) -> EndpointError:
    """The server answered some other media type than the one asked for."""
    return EndpointError(f"{name} answered {describe_media_type(reply.media_type)}, not {wanted}: {snippet(reply.body)}")


def _malformed(name: str, reply: Reply, wanted: str, why: str) -> EndpointError:
    """The media type was right (or close enough) but the body is not what it says."""
    return EndpointError(f"{name} answered {reply.media_type} that is not {wanted} ({why}): {snippet(reply.body)}")


def describe_media_type(media_type: str) -> str:
    """A media type for a message, with what it usually is: 'text/html (a web page)'."""
    if not media_type:
        return "without a Content-Type"
    known = KNOWN_TYPES.get(media_type)
    return f"{media_type} ({known})" if known else media_type


def snippet(body: bytes, limit: int = SNIPPET) -> str:
    """The start of a body on one line, quoted, for a message; 'an empty body' when there is nothing."""
    text = " ".join(body.decode("utf-8", "replace").split())
    text = "".join(c for c in text if c.isprintable())
    if not text:
        return "an empty body"
    return f'"{text[:limit]}..."' if len(text) > limit else f'"{text}"'
