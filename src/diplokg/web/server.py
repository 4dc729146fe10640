"""``diplokg serve``: the static site, Linked Data for every resource IRI, and a SPARQL endpoint, on one local port.

Routes:
- ``/sparql``: the SPARQL 1.1 Protocol endpoint and its query page (sparql_endpoint.py);
- ``/id/<kind>/<slug>``: the resource itself, answered with 303 to its page or to a description document
  by the Accept header; ``.ttl``, ``.nt`` and ``.jsonld`` beside it: its description (linked_data.py);
- everything else: a file of the site directory (``dist/site``, as ``diplokg site`` wrote it).

The server is the standard library's ThreadingHTTPServer: one thread per connection, which is enough for a
local server whose heavy work (queries) runs in worker processes, and adds no dependency.
"""

from __future__ import annotations

import errno
import functools
import os
import socket
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from .. import __version__
from ..errors import ConfigError
from ..project import Project
from .linked_data import DOCUMENT_TYPES, Descriptions, load_asserted, negotiate, resource_of
from .query_workers import WorkerPool
from .sparql_endpoint import MAX_BODY, Request, SparqlEndpoint
from .sparql_results import content_type

DEFAULT_PORT = 8000
DEFAULT_BIND = "127.0.0.1"  # loopback: the graph is served to this machine unless --bind says otherwise
DEFAULT_TIMEOUT = 10.0  # seconds a query may run
DEFAULT_MAX_ROWS = 10_000  # rows (or triples) an answer may have
DEFAULT_WORKERS = 2
SITE_FOLDER = "site"  # dist/site
LISTEN_BACKLOG = 128  # connections the kernel queues while every thread is busy (the default, 5, refuses bursts)
METHODS = "GET, HEAD, POST"
TEXT = "text/plain; charset=utf-8"
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ttl": "text/turtle; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
}


@dataclass
class App:
    """What the server serves: the site folder, the descriptions, the endpoint; and its worker pool to close."""

    site: Path
    descriptions: Descriptions
    endpoint: SparqlEndpoint
    pool: WorkerPool
    log: Callable[[str], None] | None = None

    def close(self) -> None:
        self.pool.close()


def site_folder(project: Project, site: Path | None, notice: Callable[[str], None] | None = None) -> Path:
    """The site to serve: ``site`` if given (it must hold index.html; a stale one is only noticed), else dist/site,
    built when missing or older than the build.

    The build comes first (rebuilt if stale, as `diplokg query` does), since the site is made from it.
    """
    from ..build import ensure_built

    if site is not None and not (site / "index.html").is_file():
        what = "not a folder" if not site.is_dir() else "no index.html in it"
        raise ConfigError(f"--site {site}: {what} (make one with `diplokg site --out {site}`)")
    if ensure_built(project, notice=notice) and notice:
        notice("the graph was stale or missing and has been rebuilt")
    manifest = project.dist_dir / "manifest.json"
    if site is not None:
        if notice and _older_than(site, manifest):
            notice(f"the site in {site} is older than the build: its pages may not show the graph served (run `diplokg site --out {site}`)")
        return site
    default = project.dist_dir / SITE_FOLDER
    if (default / "index.html").is_file() and not _older_than(default, manifest):
        return default
    try:
        from .site import build_site  # written by `diplokg site`; serving (re)builds the default site when missing or stale
    except ImportError:
        raise ConfigError(f"no site at {default}: run `diplokg site` first") from None
    if notice:
        notice(f"{'the site is older than the build' if (default / 'index.html').is_file() else 'no site'} at {default}: building it")
    build_site(project, default)
    return default


def _older_than(site: Path, manifest: Path) -> bool:
    """Whether the site's pages were written before the build they should show."""
    return manifest.is_file() and manifest.stat().st_mtime > (site / "index.html").stat().st_mtime


def open_app(
    project: Project,
    site: Path,
    workers: int = DEFAULT_WORKERS,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    log: Callable[[str], None] | None = None,
) -> App:
    """Everything the server needs, loaded from the build: the asserted graph for descriptions, and ``workers``
    query processes each holding the graph; ``site`` is the folder of pages (see ``site_folder``)."""
    from ..build import STEM
    from ..catalogue import load_catalogue
    from ..manifest import open_build

    if workers < 1 or timeout <= 0 or max_rows < 1:
        raise ConfigError("--workers and --max-rows must be at least 1, --timeout more than 0")
    with open_build(project.dist_dir) as built:
        quads = built.file(f"{STEM}.nq", digest=True)
        pool = WorkerPool(quads, size=workers, timeout=timeout)
        failure: list[BaseException] = []

        def start() -> None:
            try:
                pool.start()
            except BaseException as exc:  # reported once the graph below is loaded
                failure.append(exc)

        starting = threading.Thread(target=start, name="diplokg-pool-start")
        starting.start()  # the workers load the graph while this process loads it for the descriptions
        try:
            descriptions = Descriptions(load_asserted(quads))
        except BaseException:
            starting.join()
            pool.close()
            raise
        starting.join()
        if failure:
            pool.close()
            raise failure[0]
    catalogue = load_catalogue(project.queries_dir) if project.queries_dir.is_dir() else {}
    endpoint = SparqlEndpoint(pool, max_rows, catalogue, page_exists=lambda path: (site / path).is_file())
    return App(site, descriptions, endpoint, pool, log)


