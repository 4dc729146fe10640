"""What the project already knows, read fast: named entities, registered articles and the class hierarchy.

Oxigraph's parser reads the Turtle files (a few milliseconds for the whole project) into plain dictionaries of
strings; authoring needs look-ups by name, not a graph to query, and must stay well under a second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from ..iris import PREFIXES
from ..project import Project

RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
SUBCLASS = PREFIXES["rdfs"] + "subClassOf"
ALT_LABEL = PREFIXES["skos"] + "altLabel"
DKG = PREFIXES["dkg"]
SCHEMA = PREFIXES["schema"]

# Nodes that are not entities a text names: the facts themselves and their bookkeeping.
NOT_ENTITIES = tuple(DKG + name for name in ("Fact", "Evidence", "TimeSpan", "Article", "Repost"))
NOT_ENTITIES += (PREFIXES["org"] + "Membership", PREFIXES["time"] + "Duration")
NOT_ENTITIES += (PREFIXES["oa"] + "TextQuoteSelector", PREFIXES["oa"] + "TextPositionSelector")


@dataclass
class Triples:
    """Triples of some files as strings: ``objects[s][p]`` lists the objects (IRIs, or literal values)."""

    objects: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def add_file(self, path: Path, display: str) -> None:
        data = path.read_bytes()
        try:
            triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
        except SyntaxError:
            from ..rdfio import check_turtle_syntax  # rdflib is slow to import: only for the error message

            check_turtle_syntax(data, display)
            raise
        for t in triples:
            self.objects[t.subject.value][t.predicate.value].append(t.object.value)

    def values(self, s: str, p: str) -> list[str]:
        return self.objects.get(s, {}).get(p, [])

    def value(self, s: str, p: str) -> str | None:
        found = self.values(s, p)
        return found[0] if found else None

    def subjects_of_type(self, cls: str) -> list[str]:
        return [s for s, props in self.objects.items() if cls in props.get(RDF_TYPE, ())]


@dataclass
class ClassTree:
    """The ontology's rdfs:subClassOf hierarchy with English labels."""

    parents: dict[str, set[str]]
    labels: dict[str, str]

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and every class above it."""
        seen, todo = {cls}, [cls]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def is_a(self, cls: str, ancestor: str) -> bool:
        return ancestor in self.ancestors(cls)

    def below(self, ancestor: str) -> set[str]:
        """Every class with ``ancestor`` above it (itself excluded)."""
        return {c for c in self.parents if c != ancestor and self.is_a(c, ancestor)}


@dataclass
class Registry:
    """The project's data and ontology as look-ups: ``data`` (all data files), ``files`` (triples per data file)."""

    project: Project
    data: Triples
    files: dict[Path, Triples]
    classes: ClassTree

    def types(self, node: str) -> list[str]:
        return self.data.values(node, RDF_TYPE)

    def is_entity(self, node: str) -> bool:
        """A named thing a text may mention (state, person, organization, place, topic...), not a fact or its parts."""
        types = self.types(node)
        if not types or not self.data.values(node, LABEL):
            return False
        return not any(self.classes.is_a(t, bad) for t in types for bad in NOT_ENTITIES)

    def entities(self) -> list[str]:
        return sorted(s for s in self.data.objects if self.is_entity(s))

    def label(self, node: str) -> str:
        return self.data.value(node, LABEL) or node.rsplit("/", 1)[-1]

    def names(self, node: str) -> list[str]:
        """The label and alternative labels of a node."""
        return [*self.data.values(node, LABEL), *self.data.values(node, ALT_LABEL)]

    def articles(self) -> dict[str, Path]:
        """Each registered article's IRI and the data file defining it."""
        out = {}
        for path, triples in self.files.items():
            for article in triples.subjects_of_type(DKG + "Article"):
                out[article] = path
        return out


def load_registry(project: Project, skip: tuple[Path, ...] = ()) -> Registry:
    """Read the project's data files (but ``skip``) and ontology class hierarchy."""
    data = Triples()
    files: dict[Path, Triples] = {}
    for path in project.data_files():
        if path in skip:
            continue
        own = Triples()
        display = str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
        own.add_file(path, display)
        files[path] = own
        for s, props in own.objects.items():
            for p, objs in props.items():
                data.objects[s][p].extend(objs)
    onto = Triples()
    for path in project.ontology_files():
        if path.name in ("cameo.ttl", "plover.ttl"):  # code lists, no classes: skip for speed
            continue
        onto.add_file(path, path.name)
    parents = {s: set(props.get(SUBCLASS, ())) for s, props in onto.objects.items() if SUBCLASS in props}
    for s, props in onto.objects.items():
        if PREFIXES["owl"] + "Class" in props.get(RDF_TYPE, ()):
            parents.setdefault(s, set())
    labels = {s: props[LABEL][0] for s, props in onto.objects.items() if LABEL in props}
    return Registry(project, data, files, ClassTree(parents, labels))
