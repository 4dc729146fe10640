"""The RDF description of one resource, as the site's ``.ttl`` files and the server's content negotiation give it.

A description is what the articles and reference data assert (the reasoner's entailments left out):
- every triple with the resource as subject;
- the triples of the nodes it owns (its time spans and evidence passages), so the quote and dates come along;
- every triple with the resource as object (who points at it: the "is ... of" side of a Linked Data page);
- a label for every other resource it mentions, so a client can show names without another request.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from ..iris import INFERRED_GRAPH, INSTANCE_PREFIXES
from ..namespaces import bind_prefixes

# Nodes that exist only as parts of another: described with their owner.
OWNED_PREFIXES = tuple(INSTANCE_PREFIXES[k] for k in ("span", "evidence", "duration"))
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)


def asserted_graph(dataset: Dataset) -> Graph:
    """The union of a build's graphs without the inferred one: what the files say."""
    out = Graph()
    for graph in dataset.graphs():
        if str(graph.identifier) != INFERRED_GRAPH:
            for triple in graph:
                out.add(triple)
    return out


def describe(graph: Graph, iri: URIRef) -> Graph:
    """The description of ``iri`` in ``graph`` (see the module's docstring), with the project's prefixes bound."""
    out = Graph()
    bind_prefixes(out)
    owned: list[URIRef] = []
    for p, o in graph.predicate_objects(iri):
        out.add((iri, p, o))
        if isinstance(o, URIRef) and str(o).startswith(OWNED_PREFIXES):
            owned.append(o)
    seen = {iri}
    while owned:
        node = owned.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, URIRef) and str(o).startswith(OWNED_PREFIXES):
                owned.append(o)
    for s, p in graph.subject_predicates(iri):
        out.add((s, p, iri))
    mentioned = {t for triple in out for t in (triple[0], triple[2]) if isinstance(t, URIRef)} - seen
    for node in mentioned:
        for prop in LABEL_PROPERTIES:
            for label in graph.objects(node, prop):
                out.add((node, prop, label))
    return out
