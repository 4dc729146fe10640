"""``diplokg link``: propose Wikidata items for unlinked entities, and apply the proposals a person accepted.

Proposing never edits data/: it writes a review file (TSV), one row per candidate, best first, with a score
and the reasons for it. A reviewer writes ``yes`` in the ``accept`` column of the rows to apply, and
``diplokg link --accept FILE`` adds those links to data/entities.ttl (all Wikidata links of the project live
there, including those of entities defined in an article file) and records each in data/wikidata-links.tsv,
both files written together or not at all.

The record, data/wikidata-links.tsv, has one row per decision: ``linked`` (with the evidence that the item
is the entity: label, type and a matching fact, and the sources those values were read from), ``no-item``
(nothing on Wikidata is this entity, e.g. an unnamed group: never proposed again) or ``unverified`` (could not
be checked yet: proposed again; its sources, if any, are what was searched).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .atomic import write_all
from .errors import ConfigError, ValidationError
from .iris import ID
from .namespaces import WD
from .project import Project
from .rdfio import canonical_turtle, parse_turtle
from .terms import Term
from .wikidata import WikidataClient, is_qid_iri, prefix_block, qid

ENTITIES_FILE = "entities.ttl"
LINKS_FILE = "wikidata-links.tsv"
LINKS_COLUMNS = ["entity", "status", "qid", "wikidata_label", "wikidata_type", "matching_facts", "sources", "evidence"]
LINK_STATUSES = ("linked", "no-item", "unverified")
REVIEW_COLUMNS = ["entity", "entity_label", "rank", "candidate", "wikidata_label", "description", "score", "status", "why", "accept"]

ONTOLOGY = "https://w3id.org/diplokg/ontology#"
NATIONALITY = URIRef(ONTOLOGY + "nationality")
LOCATED_IN = URIRef(ONTOLOGY + "locatedIn")

# Which entities can have a Wikidata item, by diplokg class (first match wins), and what such an item is an
# instance of on Wikidata: ``direct`` classes must be a P31 value (hard constraint); ``roots`` are reached
# through P31/P279* (a soft constraint: a candidate outside them loses points, as Wikidata's class tree has gaps).
KINDS: list[tuple[str, str]] = [
    ("Person", "person"),
    ("State", "state"),
    ("Group", ""),  # unnamed collectives: no item
    ("Organization", "organization"),
    ("Publication", "publication"),
    ("Place", "place"),
    ("Agreement", "agreement"),
    ("Forum", "forum"),
    ("War", "event"),
    ("Crisis", "event"),
    ("NuclearTest", "event"),
    ("SatelliteLaunch", "event"),
    ("Cyberattack", "event"),
    ("SportsEvent", "event"),
]
HUMAN = "Q5"
DIRECT = {"person": {HUMAN}, "state": {"Q6256", "Q3624078"}}  # human; country, sovereign state
ROOTS = {
    "person": {HUMAN},
    "state": {"Q6256", "Q3624078"},
    "organization": {"Q43229"},  # organization
    "publication": {"Q1002697", "Q41298", "Q11032", "Q43229"},  # periodical, magazine, newspaper, organization
    "place": {"Q2221906", "Q486972", "Q82794"},  # geographic location, human settlement, geographic region
    "agreement": {"Q131569", "Q1656682"},  # treaty, event
    "forum": {"Q1656682", "Q43229"},  # event, organization
    "event": {"Q1656682", "Q1190554"},  # event, occurrence
}

AMBIGUITY_MARGIN = 10  # candidates within this many points of the best are reported as ambiguous
WEAK_SCORE = 50


@dataclass
class Entity:
    """An entity of the graph that could be linked: its IRI, kind, names and the Wikidata items of its country."""

    iri: str
    kind: str
    label: str
    names: list[Term] = field(default_factory=list)  # label and aliases, en and ko
    countries: set[str] = field(default_factory=set)  # Q-ids of its nationality / location


@dataclass
class Candidate:
    """A Wikidata item proposed for an entity, with its score and the reasons for it."""

    item: str  # Q-id
    matched: list[str] = field(default_factory=list)
    label: str = ""
    description: str = ""
    types: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    position_countries: set[str] = field(default_factory=set)
    positions: list[str] = field(default_factory=list)
    born: str = ""
    sitelinks: int = 0
    score: int = 0
    why: list[str] = field(default_factory=list)
    status: str = ""


@dataclass
class Proposal:
    """All candidates found for one entity, best first."""

    entity: Entity
    candidates: list[Candidate]

    @property
    def status(self) -> str:
        if not self.candidates:
            return "no-candidate"
        return self.candidates[0].status


@dataclass
class LinkRecord:
    """One row of data/wikidata-links.tsv."""

    entity: str
    status: str
    qid: str = ""
    wikidata_label: str = ""
    wikidata_type: str = ""
    matching_facts: str = ""
    sources: str = ""
    evidence: str = ""

    def row(self) -> list[str]:
        facts = [self.wikidata_label, self.wikidata_type, self.matching_facts, self.sources, self.evidence]
        return [self.entity, self.status, self.qid, *facts]


# --- where a decision's values were read ------------------------------------------------------------------

SOURCE_SEPARATOR = "; "
# A source of the record is one of: a file of a public repository at a commit, a file of the stored public-code
# index known only by its id (the index does not name its repository), or the review file of `diplokg link`
# (a live answer of a Wikidata endpoint) accepted on a date.
SOURCE_FORMS = {
    "github": re.compile(r"github:(?P<repo>[\w.-]+/[\w.-]+)/(?P<path>[^@;\s]+)@(?P<commit>[0-9a-f]{40})"),
    "stored": re.compile(r"stored:(?P<id>[0-9]+)"),
    "review": re.compile(r"review:(?P<file>[^@;\s]+)@(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"),
}
QID_IN_TEXT = re.compile(r"\bQ[0-9]+\b")
CLASS_MENTION = re.compile(r"instance of (?:Q[0-9]+(?:, )?)+")


@dataclass(frozen=True)
class Source:
    """One source of a record row: its form (``github``, ``stored`` or ``review``) and its parts."""

    form: str
    parts: tuple[tuple[str, str], ...]

    def part(self, name: str) -> str:
        return dict(self.parts)[name]


def parse_sources(text: str) -> list[Source]:
    """The sources of a record row, in order; raises ValueError naming the first malformed one."""
    sources = []
    for entry in (e.strip() for e in text.split(SOURCE_SEPARATOR.strip()) if e.strip()):
        for form, pattern in SOURCE_FORMS.items():
            match = pattern.fullmatch(entry)
            if match:
                sources.append(Source(form, tuple(match.groupdict().items())))
                break
        else:
            raise ValueError(f"source {entry!r} is not github:OWNER/REPO/PATH@COMMIT, stored:ID or review:FILE@DATE")
    return sources


def note_problems(records: Iterable[LinkRecord]) -> list[str]:
    """Notes that offer a Q-id the record does not give their entity.

    A row that is not ``linked`` names no Q-id at all (what was searched is said in words and in its sources).
    A ``linked`` row names its own item, items the record gives other entities (a capital's state, say) and
    classes (``instance of Q5``), nothing else: a candidate the evidence refuted is not kept in a note.
    """
    records = list(records)
    items = {r.qid: r.entity for r in records if r.status == "linked"}
    problems = []
    for r in records:
        text = " ".join((r.wikidata_label, r.wikidata_type, r.matching_facts, r.evidence))
        mentioned = set(QID_IN_TEXT.findall(CLASS_MENTION.sub(" ", text)))
        allowed = {r.qid, *items} if r.status == "linked" else set()
        stray = sorted(mentioned - allowed)
        if stray:
            problems.append(f"{r.entity}: the note names {', '.join(stray)}, which the record does not give this or another entity")
    return problems


# --- reading the project ---------------------------------------------------------------------------------


def load_graph(project: Project, exclude: Iterable[Path] = ()) -> Graph:
    """The union of the ontology and data files (class tree, labels, links), less ``exclude``."""
    skip = {p.resolve() for p in exclude}
    graph = Graph()
    for path in [*project.ontology_files(), *project.data_files()]:
        if path.resolve() not in skip:
            graph += parse_turtle(path, str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path))
    return graph


def links_in(graph: Graph) -> dict[str, list[str]]:
    """Every entity's Wikidata links (skos:exactMatch to an item IRI, well-formed or not)."""
    links: dict[str, list[str]] = {}
    for subject, item in graph.subject_objects(SKOS.exactMatch):
        if str(item).startswith(str(WD)) or "wikidata.org" in str(item):
            links.setdefault(str(subject), []).append(str(item))
    return {k: sorted(v) for k, v in links.items()}


def kind_of(graph: Graph, entity: URIRef) -> str:
    """The linking kind of an entity ('' when it cannot have an item)."""
    classes: set[str] = set()
    for cls in graph.objects(entity, RDF.type):
        classes |= {str(c) for c in graph.transitive_objects(cls, RDFS.subClassOf)}
    for name, kind in KINDS:
        if ONTOLOGY + name in classes:
            return kind
    return ""


def linkable_entities(graph: Graph) -> list[Entity]:
    """Every diplokg instance that could be linked to Wikidata, with its names and countries."""
    links = links_in(graph)
    found = []
    for subject in sorted(set(graph.subjects(RDF.type, None))):
        if not (isinstance(subject, URIRef) and str(subject).startswith(ID)):
            continue
        kind = kind_of(graph, subject)
        if not kind:
            continue
        label = graph.value(subject, RDFS.label)
        written = (*graph.objects(subject, RDFS.label), *graph.objects(subject, SKOS.altLabel))
        names = [Term.literal(str(n), lang=n.language or "en") for n in written]
        countries = set()
        for prop in (NATIONALITY, LOCATED_IN):
            for state in graph.objects(subject, prop):
                countries |= {qid(i) for i in links.get(str(state), []) if is_qid_iri(i)}
        if kind == "state":
            countries |= {qid(i) for i in links.get(str(subject), []) if is_qid_iri(i)}
        found.append(Entity(str(subject), kind, str(label or subject), _search_names(names, str(label or "")), countries))
    return found


def _search_names(names: list[Term], label: str) -> list[Term]:
    """Names worth looking up: not a bare surname or word of the label ('Kim', 'Park'), nor a description ('the regime')."""
    label_words = set(label.split())
    keep = []
    for name in names:
        text = name.value.strip()
        if not text or text.lower().startswith("the ") or (" " not in text and text in label_words and text != label):
            continue
        if name.lang not in ("en", "ko"):
            continue
        if name not in keep:
            keep.append(name)
    return keep


# --- the record of decisions -----------------------------------------------------------------------------


def read_links_record(path: Path) -> dict[str, LinkRecord]:
    """data/wikidata-links.tsv by entity IRI; raises ValidationError for a malformed file."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    if not rows or rows[0] != LINKS_COLUMNS:
        raise ValidationError([f"{path.name}: the header must be {' '.join(LINKS_COLUMNS)}"])
    records: dict[str, LinkRecord] = {}
    problems = []
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(LINKS_COLUMNS):
            problems.append(f"{path.name}:{number}: {len(row)} columns, expected {len(LINKS_COLUMNS)}")
            continue
        record = LinkRecord(*row)
        if record.status not in LINK_STATUSES:
            problems.append(f"{path.name}:{number}: status {record.status!r} is not one of {', '.join(LINK_STATUSES)}")
        try:
            if not parse_sources(record.sources) and record.status == "linked":
                problems.append(f"{path.name}:{number}: a linked row names its sources")
        except ValueError as error:
            problems.append(f"{path.name}:{number}: {error}")
        if record.entity in records:
            problems.append(f"{path.name}:{number}: a second row for {record.entity}")
        records[record.entity] = record
    if problems:
        raise ValidationError(problems)
    return records


def format_links_record(records: Iterable[LinkRecord]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(LINKS_COLUMNS)
    for record in sorted(records, key=lambda r: r.entity):
        writer.writerow(record.row())
    return out.getvalue()


# --- proposing -------------------------------------------------------------------------------------------


def _values(terms: Iterable[Term]) -> str:
    return " ".join(t.n3() for t in terms)


def candidate_query(entity: Entity, limit: int = 20) -> str:
    """Items whose English or Korean label or alias is one of the entity's names (humans / countries only,
    for persons and states)."""
    constraint = ""
    if entity.kind in DIRECT:
        constraint = f"  VALUES ?class {{ {' '.join('wd:' + c for c in sorted(DIRECT[entity.kind]))} }}\n  ?item wdt:P31 ?class .\n"
    return (
        prefix_block()
        + "SELECT DISTINCT ?item ?name ?via WHERE {\n"
        + f"  VALUES ?name {{ {_values(entity.names)} }}\n"
        + '  { ?item rdfs:label ?name . BIND("label" AS ?via) } UNION { ?item skos:altLabel ?name . BIND("alias" AS ?via) }\n'
        + '  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))\n'
        + constraint
        + f"}}\nLIMIT {limit}\n"
    )


def details_query(items: Iterable[str], kind: str) -> str:
    """Facts to score candidates by, one facet per row (no cross products)."""
    roots = " ".join("wd:" + r for r in sorted(ROOTS[kind]))
    return (
        prefix_block()
        + "SELECT ?item ?facet ?value ?start ?end WHERE {\n"
        + f"  VALUES ?item {{ {' '.join('wd:' + i for i in items)} }}\n"
        + '  { ?item rdfs:label ?value . FILTER(LANG(?value) = "en") BIND("label" AS ?facet) }\n'
        + '  UNION { ?item schema:description ?value . FILTER(LANG(?value) = "en") BIND("description" AS ?facet) }\n'
        + '  UNION { ?item wikibase:sitelinks ?value . BIND("sitelinks" AS ?facet) }\n'
        + '  UNION { ?item wdt:P31 ?value . BIND("type" AS ?facet) }\n'
        + f'  UNION {{ VALUES ?value {{ {roots} }} ?item wdt:P31/wdt:P279* ?value . BIND("kind" AS ?facet) }}\n'
        + '  UNION { ?item wdt:P27 ?value . BIND("citizenship" AS ?facet) }\n'
        + '  UNION { ?item wdt:P17 ?value . BIND("country" AS ?facet) }\n'
        + '  UNION { ?item wdt:P569 ?value . BIND("born" AS ?facet) }\n'
        + "  UNION { ?item p:P39 ?statement . ?statement ps:P39 ?value .\n"
        + "          OPTIONAL { ?statement pq:P580 ?start } OPTIONAL { ?statement pq:P582 ?end }\n"
        + '          BIND("position" AS ?facet) }\n'
        + '  UNION { ?item p:P39/ps:P39 ?position . ?position wdt:P17|wdt:P1001 ?value . BIND("position-country" AS ?facet) }\n'
        + "}\n"
    )


def propose(client: WikidataClient, entity: Entity) -> Proposal:
    """Query the endpoint for an entity's candidates and score them (two requests, one after the other)."""
    if not entity.names:
        return Proposal(entity, [])
    found: dict[str, Candidate] = {}
    for row in client.select(candidate_query(entity)):
        if "item" not in row or "name" not in row:
            continue
        item = qid(row["item"].value)
        name = row["name"]
        via = row["via"].value if "via" in row else "label"
        found.setdefault(item, Candidate(item)).matched.append(f"{via} {name.value!r}@{name.lang or 'en'}")
    if not found:
        return Proposal(entity, [])
    for row in client.select(details_query(sorted(found), entity.kind)):
        candidate = found.get(qid(row["item"].value)) if "item" in row else None
        if candidate is None or "facet" not in row or "value" not in row:
            continue
        _add_fact(candidate, row)
    candidates = [c for c in found.values() if _admissible(entity, c)]
    for candidate in candidates:
        score(entity, candidate)
    candidates.sort(key=lambda c: (-c.score, -c.sitelinks, int(c.item[1:])))
    _rank(candidates)
    return Proposal(entity, candidates)


