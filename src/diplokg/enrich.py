"""``diplokg enrich``: pull selected Wikidata statements about the linked entities into their own named graph.

The statements are kept in Wikidata's own RDF model, so that a query over the enriched graph reads like a
query sent to Wikidata itself (and like the federated examples in queries/federated/):

* persons: positions held (``p:P39`` statements with ``ps:P39`` and the ``pq:P580`` / ``pq:P582`` start and end
  qualifiers, deprecated statements left out), citizenship (``wdt:P27``) and birth date (``wdt:P569``);
* states: capital (``wdt:P36``) and diplomatic relations (``wdt:P530``);
* every linked item, and every item these statements point to: its English and Korean labels.

The result is one Turtle file, ``data/wikidata-enrichment.ttl`` by default, which the build loads as the named
graph ``https://w3id.org/diplokg/graph/data/wikidata-enrichment``. The file describes that graph as
``prov:wasDerivedFrom`` Wikidata with ``prov:generatedAtTime`` (the retrieval time) and the endpoint used, so a
query can always tell Wikidata's facts from the articles' (by graph, or by the Wikidata predicates, which the
article files never use). Nothing is written unless every request succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .atomic import write_all
from .errors import ConfigError
from .link import ENTITIES_FILE, kind_of, links_in, load_graph
from .project import Project
from .rdfio import canonical_turtle
from .wikidata import WikidataClient, is_qid_iri, prefix_block

ENRICHMENT_FILE = "wikidata-enrichment.ttl"
WIKIDATA = URIRef("https://www.wikidata.org/")
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")

_NOT_BLANK = '  FILTER(isIRI(?value) && !STRSTARTS(STR(?value), "http://www.wikidata.org/.well-known/genid/"))\n'
_LABEL = '  OPTIONAL { ?value rdfs:label ?valueLabel . FILTER(LANG(?valueLabel) IN ("en", "ko")) }\n'
_LABEL_TEMPLATE = "  ?value rdfs:label ?valueLabel .\n"


def _items(items: list[str]) -> str:
    return "  VALUES ?item { " + " ".join(f"<{i}>" for i in items) + " }\n"


def labels_query(items: list[str]) -> str:
    return (
        prefix_block()
        + "CONSTRUCT { ?item rdfs:label ?label . } WHERE {\n"
        + _items(items)
        + '  ?item rdfs:label ?label . FILTER(LANG(?label) IN ("en", "ko"))\n'
        + "}\n"
    )


def positions_query(items: list[str]) -> str:
    """Positions held, as statements with their start and end qualifiers."""
    return (
        prefix_block()
        + "CONSTRUCT {\n  ?item p:P39 ?statement .\n  ?statement ps:P39 ?value ; pq:P580 ?start ; pq:P582 ?end .\n"
        + _LABEL_TEMPLATE
        + "} WHERE {\n"
        + _items(items)
        + "  ?item p:P39 ?statement .\n  ?statement ps:P39 ?value .\n"
        + "  FILTER NOT EXISTS { ?statement wikibase:rank wikibase:DeprecatedRank }\n"
        + _NOT_BLANK
        + "  OPTIONAL { ?statement pq:P580 ?start . FILTER(!isBlank(?start)) }\n"
        + "  OPTIONAL { ?statement pq:P582 ?end . FILTER(!isBlank(?end)) }\n"
        + _LABEL
        + "}\n"
    )


def direct_query(items: list[str], prop: str, labelled: bool = True) -> str:
    """A truthy (best-rank) property of the items, with labels of the values when they are items."""
    label = _LABEL if labelled else ""
    template = _LABEL_TEMPLATE if labelled else ""
    value_filter = _NOT_BLANK if labelled else "  FILTER(!isBlank(?value))\n"
    return (
        prefix_block()
        + f"CONSTRUCT {{\n  ?item wdt:{prop} ?value .\n{template}}} WHERE {{\n"
        + _items(items)
        + f"  ?item wdt:{prop} ?value .\n"
        + value_filter
        + label
        + "}\n"
    )


@dataclass
class EnrichResult:
    """What ``enrich`` wrote."""

    path: Path
    graph: URIRef
    items: int
    triples: int
    requests: int
    retrieved: str
    per_query: dict[str, int] = field(default_factory=dict)


def enrichment_queries(persons: list[str], states: list[str], others: list[str]) -> dict[str, str]:
    """The queries, by name, for the linked items of each kind (empty kinds are skipped)."""
    queries: dict[str, str] = {}
    every = sorted({*persons, *states, *others})
    if every:
        queries["labels"] = labels_query(every)
    if persons:
        queries["positions held (P39)"] = positions_query(persons)
        queries["citizenship (P27)"] = direct_query(persons, "P27")
        queries["birth date (P569)"] = direct_query(persons, "P569", labelled=False)
    if states:
        queries["capital (P36)"] = direct_query(states, "P36")
        queries["diplomatic relations (P530)"] = direct_query(states, "P530")
    return queries


def enrich(project: Project, client: WikidataClient, out: Path | None = None, now: datetime | None = None) -> EnrichResult:
    """Query the endpoint for the linked entities' statements and write them, with provenance, to one file."""
    out = out or project.data_dir / ENRICHMENT_FILE
    graph = load_graph(project, exclude=[out])
    persons, states, others = [], [], []
    for entity, items in links_in(graph).items():
        good = [i for i in items if is_qid_iri(i)]
        if not good:
            continue
        kind = kind_of(graph, URIRef(entity))
        (persons if kind == "person" else states if kind == "state" else others).extend(good)
    if not (persons or states or others):
        raise ConfigError(f"no entity of the project is linked to Wikidata (skos:exactMatch in data/{ENTITIES_FILE})")
    result = Graph()
    counts: dict[str, int] = {}
    for name, query in enrichment_queries(sorted(set(persons)), sorted(set(states)), sorted(set(others))).items():
        answer = Graph().parse(data=client.construct(query), format="turtle")
        counts[name] = len(answer)
        result += answer
    retrieved = (now or datetime.now(UTC)).replace(microsecond=0)
    iri = project.graph_iri(out)
    describe_graph(result, iri, client.endpoint, retrieved)
    write_all({out: stable_turtle(result).encode("utf-8")})
    return EnrichResult(
        out, iri, len(set(persons) | set(states) | set(others)), len(result), client.requests, retrieved.isoformat(), counts
    )


