"""The question catalogue: queries/*.rq, each opening with a comment block that declares it.

Header lines (comments before the first PREFIX or query keyword)::

    # Question: Which officials handled the relations between two states?
    # Param a (state): first state: a name, a capital used as metonym, or an IRI.
    # Param b (state): second state.
    # Row: one official in charge of the relation, with role, period, article and quote.
    # Column official: the official (a person).
    # Column period: the article's own phrase for the time.

A parameter's kind (state, actor, person, article, act-class, text) says how a value is checked before the
query runs. Its default is in the query itself, in the parameter block at the top of the WHERE clause
(bindings.py), so that the file runs as it is on any store; a parameter without one is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .bindings import find_block
from .errors import QueryError
from .terms import XSD, Term

XSD_DATE = XSD + "date"

PARAM_KINDS = ("state", "actor", "person", "article", "act-class", "relation", "fact", "date", "text")
_PARAM = re.compile(r"^#\s*Param\s+(?P<name>[A-Za-z_]\w*)\s*\((?P<kind>[\w-]+)\)\s*:\s*(?P<doc>.*)$")
_COLUMN = re.compile(r"^#\s*Column\s+(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<doc>.*)$")
_FIELD = re.compile(r"^#\s*(?P<key>Question|Row|Order|Note)\s*:\s*(?P<text>.*)$")


@dataclass(frozen=True)
class Param:
    """A declared parameter of a catalogue query."""

    name: str
    kind: str
    default: Term | None
    doc: str


@dataclass
class QuerySpec:
    """One catalogue query: its file, question, parameters and text."""

    name: str
    path: Path
    text: str
    question: str = ""
    row: str = ""
    params: list[Param] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    order: str = ""

    @property
    def ordered(self) -> bool:
        return bool(self.order)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name} has no parameter {name!r} (its parameters: {known})")


def parse_spec(path: Path, name: str | None = None, catalogue: bool = True) -> QuerySpec:
    """Read a query file and its header; raises QueryError for a malformed header.

    A catalogue query must state its question; any other query file (``catalogue=False``) may be plain SPARQL.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read query file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise QueryError(f"{path}: not a UTF-8 text file") from None
    return parse_spec_text(text, path, name, catalogue)


def parse_spec_text(text: str, path: Path, name: str | None = None, catalogue: bool = True) -> QuerySpec:
    """A query's header and parameter block, from its text (``path`` names it in messages)."""
    spec = QuerySpec(name or path.stem, path, text)
    kinds: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if match := _PARAM.match(stripped):
            if match["kind"] not in PARAM_KINDS:
                raise QueryError(f"{path}:{number}: unknown parameter kind {match['kind']!r} (one of {', '.join(PARAM_KINDS)})")
            kinds[match["name"]] = (match["kind"], match["doc"].strip())
        elif match := _COLUMN.match(stripped):
            spec.columns[match["name"]] = match["doc"].strip()
        elif match := _FIELD.match(stripped):
            key, value = match["key"], match["text"].strip()
            if key == "Question":
                spec.question = value
            elif key == "Row":
                spec.row = value
            elif key == "Order":
                spec.order = value
            else:
                spec.notes.append(value)
        elif re.match(r"#\s*(param|column)\b", stripped, re.IGNORECASE):
            raise QueryError(f"{path}:{number}: malformed line (expected '# Param NAME (KIND): text' or '# Column NAME: text')")
    block = find_block(text, str(path))
    defaults = block.defaults if block else {}
    for extra in sorted(set(defaults) - set(kinds)):
        raise QueryError(f"{path}: the parameter block binds ?{extra}, which no '# Param {extra} (KIND): ...' line declares")
    spec.params = [Param(n, kind, defaults.get(n), doc) for n, (kind, doc) in kinds.items()]
    if catalogue and not spec.question:
        raise QueryError(f"{path}: a catalogue query must start with a '# Question: ...' comment")
    return spec


def load_catalogue(queries_dir: Path) -> dict[str, QuerySpec]:
    """Every catalogue query by name (file stem), in name order."""
    return {path.stem: parse_spec(path) for path in sorted(queries_dir.glob("*.rq"))}