def _add_fact(candidate: Candidate, row: dict[str, Term]) -> None:
    facet, value = row["facet"].value, row["value"]
    text = qid(value.value)
    if facet == "label":
        candidate.label = value.value
    elif facet == "description":
        candidate.description = value.value
    elif facet == "sitelinks":
        candidate.sitelinks = int(value.value) if value.value.isdigit() else 0
    elif facet == "type":
        candidate.types.add(text)
    elif facet == "kind":
        candidate.kinds.add(text)
    elif facet in ("citizenship", "country"):
        candidate.countries.add(text)
    elif facet == "position-country":
        candidate.position_countries.add(text)
    elif facet == "born":
        candidate.born = value.value[:10]
    elif facet == "position":
        start = row["start"].value[:10] if "start" in row else "?"
        end = row["end"].value[:10] if "end" in row else ""
        candidate.positions.append(f"{text} {start}–{end}".strip())


def _admissible(entity: Entity, candidate: Candidate) -> bool:
    """Hard type constraints: a person's item is a human, a state's a country."""
    return entity.kind not in DIRECT or bool(candidate.types & DIRECT[entity.kind])


def score(entity: Entity, candidate: Candidate) -> int:
    """Score a candidate 0–100 and say why: name match, type, country or citizenship, prominence."""
    why = []
    main = any(m.startswith("label ") and f"{entity.label!r}" in m for m in candidate.matched)
    points = 50 if main else 40
    why.append(("main label matched: " if main else "matched: ") + ", ".join(sorted(set(candidate.matched))))
    if candidate.kinds or candidate.types & DIRECT.get(entity.kind, set()):
        points += 15
        why.append(f"instance of {', '.join(sorted(candidate.types)) or '?'} (fits {entity.kind})")
    else:
        points -= 30
        why.append(f"instance of {', '.join(sorted(candidate.types)) or 'nothing'}: not a known {entity.kind} class")
    if entity.countries:
        theirs = candidate.countries | candidate.position_countries
        if entity.countries & candidate.countries:
            points += 25
            facet = "citizenship" if entity.kind == "person" else "country"
            why.append(f"{facet} {', '.join(sorted(entity.countries & candidate.countries))} matches")
        elif entity.countries & candidate.position_countries:
            points += 20
            why.append(f"holds a position of {', '.join(sorted(entity.countries & candidate.position_countries))}")
        elif theirs:
            points -= 25
            why.append(f"country {', '.join(sorted(theirs))} does not match {', '.join(sorted(entity.countries))}")
    if candidate.born:
        why.append(f"born {candidate.born}")
    if candidate.positions:
        why.append("positions " + ", ".join(sorted(candidate.positions)[:4]) + (" ..." if len(candidate.positions) > 4 else ""))
    if candidate.sitelinks:
        points += min(10, int(math.log2(candidate.sitelinks + 1)))
        why.append(f"{candidate.sitelinks} sitelinks")
    candidate.score = max(0, min(100, points))
    candidate.why = why
    return candidate.score


