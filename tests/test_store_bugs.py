"""The stores' own bugs, as docs/stores.md records them: each minimal query gives its stated answer on Oxigraph
(what SPARQL 1.1 says) and, as a strict expected failure, another one on the engine named, so that a fixed
engine is noticed (its test passes, which fails the run) and the workaround in the catalogue can go.

A pin is the line after a query block: ``<!-- pin: engine=virtuoso; rows=4; n="211"^^xsd:integer -->``,
the number of rows and the values of variables in the first row (as N-Triples terms, ``xsd:`` allowed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from diplokg.engines import Engine, Result
from diplokg.terms import XSD

DOC = Path(__file__).resolve().parents[1] / "docs" / "stores.md"
_BLOCK = re.compile(r"^### (?P<title>.+?)$(?:(?!^### ).)*?```sparql\n(?P<query>.*?)```\s*<!-- pin: (?P<pin>.*?) -->", re.S | re.M)


@dataclass(frozen=True)
class Pin:
    """One engine bug: its heading, minimal query, the engine that has it, and the answer SPARQL gives."""

    title: str
    query: str
    engine: str
    rows: int | None
    values: dict[str, str]


def pins() -> list[Pin]:
    out = []
    for match in _BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        fields = dict(part.strip().split("=", 1) for part in match["pin"].split(";"))
        engine, rows = fields.pop("engine"), fields.pop("rows", None)
        out.append(Pin(match["title"], match["query"], engine, int(rows) if rows else None, fields))
    return out


PINS = pins()
IDS = [f"{p.engine}: {p.title}" for p in PINS]


def test_the_pins_are_found() -> None:
    assert len(PINS) >= 10
    assert {p.engine for p in PINS} == {"virtuoso", "comunica"}


def gives_the_stated_answer(result: Result, pin: Pin) -> bool:
    """The row count, and each stated variable's value in the first row (canonical N-Triples form)."""
    if pin.rows is not None and len(result.rows) != pin.rows:
        return False
    first = result.rows[0] if result.rows else {}
    for name, expected in pin.values.items():
        term = first.get(name)
        if term is None or term.canonical().n3() != re.sub(r"\^\^xsd:(\w+)", rf"^^<{XSD}\1>", expected):
            return False
    return True


@pytest.mark.parametrize("pin", PINS, ids=IDS)
def test_sparql_gives_the_stated_answer(oxigraph: Engine, pin: Pin) -> None:
    assert gives_the_stated_answer(oxigraph.run(pin.query, {}), pin)


def _on(pin: Pin, store: Engine) -> None:
    assert gives_the_stated_answer(store.run(pin.query, {}), pin)


@pytest.mark.server
@pytest.mark.virtuoso
@pytest.mark.parametrize("pin", [p for p in PINS if p.engine == "virtuoso"], ids=[i for i in IDS if i.startswith("virtuoso")])
@pytest.mark.xfail(strict=True, reason="a Virtuoso 7 bug recorded in docs/stores.md")
def test_virtuoso_still_has_the_bug(virtuoso_store: Engine, pin: Pin) -> None:
    _on(pin, virtuoso_store)


@pytest.mark.server
@pytest.mark.comunica
@pytest.mark.parametrize("pin", [p for p in PINS if p.engine == "comunica"], ids=[i for i in IDS if i.startswith("comunica")])
@pytest.mark.xfail(strict=True, reason="a Comunica 4 bug recorded in docs/stores.md")
def test_comunica_still_has_the_bug(comunica_store: Engine, pin: Pin) -> None:
    _on(pin, comunica_store)
