"""Loading the ontology and data into one rdflib Dataset, one named graph per source file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from .namespaces import bind_prefixes
from .project import Project
from .rdfio import parse_turtle


@dataclass
class Loaded:
    """The parsed project: a Dataset plus the graphs by role."""

    dataset: Dataset
    ontology: Graph  # union of the ontology files (vocabularies, CAMEO, PLOVER)
    shapes: Graph
    data: Graph  # union of the data files
    graphs: dict[URIRef, Path] = field(default_factory=dict)  # graph IRI -> source file


def display_path(project: Project, path: Path) -> str:
    """A path as shown in messages: relative to the project root when inside it."""
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def load_project(project: Project) -> Loaded:
    """Parse every ontology and data file; each becomes a named graph of the returned Dataset.

    The SHACL shapes are parsed (so a syntax error there is reported) but kept out of the Dataset.
    """
    dataset = Dataset()
    bind_prefixes(dataset)
    ontology, data = Graph(), Graph()
    graphs: dict[URIRef, Path] = {}
    for path in [*project.ontology_files(), *project.data_files()]:
        parsed = parse_turtle(path, display_path(project, path))
        iri = project.graph_iri(path)
        named = dataset.graph(iri)
        for triple in parsed:
            named.add(triple)
        graphs[iri] = path
        target = ontology if path.parent == project.ontology_dir else data
        for triple in parsed:
            target.add(triple)
    shapes = parse_turtle(project.shapes_path, display_path(project, project.shapes_path))
    return Loaded(dataset, ontology, shapes, data, graphs)


@dataclass
class Stored:
    """The parsed project in an in-memory Oxigraph store: one named graph per ontology and data file, and their
    union in the default graph (what checks, shapes and rules query: Oxigraph answers far faster from one graph
    than from a union of many).

    The fast build's counterpart of :class:`Loaded` (no rdflib graphs but the small SHACL shapes).
    """

    store: Any  # pyoxigraph.Store
    ontology_graphs: list[Any]  # pyoxigraph NamedNodes, in file order
    data_graphs: list[Any]
    shapes: Graph
    graphs: dict[str, Path] = field(default_factory=dict)  # graph IRI -> source file
    # An incremental build validates new files against a built graph: its queries read these graphs as the
    # default graph, and only what the graph named ``new`` can break is checked.
    default_graph: list[Any] | None = None
    new: str | None = None

    def query(self, text: str) -> Any:
        """A SPARQL query on the asserted triples (the default graph, or ``default_graph``)."""
        if self.default_graph is None:
            return self.store.query(text)
        return self.store.query(text, default_graph=self.default_graph)

    @property
    def asserted_graphs(self) -> list[Any]:
        return [*self.ontology_graphs, *self.data_graphs]

    def originals(self, predicates: set[str]) -> dict[tuple[str, str], list[Any]]:
        """The objects of ``predicates`` by (subject IRI, predicate) as the files say them: an Oxigraph store
        keeps literals in canonical form (xsd:nonNegativeInteger "0010" reads back as xsd:integer "10")."""
        import pyoxigraph as ox

        out: dict[tuple[str, str], list[Any]] = {}
        if not predicates:
            return out
        for path in self.graphs.values():
            for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
                if quad.predicate.value in predicates and isinstance(quad.subject, ox.NamedNode):
                    values = out.setdefault((quad.subject.value, quad.predicate.value), [])
                    if quad.object not in values:
                        values.append(quad.object)
        return out

    def files_describing(self, node: Any) -> list[Path]:
        """The source files in which ``node`` (a pyoxigraph term) is a subject."""
        import pyoxigraph as ox

        if isinstance(node, ox.Literal):
            return []
        graphs = {
            quad.graph_name.value for quad in self.store.quads_for_pattern(node, None, None) if isinstance(quad.graph_name, ox.NamedNode)
        }
        return sorted(self.graphs[g] for g in graphs if g in self.graphs)


def load_store(project: Project, files: list[Path] | None = None) -> Stored:
    """Parse every ontology and data file with Oxigraph into a named graph of a new in-memory store.

    Syntax errors name file, line and column as :func:`load_project`'s do; the shapes are parsed with rdflib.
    """
    import pyoxigraph as ox

    from .rdfio import check_turtle_syntax

    store = ox.Store()
    stored = Stored(store, [], [], Graph())
    for path in files if files is not None else [*project.ontology_files(), *project.data_files()]:
        display = display_path(project, path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            from .errors import UnreadableFileError

            raise UnreadableFileError(display, exc.strerror or type(exc).__name__) from None
        iri = str(project.graph_iri(path))
        graph = ox.NamedNode(iri)
        try:
            store.load(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), to_graph=graph)
            store.load(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())  # the union, for queries
        except SyntaxError:
            check_turtle_syntax(data, display)  # raises InputSyntaxError with line and column
            raise
        stored.graphs[iri] = path
        (stored.ontology_graphs if path.parent == project.ontology_dir else stored.data_graphs).append(graph)
    stored.shapes = parse_turtle(project.shapes_path, display_path(project, project.shapes_path))
    return stored