def _rank(candidates: list[Candidate]) -> None:
    if not candidates:
        return
    best = candidates[0].score
    close = [c for c in candidates if best - c.score < AMBIGUITY_MARGIN]
    for candidate in candidates:
        if len(close) > 1 and candidate in close:
            candidate.status = "ambiguous"
        elif candidate is candidates[0]:
            candidate.status = "best" if best >= WEAK_SCORE else "weak"
        else:
            candidate.status = "alternative"


def propose_links(project: Project, client: WikidataClient, entities: list[str] | None = None) -> list[Proposal]:
    """Proposals for every linkable entity without a link and not recorded as having no item (or for ``entities``).

    An entity recorded as ``linked`` whose link is no longer in data/ is proposed again."""
    graph = load_graph(project)
    linked = links_in(graph)
    record = read_links_record(project.data_dir / LINKS_FILE)
    todo = [
        e
        for e in linkable_entities(graph)
        if e.iri not in linked and not (e.iri in record and record[e.iri].status == "no-item") and (entities is None or e.iri in entities)
    ]
    if entities is not None:
        unknown = sorted(set(entities) - {e.iri for e in todo})
        if unknown:
            raise ConfigError(f"not an unlinked, linkable entity: {', '.join(unknown)}")
    return [propose(client, entity) for entity in todo]


