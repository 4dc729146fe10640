"""The ``diplokg`` command line: parses arguments, calls the library, maps typed errors to exit codes.

Exit codes: 0 success, 1 the data does not conform (syntax, shapes, checks, quotes), 2 any other error.

Every subcommand has a description, help for each argument and choice, and examples in its epilog
(``diplokg COMMAND --help``); the global options (``--root``) are accepted before or after the subcommand.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import EXIT_ERROR, EXIT_OK, DiplokgError, ValidationError

MAX_PROBLEMS_SHOWN = 50

ROOT_HELP = "project folder holding ontology/, data/ and queries/ (default: $DIPLOKG_ROOT, else found from the working folder)"
EXIT_CODES = "exit codes: 0 success, 1 the data does not conform, 2 any other error (one line on stderr)"
FORMATS = {
    "table": "aligned columns, names instead of IRIs, long cells cut with … to fit the terminal (default)",
    "records": "one block per row, a 'column: value' line each, every value whole: for wide rows",
    "csv": "W3C SPARQL CSV: plain values, an xLabel column (English name) after each IRI column x",
    "tsv": "W3C SPARQL TSV: RDF terms in Turtle syntax, with the xLabel columns",
    "json": "W3C SPARQL JSON results, with the xLabel variables",
    "ttl": "Turtle, for CONSTRUCT and DESCRIBE queries",
}
COVERAGE_FORMATS = {
    "table": "per article its figures, then one line per sentence: status, facts or waiver reason, text (default)",
    "records": "per article its figures, then one block per sentence, every value whole",
    "json": "per article its figures and every sentence with offsets, status, facts (IRI, label) and reason",
}
ENGINES = {
    "oxigraph": "the on-disk Oxigraph store dist/store (default; opens at once)",
    "oxigraph-memory": "Oxigraph in memory, loaded from dist/diplokg.nq first (faster per query, for heavy query files)",
    "rdflib": "rdflib over dist/diplokg.trig (the reference, slow)",
}
REASONERS = {
    "rules": "diplokg's OWL 2 RL rule set run inside Oxigraph (fast, default)",
    "owlrl": "the owlrl package (the reference; minutes on large graphs)",
}


HELP_WIDTH = 78  # descriptions and epilogs are filled to this, to read well in an 80-column terminal


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs as written; an argument's help wrapped, keeping its line breaks (one per choice),
    a choice's continuation lines under its text."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        lines: list[str] = []
        for line in text.splitlines():
            hanging = re.match(r"\s+\S+\s{2,}", line)
            indent = " " * (hanging.end() if hanging else 0)
            lines += textwrap.wrap(line, width, subsequent_indent=indent) or [""]
        return lines


def _choices(described: dict[str, str]) -> str:
    """Help lines for a choice argument: one per choice, saying what it gives."""
    width = max(len(name) for name in described)
    return "".join(f"\n  {name.ljust(width)}  {text}" for name, text in described.items())


def _text(*lines: str) -> str:
    """A description: the lines of each paragraph (paragraphs parted by "") joined and filled to HELP_WIDTH."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([])
    return "\n\n".join(textwrap.fill(" ".join(p), HELP_WIDTH) for p in paragraphs if p)


def _examples(*commands: str) -> str:
    """An epilog: one example command a line (a trailing ``# ...`` says what it does), then the exit codes."""
    return "\n".join(["examples:", *(f"  {command}" for command in commands), "", EXIT_CODES])


