"""The built graph as the site reads it: asserted triples in an rdflib Graph, the reasoner's types beside them.

Read from ``dist/diplokg.nq`` (checked against the build's manifest) with Oxigraph's parser, which is many times
faster than rdflib's at a hundred thousand triples; the terms are then handed to rdflib, which the shared
``describe`` works on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ..iris import INFERRED_GRAPH
from ..terms import XSD_STRING


@dataclass
class BuiltGraph:
    """What the site is made from: the asserted graph, every node's types with the inferred ones, the N-Quads file."""

    graph: Graph
    types: dict[URIRef, set[URIRef]] = field(default_factory=dict)  # asserted and inferred rdf:type, by node
    quads_path: Path | None = None


def _converter():
    cache: dict = {}

    def convert(term):
        found = cache.get(term)
        if found is not None:
            return found
        if isinstance(term, ox.NamedNode):
            found = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            found = BNode(term.value)
        elif term.language:
            found = Literal(term.value, lang=term.language)
        else:
            datatype = term.datatype.value
            # rdflib parses typed literals to Python values; plain strings stay untyped, as rdflib reads a plain "x"
            found = Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
        cache[term] = found
        return found

    return convert


def load_quads(path: Path) -> BuiltGraph:
    """The asserted graph of a build's N-Quads file, and every node's types (asserted and inferred)."""
    graph = Graph()
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    convert = _converter()
    rdf_type = ox.NamedNode(str(RDF.type))
    inferred = ox.NamedNode(INFERRED_GRAPH)
    add = graph.add
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        s, p, o = convert(quad.subject), convert(quad.predicate), convert(quad.object)
        if quad.predicate == rdf_type:
            types[s].add(o)
        if quad.graph_name != inferred:
            add((s, p, o))
    return BuiltGraph(graph, dict(types), path)
