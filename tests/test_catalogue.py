"""Every catalogue query runs on the built graph and gives the answers written in its .csv, on every engine."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from plain_forms import active_states, answers_by_state_pair, plain_and_rewritten

from diplokg.catalogue import QuerySpec, load_catalogue, parse_spec, strip_comments
from diplokg.cli import main
from diplokg.engines import Engine
from diplokg.project import Project
from diplokg.query import answer

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))
# Query files outside the catalogue: enriched ones need `diplokg enrich`, federated ones the network.
OTHERS = sorted(str(p.relative_to(QUERIES)) for folder in ("enriched", "federated") for p in (QUERIES / folder).glob("*.rq"))


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


def projected(text: str) -> list[str]:
    """The variables a SELECT projects, in order, read from its text: ``?v`` and ``(expr AS ?v)`` between SELECT
    and the first WHERE (a subquery's SELECT comes after that WHERE)."""
    match = re.search(r"\bSELECT\b(.*?)\bWHERE\b", strip_comments(text), re.IGNORECASE | re.DOTALL)
    assert match, "no SELECT ... WHERE"
    names: list[str] = []
    depth, after_as = 0, False
    for token in re.findall(r"[()]|[?$]\w+|\bAS\b", match[1], re.IGNORECASE):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token.upper() == "AS":
            after_as = depth == 1
        else:
            if depth == 0 or after_as:
                names.append(token[1:])
            after_as = False
    return names


def assert_columns_documented(spec: QuerySpec, columns: list[str]) -> None:
    assert list(spec.columns) == columns, f"{spec.name}: '# Column NAME: ...' lines must name {columns} in that order"
    for column, doc in spec.columns.items():
        assert doc, f"{spec.name}: column {column} has an empty description"


def test_every_query_is_found_for_the_column_checks() -> None:
    assert len(NAMES) >= 25
    assert len(OTHERS) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_every_column_is_documented_in_order(oxigraph: Engine, name: str) -> None:
    spec = load_catalogue(QUERIES)[name]
    result = answer(oxigraph, spec, {}, with_labels=False).result
    assert projected(spec.text) == result.vars, "the SELECT parser used for the queries that are not run"
    assert_columns_documented(spec, result.vars)


@pytest.mark.parametrize("relative", OTHERS)
def test_every_column_of_the_other_queries_is_documented_in_order(relative: str) -> None:
    spec = parse_spec(QUERIES / relative)
    assert_columns_documented(spec, projected(spec.text))


def test_projected_reads_expressions_and_skips_subqueries() -> None:
    text = "# SELECT ?no WHERE\nSELECT DISTINCT ?a (COALESCE(?x, 0) AS ?b) ?c WHERE { { SELECT ?d WHERE {} } }"
    assert projected(text) == ["a", "b", "c"]


def readme_flagship_table() -> tuple[str, list[str], list[dict[str, str]]]:
    """The README's flagship example: the paragraph that introduces it, the table's header and its rows."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## What it answers", 1)[1].split("\n## ", 1)[0].split("\n")
    first = next(i for i, line in enumerate(section) if line.startswith("|"))
    end = next((i for i in range(first, len(section)) if not section[i].startswith("|")), len(section))
    lead, table = "\n".join(section[:first]), section[first:end]

    def cells(line: str) -> list[str]:
        return [cell.strip() for cell in line.strip().strip("|").split("|")]

    header = cells(table[0])
    assert set(table[1].replace("|", "")) <= {"-", ":", " "}, "the second line of a table separates header and rows"
    return lead, header, [dict(zip(header, cells(line), strict=True)) for line in table[2:]]


def test_readme_flagship_example_is_what_the_cli_prints(built: Project) -> None:
    lead, header, rows = readme_flagship_table()
    command = re.search(r"`diplokg (query officials_handling_ties[^`]*)`", lead)
    assert command, "the lead-in names the command it shows"
    out, err = io.StringIO(), io.StringIO()
    assert main(["--root", str(built.root), *command[1].split(), "-f", "csv"], out=out, err=err) == 0, err.getvalue()
    printed = list(csv.DictReader(io.StringIO(out.getvalue())))
    columns = list(printed[0])
    assert set(header) <= set(columns), f"the README's columns must be named as the CLI names them: {columns}"
    left_out = set(columns) - set(header)
    assert left_out <= set(re.findall(r"`(\w+)`", lead)), f"say which columns are left out: {sorted(left_out)}"
    assert len(rows) >= 3
    for row in rows:
        official = row["officialLabel"]
        candidates = [p for p in printed if p["officialLabel"] == official]
        assert candidates, f"the CLI prints no row for {official}"
        assert any(all(p[k] == v for k, v in row.items()) for p in candidates), f"README row not printed by the CLI: {row}"
