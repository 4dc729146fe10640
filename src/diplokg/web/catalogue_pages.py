"""The question catalogue as pages: each question's SPARQL, its default answer, and the command that runs it.

The answers are computed as ``diplokg query`` computes them (query.answer), on Oxigraph in memory loaded from the
same N-Quads file the rest of the site is read from.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import QuerySpec
from ..engines import OxigraphEngine, Result
from ..errors import DiplokgError
from ..project import Project
from ..query import PREFIX_MAP, answer
from ..results import compact
from .graphdata import BuiltGraph


@dataclass
class QueryPage:
    """One question: its spec, the command line, the default answer (or why there is none)."""

    spec: QuerySpec
    command: str
    result: Result | None
    labels: dict[str, str]
    error: str = ""


def _shown(param) -> str:
    """A parameter default as a user would type it (as ``diplokg queries NAME`` shows it)."""
    if param.default is None:
        return "VALUE"
    value = compact(param.default.value, PREFIX_MAP) if param.default.kind == "uri" else param.default.value
    return f"'{value}'" if any(c in value for c in " '\"$`\\") else value


def command_line(spec: QuerySpec) -> str:
    """The command that answers ``spec`` for its defaults, every parameter spelt out so it can be changed."""
    params = " ".join(f"-p {p.name}={_shown(p)}" for p in spec.params)
    return f"diplokg query {spec.name}" + (f" {params}" if params else "")


def query_pages(project: Project, built: BuiltGraph, specs: list[QuerySpec]) -> list[QueryPage]:
    """Every catalogue question with its default answer, run on the embedded engine."""
    assert built.quads_path is not None
    engine = OxigraphEngine.in_memory(built.quads_path)
    pages = []
    for spec in specs:
        try:
            ans = answer(engine, spec, {})
            pages.append(QueryPage(spec, command_line(spec), ans.result, ans.labels))
        except DiplokgError as exc:  # a question needing a parameter without default has no default answer
            pages.append(QueryPage(spec, command_line(spec), None, {}, error=str(exc)))
    return pages
