"""Talking to SPARQL services over HTTP: one place for the User-Agent, credentials, timeouts, retries and error lines.

Queries and updates go through SPARQLWrapper; Graph Store HTTP Protocol requests through urllib. Both
retry a bounded number of times on transient failures (connection reset or refused, 429, 502-504,
honouring Retry-After) and turn everything else into one :class:`EndpointError` line that never
contains credentials.
"""

from __future__ import annotations

import base64
import http.client
import netrc
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from . import __version__
from .catalogue import strip_comments
from .errors import ConfigError, EndpointError

USER_AGENT = f"diplokg/{__version__} (https://w3id.org/diplokg; knowledge graph of diplomatic acts)"
USER_ENV, PASSWORD_ENV = "DIPLOKG_USER", "DIPLOKG_PASSWORD"
TRANSIENT_STATUS = {429, 502, 503, 504}
MAX_RETRY_AFTER = 30.0  # seconds; a longer Retry-After is not worth blocking a command line for
WHY = {
    400: "rejected the request as malformed",
    401: f"refused the credentials (set {USER_ENV}/{PASSWORD_ENV} or a netrc entry for the host)",
    403: "forbids this request (read-only endpoint, or the account may not write)",
    404: "has no such endpoint (check the URL)",
    405: "does not accept this method here (is this the right endpoint?)",
    413: "refused the request as too large",
    414: "refused the request URI as too long",
    406: "cannot answer in the one format asked for (SPARQL JSON results, or Turtle for graphs)",
    500: "failed with an internal error",
}

T = TypeVar("T")


@dataclass(frozen=True)
class Service:
    """An HTTP endpoint and how to talk to it; credentials come from the environment or netrc, never the command line."""

    url: str
    timeout: float = 30.0
    retries: int = 2
    credentials: tuple[str, str] | None = None

    @classmethod
    def at(cls, url: str, timeout: float = 30.0, retries: int = 2) -> Service:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(f"not an http(s) endpoint URL: {safe_url(url)!r}")
        if parsed.username or parsed.password:
            raise ConfigError(f"credentials in the URL are not accepted ({safe_url(url)}); set {USER_ENV}/{PASSWORD_ENV} or use netrc")
        return cls(url, timeout, retries, credentials_for(url))

    @property
    def name(self) -> str:
        return safe_url(self.url)


def safe_url(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.username is None and parsed.password is None:
        return url
    host = parsed.hostname or ""
    netloc = host + (f":{parsed.port}" if parsed.port else "")
    return urllib.parse.urlunsplit(parsed._replace(netloc=netloc))


def credentials_for(url: str) -> tuple[str, str] | None:
    """Basic-auth credentials: $DIPLOKG_USER/$DIPLOKG_PASSWORD, else the netrc entry ($NETRC or ~/.netrc) for the URL's host."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user or password:
        if not (user and password is not None):
            raise ConfigError(f"set both {USER_ENV} and {PASSWORD_ENV}, or neither")
        return user, password
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"{path}{f':{line}' if line else ''}: cannot read netrc file") from None
    if entry is None:
        return None
    login, _, password = entry
    return (login or "", password or "")


def _basic(credentials: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode("ascii")


def _status_of(exc: BaseException) -> tuple[int | None, str]:
    """The HTTP status an exception stands for (None for network failures) and the server's first line of detail."""
    from SPARQLWrapper import SPARQLExceptions as sw

    by_class = {sw.QueryBadFormed: 400, sw.Unauthorized: 401, sw.EndPointNotFound: 404, sw.URITooLong: 414, sw.EndPointInternalError: 500}
    if isinstance(exc, urllib.error.HTTPError):
        try:
            body = exc.read().decode("utf-8", "replace")
        except OSError:
            body = ""
        return exc.code, _first_line(body)
    for cls, code in by_class.items():
        if isinstance(exc, cls):
            # SPARQLWrapper puts the server's answer after its own explanation
            text = str(exc)
            return code, _first_line(text.split("Response:", 1)[1] if "Response:" in text else "")
    return None, ""


def _first_line(text: str) -> str:
    for line in text.strip().splitlines():
        line = line.strip()
        if line[:2] in ("b'", 'b"'):  # a bytes repr, as SPARQLWrapper quotes the server's answer
            line = line[1:]
        line = line.strip("'\"").replace("\\n", " ").strip()
        if line:
            return line[:200]
    return ""


def _is_timeout(exc: BaseException) -> bool:
    reason = getattr(exc, "reason", None)
    return isinstance(exc, (socket.timeout, TimeoutError)) or isinstance(reason, (socket.timeout, TimeoutError))


def call(service: Service, action: Callable[[], T], sleep: Callable[[float], None] = time.sleep) -> T:
    """Run one HTTP exchange with bounded retries on transient failures; raise a one-line EndpointError otherwise."""
    for attempt in range(service.retries + 1):
        last = attempt == service.retries
        try:
            return action()
        except EndpointError:
            raise
        except Exception as exc:  # network and protocol failures of two client libraries, classified below
            status, detail = _status_of(exc)
            if _is_timeout(exc):
                if last:
                    raise EndpointError(f"{service.name} did not answer within {service.timeout:g} s") from None
                delay = 0.0
            elif status is None:
                if _is_client_error(exc):
                    raise EndpointError(f"{service.name} refused the request: {_first_line(str(exc)) or type(exc).__name__}") from None
                if not isinstance(exc, (OSError, http.client.HTTPException)):
                    raise
                if last:
                    reason = getattr(exc, "reason", exc)
                    text = getattr(reason, "strerror", None) or str(reason) or type(exc).__name__
                    raise EndpointError(f"cannot reach {service.name}: {text}") from None
                delay = 0.5 * 2**attempt
            elif status in TRANSIENT_STATUS and not last:
                delay = _retry_after(exc, 0.5 * 2**attempt)
            else:
                why = WHY.get(status, "answered with an error")
                raise EndpointError(f"{service.name} {why}: HTTP {status}" + (f": {detail}" if detail else "")) from None
        sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def _is_client_error(exc: BaseException) -> bool:
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    return isinstance(exc, SPARQLWrapperException)


def _retry_after(exc: BaseException, default: float) -> float:
    headers = getattr(exc, "headers", None)
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value))) if value else default
    except ValueError:
        return default


