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
