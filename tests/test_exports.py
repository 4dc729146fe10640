"""Exports a person can read: CSV, TSV and JSON answers with a label beside every IRI, and compact JSON-LD.

Every catalogue question is exported in the three tabular formats and read back with Python's csv and json
modules; the TSV escaping is checked on values made to break it; the compact JSON-LD is parsed back (with its
context given locally: no request leaves the machine) and compared with the expanded file, graph by graph.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from diplokg.build import MANIFEST
from diplokg.cli import main
from diplokg.engines import Result
from diplokg.iris import GRAPH, ID, STANDARD_PREFIXES
from diplokg.jsonld import Context, append_compact, write_compact
from diplokg.project import Project
from diplokg.results import to_csv, to_json, to_tsv
from diplokg.terms import Term

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
DKG = STANDARD_PREFIXES["dkg"]
JANG = ID + "person/jang-song-taek"


def test_the_catalogue_is_found() -> None:
    assert len(QUERIES) >= 25, QUERIES  # an empty glob must not pass the tests below by running none


def run(project: Project, *argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *argv], out=out, err=err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def read_tsv(text: str) -> list[list[str]]:
    # QUOTE_NONE: a TSV field is a Turtle term, and its quotes belong to it (the csv module would strip them)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))


def iri_vars(answer: dict) -> set[str]:
    """The variables some row of a W3C JSON answer binds to an IRI."""
    return {var for binding in answer["results"]["bindings"] for var, term in binding.items() if term["type"] == "uri"}


@pytest.mark.parametrize("name", QUERIES, ids=QUERIES)
def test_every_question_exports_a_label_beside_each_iri(built: Project, name: str) -> None:
    answer = json.loads(run(built, "query", name, "-f", "json"))
    header = answer["head"]["vars"]
    bindings = answer["results"]["bindings"]
    table = read_csv(run(built, "query", name, "-f", "csv"))
    tsv = read_tsv(run(built, "query", name, "-f", "tsv"))
    # the three formats agree on the columns and the rows
    assert table[0] == header
    assert tsv[0] == [f"?{v}" for v in header]
    assert len(table) - 1 == len(tsv) - 1 == len(bindings)
    assert all(len(row) == len(header) for row in table + tsv)  # no value broke a row or a field
    for var in iri_vars(answer):
        assert header[header.index(var) + 1] == f"{var}Label", (var, header)
        for binding, row in zip(bindings, tsv[1:], strict=True):
            label = binding.get(f"{var}Label")
            cell = row[header.index(var) + 1]
            if label is None:
                assert cell == ""
            else:
                assert label["type"] == "literal" and label["xml:lang"] == "en"
                assert binding[var]["type"] == "uri"
                assert cell.startswith('"') and cell.endswith('"@en')


def test_flagship_csv_names_the_officials(built: Project) -> None:
    rows = list(csv.DictReader(io.StringIO(run(built, "query", "officials_handling_ties", "-f", "csv"), newline="")))
    assert any(r["official"] == JANG and r["officialLabel"] == "Jang Song Taek" for r in rows)
    assert list(rows[0])[:4] == ["official", "officialLabel", "state", "stateLabel"]


def test_json_adds_label_variables(built: Project) -> None:
    answer = json.loads(run(built, "query", "officials_handling_ties", "-f", "json"))
    assert {"officialLabel", "stateLabel"} <= set(answer["head"]["vars"])
    jang = next(b for b in answer["results"]["bindings"] if b["official"]["value"] == JANG)
    assert jang["officialLabel"] == {"type": "literal", "value": "Jang Song Taek", "xml:lang": "en"}


def write_query(tmp_path: Path, body: str) -> str:
    path = tmp_path / "q.rq"
    path.write_text(f"# Question: What does the exporter write for awkward values?\n{body}\n", encoding="utf-8")
    return str(path)


def test_tsv_escapes_what_would_break_a_row(built: Project, tmp_path: Path) -> None:
    query = write_query(
        tmp_path,
        r'SELECT ?x ?n ?d ?t WHERE { BIND("a\tb\"c\nd\re\\f" AS ?x) BIND(42 AS ?n) BIND(1.5 AS ?d) '
        r'BIND("2014-01-01"^^<http://www.w3.org/2001/XMLSchema#date> AS ?t) }',
    )
    lines = run(built, "query", query, "-f", "tsv").split("\n")
    assert lines == ["?x\t?n\t?d\t?t", r'"a\tb\"c\nd\re\\f"' + '\t42\t1.5\t"2014-01-01"^^<http://www.w3.org/2001/XMLSchema#date>', ""]
    # CSV keeps the raw value, quoted as RFC 4180 says, with CRLF line ends
    text = run(built, "query", query, "-f", "csv")
    assert text.startswith("x,n,d,t\r\n") and text.endswith("\r\n")
    assert read_csv(text)[1] == ['a\tb"c\nd\re\\f', "42", "1.5", "2014-01-01"]


def test_a_query_with_its_own_label_column_keeps_it(built: Project, tmp_path: Path) -> None:
    query = write_query(tmp_path, f'SELECT ?x ?xLabel ?y WHERE {{ BIND(<{JANG}> AS ?x) BIND("mine" AS ?xLabel) BIND(<{JANG}> AS ?y) }}')
    assert read_csv(run(built, "query", query, "-f", "csv")) == [["x", "xLabel", "y", "yLabel"], [JANG, "mine", JANG, "Jang Song Taek"]]
    assert json.loads(run(built, "query", query, "-f", "json"))["head"]["vars"] == ["x", "xLabel", "y", "yLabel"]


def test_terms_no_engine_would_return_cleanly_still_make_valid_tsv() -> None:
    rows = [{"b": Term("bnode", "nodeID://b1"), "i": Term.iri("http://example.org/a b"), "c": Term.literal("x\x0cy\u2028z")}]
    result = Result("select", ["b", "i", "c"], rows)
    assert to_tsv(result).split("\n")[1] == '_:x6e6f646549443a2f2f6231\t<http://example.org/a\\u0020b>\t"x\\u000Cy\\u2028z"'
    assert read_csv(to_csv(result))[1][0] == "_:x6e6f646549443a2f2f6231"  # W3C CSV writes blank nodes as _:label


def test_library_callers_choose_label_columns() -> None:
    result = Result("select", ["x"], [{"x": Term.iri(JANG)}])
    assert read_csv(to_csv(result)) == [["x"], [JANG]]  # no labels given: the plain W3C answer
    assert read_csv(to_csv(result, {})) == [["x", "xLabel"], [JANG, ""]]
    assert json.loads(to_json(result, {JANG: "Jang"}))["results"]["bindings"][0]["xLabel"]["value"] == "Jang"
    assert read_tsv(to_tsv(result, {JANG: "Jang"}))[1] == [f"<{JANG}>", '"Jang"@en']


# --- compact JSON-LD ------------------------------------------------------------------------------------


def parse_compact(path: Path, context: Path) -> Dataset:
    """The compact file as rdflib reads it, its context given inline (never fetched)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"] == "context.jsonld"
    document["@context"] = json.loads(context.read_text(encoding="utf-8"))["@context"]
    dataset = Dataset()
    dataset.parse(data=json.dumps(document), format="json-ld")
    return dataset


