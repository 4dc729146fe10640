"""Validation: SHACL shapes, the SPARQL checks in queries/checks/, quotes against their sources, and the waiver
files of the coverage report (a waiver on a covered sentence, or on text that is not a sentence of the source)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .dataset import Loaded, Stored, display_path
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


def shacl_problems(loaded: Loaded, project: Project, where: Callable[[Any], str] | None = None) -> list[str]:
    """Run pySHACL over ontology + data and turn each result into one readable line.

    SHACL's own class semantics follow rdfs:subClassOf in the data graph, so the ontology is merged into
    the data graph rather than passed as pySHACL's ont_graph (whose node cloning is very slow on the
    CAMEO scheme) and no extra inference is needed.
    """
    import pyshacl

    conforms, results, _ = pyshacl.validate(
        loaded.data + loaded.ontology,
        shacl_graph=loaded.shapes,
        inference="none",
        advanced=True,
        do_owl_imports=False,  # never fetch what owl:imports names (pySHACL's default, said here on purpose)
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
        located = where(focus) if where is not None else _where(loaded, project, focus)
        problems.append(f"{located}: {_short(results, focus)}: {message}{detail if path else ''}")
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
    store = _in_oxigraph(union)
    problems = []
    for check, node, message in _check_rows(store.query, project):
        subject = URIRef(node.value) if isinstance(node, ox.NamedNode) else node
        problems.append(f"{_where(loaded, project, subject)}: {_short(union, subject)}: {message} [{check}]")
    return sorted(set(problems))


def _check_rows(query: Callable[[str], Any], project: Project) -> Iterator[tuple[str, Any, str]]:
    """(check name, node, message) for every row of every *-violation.rq, run by ``query``; a check
    that does not parse is an error naming its file and line."""
    for path in check_queries(project.checks_dir):
        text = path.read_text(encoding="utf-8")
        try:
            rows = list(query(text))
        except SyntaxError as exc:
            raise InputSyntaxError(display_path(project, path), exc.lineno, exc.offset, str(exc).splitlines()[0]) from None
        for row in rows:
            yield path.stem, row[0], row[1].value


def check_context(project: Project) -> None:
    """Read the project's JSON-LD context (if it has one) as the build will: raises a one-line error naming the file
    for a context that does not parse, that the compact writer does not handle, or that refers to a remote one."""
    if project.context_path.is_file():
        from .jsonld import Context

        Context.load(project.context_path, display_path(project, project.context_path))


def _waiver_problems(project: Project, query: Callable[[str], Any], texts: SourceTexts) -> list[str]:
    """The waiver files' problems (coverage.waiver_problems), imported here: the segmenter loads slowly."""
    from .coverage import waiver_problems

    return waiver_problems(project, query, texts)


