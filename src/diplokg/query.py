"""Answering a catalogue question: bind and check parameters, pick the engine, run, look up labels."""

from __future__ import annotations

from dataclasses import dataclass

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
            raise QueryError(f"{param.name}={value.value!r}: no {what} in the graph matches this value (query {spec.name})")
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


def labels_for(engine: Engine, result: Result) -> dict[str, str]:
    """English labels (rdfs:label) of every IRI in the result, one query for all."""
    iris = sorted({t.value for row in result.rows for t in row.values() if t.kind == "uri"})
    if not iris:
        return {}
    values = " ".join(Term.iri(i).n3() for i in iris)
    text = _HEAD + f'SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x rdfs:label ?l FILTER(LANG(?l) = "en" || LANG(?l) = "") }}'
    return {row["x"].value: row["l"].value for row in engine.run(text, {}, source="labels").rows}


def bound_parameters(engine: Engine, spec: QuerySpec, given: dict[str, str]) -> dict[str, Term]:
    """The values a run binds: ``given`` (raw command-line values) over the query's defaults, entities resolved."""
    return resolve_bindings(engine, spec, bind_params(spec, given, PREFIX_MAP))


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
