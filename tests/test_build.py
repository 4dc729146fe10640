"""The build: every dist/ file parses back to the built triples; invalid input is refused and nothing is written."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph

from diplokg.build import MANIFEST, STORE_DIR, build, fingerprint, is_current
from diplokg.cli import main
from diplokg.errors import InputSyntaxError, ValidationError
from diplokg.export import FORMATS
from diplokg.project import INFERRED_GRAPH, Project

FILES = sorted(FORMATS)


def built_dataset(project: Project) -> Dataset:
    dataset = Dataset()
    dataset.parse(project.dist_dir / "diplokg.nq", format="nquads")
    return dataset


@pytest.mark.parametrize("suffix", FILES, ids=FILES)
def test_dist_file_parses_back_to_the_same_triples(built: Project, suffix: str) -> None:
    fmt, keeps_graphs = FORMATS[suffix]
    reference = built_dataset(built)
    path = built.dist_dir / f"diplokg.{suffix}"
    if keeps_graphs:
        parsed = Dataset()
        parsed.parse(path, format=fmt)
        for graph in reference.graphs():
            if len(graph):
                assert set(parsed.graph(graph.identifier)) == set(graph), graph.identifier
        assert sum(len(g) for g in parsed.graphs()) == sum(len(g) for g in reference.graphs())
    else:
        parsed = Graph().parse(path, format=fmt)
        union = set()
        for graph in reference.graphs():
            union |= set(graph)
        assert set(parsed) == union


def test_build_keeps_one_graph_per_source_and_an_inferred_graph(built: Project) -> None:
    manifest = json.loads((built.dist_dir / MANIFEST).read_text())
    graphs = set(manifest["graphs"])
    expected = {str(built.graph_iri(p)) for p in [*built.ontology_files(), *built.data_files()]}
    assert expected | {str(INFERRED_GRAPH)} == graphs
    assert manifest["fingerprint"] == fingerprint(built)
    assert is_current(built)


def test_inferred_graph_has_no_owlrl_junk(built: Project) -> None:
    inferred = built_dataset(built).graph(INFERRED_GRAPH)
    assert len(inferred) > 100
    from rdflib import BNode, Literal
    from rdflib.namespace import OWL

    assert not [t for t in inferred if isinstance(t[0], (Literal, BNode))]
    assert not [t for t in inferred if t[1] == OWL.sameAs and t[0] == t[2]]
    assert not [t for t in inferred if str(t[0]).startswith("http://www.w3.org/2002/07/owl#")]


def test_syntax_error_names_file_line_and_column(scratch_project: Project) -> None:
    path = scratch_project.data_dir / "kei-2013-05-24.ttl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[40] = lines[40] + " ;;; <broken"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputSyntaxError) as caught:
        build(scratch_project)
    assert str(caught.value).startswith("data/kei-2013-05-24.ttl:41:")
    assert not scratch_project.dist_dir.exists()


def test_unknown_term_is_refused_and_nothing_written(scratch_project: Project) -> None:
    path = scratch_project.data_dir / "kei-2013-05-24.ttl"
    text = path.read_text(encoding="utf-8").replace("dkg:modality dkg:Actual", "dkg:modalty dkg:Actual", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        build(scratch_project)
    assert any("unknown property https://w3id.org/diplokg/ontology#modalty" in p for p in caught.value.problems)
    assert not scratch_project.dist_dir.exists()


def test_quote_not_in_source_is_refused(scratch_project: Project, sources) -> None:
    path = scratch_project.data_dir / "kei-2013-05-24.ttl"
    text = path.read_text(encoding="utf-8")
    original = "Choe Ryong-hae, one of North Korea’s most senior military officers"
    assert original in text
    path.write_text(text.replace(original, "Choe Ryong-hae, one of North Korea’s most junior military officers"), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        build(scratch_project)
    assert any("most junior" in p and "not in the source" in p for p in caught.value.problems)
    assert not scratch_project.dist_dir.exists()


def test_failed_rebuild_leaves_previous_dist_untouched(scratch_project: Project, capsys) -> None:
    build(scratch_project)
    before = {p.name: p.read_bytes() for p in scratch_project.dist_dir.glob("diplokg.*")}
    path = scratch_project.data_dir / "entities.ttl"
    path.write_text(path.read_text(encoding="utf-8") + "\nstate:x a dkg:State .\n", encoding="utf-8")  # no label
    code = main(["--root", str(scratch_project.root), "build"])
    err = capsys.readouterr().err
    assert code == 1
    assert "state:x: Every entity needs an rdfs:label" in err
    assert "nothing written" in err
    after = {p.name: p.read_bytes() for p in scratch_project.dist_dir.glob("diplokg.*")}
    assert after == before
    assert (scratch_project.dist_dir / STORE_DIR).is_dir()
    assert not is_current(scratch_project)


def test_canonical_form(project: Project, capsys) -> None:
    """Every ontology and data file is in the one serializer's form (`diplokg fmt --check`)."""
    assert main(["--root", str(project.root), "fmt", "--check"]) == 0, capsys.readouterr().err


def test_a_non_fact_derived_from_an_article_is_refused(scratch_project: Project) -> None:
    """The articles question counts what is derived from an article as its facts; the check keeps that true."""
    path = scratch_project.data_dir / "kei-2013-05-24.ttl"
    extra = (
        '\ntopic:test-derived-topic a <http://www.w3.org/2004/02/skos/core#Concept> ; rdfs:label "derived"@en ;'
        " prov:wasDerivedFrom article:kei-2013-05-24 .\n"
    )
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        build(scratch_project)
    assert any("test-derived-topic" in p and "is not a dkg:Fact" in p for p in caught.value.problems), caught.value.problems