def _parser() -> argparse.ArgumentParser:
    # --root on the main parser, and again on every subcommand with a SUPPRESS default, so that a value given after
    # the subcommand is taken and one given before it is not overwritten by the subcommand's default
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, metavar="DIR", help=ROOT_HELP)
    parser = argparse.ArgumentParser(
        prog="diplokg",
        description=_text(
            "A knowledge graph of who does what to whom in diplomacy, built from analysis articles",
            "and queried with SPARQL. `diplokg COMMAND --help` explains each command, with examples.",
        ),
        epilog=_examples(
            "diplokg build                                   # validate, reason, write dist/",
            "diplokg queries                                 # the question catalogue",
            "diplokg query officials_handling_ties -p a=Beijing -p b=Pyongyang",
            "diplokg query officials_handling_ties --root ~/diplokg -f records",
        ),
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"diplokg {__version__}")
    parser.add_argument("--root", metavar="DIR", help=ROOT_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")

    def command(name: str, summary: str, description: str, examples: Sequence[str]) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=summary,
            description=description,
            epilog=_examples(*examples),
            parents=[common],
            formatter_class=_Formatter,
        )

    build = command(
        "build",
        "validate, reason and write dist/ (Turtle, N-Triples, TriG, N-Quads, JSON-LD, store)",
        _text(
            "Parse ontology/ and data/, validate them (syntax, SHACL shapes, queries/checks/*-violation.rq,",
            "every quote against its source text), compute the OWL 2 RL closure, and write dist/: Turtle,",
            "N-Triples, TriG, N-Quads, expanded and compact JSON-LD, and the Oxigraph store that `diplokg",
            "query` reads. Data that does not conform writes nothing and exits 1. `diplokg query` rebuilds",
            "by itself when ontology/ or data/ changed, so running this is rarely needed.",
        ),
        [
            "diplokg build",
            "diplokg build --reasoner owlrl        # the reference reasoner, to compare",
            "diplokg build --root ~/diplokg",
        ],
    )
    build.add_argument(
        "--reasoner", default="rules", choices=list(REASONERS), metavar="REASONER", help=f"OWL 2 RL reasoner, one of:{_choices(REASONERS)}"
    )
    command(
        "validate",
        "check syntax, SHACL shapes, SPARQL checks and quotes; write nothing",
        _text(
            "Run every check of `diplokg build` (Turtle syntax, SHACL shapes, the SPARQL checks in",
            "queries/checks/, each quote against its source text and sha256) and write nothing.",
            "Each problem is one line naming the file; exit 1 if the data does not conform.",
        ),
        ["diplokg validate", "diplokg validate --root ~/diplokg && echo conforms"],
    )
    fmt = command(
        "fmt",
        "rewrite Turtle files in canonical form, expanding evidence and time spans",
        _text(
            "Rewrite the Turtle files of ontology/ and data/ in canonical form (one serializer, stable",
            "order, so diffs stay small), expanding the two short forms an author may write: evidence given",
            "as a bare quote becomes an evidence node with its offsets in the source text, and a time span",
            "written inline becomes a named dkg:TimeSpan.",
        ),
        ["diplokg fmt --check                  # exit 1 if a file would change", "diplokg fmt"],
    )
    fmt.add_argument("--check", action="store_true", help="only report files that are not in canonical form (exit 1 if any); write nothing")

    queries = command(
        "queries",
        "list the question catalogue, or show one question whole",
        _text(
            "List the question catalogue (queries/*.rq): each question with its parameters, their kinds",
            "and defaults. With NAME, one question whole: its parameters, what each row and column",
            "holds, the order of the rows, and a command that runs it.",
        ),
        ["diplokg queries", "diplokg queries officials_handling_ties"],
    )
    queries.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help="one question (a file name in queries/ without .rq): its parameters, defaults, columns and a command that runs it",
    )

    query = command(
        "query",
        "answer a catalogue question (NAME) or run a query file (FILE)",
        _text(
            "Answer a question of the catalogue, or run any SPARQL query file, on the built graph",
            "(rebuilt first if ontology/ or data/ changed) or on a SPARQL endpoint.",
            "",
            "NAME is a catalogue question (list them with `diplokg queries`); FILE is the path to any",
            ".rq file, a catalogue query or plain SPARQL. `-p k=v` binds the variable ?k: a catalogue",
            "query says which parameters it takes (`diplokg queries NAME`), and a state, person, actor,",
            'article or act class is given by name, alternative name, capital ("Beijing") or IRI,',
            "and must name one node. Values are bound as RDF terms, never pasted as text.",
            "",
            "A text parameter that matches nothing gives an empty answer and a note on stderr (exit 0);",
            "a value naming no node is an error that suggests the closest names (exit 2).",
        ),
        [
            "diplokg query officials_handling_ties -p a=Beijing -p b=Pyongyang",
            "diplokg query acts_in_period -p from=2014-09-01 -p to=2015-01-21 -f records",
            "diplokg query my-question.rq -p state=state:china -f csv > answer.csv",
            "diplokg query timeline --print        # the SPARQL that would run, to paste elsewhere",
            "diplokg query timeline --endpoint http://localhost:7878/query",
        ],
    )
    query.add_argument(
        "name",
        metavar="NAME|FILE",
        help="a catalogue question's name (see `diplokg queries`), or the path to a .rq file (plain SPARQL is fine)",
    )
    query.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="bind ?KEY to VALUE (repeatable): a name, prefix:local, an IRI, a YYYY-MM-DD date or any text",
    )
    query.add_argument(
        "--format", "-f", default="table", choices=list(FORMATS), metavar="FORMAT", help=f"output format, one of:{_choices(FORMATS)}"
    )
    query.add_argument(
        "--wide",
        action="store_true",
        help="table: show every cell whole, one line per row as wide as it needs (for `less -S`), instead of cutting "
        "long cells with … to fit the terminal ($COLUMNS, else the terminal's width, else 80)",
    )
    query.add_argument(
        "--endpoint",
        metavar="URL",
        help="ask this SPARQL 1.1 endpoint (one loaded by `diplokg load`) instead of the embedded built graph",
    )
    query.add_argument(
        "--engine",
        default="oxigraph",
        choices=list(ENGINES),
        metavar="ENGINE",
        help=f"embedded engine (without --endpoint), one of:{_choices(ENGINES)}",
    )
    query.add_argument("--no-reasoning", action="store_true", help="ignore the inferred graph (asserted triples only)")
    query.add_argument(
        "--print",
        action="store_true",
        help="print the query text that would run, parameters bound, ready to paste into a store's query page; run nothing"
        " (with --endpoint, also the FROM lines for a store whose default graph is not the union of its graphs)",
    )
    query.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="seconds to wait for a remote endpoint (default 30)")

    coverage = command(
        "coverage",
        "which sentences of each article carry facts, which are waived, which are left",
        _text(
            "Split each article's source text into sentences and list, for each, the facts whose evidence",
            "lies in it, or the reason it is waived (data/ARTICLE.waivers.tsv: a sentence deliberately",
            "left without a fact, a heading or site navigation, named by its text, a tab, the reason).",
            "Per article: sentences, covered, waived, uncovered. A waiver on a covered sentence, or on",
            "text that is not a sentence of the source, is an error (as in `diplokg validate`).",
        ),
        [
            "diplokg coverage                      # every article, a table each",
            "diplokg coverage kei-2013-05-24 --uncovered   # just the work left",
            "diplokg coverage --format json | jq '.articles[].figures'",
        ],
    )
    coverage.add_argument("article", nargs="?", metavar="ARTICLE", help="one article by its slug (kei-2013-05-24); default every article")
    coverage.add_argument(
        "--format",
        "-f",
        default="table",
        choices=list(COVERAGE_FORMATS),
        metavar="FORMAT",
        help=f"output format, one of:{_choices(COVERAGE_FORMATS)}",
    )
    coverage.add_argument(
        "--uncovered", action="store_true", help="list only the sentences neither covered nor waived (the figures stay whole)"
    )
    coverage.add_argument(
        "--wide", action="store_true", help="table: show every cell whole instead of cutting long ones with … to fit the terminal"
    )

    command(
        "stats",
        "counts per class, article and act type; what is unlinked or undated",
        _text(
            "Count the built graph: nodes per class, facts per article, acts per CAMEO type and per",
            "modality; list the entities not linked to Wikidata and the facts dated only by a bound.",
        ),
        ["diplokg stats", "diplokg stats --root ~/diplokg | less"],
    )

    load = command(
        "load",
        "push the built graph into a SPARQL 1.1 store, one named graph each",
        _text(
            "Push the built graph into a SPARQL 1.1 store, one named graph per source file plus the",
            "inferred graph, each written all-or-nothing (Graph Store Protocol PUT with --graph-store,",
            "else SPARQL Update). Graphs already in the store are left alone unless --replace.",
            "Credentials: $DIPLOKG_USER and $DIPLOKG_PASSWORD, or a netrc entry for the host.",
        ),
        [
            "diplokg load --endpoint http://localhost:7878/query --graph-store http://localhost:7878/store",
            "diplokg load --endpoint http://localhost:8890/sparql --replace",
            "diplokg load --endpoint http://localhost:3030/ds/query --update-endpoint http://localhost:3030/ds/update",
        ],
    )
    load.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    load.add_argument("--update-endpoint", metavar="URL", help="SPARQL 1.1 Update endpoint (default: from --endpoint)")
    load.add_argument("--graph-store", metavar="URL", help="Graph Store HTTP Protocol endpoint (preferred when given)")
    load.add_argument("--replace", action="store_true", help="replace graphs already in the store")
    load.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="seconds per request (default 60)")

    add_article = command(
        "add-article",
        "register a new article's source text: digest, slug, data/<slug>.ttl with its metadata and authors",
        _text(
            "Register a new article to encode. TEXT_FILE is the article as plain UTF-8 text; it is copied into",
            "the sources folder (../shared/sources or $DIPLOKG_SOURCES; the project never holds whole articles)",
            "as <slug>.txt, unless it is there already. The slug is <publisher>-<date> (the publisher's shortest",
            "name), made unique. data/<slug>.ttl gets the article node: schema.org headline, authors, date,",
            "publisher, URL and section, dkg:sourceFile and dkg:sha256; it validates and builds at once.",
            "",
            "Authors and the publisher are the persons and organizations already in data/ when the name matches",
            "a label or alternative label (any case); a name matching several is refused with the candidates",
            "listed: choose with --same-as 'NAME=IRI'. New ones are added to data/entities.ttl.",
            "",
            "Bad input is one line on stderr, exit 2, and nothing written (the source copy, data/<slug>.ttl and",
            "data/entities.ttl are written together or not at all): no such file, a file that is empty or not",
            "UTF-8, a --published that is not a YYYY-MM-DD date, an article already registered (same URL, or",
            "same headline and date), a text with the sha256 of a registered one, an ambiguous name, a --same-as",
            "naming no such node. Then run `diplokg draft SLUG` for a worksheet (docs/adding-an-article.md).",
        ),
        [
            "diplokg add-article piece.txt --headline 'Why Talks Failed' --author 'Troy Stangarone' --published 2013-06-30 --publisher KEI",
            "diplokg add-article piece.txt --headline 'A Title' --author 'Inwook Kim' --author 'Jung-Chul Lee' "
            "--published 2015-02-01 --publisher 'Foreign Affairs' --url https://www.foreignaffairs.com/...",
            "diplokg add-article piece.txt --headline T --author Park --same-as 'Park=person:park-geun-hye' --published 2016-01-01 "
            "--publisher 'The Peninsula' --section 'North Korea'",
        ],
    )
    add_article.epilog = (add_article.epilog or "").replace(
        EXIT_CODES, "exit codes: 0 registered, 2 bad input (one line on stderr, nothing written)"
    )
    add_article.add_argument("text_file", metavar="TEXT_FILE", help="the article's text, plain UTF-8 (quotes are taken from it verbatim)")
    add_article.add_argument("--headline", required=True, help="the article's title (schema:headline)")
    add_article.add_argument(
        "--author", action="append", required=True, metavar="NAME", help="an author's name (repeatable, in the byline's order)"
    )
    add_article.add_argument("--published", required=True, metavar="YYYY-MM-DD", help="publication date (schema:datePublished)")
    add_article.add_argument("--publisher", required=True, metavar="NAME", help="publisher or publication, by name (schema:publisher)")
    add_article.add_argument("--url", metavar="URL", help="where the article was published (schema:url)")
    add_article.add_argument("--section", metavar="TEXT", help="the section it appeared in (schema:articleSection)")
    add_article.add_argument(
        "--same-as",
        action="append",
        default=[],
        metavar="NAME=IRI",
        help="the existing node a name (author or publisher) stands for, when the name matches several or is spelt otherwise"
        " (repeatable; IRI as person:slug or in full)",
    )

    draft = command(
        "draft",
        "a worksheet for encoding an article: known entities and candidate acts, sentence by sentence",
        _text(
            "Write a Markdown worksheet for the registered article SLUG, sentence by sentence: the known",
            "entities each sentence mentions (labels, alternative labels, capitals standing for their state,",
            "surnames of known persons) with their IRIs, and the act classes its words suggest (a trigger",
            "lexicon drawn from CAMEO's verb phrases), each with a Turtle stub to copy into data/SLUG.ttl,",
            'its evidence in the short form `dkg:evidence [ oa:exact "..." ]` that `diplokg fmt` turns into',
            "offsets. The worksheet is a helper, never data: it is printed, or written to --out, and never",
            "into data/. A person decides every fact.",
        ),
        [
            "diplokg draft kei-2013-05-24 --out worksheet.md",
            "diplokg draft foreign-affairs-2015-01-21 | less",
        ],
    )
    draft.add_argument("slug", metavar="SLUG", help="the article, by its slug (data/SLUG.ttl, as add-article printed it)")
    draft.add_argument("--out", metavar="FILE", help="write the worksheet to FILE (never inside data/) instead of printing it")

    link = command(
        "link",
        "propose Wikidata items for unlinked entities (a review file), or apply reviewed ones",
        _text(
            "Ask Wikidata for the items that may be each entity not yet linked to it, and write them to a",
            "review file, one row per candidate, best first, with a score and the reasons; data/ is not",
            "touched. Write yes in the accept column of the rows to keep, then apply them with --accept,",
            "which adds the links to data/entities.ttl and records them in data/wikidata-links.tsv, asking",
            "nothing of the network.",
        ),
        [
            "diplokg link                          # writes wikidata-proposals.tsv",
            "diplokg link --entity https://w3id.org/diplokg/id/person/jang-song-taek",
            "diplokg link --accept wikidata-proposals.tsv",
        ],
    )
    link.add_argument("--endpoint", metavar="URL", help="Wikidata SPARQL endpoint (default: the public Wikidata Query Service)")
    link.add_argument(
        "--out", default="wikidata-proposals.tsv", metavar="FILE", help="review file to write (default wikidata-proposals.tsv)"
    )
    link.add_argument("--accept", metavar="FILE", help="apply the rows marked 'yes' in a review file (edits data/; no network)")
    link.add_argument("--entity", action="append", metavar="IRI", help="only this entity (repeatable)")
    link.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="seconds per request (default 60)")

    site = command(
        "site",
        "write a static site of the graph: pages, quotes in place, network, timelines",
        _text(
            "Write a static website of the built graph (rebuilt first if ontology/ or data/ changed): a page",
            "and a Turtle description for every entity, fact and article (paths mirror the IRIs:",
            "id/person/jang-song-taek.html), each article's text with every quoted passage highlighted,",
            "actor networks (Graphviz), relation and actor timelines, the question catalogue with its",
            "answers, and the ontology's documentation. No network and no JavaScript are needed to read it:",
            "open index.html from disk or put the folder on any static host.",
            "",
            "The site is written into a temporary folder beside DIR and swapped in when complete; DIR must",
            "be empty, missing, or a site this command wrote.",
        ),
        [
            "diplokg site                          # writes dist/site/",
            "diplokg site --out /tmp/diplokg-site && xdg-open /tmp/diplokg-site/index.html",
        ],
    )
    site.add_argument("--out", metavar="DIR", help="folder to write the site into (default dist/site)")

    enrich = command(
        "enrich",
        "pull Wikidata statements about linked entities into data/wikidata-enrichment.ttl",
        _text(
            "Pull from Wikidata the positions held, citizenship, birth dates, capitals and diplomatic",
            "relations of the entities linked to it, into data/wikidata-enrichment.ttl, which the build",
            "loads as its own named graph, marked as derived from Wikidata.",
        ),
        ["diplokg enrich", "diplokg enrich --out /tmp/enrichment.ttl --timeout 120"],
    )
    enrich.add_argument("--endpoint", metavar="URL", help="Wikidata SPARQL endpoint (default: the public Wikidata Query Service)")
    enrich.add_argument(
        "--out", metavar="FILE", help="file to write (default data/wikidata-enrichment.ttl, loaded by the build as its own graph)"
    )
    enrich.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="seconds per request (default 60)")
    serve = command(
        "serve",
        "serve the site, Linked Data for every resource IRI, and a SPARQL endpoint, on a local port",
        _text(
            "Serve the static site (dist/site, built first by `diplokg site` when missing) with, on the",
            "same port: content negotiation for every resource IRI (/id/person/jang-song-taek gives a",
            "browser its page and an RDF client its description in Turtle, N-Triples or JSON-LD, by a 303",
            "redirect), and a read-only SPARQL 1.1 Protocol endpoint at /sparql over the built graph in",
            "memory (JSON, XML, CSV or TSV results; a query page for browsers). Each query runs in a worker",
            "process, stopped when it runs past --timeout or answers more than --max-rows rows.",
            "",
            "Listens on 127.0.0.1 unless --bind says otherwise; Ctrl-C stops it.",
        ),
        [
            "diplokg serve                         # http://127.0.0.1:8000/",
            "diplokg serve --port 8080 --site /tmp/site",
            "curl -H 'Accept: text/turtle' -L http://127.0.0.1:8000/id/person/jang-song-taek",
            "curl --data-urlencode query@queries/timeline.rq -H 'Accept: text/csv' http://127.0.0.1:8000/sparql",
        ],
    )
    serve.add_argument("--port", type=int, default=8000, metavar="PORT", help="port to listen on (default 8000; 0 picks a free one)")
    serve.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--site", type=Path, metavar="DIR", help="site folder to serve (default dist/site, built when missing)")
    serve.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="seconds a query may run (default 10)")
    serve.add_argument("--max-rows", type=int, default=10_000, metavar="N", help="rows (or triples) an answer may have (default 10000)")
    serve.add_argument("--workers", type=int, default=2, metavar="N", help="query worker processes, each holding the graph (default 2)")
    serve.add_argument("--quiet", action="store_true", help="log no requests (default: one line each on stderr)")
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

        return getattr(commands, f"cmd_{args.command.replace('-', '_')}")(args, out, err)
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
    except OSError as exc:  # the machine's fault, not the data's: a full disk, a file that vanished
        print(f"diplokg: {os_error_line(exc)}", file=err)
        return EXIT_ERROR


def os_error_line(exc: OSError) -> str:
    """An operating-system error as one line naming the file; a temporary file is named by the file it stood for."""
    from pathlib import Path

    name = Path(str(exc.filename)).name if exc.filename else ""
    if staged := re.fullmatch(r"\.(.+)\.[^.]+\.tmp", name):
        name = staged[1]
    what = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot write or read {name}: {what}" if name else what


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

__all__ = ["EXIT_OK", "entry", "main"]
