"""Validation: SHACL shapes, the SPARQL checks in queries/checks/, and quotes against their sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .dataset import Loaded, display_path
from .errors import InputSyntaxError
from .evidence import verify_evidence
from .namespaces import bind_prefixes
from .project import Project
from .sources import SourceTexts


@dataclass
class Report:
    """What validation found: ``problems`` fail the build, ``warnings`` do not."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _short(graph: Graph, term) -> str:
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return f"<{term}>"
    return str(term)


def _where(loaded: Loaded, project: Project, node) -> str:
    """The data file(s) where ``node`` is described, for messages."""
    files = [display_path(project, path) for iri, path in loaded.graphs.items() if (node, None, None) in loaded.dataset.graph(iri)]
    return ", ".join(files) if files else "?"


def shacl_problems(loaded: Loaded, project: Project) -> list[str]:
    """Run pySHACL over ontology + data and turn each result into one readable line.

    SHACL's own class semantics follow rdfs:subClassOf in the data graph, so the ontology is merged into
    the data graph rather than passed as pySHACL's ont_graph (whose node cloning is very slow on the
    CAMEO scheme) and no extra inference is needed.
    """
    conforms, results, _ = pyshacl.validate(
        loaded.data + loaded.ontology,
        shacl_graph=loaded.shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if conforms:
        return []
    bind_prefixes(results)
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        message = results.value(result, SH.resultMessage)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        detail = f" (property {_short(results, path)}" + (f", value {_short(results, value)})" if value is not None else ")")
        problems.append(f"{_where(loaded, project, focus)}: {_short(results, focus)}: {message}{detail if path else ''}")
    return sorted(set(problems))


def check_queries(checks_dir: Path) -> list[Path]:
    """The SPARQL checks: files named *-violation.rq, each of which must return no rows."""
    return sorted(checks_dir.glob("*-violation.rq"))


def check_problems(loaded: Loaded, project: Project) -> list[str]:
    """Run every *-violation.rq over ontology + data; each row is a problem.

    The checks run in an in-memory Oxigraph store: their FILTER NOT EXISTS patterns over the whole graph
    take seconds in rdflib and milliseconds there.
    """
    import pyoxigraph as ox

    union = loaded.ontology + loaded.data
    bind_prefixes(union)
    store = ox.Store()
    store.bulk_load(union.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    problems = []
    for path in check_queries(project.checks_dir):
        text = path.read_text(encoding="utf-8")
        try:
            rows = list(store.query(text))
        except SyntaxError as exc:
            raise InputSyntaxError(display_path(project, path), exc.lineno, exc.offset, str(exc).splitlines()[0]) from None
        for row in rows:
            node, message = row[0], row[1]
            subject = URIRef(node.value) if isinstance(node, ox.NamedNode) else node
            problems.append(f"{_where(loaded, project, subject)}: {_short(union, subject)}: {message.value} [{path.stem}]")
    return sorted(set(problems))


def validate(loaded: Loaded, project: Project) -> Report:
    """Every check on the loaded project: SHACL, SPARQL checks, evidence against source texts."""
    report = Report()
    report.problems += check_problems(loaded, project)
    report.problems += shacl_problems(loaded, project)
    texts = SourceTexts(project.sources_dir)
    if texts.available():
        report.problems += verify_evidence(loaded.data, texts)
    else:
        report.warnings.append(f"source texts not found in {project.sources_dir}: quotes and sha256 not checked")
    return report
