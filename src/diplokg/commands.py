"""One function per subcommand: takes parsed arguments and output streams, returns an exit code."""

from __future__ import annotations

import argparse
from typing import TextIO

from .errors import EXIT_OK
from .project import find_project


def cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .build import build

    project = find_project(args.root)
    result = build(project, reasoner=getattr(args, "reasoner", "rules"), notice=_notice(err))
    for warning in result.warnings:
        print(f"diplokg: warning: {warning}", file=err)
    total = sum(result.triples.values())
    print(f"built {result.dist}: {total} triples in {len(result.triples)} graphs; files: {', '.join(result.files)}", file=out)
    for graph, count in sorted(result.triples.items()):
        print(f"  {count:7d}  {graph}", file=out)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .build import check

    project = find_project(args.root)
    loaded, report = check(project)
    for warning in report.warnings:
        print(f"diplokg: warning: {warning}", file=err)
    print(f"valid: {len(loaded.data)} data triples, {len(loaded.ontology)} ontology triples", file=out)
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .fmt import format_project, write_formatted

    project = find_project(args.root)
    results = format_project(project)
    changed = [r for r in results if r.changed]
    if args.check:
        for r in changed:
            print(f"diplokg: {r.path.relative_to(project.root)} is not in canonical form (run `diplokg fmt`)", file=err)
        return 1 if changed else EXIT_OK
    for path in write_formatted(results):
        print(f"formatted {path.relative_to(project.root)}", file=out)
    return EXIT_OK


