"""Incremental builds: when the only change since the last build is new data files (an article added), check
and close just what they add, and add it to dist/ in place of rebuilding everything.

The full build leaves a *reasoning store* beside the query store (dist/.reasoning): its default graph holds
the asserted triples with their whole closure (owlrl's junk included, since rules may need it), and the graph
ASSERTED the asserted triples alone. An incremental build then

1. parses the new files into the graph PENDING of that store;
2. validates with ASSERTED + PENDING as the default graph: every SPARQL check whole, the shapes only on the
   focus nodes the new triples can affect (shacl.violations), quotes only of the new articles;
3. closes semi-naively from the new triples (rules.materialise with a seed), and checks consistency;
4. adds the new graphs and the new inferred triples to a copy of the query store, drops from the inferred
   graph what the new files now assert, and appends to a copy of each dist/ file; then swaps the copies in
   as a full build does (build.publish), so a query meanwhile reads the last complete build.

It gives up (the caller then builds from scratch, which also words any problem exactly) when anything else
changed, when the new files are invalid or inconsistent, when the last build used owlrl, or when an earlier
incremental build was interrupted. A test holds its result to a full build's.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dataset import Stored, display_path
from .progress import Stages

WORK_DIR = ".reasoning"
MARKER = ".incremental-in-progress"
ASSERTED = "urn:x-diplokg:asserted"
PENDING = "urn:x-diplokg:pending"
ADDED = "urn:x-diplokg:added"


def persist_work_store(store: Any, location: Path, scratch: Path) -> None:
    """Write the reasoning store: ``store``'s default graph (asserted + closure) and its named graphs' union
    (the asserted triples, before the inferred graph is added) as ASSERTED."""
    import pyoxigraph as ox

    shutil.rmtree(location, ignore_errors=True)
    everything, asserted = scratch / ".closure.nt.tmp", scratch / ".asserted.nt.tmp"
    try:
        store.dump(str(everything), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(str(asserted), format=ox.RdfFormat.N_TRIPLES)
        work = ox.Store(str(location))
        work.bulk_load(path=str(everything), format=ox.RdfFormat.N_TRIPLES)
        work.bulk_load(path=str(asserted), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ASSERTED))
        work.flush()
        del work
    finally:
        everything.unlink(missing_ok=True)
        asserted.unlink(missing_ok=True)


@dataclass
class Plan:
    """What an incremental build would add: new data files, with the records of all inputs."""

    added: list[Path]
    inputs: dict[str, dict]
    manifest: dict


def plan(project: Any, reasoner: str, validator: str) -> Plan | None:
    """The new data files since the last build, or None when an incremental build cannot stand in for a full one."""
    from . import __version__
    from .build import STEM, STORE_DIR, input_records, read_manifest
    from .manifest import check_outputs

    dist = project.dist_dir
    manifest = read_manifest(project)
    if manifest is None or manifest.get("version") != __version__ or (dist / MARKER).exists():
        return None
    if reasoner != "rules" or manifest.get("reasoner") != "rules" or manifest.get("validator", "compiled") != validator:
        return None
    if not (dist / WORK_DIR).is_dir() or not (dist / STORE_DIR).is_dir():
        return None
    if not all((dist / name).is_file() for name in manifest.get("files", [])) or f"{STEM}.nq" not in manifest.get("files", []):
        return None
    if not check_outputs(dist, manifest):
        return None  # dist/ is damaged (or from before outputs were recorded): appending would keep the damage
    recorded = manifest.get("inputs")
    if not isinstance(recorded, dict):
        return None
    current = input_records(project, recorded, int(manifest.get("built_ns", 0)))
    if any(name not in current or current[name]["sha256"] != record["sha256"] for name, record in recorded.items()):
        return None  # something changed or went away
    added = [project.root / name for name in sorted(set(current) - set(recorded))]
    if not added or any(path.parent != project.data_dir for path in added):
        return None
    return Plan(added, current, manifest)


def build_incremental(project: Any, the_plan: Plan, validator: str, stages: Stages, started_ns: int) -> Any | None:
    """Add ``the_plan``'s files to dist/; returns a BuildResult, or None (nothing written) to build from scratch."""
    import pyoxigraph as ox

    from .build import STEM, STORE_DIR, BuildResult, copy_store, publish
    from .project import INFERRED_GRAPH
    from .rdfio import check_turtle_syntax, parse_turtle
    from .rules import INFERRED, is_junk, materialise
    from .validate import validate_store

    dist = project.dist_dir
    work = ox.Store(str(dist / WORK_DIR))
    quads: dict[str, list[Any]] = {}
    with stages.stage("parse"):
        for path in the_plan.added:
            data = path.read_bytes()
            try:
                parsed = list(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
            except SyntaxError:
                check_turtle_syntax(data, display_path(project, path))
                raise
            graph = ox.NamedNode(str(project.graph_iri(path)))
            quads[graph.value] = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]
        work.update(f"DROP SILENT GRAPH <{PENDING}> ; DROP SILENT GRAPH <{ADDED}>")
        pending = ox.NamedNode(PENDING)
        work.extend(ox.Quad(q.subject, q.predicate, q.object, pending) for graph in quads.values() for q in graph)
    with stages.stage("validate"):
        shapes = parse_turtle(project.shapes_path, display_path(project, project.shapes_path))
        stored = Stored(work, [], [], shapes)
        stored.graphs = {iri: path for iri, path in zip(quads, the_plan.added, strict=True)}
        stored.default_graph, stored.new = [ox.NamedNode(ASSERTED), pending], PENDING
        report = validate_store(stored, project, validator, checks_on=neighbourhood(work, quads, project, shapes))
    if report.problems:
        work.update(f"DROP SILENT GRAPH <{PENDING}>")
        return None
    (dist / MARKER).write_text(str(started_ns))
    with stages.stage("reason"):
        work.update(
            f"INSERT {{ GRAPH <{ADDED}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{PENDING}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }} ;"
            f"ADD SILENT GRAPH <{ADDED}> TO DEFAULT"
        )
        found = materialise(work, (lambda r, n: stages.note(f"round {r}, {n} new triples")), seed=ADDED, keep=True)
        if found.problems:
            work.update(
                f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{ADDED}> {{ ?s ?p ?o }} }} ;"
                f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }} ;"
                f"DROP SILENT GRAPH <{PENDING}> ; DROP SILENT GRAPH <{ADDED}> ; DROP SILENT GRAPH <{INFERRED}>"
            )
            work.flush()
            (dist / MARKER).unlink()
            return None
        work.update(
            f"ADD SILENT GRAPH <{PENDING}> TO GRAPH <{ASSERTED}> ;"
            f"DROP SILENT GRAPH <{PENDING}> ; DROP SILENT GRAPH <{ADDED}> ; DROP SILENT GRAPH <{INFERRED}>"
        )
        work.flush()
        del work
    staging = dist / f".{STORE_DIR}.new"
    staged: list[tuple[Path, Path]] = []
    try:
        with stages.stage("update"):
            inferred_graph = ox.NamedNode(INFERRED_GRAPH)
            copy_store(dist / STORE_DIR, staging)
            main = ox.Store(str(staging))
            new_quads = [q for graph in quads.values() for q in graph]
            # what the new files assert is no longer inferred (a full build's inferred graph excludes the asserted)
            now_asserted = {
                ox.Quad(q.subject, q.predicate, q.object, inferred_graph)
                for q in new_quads
                if not is_junk(q) and ox.Quad(q.subject, q.predicate, q.object, inferred_graph) in main
            }
            union = [t for t in _new_triples(main, new_quads)]
            inferred = [ox.Quad(t.subject, t.predicate, t.object, inferred_graph) for t in found.triples]
            main.extend(new_quads)
            main.extend(inferred)
            for quad in now_asserted:
                main.remove(quad)
            main.flush()
            counts = dict(the_plan.manifest.get("graphs", {}))
            for iri in quads:
                counts[iri] = _count(main, iri)
            counts[INFERRED_GRAPH] = _count(main, INFERRED_GRAPH)
            del main
            if now_asserted:
                staged = _rewrite_files(project, dist, staging)
            else:
                triples = union + [ox.Triple(q.subject, q.predicate, q.object) for q in inferred]
                staged = _append_files(dist, STEM, [*new_quads, *inferred], triples, project.context_path)
        from .build import fingerprint

        manifest = {
            **the_plan.manifest,
            "fingerprint": fingerprint(project, {name: record["sha256"] for name, record in the_plan.inputs.items()}),
            "inputs": the_plan.inputs,
            "built_ns": started_ns,
            "graphs": counts,
            "mode": "incremental",
            "added": [str(path.relative_to(project.root)) for path in the_plan.added],
            "seconds": {name: round(seconds, 3) for name, seconds in stages.seconds.items()},
        }
        publish(dist, manifest, staged, staging, carry=the_plan.manifest.get("outputs"))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise  # the marker stays: the next build is a full one (the reasoning store already holds the new files)
    (dist / MARKER).unlink()
    return BuildResult(dist, counts, report.warnings, list(manifest.get("files", [])), dict(stages.seconds))


