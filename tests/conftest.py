"""Shared fixtures: the project, one build of it per test session, and the engines over that build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diplokg.build import STORE_DIR, build
from diplokg.engines import OxigraphEngine, RdflibEngine
from diplokg.project import Project, find_project

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project() -> Project:
    return find_project(ROOT)


@pytest.fixture(scope="session")
def sources(project: Project) -> Path:
    """The article source texts; tests that need them skip, saying why, when ../shared/sources is absent."""
    if not project.sources_dir.is_dir():
        pytest.skip(f"source texts not found at {project.sources_dir} (set DIPLOKG_SOURCES or put ../shared beside the repo)")
    return project.sources_dir


@pytest.fixture(scope="session")
def built(project: Project) -> Project:
    """The project built once per session (dist/ in the checkout, as `diplokg build` makes it)."""
    build(project)
    return project


@pytest.fixture(scope="session")
def oxigraph(built: Project) -> OxigraphEngine:
    return OxigraphEngine(built.dist_dir / STORE_DIR)


@pytest.fixture(scope="session")
def oxigraph_memory(built: Project) -> OxigraphEngine:
    return OxigraphEngine.in_memory(built.dist_dir / "diplokg.nq")


@pytest.fixture(scope="session")
def rdflib_engine(built: Project) -> RdflibEngine:
    return RdflibEngine(built.dist_dir / "diplokg.trig")


@pytest.fixture(scope="module")
def virtuoso_store(built: Project, tmp_path_factory: pytest.TempPathFactory):
    """A Virtuoso 7 server holding the build, loaded by `diplokg load`, as a remote engine (one per test module)."""
    from servers import virtuoso_server

    from diplokg.cli import main
    from diplokg.remote import RemoteEngine

    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as endpoint:
        assert main(["--root", str(built.root), "load", "--endpoint", endpoint]) == 0
        yield RemoteEngine(endpoint, timeout=120)


@pytest.fixture(scope="module")
def comunica_store(built: Project, tmp_path_factory: pytest.TempPathFactory):
    """A Comunica endpoint over dist/diplokg.nq with a union default graph, as a remote engine (one per test module)."""
    from servers import comunica_server

    from diplokg.remote import RemoteEngine

    # Comunica reads the file it is started on: a copy, which a later build cannot change under it
    quads = tmp_path_factory.mktemp("comunica") / "diplokg.nq"
    quads.write_bytes((built.dist_dir / "diplokg.nq").read_bytes())
    with comunica_server(quads) as endpoint:
        yield RemoteEngine(endpoint, timeout=300)


@pytest.fixture
def scratch_project(tmp_path: Path, project: Project) -> Project:
    """A copy of the project's inputs in a temporary folder, to break on purpose."""
    root = tmp_path / "diplokg"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(project.root / folder, root / folder)
    return Project(root, project.sources_dir)


def select(engine, text: str, **bindings) -> list[dict[str, str]]:
    """Rows of a SELECT as plain values (IRIs shortened to what follows /id/), for readable assertions."""
    from diplokg.namespaces import sparql_prefixes
    from diplokg.terms import Term

    terms = {k: (Term.iri(v) if v.startswith("http") else Term.literal(v)) for k, v in bindings.items()}
    result = engine.run(sparql_prefixes() + text, terms)
    return [{k: short(v.value) for k, v in row.items()} for row in result.rows]


def short(value: str) -> str:
    """https://w3id.org/diplokg/id/event/x -> event:x ; ontology terms -> dkg:Term."""
    if value.startswith("https://w3id.org/diplokg/id/"):
        kind, _, slug = value[len("https://w3id.org/diplokg/id/") :].partition("/")
        return f"{'holding' if kind == 'role-holding' else kind}:{slug}"
    if value.startswith("https://w3id.org/diplokg/ontology#"):
        return "dkg:" + value.split("#", 1)[1]
    return value
