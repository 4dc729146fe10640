"""Local servers for tests: a real Oxigraph SPARQL server, a proxy in front of it that fails on purpose, and stub endpoints."""

from __future__ import annotations

import base64
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).is_file():
        pytest.skip("the `oxigraph` server is not installed (pip install oxigraph)")
    return found


def _stop(process: subprocess.Popen, timeout: float) -> None:
    """Terminate a server, killing it if it is still running after ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def oxigraph_server(folder: Path, union_default_graph: bool = False, timeout: float = 30.0) -> Iterator[str]:
    """Start `oxigraph serve` on 127.0.0.1 with a store in ``folder``; yield its base URL; stop it by its process id."""
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    log = (folder.parent / f"oxigraph-{port}.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(process, urllib.request.Request(f"{base}/query?query=ASK%7B%7D"), timeout, "oxigraph", log.name)
        yield base
    finally:
        _stop(process, 10)
        log.close()


@contextmanager
def diplokg_server(root: Path, site: Path, log_path: Path, *extra: str) -> Iterator[str]:
    """Start `diplokg serve` for the project at ``root`` over ``site`` on a free port; yield its base URL; stop it."""
    port = free_port()
    command = [sys.executable, "-m", "diplokg.cli", "--root", str(root), "serve", "--port", str(port), "--site", str(site), *extra]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answering(process, urllib.request.Request(f"{base}/index.html"), 120, "diplokg serve", str(log_path))
            yield base
        finally:
            _stop(process, 10)


def wait_until_answering(process: subprocess.Popen, request: urllib.request.Request, timeout: float, name: str, log: str) -> None:
    """Poll a starting server with ``request`` until it answers; fail naming its log if it dies or takes too long."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
            return
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start: see {log}") from None
            time.sleep(0.2)


def sparql_select(base: str, text: str) -> list[dict[str, str]]:
    """Run a SELECT on the server directly (not through diplokg), values only."""
    import json

    data = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(f"{base}/query", data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def sparql_update(base: str, text: str) -> None:
    data = urllib.parse.urlencode({"update": text}).encode()
    with urllib.request.urlopen(urllib.request.Request(f"{base}/update", data=data), timeout=30) as response:
        response.read()


def graph_sizes(base: str) -> dict[str, int]:
    rows = sparql_select(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


def send(handler: BaseHTTPRequestHandler, status: int, content_type: str, payload: bytes) -> None:
    """Answer a request: status, Content-Type (none when empty) and body."""
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)


# What the proxy does with a request: None to forward it, or (status, body) to answer instead,
# or "drop" to close the connection without answering (a server killed mid-request).
Rule = Callable[[int, str, bytes, dict[str, str]], "tuple[int, bytes] | str | None"]


@contextmanager
def faulty_proxy(upstream: str, rule: Rule) -> Iterator[tuple[str, list[str]]]:
    """An HTTP proxy to ``upstream`` that asks ``rule`` about each request; yields its URL and a log of request lines."""
    seen: list[str] = []
    counter = iter(range(1, 1_000_000))

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            number = next(counter)
            seen.append(f"{self.command} {self.path}")
            verdict = rule(number, self.command, body, dict(self.headers))
            if verdict == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if verdict is not None:
                status, text = verdict
                send(self, status, "text/plain", text)
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept", "authorization")}
            request = urllib.request.Request(upstream + self.path, data=body or None, method=self.command, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status, payload, kind = response.status, response.read(), response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as exc:
                status, payload, kind = exc.code, exc.read(), exc.headers.get("Content-Type", "")
            send(self, status, kind, payload)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", seen
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class StubRequest:
    """One request a stub endpoint received: method, headers, and the parameters of its URL and form body."""

    method: str
    headers: dict[str, str]
    params: dict[str, list[str]]

    @property
    def query(self) -> str:
        return self.params.get("query", [""])[0]


# What a stub answers to a request: status, Content-Type ("" to send none) and body.
StubAnswer = Callable[[StubRequest], "tuple[int, str, bytes]"]


@contextmanager
def stub_endpoint(answer: StubAnswer) -> Iterator[tuple[str, list[StubRequest]]]:
    """An in-process HTTP endpoint on 127.0.0.1 that answers every request with ``answer``; yields its URL and the requests seen."""
    seen: list[StubRequest] = []

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            query_string = urllib.parse.urlsplit(self.path).query
            params = urllib.parse.parse_qs("&".join(part for part in (query_string, body) if part))
            request = StubRequest(self.command, dict(self.headers), params)
            seen.append(request)
            status, content_type, payload = answer(request)
            send(self, status, content_type, payload)

        do_GET = do_POST = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # a short poll interval: shutdown() waits for it, once per test
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = {sql_port}
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {d}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@contextmanager
def virtuoso_server(folder: Path, timeout: float = 60.0) -> Iterator[str]:
    """Start Virtuoso (Debian's virtuoso-opensource) in ``folder``, let anonymous SPARQL update; yield its /sparql URL."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not (server and isql):
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=sql_port, http_port=http_port))
    log = (folder / "server.out").open("wb")
    process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        grant = [isql, str(sql_port), "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";']
        while subprocess.run(grant, capture_output=True).returncode != 0:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"virtuoso did not start: see {folder / 'virtuoso.log'}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{http_port}/sparql"
    finally:
        _stop(process, 30)
        log.close()


COMUNICA = Path(__file__).resolve().parent / "comunica" / "node_modules" / ".bin" / "comunica-sparql-file-http"


@contextmanager
def comunica_server(quads: Path, timeout: float = 60.0, query_timeout: int = 300) -> Iterator[str]:
    """Start Comunica's SPARQL endpoint over ``quads`` (an N-Quads file) with a union default graph; yield its URL.

    Comunica comes from tests/comunica/package.json (`npm ci --prefix tests/comunica`; .ci/run does it).
    """
    binary = shutil.which("comunica-sparql-file-http") if not COMUNICA.is_file() else str(COMUNICA)
    if not binary or not shutil.which("node"):
        pytest.skip("Comunica is not installed (npm ci --prefix tests/comunica)")
    port = free_port()
    log = (quads.parent / f"comunica-{port}.log").open("wb")
    command = [binary, str(quads), "-p", str(port), "-t", str(query_timeout), "--unionDefaultGraph"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    # Comunica listens on localhost, which may be ::1 only: ask by name, as a user would.
    url = f"http://localhost:{port}/sparql"
    try:
        ask = urllib.request.Request(f"{url}?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
        wait_until_answering(process, ask, timeout, "comunica", log.name)
        yield url
    finally:
        _stop(process, 10)
        log.close()
