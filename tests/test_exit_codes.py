"""Exit codes as the README documents them, for every command: 0 success, 1 the data does not conform (syntax,
shapes, checks, quotes), 2 any other error; a failure is always one line per problem, never a traceback."""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from diplokg.cli import main
from diplokg.project import Project

KEI = "kei-2013-05-24.ttl"


@pytest.fixture(autouse=True)
def sources_beside(monkeypatch: pytest.MonkeyPatch, project: Project) -> None:
    """A scratch copy of the project lives in a temporary folder: point it at the real source texts."""
    monkeypatch.setenv("DIPLOKG_SOURCES", str(project.sources_dir))


def run(project: Project, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/sparql"


def edit_kei(old: str, new: str) -> Callable[[Project], None]:
    def edit(project: Project) -> None:
        path = project.data_dir / KEI
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def folder_named_like_data(project: Project) -> None:
    (project.data_dir / "not-a-file.ttl").mkdir()


BROKEN = {
    "turtle syntax": (edit_kei("dkg:modality dkg:Actual", "dkg:modality dkg:Actual ;;; <broken"), "syntax error"),
    "unknown term": (edit_kei("dkg:modality dkg:Actual", "dkg:modalty dkg:Actual"), "unknown property"),
    "quote not in source": (
        edit_kei("one of North Korea’s most senior military officers", "one of North Korea’s most junior military officers"),
        "not in the source",
    ),
    "shacl violation": (edit_kei("dkg:modality dkg:Actual ;", ""), ""),
}


@pytest.mark.parametrize("command", ["validate", "build", "stats"])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_data_that_does_not_conform_exits_1(scratch_project: Project, command: str, case: str) -> None:
    breaks, fragment = BROKEN[case]
    breaks(scratch_project)
    code, out, err = run(scratch_project, command)
    assert code == 1, err
    assert out == "" and "Traceback" not in err
    assert all(line.startswith("diplokg: ") for line in err.strip().splitlines())
    assert fragment in err
    assert not scratch_project.dist_dir.exists()


def test_an_unreadable_data_file_is_not_a_data_problem(scratch_project: Project) -> None:
    folder_named_like_data(scratch_project)
    code, out, err = run(scratch_project, "validate")
    assert (code, out) == (2, "")
    assert err.strip() == "diplokg: data/not-a-file.ttl: cannot read file: Is a directory"


def test_fmt_check_reports_non_canonical_files_with_1(scratch_project: Project) -> None:
    path = scratch_project.data_dir / KEI
    path.write_text(path.read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")
    code, _out, err = run(scratch_project, "fmt", "--check")
    assert code == 1 and f"data/{KEI} is not in canonical form" in err


OTHER_ERRORS = [
    ("query", "no_such_question"),
    ("query", "officials_handling_ties", "-p", "nosuch=1"),
    ("query", "officials_handling_ties", "-p", "a=Atlantis"),
    ("query", "acts_in_period", "-p", "from=yesterday"),
    ("queries", "no_such_question"),
    ("query", "officials_handling_ties", "--endpoint", "CLOSED"),
    ("load", "--endpoint", "CLOSED", "--timeout", "2"),
    ("enrich", "--endpoint", "CLOSED", "--timeout", "2"),
    ("link", "--accept", "no-such-review-file.tsv"),
    ("site", "--out", "/dev/null"),  # not a folder: refused before anything is written
    ("add-article", "no-such-file.txt", "--headline", "H", "--author", "A", "--published", "2020-01-01", "--publisher", "P"),
    ("draft", "no-such-article"),
    ("coverage", "no-such-article"),
    ("serve", "--port", "0", "--site", "no-such-site-folder"),
]


@pytest.mark.parametrize("argv", OTHER_ERRORS, ids=[" ".join(a) for a in OTHER_ERRORS])
def test_any_other_error_exits_2_with_one_line(built: Project, argv: tuple[str, ...]) -> None:
    url = closed_port_url()
    code, out, err = run(built, *[url if a == "CLOSED" else a for a in argv])
    assert code == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("diplokg: "), err


@pytest.mark.parametrize(
    "argv",
    [("validate",), ("queries",), ("query", "articles"), ("stats",), ("fmt", "--check"), ("coverage",), ("draft", "kei-2013-05-24")],
)
def test_success_exits_0(built: Project, argv: tuple[str, ...]) -> None:
    code, out, err = run(built, *argv)
    assert code == 0, err
    assert out or argv == ("fmt", "--check")


def test_every_command_is_covered() -> None:
    """A new subcommand must get its exit codes tested here too."""
    from diplokg.cli import _parser

    commands = set(next(a for a in _parser()._actions if a.dest == "command").choices)
    tested = {"build", "validate", "stats", "fmt"} | {a[0] for a in OTHER_ERRORS}
    assert commands <= tested, commands - tested
    assert Path(__file__).is_file()
