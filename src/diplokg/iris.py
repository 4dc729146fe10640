"""IRIs and prefixes as plain strings, declared once: the query path uses them without importing rdflib.

``namespaces`` builds rdflib Namespace objects from these for the code that handles graphs.
"""

from __future__ import annotations

BASE = "https://w3id.org/diplokg/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
INFERRED_GRAPH = GRAPH + "inferred"  # the OWL-RL entailments of the build

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
    "membership",
    "organization",
    "person",
    "place",
    "publication",
    "relation",
    "repost",
    "resolution",
    "role",
    "span",
    "state",
    "tie",
    "topic",
)
INSTANCE_PREFIXES: dict[str, str] = {name: f"{ID}{name}/" for name in INSTANCE_TYPES}
INSTANCE_PREFIXES["holding"] = ID + "role-holding/"

STANDARD_PREFIXES: dict[str, str] = {
    "cameo": BASE + "cameo/",
    "dcterms": "http://purl.org/dc/terms/",
    "dkg": BASE + "ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "plover": BASE + "plover/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "wd": "http://www.wikidata.org/entity/",
    # Wikidata's statement model (data/wikidata-enrichment.ttl, queries/federated/): bound so that Turtle
    # using it has one canonical form (rdflib numbers unbound namespaces ns1, ns2... in no stable order).
    "wdt": "http://www.wikidata.org/prop/direct/",
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

PREFIXES: dict[str, str] = {**STANDARD_PREFIXES, **INSTANCE_PREFIXES}


def sparql_prefixes() -> str:
    """PREFIX lines for every project prefix, for queries built in code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))
