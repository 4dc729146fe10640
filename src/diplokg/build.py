"""``diplokg build``: load, validate, reason, and write dist/ (files plus an Oxigraph store for queries).

dist/ is written only after every check passed, files all-or-nothing, with ``manifest.json`` last: its
fingerprint of the inputs tells later queries whether the build is current, and its record of every file
written (manifest.py) lets each reader check what it reads. One build runs at a time, and a build swaps its
files in while readers are held off (locks.py): a query during a build reads the last complete one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .atomic import temporary_beside, write_all
from .errors import ValidationError
from .locks import building, publishing
from .manifest import MANIFEST, OUTPUTS, record_files
from .progress import Stages, terminal
from .project import INFERRED_GRAPH, Project

if TYPE_CHECKING:
    from .dataset import Stored

STORE_DIR = "store"
STEM = "diplokg"
DEFAULT_REASONER = "rules"  # rules.DEFAULT_REASONER, without importing the rules on the query path


@dataclass
class BuildResult:
    """What a build wrote and measured."""

    dist: Path
    triples: dict[str, int] = field(default_factory=dict)  # graph IRI -> triple count
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> wall time


def _inputs(project: Project) -> list[Path]:
    return [*project.input_files(), *sorted(project.checks_dir.glob("*.rq"))]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(project: Project, digests: dict[str, str] | None = None) -> str:
    """A digest of every input of the build (ontology, shapes, data, checks) and the package version."""
    digest = hashlib.sha256(__version__.encode())
    for path in _inputs(project):
        name = str(path.relative_to(project.root))
        digest.update(name.encode())
        digest.update(bytes.fromhex(digests[name]) if digests and name in digests else hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def input_records(project: Project, previous: dict[str, dict] | None = None, since_ns: int = 0) -> dict[str, dict]:
    """Size, modification time and SHA-256 of every input; a file whose size and time match ``previous`` and
    that was not modified within two seconds of ``since_ns`` keeps its recorded digest without being read."""
    records = {}
    for path in _inputs(project):
        name = str(path.relative_to(project.root))
        stat = path.stat()
        old = (previous or {}).get(name)
        fresh = stat.st_mtime_ns >= since_ns - 2_000_000_000
        if old and old.get("size") == stat.st_size and old.get("mtime_ns") == stat.st_mtime_ns and not fresh:
            records[name] = old
        else:
            records[name] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": _sha256(path)}
    return records


def read_manifest(project: Project) -> dict | None:
    from .manifest import read_manifest as read

    return read(project.dist_dir)


def is_current(project: Project) -> bool:
    """True when dist/ holds a build of exactly the current inputs.

    Reads only the files whose size or modification time changed since the build (as git's index does), so
    that a query on a large built graph does not hash every data file first.
    """
    manifest = read_manifest(project)
    if manifest is None or not (project.dist_dir / STORE_DIR).is_dir() or manifest.get("version") != __version__:
        return False
    if not isinstance(manifest.get(OUTPUTS), dict):
        return False  # written before builds recorded their files: build again, so that readers can check them
    recorded = manifest.get("inputs")
    if not isinstance(recorded, dict):
        return manifest.get("fingerprint") == fingerprint(project)
    try:
        current = input_records(project, recorded, int(manifest.get("built_ns", 0)))
    except OSError:
        return False
    return {k: v["sha256"] for k, v in current.items()} == {k: v["sha256"] for k, v in recorded.items()}


def check(project: Project):
    """Load and validate without writing; raises on any problem."""
    from .dataset import load_project
    from .validate import validate

    loaded = load_project(project)
    report = validate(loaded, project)
    if report.problems:
        raise ValidationError(report.problems)
    return loaded, report


def build(
    project: Project,
    reasoner: str = DEFAULT_REASONER,
    validator: str = "compiled",
    stages: Stages | None = None,
    incremental: bool = True,
    wait: float | None = None,
    notice: Callable[[str], None] | None = None,
) -> BuildResult:
    """Validate, compute the OWL-RL closure (with ``reasoner``: "rules" or "owlrl"), and write dist/.
    Raises before writing anything if invalid.

    Everything runs in one in-memory Oxigraph store (dataset.load_store): the SPARQL checks, the shapes
    (compiled to SPARQL, or pySHACL with ``validator="pyshacl"``), the rules; dist/ files are written by
    Oxigraph's serializers from the files as parsed plus the inferred graph, and the store for queries is
    bulk-loaded from the N-Quads. ``stages`` times (and, on a terminal, shows) each stage.

    When the only change since the last build is new data files, they are checked, closed and added to
    dist/ without rebuilding the rest (incremental.py), unless ``incremental`` is False.

    While another build of the same dist/ runs, waits for it at most ``wait`` seconds (locks.BUILD_WAIT),
    telling ``notice`` once, then raises locks.BuildBusy.
    """
    with building(project.dist_dir, wait, notice):
        return _build(project, reasoner, validator, stages, incremental)


def _build(project: Project, reasoner: str, validator: str, stages: Stages | None, incremental: bool) -> BuildResult:
    """``build`` with the build lock held."""
    from . import incremental as increment
    from .dataset import load_store
    from .validate import validate_store

    stages = stages if stages is not None else terminal()
    started_ns = time.time_ns()
    if incremental:
        the_plan = increment.plan(project, reasoner, validator)
        if the_plan is not None:
            result = increment.build_incremental(project, the_plan, validator, stages, started_ns)
            if result is not None:
                return result
            stages.seconds.clear()  # the new files did not pass: build everything, which says why
    inputs = input_records(project)  # before parsing: a file edited during the build makes it stale
    with stages.stage("parse"):
        stored = load_store(project)
    with stages.stage("validate"):
        report = validate_store(stored, project, validator)
    if report.problems:
        raise ValidationError(report.problems)
    dist = project.dist_dir
    work_staging = dist / f"{increment.WORK_DIR}.new"
    with stages.stage("reason"):
        inconsistencies = close_store(stored, reasoner, stages, work_staging if reasoner == "rules" else None)
    if inconsistencies:
        shutil.rmtree(work_staging, ignore_errors=True)
        raise ValidationError(inconsistencies)
    counts = graph_counts(stored.store)

    dist.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    staging = dist / f".{STORE_DIR}.new"
    try:
        with stages.stage("serialize"):
            staged = write_files(stored, dist, context=project.context_path)
        with stages.stage("store"):
            shutil.rmtree(staging, ignore_errors=True)
            nquads = next(tmp for tmp, final in staged if final.name == f"{STEM}.nq")
            load_persistent_store(staging, nquads)
        files = sorted(final.name for _, final in staged)
        manifest: dict = {
            "fingerprint": fingerprint(project, {name: record["sha256"] for name, record in inputs.items()}),
            "inputs": inputs,
            "built_ns": started_ns,
            "version": __version__,
            "reasoner": reasoner,
            "validator": validator,
            "mode": "full",
            "graphs": counts,
            "files": files,
            "seconds": {name: round(seconds, 3) for name, seconds in stages.seconds.items()},
        }
        publish(dist, manifest, staged, staging, work=work_staging)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(work_staging, ignore_errors=True)
        raise
    (dist / increment.MARKER).unlink(missing_ok=True)
    return BuildResult(dist, counts, report.warnings, files, dict(stages.seconds))


def publish(
    dist: Path,
    manifest: dict,
    files: list[tuple[Path, Path]],
    store: Path,
    carry: dict[str, dict] | None = None,
    work: Path | None = None,
) -> None:
    """Put a written build in place: ``files`` as (temporary, final) pairs, the query ``store`` staged beside
    dist/store, and ``manifest`` with the record of every file (``carry``: records of files this build left
    as they were). With ``work``, the staged reasoning store (full builds) replaces dist/.reasoning.

    Readers are held off meanwhile (locks.publishing), so they see the last build or this one, never a mix.
    The old manifest goes first: should the process die part way, dist/ holds no build, and the next query
    builds again rather than trust a mix.
    """
    from .incremental import WORK_DIR

    outputs = {name: entry for name, entry in (carry or {}).items() if not name.startswith(f"{STORE_DIR}/")}
    outputs.update(record_files([*((final.name, tmp) for tmp, final in files), (STORE_DIR, store)]))
    text = json.dumps({**manifest, OUTPUTS: outputs}, indent=2, sort_keys=True).encode()
    old = dist / f".{STORE_DIR}.old"
    shutil.rmtree(old, ignore_errors=True)
    with publishing(dist):
        (dist / MANIFEST).unlink(missing_ok=True)
        if (dist / STORE_DIR).exists():
            (dist / STORE_DIR).rename(old)
        store.rename(dist / STORE_DIR)
        if work is not None:
            shutil.rmtree(dist / WORK_DIR, ignore_errors=True)
            if work.exists():
                work.rename(dist / WORK_DIR)
        for tmp, final in files:
            os.replace(tmp, final)
        write_all({dist / MANIFEST: text})
    shutil.rmtree(old, ignore_errors=True)


def close_store(stored: Stored, reasoner: str = DEFAULT_REASONER, stages: Stages | None = None, work: Path | None = None) -> list[str]:
    """Add the OWL 2 RL closure of the store's default graph (the union of ontology and data) as the named graph
    INFERRED_GRAPH, junk filtered, then empty the default graph. Returns the inconsistencies found.

    With ``work`` (and the rules reasoner), the closed graph is also saved there for incremental builds."""
    import pyoxigraph as ox

    from .reason import rules_problems

    store = stored.store
    if reasoner == "rules":
        from .rules import materialise

        note = stages.note if stages is not None else None
        found = materialise(store, (lambda r, n: note(f"round {r}, {n} new triples")) if note else None)
        triples, problems = found.triples, rules_problems(found.problems)
        if work is not None and not problems:
            from .incremental import persist_work_store

            work.parent.mkdir(parents=True, exist_ok=True)
            persist_work_store(store, work, work.parent)
    elif reasoner == "owlrl":
        from rdflib import Graph

        from .reason import owlrl_closure
        from .terms import from_rdflib, to_oxigraph

        union = Graph()
        union.parse(data=store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
        inferred, problems = owlrl_closure(union)
        triples = [ox.Triple(*(to_oxigraph(from_rdflib(term)) for term in triple)) for triple in inferred]
    else:
        from .rules import REASONERS

        raise ValueError(f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})")
    store.update("CLEAR DEFAULT")
    graph = ox.NamedNode(INFERRED_GRAPH)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return problems


def graph_counts(store) -> dict[str, int]:
    """Triples per named graph."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


def dataset_quads(stored: Stored) -> Iterator:
    """Every quad of the build: each source file as parsed (literals exactly as written: an Oxigraph store would
    give xsd:nonNegativeInteger "0010" back as xsd:integer "10") in its named graph, then the inferred graph."""
    import pyoxigraph as ox

    for iri, path in stored.graphs.items():
        graph = ox.NamedNode(iri)
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)
    yield from stored.store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH))


