"""Documentation of the ontology and its vocabularies, read from the built graph: one header for the ontology,
its classes and properties, and each SKOS concept scheme documented as a scheme with its concepts.

pyLODE was tried (issue 15): 3.4.1 fails at import, and 3.2.1 reads the concept schemes of ontology/diplokg.ttl
as part of the ontology header (a title run together from eight scheme labels, a scheme taken for the
ontology's IRI). Reading the graph here takes a page of code and puts every term's anchor where the other
pages link: ``ontology/index.html#Visit``, ``ontology/cameo.html#042``, ``ontology/plover.html#CONSULT``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..iris import PREFIXES
from .facts import Facts, local_name

DOCUMENTED_TEXT = (SKOS.definition, RDFS.comment, SKOS.scopeNote, SKOS.editorialNote, SKOS.example)
SHOWN_AS_TEXT = {RDFS.label, SKOS.prefLabel, RDF.type, SKOS.inScheme, *DOCUMENTED_TEXT}
KINDS = [  # (heading, rdf:type) in page order; a term goes under the first that fits
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
]


@dataclass
class TermDoc:
    """One term: anchor, name, types, definition and notes, and its other statements."""

    iri: URIRef
    anchor: str
    label: str
    types: list[URIRef]
    texts: list[tuple[str, str]]  # (kind of text, text)
    rows: list[tuple[URIRef | None, list]]  # (property, values); None for the subclasses


@dataclass
class SchemeDoc:
    """A SKOS concept scheme with its concepts."""

    term: TermDoc
    concepts: list[TermDoc] = field(default_factory=list)


@dataclass
class VocabularyDoc:
    """One page of documentation: an ontology header (or none), term sections, schemes."""

    namespace: str
    prefix: str
    header: TermDoc | None
    sections: list[tuple[str, list[TermDoc]]]
    schemes: list[SchemeDoc]

    @property
    def title(self) -> str:
        """The page's title: the ontology's, else the main scheme's (``cameo:scheme``), else the first scheme's."""
        if self.header is not None:
            return self.header.label
        main = next((s for s in self.schemes if s.term.anchor == "scheme"), self.schemes[0] if self.schemes else None)
        return main.term.label if main else self.prefix

    def anchors(self) -> set[str]:
        """The IRIs documented on this page, each with an anchor."""
        terms = [t for _, ts in self.sections for t in ts] + [t for s in self.schemes for t in (s.term, *s.concepts)]
        return {str(t.iri) for t in terms}


def _term(facts: Facts, graph: Graph, iri: URIRef, incoming: dict[URIRef, list[URIRef]]) -> TermDoc:
    texts = [(local_name(str(p)), str(v)) for p in DOCUMENTED_TEXT for v in graph.objects(iri, p)]
    rows: dict[URIRef, list] = defaultdict(list)
    for p, o in graph.predicate_objects(iri):
        if p not in SHOWN_AS_TEXT and not (isinstance(o, Literal) and p == RDFS.label):
            rows[p].append(o)
    ordered: list[tuple[URIRef | None, list]] = [
        (p, sorted(rows[p], key=lambda v: (isinstance(v, Literal), facts.label(v)))) for p in sorted(rows, key=facts.label)
    ]
    if iri in incoming:  # None: the subclasses, read from the other side of rdfs:subClassOf
        ordered.append((None, sorted(incoming[iri], key=facts.label)))
    return TermDoc(iri, local_name(str(iri)), facts.label(iri), facts.types(iri), texts, ordered)


def vocabulary(facts: Facts, prefix: str) -> VocabularyDoc:
    """The documentation of the namespace bound to ``prefix`` (dkg, cameo, plover) in the asserted graph."""
    graph = facts.graph
    namespace = PREFIXES[prefix]
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace) and s != URIRef(namespace)})
    subclasses: dict[URIRef, list[URIRef]] = defaultdict(list)
    for s, o in graph.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            subclasses[o].append(s)
    header_iri = next((s for s in graph.subjects(RDF.type, OWL.Ontology) if str(s).rstrip("#/") == namespace.rstrip("#/")), None)
    header = _term(facts, graph, header_iri, {}) if isinstance(header_iri, URIRef) else None
    sections: dict[str, list[TermDoc]] = {heading: [] for heading, _ in KINDS}
    schemes = {s: SchemeDoc(_term(facts, graph, s, {})) for s in subjects if (s, RDF.type, SKOS.ConceptScheme) in graph}
    individuals: list[TermDoc] = []
    for iri in subjects:
        if iri in schemes:
            continue
        in_schemes = [o for o in graph.objects(iri, SKOS.inScheme) if o in schemes]
        doc = _term(facts, graph, iri, subclasses)
        if in_schemes:
            schemes[sorted(in_schemes)[0]].concepts.append(doc)
            continue
        heading = next((h for h, kind in KINDS if (iri, RDF.type, kind) in graph), None)
        if heading:
            sections[heading].append(doc)
        elif (iri, RDF.type, None) in graph:
            individuals.append(doc)
    shown = [(h, sorted(ts, key=lambda t: t.label.casefold())) for h, ts in sections.items() if ts]
    if individuals:
        shown.append(("Other terms", individuals))
    ordered_schemes = sorted(schemes.values(), key=lambda s: s.term.label.casefold())
    for scheme in ordered_schemes:
        scheme.concepts.sort(key=lambda t: (str(graph.value(t.iri, SKOS.notation) or ""), t.label.casefold()))
    return VocabularyDoc(namespace, prefix, header, shown, ordered_schemes)
