"""What a page says about a resource, gathered from the asserted graph: names, types, statements, and the facts
it takes part in, each with its date phrase and bounds, modality and quotes.

Everything returned is plain data (strings, dates, lists) for the templates; links are kept as IRIs here and
made relative to the page by the renderer, so one gathered fact serves every page that shows it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..iris import ID
from ..namespaces import OA, ORG, PREFIXES, PROV, SCHEMA
from .describe import OWNED_PREFIXES
from .paths import page_path

EN = ("en", None)
DKG = PREFIXES["dkg"]  # open: the pages show every property of the ontology, not only those the code names


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def kind_of(iri: str) -> str | None:
    """The instance kind of an IRI under ``id/`` (``person`` for ``.../id/person/x``), else None."""
    return iri[len(ID) :].split("/", 1)[0] if iri.startswith(ID) else None


def parse_date(term) -> date | None:
    """An xsd:date (or a dateTime, a year) literal as a date; None when absent or unreadable."""
    if term is None:
        return None
    text = str(term)
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 1, 1)
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass
class When:
    """A fact's time as its article gives it: phrase, bounds (inclusive days), precision."""

    phrase: str = ""
    earliest: date | None = None
    latest: date | None = None
    precision: URIRef | None = None
    precision_label: str = ""

    @property
    def bounds(self) -> str:
        """The bounds as text: ``2013-12-01 – 2013-12-31``, ``… – 2013-12-10`` for an open start."""
        if self.earliest is None and self.latest is None:
            return ""
        if self.earliest == self.latest:
            return self.earliest.isoformat()  # type: ignore[union-attr]
        first = self.earliest.isoformat() if self.earliest else "…"
        last = self.latest.isoformat() if self.latest else "…"
        return f"{first} – {last}"

    @property
    def sort_key(self) -> tuple:
        """Earliest first; a fact known only by its latest bound sorts by that; undated ones last."""
        first = self.earliest or self.latest or date.max
        return (first, self.latest or date.max)

    @property
    def end_exclusive(self) -> date | None:
        """The day after the latest bound: a bar for a fact runs from the start of its earliest day to the end of its latest."""
        return None if self.latest is None else self.latest + timedelta(days=1)


@dataclass
class Quote:
    """One evidence passage: its text, the article it is in, and the evidence node (the mark's id on the article page)."""

    evidence: URIRef
    text: str
    article: URIRef | None
    start: int = -1
    end: int = -1

    @property
    def anchor(self) -> str:
        """The evidence node's local name: the id of its <mark> on the article page."""
        return local_name(str(self.evidence))


@dataclass
class Fact:
    """A fact node as a line on a page: what it is, when, how sure, and the sentences that say so."""

    iri: URIRef
    label: str
    types: list[URIRef]
    when: When
    modality: URIRef | None = None
    certainty: URIRef | None = None
    relation_state: URIRef | None = None  # a characterisation's: strained, close...
    articles: list[URIRef] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Statement:
    """One property of a resource with its values, for the statements table."""

    predicate: URIRef
    values: list  # URIRef | Literal


@dataclass
class Section:
    """A group of facts on an entity page (roles over time, acts it initiated...)."""

    title: str
    facts: list[Fact]
    key: str = ""


# Incoming properties that group the facts an entity takes part in, in page order.
SECTIONS: list[tuple[str, URIRef, str]] = [
    ("roles", ORG.member, "Roles over time"),
    ("initiator", DKG.initiator, "Acts it initiated"),
    ("target", DKG.target, "Acts aimed at it"),
    ("participant", DKG.participant, "Acts it took part in"),
    ("between", DKG.between, "Relations"),
    ("relation", DKG.relation, "How the articles characterise this relation"),
    ("responsible", DKG.responsibleFor, "Officials in charge of it"),
    ("ties-from", DKG.tieFrom, "Personal ties"),
    ("ties-to", DKG.tieTo, "Personal ties (as the other side)"),
    ("claimant", DKG.claimant, "Claims by it"),
    ("about", DKG.about, "Claims and facts about it"),
    ("organization", ORG.organization, "Roles held in it"),
]
SECTION_PROPERTIES = {prop for _, prop, _ in SECTIONS}
# Properties never shown as a resource's own statements: shown elsewhere on the page (header, quotes, dates).
HEADER_PROPERTIES = {RDFS.label, SKOS.altLabel, SKOS.prefLabel, RDF.type, SKOS.exactMatch, RDFS.comment, DKG.evidence}


