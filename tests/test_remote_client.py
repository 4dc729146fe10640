"""The remote SPARQL client against in-process stub endpoints: the Accept header it sends, and one-line errors for bad answers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import StubRequest, stub_endpoint

from diplokg.cli import main
from diplokg.errors import EndpointError
from diplokg.load import existing_graphs
from diplokg.project import Project
from diplokg.protocol import Service
from diplokg.remote import RemoteEngine

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "officials_handling_ties"
SPARQL_JSON = "application/sparql-results+json"
GRAPH = "https://w3id.org/diplokg/graph/data/entities"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def run(*argv: str, root: Path = ROOT) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def w3c(request: StubRequest, rows: list[dict[str, str]], boolean: bool = False) -> tuple[int, str, bytes]:
    """Correct SPARQL JSON results: ``rows`` of IRIs for a SELECT, ``boolean`` for an ASK."""
    if request.query.lstrip().upper().startswith("ASK"):
        return 200, SPARQL_JSON, json.dumps({"head": {}, "boolean": boolean}).encode()
    names = sorted({name for row in rows for name in row})
    bindings = [{k: {"type": "uri", "value": v} for k, v in row.items()} for row in rows]
    return 200, SPARQL_JSON, json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()


def store_endpoint(store: ox.Store):
    """Answers like a SPARQL server over ``store`` (default-graph-uri and named-graph-uri honoured), with Comunica's content
    negotiation: offered application/json at all, it answers its own JSON list form rather than W3C results."""

    def answer(request: StubRequest) -> tuple[int, str, bytes]:
        defaults = [ox.NamedNode(g) for g in request.params.get("default-graph-uri", [])]
        named = [ox.NamedNode(g) for g in request.params.get("named-graph-uri", [])]
        results = store.query(request.query, default_graph=defaults or None, named_graphs=named or None)
        if isinstance(results, ox.QueryTriples):
            return 200, "text/turtle", results.serialize(format=ox.RdfFormat.TURTLE)
        offered = [part.split(";")[0].strip() for part in request.headers.get("Accept", "").split(",")]
        if "application/json" in offered:
            if isinstance(results, ox.QueryBoolean):
                return 200, "application/json", json.dumps(bool(results)).encode()
            rows = [{f"?{v.value}": str(t) for v, t in zip(results.variables, row, strict=True) if t} for row in results]
            return 200, "application/json", json.dumps(rows).encode()
        return 200, f"{SPARQL_JSON}; charset=utf-8", results.serialize(format=ox.QueryResultsFormat.JSON)

    return answer


def one_line_error(code: int, out: str, err: str, *fragments: str) -> str:
    """Exit 2, nothing on stdout, one stderr line that names the endpoint and the cause, no traceback."""
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("diplokg: ") and "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


LONG_PAGE = b"<html>\n<head><title>Oops</title></head>\n<body>" + b"Something went wrong. " * 20 + b"</body></html>"
BAD_ANSWERS = {
    "plain-text": (
        (200, "text/plain", b"not SPARQL at all\n"),
        ["answered text/plain (plain text), not SPARQL JSON results", '"not SPARQL'],
    ),
    "broken-json": ((200, SPARQL_JSON, b'{"head": {"vars": ["g"]}, "results": {'), [f"answered {SPARQL_JSON} that is not", "not JSON"]),
    "html-page-200": ((200, "text/html; charset=utf-8", LONG_PAGE), ["answered text/html (a web page)", '"<html> <head><title>Oops']),
    "empty-body": ((200, SPARQL_JSON, b""), ["with an empty body"]),
    "json-list": ((200, "application/json", b'[{"?g": "https://w3id.org/diplokg/graph/data/x"}]'), ["a JSON list, not an object"]),
    "json-without-head": ((200, SPARQL_JSON, b'{"results": {"bindings": []}}'), ["no head object"]),
    "bindings-not-terms": (
        (200, SPARQL_JSON, b'{"head": {"vars": ["g"]}, "results": {"bindings": [{"g": "x"}]}}'),
        ["a binding that is not"],
    ),
    "no-content-type": ((200, "", b'{"head": {"vars": []}, "results": {"bindings": []}}'), ["without a Content-Type"]),
    "not-utf8": ((200, SPARQL_JSON, b"\xff\xfe{"), ["not UTF-8 text"]),
}


@pytest.mark.parametrize("case", list(BAD_ANSWERS))
def test_a_bad_answer_is_one_line_naming_the_endpoint(case: str) -> None:
    reply, fragments = BAD_ANSWERS[case]
    with stub_endpoint(lambda request: reply) as (url, seen):
        line = one_line_error(*run("query", QUESTION, "--endpoint", url, "--timeout", "5"), url, *fragments)
    assert len(seen) == 1  # the graph lookup, not retried: a bad answer is not transient
    if line.endswith('"'):  # the body, quoted at the end of the line: at most 80 characters of it
        assert len(line.rpartition(': "')[2]) <= 80 + len('..."'), line


def test_all_bad_answer_cases_ran() -> None:
    assert len(BAD_ANSWERS) == 9


def test_a_store_without_diplokg_graphs_says_so() -> None:
    with stub_endpoint(lambda request: w3c(request, [{"g": "urn:other:graph"}][:0])) as (url, seen):
        one_line_error(*run("query", QUESTION, "--endpoint", url), f"{url} holds no diplokg graphs", f"diplokg load --endpoint {url}")
    assert [r.query.split()[0] for r in seen] == ["SELECT", "ASK"]


def test_accept_is_one_exact_media_type_per_query_form() -> None:
    store = ox.Store()
    node = ox.NamedNode("https://w3id.org/diplokg/id/state/china")
    store.add(ox.Quad(node, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("China"), ox.NamedNode(GRAPH)))
    with stub_endpoint(store_endpoint(store)) as (url, seen):
        engine = RemoteEngine(url)
        assert engine.default_graphs == [GRAPH]
        selected = engine.run("SELECT ?s WHERE { ?s ?p ?o }", {})
        graph = engine.run("CONSTRUCT WHERE { ?s ?p ?o }", {})
        asked = engine.run("ASK { ?s ?p ?o }", {})
    # the graph lookup, the union default graph check, then the three queries
    assert [r.headers["Accept"] for r in seen] == [SPARQL_JSON, SPARQL_JSON, SPARQL_JSON, "text/turtle", SPARQL_JSON]
    assert selected.rows[0]["s"].value == node.value and len(graph.triples) == 1 and asked.boolean is True
    # content negotiation only: no format= or output= parameter that could contradict the Accept header
    assert all(set(r.params) <= {"query", "default-graph-uri", "named-graph-uri"} for r in seen)
    assert seen[2].params["default-graph-uri"] == [GRAPH] == seen[2].params["named-graph-uri"]


def test_w3c_results_labelled_application_json_are_accepted() -> None:
    def label_as_json(request: StubRequest) -> tuple[int, str, bytes]:
        _, _, body = w3c(request, [{"g": GRAPH}])
        return 200, "application/json; charset=utf-8", body

    with stub_endpoint(label_as_json) as (url, _):
        assert RemoteEngine(url).default_graphs == [GRAPH]


@pytest.mark.parametrize(("rows", "expected"), [([{"__ASK_RETVAL": "1"}], True), ([], False)], ids=["true", "false"])
def test_virtuoso_ask_answers_are_read_as_booleans(rows: list[dict[str, str]], expected: bool) -> None:
    """Virtuoso 7 answers ASK as a SELECT of one __ASK_RETVAL column (measured on 7.2): a row with 1, or no row."""

    def virtuoso(request: StubRequest) -> tuple[int, str, bytes]:
        if request.query.startswith("ASK"):
            bindings = [{k: {"type": "typed-literal", "datatype": XSD_INTEGER, "value": v} for k, v in row.items()} for row in rows]
            return (
                200,
                SPARQL_JSON,
                json.dumps({"head": {"link": [], "vars": ["__ASK_RETVAL"]}, "results": {"bindings": bindings}}).encode(),
            )
        return w3c(request, [{"g": GRAPH}])

    with stub_endpoint(virtuoso) as (url, _):
        assert RemoteEngine(url).run("ASK { ?s ?p ?o }", {}).boolean is expected


def test_a_web_page_instead_of_turtle_is_one_line() -> None:
    def page_for_construct(request: StubRequest) -> tuple[int, str, bytes]:
        if request.query.startswith("CONSTRUCT"):
            return 200, "text/html", b"<html>login</html>"
        return w3c(request, [{"g": GRAPH}])

    with stub_endpoint(page_for_construct) as (url, _), pytest.raises(EndpointError) as failure:
        RemoteEngine(url).run("CONSTRUCT WHERE { ?s ?p ?o }", {})
    assert str(failure.value) == f'{url} answered text/html (a web page), not Turtle: "<html>login</html>"'


def test_load_checks_the_existing_graphs_answer_too() -> None:
    with stub_endpoint(lambda request: (200, "application/json", b"[]")) as (url, _), pytest.raises(EndpointError, match="JSON list"):
        existing_graphs(Service.at(url))


def test_answers_from_a_comunica_like_store_match_the_embedded_ones(built: Project) -> None:
    """The measured failure: offered application/json, Comunica answered its list form and diplokg crashed."""
    store = ox.Store()
    store.bulk_load(path=str(built.dist_dir / "diplokg.nq"), format=ox.RdfFormat.N_QUADS)
    here = run("query", QUESTION, "-f", "csv", root=built.root)
    with stub_endpoint(store_endpoint(store)) as (url, seen):
        code, out, err = run("query", QUESTION, "-f", "csv", "--endpoint", url, root=built.root)
    assert (code, err) == (0, "")
    assert out == here[1] and "jang-song-taek" in out
    # this store's default graph is not the union of its graphs: the dataset goes with every query
    assert all(r.params.get("default-graph-uri") for r in seen[2:])


def test_data_in_the_default_graph_only_is_queried_there(built: Project) -> None:
    store = ox.Store()
    store.bulk_load(path=str(built.dist_dir / "diplokg.nt"), format=ox.RdfFormat.N_TRIPLES)
    here = run("query", QUESTION, "-f", "csv", root=built.root)
    with stub_endpoint(store_endpoint(store)) as (url, seen):
        code, out, err = run("query", QUESTION, "-f", "csv", "--endpoint", url, root=built.root)
    assert code == 0, err
    assert out == here[1]
    assert "default graph only" in err and len(err.strip().splitlines()) == 1
    assert not any("default-graph-uri" in r.params for r in seen)


def test_a_union_default_graph_is_queried_as_it_is(built: Project) -> None:
    """A store whose default graph holds the data gets no dataset with a query (Virtuoso 7 answers some queries
    wrongly with one), unless the inferred graph must be left out."""
    store = ox.Store()
    store.bulk_load(path=str(built.dist_dir / "diplokg.nq"), format=ox.RdfFormat.N_QUADS)
    plain = store_endpoint(store)

    def union(request: StubRequest) -> tuple[int, str, bytes]:
        if request.params.get("default-graph-uri"):
            return plain(request)
        results = store.query(request.query, use_default_graph_as_union=True)
        return 200, SPARQL_JSON, results.serialize(format=ox.QueryResultsFormat.JSON)

    with stub_endpoint(union) as (url, seen):
        assert RemoteEngine(url).default_graphs == []
        code, out, err = run("query", QUESTION, "-f", "csv", "--endpoint", url, root=built.root)
        assert code == 0 and "jang-song-taek" in out, err
        assert not any(r.params.get("default-graph-uri") for r in seen)
        assert RemoteEngine(url, reasoning=False).default_graphs
