"""Each SHACL shape accepts the valid fixture and rejects its broken fixture with a readable message."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from diplokg.dataset import Loaded, load_project
from diplokg.project import Project
from diplokg.rdfio import parse_turtle
from diplokg.validate import shacl_problems

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))


@pytest.fixture(scope="module")
def real(project: Project) -> Loaded:
    return load_project(project)


def problems_for(project: Project, real: Loaded, *paths: Path) -> list[str]:
    data = Graph()
    for path in paths:
        data += parse_turtle(path)
    return shacl_problems(Loaded(Dataset(), real.ontology, real.shapes, data, {}), project)


def test_fixtures_were_found() -> None:
    assert len(INVALID) == 16  # a glob that finds nothing must not pass silently


def test_valid_fixture_conforms(project: Project, real: Loaded) -> None:
    assert problems_for(project, real, FIXTURES / "valid" / "minimal.ttl") == []


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_is_rejected_with_its_message(project: Project, real: Loaded, path: Path) -> None:
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect:").strip()
    problems = problems_for(project, real, FIXTURES / "valid" / "minimal.ttl", path)
    assert problems, f"{path.name} was accepted"
    assert any(expected in p for p in problems), problems
    # messages name the offending node in prefixed form and say what to do, in one line each
    assert all("\n" not in p for p in problems)


def test_real_data_conforms(project: Project, real: Loaded) -> None:
    assert shacl_problems(real, project) == []
