"""The command line for a person at a terminal: help that teaches, notes and suggestions when nothing matched,
and a table that fits the terminal.

Help: every subcommand (found from the parser, so a new one is held to the same) has a description, help for
each argument and a line for each of its choices, and examples that parse; ``--root`` is taken before or after
the subcommand. Nothing matched: a text parameter that matches nothing is a note on stderr (exit 0), an empty
period an error, and a name that names nothing suggests the closest names. The table: one line per row,
within 80 columns unless $COLUMNS says otherwise, long cells cut with an ellipsis, dates whole; ``--wide`` and
``-f records`` show every value whole.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shlex
from pathlib import Path

import pytest

from diplokg.cli import _parser, main
from diplokg.engines import Result
from diplokg.project import Project
from diplokg.query import suggest
from diplokg.results import to_records, to_table
from diplokg.terms import XSD, Term

FLAGSHIP = "officials_handling_ties"
FLAGSHIP_QUOTE = (
    "Both men had been in charge of bilateral relations and their removal left the two countries without any reliable "
    "high-level personnel to tamp down rising tensions."
)
QUERIES = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "queries").glob("*.rq"))


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """The subcommands' parsers, as the parser itself lists them."""
    found = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(found[0].choices) if found else {}


SUBCOMMANDS = sorted(subcommands())


def run(project: Project, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(autouse=True)
def _no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table's width is 80 unless $COLUMNS says otherwise (the output here is a StringIO, not a terminal)."""
    monkeypatch.delenv("COLUMNS", raising=False)


# --- help --------------------------------------------------------------------------------------------------


def test_the_subcommands_are_found() -> None:
    assert len(SUBCOMMANDS) >= 9, SUBCOMMANDS  # a lookup that finds nothing must not pass the tests below by running none
    assert {"build", "validate", "fmt", "queries", "query", "stats", "load", "link", "enrich"} <= set(SUBCOMMANDS)


def examples(parser: argparse.ArgumentParser) -> list[str]:
    return [line.strip() for line in (parser.epilog or "").splitlines() if line.startswith("  diplokg ")]


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_help_describes_the_command_and_shows_examples_that_parse(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    parser = subcommands()[name]
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert parser.description and len(parser.description.split()) >= 15, parser.description
    assert " ".join(parser.description.split()[:6]) in " ".join(shown.split())
    found = examples(parser)
    assert len(found) >= 2, parser.epilog
    for example in found:
        assert example in shown
        words = shlex.split(example, comments=True)
        words = words[: next((i for i, w in enumerate(words) if w in {"|", "&&", ">", ";"}), len(words))]
        assert words[0] == "diplokg"
        assert _parser().parse_args(words[1:]).command == name, example


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_argument_and_every_choice_is_explained(name: str) -> None:
    actions = subcommands()[name]._actions
    assert any("--root" in action.option_strings for action in actions)  # the global option, after the subcommand too
    for action in actions:
        assert action.help and action.help != argparse.SUPPRESS, action.dest
        for choice in action.choices or []:  # a line of its own: the choice, then what it gives
            assert re.search(rf"^\s+{re.escape(choice)}\s{{2,}}\S", action.help, re.MULTILINE), (action.dest, choice)


def test_query_help_explains_names_files_parameters_and_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for fragment in ("`diplokg queries`", ".rq file", "plain SPARQL", "binds the variable ?k", "--print", "--endpoint URL"):
        assert fragment in shown, fragment
    for fragment in ("records one block per row", "csv W3C SPARQL CSV", "oxigraph-memory Oxigraph in memory"):
        assert fragment in shown, fragment


def test_root_is_taken_after_the_subcommand_too(built: Project, tmp_path: Path) -> None:
    after = io.StringIO()
    assert main(["query", FLAGSHIP, "-f", "csv", "--root", str(built.root)], out=after, err=io.StringIO()) == 0
    before = io.StringIO()
    assert main(["--root", str(built.root), "query", FLAGSHIP, "-f", "csv"], out=before, err=io.StringIO()) == 0
    assert csv_rows(after.getvalue()) == csv_rows(before.getvalue()) != []
    # given twice, the one after the subcommand is used (here a folder that holds no project, named in the error)
    err = io.StringIO()
    assert main(["--root", str(built.root), "query", FLAGSHIP, "--root", str(tmp_path)], out=io.StringIO(), err=err) == 2
    assert str(tmp_path) in err.getvalue()


# --- when nothing matched ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["zzz", "Leap Day"])
def test_a_text_value_that_matches_nothing_gets_a_note(built: Project, value: str) -> None:
    code, out, err = run(built, "query", "agreement_commitments", "-p", f"agreement={value}", "-f", "csv")
    assert code == 0, err  # an empty answer may be the right one
    assert csv_rows(out) == []
    assert err.splitlines() == [
        f"diplokg: note: no rows; nothing matches agreement={value!r} (a text parameter: it must match the agreement's "
        "name or IRI; see `diplokg queries agreement_commitments`)"
    ]


def test_no_note_when_a_text_value_finds_rows(built: Project) -> None:
    code, out, err = run(built, "query", "agreement_commitments", "-p", "agreement=leap day agreement", "-f", "csv")
    assert code == 0 and csv_rows(out) and err == "", err
    code, out, err = run(built, "query", "episode_parts", "-p", "episode=zzz")  # the table says (0 rows), the note why
    assert code == 0 and "(0 rows)" in out and "nothing matches episode='zzz'" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-p", "from=2015-01-21", "-p", "to=2014-09-01"], "query acts_in_period: from=2015-01-21 is after to=2014-09-01"),
        (["-p", "from=2016-01-01"], "from=2016-01-01 is after to=2015-01-21 (the default; give -p to=...)"),
    ],
    ids=["both-given", "against-the-default"],
)
def test_an_empty_period_is_an_error(built: Project, argv: list[str], message: str) -> None:
    code, out, err = run(built, "query", "acts_in_period", *argv)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith("diplokg: ") and message in err, err
    code, out, err = run(built, "query", "acts_in_period", "-p", "from=2014-07-01", "-p", "to=2014-07-01", "-f", "csv")
    assert code == 0 and err == "", err  # one day is a period


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-p", "a=Korea"], "diplokg: a='Korea': no state in the graph matches this value; did you mean: North Korea, South Korea?"),
        (["-p", "a=Chna"], "diplokg: a='Chna': no state in the graph matches this value; did you mean: China?"),
        (["-p", "b=Pyongyng"], "did you mean: Pyongyang?"),  # a capital, as a state may be named
    ],
    ids=["part-of-names", "misspelt", "capital"],
)
def test_a_name_that_names_nothing_suggests_the_closest(built: Project, argv: list[str], message: str) -> None:
    code, out, err = run(built, "query", FLAGSHIP, *argv)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and message in err, err


