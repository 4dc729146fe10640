"""Wikidata links, `diplokg link` and `diplokg enrich`, and the federated / enriched example queries.

The links in data/ are checked offline. Everything that talks to an endpoint runs against servers on
127.0.0.1 only: `oxigraph serve` loaded with a small Wikidata-shaped fixture (tests/fixtures/wikidata/), and a
stub HTTP server that is slow, fails or asks the client to back off.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, SKOS

from diplokg.build import MANIFEST, build
from diplokg.cli import main
from diplokg.engines import OxigraphEngine
from diplokg.enrich import ENRICHMENT_FILE, enrich
from diplokg.errors import EndpointError, ValidationError
from diplokg.link import (
    LINKS_COLUMNS,
    LINKS_FILE,
    REVIEW_COLUMNS,
    Entity,
    LinkRecord,
    accept_links,
    note_problems,
    parse_sources,
    propose,
    propose_links,
    read_links_record,
)
from diplokg.project import Project
from diplokg.rdfio import parse_turtle
from diplokg.terms import Term
from diplokg.wikidata import USER_AGENT, WikidataClient, is_qid_iri

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wikidata"
FEDERATED = sorted((ROOT / "queries" / "federated").glob("*.rq"))
ENRICHED = sorted((ROOT / "queries" / "enriched").glob("*.rq"))
WDQS = "https://query.wikidata.org/sparql"
PERSON = "https://w3id.org/diplokg/id/person/"
PLACE = "https://w3id.org/diplokg/id/place/"


# --- the links in data/ (offline) ------------------------------------------------------------------------


def data_links(project: Project) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for path in project.data_files():
        for subject, item in parse_turtle(path).subject_objects(SKOS.exactMatch):
            if "wikidata" in str(item):
                links.setdefault(str(subject), []).append(str(item))
    return links


def test_every_link_in_data_is_well_formed_unique_and_recorded(project: Project) -> None:
    links = data_links(project)
    assert len(links) >= 30, "the links in data/ went missing"
    malformed = [(e, i) for e, items in links.items() for i in items if not is_qid_iri(i)]
    assert not malformed, "a link must be http://www.wikidata.org/entity/Q<digits>"
    several = {e: items for e, items in links.items() if len(items) > 1}
    assert not several, "one Wikidata item per entity"
    owners: dict[str, list[str]] = {}
    for entity, items in links.items():
        owners.setdefault(items[0], []).append(entity)
    shared = {item: entities for item, entities in owners.items() if len(entities) > 1}
    assert not shared, "no two entities may share a Wikidata item"

    record = read_links_record(project.data_dir / LINKS_FILE)
    recorded = {r.entity: "http://www.wikidata.org/entity/" + r.qid for r in record.values() if r.status == "linked"}
    linked = {e: items[0] for e, items in links.items()}
    assert recorded == linked, "every link has a 'linked' row in data/wikidata-links.tsv and vice versa"
    for row in record.values():
        if row.status == "linked":
            assert row.wikidata_label and row.wikidata_type and row.matching_facts and row.evidence, f"{row.entity}: evidence incomplete"
        else:
            assert not row.qid and row.evidence, f"{row.entity}: a {row.status} row gives no Q-id but says why"


def test_every_link_names_the_sources_it_was_verified_against(project: Project) -> None:
    record = read_links_record(project.data_dir / LINKS_FILE)
    for row in record.values():
        sources = parse_sources(row.sources)
        if row.status == "linked":
            assert sources, f"{row.entity}: a link names the files its label and second property were read from"
            assert row.qid in row.matching_facts, f"{row.entity}: the matched values are quoted with the item's Q-id"
        for source in sources:
            if source.form == "github":
                assert source.part("repo").count("/") == 1 and source.part("path") and len(source.part("commit")) == 40
    exported = {r.entity.rsplit("/", 1)[1]: r for r in record.values() if "everypolitician-data/" in r.sources and r.status == "linked"}
    assert {"kim-jong-un", "choe-ryong-hae", "ri-su-yong", "shinzo-abe", "barack-obama"} <= set(exported)
    assert exported["choe-ryong-hae"].qid == "Q714509" and "1950-01-15" in exported["choe-ryong-hae"].matching_facts
    assert exported["ri-su-yong"].qid == "Q9310191" and "리수용" in exported["ri-su-yong"].matching_facts


def test_no_note_offers_a_q_id_the_record_contradicts(project: Project) -> None:
    record = read_links_record(project.data_dir / LINKS_FILE)
    assert note_problems(record.values()) == []
    jang = record[PERSON + "jang-song-taek"]
    assert jang.qid == "Q496004" and "장성택" in jang.matching_facts and "1946-01-22" in jang.matching_facts
    unverified = [r for r in record.values() if r.status == "unverified"]
    assert unverified and all("searched" in r.evidence.lower() for r in unverified), "an unverifiable entity says what was searched"


def test_note_problems_and_sources_are_checked() -> None:
    linked = LinkRecord(PERSON + "a", "linked", "Q1", "A", "human", "Q1 label 'A'; capital Q2", "stored:12", "x")
    other = LinkRecord(PERSON + "b", "linked", "Q2", "B", "city", "Q2 'B'; instance of Q5", "stored:13", "x")
    offered = LinkRecord(PERSON + "c", "unverified", evidence="a dataset gives Q3 for C")
    stray = LinkRecord(PERSON + "d", "linked", "Q4", "D", "human", "Q4 'D'; earlier Q9 was wrong", "stored:14", "x")
    problems = note_problems([linked, other, offered, stray])
    assert [p.split(":", 2)[1] for p in problems] == ["//w3id.org/diplokg/id/person/c", "//w3id.org/diplokg/id/person/d"]
    assert "Q3" in problems[0] and "Q9" in problems[1]
    commit = "0123456789abcdef0123456789abcdef01234567"
    [source] = parse_sources(f"github:owner/repo/data/x.csv@{commit}")
    assert (source.part("repo"), source.part("path"), source.part("commit")) == ("owner/repo", "data/x.csv", commit)
    assert [s.form for s in parse_sources("stored:42; review:proposals.tsv@2026-01-02")] == ["stored", "review"]
    for bad in ("github:owner/repo@" + commit, "github:owner/repo/x.csv@abc", "somewhere", "stored:x"):
        with pytest.raises(ValueError, match="is not github"):
            parse_sources(bad)


def test_a_link_without_sources_is_refused(tmp_path: Path) -> None:
    path = tmp_path / LINKS_FILE
    path.write_text("\t".join(LINKS_COLUMNS) + "\n" + "\t".join([PERSON + "a", "linked", "Q1", "A", "human", "Q1 'A'", "", "x"]) + "\n")
    with pytest.raises(ValidationError, match="names its sources"):
        read_links_record(path)


def test_link_record_names_only_entities_of_the_graph(project: Project) -> None:
    subjects: set[str] = set()
    for path in project.data_files():
        subjects |= {str(s) for s in parse_turtle(path).subjects()}
    record = read_links_record(project.data_dir / LINKS_FILE)
    assert len(record) >= 33
    assert not sorted(set(record) - subjects)
    header = (project.data_dir / LINKS_FILE).read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == LINKS_COLUMNS


def test_qid_iris() -> None:
    assert is_qid_iri("http://www.wikidata.org/entity/Q56226")
    for bad in ("https://www.wikidata.org/entity/Q1", "http://www.wikidata.org/wiki/Q1", "http://www.wikidata.org/entity/P39", "Q42"):
        assert not is_qid_iri(bad)


# --- a stub endpoint: slow, failing, throttling --------------------------------------------------------------


class Stub(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []
    busy_left = 0

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        agent, kind = self.headers.get("User-Agent", ""), self.headers["Content-Type"]
        Stub.seen.append({"path": self.path, "agent": agent, "body": body, "type": kind})
        if self.path == "/slow":
            time.sleep(3)
            self._send(200, b"{}")
        elif self.path == "/error":
            self._send(500, b"java.lang.IllegalStateException: something broke\nmore detail\n")
        elif self.path == "/busy":
            if Stub.busy_left > 0:
                Stub.busy_left -= 1
                self._send(429, b"Too Many Requests", {"Retry-After": "2"})
            else:
                answer = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}
                self._send(200, json.dumps(answer).encode())
        elif self.path == "/banned":
            self._send(429, b"Too Many Requests", {"Retry-After": "3600"})
        elif self.path == "/garbage":
            self._send(200, b"<html>not results</html>")
        else:
            self._send(404, b"no such endpoint")

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)


@pytest.fixture(scope="module")
def stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_client_posts_with_a_descriptive_user_agent(stub: str) -> None:
    Stub.busy_left = 0
    rows = WikidataClient(stub + "/busy", timeout=5).select("SELECT ?x WHERE { }")
    assert rows == [{"x": Term.literal("ok")}]
    request = Stub.seen[-1]
    assert request["agent"] == USER_AGENT
    assert request["agent"].startswith("diplokg/") and "@" in request["agent"] and "https://" in request["agent"]
    assert request["type"].startswith("application/x-www-form-urlencoded") and request["body"].startswith("query=")


def test_client_backs_off_as_retry_after_says(stub: str) -> None:
    Stub.busy_left = 2
    waits: list[float] = []
    client = WikidataClient(stub + "/busy", timeout=5, sleep=waits.append)
    assert client.select("SELECT ?x WHERE { }")[0]["x"].value == "ok"
    assert waits == [2.0, 2.0]
    assert client.requests == 3


def test_client_gives_up_when_asked_to_wait_too_long(stub: str) -> None:
    waits: list[float] = []
    with pytest.raises(EndpointError, match="asks to wait 3600 s"):
        WikidataClient(stub + "/banned", timeout=5, max_wait=60, sleep=waits.append).select("SELECT * WHERE { }")
    assert waits == []


@pytest.mark.parametrize(
    ("path", "timeout", "message"),
    [
        ("/slow", 0.5, "did not answer within 0.5 s"),
        ("/error", 5, "answered HTTP 500"),
        ("/garbage", 5, "did not answer with SPARQL JSON results"),
        ("/nothing-here", 5, "answered HTTP 404"),
    ],
    ids=["slow", "error", "not-json", "not-found"],
)
def test_client_errors_are_one_clear_line(stub: str, path: str, timeout: float, message: str) -> None:
    with pytest.raises(EndpointError, match=message) as info:
        WikidataClient(stub + path, timeout=timeout).select("SELECT * WHERE { }")
    assert "\n" not in str(info.value)


def test_client_reports_an_unreachable_endpoint() -> None:
    with pytest.raises(EndpointError, match="cannot reach"):
        WikidataClient(f"http://127.0.0.1:{closed_port()}/sparql", timeout=2).select("SELECT * WHERE { }")


def run(project: Project, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("command", "path", "message"),
    [
        ("link", "down", "cannot reach"),
        ("link", "/slow", "did not answer within 1 s"),
        ("link", "/error", "answered HTTP 500 Internal Server Error: java.lang.IllegalStateException"),
        ("enrich", "down", "cannot reach"),
        ("enrich", "/slow", "did not answer within 1 s"),
        ("enrich", "/error", "answered HTTP 500"),
    ],
)
def test_endpoint_failures_write_nothing(
    scratch_project: Project, stub: str, tmp_path: Path, command: str, path: str, message: str
) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}/sparql" if path == "down" else stub + path
    before = snapshot(scratch_project.data_dir)
    review = tmp_path / "review.tsv"
    extra = ["--out", str(review)] if command == "link" else []
    code, out, err = run(scratch_project, command, "--endpoint", endpoint, "--timeout", "1", *extra)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("diplokg: ") and message in err, err
    assert snapshot(scratch_project.data_dir) == before
    assert not review.exists()


def test_accept_refuses_a_malformed_review_file(scratch_project: Project, tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text("entity\tcandidate\n", encoding="utf-8")
    before = snapshot(scratch_project.data_dir)
    code, _, err = run(scratch_project, "link", "--accept", str(review))
    assert code != 0 and "not a review file" in err
    assert snapshot(scratch_project.data_dir) == before


# --- against a local SPARQL server with the Wikidata-shaped fixture -----------------------------------------


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    return found


def serve(files: list[Path], location: Path, union: bool = False) -> tuple[subprocess.Popen, str]:
    """Load ``files`` into a new Oxigraph store and serve it on 127.0.0.1; returns the process and query URL."""
    binary = oxigraph_binary()
    for path in files:
        subprocess.run([binary, "load", "--location", str(location), "--file", str(path)], check=True, capture_output=True, timeout=120)
    port = closed_port()
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *(["--union-default-graph"] if union else [])]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(urllib.request.Request(url + "?query=ASK%7B%7D"), timeout=1).read()
            return process, url
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("oxigraph server did not start")


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = serve([FIXTURES / "wikidata.ttl"], tmp_path_factory.mktemp("wikidata-store"))
    yield url
    process.terminate()
    process.wait(timeout=10)


def unlink(project: Project, *entities: str) -> None:
    """Remove the Wikidata links of ``entities`` from the scratch project's entities.ttl."""
    path = project.data_dir / "entities.ttl"
    graph = Graph().parse(path)
    for entity in entities:
        graph.remove((URIRef(entity), SKOS.exactMatch, None))
    from diplokg.rdfio import canonical_turtle

    path.write_text(canonical_turtle(graph), encoding="utf-8")