def _distinct_triples(stored: Stored) -> Iterator:
    import pyoxigraph as ox

    seen: set = set()
    for quad in dataset_quads(stored):
        triple = ox.Triple(quad.subject, quad.predicate, quad.object)
        if triple not in seen:
            seen.add(triple)
            yield triple


# suffix -> (pyoxigraph RdfFormat member, keeps the named graphs)
DIST_FORMATS = {
    "trig": ("TRIG", True),
    "nq": ("N_QUADS", True),
    "jsonld": ("JSON_LD", True),
    "ttl": ("TURTLE", False),
    "nt": ("N_TRIPLES", False),
}


def serialize_format(stored: Stored, suffix: str, path: Path) -> None:
    """Write one dist/ format of the stored graph to ``path``. TriG, N-Quads and JSON-LD keep the named
    graphs; Turtle and N-Triples hold their union."""
    import pyoxigraph as ox

    from .iris import PREFIXES

    member, keeps_graphs = DIST_FORMATS[suffix]
    fmt = getattr(ox.RdfFormat, member)
    items = dataset_quads(stored) if keeps_graphs else _distinct_triples(stored)
    prefixes = dict(PREFIXES) if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE) else None
    ox.serialize(items, str(path), format=fmt, prefixes=prefixes)


def write_files(stored: Stored, dist: Path, stem: str = STEM, context: Path | None = None) -> list[tuple[Path, Path]]:
    """Write every dist/ format to a temporary file beside its target; returns (temporary, target) pairs.

    With ``context`` (the project's ontology/context.jsonld, when it has one), also compact JSON-LD that
    refers to that context, and the context itself copied beside it so that the reference resolves.
    """
    staged: list[tuple[Path, Path]] = []

    def stage(name: str) -> Path:
        final = dist / name
        fd, tmp = temporary_beside(final)
        os.close(fd)
        staged.append((tmp, final))
        return tmp

    try:
        for suffix in DIST_FORMATS:
            serialize_format(stored, suffix, stage(f"{stem}.{suffix}"))
        if context is not None and context.is_file():
            from .jsonld import COMPACT_SUFFIX, CONTEXT_FILE, Context, write_compact

            write_compact(dataset_quads(stored), stage(f"{stem}.{COMPACT_SUFFIX}"), Context.load(context), CONTEXT_FILE)
            stage(CONTEXT_FILE).write_bytes(context.read_bytes())
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    return staged


