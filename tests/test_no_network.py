"""No network unless asked: `validate`, `build` and `query` send no request, whatever the inputs point at.

The inputs are made to point at a local HTTP server the test starts on 127.0.0.1: ``owl:imports`` in the
ontology, the shapes and the data, a remote JSON-LD ``@context``, a query's ``FROM <...>``. Two nets catch a
request: the server counts every request it gets (this sees clients outside Python's socket module, such as
Oxigraph's own HTTP client), and Python's ``socket.socket.connect`` is wrapped to refuse any address that is
not loopback and to record every connection to the server's port.

SERVICE clauses are not tried: a query that says ``SERVICE <url>`` asks for that request
(queries/federated/ does, on purpose).
"""

from __future__ import annotations

import io
import ipaddress
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from diplokg.cli import main
from diplokg.project import Project

OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass
class Server:
    """A local HTTP server that serves a little Turtle and a JSON-LD context, and records every request."""

    url: str
    port: int
    requests: list[str] = field(default_factory=list)
    connections: list[tuple] = field(default_factory=list)  # Python-level connects to the port (socket guard)


@pytest.fixture
def server() -> Iterator[Server]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(f"GET {self.path}")
            if self.path.endswith(".jsonld"):
                body, kind = json.dumps({"@context": {"label": LABEL}}).encode(), "application/ld+json"
            else:
                body, kind = b"<urn:x:fetched> <urn:x:was> <urn:x:fetched> .\n", "text/turtle"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            seen.append(f"POST {self.path}")
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args) -> None:  # quiet
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{port}", port, seen)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture
def guarded(server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    """The server, with Python's sockets refusing any address that is not loopback (the second net)."""
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def check(sock: socket.socket, address) -> None:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return  # AF_UNIX and the like: not the network
        host, port = address[0], address[1]
        if not _is_loopback(str(host)):
            raise OSError(f"the test forbids network access (connect to {address!r})")
        if port == server.port:
            server.connections.append(tuple(address))

    def connect(sock: socket.socket, address) -> None:
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address) -> int:
        check(sock, address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_loopback(host if isinstance(host, str) else host.decode()):
            raise OSError(f"the test forbids network access (name lookup of {host!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return server


def test_the_nets_catch_a_request(guarded: Server) -> None:
    """Both nets work: a request to the server is counted and seen connecting; any other host is refused."""
    import urllib.request

    with urllib.request.urlopen(f"{guarded.url}/probe.ttl", timeout=5) as reply:
        assert reply.status == 200
    assert guarded.requests == ["GET /probe.ttl"]
    assert [port for _, port, *_ in guarded.connections] == [guarded.port]
    with pytest.raises(OSError, match="forbids network"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never routed


def run(project: Project, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def no_request(server: Server) -> None:
    assert server.requests == [], f"requests reached the server: {server.requests}"
    assert server.connections == [], f"connections to the server's port: {server.connections}"


def point_at(project: Project, url: str) -> None:
    """owl:imports of the server's files in the ontology's header, the shapes and a data file."""
    ontology = project.ontology_dir / "diplokg.ttl"
    text = ontology.read_text(encoding="utf-8")
    assert text.count("    a owl:Ontology ;\n") == 1
    imports = f"    a owl:Ontology ;\n    owl:imports <{url}/ontology.ttl> ;\n"
    ontology.write_text(text.replace("    a owl:Ontology ;\n", imports), encoding="utf-8")
    with project.shapes_path.open("a", encoding="utf-8") as shapes:
        shapes.write(f"\n<https://w3id.org/diplokg/shapes> <{OWL_IMPORTS}> <{url}/shapes.ttl> .\n")
    with (project.data_dir / "kei-2013-05-24.ttl").open("a", encoding="utf-8") as data:
        data.write(f"\n<https://w3id.org/diplokg/ontology> <{OWL_IMPORTS}> <{url}/data.ttl> .\n")


@pytest.mark.slow
def test_validate_build_and_query_make_no_request(scratch_project: Project, guarded: Server) -> None:
    point_at(scratch_project, guarded.url)

    code, _, err = run(scratch_project, "validate")
    assert code == 0, err
    no_request(guarded)

    code, _, err = run(scratch_project, "build")
    assert code == 0, err
    no_request(guarded)
    dist = scratch_project.dist_dir
    nquads = (dist / "diplokg.nq").read_text(encoding="utf-8")
    assert f"<{guarded.url}/ontology.ttl>" in nquads  # the imports are kept as triples...
    assert "urn:x:fetched" not in nquads  # ...and never followed

    for engine in ("oxigraph", "oxigraph-memory", "rdflib"):
        code, out, err = run(scratch_project, "query", "articles", "--engine", engine, "--format", "csv")
        assert code == 0, (engine, err)
        assert "kei-2013-05-24" in out, engine
    no_request(guarded)

    # FROM <iri> names a graph of the dataset: rdflib's SPARQL engine fetched it from the web (SPARQL_LOAD_GRAPHS)
    query = scratch_project.root / "from.rq"
    query.write_text(f"SELECT (COUNT(*) AS ?n) FROM <{guarded.url}/from.ttl> WHERE {{ ?s ?p ?o }}\n", encoding="utf-8")
    for engine in ("oxigraph", "oxigraph-memory", "rdflib"):
        code, out, err = run(scratch_project, "query", str(query), "--engine", engine, "--format", "csv")
        assert code == 0, (engine, err)
    no_request(guarded)


@pytest.mark.slow
def test_compact_jsonld_context_resolves_beside_it(built: Project, guarded: Server) -> None:
    """dist/diplokg.compact.jsonld refers to ``context.jsonld``: relative to the file, it is read from disk."""
    from rdflib import Dataset

    compact = built.dist_dir / "diplokg.compact.jsonld"
    assert json.loads(compact.read_text(encoding="utf-8"))["@context"] == "context.jsonld"
    dataset = Dataset()
    dataset.parse(compact, format="json-ld")
    assert len(dataset) > 1000 or sum(len(g) for g in dataset.graphs()) > 1000
    no_request(guarded)


@pytest.mark.parametrize(
    "context",
    [
        '"{url}/ctx.jsonld"',
        '["{url}/ctx.jsonld", {{"dkg": "https://w3id.org/diplokg/ontology#"}}]',
        '{{"@import": "{url}/ctx.jsonld", "dkg": "https://w3id.org/diplokg/ontology#"}}',
    ],
    ids=["iri", "list-with-iri", "import"],
)
def test_a_remote_json_ld_context_is_refused_not_fetched(scratch_project: Project, guarded: Server, context: str) -> None:
    """The project's JSON-LD context must be the context itself: one referring to another on the web is one line,
    for `validate` as for `build`, before anything is written."""
    scratch_project.context_path.write_text('{"@context": ' + context.format(url=guarded.url) + "}\n", encoding="utf-8")
    for command in ("validate", "build"):
        code, _, err = run(scratch_project, command)
        lines = err.strip().splitlines()
        assert code == 1, (command, err)  # an input of the project that does not conform
        assert len(lines) == 1 and lines[0].startswith("diplokg: ontology/context.jsonld: "), (command, err)
        assert "Traceback" not in err
    assert not scratch_project.dist_dir.exists()
    no_request(guarded)


def test_a_json_ld_context_that_does_not_parse_names_line_and_column(scratch_project: Project) -> None:
    scratch_project.context_path.write_text('{"@context": {\n  "dkg": "https://w3id.org/diplokg/ontology#",\n}\n', encoding="utf-8")
    code, _, err = run(scratch_project, "validate")
    assert code == 1, err
    assert err.startswith("diplokg: ontology/context.jsonld:3:1: syntax error: "), err
    assert len(err.strip().splitlines()) == 1
