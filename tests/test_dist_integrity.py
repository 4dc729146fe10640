"""dist/ cannot lie: every reader checks what it reads against the manifest, and a damaged file is one line and
exit 2, never an answer; one build at a time, and a query during a build reads the last complete one; files get
the modes the user's umask gives."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from diplokg import build as build_module
from diplokg.build import MANIFEST, STORE_DIR, build
from diplokg.cli import main
from diplokg.project import Project

# what is new (manifest.py, locks.py) is imported in the tests that use it, so that each test fails on its own
# against the code before them

FLAGSHIP = "officials_handling_ties"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    """One build of a copy of the project, copied into each test's scratch project (a build takes seconds)."""
    root = tmp_path_factory.mktemp("pristine") / "diplokg"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(project.root / folder, root / folder)
    copy = Project(root, project.sources_dir)
    build(copy)
    return copy.dist_dir


@pytest.fixture
def built_scratch(scratch_project: Project, pristine: Path) -> Project:
    """The scratch project with a complete build in its dist/, ours to damage."""
    shutil.copytree(pristine, scratch_project.dist_dir)
    return scratch_project


def cli(project: Project, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def damaged(code: int, out: str, err: str, what: str, why: str) -> None:
    """The one line a damaged dist/ gives: exit 2, nothing on stdout."""
    assert (code, out) == (2, ""), (code, out, err)
    assert err == f"diplokg: dist/ is damaged ({what}: {why}); run `diplokg build`\n"


def cut_at_a_line(path: Path) -> None:
    """Keep the first half of a file's lines: still valid N-Quads, with half the graph."""
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[: len(lines) // 2]))


def change_a_letter(path: Path, old: bytes = b"North Korea", new: bytes = b"North Koreb") -> None:
    """Same size, other content: only a digest sees it."""
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def store_tables(project: Project) -> list[Path]:
    return sorted((project.dist_dir / STORE_DIR).glob("*.sst"), key=lambda p: p.stat().st_size)


def test_the_manifest_records_every_file_the_build_wrote(built_scratch: Project) -> None:
    dist = built_scratch.dist_dir
    outputs = json.loads((dist / MANIFEST).read_text())["outputs"]
    written = {p.name for p in dist.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != MANIFEST}
    in_store = {f"{STORE_DIR}/{p.name}" for p in (dist / STORE_DIR).iterdir() if not p.name.startswith(("LOG", "LOCK"))}
    assert len(written) == 7 and any(name.endswith(".sst") for name in in_store)
    assert set(outputs) == written | in_store
    for name, recorded in outputs.items():
        digest = hashlib.sha256((dist / name).read_bytes()).hexdigest()
        assert recorded == {"size": (dist / name).stat().st_size, "sha256": digest}, name


@pytest.mark.parametrize("engine", ["oxigraph", "oxigraph-memory", "rdflib"])
def test_a_query_leaves_every_recorded_file_as_it_was(built_scratch: Project, engine: str) -> None:
    """Opening the store read-only writes nothing to it (measured, and held here): the digests still match."""
    from diplokg.manifest import open_build

    code, out, err = cli(built_scratch, "query", FLAGSHIP, "-f", "csv", "--engine", engine)
    assert code == 0 and len(out.splitlines()) > 5, err
    with open_build(built_scratch.dist_dir) as built:
        built.folder(STORE_DIR, digest=True)
        for name in built.outputs:
            built.file(name, digest=True)


@pytest.mark.parametrize(
    ("engine", "name", "damage", "why"),
    [
        ("oxigraph-memory", "diplokg.nq", cut_at_a_line, "size differs from the manifest"),
        ("oxigraph-memory", "diplokg.nq", change_a_letter, "content differs from the manifest's SHA-256"),
        ("rdflib", "diplokg.trig", cut_at_a_line, "size differs from the manifest"),
        ("rdflib", "diplokg.trig", change_a_letter, "content differs from the manifest's SHA-256"),
        ("oxigraph-memory", "diplokg.nq", Path.unlink, "missing"),
    ],
    ids=["memory-cut", "memory-letter", "rdflib-cut", "rdflib-letter", "memory-missing"],
)
def test_a_damaged_file_is_one_line_never_an_answer(built_scratch: Project, engine: str, name: str, damage, why: str) -> None:
    # on the code before the manifest, the cut N-Quads answered the flagship with 0 rows and exit 0
    damage(built_scratch.dist_dir / name)
    damaged(*cli(built_scratch, "query", FLAGSHIP, "--engine", engine), name, why)
    damaged(*cli(built_scratch, "query", "counts_by_cameo_code", "--engine", engine), name, why)


def test_the_default_store_checks_sizes_only(built_scratch: Project) -> None:
    """The on-disk path does not hash: a changed letter in diplokg.nq, which it does not read, is not its concern."""
    change_a_letter(built_scratch.dist_dir / "diplokg.nq")
    code, out, err = cli(built_scratch, "query", FLAGSHIP, "-f", "csv")
    assert code == 0 and len(out.splitlines()) > 5, err


def _remove_largest(project: Project) -> str:
    table = store_tables(project)[-1]
    table.unlink()
    return f"{STORE_DIR}/{table.name}"


def _truncate_largest(project: Project) -> str:
    table = store_tables(project)[-1]
    os.truncate(table, table.stat().st_size // 2)
    return f"{STORE_DIR}/{table.name}"


def _break_a_footer(project: Project) -> str:
    """Same size: a flipped byte in a table's footer (its magic number), which RocksDB reads when it opens."""
    table = store_tables(project)[-1]
    data = bytearray(table.read_bytes())
    data[-4] ^= 0xFF
    table.write_bytes(bytes(data))
    return STORE_DIR


def _current_points_nowhere(project: Project) -> str:
    current = project.dist_dir / STORE_DIR / "CURRENT"
    text = current.read_text()
    current.write_text(text[:-3] + ("98\n" if not text.endswith("98\n") else "99\n"))
    return STORE_DIR


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (_remove_largest, "missing"),
        (_truncate_largest, "size differs from the manifest"),
        (_break_a_footer, "Oxigraph cannot read it: Corruption: Bad table magic number"),
        (_current_points_nowhere, "Oxigraph cannot read it: IO error: No such file or directory"),
    ],
    ids=["table-removed", "table-truncated", "footer-flipped", "current-points-nowhere"],
)
def test_a_damaged_store_is_one_line_never_a_traceback(built_scratch: Project, damage, why: str) -> None:
    # on the code before, each of these ended in a RuntimeError traceback (or, for CURRENT, a differently worded line)
    what = damage(built_scratch)
    code, out, err = cli(built_scratch, "query", FLAGSHIP)
    assert (code, out) == (2, ""), err
    assert err.startswith(f"diplokg: dist/ is damaged ({what}: {why}") and err.endswith("); run `diplokg build`\n"), err
    assert err.count("\n") == 1 and "Traceback" not in err
    # and `diplokg build` repairs it
    assert cli(built_scratch, "build")[0] == 0
    assert cli(built_scratch, "query", FLAGSHIP)[0] == 0


def test_the_cli_process_prints_no_traceback_for_a_damaged_store(built_scratch: Project) -> None:
    _break_a_footer(built_scratch)
    run = subprocess.run(
        [sys.executable, "-m", "diplokg.cli", "--root", str(built_scratch.root), "query", FLAGSHIP],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (run.returncode, run.stdout) == (2, ""), run.stderr
    assert run.stderr.startswith("diplokg: dist/ is damaged (store: ") and run.stderr.count("\n") == 1, run.stderr


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("damage", "why"),
    [(cut_at_a_line, "size differs from the manifest"), (change_a_letter, "content differs from the manifest's SHA-256")],
    ids=["cut", "letter"],
)
def test_load_refuses_a_damaged_quads_file_before_any_request(built_scratch: Project, damage, why: str) -> None:
    # the endpoint is a closed port: had load sent anything, the line would say it cannot reach it
    damage(built_scratch.dist_dir / "diplokg.nq")
    damaged(*cli(built_scratch, "load", "--endpoint", f"http://127.0.0.1:{closed_port()}/query"), "diplokg.nq", why)


def all_modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


@pytest.mark.parametrize("umask", [0o022, 0o027], ids=["umask-022", "umask-027"])
def test_dist_files_get_the_modes_of_the_users_umask(scratch_project: Project, umask: int) -> None:
    previous = os.umask(umask)
    try:
        assert cli(scratch_project, "build")[0] == 0
        assert cli(scratch_project, "build")[0] == 0  # a rebuild replaces every file, with the same modes
    finally:
        os.umask(previous)
    modes = all_modes(scratch_project.dist_dir)
    assert "diplokg.nq" in modes and f"{STORE_DIR}/CURRENT" in modes and len(modes) > 20
    wrong = {
        name: oct(mode) for name, mode in modes.items() if mode != (0o777 if (scratch_project.dist_dir / name).is_dir() else 0o666) & ~umask
    }
    assert not wrong, wrong
    lock = scratch_project.root / "dist.lock"
    assert stat.S_IMODE(lock.stat().st_mode) == 0o666 & ~umask


class Paused:
    """Wraps a function so that its call waits until released (a stage of a build slowed on purpose)."""

    def __init__(self, function) -> None:
        self.function, self.reached, self.go = function, threading.Event(), threading.Event()

    def __call__(self, *args, **kwargs):
        self.reached.set()
        assert self.go.wait(60), "never released"
        return self.function(*args, **kwargs)


def in_thread(function, *args, **kwargs) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as exc:  # handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_a_second_build_waits_and_a_query_reads_the_last_complete_build(built_scratch: Project, monkeypatch) -> None:
    from diplokg import locks

    dist = built_scratch.dist_dir
    expected = cli(built_scratch, "query", FLAGSHIP, "-f", "csv")
    before = json.loads((dist / MANIFEST).read_text())["built_ns"]
    paused = Paused(build_module.load_persistent_store)
    monkeypatch.setattr(build_module, "load_persistent_store", paused)
    first, first_outcome = in_thread(build, built_scratch)
    try:
        assert paused.reached.wait(60)
        # the build is half way: its files are written beside the old ones, its store not yet loaded
        assert list(dist.glob(".diplokg.nq.*.tmp"))
        # a query answers from the last complete build, at once, on every engine
        for engine in ("oxigraph", "oxigraph-memory", "rdflib"):
            assert cli(built_scratch, "query", FLAGSHIP, "-f", "csv", "--engine", engine) == expected, engine
        assert json.loads((dist / MANIFEST).read_text())["built_ns"] == before
        # a second build waits, saying so once, and gives up when its wait is over
        started = time.monotonic()
        monkeypatch.setattr(locks, "BUILD_WAIT", 0.5)
        code, out, err = cli(built_scratch, "build")
        assert 0.5 <= time.monotonic() - started < 10
        assert (code, out) == (2, "")
        assert err.splitlines() == [
            f"diplokg: waiting for another build of dist/ (process {os.getpid()}) to finish, at most 0.5 s",
            f"diplokg: another build of dist/ (process {os.getpid()}) is still running after 0.5 s; nothing done",
        ]
        # one that waits longer goes on when the first is done
        notices: list[str] = []
        second, second_outcome = in_thread(build, built_scratch, wait=60, notice=notices.append)
        time.sleep(0.3)
        assert second.is_alive() and len(notices) == 1
    finally:
        paused.go.set()
        first.join(60)
    second.join(60)
    assert "error" not in first_outcome and "error" not in second_outcome, (first_outcome, second_outcome)
    assert json.loads((dist / MANIFEST).read_text())["built_ns"] > before
    assert cli(built_scratch, "query", FLAGSHIP, "-f", "csv") == expected
    assert not list(dist.glob(".*.tmp")) and not (dist / f".{STORE_DIR}.new").exists()


def test_a_reader_waits_while_a_build_swaps_its_files_in(built_scratch: Project, monkeypatch) -> None:
    """The swap is the one moment dist/ holds a mix of two builds: readers are held off until it ends."""
    from diplokg.manifest import open_build

    dist = built_scratch.dist_dir
    before = json.loads((dist / MANIFEST).read_text())["built_ns"]
    paused = Paused(build_module.write_all)  # writes the manifest, the last step of the swap
    monkeypatch.setattr(build_module, "write_all", paused)
    builder, built_outcome = in_thread(build, built_scratch)
    try:
        assert paused.reached.wait(60)
        assert not (dist / MANIFEST).exists()  # mid-swap: the new store and files are in, the manifest not yet
        reader, read_outcome = in_thread(open_build, dist)
        time.sleep(0.5)
        assert reader.is_alive(), "a reader opened dist/ in the middle of a swap"
    finally:
        paused.go.set()
        builder.join(60)
    reader.join(60)
    assert "error" not in built_outcome and "error" not in read_outcome, (built_outcome, read_outcome)
    held = read_outcome["value"]
    try:
        assert held.manifest["built_ns"] > before
        held.file("diplokg.nq", digest=True)
        held.folder(STORE_DIR, digest=True)
    finally:
        held.release()


def test_the_build_lock_is_released_when_its_holder_dies(tmp_path: Path) -> None:
    from diplokg import locks

    dist = tmp_path / "dist"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from diplokg.locks import building\n"
            "with building(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)",
            str(dist),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        busy = rf"another build of dist/ \(process {holder.pid}\) is still running after 0.2 s"
        with pytest.raises(locks.BuildBusy, match=busy), locks.building(dist, wait=0.2):
            pass
    finally:
        holder.kill()
        holder.wait(10)
    with locks.building(dist, wait=5):
        pass
