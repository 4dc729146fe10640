"""``diplokg fmt``: keep every Turtle file in one canonical form, with evidence and time spans named.

Authors may write two short forms in data files; fmt expands them:

* ``dkg:evidence [ oa:exact "..." ]`` becomes an offset-named evidence node (see evidence.py);
* ``dkg:when [ ... ]`` / ``org:memberDuring [ ... ]`` becomes ``span:<type>-<slug>`` typed dkg:TimeSpan.

Any other blank node is an error: every node must have a stable IRI so that reloading into a store never
duplicates nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from .atomic import write_all
from .errors import ValidationError
from .evidence import expand_evidence
from .namespaces import DKG, ID, INSTANCE_PREFIXES, ORG
from .project import Project
from .rdfio import canonical_turtle, parse_turtle
from .sources import SourceTexts, article_source_files

SPAN_PROPERTIES = (DKG.when, ORG.memberDuring)


@dataclass(frozen=True)
class FormatResult:
    """A file's canonical text and whether it differs from what is on disk."""

    path: Path
    text: str
    changed: bool


def name_time_spans(graph: Graph) -> list[str]:
    """Give every blank-node time span an IRI derived from its owner's IRI; returns problems."""
    problems = []
    for prop in SPAN_PROPERTIES:
        for owner, span in list(graph.subject_objects(prop)):
            if not isinstance(span, BNode):
                continue
            if not (isinstance(owner, URIRef) and str(owner).startswith(ID)):
                problems.append(f"{owner}: a time span's owner needs a diplokg IRI")
                continue
            kind, _, slug = str(owner)[len(ID) :].partition("/")
            new = INSTANCE_PREFIXES["span"][f"{kind}-{slug}"]
            for p, o in list(graph.predicate_objects(span)):
                graph.add((new, p, o))
            graph.remove((span, None, None))
            graph.remove((owner, prop, span))
            graph.add((owner, prop, new))
            graph.add((new, RDF.type, DKG.TimeSpan))
    return problems


def leftover_blank_nodes(graph: Graph) -> list[str]:
    """Problems for blank nodes that fmt does not know how to name."""
    seen = {t for triple in graph for t in triple if isinstance(t, BNode)}
    return [f"blank node with {', '.join(sorted(str(p) for p in graph.predicates(b)))[:200]}: give it an IRI" for b in seen]


def format_graph(graph: Graph, articles: dict[URIRef, str], texts: SourceTexts | None) -> list[str]:
    """Expand short forms in ``graph`` in place; returns problems."""
    problems = name_time_spans(graph)
    if any(True for _ in graph.subject_objects(DKG.evidence)):
        if texts is None or not texts.available():
            needs = [o for o in graph.objects(None, DKG.evidence) if isinstance(o, BNode)]
            if needs:
                problems.append("source texts not found: cannot place quotes (set DIPLOKG_SOURCES)")
        else:
            problems += expand_evidence(graph, articles, texts)
    problems += leftover_blank_nodes(graph)
    return problems


def format_project(project: Project, paths: list[Path] | None = None) -> list[FormatResult]:
    """Canonical text for each Turtle file of the project (or ``paths``); raises ValidationError on problems."""
    paths = paths or [*project.ontology_files(), *project.data_files()]
    texts = SourceTexts(project.sources_dir)
    graphs = {path: parse_turtle(path, _display(project, path)) for path in paths}
    articles: dict[URIRef, str] = {}
    for path in project.data_files():
        graph = graphs.get(path) or parse_turtle(path, _display(project, path))
        articles.update(article_source_files(graph))
    results, problems = [], []
    for path, graph in graphs.items():
        if path.parent == project.data_dir:
            problems += [f"{_display(project, path)}: {p}" for p in format_graph(graph, articles, texts)]
        text = canonical_turtle(graph)
        results.append(FormatResult(path, text, text != path.read_text(encoding="utf-8")))
    if problems:
        raise ValidationError(problems)
    return results


def write_formatted(results: list[FormatResult]) -> list[Path]:
    """Write the changed files, all or none; returns the paths written."""
    changed = {r.path: r.text.encode("utf-8") for r in results if r.changed}
    write_all(changed)
    return sorted(changed)


def _display(project: Project, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)
