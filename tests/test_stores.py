"""The catalogue on other SPARQL stores: Virtuoso 7 and Comunica 4 give the embedded answer to every question.

Each store gets the built graph as a user would give it (Virtuoso by `diplokg load`, Comunica from
dist/diplokg.nq with a union default graph) and is asked through `diplokg`'s remote client, parameters
bound as the CLI binds them. Oxigraph's own server is held to the same in test_load.py. The engines'
known bugs are pinned in test_store_bugs.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from servers import comunica_server, virtuoso_server

from diplokg.catalogue import load_catalogue
from diplokg.cli import main
from diplokg.engines import Engine
from diplokg.project import Project
from diplokg.query import answer
from diplokg.remote import RemoteEngine

pytestmark = pytest.mark.server

QUERIES = Path(__file__).resolve().parents[1] / "queries"
NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def virtuoso(built: Project, tmp_path_factory: pytest.TempPathFactory) -> RemoteEngine:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as endpoint:
        assert main(["--root", str(built.root), "load", "--endpoint", endpoint]) == 0
        yield RemoteEngine(endpoint, timeout=120)


@pytest.fixture(scope="module")
def comunica(built: Project, tmp_path_factory: pytest.TempPathFactory) -> RemoteEngine:
    # Comunica reads the file it is started on, so it gets a copy a later build cannot change under it.
    quads = tmp_path_factory.mktemp("comunica") / "diplokg.nq"
    quads.write_bytes((built.dist_dir / "diplokg.nq").read_bytes())
    with comunica_server(quads) as endpoint:
        yield RemoteEngine(endpoint, timeout=300)


def test_the_catalogue_is_there() -> None:
    assert len(NAMES) >= 25


def _same_answer(store: Engine, embedded: Engine, name: str) -> None:
    spec = load_catalogue(QUERIES)[name]
    here = answer(embedded, spec, {}, with_labels=False).result
    there = answer(store, spec, {}, with_labels=False).result
    assert there.vars == here.vars
    assert there.as_set() == here.as_set()
    if spec.ordered:
        assert there.as_list() == here.as_list()


@pytest.mark.virtuoso
@pytest.mark.parametrize("name", NAMES)
def test_virtuoso_gives_the_embedded_answer(virtuoso: RemoteEngine, oxigraph: Engine, name: str) -> None:
    _same_answer(virtuoso, oxigraph, name)


@pytest.mark.comunica
@pytest.mark.parametrize("name", NAMES)
def test_comunica_gives_the_embedded_answer(comunica: RemoteEngine, oxigraph: Engine, name: str) -> None:
    _same_answer(comunica, oxigraph, name)
