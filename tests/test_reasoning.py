"""The ontology with both articles' data is consistent under owlrl (OWL 2 RL) and HermiT (OWL 2 DL), and both catch a contradiction."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from diplokg.dataset import Loaded, load_project
from diplokg.namespaces import DKG
from diplokg.project import Project
from diplokg.reason import owlrl_closure

# One node typed both a person and a state: the ontology declares the two classes disjoint.
CONTRADICTION = (URIRef("https://w3id.org/diplokg/id/person/choe-ryong-hae"), RDF.type, DKG.State)


@pytest.fixture(scope="module")
def asserted(project: Project) -> Graph:
    loaded: Loaded = load_project(project)
    graph = Graph()
    for triple in loaded.ontology:
        graph.add(triple)
    for triple in loaded.data:
        graph.add(triple)
    return graph


def with_contradiction(graph: Graph) -> Graph:
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    broken.add(CONTRADICTION)
    return broken


def test_owlrl_finds_the_data_consistent(asserted: Graph) -> None:
    inferred, problems = owlrl_closure(asserted)
    assert problems == []
    assert len(inferred) > 1000


def test_owlrl_reports_a_contradiction(asserted: Graph) -> None:
    _, problems = owlrl_closure(with_contradiction(asserted))
    assert problems, "a person typed as a state must be inconsistent"
    assert any("choe-ryong-hae" in p for p in problems), problems


def hermit_satisfiable(graph: Graph, folder: Path) -> bool:
    """Ask HermiT (the jar owlready2 ships) whether owl:Thing is satisfiable, i.e. the ontology is consistent.

    xsd:date is outside the OWL 2 datatype map; HermiT is told to ignore it rather
    than refuse the whole ontology (it only types literals; no axiom depends on its value space).
    """
    owlready2 = pytest.importorskip("owlready2")
    java = shutil.which("java")
    if java is None:
        pytest.skip("HermiT needs Java; no `java` on PATH")
    jar_dir = Path(owlready2.__file__).parent / "hermit"
    path = folder / "input.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    command = [java, "-Xmx2000M", "-cp", f"{jar_dir}:{jar_dir / 'HermiT.jar'}", "org.semanticweb.HermiT.cli.CommandLine"]
    run = subprocess.run([*command, "-k", "--ignoreUnsupportedDatatypes", path.as_uri()], capture_output=True, text=True, timeout=600)
    if "InconsistentOntologyException" in run.stderr:
        return False
    assert run.returncode == 0, run.stderr[-2000:]
    verdict = run.stdout.strip().splitlines()[-1]
    assert verdict.startswith("http://www.w3.org/2002/07/owl#Thing is "), run.stdout
    return verdict.endswith(" is satisfiable.")


@pytest.mark.hermit
def test_hermit_finds_the_data_consistent(asserted: Graph, tmp_path: Path) -> None:
    assert hermit_satisfiable(asserted, tmp_path)


@pytest.mark.hermit
def test_hermit_reports_a_contradiction(asserted: Graph, tmp_path: Path) -> None:
    assert not hermit_satisfiable(with_contradiction(asserted), tmp_path)
