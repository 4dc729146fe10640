"""Serializing the built dataset to every dist/ format."""

from __future__ import annotations

from rdflib import Dataset, Graph

from .namespaces import bind_prefixes

# file suffix -> (rdflib format, keeps named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    "trig": ("trig", True),
    "nq": ("nquads", True),
    "jsonld": ("json-ld", True),
    "ttl": ("turtle", False),
    "nt": ("nt", False),
}


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs in one graph (what Turtle and N-Triples can hold)."""
    union = Graph()
    bind_prefixes(union)
    for graph in dataset.graphs():
        for triple in graph:
            union.add(triple)
    return union


def serialize_all(dataset: Dataset, stem: str = "diplokg") -> dict[str, bytes]:
    """Every dist/ file name with its bytes: TriG, N-Quads and JSON-LD keep the named graphs; Turtle and
    N-Triples hold their union (rdflib would silently drop graph names there)."""
    union = union_graph(dataset)
    out: dict[str, bytes] = {}
    for suffix, (fmt, keeps_graphs) in FORMATS.items():
        source = dataset if keeps_graphs else union
        data = source.serialize(format=fmt, encoding="utf-8")
        out[f"{stem}.{suffix}"] = data if isinstance(data, bytes) else data.encode("utf-8")
    return out
