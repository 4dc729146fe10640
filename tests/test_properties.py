"""Property-based tests (Hypothesis) of what a user types: parameters, their values, their names, dates.

Whatever text a parameter holds, the query it is bound into parses and answers exactly that text; a name that
is not a SPARQL variable name is refused; a date parameter takes exactly the calendar's dates. Every refusal is a
QueryError of one line.

The project has no parser of date phrases ("early December 2013"): an article's phrase for a time is kept as text
(dkg:phrase) beside bounds written by hand (dkg:earliest, dkg:latest), so there is nothing of that kind to test here;
the bounds' order is a SHACL shape's job.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from diplokg.bindings import with_bindings
from diplokg.catalogue import bind_params, parse_spec_text, parse_value
from diplokg.errors import QueryError
from diplokg.query import PREFIX_MAP, parse_param_args
from diplokg.terms import XSD, Term, from_oxigraph

# A catalogue-style query with one text parameter and its block, and a plain query without any.
DECLARED = """# Question: What was given?
# Param x (text): any text at all.
SELECT ?x WHERE {
  # Parameters
  BIND("" AS ?x)
}
"""
PLAIN = "SELECT * WHERE { }\n"
SPEC = parse_spec_text(DECLARED, Path("declared.rq"))
PLAIN_SPEC = parse_spec_text(PLAIN, Path("plain.rq"), catalogue=False)
DATED = """# Question: When?
# Param d (date): a day.
SELECT ?d WHERE {
  # Parameters
  BIND("2013-01-01"^^<http://www.w3.org/2001/XMLSchema#date> AS ?d)
}
"""
DATE_SPEC = parse_spec_text(DATED, Path("dated.rq"))

# Any text, the awkward characters of SPARQL and the terminal made likely: quotes, backslashes, line breaks,
# braces, comment signs, and every other code point (lone surrogates left out: they are not text, and the
# command line refuses them, below).
AWKWARD = st.sampled_from(list("\"'\\\n\r\t}{#<>?$.;,()[]^@ \x00\x0b\x0c\x85\u2028\u2029\ufeff"))
TEXT = st.text(st.one_of(AWKWARD, st.characters(exclude_categories=["Cs"])), max_size=40)
INJECTIONS = ['x" } ; DROP ALL ; #', '") } SELECT * WHERE { ?s ?p ?o } #', "\\", '"', "}\n# Parameters\nBIND(1 AS ?x)", '"""', "'''"]


def answer(text: str) -> dict[str, Term]:
    """The one row of a query, run by Oxigraph (a SyntaxError fails the test)."""
    result = ox.Store().query(text)
    names = [v.value for v in result.variables]
    rows = list(result)
    assert len(rows) == 1, text
    return {name: from_oxigraph(value) for name, value in zip(names, rows[0], strict=True) if value is not None}


def one_line(exc: BaseException) -> str:
    message = str(exc)
    assert message and len(message.splitlines()) == 1, message
    return message


# --- values ----------------------------------------------------------------------------------------------


@given(TEXT)
@example("")
@settings(max_examples=300, deadline=None)
def test_any_text_bound_is_that_text(value: str) -> None:
    for injection in INJECTIONS:
        assert answer(with_bindings(DECLARED, {"x": Term.literal(injection)}))["x"] == Term.literal(injection)
    assert answer(with_bindings(DECLARED, {"x": Term.literal(value)}))["x"] == Term.literal(value)
    assert answer(with_bindings(DECLARED, {"x": Term.literal(value, lang="en")}))["x"] == Term.literal(value, lang="en")
    # a query without a parameter block gets one, in either style
    for style in ("bind", "values"):
        assert answer(with_bindings(PLAIN, {"x": Term.literal(value)}, style))["x"] == Term.literal(value)


def plain_text(value: str) -> bool:
    """Text that parse_value takes as it is: not an IRI, a prefixed name or a quoted string once stripped."""
    v = value.strip()
    iri_like = (v.startswith("<") and v.endswith(">")) or re.match(r"^(https?|urn):\S+$", v)
    prefixed = re.match(r"^([A-Za-z][\w-]*):([\w.-]*)$", v) and v.split(":", 1)[0] in PREFIX_MAP
    quoted = len(v) >= 2 and v[0] == v[-1] == '"'
    return not (iri_like or prefixed or quoted)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_a_value_from_the_command_line_is_bound_as_given(value: str) -> None:
    """`-p x=VALUE` as the CLI reads it: the query that runs parses, and ?x is the value (an IRI where it is written
    as one, else the text itself); a value written as an IRI that is not one is refused in one line."""
    given_ = parse_param_args([f"x={value}"])
    assert given_ == {"x": value}
    for spec in (SPEC, PLAIN_SPEC):
        try:
            bindings = bind_params(spec, given_, PREFIX_MAP)
        except QueryError as exc:
            assert "is not an IRI" in one_line(exc), exc
            assert not plain_text(value)
            continue
        term = bindings["x"]
        if plain_text(value):
            assert term == Term.literal(value)
        elif term.kind == "literal":  # "quoted": the text between the quotes
            assert term == Term.literal(value.strip()[1:-1])
        assert answer(with_bindings(spec.text, bindings))["x"] == term


@given(TEXT.map(lambda key: key.replace("=", "")), TEXT)
@settings(max_examples=200, deadline=None)
def test_param_args_split_at_the_first_equals_sign(key: str, value: str) -> None:
    item = f"{key}={value}"
    if not key.strip():
        with pytest.raises(QueryError) as caught:
            parse_param_args([item])
        one_line(caught.value)
        return
    assert parse_param_args([item]) == {key.strip(): value}
    with pytest.raises(QueryError, match="given twice") as caught:
        parse_param_args([item, f"{key.strip()}=again"])
    one_line(caught.value)


@given(TEXT)
@settings(max_examples=100, deadline=None)
def test_a_param_without_equals_sign_is_refused(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_param_args([text.replace("=", "")])
    one_line(caught.value)


@pytest.mark.parametrize("item", ["x=\udcff", "\udc80=1", "x=a\udcffb"], ids=["value", "key", "inside"])
def test_bytes_that_are_not_utf8_are_refused(item: str) -> None:
    """A command line holding bytes that are not UTF-8 (Python passes them as lone surrogates) is one line."""
    with pytest.raises(QueryError, match="not UTF-8") as caught:
        parse_param_args([item])
    one_line(caught.value)


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30))
@example("<a b>")
@example('https://x"y')
@example("http://a{b}")
@example("<http://a\x01b>")
@settings(max_examples=300, deadline=None)
def test_an_iri_value_is_an_iri_or_refused(rest: str) -> None:
    for written in (f"<{rest}>", f"https://{rest}", f"dkg:{rest}"):
        try:
            term = parse_value(written, PREFIX_MAP)
        except QueryError as exc:
            one_line(exc)
            continue
        assert answer(with_bindings(DECLARED, {"x": term}))["x"] == term


