"""Time catalogue queries as committed (a git revision) against the working copy, on a synthetic corpus.

    python benchmarks/compare_queries.py --size 100k                    # every query that differs from HEAD
    python benchmarks/compare_queries.py --size 1M --base 73e1989 officials_handling_ties

A rewrite for portability or readability must not slow a query down: this runs the two texts of each
query alternately in one process, on the on-disk and the in-memory Oxigraph store, with the CLI's
parameter values, checks that both give the same answer set, and prints each median and their ratio.
The corpus is generated once per size into ``--corpus`` and reused while its data templates and ontology
are unchanged (a query edit does not regenerate it, as `run.py`'s stricter stamp would).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def data_digest() -> str:
    """What the corpus is made from, queries left out."""
    digest = hashlib.sha256()
    for folder in ("data", "ontology"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def corpus(size: str, folder: Path) -> Path:
    """A built corpus of ``size`` in ``folder``, generated and built unless a matching one is there."""
    import generate
    from run import project_of

    from diplokg.build import ensure_built

    stamp = folder / "compare.json"
    wanted = {"size": generate.parse_size(size), "data": data_digest()}
    if not (stamp.is_file() and json.loads(stamp.read_text()) == wanted):
        generate.generate(folder, wanted["size"], 0)
        stamp.write_text(json.dumps(wanted))
    ensure_built(project_of(folder))
    return folder


def committed(base: str, name: str) -> str | None:
    """The text of queries/NAME.rq at revision ``base``, or None if it did not exist there."""
    shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{base}:queries/{name}.rq"], capture_output=True, text=True)
    return shown.stdout if shown.returncode == 0 else None


def changed_names(base: str) -> list[str]:
    """Catalogue queries whose text differs from ``base``."""
    names = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        old = committed(base, path.stem)
        if old is not None and old != path.read_text(encoding="utf-8"):
            names.append(path.stem)
    return names


def bind_as_before(text: str, bindings: dict[str, Any]) -> str:
    """An old text bound as the CLI bound it before parameter blocks: one BIND per value atop the outer WHERE."""
    import re

    from diplokg.catalogue import strip_comments

    body = strip_comments(text)
    match = re.search(r"\bWHERE\s*\{", body)
    assert match is not None
    binds = "".join(f"\n  BIND({bindings[name].n3()} AS ?{name})" for name in sorted(bindings))
    return body[: match.end()] + binds + "\n" + body[match.end() :]


def compare(engine: Any, name: str, old_text: str, runs: int) -> dict[str, Any]:
    """Median seconds of the old and new text of one query, run alternately, and whether they agree. The old
    text runs bound as it was then (BIND), the new one as the CLI binds it now, with the same values."""
    import generate

    from diplokg.catalogue import load_catalogue
    from diplokg.query import bound_parameters

    spec = load_catalogue(ROOT / "queries")[name]
    bindings = bound_parameters(engine, spec, generate.sampled_facts(engine, spec))
    texts = {"old": bind_as_before(old_text, bindings) if bindings else old_text, "new": spec.text}
    binds = {"old": {}, "new": bindings}
    times: dict[str, list[float]] = {"old": [], "new": []}
    answers = {}
    for _ in range(runs):
        for label, text in texts.items():
            started = time.perf_counter()
            answers[label] = engine.run(text, binds[label])
            times[label].append(time.perf_counter() - started)
    same = answers["old"].as_set() == answers["new"].as_set()
    medians = {k: statistics.median(v) for k, v in times.items()}
    return {**medians, "ratio": medians["new"] / medians["old"], "rows": len(answers["new"].rows), "same": same}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="queries to compare (default: every one that differs from --base)")
    parser.add_argument("--size", default="100k")
    parser.add_argument("--base", default="HEAD", help="git revision of the old texts (default HEAD)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--corpus", type=Path, help="corpus folder (default /tmp/diplokg-compare/SIZE)")
    args = parser.parse_args(argv)

    from diplokg.build import STORE_DIR
    from diplokg.engines import OxigraphEngine

    folder = corpus(args.size, args.corpus or Path("/tmp/diplokg-compare") / args.size)
    names = args.names or changed_names(args.base)
    engines = {
        "disk": OxigraphEngine(folder / "dist" / STORE_DIR),
        "memory": OxigraphEngine.in_memory(folder / "dist" / "diplokg.nq"),
    }
    print(f"{'query':32} {'engine':7} {'old ms':>9} {'new ms':>9} {'new/old':>8} {'rows':>6}  same")
    worst = 0.0
    for name in names:
        old_text = committed(args.base, name)
        if old_text is None:
            print(f"{name:32} (not in {args.base})")
            continue
        for label, engine in engines.items():
            figures = compare(engine, name, old_text, args.runs)
            worst = max(worst, figures["ratio"])
            print(
                f"{name:32} {label:7} {figures['old'] * 1e3:9.1f} {figures['new'] * 1e3:9.1f} {figures['ratio']:8.2f}"
                f" {figures['rows']:6d}  {'yes' if figures['same'] else 'NO'}"
            )
    print(f"worst ratio: {worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
