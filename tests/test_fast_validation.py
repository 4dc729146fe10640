"""The build's validation inside Oxigraph (shapes compiled to SPARQL, checks and quotes on the store) reports
exactly what the reference validation (pySHACL, rdflib) reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from diplokg import shacl
from diplokg.dataset import Loaded, load_project, load_store
from diplokg.evidence import verify_evidence
from diplokg.project import Project
from diplokg.rdfio import parse_turtle
from diplokg.sources import SourceTexts
from diplokg.validate import (
    check_problems,
    shacl_problems,
    store_check_problems,
    store_evidence_problems,
    store_shacl_problems,
)

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))


@pytest.fixture(scope="module")
def real(project: Project) -> Loaded:
    return load_project(project)


def _same_shape(problem: str) -> str:
    """pySHACL names an alternative path by its blank node's random id; compare the rest of the line."""
    return re.sub(r"\(property [^,)]*", "(property …", problem.removeprefix("?: "))


def test_shapes_compile(project: Project, real: Loaded) -> None:
    compiled = shacl.compile_shapes(real.shapes)
    assert len(compiled.checks) >= 60


def test_real_data_conforms_to_the_compiled_shapes(project: Project) -> None:
    assert store_shacl_problems(load_store(project), project) == []


def test_fixtures_were_found() -> None:
    assert len(INVALID) == 16


@pytest.mark.parametrize("path", [FIXTURES / "valid" / "minimal.ttl", *INVALID], ids=["valid", *[p.stem for p in INVALID]])
def test_compiled_shapes_report_what_pyshacl_reports(project: Project, real: Loaded, path: Path) -> None:
    files = [FIXTURES / "valid" / "minimal.ttl"] + ([path] if path.parent.name == "invalid" else [])
    data = Graph()
    for file in files:
        data += parse_turtle(file)
    reference = shacl_problems(Loaded(Dataset(), real.ontology, real.shapes, data, {}), project)
    fast = store_shacl_problems(load_store(project, [*project.ontology_files(), *files]), project)
    # the reference cannot tell files apart here (its Loaded has none); the fast one names the fixture file
    assert sorted(map(_same_shape, reference)) == sorted(_same_shape(p.split(": ", 1)[1]) for p in fast)
    assert bool(fast) == (path.parent.name == "invalid")


def test_alternative_paths_are_named_readably(project: Project) -> None:
    files = [FIXTURES / "valid" / "minimal.ttl", FIXTURES / "invalid" / "place-as-initiator.ttl"]
    problems = store_shacl_problems(load_store(project, [*project.ontology_files(), *files]), project)
    assert any("(property dkg:initiator|dkg:target|dkg:participant, value place:capital)" in p for p in problems), problems


def test_unsupported_shapes_fall_back_to_pyshacl(project: Project, real: Loaded) -> None:
    shapes = Graph()
    shapes += real.shapes
    shapes.parse(
        data="""PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX dkg: <https://w3id.org/diplokg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        <urn:example:shape> a sh:NodeShape ; sh:targetClass dkg:State ;
            sh:property [ sh:path rdfs:label ; sh:uniqueLang true ; sh:message "one label per language" ] .""",
        format="turtle",
    )
    with pytest.raises(shacl.Unsupported):
        shacl.compile_shapes(shapes)
    stored = load_store(project)
    stored.shapes = shapes
    assert store_shacl_problems(stored, project) == shacl_problems(Loaded(Dataset(), real.ontology, shapes, real.data, {}), project)


def _break(scratch: Project, old: str, new: str, name: str = "kei-2013-05-24.ttl", count: int = 1) -> None:
    path = scratch.data_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_checks_on_the_store_report_what_the_reference_reports(scratch_project: Project) -> None:
    _break(scratch_project, "dkg:modality dkg:Actual", "dkg:modalty dkg:Actual")
    _break(
        scratch_project,
        "person:troy-stangarone\n    a dkg:Person ;",
        "person:troy-stangarone\n    a dkg:Person ;\n    dkg:nationality state:atlantis ;",
        "entities.ttl",
    )
    reference = check_problems(load_project(scratch_project), scratch_project)
    assert len(reference) >= 2
    assert store_check_problems(load_store(scratch_project), scratch_project) == reference


def test_quotes_on_the_store_are_checked_as_the_reference_checks_them(scratch_project: Project, sources: Path) -> None:
    _break(
        scratch_project,
        "one of North Korea’s most senior military officers",
        "one of North Korea’s most junior military officers",
        count=-1,
    )
    _break(scratch_project, 'oa:suffix ", the real question is whether t"', 'oa:suffix ", the unreal question is whether"')
    _break(scratch_project, 'dkg:sha256 "', 'dkg:sha256 "0', "foreign-affairs-2015-01-21.ttl")
    texts = SourceTexts(sources)
    reference = verify_evidence(load_project(scratch_project).data, texts)
    assert len(reference) >= 3
    assert store_evidence_problems(load_store(scratch_project), texts) == reference
