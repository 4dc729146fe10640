"""Fuzzing the data reporter: mutated copies of an article's data file, run through `validate` and `build` in-process.

Each mutant is data/kei-2013-05-24.ttl with bytes flipped, a span deleted, a line duplicated, the file truncated,
two tokens swapped, a token deleted, or random Unicode inserted (a seeded generator: the same mutants every run).
Whatever the mutant, the command returns 0, 1 or 2; when not 0 every line on stderr starts with ``diplokg: `` (one
per problem), a syntax error names file:line:column, nothing escapes ``main`` and nothing else reaches the
terminal (no logged traceback); `validate` writes nothing, and a failed `build` leaves dist/ as it was.

Validation is CPU-bound (pySHACL over the whole graph, about a second a mutant), so a run tries a few dozen
mutants; ``DIPLOKG_FUZZ_MUTANTS=1000 pytest tests/test_fuzz.py`` tries more (and a new ``DIPLOKG_FUZZ_SEED``, others).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import random
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from diplokg.cli import main
from diplokg.project import Project

TARGET = "data/kei-2013-05-24.ttl"
SEED = int(os.environ.get("DIPLOKG_FUZZ_SEED", "20260517"))
VALIDATE_MUTANTS = int(os.environ.get("DIPLOKG_FUZZ_MUTANTS", "36"))
BUILD_MUTANTS = VALIDATE_MUTANTS  # a build judges a mutant faster than `validate` (SHACL compiled to SPARQL)
SYNTAX = re.compile(rf"^diplokg: {re.escape(TARGET)}:\d+:\d+: syntax error: \S")


# --- mutations ----------------------------------------------------------------------------------------------


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _delete(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 40) :]


def _duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    return b"\n".join([*lines[: at + 1], lines[at], *lines[at + 1 :]])


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def _tokens(data: bytes) -> tuple[list[bytes], list[int]]:
    parts = re.split(rb"(\s+)", data)
    return parts, [i for i, part in enumerate(parts) if part.strip()]


def _swap_tokens(rng: random.Random, data: bytes) -> bytes:
    parts, words = _tokens(data)
    i, j = rng.sample(words, 2)
    parts[i], parts[j] = parts[j], parts[i]
    return b"".join(parts)


def _delete_token(rng: random.Random, data: bytes) -> bytes:
    parts, words = _tokens(data)
    parts[rng.choice(words)] = b""
    return b"".join(parts)


def _unicode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8")
    at = rng.randrange(len(text))
    ranges = [(0x00, 0x7F), (0x80, 0x2FF), (0x2000, 0x206F), (0x0600, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF)]
    chars = "".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(1, 3)))
    return (text[:at] + chars + text[at:]).encode("utf-8", "surrogatepass")  # a surrogate gives bytes that are not UTF-8


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    _flip,
    _delete,
    _duplicate_line,
    _truncate,
    _swap_tokens,
    _delete_token,
    _unicode,
]


def mutants(original: bytes, count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """``count`` mutants of ``original``, every mutation in turn, each with a readable id."""
    rng = random.Random(seed)
    for n in range(count):
        mutation = MUTATIONS[n % len(MUTATIONS)]
        yield f"#{n} {mutation.__name__.strip('_')}", mutation(rng, original)


def test_mutants_are_deterministic_and_varied() -> None:
    original = (Path(__file__).resolve().parents[1] / TARGET).read_bytes()
    first = list(mutants(original, 14, SEED))
    assert first == list(mutants(original, 14, SEED))
    assert len({data for _, data in first}) == 14
    assert all(data != original for _, data in first[:2])  # flips and deletions change something
    assert {name.split()[1] for name, _ in first} == {m.__name__.strip("_") for m in MUTATIONS}


# --- the reporter -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Project:
    """One scratch copy of the project for all mutants (the mutated file is rewritten before each run)."""
    root = tmp_path_factory.mktemp("fuzz") / "diplokg"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(project.root / folder, root / folder)
    return Project(root, project.sources_dir)


def run(project: Project, command: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    """(exit code, stderr, what went wrong beyond the exit code and stderr: an escaped exception, a logged traceback,
    output on the real stderr)."""
    wrong: list[str] = []
    err = io.StringIO()
    caplog.clear()
    try:
        code = main(["--root", str(project.root), command], out=io.StringIO(), err=err)
    except BaseException as exc:  # the bug this test looks for
        code = -1
        wrong.append(f"{type(exc).__name__} escaped main: {str(exc)[:200]!r}")
    for record in caplog.records:
        if record.levelno >= logging.WARNING and (record.exc_info or record.exc_text):
            wrong.append(f"logged a traceback: {record.name}: {record.getMessage()[:120]!r}")
    leaked = capsys.readouterr().err
    if leaked:
        wrong.append(f"wrote to the terminal's stderr: {leaked[:200]!r}")
    return code, err.getvalue(), wrong


def reporter_problems(code: int, err: str) -> list[str]:
    """What is wrong with a command's exit code and stderr."""
    if code not in (0, 1, 2):
        return [f"exit code {code}"]
    lines = err.split("\n")[:-1] if err.endswith("\n") else err.split("\n")
    problems = [f"stderr line not led by 'diplokg: ': {line[:160]!r}" for line in lines if not line.startswith("diplokg: ")]
    if code and not lines:
        problems.append("failed without a word on stderr")
    if "Traceback" in err:
        problems.append("a traceback on stderr")
    syntax = [line for line in lines if " syntax error" in line and not SYNTAX.match(line)]
    problems += [f"syntax error without file:line:column: {line[:160]!r}" for line in syntax]
    return problems