def load_persistent_store(location: Path, nquads: Path) -> None:
    """Create the on-disk Oxigraph store queries use, from the build's N-Quads."""
    import pyoxigraph as ox

    store = ox.Store(str(location))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store


def copy_store(source: Path, target: Path) -> None:
    """A copy of an on-disk Oxigraph store, to change while ``source`` stays as it was: RocksDB never changes a
    table file (``*.sst``) once written, so those are hard links (as RocksDB's own checkpoints make them);
    the rest (its MANIFEST, CURRENT, OPTIONS, write-ahead logs) is copied."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for path in sorted(source.iterdir()):
        if path.name == "LOCK" or not path.is_file():
            continue
        if path.suffix == ".sst":
            try:
                os.link(path, target / path.name)
                continue
            except OSError:
                pass
        shutil.copy2(path, target / path.name)


def ensure_built(project: Project, notice: Callable[[str], None] | None = None) -> bool:
    """Build if dist/ is missing or stale; returns True when it rebuilt. When a build is already running, waits
    for it (telling ``notice``), and builds only if the graph it made is still not current."""
    if is_current(project):
        return False
    with building(project.dist_dir, notice=notice):
        if is_current(project):
            return False
        _build(project, DEFAULT_REASONER, "compiled", None, True)
    return True