def format_review(proposals: list[Proposal]) -> str:
    """The review file: one row per candidate (or one 'no-candidate' row), best first; 'accept' left for a person."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for proposal in proposals:
        entity = proposal.entity
        if not proposal.candidates:
            writer.writerow([entity.iri, entity.label, "", "", "", "", "", "no-candidate", "no item matched " + _names(entity), ""])
        for rank, c in enumerate(proposal.candidates, 1):
            writer.writerow([entity.iri, entity.label, rank, c.item, c.label, c.description, c.score, c.status, "; ".join(c.why), ""])
    return out.getvalue()


def _names(entity: Entity) -> str:
    return ", ".join(f"{n.value!r}@{n.lang}" for n in entity.names) or "(no searchable name)"


def write_review(path: Path, proposals: list[Proposal]) -> None:
    write_all({path: format_review(proposals).encode("utf-8")})


# --- accepting -------------------------------------------------------------------------------------------


@dataclass
class Accepted:
    """A reviewed proposal to apply."""

    entity: str
    item: str  # Q-id
    label: str
    description: str
    score: str
    why: str


def read_review(path: Path) -> list[Accepted]:
    """The rows of a review file marked 'yes' in the accept column; raises ValidationError when malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read review file {path}: {exc.strerror}") from None
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    if not rows or rows[0] != REVIEW_COLUMNS:
        raise ValidationError([f"{path.name}: not a review file of `diplokg link` (header must be {' '.join(REVIEW_COLUMNS)})"])
    accepted, problems = [], []
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(REVIEW_COLUMNS):
            problems.append(f"{path.name}:{number}: {len(row)} columns, expected {len(REVIEW_COLUMNS)}")
            continue
        values = dict(zip(REVIEW_COLUMNS, row, strict=True))
        decision = values["accept"].strip().lower()
        if decision in ("", "no", "n"):
            continue
        if decision != "yes":
            problems.append(f"{path.name}:{number}: accept is {values['accept']!r}: write yes, no, or leave it empty")
            continue
        item = values["candidate"].strip()
        if not is_qid_iri(str(WD) + item):
            problems.append(f"{path.name}:{number}: {item!r} is not a Wikidata item id (Q followed by digits)")
            continue
        accepted.append(
            Accepted(values["entity"].strip(), item, values["wikidata_label"], values["description"], values["score"], values["why"])
        )
    if problems:
        raise ValidationError(problems)
    return accepted