def neighbourhood(work: Any, quads: dict[str, list[Any]], project: Any, shapes: Any) -> Stored:
    """An in-memory store for the SPARQL checks of an incremental build: the ontology, the new triples, and
    every asserted triple whose subject or object is a node the new triples mention (ontology terms aside),
    and the types of the nodes those triples link to.

    The built graph passed every check, and adding triples can only satisfy more FILTER NOT EXISTS, so a new
    violation matches at least one new triple; the checks' patterns reach one step from it (a node, its
    types, its links, what shares its object), which this neighbourhood holds. A row found here may still be
    a false alarm (a node's other triples are missing): the caller then builds from scratch, which decides.
    """
    import pyoxigraph as ox

    store = ox.Store()
    ontology_terms: set[Any] = set()
    for path in project.ontology_files():
        parsed = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
        ontology_terms.update(q.subject for q in parsed)
        store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in parsed)
    new = [q for graph in quads.values() for q in graph]
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in new)
    mentioned = {t for q in new for t in (q.subject, q.object) if not isinstance(t, ox.Literal)} - ontology_terms
    asserted = ox.NamedNode(ASSERTED)
    linked: set[Any] = set()
    for node in mentioned:
        for pattern in ((node, None, None), (None, None, node)):
            found = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in work.quads_for_pattern(*pattern, asserted)]
            store.extend(found)
            linked.update(t for q in found for t in (q.subject, q.object) if not isinstance(t, ox.Literal))
    # the types of the nodes one step away, so that "is it defined?" is answered for them too
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for node in linked - mentioned - ontology_terms:
        store.extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in work.quads_for_pattern(node, rdf_type, None, asserted)
        )
    return Stored(store, [], [], shapes)