class Facts:
    """Look-ups over the asserted graph for the pages; facts are gathered once and shared between pages."""

    def __init__(self, graph: Graph, types: dict[URIRef, set[URIRef]] | None = None) -> None:
        self.graph = graph
        self.all_types = types or {}
        self._facts: dict[URIRef, Fact] = {}
        self._labels: dict[URIRef, str] = {}

    # --- names -------------------------------------------------------------------------------------

    def label(self, node) -> str:
        """A resource's English name: rdfs:label, skos:prefLabel, schema:headline, else its local name."""
        if isinstance(node, Literal):
            return str(node)
        found = self._labels.get(node)
        if found is None:
            found = self._first_label(node) or local_name(str(node))
            self._labels[node] = found
        return found

    def _first_label(self, node) -> str | None:
        for prop in (RDFS.label, SKOS.prefLabel, SCHEMA.headline):
            fallback = None
            for value in self.graph.objects(node, prop):
                if isinstance(value, Literal) and value.language in EN:
                    return str(value)
                fallback = fallback or str(value)
            if fallback:
                return fallback
        return None

    def alt_labels(self, node) -> list[str]:
        """The resource's alternative names (skos:altLabel), sorted."""
        return sorted({str(v) for v in self.graph.objects(node, SKOS.altLabel)})

    def comments(self, node) -> list[str]:
        """The resource's comments and definitions, as written."""
        return [str(v) for v in self.graph.objects(node, RDFS.comment)] + [str(v) for v in self.graph.objects(node, SKOS.definition)]

    def types(self, node) -> list[URIRef]:
        """The asserted types of a node, named ones only, sorted by label."""
        return sorted((t for t in self.graph.objects(node, RDF.type) if isinstance(t, URIRef)), key=self.label)

    def is_a(self, node, cls: URIRef) -> bool:
        """Whether ``node`` has type ``cls``, the reasoner's types included."""
        return cls in self.all_types.get(node, ()) or (node, RDF.type, cls) in self.graph

    def wikidata(self, node) -> list[URIRef]:
        """The Wikidata items the resource is the same as (skos:exactMatch)."""
        return sorted(v for v in self.graph.objects(node, SKOS.exactMatch) if isinstance(v, URIRef))

    # --- pages ---------------------------------------------------------------------------------------

    @cached_property
    def resources(self) -> list[URIRef]:
        """Every IRI under ``id/`` that gets a page: subjects and objects of the graph, less the owned nodes
        (time spans, evidence, durations), which are shown with their owner."""
        found: set[URIRef] = set()
        for s, _, o in self.graph:
            for term in (s, o):
                if (
                    isinstance(term, URIRef)
                    and str(term).startswith(ID)
                    and not str(term).startswith(OWNED_PREFIXES)
                    and page_path(str(term))
                ):
                    found.add(term)
        return sorted(found)

    # --- facts ---------------------------------------------------------------------------------------

    def when(self, node) -> When:
        """A fact's time span (dkg:when, or org:memberDuring for a role held); empty when it has none."""
        span = self.graph.value(node, DKG.when) or self.graph.value(node, ORG.memberDuring)
        if span is None:
            return When()
        precision = self.graph.value(span, DKG.precision)
        return When(
            phrase=str(self.graph.value(span, DKG.phrase) or ""),
            earliest=parse_date(self.graph.value(span, DKG.earliest)),
            latest=parse_date(self.graph.value(span, DKG.latest)),
            precision=precision,
            precision_label=self.label(precision) if precision is not None else "",
        )

    def quote(self, evidence: URIRef) -> Quote:
        """An evidence node's quote, article and offsets."""
        text, start, end = "", -1, -1
        for selector in self.graph.objects(evidence, OA.hasSelector):
            exact = self.graph.value(selector, OA.exact)
            if exact is not None:
                text = str(exact)
            begin = self.graph.value(selector, OA.start)
            if begin is not None:
                start, end = int(begin), int(self.graph.value(selector, OA.end) or begin)
        article = self.graph.value(evidence, OA.hasSource)
        return Quote(evidence, text, article if isinstance(article, URIRef) else None, start, end)

    def fact(self, node: URIRef) -> Fact:
        """A node as a fact line (any node works; one without date or quote just has none)."""
        found = self._facts.get(node)
        if found is None:
            quotes = sorted((self.quote(ev) for ev in self.graph.objects(node, DKG.evidence)), key=lambda q: (str(q.article), q.start))
            found = Fact(
                iri=node,
                label=self.label(node),
                types=self.types(node),
                when=self.when(node),
                modality=self.graph.value(node, DKG.modality),
                certainty=self.graph.value(node, DKG.certainty),
                relation_state=self.graph.value(node, DKG.relationState),
                articles=sorted(a for a in self.graph.objects(node, PROV.wasDerivedFrom) if isinstance(a, URIRef)),
                quotes=quotes,
            )
            self._facts[node] = found
        return found

    def sorted_facts(self, nodes) -> list[Fact]:
        """The facts of ``nodes``, each once, by date then label."""
        return sorted((self.fact(n) for n in set(nodes)), key=lambda f: (f.when.sort_key, f.label))

    def sections(self, node: URIRef) -> list[Section]:
        """The facts ``node`` takes part in, grouped by how (see SECTIONS), then any other incoming link."""
        out: list[Section] = []
        for key, prop, title in SECTIONS:
            facts = self.sorted_facts(s for s in self.graph.subjects(prop, node) if isinstance(s, URIRef))
            if facts:
                out.append(Section(title, facts, key))
        others: dict[URIRef, set[URIRef]] = defaultdict(set)
        for s, p in self.graph.subject_predicates(node):
            if p not in SECTION_PROPERTIES and isinstance(s, URIRef) and not str(s).startswith(OWNED_PREFIXES) and p != OA.hasSource:
                others[p].add(s)
        for prop in sorted(others, key=self.label):
            out.append(Section(f"Linked to it as “{self.label(prop)}”", self.sorted_facts(others[prop]), "linked-" + local_name(str(prop))))
        return out

    def statements(self, node: URIRef) -> list[Statement]:
        """The resource's own properties (those not shown in the header), values sorted, for the statements table."""
        by_prop: dict[URIRef, list] = defaultdict(list)
        for p, o in self.graph.predicate_objects(node):
            if p in HEADER_PROPERTIES or p in (DKG.when, ORG.memberDuring):
                continue
            by_prop[p].append(o)
        return [
            Statement(p, sorted(by_prop[p], key=lambda v: (isinstance(v, Literal), self.label(v)))) for p in sorted(by_prop, key=self.label)
        ]

    def evidence_of_article(self, article: URIRef) -> dict[URIRef, list[URIRef]]:
        """Every evidence node of an article, with the facts it supports."""
        out: dict[URIRef, list[URIRef]] = {}
        for evidence in self.graph.subjects(OA.hasSource, article):
            if isinstance(evidence, URIRef) and (evidence, RDF.type, DKG.Evidence) in self.graph:
                out[evidence] = sorted(s for s in self.graph.subjects(DKG.evidence, evidence) if isinstance(s, URIRef))
        return out

    def articles(self) -> list[URIRef]:
        """Every article in the graph."""
        return sorted(a for a in self.graph.subjects(RDF.type, DKG.Article) if isinstance(a, URIRef))

    def derived_from(self, article: URIRef) -> list[URIRef]:
        """Every node derived from ``article`` (prov:wasDerivedFrom)."""
        return sorted(s for s in self.graph.subjects(PROV.wasDerivedFrom, article) if isinstance(s, URIRef))

    def of_class(self, cls: URIRef) -> list[URIRef]:
        """Every IRI node with type ``cls`` (inferred types included), by label."""
        nodes = {s for s, types in self.all_types.items() if cls in types and isinstance(s, URIRef)}
        nodes |= {s for s in self.graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        return sorted(nodes, key=self.label)
