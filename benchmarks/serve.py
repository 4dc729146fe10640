"""Time `diplokg serve` on a synthetic corpus: an entity page, a content-negotiated description, catalogue queries.

    python benchmarks/serve.py                      # the 100k corpus, as compare_queries.py makes and caches it
    python benchmarks/serve.py --size 1M --site /tmp/site-1M

Starts the real command on a free port of 127.0.0.1 and asks it as a client would, one request at a time over
a kept-alive connection, and prints the median (and 90th percentile) milliseconds of each kind of request:

- an entity page (a static file of the site);
- a description by content negotiation: the 303 from the IRI and the Turtle it points to, each time for another
  resource (so none comes from the server's cache), and again for one already asked;
- catalogue queries through the SPARQL endpoint (JSON results), and the flagship on the query page (HTML);
- ``ASK {}``: the endpoint's own cost (HTTP, the pipe to a worker process, serialising) without a query.

It also prints the time to start (the site already built), the resident memory of the server and its workers,
and the wall time of 50 concurrent mixed requests. The goal: ≤ 50 ms median for a page, a description and a
catalogue query at 100k triples.

The site is ``--site``, else ``dist/site`` of the corpus, built with ``diplokg.web.site.build_site`` when missing.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

ID = "https://w3id.org/diplokg/id/"


class Client:
    """One kept-alive HTTP connection; ``get`` returns status, headers and body, and the milliseconds it took."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None):
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data, (time.perf_counter() - started) * 1000


def figures(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"{statistics.median(times):8.1f} {p90:8.1f} {len(times):5d}"


def memory_mb(pid: int) -> float:
    """Resident memory of a process and its children (the query workers), in MB, from /proc."""
    total = 0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        pids += [int(c) for c in children]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def sample_resources(quads: Path, kinds: tuple[str, ...], n: int) -> list[str]:
    """``n`` resource IRIs of the given kinds (person, state...) spread over the corpus, read from its N-Quads."""
    import pyoxigraph as ox

    found: dict[str, None] = {}
    wanted = tuple(ID + k + "/" for k in kinds)
    for quad in ox.parse(path=str(quads), format=ox.RdfFormat.N_QUADS):
        s = quad.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(wanted):
            found.setdefault(s.value)
    iris = list(found)
    step = max(1, len(iris) // n)
    return iris[::step][:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default /tmp/diplokg-compare/SIZE, shared with compare_queries.py)")
    parser.add_argument("--site", type=Path, help="site folder to serve (default: the corpus's dist/site, built when missing)")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)

    from compare_queries import corpus
    from run import project_of
    from servers import free_port

    from diplokg.catalogue import load_catalogue

    folder = corpus(args.size, args.corpus or Path("/tmp/diplokg-compare") / args.size)
    project = project_of(folder)
    site = args.site or project.dist_dir / "site"
    if not (site / "index.html").is_file():
        from diplokg.web.site import build_site

        started = time.perf_counter()
        build_site(project, site)
        print(f"built the site in {time.perf_counter() - started:.1f} s")

    port = free_port()
    command = [sys.executable, "-m", "diplokg.cli", "--root", str(folder), "serve", "--port", str(port), "--site", str(site), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("serving"):
            print(f"diplokg serve did not start: {line}{process.stdout.read() if process.stdout else ''}")
            return 1
        print(f"size {args.size}: started in {time.perf_counter() - started:.1f} s, serving {site}")
        client = Client(port)
        print(f"{'request':58} {'median':>8} {'p90':>8} {'runs':>5}  (ms)")

        person = ID + "person/jang-song-taek"
        page = "/" + person.removeprefix("https://w3id.org/diplokg/") + ".html"
        times = [client.request("GET", page)[3] for _ in range(args.runs)]
        status = client.request("GET", page)[0]
        print(f"{'entity page ' + page:58} {figures(times)}  status {status}")

        others = sample_resources(project.dist_dir / "diplokg.nq", ("person", "state", "organization", "event"), args.runs)
        times, hops = [], []
        for iri in others:
            path = "/" + iri.removeprefix("https://w3id.org/diplokg/")
            status, headers, _, first = client.request("GET", path, {"Accept": "text/turtle"})
            assert status == 303, (path, status)
            status, _, body, second = client.request("GET", headers["Location"], {"Accept": "text/turtle"})
            assert status == 200 and body, (path, status)
            times.append(first + second)
            hops.append(second)
        print(f"{'description: 303 + Turtle, each resource new':58} {figures(times)}")
        print(f"{'  of which the Turtle document':58} {figures(hops)}")
        times = []
        for _ in range(args.runs):
            _, headers, _, first = client.request("GET", "/id/person/jang-song-taek", {"Accept": "text/turtle"})
            times.append(first + client.request("GET", headers["Location"], {"Accept": "text/turtle"})[3])
        print(f"{'description: 303 + Turtle, asked again (cached)':58} {figures(times)}")

        specs = load_catalogue(project.queries_dir)
        json_accept = {"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"}
        for name in ("officials_handling_ties", "timeline", "relation_over_time", "acts_between"):
            if name not in specs:
                continue
            form = urllib.parse.urlencode({"query": specs[name].text}).encode()
            status, _, body, _ = client.request("POST", "/sparql", json_accept, form)
            times = [client.request("POST", "/sparql", json_accept, form)[3] for _ in range(max(5, args.runs // 2))]
            rows = body.count(b'"value"')
            print(f"{'query ' + name + ' (JSON)':58} {figures(times)}  status {status}, {len(body)} bytes, {rows} values")
        flagship = "/sparql?" + urllib.parse.urlencode({"query": specs["officials_handling_ties"].text})
        browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        times = [client.request("GET", flagship, browser)[3] for _ in range(max(5, args.runs // 2))]
        print(f"{'query page: officials_handling_ties (HTML table)':58} {figures(times)}")
        ask = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
        times = [client.request("GET", ask, {"Accept": "application/sparql-results+json"})[3] for _ in range(args.runs * 2)]
        print(f"{'ASK {} (HTTP + worker round trip, no query work)':58} {figures(times)}")

        requests = [("GET", page, {}, None), ("GET", "/id/person/jang-song-taek", {"Accept": "text/turtle"}, None)]
        requests += [("POST", "/sparql", json_accept, urllib.parse.urlencode({"query": specs["timeline"].text}).encode())]
        mixed = [requests[i % len(requests)] for i in range(50)]

        def one(request):
            return Client(port).request(*request)[0]

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(one, mixed))
        wall = (time.perf_counter() - started) * 1000
        print(f"50 concurrent mixed requests: {wall:.0f} ms wall, statuses {sorted(set(statuses))}")
        print(f"resident memory, server and its query workers: {memory_mb(process.pid):.0f} MB")
    finally:
        process.terminate()
        process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