def graphs(dataset: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def test_compact_jsonld_expands_to_the_expanded_dataset(built: Project) -> None:
    dist = built.dist_dir
    compact = graphs(parse_compact(dist / "diplokg.compact.jsonld", dist / "context.jsonld"))
    expanded = Dataset()
    expanded.parse(dist / "diplokg.jsonld", format="json-ld")
    reference = graphs(expanded)
    assert len(reference) >= 5
    assert compact.keys() == reference.keys()
    for name, graph in reference.items():
        assert isomorphic(compact[name], graph), name


def test_compact_jsonld_is_readable_and_listed(built: Project) -> None:
    dist = built.dist_dir
    assert (dist / "context.jsonld").read_bytes() == built.context_path.read_bytes()
    files = json.loads((dist / MANIFEST).read_text())["files"]
    assert {"diplokg.compact.jsonld", "context.jsonld"} <= set(files)
    text = (dist / "diplokg.compact.jsonld").read_text(encoding="utf-8")
    assert '"@id": "id:person/jang-song-taek"' in text and '"label": "Jang Song Taek"' in text


def test_context_prefixes_are_the_project_prefixes(project: Project) -> None:
    context = json.loads(project.context_path.read_text(encoding="utf-8"))["@context"]
    assert {p: context.get(p) for p in STANDARD_PREFIXES} == STANDARD_PREFIXES
    assert context["id"] == ID and context["graph"] == GRAPH


def test_context_terms_name_ontology_properties(project: Project) -> None:
    ontology = {q.subject.value for path in project.ontology_files() for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    loaded = Context.load(project.context_path)
    unknown = sorted(t.name for t in loaded.by_iri.values() if t.iri.startswith(DKG) and t.iri not in ontology)
    assert unknown == []  # a mistyped term would silently name a property nobody uses
    for must in ("label", "between", "initiator", "target", "participant", "when", "evidence", "earliest", "latest"):
        assert must in loaded.names


def lit(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def test_values_that_do_not_fit_their_term_are_written_in_full(project: Project, tmp_path: Path) -> None:
    """Each value a term's coercion would change (a literal under an @id term, a string under an @en term, a
    wrong datatype), blank nodes, the default graph, and a graph appended later all read back unchanged."""
    xsd = STANDARD_PREFIXES["xsd"]
    s, b, g = ox.NamedNode(ID + "event/x"), ox.BlankNode("b1"), ox.NamedNode(GRAPH + "data/x")
    p = {name: ox.NamedNode(DKG + name) for name in ("between", "earliest", "goldstein", "unknownProperty")}
    label = ox.NamedNode(STANDARD_PREFIXES["rdfs"] + "label")
    first = [
        ox.Quad(s, p["between"], lit("not an IRI"), g),
        ox.Quad(s, p["between"], ox.NamedNode("http://example.org/elsewhere"), g),
        ox.Quad(s, p["between"], b, g),
        ox.Quad(s, p["earliest"], lit("2014"), g),
        ox.Quad(s, p["earliest"], lit("2014", xsd + "gYear"), g),
        ox.Quad(s, p["earliest"], lit("2014-01-01", xsd + "date"), g),
        ox.Quad(s, p["goldstein"], lit("3", xsd + "integer"), g),
        ox.Quad(s, label, lit("plain"), g),
        ox.Quad(s, label, lit("anglais", language="fr"), g),
        ox.Quad(s, label, lit("English", language="en"), g),
        ox.Quad(b, p["unknownProperty"], lit("x", language="en"), g),
        ox.Quad(b, ox.NamedNode("urn:x:p"), s, g),
        ox.Quad(s, label, lit("in the default graph"), ox.DefaultGraph()),
    ]
    later = [ox.Quad(s, label, lit("appended", language="en"), g), ox.Quad(s, p["earliest"], lit("", xsd + "string"), g)]
    context = Context.load(project.context_path)
    path = tmp_path / "x.compact.jsonld"
    write_compact(first, path, context)
    append_compact(later, path, context)
    (tmp_path / "context.jsonld").write_bytes(project.context_path.read_bytes())
    parsed = parse_compact(path, tmp_path / "context.jsonld")
    expected = Dataset()
    expected.parse(data=ox.serialize([*first, *later], format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    assert graphs(parsed).keys() == graphs(expected).keys()  # the named graph and the default graph
    for name, graph in graphs(expected).items():
        assert isomorphic(graphs(parsed)[name], graph), name
    # and Oxigraph's own JSON-LD parser, a second processor, reads the same quads
    document = json.loads(path.read_text(encoding="utf-8"))
    document["@context"] = json.loads(project.context_path.read_text(encoding="utf-8"))["@context"]
    quads = set(ox.parse(json.dumps(document).encode(), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == len(first) + len(later)
    ground = {q for q in [*first, *later] if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}
    assert ground <= quads
