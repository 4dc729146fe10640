"""A polite client for a Wikidata SPARQL endpoint (the public Wikidata Query Service by default).

What the service's policy asks, and what this client does:

* a descriptive User-Agent with a contact (the service refuses, or answers empty to, library defaults);
* queries sent with POST (form-encoded), so a long VALUES list never hits a URL length limit;
* a client-side timeout on every request (the service itself stops queries at 60 s);
* one request at a time per client (a lock), with a minimum pause between requests;
* on 429 Too Many Requests (or 503 with Retry-After), waiting as long as Retry-After says, up to a cap,
  then trying again a bounded number of times; a Retry-After beyond the cap is an error, not a long sleep.

Python's urllib is used rather than SPARQLWrapper, which hides the status and headers of such answers.
Every failure is an :class:`~diplokg.errors.EndpointError` with a one-line message.

>>> client = WikidataClient("http://127.0.0.1:9/sparql", timeout=2)
>>> client.user_agent.startswith("diplokg/")
True
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime

from . import __version__
from .errors import EndpointError
from .terms import Term

WDQS_ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = f"diplokg/{__version__} (https://w3id.org/diplokg; diplokg@example.org)"
SPARQL_JSON = "application/sparql-results+json"
TURTLE = "text/turtle"

WD = "http://www.wikidata.org/entity/"
QID_IRI = WD + "Q"

# The prefixes of Wikidata's RDF model; sent with every query so that it also runs on a store that does not
# predefine them as the Wikidata Query Service does.
PREFIXES = {
    "wd": WD,
    "wdt": "http://www.wikidata.org/prop/direct/",
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "wikibase": "http://wikiba.se/ontology#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def prefix_block() -> str:
    """PREFIX lines for Wikidata's vocabulary."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def is_qid_iri(value: str) -> bool:
    """True for a well-formed Wikidata item IRI, ``http://www.wikidata.org/entity/Q<digits>``.

    >>> is_qid_iri("http://www.wikidata.org/entity/Q423"), is_qid_iri("https://www.wikidata.org/wiki/Q423")
    (True, False)
    >>> is_qid_iri("http://www.wikidata.org/entity/Q0423")
    False
    """
    if not value.startswith(QID_IRI):
        return False
    digits = value[len(QID_IRI) :]
    return digits.isdigit() and digits.isascii() and not digits.startswith("0")


def qid(value: str) -> str:
    """The Q-id of an item IRI (``Q423``), or of a Q-id given as is.

    >>> qid("http://www.wikidata.org/entity/Q423"), qid("Q17")
    ('Q423', 'Q17')
    """
    return value[len(WD) :] if value.startswith(WD) else value


class WikidataClient:
    """Sends SPARQL queries to one endpoint, one at a time, politely; returns parsed answers."""

    def __init__(
        self,
        endpoint: str = WDQS_ENDPOINT,
        timeout: float = 60.0,
        user_agent: str = USER_AGENT,
        max_retries: int = 3,
        max_wait: float = 60.0,
        min_interval: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise EndpointError(f"not an HTTP(S) endpoint URL: {endpoint!r}")
        self.endpoint, self.timeout, self.user_agent = endpoint, timeout, user_agent
        self.max_retries, self.max_wait, self.min_interval = max_retries, max_wait, min_interval
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last = 0.0
        self.requests = 0  # how many HTTP requests were sent (tests and reports)

    # --- public ------------------------------------------------------------------------------------------

    def select(self, query: str) -> list[dict[str, Term]]:
        """The rows of a SELECT query, each a mapping of variable name to term (unbound variables left out)."""
        body = self._post(query, SPARQL_JSON)
        try:
            data = json.loads(body)
            bindings = data["results"]["bindings"]
            return [{name: Term.from_json(value) for name, value in row.items()} for row in bindings]
        except (ValueError, KeyError, TypeError):
            raise EndpointError(f"{self.endpoint} did not answer with SPARQL JSON results") from None

    def construct(self, query: str) -> bytes:
        """The Turtle answer of a CONSTRUCT query, checked to parse."""
        import pyoxigraph as ox

        body = self._post(query, TURTLE)
        try:
            ox.parse(body, format=ox.RdfFormat.TURTLE)
        except SyntaxError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "unparsable"
            raise EndpointError(f"{self.endpoint} did not answer with Turtle: {first[:200]}") from None
        return body

    # --- HTTP --------------------------------------------------------------------------------------------

    def _post(self, query: str, accept: str) -> bytes:
        with self._lock:  # one request at a time, whatever the caller does with threads
            for attempt in range(self.max_retries + 1):
                self._pause()
                try:
                    return self._send(query, accept)
                except urllib.error.HTTPError as exc:
                    wait = self._retry_wait(exc, attempt)
                    if wait is None:
                        raise self._http_error(exc) from None
                    self._sleep(wait)
            raise EndpointError(f"{self.endpoint} kept answering 429 after {self.max_retries} retries")  # pragma: no cover

    def _pause(self) -> None:
        if self.min_interval > 0 and self._last:
            gap = self.min_interval - (time.monotonic() - self._last)
            if gap > 0:
                self._sleep(gap)

    def _send(self, query: str, accept: str) -> bytes:
        data = urllib.parse.urlencode({"query": query}).encode("utf-8")
        request = urllib.request.Request(
            self.endpoint,
            data=data,
            method="POST",
            headers={
                "User-Agent": self.user_agent,
                "Accept": accept,
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            },
        )
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError:
            raise
        except TimeoutError:
            raise self._timeout() from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise self._timeout() from None
            reason = getattr(exc.reason, "strerror", None) or exc.reason
            raise EndpointError(f"cannot reach {self.endpoint}: {reason}") from None
        except OSError as exc:
            raise EndpointError(f"cannot reach {self.endpoint}: {exc.strerror or exc}") from None
        finally:
            self._last = time.monotonic()

    def _timeout(self) -> EndpointError:
        return EndpointError(f"{self.endpoint} did not answer within {self.timeout:g} s")

    def _retry_wait(self, exc: urllib.error.HTTPError, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None when the answer is final."""
        retry_after = exc.headers.get("Retry-After") if exc.headers else None
        if exc.code != 429 and not (exc.code == 503 and retry_after):
            return None
        if attempt >= self.max_retries:
            raise EndpointError(f"{self.endpoint} still answered {exc.code} (too many requests) after {self.max_retries} retries") from None
        wait = parse_retry_after(retry_after) if retry_after else None
        if wait is None:
            wait = min(self.max_wait, 2.0**attempt)
        if wait > self.max_wait:
            raise EndpointError(
                f"{self.endpoint} answered {exc.code} and asks to wait {wait:g} s, more than the {self.max_wait:g} s allowed; try later"
            ) from None
        return wait

    def _http_error(self, exc: urllib.error.HTTPError) -> EndpointError:
        try:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            detail = []
        first = next((line.strip() for line in detail if line.strip()), "")
        return EndpointError(f"{self.endpoint} answered HTTP {exc.code} {exc.reason}" + (f": {first[:200]}" if first else ""))


def parse_retry_after(value: str, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date; None if unreadable.

    >>> parse_retry_after("7")
    7.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC))
    30.0
    >>> parse_retry_after("soon") is None
    True
    """
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None:  # pragma: no cover - older Pythons
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