def review_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t"))


@pytest.mark.server
def test_link_ranks_the_right_candidate_first(scratch_project: Project, wikidata: str) -> None:
    unlink(scratch_project, PERSON + "kim-jong-un", PLACE + "pyongyang", PERSON + "choe-ryong-hae")
    proposals = {p.entity.iri: p for p in propose_links(scratch_project, WikidataClient(wikidata, timeout=10))}
    kim = proposals[PERSON + "kim-jong-un"]
    assert [c.item for c in kim.candidates] == ["Q56226", "Q999000001"]
    assert [c.status for c in kim.candidates] == ["best", "alternative"]
    assert any("citizenship Q423 matches" in w for w in kim.candidates[0].why)
    assert any("does not match" in w for w in kim.candidates[1].why)
    pyongyang = proposals[PLACE + "pyongyang"]
    assert pyongyang.candidates[0].item == "Q18808" and pyongyang.status == "best"
    assert pyongyang.candidates[1].item == "Q999000004" and pyongyang.candidates[1].score < pyongyang.candidates[0].score
    assert proposals["https://w3id.org/diplokg/id/organization/kcna"].candidates[0].item == "Q999000005"
    assert PERSON + "barack-obama" not in proposals, "linked entities are not proposed again"
    assert PERSON + "unnamed-senior-japanese-official-2013-05" not in proposals, "entities recorded as having no item are skipped"
    assert proposals[PERSON + "choe-ryong-hae"].candidates[0].item == "Q999000010", "an entity whose link is gone is proposed again"
    assert proposals[PERSON + "roh-moo-hyun"].entity.kind == "person", "unverified entities are proposed"
    assert "https://w3id.org/diplokg/id/group/skeptics" not in proposals, "groups have no item"