def find_query(queries_dir: Path, name_or_file: str) -> QuerySpec:
    """A catalogue query by name, or any .rq file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" or path.exists():
        if not path.is_file():
            raise QueryError(f"no query file {name_or_file}")
        return parse_spec(path, catalogue=False)
    candidate = queries_dir / f"{name_or_file}.rq"
    if not candidate.is_file():
        names = ", ".join(sorted(p.stem for p in queries_dir.glob("*.rq")))
        raise QueryError(f"unknown query {name_or_file!r} (run `diplokg queries`; known: {names})")
    return parse_spec(candidate)


def parse_value(raw: str, prefixes: dict[str, str]) -> Term:
    """A command-line parameter value as an RDF term: <iri>, http(s)://..., prefix:local, "quoted", or plain text.

    A value written as an IRI that is not one (a space, a quote, a brace...) is a QueryError."""
    value = raw.strip()
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1], value)
    if re.match(r"^(https?|urn):\S+$", value):
        return _iri(value, value)
    if (match := re.match(r"^([A-Za-z][\w-]*):([\w.-]*)$", value)) and match[1] in prefixes:
        return _iri(prefixes[match[1]] + match[2], value)
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return Term.literal(value[1:-1])
    return Term.literal(raw)


def _iri(iri: str, written: str) -> Term:
    """``iri`` as a term if it is an absolute IRI (as Oxigraph, which runs the query, reads IRIs), else a QueryError."""
    import pyoxigraph as ox

    term = Term.iri(iri)
    try:
        ox.NamedNode(iri)
        term.n3()
    except ValueError:
        raise QueryError(
            f'{written!r} is not an IRI (an IRI is absolute, as https://..., with no spaces, control characters or any of <>"{{}}|^`\\)'
        ) from None
    return term


# A SPARQL 1.1 VARNAME (grammar rules 166, 164, 165, 167), less the code points above U+FFFF, which Oxigraph's
# query parser does not take in a name.
_PN_CHARS_U = (
    "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f\u2c00-\u2fef"
    "\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
VARNAME = re.compile(f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*")


def bind_params(spec: QuerySpec, given: dict[str, str], prefixes: dict[str, str]) -> dict[str, Term]:
    """The parameter bindings for a run: given values over the query's defaults; unknown or missing ones are errors.

    A query file outside the catalogue may declare nothing: then ``--param k=v`` binds ``?k`` as it is.
    """
    if spec.params:
        for name in given:
            spec.param(name)
    bindings: dict[str, Term] = {}
    for param in spec.params:
        if param.name in given:
            raw = given[param.name]
            bindings[param.name] = _as_date(spec, param, raw) if param.kind == "date" else _parse_value(param.name, raw, prefixes)
        elif param.default is not None:
            bindings[param.name] = param.default
        else:
            raise QueryError(f"query {spec.name} needs --param {param.name}=VALUE ({param.doc})")
    for name, raw in given.items():
        if not spec.params:
            if not VARNAME.fullmatch(name):
                raise QueryError(f"--param {name!r}: a parameter name is a SPARQL variable name (letters, digits, _)")
            bindings[name] = _parse_value(name, raw, prefixes)
    return bindings


def _parse_value(name: str, raw: str, prefixes: dict[str, str]) -> Term:
    try:
        return parse_value(raw, prefixes)
    except QueryError as exc:
        raise QueryError(f"--param {name}: {exc}") from None


def _as_date(spec: QuerySpec, param: Param, raw: str) -> Term:
    """A date parameter as an xsd:date literal; anything but YYYY-MM-DD is an error."""
    value = raw.strip().strip('"')
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"query {spec.name}: --param {param.name} needs a date as YYYY-MM-DD, got {raw!r}") from None
    return Term.literal(value, XSD_DATE)


def strip_comments(text: str) -> str:
    """Drop full-line comments (the catalogue's header) so that keyword searches see only the query."""
    return "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines())
