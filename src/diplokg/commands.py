"""One function per subcommand: takes parsed arguments and output streams, returns an exit code."""

from __future__ import annotations

import argparse
from typing import TextIO

from .errors import EXIT_OK
from .project import find_project


def cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .build import build

    project = find_project(args.root)
    result = build(project)
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