# --- names -----------------------------------------------------------------------------------------------


@given(st.text(min_size=1, max_size=12))
@example("1x")
@example("a²")
@example("x-y")
@example("café")
@example("\U00010000")
@settings(max_examples=300, deadline=None)
def test_a_parameter_name_is_a_sparql_variable_name_or_refused(name: str) -> None:
    """Accepted exactly when Oxigraph takes it as a variable name; then the query binds it."""
    try:
        ox.Variable(name)
        ox.Store().query(f"SELECT (1 AS ?{name}) {{}}")  # its query parser takes less than Variable (nothing above U+FFFF)
        valid = True
    except (ValueError, SyntaxError):
        valid = False
    try:
        bindings = bind_params(PLAIN_SPEC, {name: "v"}, PREFIX_MAP)
    except QueryError as exc:
        assert "SPARQL variable name" in one_line(exc)
        assert not valid, name
        return
    assert valid, name
    assert answer(with_bindings(PLAIN, bindings))[name] == Term.literal("v")


def test_a_declared_query_refuses_undeclared_names() -> None:
    with pytest.raises(QueryError, match="has no parameter 'y'") as caught:
        bind_params(SPEC, {"y": "v"}, PREFIX_MAP)
    one_line(caught.value)


# --- dates -----------------------------------------------------------------------------------------------


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.sampled_from(["{}", " {} ", '"{}"', '"{}"\n']))
@settings(max_examples=300, deadline=None)
def test_any_date_round_trips(day: date, written: str) -> None:
    term = bind_params(DATE_SPEC, {"d": written.format(day.isoformat())}, PREFIX_MAP)["d"]
    assert term == Term.literal(day.isoformat(), XSD + "date")
    assert date.fromisoformat(term.value) == day
    assert answer(with_bindings(DATE_SPEC.text, {"d": term}))["d"] == term


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_date(text: str) -> bool:
    value = text.strip().strip('"')
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@given(
    st.one_of(
        TEXT,
        st.from_regex(r"\A-?[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}\Z"),  # near misses: 2013-02-30, 0000-01-01, 2013-1-05...
        st.dates().map(lambda d: d.isoformat() + "T00:00:00"),
        st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    )
)
@example("2013-02-29")
@example("0000-01-01")
@example("２０１３-05-24")
@example("2013-05-24\n2013-05-25")
@settings(max_examples=400, deadline=None)
def test_anything_but_a_date_is_one_line(text: str) -> None:
    if is_date(text):
        assert bind_params(DATE_SPEC, {"d": text}, PREFIX_MAP)["d"].value == text.strip().strip('"')
        return
    with pytest.raises(QueryError, match="needs a date as YYYY-MM-DD") as caught:
        bind_params(DATE_SPEC, {"d": text}, PREFIX_MAP)
    one_line(caught.value)
