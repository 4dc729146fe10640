"""The ``diplokg`` command line: parses arguments, calls the library, maps typed errors to exit codes.

Exit codes: 0 success, 1 the data does not conform (validation), 2 any other error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .errors import EXIT_ERROR, EXIT_OK, DiplokgError, ValidationError

MAX_PROBLEMS_SHOWN = 50


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="diplokg", description="A knowledge graph of who does what to whom in diplomacy.")
    parser.add_argument("--version", action="version", version=f"diplokg {__version__}")
    parser.add_argument("--root", help="project folder (default: found from the working folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="validate, reason and write dist/ (Turtle, N-Triples, TriG, N-Quads, JSON-LD, store)")
    build.add_argument(
        "--reasoner", default="rules", choices=["rules", "owlrl"], help="OWL 2 RL reasoner: rules (fast, default) or owlrl (reference)"
    )
    sub.add_parser("validate", help="check syntax, SHACL shapes, SPARQL checks and quotes; write nothing")
    fmt = sub.add_parser("fmt", help="rewrite Turtle files in canonical form, expanding evidence and time spans")
    fmt.add_argument("--check", action="store_true", help="only report files that are not in canonical form")

    queries = sub.add_parser("queries", help="list the question catalogue, or show one question whole")
    queries.add_argument(
        "name", nargs="?", metavar="NAME", help="one question: its parameters, defaults, columns and a command that runs it"
    )
    query = sub.add_parser("query", help="answer a catalogue question (NAME) or run a query file (FILE)")
    query.add_argument("name", metavar="NAME|FILE")
    query.add_argument("--param", "-p", action="append", default=[], metavar="KEY=VALUE", help="bind a parameter (repeatable)")
    query.add_argument(
        "--format",
        "-f",
        default="table",
        choices=["table", "csv", "tsv", "json", "ttl"],
        help="table: aligned, names instead of IRIs (default); csv: W3C CSV, plain values; tsv: W3C TSV, RDF terms; "
        "json: W3C SPARQL JSON; csv, tsv and json add an xLabel column (English name) after each IRI column x; "
        "ttl: Turtle, for CONSTRUCT/DESCRIBE",
    )
    query.add_argument("--endpoint", help="SPARQL endpoint URL (default: the embedded built graph)")
    query.add_argument(
        "--engine",
        default="oxigraph",
        choices=["oxigraph", "oxigraph-memory", "rdflib"],
        help="embedded engine: the on-disk Oxigraph store (default), Oxigraph in memory (loads dist/diplokg.nq), rdflib",
    )
    query.add_argument("--no-reasoning", action="store_true", help="ignore the inferred graph (asserted triples only)")
    query.add_argument(
        "--print",
        action="store_true",
        help="print the query text that would run, parameters bound, ready to paste into a store's query page; run nothing"
        " (with --endpoint, also the FROM lines for a store whose default graph is not the union of its graphs)",
    )
    query.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a remote endpoint (default 30)")

    sub.add_parser("stats", help="counts per class, article and act type; what is unlinked or undated")

    load = sub.add_parser("load", help="push the built graph into a SPARQL 1.1 store, one named graph each")
    load.add_argument("--endpoint", required=True, help="the store's SPARQL query endpoint")
    load.add_argument("--update-endpoint", help="SPARQL 1.1 Update endpoint (default: from --endpoint)")
    load.add_argument("--graph-store", help="Graph Store HTTP Protocol endpoint (preferred when given)")
    load.add_argument("--replace", action="store_true", help="replace graphs already in the store")
    load.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")

    link = sub.add_parser("link", help="propose Wikidata items for unlinked entities (a review file), or apply reviewed ones")
    link.add_argument("--endpoint", help="Wikidata SPARQL endpoint (default: the public Wikidata Query Service)")
    link.add_argument("--out", default="wikidata-proposals.tsv", help="review file to write (default wikidata-proposals.tsv)")
    link.add_argument("--accept", metavar="FILE", help="apply the rows marked 'yes' in a review file (edits data/; no network)")
    link.add_argument("--entity", action="append", metavar="IRI", help="only this entity (repeatable)")
    link.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")
    enrich = sub.add_parser("enrich", help="pull Wikidata statements about linked entities into data/wikidata-enrichment.ttl")
    enrich.add_argument("--endpoint", help="Wikidata SPARQL endpoint (default: the public Wikidata Query Service)")
    enrich.add_argument("--out", help="file to write (default data/wikidata-enrichment.ttl, loaded by the build as its own graph)")
    enrich.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (tests call this in-process)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    # rdflib logs a traceback for every ill-typed literal ("1e69"^^xsd:nonNegativeInteger) it reads; the shapes
    # report such a value as one problem line, so its log would only put a traceback on the terminal.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        from . import commands

        return getattr(commands, f"cmd_{args.command}")(args, out, err)
    except ValidationError as exc:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"diplokg: {problem}", file=err)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            print(f"diplokg: ... {len(exc.problems) - MAX_PROBLEMS_SHOWN} more problems", file=err)
        print(f"diplokg: {len(exc.problems)} problem(s); nothing written", file=err)
        return exc.exit_code
    except DiplokgError as exc:
        print(f"diplokg: {exc}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print("diplokg: interrupted", file=err)
        return EXIT_ERROR
    except BrokenPipeError:  # the reader went away (`diplokg queries | head`): nothing left to say
        return EXIT_OK


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

__all__ = ["EXIT_OK", "entry", "main"]