def _count(store: Any, graph: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))[0].value)


def _new_triples(main: Any, quads: list[Any]) -> list[Any]:
    """The triples of ``quads`` not yet in any graph of ``main`` (Turtle and N-Triples hold the union)."""
    import pyoxigraph as ox

    out, seen = [], set()
    for q in quads:
        triple = ox.Triple(q.subject, q.predicate, q.object)
        if triple in seen:
            continue
        seen.add(triple)
        if next(iter(main.quads_for_pattern(q.subject, q.predicate, q.object)), None) is None:
            out.append(triple)
    return out


def _append_files(dist: Path, stem: str, quads: list[Any], triples: list[Any], context: Path | None = None) -> list[tuple[Path, Path]]:
    """A copy of each dist/ file with its part appended: quads to TriG, N-Quads and both JSON-LD files, triples
    to Turtle and N-Triples; returns (copy, file) pairs for build.publish. Turtle and TriG allow @prefix lines
    anywhere; the JSON-LD arrays are reopened before their closing brackets (the compact file gets graph objects
    that JSON-LD merges with those of the same name)."""
    import os

    import pyoxigraph as ox

    from .atomic import temporary_beside
    from .iris import PREFIXES
    from .jsonld import COMPACT_SUFFIX, Context, append_compact

    staged: list[tuple[Path, Path]] = []

    def copy(name: str) -> Path:
        final = dist / name
        fd, tmp = temporary_beside(final)
        os.close(fd)
        staged.append((tmp, final))
        shutil.copyfile(final, tmp)
        return tmp

    try:
        compact = dist / f"{stem}.{COMPACT_SUFFIX}"
        if quads and context is not None and compact.is_file():
            append_compact(quads, copy(compact.name), Context.load(context))

        prefixes = dict(PREFIXES)
        for suffix, fmt, items in (
            ("nq", ox.RdfFormat.N_QUADS, quads),
            ("trig", ox.RdfFormat.TRIG, quads),
            ("nt", ox.RdfFormat.N_TRIPLES, triples),
            ("ttl", ox.RdfFormat.TURTLE, triples),
        ):
            if items:
                chunk = ox.serialize(items, format=fmt, prefixes=prefixes if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE) else None)
                with copy(f"{stem}.{suffix}").open("ab") as handle:
                    handle.write(b"\n" + chunk)
        if quads:
            chunk = ox.serialize(quads, format=ox.RdfFormat.JSON_LD).strip()
            path = copy(f"{stem}.jsonld")
            with path.open("r+b") as handle:
                handle.seek(0, 2)
                end = handle.tell()
                handle.seek(max(0, end - 64))
                tail = handle.read()
                close = tail.rstrip().rfind(b"]")
                if not chunk.startswith(b"[") or close < 0:
                    raise ValueError(f"{dist / f'{stem}.jsonld'}: not a JSON-LD array")
                handle.seek(max(0, end - 64) + close)
                handle.truncate()
                separator = b"," if tail[:close].rstrip().endswith((b"}", b"]")) else b""
                handle.write(separator + chunk[1:])
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    return staged


def _rewrite_files(project: Any, dist: Path, store: Path) -> list[tuple[Path, Path]]:
    """Every dist/ file written again, from the input files and the inferred graph of ``store`` (the updated
    copy of the query store); returns (temporary, file) pairs for build.publish."""
    import pyoxigraph as ox

    from .build import write_files

    stored = Stored(ox.Store.read_only(str(store)), [], [], None)  # type: ignore[arg-type]
    stored.graphs = {str(project.graph_iri(p)): p for p in [*project.ontology_files(), *project.data_files()]}
    return write_files(stored, dist, context=project.context_path)


__all__ = ["ASSERTED", "WORK_DIR", "Plan", "build_incremental", "persist_work_store", "plan"]
