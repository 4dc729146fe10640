"""Every catalogue query runs on the built graph and gives the answers written in its .csv, on every engine."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from plain_forms import active_states, answers_by_state_pair, plain_and_rewritten

from diplokg.catalogue import QuerySpec, load_catalogue
from diplokg.engines import Engine
from diplokg.query import answer

QUERIES = Path(__file__).resolve().parents[1] / "queries"
NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))


def test_catalogue_is_complete() -> None:
    assert len(NAMES) >= 25
    expected = sorted(p.stem for p in QUERIES.glob("*.csv"))
    assert expected == NAMES, "every .rq needs a .csv of expected rows and every .csv a .rq"
    for spec in load_catalogue(QUERIES).values():
        assert spec.question.endswith("?"), spec.name
        assert spec.row, f"{spec.name}: say what a row means ('# Row: ...')"


def _cell(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return format(number.normalize(), "f") if value.strip() and not value.isalpha() else value


def expected_rows(name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    with (QUERIES / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], [tuple(_cell(c) for c in row) for row in rows[1:]]


def actual_rows(engine: Engine, spec: QuerySpec) -> tuple[list[str], list[tuple[str, ...]]]:
    result = answer(engine, spec, {}, with_labels=False).result
    return result.vars, [tuple(_cell(t.value) if t else "" for t in row) for row in result.as_list()]


@pytest.mark.parametrize("name", NAMES)
def test_query_answers_as_expected(oxigraph: Engine, name: str) -> None:
    spec = load_catalogue(QUERIES)[name]
    head, expected = expected_rows(name)
    vars_, actual = actual_rows(oxigraph, spec)
    assert vars_ == head
    assert expected, f"{name}: an expected answer with no rows tests nothing"
    if spec.ordered:
        assert actual == expected
    else:
        assert sorted(actual) == sorted(expected)


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_gives_the_same_answers(oxigraph: Engine, rdflib_engine: Engine, name: str) -> None:
    spec = load_catalogue(QUERIES)[name]
    ox = answer(oxigraph, spec, {}, with_labels=False).result
    rd = answer(rdflib_engine, spec, {}, with_labels=False).result
    assert ox.as_set() == rd.as_set()


@pytest.mark.parametrize("name", NAMES)
def test_the_in_memory_store_gives_the_same_answers(oxigraph: Engine, oxigraph_memory: Engine, name: str) -> None:
    spec = load_catalogue(QUERIES)[name]
    on_disk = answer(oxigraph, spec, {}, with_labels=False).result
    in_memory = answer(oxigraph_memory, spec, {}, with_labels=False).result
    assert on_disk.vars == in_memory.vars
    assert on_disk.as_list() == in_memory.as_list() if spec.ordered else on_disk.as_set() == in_memory.as_set()


def test_the_flagship_means_its_plain_form_for_every_pair_of_states(oxigraph: Engine, rdflib_engine: Engine) -> None:
    """The flagship is rewritten for Oxigraph's planner (docs/queries.md): for every ordered pair of the states
    in the articles it must find the rows its plain UNION form finds, on Oxigraph and on rdflib."""
    plain, rewritten = plain_and_rewritten(QUERIES, "officials_handling_ties")
    states = active_states(oxigraph, 8)
    expected = answers_by_state_pair(oxigraph, plain, states)
    assert sum(len(rows) for rows in expected.values()) >= 30, "too few rows for the comparison to mean much"
    assert answers_by_state_pair(oxigraph, rewritten, states) == expected
    assert answers_by_state_pair(rdflib_engine, rewritten, states) == expected


@pytest.fixture(scope="module")
def union_store(built):
    """The built graph in a plain in-memory Oxigraph store, queried as a user's store would be: no diplokg code."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(built.dist_dir / "diplokg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.mark.parametrize("name", NAMES)
def test_each_file_runs_as_it_is(oxigraph: Engine, union_store, name: str) -> None:
    """The .rq file pasted unchanged into a store with a union default graph answers its question for its defaults."""
    from diplokg.terms import from_oxigraph

    spec = load_catalogue(QUERIES)[name]
    expected = answer(oxigraph, spec, {}, with_labels=False).result
    solutions = union_store.query(spec.path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    rows = {tuple(None if t is None else from_oxigraph(t).canonical() for t in solution) for solution in solutions}
    assert names == expected.vars
    assert rows == expected.as_set()