SPARQL_JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
# One media type per query form, with no alternatives: offered SPARQLWrapper's list (plain application/json
# among others, no q-values), Comunica picks application/json and answers in its own non-W3C form. Turtle
# rather than N-Triples for graphs: every store we know serves it (Virtuoso labels N-Triples text/plain).
ACCEPT = {"SELECT": SPARQL_JSON, "ASK": SPARQL_JSON, "CONSTRUCT": TURTLE, "DESCRIBE": TURTLE}


@dataclass(frozen=True)
class Reply:
    """A SPARQL protocol answer: the request's kind (SELECT, CONSTRUCT, INSERT...), the media type asked for, what came back."""

    kind: str
    accept: str  # "" for updates
    media_type: str  # the Content-Type without parameters, lower case; "" when the server sent none
    body: bytes
    server: str = ""  # the Server header: which store answered (some need queries in another shape)


def exchange(service: Service, text: str, default_graphs: Sequence[str] = ()) -> Reply:
    """POST a SPARQL query or update through SPARQLWrapper, asking for exactly the one media type in ACCEPT for queries."""
    from SPARQLWrapper import BASIC, POST, SPARQLWrapper

    client = SPARQLWrapper(service.url, agent=USER_AGENT)
    client.setMethod(POST)
    client.setTimeout(max(1, round(service.timeout)))
    if service.credentials:
        client.setHTTPAuth(BASIC)
        client.setCredentials(*service.credentials)
    # SPARQLWrapper finds the query's kind by a keyword search that comments can fool ("addressee" reads as ADD)
    client.setQuery(strip_comments(text))
    # The same graphs are also the named graphs, so GRAPH patterns (a fact's class in its own article's
    # graph) see them: with default-graph-uri alone the protocol gives a dataset without named graphs.
    for graph in default_graphs:
        client.addDefaultGraph(graph)
        client.addNamedGraph(graph)
    kind, accept = client.queryType, ""
    if not client.isSparqlUpdateRequest():
        accept = ACCEPT.get(kind, SPARQL_JSON)
        # A custom header replaces the library's own Accept list (urllib keeps one value per header name);
        # conneg only, so no format=/output= parameters contradict it.
        client.addCustomHttpHeader("Accept", accept)
        client.setOnlyConneg(True)

    def action() -> Reply:
        response = client.query().response
        media_type = (response.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        return Reply(kind, accept, media_type, response.read(), response.headers.get("Server") or "")

    return call(service, action)


def sparql(service: Service, text: str, default_graphs: Sequence[str] = ()) -> tuple[str, bytes]:
    """POST a SPARQL query or update; return its kind (SELECT, CONSTRUCT, INSERT...) and the body, unchecked.

    SELECT and ASK answers are asked for as SPARQL JSON results, CONSTRUCT and DESCRIBE as Turtle.
    """
    reply = exchange(service, text, default_graphs)
    return reply.kind, reply.body


def send(service: Service, method: str, url: str, body: bytes | None = None, content_type: str | None = None) -> int:
    """One Graph Store HTTP Protocol request (PUT/POST/DELETE/HEAD/GET); returns the status code."""

    def action() -> int:
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("User-Agent", USER_AGENT)
        if content_type:
            request.add_header("Content-Type", content_type)
        if service.credentials:
            request.add_header("Authorization", _basic(service.credentials))
        with urllib.request.urlopen(request, timeout=service.timeout) as response:
            response.read()
            return response.status

    return call(service, action)
