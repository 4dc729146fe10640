"""The fast closure (rules.py, inside Oxigraph) equals owlrl's filtered closure and reports the same inconsistencies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from diplokg.build import MANIFEST, build
from diplokg.cli import main
from diplokg.dataset import Loaded, load_project
from diplokg.errors import ValidationError
from diplokg.project import Project
from diplokg.reason import closure
from diplokg.rules import RULES
from diplokg.terms import from_rdflib

FIXTURES = Path(__file__).parent / "fixtures" / "reasoning"


def as_terms(graph: Graph) -> set[tuple]:
    """Triples as engine-neutral canonical terms ("a" and "a"^^xsd:string alike, as RDF 1.1 has it)."""
    return {tuple(from_rdflib(term).canonical() for term in triple) for triple in graph}


def assert_same_closure(asserted: Graph) -> tuple[list[str], list[str]]:
    reference, reference_problems = closure(asserted, "owlrl")
    fast, fast_problems = closure(asserted, "rules")
    expected, got = as_terms(reference), as_terms(fast)
    assert not expected - got, f"owlrl derives what rules.py misses: {sorted(expected - got)[:10]}"
    assert not got - expected, f"rules.py derives what owlrl does not: {sorted(got - expected)[:10]}"
    return reference_problems, fast_problems


@pytest.fixture(scope="module")
def real(project: Project) -> Loaded:
    return load_project(project)


def test_rule_table_is_complete() -> None:
    names = {rule.name for rule in RULES}
    assert len(RULES) == len(names) == 51
    for rule in ("cax-sco", "prp-dom", "prp-rng", "prp-spo1", "prp-inv1", "prp-symp", "prp-trp", "eq-rep-o", "scm-sco"):
        assert rule in names


def test_real_data_closes_as_owlrl_does(real: Loaded) -> None:
    reference_problems, fast_problems = assert_same_closure(real.ontology + real.data)
    assert reference_problems == fast_problems == []


def test_every_kind_of_entailment_matches_owlrl() -> None:
    asserted = Graph().parse(FIXTURES / "entailments.ttl")
    reference, _ = closure(asserted, "owlrl")
    assert len(reference) > 40  # the fixture exercises the rules
    assert_same_closure(asserted)


def _normalise(problem: str) -> str:
    problem = re.sub(r"^(owlrl|OWL 2 RL): ", "", problem)
    # owlrl names the second class where it means the element (OWLRL.py, rule cls-com); compare the classes only.
    return re.sub(r"^(Violation of complementarity for classes \S+ and \S+) on element \S+$", r"\1", problem)


def test_every_kind_of_inconsistency_is_reported_as_owlrl_does() -> None:
    asserted = Graph().parse(FIXTURES / "inconsistent.ttl")
    reference, fast = assert_same_closure(asserted)
    assert len(reference) >= 14
    assert sorted(map(_normalise, reference)) == sorted(map(_normalise, fast))


def test_functional_property_with_two_values_is_an_inconsistency() -> None:
    """owlrl would derive owl:sameAs between the two literals and copy values between unrelated nodes."""
    asserted = Graph().parse(
        data="""PREFIX : <urn:example:> PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        :earliest a owl:DatatypeProperty , owl:FunctionalProperty .
        :span :earliest "2013-05-01"^^xsd:date , "2013-05-02"^^xsd:date .
        :other :earliest "1"^^xsd:integer , "01"^^xsd:integer .""",
        format="turtle",
    )
    _, problems = closure(asserted, "rules")
    assert problems == [
        "OWL 2 RL: Functional property urn:example:earliest has two different values on urn:example:span: 2013-05-01 and 2013-05-02"
    ]


def test_unknown_reasoner_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reasoner"):
        closure(Graph(), "hermit")


def test_build_refuses_disjoint_classes_with_the_fast_reasoner(scratch_project: Project) -> None:
    path = scratch_project.data_dir / "entities.ttl"
    text = path.read_text(encoding="utf-8")
    assert "person:troy-stangarone\n    a dkg:Person ;" in text
    path.write_text(text.replace("person:troy-stangarone\n    a dkg:Person ;", "person:troy-stangarone\n    a dkg:Person , dkg:Place ;"))
    with pytest.raises(ValidationError) as caught:
        build(scratch_project)
    assert any("Disjoint classes" in p and "troy-stangarone" in p for p in caught.value.problems), caught.value.problems
    assert not scratch_project.dist_dir.exists()


def test_build_records_its_reasoner_and_the_cli_chooses_it(scratch_project: Project, monkeypatch, capsys) -> None:
    monkeypatch.delenv("DIPLOKG_DIST", raising=False)
    assert main(["--root", str(scratch_project.root), "build", "--reasoner", "rules"]) == 0, capsys.readouterr().err
    assert json.loads((scratch_project.dist_dir / MANIFEST).read_text())["reasoner"] == "rules"
    with pytest.raises(SystemExit):
        main(["--root", str(scratch_project.root), "build", "--reasoner", "hermit"])


def test_the_build_defaults_to_the_fast_reasoner() -> None:
    from diplokg import build as build_module
    from diplokg import rules

    assert build_module.DEFAULT_REASONER == rules.DEFAULT_REASONER == "rules"