@dataclass
class AcceptResult:
    """What ``link --accept`` changed."""

    added: list[tuple[str, str]]  # (entity, Q-id)
    unchanged: list[tuple[str, str]]  # already linked to the same item
    files: list[Path]


def accept_links(project: Project, review: Path, today: date | None = None) -> AcceptResult:
    """Apply the accepted rows of a review file: link each entity in data/entities.ttl and record it.

    Refuses (ValidationError, nothing written) an unknown entity, an entity already linked to another item,
    two items for one entity, or an item already linked to another entity.
    """
    accepted = read_review(review)
    entities_path = project.data_dir / ENTITIES_FILE
    links_path = project.data_dir / LINKS_FILE
    if not entities_path.is_file():
        raise ConfigError(f"no {ENTITIES_FILE} in {project.data_dir}")
    graph = load_graph(project)
    linked = links_in(graph)
    owner = {item: entity for entity, items in linked.items() for item in items}
    known = {e.iri: e for e in linkable_entities(graph)}
    record = read_links_record(links_path)
    problems, added, unchanged = [], [], []
    chosen: dict[str, str] = {}
    for row in accepted:
        iri = str(WD) + row.item
        if row.entity not in known:
            problems.append(f"{row.entity}: not an entity of the graph that can be linked")
        elif row.entity in chosen and chosen[row.entity] != row.item:
            problems.append(f"{row.entity}: two items accepted ({chosen[row.entity]} and {row.item}); accept one")
        elif iri in linked.get(row.entity, []):
            unchanged.append((row.entity, row.item))
        elif row.entity in linked:
            problems.append(f"{row.entity}: already linked to {', '.join(qid(i) for i in linked[row.entity])}, not {row.item}")
        elif iri in owner and owner[iri] != row.entity:
            problems.append(f"{row.entity}: {row.item} is already the item of {owner[iri]}")
        elif row.item in chosen.values() and chosen.get(row.entity) != row.item:
            problems.append(f"{row.entity}: {row.item} is accepted for two entities")
        else:
            chosen[row.entity] = row.item
    if problems:
        raise ValidationError(problems)
    for row in accepted:
        if chosen.get(row.entity) == row.item and (row.entity, row.item) not in added:
            added.append((row.entity, row.item))
    if not added:
        return AcceptResult([], unchanged, [])
    entities = parse_turtle(entities_path, f"data/{ENTITIES_FILE}")
    when = (today or date.today()).isoformat()
    by_entity = {row.entity: row for row in accepted}
    for entity, item in added:
        entities.add((URIRef(entity), SKOS.exactMatch, URIRef(str(WD) + item)))
        row = by_entity[entity]
        record[entity] = LinkRecord(
            entity,
            "linked",
            item,
            row.label,
            row.description,
            row.why,
            f"review:{review.name}@{when}",
            f"accepted on {when} from the review file {review.name} of `diplokg link` (score {row.score})",
        )
    write_all(
        {
            entities_path: canonical_turtle(entities).encode("utf-8"),
            links_path: format_links_record(record.values()).encode("utf-8"),
        }
    )
    return AcceptResult(added, unchanged, [entities_path, links_path])