def test_suggestions_are_read_only_when_a_value_names_nothing(built: Project) -> None:
    from diplokg.catalogue import find_query
    from diplokg.engines import OxigraphEngine
    from diplokg.errors import QueryError
    from diplokg.query import resolve_bindings

    engine = OxigraphEngine(built.dist_dir / "store")
    asked: list[str] = []
    real = engine.run

    def run_and_record(text, bindings, source="query"):
        asked.append(text)
        return real(text, bindings, source=source)

    engine.run = run_and_record  # type: ignore[method-assign]
    spec = find_query(built.queries_dir, FLAGSHIP)
    resolve_bindings(engine, spec, {"a": Term.literal("China"), "b": Term.literal("north korea")})
    assert asked and not any("?name" in text for text in asked)  # found: no label list read
    with pytest.raises(QueryError, match=r"did you mean: China\?"):
        resolve_bindings(engine, spec, {"a": Term.literal("Chna"), "b": Term.literal("China")})
    assert any("?name" in text for text in asked)


def test_suggest_prefers_names_containing_the_value_and_gives_each_node_once() -> None:
    labels = [("North Korea", "North Korea"), ("DPRK", "North Korea"), ("South Korea", "South Korea"), ("China", "China")]
    labels += [("Republic of Korea", "South Korea")]
    assert suggest("korea", labels) == ["North Korea", "South Korea"]
    assert suggest("  CHNA ", labels) == ["China"]
    assert suggest("dprk", labels) == ["North Korea"]
    assert suggest("Atlantis", labels) == suggest("", labels) == []


# --- the terminal table --------------------------------------------------------------------------------------


