"""docs/asking.md: every SPARQL query on the page runs on the built graph and gives the answer the page states.

The convention. Each ```sparql block on the page is followed, on the next non-blank line, by one HTML comment
(hidden when the page is rendered) that states the answer in a few clauses separated by semicolons:

    <!-- expect: 4 rows; official = jang-song-taek, zhou-yongkang, choe-ryong-hae, xi-jinping -->

    N rows / 1 row / no rows     the query returns exactly that many rows
    VAR = v1, v2, ...            the values VAR takes in the rows are exactly these (as a set)
    VAR contains v1, v2, ...     VAR takes each of these values, and maybe others
    VAR lacks v1, v2, ...        VAR takes none of these values

A value matches an IRI by its last segment (what follows the last "/" or "#": ``jang-song-taek``,
``Provocation``, ``kei-2013-05-24``) and a literal by its lexical form (``2013-12-10``, ``Last July``).
Values are separated by commas; one that holds a comma or a semicolon goes in double quotes.

Every block also runs on rdflib and must give the same set of rows there: the page promises SPARQL 1.1
that any store answers alike.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from diplokg.catalogue import load_catalogue
from diplokg.engines import Engine, Result
from diplokg.query import answer
from diplokg.terms import Term

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "asking.md"
QUERIES = ROOT / "queries"

_BLOCK = re.compile(r"^```sparql\n(?P<text>.*?)^```\n", re.MULTILINE | re.DOTALL)
_EXPECT = re.compile(r"\s*<!-- expect: (?P<body>.*?) -->")
_ROWS = re.compile(r"\A(?:(?P<n>\d+) rows?|no rows)\Z")
_VALUES = re.compile(r"\A(?P<var>\w+) (?P<op>=|contains|lacks) (?P<values>.+)\Z")
_CLAUSE_END = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*\Z)')  # a semicolon outside double quotes


@dataclass(frozen=True)
class Block:
    """One query of the page, where it is, and the answer the page states for it."""

    line: int
    text: str
    expect: str


def blocks(page: str) -> list[Block]:
    """Every ```sparql block of the page with its expect line (a block without one is an error)."""
    found = []
    for match in _BLOCK.finditer(page):
        line = page.count("\n", 0, match.start()) + 1
        after = _EXPECT.match(page, match.end())
        if after is None:
            raise AssertionError(f"docs/asking.md line {line}: the query needs an <!-- expect: ... --> line right after it")
        found.append(Block(line, match.group("text"), after.group("body")))
    return found


def shown(term: Term | None) -> str | None:
    """A result term as the expect lines name it: an IRI's last segment, a literal's lexical form."""
    if term is None:
        return None
    return re.split(r"[/#]", term.value)[-1] if term.kind == "uri" else term.value


def check(result: Result, expect: str) -> list[str]:
    """What in the result departs from the expect clauses (nothing when it answers as stated)."""
    problems = []
    for clause in (c.strip() for c in _CLAUSE_END.split(expect)):
        rows, values = _ROWS.match(clause), _VALUES.match(clause)
        if rows:
            wanted = int(rows.group("n") or 0)
            if len(result.rows) != wanted:
                problems.append(f"{len(result.rows)} rows, not {wanted}")
        elif values:
            var, op = values.group("var"), values.group("op")
            if var not in result.vars:
                problems.append(f"no variable ?{var} in the result ({', '.join(result.vars)})")
                continue
            stated = {v.strip() for v in next(csv.reader([values.group("values")], skipinitialspace=True))}
            actual = {shown(row.get(var)) for row in result.rows} - {None}
            if op == "=" and actual != stated:
                problems.append(f"?{var} takes {sorted(actual)}, not {sorted(stated)}")
            if op == "contains" and not stated <= actual:
                problems.append(f"?{var} lacks {sorted(stated - actual)}")
            if op == "lacks" and stated & actual:
                problems.append(f"?{var} takes {sorted(stated & actual)}")
        else:
            raise AssertionError(f"cannot read the expect clause {clause!r}")
    return problems


BLOCKS = blocks(PAGE.read_text(encoding="utf-8")) if PAGE.is_file() else []


def test_the_page_has_its_queries() -> None:
    assert PAGE.is_file(), "docs/asking.md is missing"
    page = PAGE.read_text(encoding="utf-8")
    assert len(BLOCKS) >= 8, f"found {len(BLOCKS)} sparql blocks in docs/asking.md"
    assert page.count("<!-- expect:") == len(BLOCKS), "an expect line that follows no sparql block"
    assert page.count("```sparql") == len(BLOCKS), "a sparql block the extractor did not read (unclosed fence?)"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"line{b.line}" for b in BLOCKS])
def test_the_query_gives_the_stated_answer(oxigraph: Engine, block: Block) -> None:
    result = oxigraph.run(block.text, {}, source=f"docs/asking.md line {block.line}")
    assert result.kind == "select"
    assert not check(result, block.expect), f"line {block.line}: {'; '.join(check(result, block.expect))}"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"line{b.line}" for b in BLOCKS])
def test_rdflib_gives_the_same_answer(oxigraph: Engine, rdflib_engine: Engine, block: Block) -> None:
    ox = oxigraph.run(block.text, {}, source=f"docs/asking.md line {block.line}")
    rd = rdflib_engine.run(block.text, {}, source=f"docs/asking.md line {block.line}")
    assert ox.vars == rd.vars
    assert ox.as_set() == rd.as_set()


def test_the_expect_lines_are_checked() -> None:
    """The checker itself: a wrong count, a missing value and a value that should be absent are all caught."""
    iri = Term.iri("https://w3id.org/diplokg/id/person/xi-jinping")
    result = Result("select", ["official", "period"], [{"official": iri, "period": Term.literal("Last July, 2014")}])
    assert check(result, 'official = xi-jinping; 1 row; period contains "Last July, 2014"') == []
    assert check(result, "2 rows") == ["1 rows, not 2"]
    assert check(result, "no rows") == ["1 rows, not 0"]
    assert check(result, "official contains xi-jinping, choe-ryong-hae") == ["?official lacks ['choe-ryong-hae']"]
    assert check(result, "official lacks xi-jinping") == ["?official takes ['xi-jinping']"]
    with pytest.raises(AssertionError):
        check(result, "about four rows")


def test_the_flagship_by_hand_finds_what_the_catalogue_finds(oxigraph: Engine) -> None:
    """The page's last query, the flagship written by hand, gives the officials, articles and quotes of the
    catalogue's officials_handling_ties (the page says so)."""
    assert BLOCKS, "no queries found in docs/asking.md"
    last = BLOCKS[-1]
    assert "?official" in last.text and "?quote" in last.text, "the page's last query is no longer the flagship"
    spec = load_catalogue(QUERIES)["officials_handling_ties"]
    catalogue = answer(oxigraph, spec, {}, with_labels=False).result
    by_hand = oxigraph.run(last.text, {}, source=f"docs/asking.md line {last.line}")

    def key(result: Result) -> set[tuple[str | None, ...]]:
        return {tuple(shown(row.get(v)) for v in ("official", "article", "quote")) for row in result.rows}

    assert key(by_hand) == key(catalogue)
    assert len({k[0] for k in key(by_hand)}) == 4