def cmd_queries(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .catalogue import find_query, load_catalogue

    project = find_project(args.root)
    if getattr(args, "name", None):
        out.write(describe_query(find_query(project.queries_dir, args.name)))
        return EXIT_OK
    for name, spec in load_catalogue(project.queries_dir).items():
        print(f"{name}\n    {spec.question}", file=out)
        for param in spec.params:
            print(f"    --param {param.name}=<{param.kind}> (default {_shown(param.default)}): {param.doc}", file=out)
    return EXIT_OK


def _shown(term) -> str:
    """A parameter default as a user would type it: an IRI in prefixed form where one fits, else the value."""
    from .query import PREFIX_MAP
    from .results import compact

    if term is None:
        return "required"
    return compact(term.value, PREFIX_MAP) if term.kind == "uri" else term.value


def describe_query(spec) -> str:
    """One question whole: what it asks, its parameters with defaults, its columns, and a command that runs it."""
    lines = [f"{spec.name}: {spec.question}", f"  file: {spec.path}"]
    lines += [f"  note: {note}" for note in spec.notes]
    if spec.params:
        lines.append("  parameters:")
        lines += [f"    {p.name} ({p.kind}, default {_shown(p.default)}): {p.doc}" for p in spec.params]
    if spec.row:
        lines.append(f"  each row: {spec.row}")
    if spec.order:
        lines.append(f"  order: {spec.order}")
    if spec.columns:
        lines.append("  columns:")
        width = max(len(c) for c in spec.columns)
        lines += [f"    {c.ljust(width)}  {doc}" for c, doc in spec.columns.items()]
    example = " ".join(f"-p {p.name}={_example(p)}" for p in spec.params)
    lines.append(f"  run: diplokg query {spec.name}{' ' + example if example else ''}")
    lines.append(f"  the text that runs: diplokg query {spec.name} --print")
    return "\n".join(lines) + "\n"


def _example(param) -> str:
    value = _shown(param.default)
    return f"'{value}'" if " " in value else value


def _notice(err: TextIO):
    """A one-line message on stderr (waiting for another build)."""
    return lambda line: print(f"diplokg: {line}", file=err, flush=True)


def open_engine(args: argparse.Namespace, project, err: TextIO):
    """The engine a query runs on: a remote endpoint, or the embedded build (rebuilt first if stale)."""
    reasoning = not getattr(args, "no_reasoning", False)
    if getattr(args, "endpoint", None):
        from .remote import RemoteEngine

        remote = RemoteEngine(args.endpoint, reasoning=reasoning, timeout=args.timeout)
        if remote.default_graph_only:
            print(
                f"diplokg: warning: {remote.service.name} holds diplokg data in its default graph only, without graph names: "
                "questions that read an article's own graph miss rows (load it with `diplokg load`)",
                file=err,
            )
        return remote
    from .build import STEM, STORE_DIR, ensure_built
    from .manifest import open_build

    if ensure_built(project, notice=_notice(err)):
        print("diplokg: the graph was stale or missing and has been rebuilt", file=err)
    engine = getattr(args, "engine", "oxigraph")
    # opened while no build swaps files in, each file checked against the manifest: sizes (a stat each) for
    # the on-disk store, the SHA-256 too of the file an in-memory engine reads whole
    with open_build(project.dist_dir) as built:
        if engine == "rdflib":
            from .engines import RdflibEngine

            return RdflibEngine(built.file(f"{STEM}.trig", digest=True), reasoning=reasoning)
        from .engines import OxigraphEngine

        if engine == "oxigraph-memory":
            return OxigraphEngine.in_memory(built.file(f"{STEM}.nq", digest=True), reasoning=reasoning)
        return OxigraphEngine(built.folder(STORE_DIR), reasoning=reasoning)


def cmd_query(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import results
    from .catalogue import find_query
    from .query import PREFIX_MAP, answer, nothing_matched, parse_param_args

    project = find_project(args.root)
    spec = find_query(project.queries_dir, args.name)
    given = parse_param_args(args.param)
    engine = open_engine(args, project, err)
    if args.print:
        out.write(printable_query(engine, spec, given, remote=bool(args.endpoint)))
        return EXIT_OK
    # Turtle output is a graph: it has no IRI columns to label
    ans = answer(engine, spec, given, with_labels=args.format != "ttl")
    width = terminal_width(out)
    render = {
        "table": lambda r: results.to_table(r, ans.labels, PREFIX_MAP, width=width, wide=getattr(args, "wide", False)),
        "records": lambda r: results.to_records(r, ans.labels, PREFIX_MAP, width=width),
        "csv": lambda r: results.to_csv(r, ans.labels),
        "tsv": lambda r: results.to_tsv(r, ans.labels),
        "json": lambda r: results.to_json(r, ans.labels),
        "ttl": lambda r: results.to_turtle(r, PREFIX_MAP),
    }[args.format]
    out.write(render(ans.result))
    note = nothing_matched(ans.spec, ans.bindings, ans.result)
    if note:
        print(f"diplokg: note: {note}", file=err)
    return EXIT_OK


def terminal_width(out: TextIO) -> int:
    """The width a table fits: $COLUMNS if set, else the terminal's when ``out`` is one, else 80 (a file, a pipe)."""
    import os

    from .results import TABLE_WIDTH

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if out.isatty():
            return os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return TABLE_WIDTH


def printable_query(engine, spec, given: dict[str, str], remote: bool) -> str:
    """The exact text a run sends, parameters bound; for a remote store also the FROM lines that make its default
    graph the merge of diplokg's graphs, as the protocol's default-graph-uri does when diplokg itself asks."""
    from .bindings import with_bindings, with_dataset
    from .query import bound_parameters

    text = with_bindings(spec.text, bound_parameters(engine, spec, given), getattr(engine, "style", "bind"))
    return with_dataset(text, engine.default_graphs) if remote else text


def cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .stats import collect_stats, format_stats

    project = find_project(args.root)
    engine = open_engine(args, project, err)
    out.write(format_stats(collect_stats(engine)))
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .coverage import coverage_of_project
    from .coverage.render import to_json, to_records, to_table

    project = find_project(args.root)
    articles = coverage_of_project(project, args.article)
    if args.format == "json":
        out.write(to_json(articles, uncovered_only=args.uncovered))
    elif args.format == "records":
        out.write(to_records(articles, uncovered_only=args.uncovered, width=terminal_width(out)))
    else:
        out.write(to_table(articles, uncovered_only=args.uncovered, width=terminal_width(out), wide=args.wide))
    return EXIT_OK


def _wikidata_client(args: argparse.Namespace):
    from .wikidata import WDQS_ENDPOINT, WikidataClient

    return WikidataClient(args.endpoint or WDQS_ENDPOINT, timeout=args.timeout)


def cmd_link(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from .link import accept_links, propose_links, write_review

    project = find_project(args.root)
    if args.accept:
        result = accept_links(project, Path(args.accept))
        for entity, item in result.added:
            print(f"linked {entity} to wd:{item}", file=out)
        for entity, item in result.unchanged:
            print(f"diplokg: {entity} is already linked to wd:{item}", file=err)
        wrote = f"; wrote {', '.join(p.name for p in result.files)}" if result.files else ""
        print(f"{len(result.added)} link(s) added{wrote}", file=out)
        return EXIT_OK
    proposals = propose_links(project, _wikidata_client(args), args.entity)
    review = Path(args.out)
    write_review(review, proposals)
    counts: dict[str, int] = {}
    for proposal in proposals:
        counts[proposal.status] = counts.get(proposal.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to link"
    print(f"wrote {review}: {len(proposals)} entities ({summary})", file=out)
    print(f"review it, write yes in the accept column of the rows to apply, then run `diplokg link --accept {review}`", file=out)
    return EXIT_OK


def cmd_enrich(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from .enrich import enrich

    project = find_project(args.root)
    result = enrich(project, _wikidata_client(args), Path(args.out) if args.out else None)
    print(f"wrote {result.path}: {result.triples} triples about {result.items} linked items, retrieved {result.retrieved}", file=out)
    print(f"  named graph <{result.graph}> (prov:wasDerivedFrom Wikidata)", file=out)
    for name, count in result.per_query.items():
        print(f"  {count:6d}  {name}", file=out)
    return EXIT_OK


def cmd_site(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from .build import ensure_built
    from .web.site import build_site

    project = find_project(args.root)
    if ensure_built(project, notice=_notice(err)):
        print("diplokg: the graph was stale or missing and has been rebuilt", file=err)
    report = build_site(project, Path(args.out) if args.out else None)
    for warning in report.warnings:
        print(f"diplokg: warning: {warning}", file=err)
    print(
        f"wrote {report.out}: {report.pages} pages, {report.descriptions} Turtle descriptions, {report.drawings} drawings "
        f"in {report.seconds:.1f} s; open {report.out / 'index.html'}",
        file=out,
    )
    return EXIT_OK


def cmd_load(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .build import ensure_built
    from .load import load

    project = find_project(args.root)
    if ensure_built(project, notice=_notice(err)):
        print("diplokg: the graph was stale or missing and has been rebuilt", file=err)
    report = load(
        project.dist_dir,
        args.endpoint,
        update_endpoint=args.update_endpoint,
        graph_store=args.graph_store,
        replace=args.replace,
        timeout=args.timeout,
        progress=lambda line: print(line, file=err) if err.isatty() else None,
    )
    total = sum(report.triples.values())
    print(f"loaded {len(report.written)} graphs, {total} triples, by {report.protocol}:", file=out)
    for graph in report.written:
        print(f"  {report.triples[graph]:7d}  {graph}", file=out)
    for graph in report.dropped:
        print(f"  dropped  {graph} (no longer in the build)", file=out)
    return EXIT_OK


def cmd_add_article(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from .authoring.add_article import Metadata, add_article
    from .query import PREFIX_MAP
    from .results import compact

    project = find_project(args.root)
    metadata = Metadata(
        Path(args.text_file),
        args.headline,
        tuple(args.author),
        args.published,
        args.publisher,
        args.url,
        args.section,
        tuple(args.same_as),
    )
    added = add_article(project, metadata)
    source = f"copied to {added.source}" if added.copied else f"{added.source} (already there)"
    print(f"registered article:{added.slug} in data/{added.data_file.name}; source {source}, sha256 {added.sha256}", file=out)
    for name, iri in added.reused:
        print(f"  {name}: existing {compact(iri, PREFIX_MAP)}", file=out)
    for name, iri in added.created:
        print(f"  {name}: new {compact(iri, PREFIX_MAP)} in data/entities.ttl (add what you know of it there)", file=out)
    print(f"next: diplokg draft {added.slug} --out {added.slug}-worksheet.md", file=out)
    return EXIT_OK


def cmd_draft(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from .authoring.draft import write_worksheet

    project = find_project(args.root)
    text, written = write_worksheet(project, args.slug, Path(args.out) if args.out else None)
    if written is None:
        out.write(text)
    else:
        print(f"wrote {written}: the worksheet of article:{args.slug} (a helper; copy what you decide into data/{args.slug}.ttl)", file=out)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .web.server import make_server, open_app, site_folder, url_of

    project = find_project(args.root)
    log = None if args.quiet else (lambda line: print(line, file=err, flush=True))
    site = site_folder(project, args.site, notice=_notice(err))
    server = make_server(site, args.bind, args.port)  # the port first: one in use is said before seconds of loading
    try:
        server.app = open_app(project, site, args.workers, args.timeout, args.max_rows, log=log)
    except BaseException:
        server.server_close()
        raise
    url = url_of(server)
    print(f"serving {site} at {url}/ (SPARQL endpoint and query page: {url}/sparql); Ctrl-C stops", file=out, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("diplokg: stopped", file=err)
    finally:
        server.server_close()
        server.app.close()
    return EXIT_OK