def test_the_flagship_table_fits_80_columns_one_line_a_row(built: Project) -> None:
    rows = csv_rows(run(built, "query", FLAGSHIP, "-f", "csv")[1])
    code, out, err = run(built, "query", FLAGSHIP)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == len(rows) + 3 and len(rows) >= 10, out  # header, rule, one line per row, the count
    assert max(len(line) for line in lines) <= 80, out
    assert "…" in out and lines[-1].startswith(f"({len(rows)} rows; ") and "--wide" in lines[-1]
    for row, line in zip(rows, lines[2:-1], strict=True):
        assert line.startswith(row["officialLabel"][:3])
        cells = [cell.strip() for cell in line.split(" | ")]
        assert [cells[4], cells[5]] == [row["earliest"], row["latest"]], line  # a date is never cut


@pytest.mark.parametrize("name", QUERIES, ids=QUERIES)
def test_every_question_fits_80_columns_one_line_a_row(built: Project, name: str) -> None:
    rows = csv_rows(run(built, "query", name, "-f", "csv")[1])
    code, out, err = run(built, "query", name)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == len(rows) + 3
    assert max(len(line) for line in lines) <= 80, out


def test_columns_sets_the_width(built: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    rows = csv_rows(run(built, "query", FLAGSHIP, "-f", "csv")[1])
    out = run(built, "query", FLAGSHIP)[1]
    assert len(out.splitlines()) == len(rows) + 3
    assert 80 < max(len(line) for line in out.splitlines()) <= 160
    assert "Jang Song Taek" in out and "North Korea" in out  # room enough for the short columns whole


def test_wide_shows_every_cell_whole_on_one_line(built: Project) -> None:
    rows = csv_rows(run(built, "query", FLAGSHIP, "-f", "csv")[1])
    code, out, err = run(built, "query", FLAGSHIP, "--wide")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == len(rows) + 3 and "…" not in out
    assert lines[-1] == f"({len(rows)} rows)"
    jang = next(line for line in lines if line.startswith("Jang Song Taek "))
    assert FLAGSHIP_QUOTE in jang and "in charge of the bilateral relation" in jang


def read_records(text: str) -> tuple[list[dict[str, str]], str]:
    """The blocks of ``-f records`` as dicts (a wrapped value joined again), and the last line."""
    *blocks, last = text.rstrip("\n").split("\n\n")
    records = []
    for block in blocks:
        record: dict[str, str] = {}
        for line in block.split("\n"):
            if line.startswith(" "):
                record[next(reversed(record))] += " " + line.strip()
            else:
                name, _, value = line.partition(":")
                record[name] = value.strip()
        records.append(record)
    return records, last


def test_records_give_one_block_per_row_with_every_value_whole(built: Project) -> None:
    rows = csv_rows(run(built, "query", FLAGSHIP, "-f", "csv")[1])
    code, out, err = run(built, "query", FLAGSHIP, "-f", "records")
    assert code == 0, err
    records, last = read_records(out)
    assert last == f"({len(rows)} rows)"
    assert len(records) == len(rows)
    for record, row in zip(records, rows, strict=True):
        assert list(record) == ["official", "state", "role", "how", "earliest", "latest", "period", "article", "quote"]
        assert record["official"] == row["officialLabel"] and record["state"] == row["stateLabel"]
        assert record["quote"] == " ".join(row["quote"].split()) and record["latest"] == row["latest"]
    assert any(record["quote"] == FLAGSHIP_QUOTE for record in records)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_a_narrow_table_cuts_text_but_never_a_date() -> None:
    date = Term.literal("2014-07-01", XSD + "date")
    result = Result(
        "select", ["when", "what"], [{"when": date, "what": Term.literal("Xi Jinping snubs Pyongyang by visiting Seoul first")}]
    )
    table = to_table(result, {}, {}, width=24).splitlines()
    assert table[2] == "2014-07-01 | Xi Jinping…"
    assert max(len(line) for line in table[:3]) <= 24
    assert (
        to_table(result, {}, {}, width=24, wide=True).splitlines()[2] == "2014-07-01 | Xi Jinping snubs Pyongyang by visiting Seoul first"
    )
    assert to_records(result, {}, {}, width=32) == (
        "when: 2014-07-01\nwhat: Xi Jinping snubs Pyongyang\n      by visiting Seoul first\n\n(1 row)\n"
    )
