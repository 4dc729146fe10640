"""The stores' own bugs, as docs/stores.md records them: each minimal query gives its stated answer on Oxigraph
(what SPARQL 1.1 says) and, as a strict expected failure, another one on the engine named, so that a fixed
engine is noticed (its test passes, which fails the run) and the workaround in the catalogue can go.

A pin is the line after a query block: ``<!-- pin: engine=virtuoso; rows=4; n="211"^^xsd:integer -->``:
the number of rows, and a variable's value in the first row or, as ``[t1 t2 ...]``, in the first rows in
order (N-Triples terms, ``xsd:`` allowed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from diplokg.engines import Engine, Result
from diplokg.terms import XSD

DOC = Path(__file__).resolve().parents[1] / "docs" / "stores.md"
_BLOCK = re.compile(r"```sparql\n(?P<query>.*?)```\s*<!-- pin: (?P<pin>.*?) -->", re.S)


@dataclass(frozen=True)
class Pin:
    """One engine bug: its heading, minimal query, the engine that has it, and the answer SPARQL gives."""

    title: str
    query: str
    engine: str
    rows: int | None
    values: dict[str, str]


def pins() -> list[Pin]:
    """Every pinned query of the document, titled by its section (numbered where a section has several)."""
    out = []
    for section in DOC.read_text(encoding="utf-8").split("\n### ")[1:]:
        title = section.split("\n", 1)[0].strip()
        found = list(_BLOCK.finditer(section))
        for number, match in enumerate(found, 1):
            fields = dict(part.strip().split("=", 1) for part in match["pin"].split(";"))
            engine, rows = fields.pop("engine"), fields.pop("rows", None)
            name = f"{title} ({number})" if len(found) > 1 else title
            out.append(Pin(name, match["query"], engine, int(rows) if rows else None, fields))
    return out


PINS = pins()
IDS = [f"{p.engine}: {p.title}" for p in PINS]


def test_the_pins_are_found() -> None:
    assert len(PINS) == DOC.read_text(encoding="utf-8").count("<!-- pin:") >= 10
    assert {p.engine for p in PINS} == {"virtuoso", "comunica"}


def gives_the_stated_answer(result: Result, pin: Pin) -> bool:
    """The row count, and each stated variable's value in the first row (canonical N-Triples form)."""
    if pin.rows is not None and len(result.rows) != pin.rows:
        return False
    for name, expected in pin.values.items():
        # [a b c]: the column's values in order; a single term: the first row's value
        wanted = expected[1:-1].split() if expected.startswith("[") else [expected]
        got = [row[name].canonical().n3() if name in row else "" for row in result.rows[: len(wanted)]]
        if got != [re.sub(r"\^\^xsd:(\w+)", rf"^^<{XSD}\1>", w) for w in wanted]:
            return False
    return True


@pytest.mark.parametrize("pin", PINS, ids=IDS)
def test_sparql_gives_the_stated_answer(oxigraph: Engine, pin: Pin) -> None:
    assert gives_the_stated_answer(oxigraph.run(pin.query, {}), pin)


STORES = {
    "virtuoso": ("virtuoso_store", pytest.mark.virtuoso, "Virtuoso 7"),
    "comunica": ("comunica_store", pytest.mark.comunica, "Comunica 4"),
}


def _on_its_store(pin: Pin):
    fixture, marker, engine = STORES[pin.engine]
    xfail = pytest.mark.xfail(strict=True, reason=f"a {engine} bug recorded in docs/stores.md")
    return pytest.param(pin, fixture, marks=[marker, xfail], id=f"{pin.engine}: {pin.title}")


@pytest.mark.server
@pytest.mark.parametrize(("pin", "store"), [_on_its_store(p) for p in PINS])
def test_the_store_still_has_the_bug(pin: Pin, store: str, request: pytest.FixtureRequest) -> None:
    engine: Engine = request.getfixturevalue(store)
    assert gives_the_stated_answer(engine.run(pin.query, {}), pin)
