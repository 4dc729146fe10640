"""Answering a catalogue question: bind and check parameters, pick the engine, run, look up labels."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .catalogue import QuerySpec, bind_params
from .engines import Engine, Result
from .errors import QueryError
from .iris import PREFIXES
from .terms import Term

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}

_HEAD = """PREFIX dkg: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""
_DIRECT = "sameTerm(?x, ?value) || EXISTS {{ ?x rdfs:label|skos:altLabel ?l FILTER(LCASE(STR(?l)) = LCASE(STR(?value))) }}{extra}"
_CAPITAL = "EXISTS { ?c dkg:capitalOf ?x . ?c rdfs:label|skos:altLabel ?cl FILTER(LCASE(STR(?cl)) = LCASE(STR(?value))) }"
# How a value of each parameter kind is resolved to one node: (what it is called, the pattern the node
# must match, further direct matches, and a fallback tried only when nothing matched directly).
RESOLVERS = {
    "state": ("state", "?x a dkg:State", "", _CAPITAL),
    "actor": ("actor", "?x a/rdfs:subClassOf* dkg:Actor", "", _CAPITAL),
    "person": ("person", "?x a dkg:Person", "", ""),
    "relation": ("bilateral relation", "?x a dkg:BilateralRelation", "", ""),
    "article": (
        "article",
        "?x a dkg:Article",
        ' || EXISTS { ?x schema:headline ?h FILTER(LCASE(STR(?h)) = LCASE(STR(?value))) } || STRENDS(STR(?x), CONCAT("/", STR(?value)))',
        "",
    ),
    "fact": ("fact", "?x a/rdfs:subClassOf* dkg:Fact", "", ""),
    "act-class": ("event class", "?x rdfs:subClassOf* dkg:Event", ' || STRENDS(STR(?x), CONCAT("#", STR(?value)))', ""),
}
MAX_SHOWN = 5
# Date parameters that bound a period, by name: the first may not be after the second.
DATE_RANGES = (("from", "to"), ("start", "end"), ("since", "until"), ("after", "before"))
SUGGEST_CUTOFF = 0.6  # difflib's similarity a label needs to be suggested for a mistyped value
SUGGEST_SUBSTRING = 3  # a value this long or longer also suggests the labels that contain it ("Korea")


@dataclass
class Answer:
    """A query's result with the labels of the IRIs it mentions."""

    spec: QuerySpec
    bindings: dict[str, Term]
    result: Result
    labels: dict[str, str]


def resolve_bindings(engine: Engine, spec: QuerySpec, bindings: dict[str, Term]) -> dict[str, Term]:
    """Entity parameters as the one IRI they name: an IRI, a label or alternative label (any case), or for
    states a capital used as metonym ("Beijing"). A value that names nothing or several nodes is an error.

    The catalogue queries take these IRIs; resolving here, once, keeps label matching out of the queries.
    """
    resolved = dict(bindings)
    for param in spec.params:
        if param.kind not in RESOLVERS:
            continue
        what, pattern, extra, fallback = RESOLVERS[param.kind]
        value = bindings[param.name]
        found: list[str] = []
        for text in _candidates(value, pattern, extra, fallback):
            found = [row["x"].value for row in engine.run(text, {"value": value}, source=f"parameter {param.name}").rows]
            if found:
                break
        if not found:
            # only now, on the error path, are the candidates' labels read: resolving stays cheap on a large graph
            near = suggest(value.value, _labels_of(engine, pattern, fallback, param.name)) if value.kind != "uri" else []
            hint = f"; did you mean: {', '.join(near)}?" if near else f" (query {spec.name})"
            raise QueryError(f"{param.name}={value.value!r}: no {what} in the graph matches this value{hint}")
        if len(found) > 1:
            shown = ", ".join(found[:MAX_SHOWN]) + (", ..." if len(found) > MAX_SHOWN else "")
            raise QueryError(f"{param.name}={value.value!r} is ambiguous: it names several {what}s ({shown}); give one IRI")
        resolved[param.name] = Term.iri(found[0])
    return resolved


def _candidates(value: Term, pattern: str, extra: str, fallback: str) -> list[str]:
    """The lookups that resolve a value, cheapest first; the first that finds anything decides.

    An IRI or a label given exactly as the graph has it is found through the store's indexes. Only a
    value that matches neither is compared, case-insensitively, with every label of every candidate,
    which on a large graph is a scan.
    """
    tail = f"ORDER BY ?x LIMIT {MAX_SHOWN + 1}"
    if value.kind == "uri":
        exact = f"SELECT DISTINCT ?x WHERE {{ BIND(?value AS ?x) {pattern} }} {tail}"
    else:
        labels = f"{Term.literal(value.value).n3()} {Term.literal(value.value, lang='en').n3()}"
        exact = f"SELECT DISTINCT ?x WHERE {{ VALUES ?l {{ {labels} }} ?x rdfs:label|skos:altLabel ?l . {pattern} }} {tail}"
    texts = [exact, f"SELECT DISTINCT ?x WHERE {{ {pattern} . FILTER({_DIRECT.format(extra=extra)}) }} {tail}"]
    if fallback:
        texts.append(f"SELECT DISTINCT ?x WHERE {{ {pattern} . FILTER({fallback}) }} {tail}")
    return [_HEAD + text for text in texts]


