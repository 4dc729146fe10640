"""`diplokg serve`: Cool-URI content negotiation, the SPARQL 1.1 Protocol endpoint, its limits, and concurrency.

The server runs as the command a user starts, on 127.0.0.1, over the session's build and a small site folder
made here (the pages are `diplokg site`'s business; these tests need only files to serve).
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import socket
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from servers import diplokg_server

from diplokg.catalogue import load_catalogue
from diplokg.cli import main
from diplokg.project import Project
from diplokg.query import answer
from diplokg.terms import Term
from diplokg.web.describe import asserted_graph, describe

JANG = "https://w3id.org/diplokg/id/person/jang-song-taek"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
TIMEOUT = 3.0  # the server's per-query limit in these tests
MAX_ROWS = 200  # the server's row limit in these tests
# Three copies of the graph joined: trillions of rows, which no engine counts in seconds.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
STATES = (
    "PREFIX dkg: <https://w3id.org/diplokg/ontology#>\n"
    "SELECT ?state ?name WHERE { ?state a dkg:State ; <http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?state ?name"
)


def make_site(folder: Path) -> Path:
    """A minimal site folder: a home page and Jang Song Taek's page."""
    (folder / "id" / "person").mkdir(parents=True)
    page = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{0}</title></head><body><h1>{0}</h1></body></html>'
    (folder / "index.html").write_text(page.format("diplokg"), encoding="utf-8")
    (folder / "id" / "person" / "jang-song-taek.html").write_text(page.format("Jang Song Taek"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(built: Project, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`diplokg serve` on a free port of 127.0.0.1, with small limits; its base URL. Stopped by its process id."""
    folder = tmp_path_factory.mktemp("serve")
    site = make_site(folder / "site")
    with diplokg_server(built.root, site, folder / "serve.log", "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--quiet") as base:
        yield base


def fetch(
    base: str, path: str, headers: dict[str, str] | None = None, method: str = "GET", body: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed: status, headers (lower-case names), body."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def sparql(base: str, query: str, accept: str, method: str = "POST") -> tuple[int, dict[str, str], bytes]:
    if method == "GET":
        return fetch(base, "/sparql?" + urllib.parse.urlencode({"query": query}), {"Accept": accept})
    form = urllib.parse.urlencode({"query": query}).encode()
    return fetch(base, "/sparql", {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}, "POST", form)


@pytest.fixture(scope="module")
def asserted(built: Project) -> Graph:
    dataset = Dataset()
    dataset.parse(built.dist_dir / "diplokg.trig", format="trig")
    return asserted_graph(dataset)


# --- content negotiation ----------------------------------------------------------------------------


def test_a_browser_is_sent_to_the_page(server: str):
    status, headers, _ = fetch(server, "/id/person/jang-song-taek", {"Accept": BROWSER})
    assert status == 303
    assert headers["location"] == "/id/person/jang-song-taek.html"
    assert headers["vary"] == "Accept"
    status, headers, body = fetch(server, headers["location"], {"Accept": BROWSER})
    assert status == 200 and headers["content-type"].startswith("text/html") and b"Jang Song Taek" in body


@pytest.mark.parametrize(
    ("accept", "suffix", "rdflib_format"),
    [
        ("text/turtle", ".ttl", "turtle"),
        ("application/n-triples", ".nt", "nt"),
        ("application/ld+json", ".jsonld", "json-ld"),
        ("text/turtle;q=0.5, application/n-triples;q=0.9, text/html;q=0.1", ".nt", "nt"),
    ],
)
def test_an_rdf_client_gets_the_description(server: str, asserted: Graph, accept: str, suffix: str, rdflib_format: str):
    status, headers, _ = fetch(server, "/id/person/jang-song-taek", {"Accept": accept})
    assert status == 303
    assert headers["location"] == "/id/person/jang-song-taek" + suffix
    status, headers, body = fetch(server, headers["location"], {"Accept": accept})
    assert status == 200
    assert headers["content-type"].split(";")[0] == accept.split(";")[0].split(",")[0].strip() or suffix == ".nt"
    got = Graph().parse(data=body.decode("utf-8"), format=rdflib_format)
    expected = describe(asserted, URIRef(JANG))
    assert len(got) == len(expected) > 10
    assert isomorphic(got, expected)


def test_the_description_is_what_the_page_quotes(server: str, asserted: Graph):
    """The facts about him come with their passages: the holding's quote is in its own description."""
    _, _, body = fetch(server, "/id/person/jang-song-taek.ttl")
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    holdings = [str(s) for s in graph.subjects(URIRef("http://www.w3.org/ns/org#member"), URIRef(JANG))]
    assert holdings
    quotes = []
    for holding in holdings:
        _, _, text = fetch(server, "/" + holding.removeprefix("https://w3id.org/diplokg/") + ".ttl")
        quotes += [
            str(o) for o in Graph().parse(data=text.decode("utf-8"), format="turtle").objects(None, URIRef("http://www.w3.org/ns/oa#exact"))
        ]
    assert any(q.startswith("Both men had been in charge of bilateral relations") for q in quotes)


def test_unknown_resources_and_formats(server: str):
    assert fetch(server, "/id/person/nobody-at-all", {"Accept": "text/turtle"})[0] == 404
    assert fetch(server, "/id/person/nobody-at-all.ttl")[0] == 404
    assert fetch(server, "/id/person/jang-song-taek", {"Accept": "image/png"})[0] == 406
    assert fetch(server, "/id/person/jang-song-taek", {"Accept": "text/turtle;q=0, */*;q=0.1"})[1]["location"].endswith(".html")
    assert fetch(server, "/no/such/page.html")[0] == 404


def test_head_and_unsupported_methods(server: str):
    status, headers, body = fetch(server, "/id/person/jang-song-taek.ttl", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 100
    assert fetch(server, "/id/person/jang-song-taek.ttl", method="DELETE")[0] == 405
    assert fetch(server, "/index.html", method="POST", body=b"x")[0] == 405


# --- the SPARQL endpoint ---------------------------------------------------------------------------


def _terms(binding: dict[str, str]) -> Term:
    kind = "bnode" if binding["type"] == "bnode" else ("uri" if binding["type"] == "uri" else "literal")
    if kind != "literal":
        return Term(kind, binding["value"])
    return Term.literal(binding["value"], binding.get("datatype"), binding.get("xml:lang"))


def test_the_flagship_answers_as_on_the_command_line(server: str, built: Project, oxigraph_memory):
    spec = load_catalogue(built.queries_dir)["officials_handling_ties"]
    cli = answer(oxigraph_memory, spec, {}, with_labels=False).result
    status, headers, body = sparql(server, spec.text, "application/sparql-results+json")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == cli.vars
    rows = [tuple(_terms(b[v]).canonical() if v in b else None for v in cli.vars) for b in data["results"]["bindings"]]
    assert rows == cli.as_list()  # the same rows, in the query's order
    assert len(rows) >= 10
    # and through the command line itself
    out = io.StringIO()
    assert main(["--root", str(built.root), "query", "officials_handling_ties", "-f", "json", "--engine", "oxigraph-memory"], out=out) == 0
    assert len(json.loads(out.getvalue())["results"]["bindings"]) == len(rows)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_four_result_formats_parse_to_the_same_rows(server: str, method: str):
    from rdflib.query import Result

    answers = {}
    for accept, fmt in [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ]:
        status, headers, body = sparql(server, STATES, accept, method)
        assert status == 200, body
        assert headers["content-type"].split(";")[0] == accept
        parsed = Result.parse(io.BytesIO(body), format=fmt)
        answers[fmt] = [tuple(str(row[v]) for v in parsed.vars) for row in parsed]
    assert answers["json"] and all(rows == answers["json"] for rows in answers.values())
    # each by its own rules too
    root = ET.fromstring(sparql(server, STATES, "application/sparql-results+xml")[2])
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == len(answers["json"])
    table = list(csv.reader(io.StringIO(sparql(server, STATES, "text/csv")[2].decode())))
    assert table[0] == ["state", "name"] and len(table) == len(answers["json"]) + 1
    assert sparql(server, STATES, "text/tab-separated-values")[2].decode().splitlines()[0] == "?state\t?name"


def test_the_query_as_sparql_query_body_and_ask_and_construct(server: str):
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    status, _, body = fetch(server, "/sparql", headers, "POST", f"ASK {{ <{JANG}> ?p ?o }}".encode())
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = f"CONSTRUCT {{ <{JANG}> ?p ?o }} WHERE {{ <{JANG}> ?p ?o }}"
    for accept, fmt in [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")]:
        status, headers, body = sparql(server, construct, accept)
        assert status == 200 and headers["content-type"].startswith(accept)
        assert len(Graph().parse(data=body.decode(), format=fmt)) > 3
    status, _, body = fetch(server, "/sparql?" + urllib.parse.urlencode({"query": STATES, "format": "csv"}))
    assert status == 200 and body.startswith(b"state,name")


def test_updates_are_refused(server: str):
    insert = f"INSERT DATA {{ <{JANG}> <http://example.org/p> 'x' }}"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, body = fetch(server, "/sparql", form, "POST", urllib.parse.urlencode({"update": insert}).encode())
    assert status == 403 and b"read-only" in body
    status, _, _ = fetch(server, "/sparql", {"Content-Type": "application/sparql-update"}, "POST", insert.encode())
    assert status == 403
    status, _, body = sparql(server, insert, "application/sparql-results+json")  # an update sent as a query
    assert status == 400
    ask = f"ASK {{ <{JANG}> <http://example.org/p> ?x }}"
    assert json.loads(sparql(server, ask, "application/sparql-results+json")[2])["boolean"] is False


def test_bad_queries_get_a_400_with_the_message(server: str):
    status, headers, body = sparql(server, "SELEC ?x WHERE { ?x ?y ?z }", "application/sparql-results+json")
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.decode().startswith("SPARQL syntax error: error at 1:") and body.count(b"\n") == 1
    assert sparql(server, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "text/csv")[0] == 400
    assert fetch(server, "/sparql", {"Accept": "application/sparql-results+json"})[0] == 400  # no query
    assert sparql(server, STATES, "image/png")[0] == 406
    assert fetch(server, "/sparql", {"Content-Type": "text/plain"}, "POST", b"SELECT * {}")[0] == 415


def test_a_long_query_is_stopped_at_the_time_limit(server: str):
    started = time.monotonic()
    status, _, body = sparql(server, HEAVY, "application/sparql-results+json")
    elapsed = time.monotonic() - started
    assert status == 503 and b"longer than" in body
    assert elapsed < TIMEOUT + 5
    # the worker that ran it was replaced: the endpoint still answers
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status, _, _ = sparql(server, "ASK {}", "application/sparql-results+json")
        if status == 200:
            break
    assert status == 200


def test_a_large_answer_is_refused_at_the_row_limit(server: str):
    status, _, body = sparql(server, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
    assert status == 422 and f"more than {MAX_ROWS} rows".encode() in body
    status, _, body = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 422 and b"triples" in body
    assert sparql(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "text/csv")[0] == 200


def test_the_query_page(server: str):
    import html5lib

    status, headers, body = fetch(server, "/sparql", {"Accept": BROWSER})
    assert status == 200 and headers["content-type"].startswith("text/html")
    document = html5lib.parse(body, namespaceHTMLElements=False)
    assert document.find(".//form/textarea[@name='query']") is not None
    assert "officials_handling_ties" in body.decode()  # the catalogue, each question a link that runs it
    status, _, body = sparql(server, STATES, BROWSER, method="GET")
    page = html5lib.parse(body, namespaceHTMLElements=False)
    cells = [td for td in page.iter("td")]
    assert status == 200 and cells
    assert any(a.text == "North Korea" and a.get("href") == "id/state/north-korea.ttl" for a in page.iter("a"))
    # a value is shown as text, never as markup
    status, _, body = sparql(server, 'SELECT ("<script>alert(1)</script>" AS ?x) {}', BROWSER)
    assert status == 200 and b"<script>alert(1)" not in body and b"&lt;script&gt;alert(1)" in body
    # an error is shown on the page with the query kept in the form
    status, _, body = sparql(server, "SELEC ?x", BROWSER)
    assert status == 400 and b"SPARQL syntax error" in body and b"SELEC ?x</textarea>" in body


def test_fifty_concurrent_requests_all_succeed(server: str):
    spec_query = "SELECT ?s WHERE { ?s a <https://w3id.org/diplokg/ontology#Person> } LIMIT 20"
    requests = []
    for i in range(50):
        kind = i % 5
        if kind == 0:
            requests.append(("/index.html", {}, "GET", None, 200))
        elif kind == 1:
            requests.append(("/id/person/jang-song-taek", {"Accept": "text/turtle"}, "GET", None, 303))
        elif kind == 2:
            requests.append(("/id/person/jang-song-taek.jsonld", {}, "GET", None, 200))
        elif kind == 3:
            requests.append(("/sparql?" + urllib.parse.urlencode({"query": spec_query}), {"Accept": "text/csv"}, "GET", None, 200))
        else:
            body = urllib.parse.urlencode({"query": STATES}).encode()
            headers = {"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"}
            requests.append(("/sparql", headers, "POST", body, 200))
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(lambda r: fetch(server, r[0], r[1], r[2], r[3])[0], requests))
    assert results == [r[4] for r in requests]


# --- the command's errors --------------------------------------------------------------------------


def test_a_port_in_use_is_one_line_and_exit_2(built: Project, tmp_path: Path):
    site = make_site(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        err = io.StringIO()
        assert main(["--root", str(built.root), "serve", "--port", str(port), "--site", str(site)], out=io.StringIO(), err=err) == 2
    assert err.getvalue().count("\n") == 1 and "port is in use" in err.getvalue()


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_a_bad_site_folder_is_one_line_and_exit_2(built: Project, tmp_path: Path, make: str):
    site = tmp_path / "site"
    if make == "empty":
        site.mkdir()
    err = io.StringIO()
    assert main(["--root", str(built.root), "serve", "--port", "0", "--site", str(site)], out=io.StringIO(), err=err) == 2
    assert err.getvalue().count("\n") == 1 and "--site" in err.getvalue() and "diplokg site" in err.getvalue()


REMOTE_RUNS = [("officials_handling_ties", []), ("timeline", []), ("relation_over_time", ["--no-reasoning"])]


@pytest.mark.parametrize(("name", "options"), REMOTE_RUNS)
def test_diplokg_query_on_the_endpoint_answers_as_embedded(server: str, built: Project, name: str, options: list[str]):
    """The CLI's own remote client on this endpoint (without reasoning it names each graph by default-graph-uri)."""
    embedded, remote = io.StringIO(), io.StringIO()
    root = ["--root", str(built.root)]
    assert main([*root, "query", name, "-f", "csv", *options], out=embedded) == 0
    assert main([*root, "query", name, "-f", "csv", "--endpoint", f"{server}/sparql", *options], out=remote) == 0
    assert remote.getvalue() == embedded.getvalue() and embedded.getvalue().count("\n") > 5


# --- the parts, in-process ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("PREFIX wd: <http://x/> SELECT * WHERE { SERVICE wd:q { ?s ?p ?o } }", True),
        ("SELECT ?service WHERE { ?service ?p ?o } LIMIT 1", False),
        ("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:service ?o } LIMIT 1", False),
        ('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } LIMIT 1', False),
        ("# SERVICE <http://x/>\nSELECT * WHERE { ?s <http://x/SERVICE> ?o } LIMIT 1", False),
    ],
)
def test_service_is_refused_and_only_service(text: str, refused: bool):
    import pyoxigraph as ox

    from diplokg.web.query_workers import Job, execute

    outcome = execute(ox.Store(), Job(text, "application/sparql-results+json", 10))
    assert (outcome.status == 400 and "SERVICE" in outcome.message) is refused
    assert outcome.status == (400 if refused else 200)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        (BROWSER, "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/json", "application/ld+json"),
        ("text/*;q=0.5, application/n-triples", "application/n-triples"),
        ("text/turtle;q=0, */*;q=0.5", "text/html"),
        ("text/html;q=0, text/turtle;q=0, */*", "application/n-triples"),
        ("text/html;q=0, text/turtle;q=0", None),
        ("image/png", None),
        ("nonsense", None),
    ],
)
def test_negotiation(accept: str | None, chosen: str | None):
    from diplokg.web.negotiation import HTML, RDF_ALIASES, RDF_FORMATS, choose

    assert choose(accept, [HTML, *RDF_FORMATS], RDF_ALIASES) == chosen


def test_a_site_older_than_the_build_is_noticed(built: Project, tmp_path: Path):
    import os

    from diplokg.web.server import site_folder

    site = make_site(tmp_path / "site")
    notices: list[str] = []
    assert site_folder(built, site, notices.append) == site
    assert notices == []
    os.utime(site / "index.html", (0, 0))
    site_folder(built, site, notices.append)
    assert len(notices) == 1 and "older than the build" in notices[0]


def test_the_default_site_is_rebuilt_when_older_than_the_build(scratch_project: Project, sources: Path):
    import os

    from diplokg.build import build
    from diplokg.web.server import SITE_FOLDER, site_folder

    build(scratch_project)
    notices: list[str] = []
    site = site_folder(scratch_project, None, notices.append)
    assert site == scratch_project.dist_dir / SITE_FOLDER and notices[-1].startswith("no site at")
    notices.clear()
    assert site_folder(scratch_project, None, notices.append) == site and notices == []
    os.utime(site / "index.html", (0, 0))
    site_folder(scratch_project, None, notices.append)
    assert notices and "older than the build" in notices[-1]
    assert (site / "index.html").stat().st_mtime > 0