@pytest.mark.server
def test_link_reports_an_ambiguous_name(scratch_project: Project, wikidata: str) -> None:
    unlink(scratch_project, PERSON + "ri-su-yong")
    [ri] = propose_links(scratch_project, WikidataClient(wikidata, timeout=10), [PERSON + "ri-su-yong"])
    assert ri.status == "ambiguous"
    assert {c.item for c in ri.candidates} == {"Q999000011", "Q999000002"}
    assert all(c.status == "ambiguous" for c in ri.candidates)


@pytest.mark.server
def test_states_must_be_countries(wikidata: str) -> None:
    entity = Entity("https://w3id.org/diplokg/id/state/x", "state", "North Korea", [Term.literal("North Korea", lang="en")])
    proposal = propose(WikidataClient(wikidata, timeout=10), entity)
    assert [c.item for c in proposal.candidates] == ["Q423"], "the film called North Korea is not a country"


@pytest.mark.server
def test_korean_names_are_looked_up(wikidata: str) -> None:
    entity = Entity("https://w3id.org/diplokg/id/place/x", "place", "평양", [Term.literal("평양", lang="ko")], {"Q423"})
    proposal = propose(WikidataClient(wikidata, timeout=10), entity)
    assert proposal.candidates[0].item == "Q18808" and proposal.status == "best"
    assert "'평양'@ko" in proposal.candidates[0].why[0]