def _labels_of(engine: Engine, pattern: str, fallback: str, name: str) -> list[tuple[str, str]]:
    """What a value that names nothing is compared with: every label, alternative label or headline of the nodes
    a parameter may name (and of their capitals, where a capital may stand for its state), each paired with
    the name to suggest for it, the node's English label ("DPRK" and "North Korea" both suggest "North Korea")."""
    branches = [f"{{ {pattern} . ?x rdfs:label|skos:altLabel|schema:headline ?l . BIND(?x AS ?n) }}"]
    if fallback == _CAPITAL:
        branches.append(f"{{ {pattern} . ?n dkg:capitalOf ?x . ?n rdfs:label|skos:altLabel ?l }}")
    text = _HEAD + (
        f"SELECT DISTINCT ?n ?l ?name WHERE {{ {' UNION '.join(branches)}"
        ' OPTIONAL { ?n rdfs:label ?name FILTER(LANG(?name) = "en" || LANG(?name) = "") } } ORDER BY ?n ?name ?l'
    )
    names: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for row in engine.run(text, {}, source=f"parameter {name}").rows:
        if "l" in row:
            node = row["n"].value
            names.setdefault(node, row["name"].value if "name" in row else row["l"].value)
            pairs.append((row["l"].value, names[node]))
    return pairs


def suggest(value: str, labels: Iterable[tuple[str, str]], n: int = MAX_SHOWN) -> list[str]:
    """The names to suggest for a value that names nothing, best first: of the nodes with a label containing it
    ("Korea": North Korea, South Korea), shortest label first, then of those with a label like it by difflib
    ("Chna": China). ``labels`` pairs each label with the name that stands for its node; case and spacing
    are ignored."""
    by_key: dict[str, str] = {}
    for label, shown in labels:
        by_key.setdefault(" ".join(label.split()).casefold(), shown)
    key = " ".join(value.split()).casefold()
    if not key:
        return []
    similar = difflib.get_close_matches(key, list(by_key), n=len(by_key), cutoff=SUGGEST_CUTOFF)
    containing = sorted((k for k in by_key if len(key) >= SUGGEST_SUBSTRING and key in k), key=lambda k: (len(k), k))
    return list(dict.fromkeys(by_key[k] for k in containing + similar))[:n]


def check_date_ranges(spec: QuerySpec, bindings: dict[str, Term], given: dict[str, str]) -> None:
    """A period whose first day is after its last (``from`` after ``to``) matches nothing: an error, not an empty
    answer. A bound not given on the command line is the query's default, and the message says so."""
    kinds = {p.name: p.kind for p in spec.params}
    for first, last in DATE_RANGES:
        if kinds.get(first) != "date" or kinds.get(last) != "date" or first not in bindings or last not in bindings:
            continue
        try:
            start, end = date.fromisoformat(bindings[first].value), date.fromisoformat(bindings[last].value)
        except ValueError:
            continue  # a default that is not a plain date: the query decides what it means
        if start > end:
            shown = [f"{n}={bindings[n].value}" + ("" if n in given else f" (the default; give -p {n}=...)") for n in (first, last)]
            raise QueryError(f"query {spec.name}: {shown[0]} is after {shown[1]}: no day lies in that period")


def nothing_matched(spec: QuerySpec, bindings: dict[str, Term], result: Result) -> str | None:
    """When a query with text parameters answers no rows, a note naming them: a text value is compared as text,
    not checked against the graph beforehand, so an empty answer may be a misspelt name (the answer stands)."""
    texts = [p for p in spec.params if p.kind == "text" and p.name in bindings]
    if result.kind != "select" or result.rows or not texts:
        return None
    values = " or ".join(f"{p.name}={bindings[p.name].value!r}" for p in texts)
    if len(texts) == 1:
        what = f"a text parameter: it must match {texts[0].doc.rstrip('.')}"
    else:
        what = "text parameters: each must match what its doc says"
    return f"no rows; nothing matches {values} ({what}; see `diplokg queries {spec.name}`)"


def labels_for(engine: Engine, result: Result) -> dict[str, str]:
    """English labels (rdfs:label) of every IRI in the result, one query for all."""
    iris = sorted({t.value for row in result.rows for t in row.values() if t.kind == "uri"})
    if not iris:
        return {}
    values = " ".join(Term.iri(i).n3() for i in iris)
    text = _HEAD + f'SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x rdfs:label ?l FILTER(LANG(?l) = "en" || LANG(?l) = "") }}'
    return {row["x"].value: row["l"].value for row in engine.run(text, {}, source="labels").rows}


def bound_parameters(engine: Engine, spec: QuerySpec, given: dict[str, str]) -> dict[str, Term]:
    """The values a run binds: ``given`` (raw command-line values) over the query's defaults, entities resolved;
    an empty period is an error."""
    bindings = bind_params(spec, given, PREFIX_MAP)
    check_date_ranges(spec, bindings, given)
    return resolve_bindings(engine, spec, bindings)


def answer(engine: Engine, spec: QuerySpec, given: dict[str, str], with_labels: bool = True) -> Answer:
    """Run a catalogue query with parameters ``given`` (raw command-line values) on ``engine``."""
    bindings = bound_parameters(engine, spec, given)
    result = engine.run(spec.text, bindings, source=str(spec.path))
    return Answer(spec, bindings, result, labels_for(engine, result) if with_labels else {})


def parse_param_args(items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` strings as a dict; a malformed or repeated key is an error."""
    out: dict[str, str] = {}
    for item in items:
        if any("\ud800" <= c <= "\udfff" for c in item):  # the command line held bytes that are not UTF-8
            raise QueryError(f"--param {item!a}: not UTF-8 text")
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param needs KEY=VALUE, got {item!r}")
        if key.strip() in out:
            raise QueryError(f"--param {key.strip()} given twice")
        out[key.strip()] = value
    return out
