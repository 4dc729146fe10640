"""The command line, called in-process: answers with evidence, every output format, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from diplokg.cli import main
from diplokg.project import Project

FLAGSHIP_QUOTE = "Both men had been in charge of bilateral relations and their removal left the two countries"
INJECTION = 'x" } ; DROP ALL ; #'


def run(project: Project, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    """A failure: non-zero exit, nothing on stdout, exactly one line on stderr that names the cause."""
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("diplokg: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_flagship_names_the_officials_in_charge_with_their_quote(built: Project) -> None:
    code, out, err = run(built, "query", "officials_handling_ties", "--format", "csv")
    assert code == 0, err
    rows = csv_rows(out)
    in_charge = {r["official"].rsplit("/", 1)[1] for r in rows if r["how"] == "in charge of the bilateral relation"}
    assert in_charge == {"jang-song-taek", "zhou-yongkang"}
    for row in rows:
        if row["how"] == "in charge of the bilateral relation":
            assert row["quote"].startswith(FLAGSHIP_QUOTE)
            assert row["article"].endswith("/article/foreign-affairs-2015-01-21")
    # every row carries its evidence
    assert all(r["article"] and r["quote"] for r in rows)


@pytest.mark.parametrize(("a", "b"), [("Beijing", "Pyongyang"), ("https://w3id.org/diplokg/id/state/china", "north korea")])
def test_flagship_accepts_capitals_and_iris_for_states(built: Project, a: str, b: str) -> None:
    default = run(built, "query", "officials_handling_ties", "-f", "csv")[1]
    code, out, err = run(built, "query", "officials_handling_ties", "-p", f"a={a}", "-p", f"b={b}", "-f", "csv")
    assert code == 0, err
    assert sorted(csv_rows(out), key=str) == sorted(csv_rows(default), key=str)


def test_table_shows_labels_not_iris(built: Project) -> None:
    code, out, err = run(built, "query", "officials_handling_ties", "--wide")  # whole cells: the 80-column table cuts names
    assert code == 0, err
    assert "Jang Song Taek" in out and "Zhou Yongkang" in out
    assert "https://w3id.org/diplokg/id/person/" not in out


def test_json_is_w3c_sparql_results(built: Project) -> None:
    code, out, err = run(built, "query", "officials_handling_ties", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["head"]["vars"][:4] == ["official", "officialLabel", "state", "stateLabel"]  # a label after each IRI variable
    bindings = data["results"]["bindings"]
    assert {"type": "uri", "value": "https://w3id.org/diplokg/id/person/jang-song-taek"} in [b["official"] for b in bindings]
    assert all(b["quote"]["type"] == "literal" for b in bindings)


def test_tsv_and_csv_carry_the_same_rows(built: Project) -> None:
    csv_out = run(built, "query", "timeline", "-f", "csv")[1]
    tsv_out = run(built, "query", "timeline", "-f", "tsv")[1]
    assert len(csv_rows(csv_out)) == len(tsv_out.strip().splitlines()) - 1 > 5


def test_turtle_output_of_a_construct_query(built: Project, tmp_path: Path) -> None:
    query = tmp_path / "holdings.rq"
    query.write_text(
        "# Question: What roles did Jang Song Taek hold?\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "CONSTRUCT { ?h org:role ?r } WHERE { ?h org:member <https://w3id.org/diplokg/id/person/jang-song-taek> ; org:role ?r }\n",
        encoding="utf-8",
    )
    code, out, err = run(built, "query", str(query), "-f", "ttl")
    assert code == 0, err
    from rdflib import Graph

    graph = Graph().parse(data=out, format="turtle")
    assert len(graph) >= 1


def test_injection_is_a_value_that_matches_nothing(built: Project) -> None:
    before = run(built, "stats")[1]
    # a text parameter is not checked against the graph: the attempt runs as a literal and finds nothing
    code, out, err = run(built, "query", "agreement_commitments", "-p", f"agreement={INJECTION}", "-f", "csv")
    assert code == 0, err
    assert csv_rows(out) == []
    # a state parameter is checked, and no state is called that
    code, out, err = run(built, "query", "officials_handling_ties", "-p", f"a={INJECTION}")
    one_line_error(code, out, err, "no state in the graph matches")
    # nothing was dropped
    assert run(built, "stats")[1] == before
    assert csv_rows(run(built, "query", "officials_handling_ties", "-f", "csv")[1])


def test_no_reasoning_drops_inferred_answers(built: Project) -> None:
    # provocations are found through the class hierarchy: nuclear tests and launches are Provocations only by inference
    with_reasoning = csv_rows(run(built, "query", "provocations", "-f", "csv")[1])
    code, out, err = run(built, "query", "provocations", "-f", "csv", "--no-reasoning")
    assert code == 0, err
    assert len(csv_rows(out)) < len(with_reasoning)


def test_in_memory_engine_answers_as_the_store_does(built: Project) -> None:
    code, out, err = run(built, "query", "officials_handling_ties", "-f", "csv", "--engine", "oxigraph-memory")
    assert code == 0, err
    assert csv_rows(out) == csv_rows(run(built, "query", "officials_handling_ties", "-f", "csv")[1])


def test_in_memory_engine_names_a_broken_quads_file(tmp_path: Path) -> None:
    from diplokg.engines import OxigraphEngine
    from diplokg.errors import QueryError

    with pytest.raises(QueryError, match=r"no built graph at .*missing\.nq"):
        OxigraphEngine.in_memory(tmp_path / "missing.nq")
    broken = tmp_path / "broken.nq"
    broken.write_text("<http://x/s> <http://x/p> <http://x/o> <http://x/g> .\n<http://x/s> <http://x/p> .\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"broken\.nq: .*line 2"):
        OxigraphEngine.in_memory(broken)


def test_catalogue_lists_every_query_with_its_parameters(built: Project) -> None:
    code, out, err = run(built, "queries")
    assert code == 0, err
    names = sorted(p.stem for p in built.queries_dir.glob("*.rq"))
    assert [line for line in out.splitlines() if not line.startswith(" ")] == names
    assert "--param a=<state> (default state:china)" in out


def test_one_question_is_shown_whole(built: Project) -> None:
    code, out, err = run(built, "queries", "officials_handling_ties")
    assert code == 0, err
    assert "Which officials handled the relations between two states?" in out
    assert "a (state, default state:china)" in out
    assert "columns:" in out and "official" in out
    assert "run: diplokg query officials_handling_ties -p a=state:china -p b=state:north-korea" in out


def test_stats_reports_counts_and_gaps(built: Project) -> None:
    code, out, err = run(built, "stats")
    assert code == 0, err
    headings = [line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert headings == [
        "per class",
        "per article",
        "per act type (CAMEO)",
        "per modality",
        "unlinked to Wikidata",
        "dated only by a bound (the article gives no date)",
    ]
    assert "Is North Korea Finally Ready To Talk?" in out and "Making Sense of North Korea" in out


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["query", "no_such_question"], ["unknown query 'no_such_question'"]),
        (["query", "officials_handling_ties", "-p", "a=Atlantis"], ["a='Atlantis'", "no state"]),
        (["query", "officials_handling_ties", "-p", "c=China"], ["no parameter 'c'", "a, b"]),
        (["query", "officials_handling_ties", "-p", "a"], ["KEY=VALUE"]),
        (["query", "officials_handling_ties", "-p", "a=China", "-p", "a=Japan"], ["given twice"]),
        (["query", "acts_in_period", "-p", "from=last spring"], ["needs a date", "'last spring'"]),
        (["query", "acts_in_period", "-p", "to=2015-02-30"], ["needs a date"]),
        (["query", "roles_of_person", "-p", "person=Kim Jong Il"], ["no person"]),
        (["query", "/nonexistent/q.rq"], ["no query file"]),
    ],
    ids=[
        "unknown-query",
        "unknown-state",
        "unknown-param",
        "no-equals",
        "twice",
        "bad-date",
        "impossible-date",
        "unknown-person",
        "no-file",
    ],
)
def test_bad_input_is_one_line_and_exit_2(built: Project, argv: list[str], fragments: list[str]) -> None:
    one_line_error(*run(built, *argv), *fragments)


def test_malformed_query_file_names_the_file(built: Project, tmp_path: Path) -> None:
    broken = tmp_path / "broken.rq"
    broken.write_text("# Question: Who?\nSELECT ?x WHERE { ?x ?p \n", encoding="utf-8")
    one_line_error(*run(built, "query", str(broken)), "broken.rq", "syntax error")
    bad_param = tmp_path / "bad_param.rq"
    bad_param.write_text("# Question: Who?\n# Param x (colour): a colour.\nSELECT * WHERE { ?s ?p ?x }\n", encoding="utf-8")
    one_line_error(*run(built, "query", str(bad_param)), "bad_param.rq:2", "unknown parameter kind 'colour'")


def test_a_plain_query_file_runs_and_binds_any_variable(built: Project, tmp_path: Path) -> None:
    """A query file needs no catalogue header; --param k=v binds ?k (as an IRI or a literal), escaped."""
    plain = tmp_path / "plain.rq"
    plain.write_text("SELECT ?label WHERE { ?state <http://www.w3.org/2000/01/rdf-schema#label> ?label }\n", encoding="utf-8")
    code, out, err = run(built, "query", str(plain), "-f", "csv", "-p", "state=https://w3id.org/diplokg/id/state/china")
    assert code == 0, err
    assert out.splitlines()[1:] == ["China"]
    code, out, err = run(built, "query", str(plain), "-f", "csv", "-p", 'label=x" } ; DROP ALL ; #')
    assert code == 0 and out.splitlines() == ["label"], err
    one_line_error(*run(built, "query", str(plain), "-p", "a b=1"), "parameter name")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_endpoint_is_one_line(built: Project) -> None:
    url = f"http://127.0.0.1:{_free_port()}/query"
    one_line_error(*run(built, "query", "timeline", "--endpoint", url), "cannot reach", url)


class _Stub(BaseHTTPRequestHandler):
    """An endpoint that either hangs past the client's timeout or refuses every request."""

    mode = "refuse"

    def do_POST(self) -> None:
        if self.mode == "slow":
            threading.Event().wait(3)
        try:
            self.send_response(403, "Forbidden")
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"no queries from you\n")
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(("mode", "fragments"), [("refuse", ["HTTP 403", "no queries from you"]), ("slow", ["did not answer within 1 s"])])
def test_endpoint_refusal_and_timeout_are_one_line(built: Project, mode: str, fragments: list[str]) -> None:
    handler = type("Handler", (_Stub,), {"mode": mode})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/query"
        one_line_error(*run(built, "query", "timeline", "--endpoint", url, "--timeout", "1"), *fragments)
    finally:
        server.shutdown()
        server.server_close()


