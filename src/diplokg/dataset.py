"""Loading the ontology and data into one rdflib Dataset, one named graph per source file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