def stable_turtle(graph: Graph, rounds: int = 4) -> str:
    """The canonical Turtle of ``graph`` as ``diplokg fmt`` would leave it.

    Wikidata's namespaces are not project prefixes, so rdflib numbers them (ns1:, ns2: ...) in the order it
    meets them, which differs between a graph built in memory and the same graph parsed back: serialize and
    parse again until the text no longer changes, so that ``fmt --check`` accepts the file as written.
    """
    text = canonical_turtle(graph)
    for _ in range(rounds):
        again = canonical_turtle(Graph().parse(data=text, format="turtle"))
        if again == text:
            break
        text = again
    return text


def describe_graph(graph: Graph, iri: URIRef, endpoint: str, retrieved: datetime) -> None:
    """State in the graph itself where it comes from and when: a prov:Entity derived from Wikidata."""
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, RDFS.label, Literal("Wikidata statements about the linked entities", lang="en")))
    graph.add(
        (
            iri,
            RDFS.comment,
            Literal(
                "Derived from Wikidata by `diplokg enrich`, not from the articles: positions held, citizenship and "
                "birth dates of persons, capitals and diplomatic relations of states, and labels, in Wikidata's RDF "
                "model. Regenerate it rather than editing it.",
                lang="en",
            ),
        )
    )
    graph.add((iri, PROV.wasDerivedFrom, WIKIDATA))
    graph.add((iri, PROV.generatedAtTime, Literal(retrieved.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)))
    graph.add((iri, DCTERMS.source, URIRef(endpoint)))
    graph.add((iri, DCTERMS.license, CC0))