def _in_oxigraph(graph: Graph) -> Any:
    """An in-memory Oxigraph store holding ``graph`` (rdflib's SPARQL takes seconds where Oxigraph takes milliseconds)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def validate(loaded: Loaded, project: Project) -> Report:
    """Every check on the loaded project: SHACL, SPARQL checks, evidence against source texts."""
    check_context(project)
    report = Report()
    report.problems += check_problems(loaded, project)
    report.problems += shacl_problems(loaded, project)
    texts = SourceTexts(project.sources_dir)
    if texts.available():
        report.problems += verify_evidence(loaded.data, texts)
        report.problems += _waiver_problems(project, _in_oxigraph(loaded.data).query, texts)
    else:
        report.warnings.append(f"source texts not found in {project.sources_dir}: quotes and sha256 not checked")
    return report


# --- the same checks on an Oxigraph store (the fast build) ------------------------------------------

VALIDATORS = ("compiled", "pyshacl")  # SHACL inside Oxigraph (shacl.py), or pySHACL (the reference)


def _prefixed() -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    return graph


def _short_ox(names: Graph, term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return _short(names, URIRef(term.value))
    return str(term.value)


def _where_ox(stored: Stored, project: Project, node) -> str:
    files = [display_path(project, path) for path in stored.files_describing(node)]
    return ", ".join(files) if files else "?"


def store_check_problems(stored: Stored, project: Project) -> list[str]:
    """:func:`check_problems` on the store: every *-violation.rq over the union of ontology and data graphs."""
    names = _prefixed()
    problems = [
        f"{_where_ox(stored, project, node)}: {_short_ox(names, node)}: {message} [{check}]"
        for check, node, message in _check_rows(stored.query, project)
    ]
    return sorted(set(problems))


def store_shacl_problems(stored: Stored, project: Project, validator: str = "compiled") -> list[str]:
    """:func:`shacl_problems` on the store, with the shapes compiled to SPARQL (shacl.py); pySHACL when asked
    or when the shapes use SHACL the compiler does not know."""
    from . import shacl

    if validator not in VALIDATORS:
        raise ValueError(f"unknown SHACL validator {validator!r} (choose from {', '.join(VALIDATORS)})")
    try:
        compiled = shacl.compile_shapes(stored.shapes) if validator == "compiled" else None
    except shacl.Unsupported:
        compiled = None
    if compiled is None:
        return _pyshacl_on_store(stored, project)
    names = _prefixed()
    problems = []
    for found in shacl.violations(stored.store, compiled, stored.default_graph, stored.originals, stored.new):
        detail = ""
        if found.path_term is not None:
            path = _short(names, found.path_term) if isinstance(found.path_term, URIRef) else _alternatives(names, found)
            detail = f" (property {path}" + (f", value {_short_ox(names, found.value)})" if found.value is not None else ")")
        problems.append(f"{_where_ox(stored, project, found.focus)}: {_short_ox(names, found.focus)}: {found.message}{detail}")
    return sorted(set(problems))


def _alternatives(names: Graph, found) -> str:
    """A SPARQL path such as (<a>|<b>) with each IRI in prefixed form."""
    import re

    return re.sub(r"<([^>]*)>", lambda m: _short(names, URIRef(m.group(1))), found.path).strip("()")


def _pyshacl_on_store(stored: Stored, project: Project) -> list[str]:
    """pySHACL on the stored files, parsed again by rdflib (the store's literals are canonical, not as written)."""
    from .rdfio import parse_turtle

    union = Graph()
    for path in stored.graphs.values():
        union += parse_turtle(path, display_path(project, path))
    loaded = Loaded(None, Graph(), stored.shapes, union, {})  # type: ignore[arg-type]
    return shacl_problems(loaded, project, where=lambda node: _where_ox(stored, project, _to_ox(node)))


def _to_ox(node):
    import pyoxigraph as ox

    from .terms import from_rdflib, to_oxigraph

    return to_oxigraph(from_rdflib(node)) if not isinstance(node, URIRef) else ox.NamedNode(str(node))


def store_evidence_problems(stored: Stored, texts: SourceTexts) -> list[str]:
    """:func:`evidence.verify_evidence` on the store: digests of the source files, each quote at its offsets
    with its prefix and suffix. Same checks and messages, one query for all evidence nodes."""
    from .evidence import CONTEXT

    prefixes = "PREFIX dkg: <https://w3id.org/diplokg/ontology#>\nPREFIX oa: <http://www.w3.org/ns/oa#>\n"
    rows = list(
        stored.query(
            prefixes + "SELECT ?article (SAMPLE(?n) AS ?name) (SAMPLE(?d) AS ?sha) WHERE { ?article a dkg:Article ; dkg:sourceFile ?n "
            "FILTER(isIRI(?article) && isLiteral(?n)) OPTIONAL { ?article dkg:sha256 ?d } } GROUP BY ?article"
        )
    )
    articles = {row["article"].value: row["name"].value for row in rows}
    recorded = {row["article"].value: row["sha"] for row in rows}
    # An incremental build checks only the articles and evidence the new files describe (the rest passed).
    new = _subjects(stored, stored.new) if stored.new else None
    problems: list[str] = []
    digests: dict[str, str] = {}
    for article, name in sorted(articles.items()):
        if new is not None and article not in new:
            continue
        if not (texts.sources_dir / name).is_file():
            problems.append(f"{article}: source file {name} not found in {texts.sources_dir}")
            continue
        actual = digests.setdefault(name, texts.sha256(name))
        sha = recorded[article]
        if sha is None or sha.value != actual:
            problems.append(f"{article}: recorded sha256 {None if sha is None else sha.value} does not match {name} ({actual})")
    evidence = stored.query(
        prefixes + "SELECT ?e (SAMPLE(?src) AS ?source) (SAMPLE(?x0) AS ?own) (SAMPLE(?x1) AS ?exact) (SAMPLE(?s) AS ?start) "
        "(SAMPLE(?t) AS ?end) (SAMPLE(?p) AS ?prefix) (SAMPLE(?q) AS ?suffix) WHERE { "
        + ("VALUES ?e { " + " ".join(f"<{n}>" for n in sorted(new)) + " } " if new is not None else "")
        + "?e a dkg:Evidence "
        "OPTIONAL { ?e oa:hasSource ?src } OPTIONAL { ?e oa:exact ?x0 } "
        "OPTIONAL { ?e oa:hasSelector ?sel OPTIONAL { ?sel oa:exact ?x1 } OPTIONAL { ?sel oa:start ?s } OPTIONAL { ?sel oa:end ?t } "
        "OPTIONAL { ?sel oa:prefix ?p } OPTIONAL { ?sel oa:suffix ?q } } } GROUP BY ?e"
    )
    for row in sorted(evidence, key=lambda r: r["e"].value):
        node, source = row["e"].value, row["source"]
        if new is not None and node not in new:
            continue
        if source is None or source.value not in articles:
            problems.append(f"{node}: oa:hasSource {None if source is None else source.value} is not an article with a dkg:sourceFile")
            continue
        name = articles[source.value]
        if not (texts.sources_dir / name).is_file():
            continue
        text = texts.text(name)
        exact = row["own"] or row["exact"]
        if exact is None or row["start"] is None or row["end"] is None:
            problems.append(f"{node}: needs a quote selector (oa:exact) and a position selector (oa:start, oa:end)")
            continue
        s, e, quote = int(row["start"].value), int(row["end"].value), exact.value
        if text[s:e] != quote:
            found = text.count(quote)
            hint = "not in the source" if found == 0 else f"in the source but not at {s}-{e} (run `diplokg fmt`)"
            problems.append(f"{node}: quote {quote[:60]!r} is {hint} ({name})")
            continue
        if row["prefix"] is not None and text[max(0, s - CONTEXT) : s] != row["prefix"].value:
            problems.append(f"{node}: oa:prefix does not match the text before the quote in {name}")
        if row["suffix"] is not None and text[e : e + CONTEXT] != row["suffix"].value:
            problems.append(f"{node}: oa:suffix does not match the text after the quote in {name}")
    return problems


def _subjects(stored: Stored, graph: str) -> set[str]:
    import pyoxigraph as ox

    quads = stored.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    return {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}


def validate_store(stored: Stored, project: Project, validator: str = "compiled", checks_on: Stored | None = None) -> Report:
    """:func:`validate` on the store: SPARQL checks, SHACL, evidence against source texts.

    ``checks_on`` runs the SPARQL checks on another store (an incremental build gives the neighbourhood
    of what changed) instead of ``stored``.
    """
    check_context(project)
    report = Report()
    report.problems += store_check_problems(checks_on or stored, project)
    report.problems += store_shacl_problems(stored, project, validator)
    texts = SourceTexts(project.sources_dir)
    if texts.available():
        report.problems += store_evidence_problems(stored, texts)
        report.problems += _waiver_problems(project, stored.query, texts)
    else:
        report.warnings.append(f"source texts not found in {project.sources_dir}: quotes and sha256 not checked")
    return report