@pytest.mark.server
def test_link_writes_a_review_file_and_never_edits_data(scratch_project: Project, wikidata: str, tmp_path: Path) -> None:
    unlink(scratch_project, PERSON + "kim-jong-un")
    before = snapshot(scratch_project.data_dir)
    review = tmp_path / "proposals.tsv"
    code, out, err = run(scratch_project, "link", "--endpoint", wikidata, "--out", str(review))
    assert code == 0, err
    assert "wrote" in out and "--accept" in out
    assert snapshot(scratch_project.data_dir) == before
    rows = review_rows(review)
    assert list(rows[0]) == REVIEW_COLUMNS
    kim = [r for r in rows if r["entity"] == PERSON + "kim-jong-un"]
    assert kim[0]["candidate"] == "Q56226" and kim[0]["rank"] == "1" and int(kim[0]["score"]) >= 80
    assert all(r["accept"] == "" for r in rows), "nothing is accepted for the reviewer"
    assert any(r["status"] == "no-candidate" for r in rows)


@pytest.mark.server
def test_accept_applies_only_the_rows_marked_yes(scratch_project: Project, wikidata: str, tmp_path: Path) -> None:
    unlink(scratch_project, PERSON + "kim-jong-un", PLACE + "pyongyang")
    review = tmp_path / "proposals.tsv"
    assert run(scratch_project, "link", "--endpoint", wikidata, "--out", str(review))[0] == 0
    rows = review_rows(review)
    for row in rows:
        if row["entity"] == PERSON + "kim-jong-un" and row["candidate"] == "Q56226":
            row["accept"] = "yes"
    write_review_rows(review, rows)
    code, out, err = run(scratch_project, "link", "--accept", str(review))
    assert code == 0, err
    assert f"linked {PERSON}kim-jong-un to wd:Q56226" in out
    graph = parse_turtle(scratch_project.data_dir / "entities.ttl")
    assert (URIRef(PERSON + "kim-jong-un"), SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q56226")) in graph
    assert graph.value(URIRef(PLACE + "pyongyang"), SKOS.exactMatch) is None, "a row not marked yes is not applied"
    record = read_links_record(scratch_project.data_dir / LINKS_FILE)
    assert record[PERSON + "kim-jong-un"].qid == "Q56226" and "accepted on" in record[PERSON + "kim-jong-un"].evidence
    from diplokg.fmt import format_project

    entities = scratch_project.data_dir / "entities.ttl"
    assert not [r.path for r in format_project(scratch_project, [entities]) if r.changed], "entities.ttl stays in canonical form"
    # Applying again changes nothing.
    assert run(scratch_project, "link", "--accept", str(review))[1].startswith("0 link(s) added")


@pytest.mark.server
def test_accept_refuses_an_item_another_entity_has(scratch_project: Project, tmp_path: Path) -> None:
    unlink(scratch_project, PERSON + "kim-jong-un")
    review = tmp_path / "proposals.tsv"
    row = dict.fromkeys(REVIEW_COLUMNS, "")
    row.update(entity=PERSON + "kim-jong-un", candidate="Q76", score="90", status="best", accept="yes")  # Barack Obama's item
    write_review_rows(review, [row])
    before = snapshot(scratch_project.data_dir)
    with pytest.raises(ValidationError, match="already the item of"):
        accept_links(scratch_project, review)
    assert snapshot(scratch_project.data_dir) == before


def write_review_rows(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, REVIEW_COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def enriched(scratch_project: Project, wikidata: str) -> Project:
    enrich(scratch_project, WikidataClient(wikidata, timeout=10))
    return scratch_project


WD = "http://www.wikidata.org/entity/"
P = "http://www.wikidata.org/prop/"


@pytest.mark.server
def test_enrichment_lands_in_its_own_graph_with_provenance(enriched: Project) -> None:
    path = enriched.data_dir / ENRICHMENT_FILE
    graph = parse_turtle(path)
    node = enriched.graph_iri(path)
    assert str(node) == "https://w3id.org/diplokg/graph/data/wikidata-enrichment"
    assert graph.value(node, PROV.wasDerivedFrom) == URIRef("https://www.wikidata.org/")
    assert graph.value(node, PROV.generatedAtTime) is not None
    statements = set(graph.objects(URIRef(WD + "Q56226"), URIRef(P + "P39")))
    positions = {graph.value(s, URIRef(P + "statement/P39")) for s in statements}
    assert positions == {URIRef(WD + "Q999000101"), URIRef(WD + "Q999000102")}, "deprecated statements are left out"
    starts = {str(graph.value(s, URIRef(P + "qualifier/P580")))[:10] for s in statements}
    assert starts == {"2011-12-30", "2012-04-11"}
    assert (URIRef(WD + "Q423"), URIRef(P + "direct/P36"), URIRef(WD + "Q18808")) in graph
    assert (URIRef(WD + "Q423"), URIRef(P + "direct/P530"), URIRef(WD + "Q148")) in graph
    assert not [s for s in graph.subjects() if str(s).startswith("https://w3id.org/diplokg/id/")], "no statement about article entities"
    from diplokg.fmt import format_project

    assert not [r.path for r in format_project(enriched, [path]) if r.changed], "the file is written in canonical form"


@pytest.mark.server
def test_build_keeps_the_enrichment_apart_and_answers_the_offline_example(enriched: Project) -> None:
    build(enriched)
    graphs = json.loads((enriched.dist_dir / MANIFEST).read_text())["graphs"]
    assert graphs["https://w3id.org/diplokg/graph/data/wikidata-enrichment"] > 20
    engine = OxigraphEngine(enriched.dist_dir / "store")
    outside = engine.run(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <http://www.wikidata.org/prop/P39> ?o } "
        "FILTER(?g != <https://w3id.org/diplokg/graph/data/wikidata-enrichment>) }",
        {},
    )
    assert outside.rows[0]["n"].value == "0", "Wikidata statements only in their graph"
    assert len(ENRICHED) >= 1
    for query in ENRICHED:
        from diplokg.catalogue import parse_spec
        from diplokg.query import answer

        result = answer(engine, parse_spec(query), {}, with_labels=False).result
        assert_rows(result.vars, [[t.value if t else "" for t in row] for row in result.as_list()], expected(f"enriched/{query.stem}"))


def expected(name: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader((FIXTURES / "expected" / f"{name}.csv").open(encoding="utf-8", newline="")))
    return rows[0], rows[1:]


def assert_rows(head: list[str], rows: list[list[str]], want: tuple[list[str], list[list[str]]]) -> None:
    assert head == want[0]
    assert want[1], "an expected answer with no rows tests nothing"
    assert rows == want[1]


@pytest.mark.server
def test_federated_examples_join_the_graph_with_the_fixture(built: Project, wikidata: str, tmp_path: Path) -> None:
    assert len(FEDERATED) >= 2
    process, url = serve([built.dist_dir / "diplokg.nq"], tmp_path / "kg-store", union=True)
    try:
        for query in FEDERATED:
            text = query.read_text(encoding="utf-8")
            assert text.startswith("# Question:") and f"SERVICE <{WDQS}>" in text
            data = urllib.parse.urlencode({"query": text.replace(WDQS, wikidata)}).encode()
            request = urllib.request.Request(url, data=data, headers={"Accept": "text/csv", "User-Agent": USER_AGENT})
            answer = urllib.request.urlopen(request, timeout=60).read().decode("utf-8")
            rows = list(csv.reader(io.StringIO(answer)))
            assert_rows(rows[0], rows[1:], expected(f"federated/{query.stem}"))
    finally:
        process.terminate()
        process.wait(timeout=10)