def snapshot(dist: Path) -> dict[str, str] | None:
    """Every file under dist/ with its SHA-256, or None when there is no dist/."""
    if not dist.exists():
        return None
    return {str(p.relative_to(dist)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(dist.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_validate_reports_any_mutant_in_lines_and_writes_nothing(
    fuzz_project: Project, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fuzz_project.root / TARGET
    original = target.read_bytes()
    found: list[str] = []
    codes: dict[int, int] = {}
    syntax = 0
    try:
        for name, data in mutants(original, VALIDATE_MUTANTS, SEED):
            target.write_bytes(data)
            code, err, wrong = run(fuzz_project, "validate", caplog, capsys)
            codes[code] = codes.get(code, 0) + 1
            syntax += "syntax error" in err
            found += [f"{name}: {problem}" for problem in wrong + reporter_problems(code, err)]
            if fuzz_project.dist_dir.exists():
                found.append(f"{name}: validate wrote {fuzz_project.dist_dir}")
                shutil.rmtree(fuzz_project.dist_dir)
    finally:
        target.write_bytes(original)
    assert not found, "\n".join(found)
    assert sum(codes.values()) == VALIDATE_MUTANTS
    assert set(codes) <= {0, 1}  # broken data is data that does not conform, never "any other error"
    assert syntax > 0  # syntax errors were met...
    assert sum(codes.values()) - syntax > 0  # ...and mutants that parse, which the shapes and checks judge


@pytest.mark.slow
def test_a_failed_build_of_a_mutant_leaves_dist_as_it_was(
    fuzz_project: Project, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fuzz_project.root / TARGET
    original = target.read_bytes()
    code, err, wrong = run(fuzz_project, "build", caplog, capsys)
    assert code == 0 and not wrong, (err, wrong)
    before = snapshot(fuzz_project.dist_dir)
    assert before
    found: list[str] = []
    failed = built = 0
    try:
        # other mutants than validate's (another seed), so that a run tries more of them
        for name, data in mutants(original, BUILD_MUTANTS, SEED + 1):
            target.write_bytes(data)
            code, err, wrong = run(fuzz_project, "build", caplog, capsys)
            found += [f"{name}: {problem}" for problem in wrong + reporter_problems(code, err)]
            after = snapshot(fuzz_project.dist_dir)
            if code == 0:
                built += 1
                before = after  # a mutant that is still valid data: its build is the new dist/
            else:
                failed += 1
                if after != before:
                    changed = sorted(k for k in {*(before or {}), *(after or {})} if (before or {}).get(k) != (after or {}).get(k))
                    found.append(f"{name}: a failed build changed dist/: {changed[:5]}")
                    before = after
    finally:
        target.write_bytes(original)
    assert not found, "\n".join(found)
    assert failed > 0 and failed + built == BUILD_MUTANTS
