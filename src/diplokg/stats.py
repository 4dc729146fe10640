"""``diplokg stats``: what the graph holds, and what is still unlinked or undated."""

from __future__ import annotations

from dataclasses import dataclass, field

from .engines import Engine
from .iris import sparql_prefixes
from .query import PREFIX_MAP
from .results import compact

QUERIES = {
    "per class": """
        SELECT ?key (COUNT(DISTINCT ?x) AS ?n) WHERE {
          ?x a ?key . FILTER(STRSTARTS(STR(?key), STR(dkg:)))
          FILTER EXISTS { ?x a dkg:Fact } } GROUP BY ?key ORDER BY DESC(?n) ?key""",
    "per article": """
        SELECT ?key (COUNT(DISTINCT ?x) AS ?n) WHERE {
          ?x a dkg:Fact ; prov:wasDerivedFrom ?article . ?article schema:headline ?key }
        GROUP BY ?key ORDER BY ?key""",
    "per act type (CAMEO)": """
        SELECT ?key (COUNT(DISTINCT ?x) AS ?n) WHERE {
          ?x a ?class . ?class rdfs:subClassOf* dkg:Act .
          { ?class dkg:cameoCode ?code } UNION { ?class dkg:cameoNearest ?code }
          FILTER NOT EXISTS { ?x a ?sub . ?sub rdfs:subClassOf+ ?class .
                              { ?sub dkg:cameoCode ?c2 } UNION { ?sub dkg:cameoNearest ?c2 } }
          BIND(CONCAT(STRAFTER(STR(?class), "#"), " (", STRAFTER(STR(?code), "cameo/"), ")") AS ?key)
        } GROUP BY ?key ORDER BY DESC(?n) ?key""",
    "per modality": """
        SELECT ?key (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x dkg:modality ?m . ?m rdfs:label ?key }
        GROUP BY ?key ORDER BY DESC(?n)""",
    "unlinked to Wikidata": """
        SELECT DISTINCT ?key (1 AS ?n) WHERE {
          ?key a ?class . VALUES ?class { dkg:State dkg:Person dkg:City dkg:Region dkg:Site dkg:Agreement dkg:TradeAgreement
                                          dkg:Forum dkg:Publication dkg:Bank dkg:Company dkg:MediaOutlet dkg:ThinkTank
                                          dkg:University dkg:IntergovernmentalOrganization dkg:Military dkg:PoliticalParty
                                          dkg:EconomicZone dkg:Administration }
          FILTER NOT EXISTS { ?key skos:exactMatch ?item } } ORDER BY ?key""",
    "dated only by a bound (the article gives no date)": """
        SELECT DISTINCT ?key (1 AS ?n) WHERE { ?key dkg:when ?span . ?span dkg:precision dkg:BoundOnly } ORDER BY ?key""",
}


@dataclass
class Stats:
    """Sections of (key, count) rows."""

    sections: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def collect_stats(engine: Engine) -> Stats:
    """Run every statistics query on ``engine``."""
    stats = Stats()
    for title, body in QUERIES.items():
        result = engine.run(sparql_prefixes() + body, {}, source=f"stats: {title}")
        rows = []
        for row in result.rows:
            key = row["key"]
            label = compact(key.value, PREFIX_MAP) if key.kind == "uri" else key.value
            rows.append((label, int(row["n"].value)))
        stats.sections[title] = rows
    return stats


def format_stats(stats: Stats) -> str:
    """Plain-text report, one section per statistic."""
    lines = []
    for title, rows in stats.sections.items():
        total = sum(n for _, n in rows)
        lines.append(f"{title}: {total}")
        lines += [f"  {n:6d}  {key}" for key, n in rows]
    return "\n".join(lines) + "\n"
