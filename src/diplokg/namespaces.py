"""Namespaces and prefixes, declared once for code, Turtle output and SPARQL queries."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

from .iris import BASE as BASE  # re-exported (see __all__)
from .iris import GRAPH as GRAPH
from .iris import ID as ID
from .iris import INSTANCE_PREFIXES as INSTANCE_IRIS
from .iris import PREFIXES as PREFIX_IRIS
from .iris import sparql_prefixes as sparql_prefixes


class DKG(DefinedNamespace):
    """The diplokg ontology terms used by the code (a closed namespace: a typo fails at import)."""

    _NS = Namespace(PREFIX_IRIS["dkg"])
    _fail = True

    Article: URIRef
    Repost: URIRef
    Fact: URIRef
    Evidence: URIRef
    Event: URIRef
    Act: URIRef
    Claim: URIRef
    RoleHolding: URIRef
    TimeSpan: URIRef
    State: URIRef
    Person: URIRef
    evidence: URIRef
    sha256: URIRef
    sourceFile: URIRef
    when: URIRef
    earliest: URIRef
    latest: URIRef
    precision: URIRef
    phrase: URIRef
    modality: URIRef
    initiator: URIRef
    target: URIRef
    participant: URIRef
    capitalOf: URIRef
    cameoCode: URIRef
    cameoNearest: URIRef
    goldstein: URIRef
    Actual: URIRef


OA = Namespace(PREFIX_IRIS["oa"])
ORG = Namespace(PREFIX_IRIS["org"])
PROV = Namespace(PREFIX_IRIS["prov"])
SCHEMA = Namespace(PREFIX_IRIS["schema"])
TIME = Namespace(PREFIX_IRIS["time"])
WD = Namespace(PREFIX_IRIS["wd"])

INSTANCE_PREFIXES = {name: Namespace(iri) for name, iri in INSTANCE_IRIS.items()}
PREFIXES: dict[str, Namespace] = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}


def bind_prefixes(graph) -> None:
    """Bind every project prefix on ``graph``, replacing rdflib's defaults."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


__all__ = [
    *("BASE", "DKG", "GRAPH", "ID", "INSTANCE_PREFIXES", "OA", "ORG", "PREFIXES"),
    *("PROV", "SCHEMA", "TIME", "WD", "bind_prefixes", "sparql_prefixes"),
]
