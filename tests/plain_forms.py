"""Catalogue queries rewritten for the store's planner, held to the plain form they were first written in.

A rewrite (docs/queries.md) must give the same rows as the plain form for every parameter value, not only
the defaults the catalogue tests use; tests/fixtures/plain/ keeps the plain forms.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

from diplokg.catalogue import QuerySpec, parse_spec
from diplokg.engines import Engine
from diplokg.query import answer

PLAIN = Path(__file__).resolve().parent / "fixtures" / "plain"

# The states with the most acts and relations first: the pairs that give the rewrite rows to compare.
_ACTIVE_STATES = """PREFIX dkg: <https://w3id.org/diplokg/ontology#>
SELECT ?state (COUNT(?fact) AS ?facts) WHERE {
  ?state a dkg:State .
  ?fact dkg:initiator|dkg:target|dkg:participant|dkg:between ?state .
} GROUP BY ?state ORDER BY DESC(?facts) ?state"""


def active_states(engine: Engine, limit: int) -> list[str]:
    """IRIs of the ``limit`` states that take part in the most facts."""
    return [row["state"].value for row in engine.run(_ACTIVE_STATES, {}).rows[:limit]]


def plain_and_rewritten(queries_dir: Path, name: str) -> tuple[QuerySpec, QuerySpec]:
    """The plain form of a catalogue query and the catalogue's own."""
    return parse_spec(PLAIN / f"{name}.rq", name), parse_spec(queries_dir / f"{name}.rq")


def answers_by_state_pair(engine: Engine, spec: QuerySpec, states: list[str]) -> dict[tuple[str, str], frozenset]:
    """The rows of a query with parameters ``a`` and ``b`` for every ordered pair of ``states``."""
    return {
        (a, b): frozenset(answer(engine, spec, {"a": a, "b": b}, with_labels=False).result.as_set()) for a, b in permutations(states, 2)
    }