class Handler(SimpleHTTPRequestHandler):
    """One request: routed to the endpoint, the Linked Data documents, or the site's files."""

    server_version = f"diplokg/{__version__}"
    protocol_version = "HTTP/1.1"  # keep-alive: a page's stylesheet and pictures come over one connection
    # Headers and body go out in two writes; with Nagle's algorithm the second waits for the client's delayed
    # ACK, 40 ms on Linux, on every kept-alive response.
    disable_nagle_algorithm = True
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **STATIC_TYPES}
    server: _Server

    @property
    def app(self) -> App:
        return self.server.app

    def do_GET(self) -> None:
        self._guarded(self._get, head=False)

    def do_HEAD(self) -> None:
        self._guarded(self._get, head=True)

    def do_POST(self) -> None:
        self._guarded(self._post, head=False)

    def _refuse(self) -> None:
        message = f"method {self.command} not allowed: this server is read-only\n"
        self.close_connection = True  # a body it may carry is not read
        self._send(405, TEXT, message.encode(), {"Allow": METHODS})

    do_PUT = do_DELETE = do_PATCH = _refuse

    def _guarded(self, answer: Callable[[bool], None], head: bool) -> None:
        try:
            answer(head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away
        except Exception as exc:  # a bug here must not take the connection down silently: one line, and a 500
            if self.app.log is not None:
                self.app.log(f"error answering {self.command} {self.path}: {type(exc).__name__}: {exc}")
            self.close_connection = True
            self._send(500, TEXT, f"internal error: {type(exc).__name__}\n".encode(), head=head)

    def _get(self, head: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if path.rstrip("/") == "/sparql":
            self._endpoint("GET", b"", head)
            return
        if path.startswith("/id/") and self._linked_data(path, head):
            return
        if path == "/favicon.ico" and not (self.app.site / "favicon.ico").is_file():
            self._send(204, TEXT, b"", head=head)  # every browser asks for one: no icon, and no error in its console
            return
        if head:
            super().do_HEAD()
        else:
            super().do_GET()

    def _post(self, head: bool) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path.rstrip("/") != "/sparql":
            self.close_connection = True  # the body is not read: the connection cannot be reused
            self._send(405, TEXT, b"only /sparql takes POST\n", {"Allow": "GET, HEAD"})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            status, reason = (400, "bad Content-Length") if length < 0 else (413, f"the request body is over {MAX_BODY} bytes")
            self._send(status, TEXT, f"{reason}\n".encode())
            return
        self._endpoint("POST", self.rfile.read(length) if length else b"", head=False)

    def _endpoint(self, method: str, body: bytes, head: bool) -> None:
        query_string = urllib.parse.urlsplit(self.path).query
        request = Request(method, query_string, self.headers.get("Accept"), self.headers.get("Content-Type"), body)
        response = self.app.endpoint.handle(request)
        self._send(response.status, response.content_type, response.body, response.headers, head)

    def _linked_data(self, path: str, head: bool) -> bool:
        """Answer a resource IRI or one of its description documents; False to leave the path to the site."""
        found = resource_of(path)
        if found is None:
            return False
        iri, suffix = found
        if suffix == ".html":
            return False  # the site's page
        descriptions = self.app.descriptions
        if suffix is None:
            if not descriptions.exists(iri):
                self._send(404, TEXT, f"nothing is known of {iri}\n".encode())
                return True
            status, location = negotiate(path, self.headers.get("Accept"))
            if status == 406:
                offered = "text/html, text/turtle, application/n-triples, application/ld+json"
                message = f"no acceptable format: {iri} is described as {offered}\n"
                self._send(406, TEXT, message.encode(), {"Vary": "Accept"})
                return True
            self._send(303, TEXT, f"see {location}\n".encode(), {"Location": location, "Vary": "Accept"}, head)
            return True
        media_type = DOCUMENT_TYPES[suffix]
        body = descriptions.document(iri, media_type)
        if body is None:
            self._send(404, TEXT, f"nothing is known of {iri}\n".encode())
            return True
        self._send(200, content_type(media_type), body, {"Link": f'<{iri}>; rel="describes"'}, head)
        return True

    def _send(self, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def list_directory(self, path: str | os.PathLike[str]) -> Any:
        """No folder listings: a folder without index.html is not a page."""
        self.send_error(404, "no page here")
        return None

    def log_message(self, format: str, *args: Any) -> None:
        if self.app.log is not None:
            self.app.log(f"{self.address_string()} {format % args}")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG
    app: App  # set once loaded: the port is taken first, so that a port in use is said at once


class _Server6(_Server):
    address_family = socket.AF_INET6


def make_server(site: Path, bind: str = DEFAULT_BIND, port: int = DEFAULT_PORT) -> _Server:
    """A server for the files of ``site`` listening on ``bind``:``port`` (0: any free port), its ``app`` to be set
    before it serves; ConfigError if it cannot listen."""
    server_class = _Server6 if ":" in bind else _Server
    try:
        return server_class((bind, port), functools.partial(Handler, directory=str(site)))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(f"cannot listen on {bind}:{port}: the port is in use (stop the other server or give --port)") from None
        raise ConfigError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None


def url_of(server: ThreadingHTTPServer) -> str:
    """The base URL a server answers on."""
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in str(host) else host
    return f"http://{shown}:{port}"
