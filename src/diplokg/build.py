"""``diplokg build``: load, validate, reason, and write dist/ (files plus an Oxigraph store for queries).

dist/ is written only after every check passed, files all-or-nothing, with ``manifest.json`` last: its
fingerprint of the inputs tells later queries whether the build is current.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .atomic import write_all
from .errors import ValidationError
from .project import INFERRED_GRAPH, Project
from .rules import DEFAULT_REASONER

MANIFEST = "manifest.json"
STORE_DIR = "store"


@dataclass
class BuildResult:
    """What a build wrote and measured."""

    dist: Path
    triples: dict[str, int] = field(default_factory=dict)  # graph IRI -> triple count
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def fingerprint(project: Project) -> str:
    """A digest of every input of the build (ontology, shapes, data, checks) and the package version."""
    digest = hashlib.sha256(__version__.encode())
    for path in [*project.input_files(), *sorted(project.checks_dir.glob("*.rq"))]:
        digest.update(str(path.relative_to(project.root)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def is_current(project: Project) -> bool:
    """True when dist/ holds a build of exactly the current inputs."""
    manifest = project.dist_dir / MANIFEST
    if not manifest.is_file() or not (project.dist_dir / STORE_DIR).is_dir():
        return False
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError):
        return False
    return recorded == fingerprint(project)


def check(project: Project):
    """Load and validate without writing; raises on any problem."""
    from .dataset import load_project
    from .validate import validate

    loaded = load_project(project)
    report = validate(loaded, project)
    if report.problems:
        raise ValidationError(report.problems)
    return loaded, report


def build(project: Project, reasoner: str = DEFAULT_REASONER) -> BuildResult:
    """Validate, compute the OWL-RL closure (with ``reasoner``: "rules" or "owlrl"), and write dist/.
    Raises before writing anything if invalid."""
    import pyoxigraph
    from rdflib import URIRef

    from .export import serialize_all
    from .reason import closure

    loaded, report = check(project)
    inferred, inconsistencies = closure(loaded.ontology + loaded.data, reasoner)
    if inconsistencies:
        raise ValidationError(inconsistencies)
    inferred_graph = loaded.dataset.graph(URIRef(INFERRED_GRAPH))
    for triple in inferred:
        inferred_graph.add(triple)

    files = serialize_all(loaded.dataset)
    dist = project.dist_dir
    dist.mkdir(parents=True, exist_ok=True)
    staging = dist / f".{STORE_DIR}.new"
    shutil.rmtree(staging, ignore_errors=True)
    store = pyoxigraph.Store(str(staging))
    store.bulk_load(files["diplokg.nq"], format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    del store

    counts = {str(g.identifier): len(g) for g in loaded.dataset.graphs() if len(g)}
    manifest = {
        "fingerprint": fingerprint(project),
        "version": __version__,
        "reasoner": reasoner,
        "graphs": counts,
        "files": sorted(files),
    }
    contents = {dist / name: data for name, data in files.items()}
    old = dist / f".{STORE_DIR}.old"
    shutil.rmtree(old, ignore_errors=True)
    if (dist / STORE_DIR).exists():
        (dist / STORE_DIR).rename(old)
    staging.rename(dist / STORE_DIR)
    shutil.rmtree(old, ignore_errors=True)
    write_all(contents)
    write_all({dist / MANIFEST: json.dumps(manifest, indent=2, sort_keys=True).encode()})
    return BuildResult(dist, counts, report.warnings, sorted(files))


def ensure_built(project: Project) -> bool:
    """Build if dist/ is missing or stale; returns True when it rebuilt."""
    if is_current(project):
        return False
    build(project)
    return True