def test_a_name_that_fits_several_nodes_is_ambiguous(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from diplokg.catalogue import QuerySpec, parse_spec
    from diplokg.engines import OxigraphEngine
    from diplokg.errors import QueryError
    from diplokg.query import resolve_bindings
    from diplokg.terms import Term

    dkg, rdfs = "https://w3id.org/diplokg/ontology#", "http://www.w3.org/2000/01/rdf-schema#"
    store = ox.Store(str(tmp_path / "store"))
    graph = ox.NamedNode("https://w3id.org/diplokg/graph/data/test")
    for slug, label in [("north-korea", "Korea"), ("south-korea", "Korea"), ("china", "China")]:
        node = ox.NamedNode(f"https://w3id.org/diplokg/id/state/{slug}")
        store.add(ox.Quad(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(dkg + "State"), graph))
        store.add(ox.Quad(node, ox.NamedNode(rdfs + "label"), ox.Literal(label, language="en"), graph))
    del store
    query = tmp_path / "q.rq"
    query.write_text(
        "# Question: Which state?\n# Param s (state): a state.\n"
        "SELECT * WHERE {\n  # Parameters:\n  VALUES ?s { <https://w3id.org/diplokg/id/state/china> }\n  BIND(?s AS ?x)\n}\n"
    )
    spec: QuerySpec = parse_spec(query)
    engine = OxigraphEngine(tmp_path / "store")
    assert resolve_bindings(engine, spec, {"s": Term.literal("CHINA")}) == {"s": Term.iri("https://w3id.org/diplokg/id/state/china")}
    with pytest.raises(QueryError, match=r"s='Korea' is ambiguous: it names several states \(.*north-korea, .*south-korea\)"):
        resolve_bindings(engine, spec, {"s": Term.literal("Korea")})


def test_print_shows_the_text_that_runs_with_the_values_given(built: Project) -> None:
    """--print: the query with -p values in its parameter block, which run as it is gives the CLI's answer."""
    import pyoxigraph as ox

    code, text, err = run(built, "query", "officials_handling_ties", "-p", "a=Seoul", "-p", "b=Pyongyang", "--print")
    assert code == 0, err
    assert "BIND(<https://w3id.org/diplokg/id/state/south-korea> AS ?a)" in text
    assert "BIND(<https://w3id.org/diplokg/id/state/north-korea> AS ?b)" in text
    store = ox.Store()
    store.bulk_load(path=str(built.dist_dir / "diplokg.nq"), format=ox.RdfFormat.N_QUADS)
    pasted = {tuple(t.value if t else "" for t in row) for row in store.query(text, use_default_graph_as_union=True)}
    code, out, err = run(built, "query", "officials_handling_ties", "-p", "a=Seoul", "-p", "b=Pyongyang", "-f", "json")
    rows = json.loads(out)["results"]["bindings"]
    head = json.loads(out)["head"]["vars"]
    answered = {tuple(row.get(v, {}).get("value", "") for v in head if not v.endswith("Label")) for row in rows}
    assert pasted == answered and pasted
