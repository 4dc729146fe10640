"""Answering a catalogue question: bind and check parameters, pick the engine, run, look up labels."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import QuerySpec, bind_params
from .engines import Engine, Result
from .errors import QueryError
from .namespaces import PREFIXES
from .terms import Term

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}

_HEAD = """PREFIX dkg: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""
_MATCHES = "(sameTerm(?x, ?value) || EXISTS {{ ?x rdfs:label|skos:altLabel ?l FILTER(LCASE(STR(?l)) = LCASE(STR(?value))) }}{extra})"
_CAPITAL = " || EXISTS { ?c dkg:capitalOf ?x . ?c rdfs:label|skos:altLabel ?cl FILTER(LCASE(STR(?cl)) = LCASE(STR(?value))) }"
# How a value of each parameter kind is checked: the query must find at least one ?x for ?value.
RESOLVERS = {
    "state": ("state", "?x a dkg:State", _CAPITAL),
    "actor": ("actor", "?x a/rdfs:subClassOf* dkg:Actor", _CAPITAL),
    "person": ("person", "?x a dkg:Person", ""),
    "relation": ("bilateral relation", "?x a dkg:BilateralRelation", ""),
    "article": (
        "article",
        "?x a dkg:Article",
        ' || EXISTS { ?x schema:headline ?h FILTER(LCASE(STR(?h)) = LCASE(STR(?value))) } || STRENDS(STR(?x), CONCAT("/", STR(?value)))',
    ),
    "fact": ("fact", "?x a/rdfs:subClassOf* dkg:Fact", ""),
    "act-class": (
        "event class",
        "?x rdfs:subClassOf* dkg:Event",
        ' || STRENDS(STR(?x), CONCAT("#", STR(?value)))',
    ),
}


@dataclass
class Answer:
    """A query's result with the labels of the IRIs it mentions."""

    spec: QuerySpec
    bindings: dict[str, Term]
    result: Result
    labels: dict[str, str]


def check_bindings(engine: Engine, spec: QuerySpec, bindings: dict[str, Term]) -> None:
    """Fail with one clear line when a value names nothing of its parameter's kind ('Atlantis' as a state)."""
    for param in spec.params:
        if param.kind not in RESOLVERS:
            continue
        what, pattern, extra = RESOLVERS[param.kind]
        text = _HEAD + f"SELECT ?x WHERE {{ {pattern} . FILTER{_MATCHES.format(extra=extra)} }} LIMIT 1"
        found = engine.run(text, {"value": bindings[param.name]}, source=f"parameter {param.name}")
        if not found.rows:
            value = bindings[param.name].value
            raise QueryError(f"{param.name}={value!r}: no {what} in the graph matches this value (query {spec.name})")


def labels_for(engine: Engine, result: Result) -> dict[str, str]:
    """English labels (rdfs:label) of every IRI in the result, one query for all."""
    iris = sorted({t.value for row in result.rows for t in row.values() if t.kind == "uri"})
    if not iris:
        return {}
    values = " ".join(Term.iri(i).n3() for i in iris)
    text = _HEAD + f'SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x rdfs:label ?l FILTER(LANG(?l) = "en" || LANG(?l) = "") }}'
    return {row["x"].value: row["l"].value for row in engine.run(text, {}, source="labels").rows}


def answer(engine: Engine, spec: QuerySpec, given: dict[str, str], with_labels: bool = True) -> Answer:
    """Run a catalogue query with parameters ``given`` (raw command-line values) on ``engine``."""
    bindings = bind_params(spec, given, PREFIX_MAP)
    check_bindings(engine, spec, bindings)
    result = engine.run(spec.text, bindings, source=str(spec.path))
    return Answer(spec, bindings, result, labels_for(engine, result) if with_labels else {})


def parse_param_args(items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` strings as a dict; a malformed or repeated key is an error."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param needs KEY=VALUE, got {item!r}")
        if key.strip() in out:
            raise QueryError(f"--param {key.strip()} given twice")
        out[key.strip()] = value
    return out
