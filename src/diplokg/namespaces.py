"""Namespaces and prefixes, declared once for code, Turtle output and SPARQL queries."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

BASE = "https://w3id.org/diplokg/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"


class DKG(DefinedNamespace):
    """The diplokg ontology terms used by the code (a closed namespace: a typo fails at import)."""

    _NS = Namespace(BASE + "ontology#")
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


OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")

# Instance namespaces: https://w3id.org/diplokg/id/<type>/<slug>
INSTANCE_TYPES = (
    "agreement",
    "article",
    "characterisation",
    "claim",
    "duration",
    "event",
    "evidence",
    "forum",
    "group",
    "organization",
    "person",
    "place",
    "publication",
    "relation",
    "repost",
    "role",
    "span",
    "state",
    "tie",
    "topic",
)
INSTANCE_PREFIXES = {name: Namespace(f"{ID}{name}/") for name in INSTANCE_TYPES}
INSTANCE_PREFIXES["holding"] = Namespace(ID + "role-holding/")

STANDARD_PREFIXES = {
    "cameo": Namespace(BASE + "cameo/"),
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "dkg": Namespace(BASE + "ontology#"),
    "foaf": Namespace("http://xmlns.com/foaf/0.1/"),
    "oa": OA,
    "org": ORG,
    "owl": Namespace("http://www.w3.org/2002/07/owl#"),
    "plover": Namespace(BASE + "plover/"),
    "prov": PROV,
    "rdf": Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"),
    "schema": SCHEMA,
    "sh": Namespace("http://www.w3.org/ns/shacl#"),
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "time": TIME,
    "wd": WD,
    # Wikidata's statement model (data/wikidata-enrichment.ttl, queries/federated/): bound so that Turtle
    # using it has one canonical form (rdflib numbers unbound namespaces ns1, ns2... in no stable order).
    "wdt": Namespace("http://www.wikidata.org/prop/direct/"),
    "p": Namespace("http://www.wikidata.org/prop/"),
    "ps": Namespace("http://www.wikidata.org/prop/statement/"),
    "pq": Namespace("http://www.wikidata.org/prop/qualifier/"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
}

PREFIXES: dict[str, Namespace] = {**STANDARD_PREFIXES, **INSTANCE_PREFIXES}


def bind_prefixes(graph) -> None:
    """Bind every project prefix on ``graph``, replacing rdflib's defaults."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def sparql_prefixes() -> str:
    """PREFIX lines for every project prefix, for queries built in code."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
