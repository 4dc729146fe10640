"""Time `diplokg site` on a synthetic corpus: pages written, seconds, peak memory.

    python benchmarks/site.py --size 100k                  # generates /tmp/diplokg-site-bench/100k once, builds it
    python benchmarks/site.py --corpus /tmp/wt-site-100k    # an existing corpus folder (see run.py / generate.py)

The corpus is made by ``generate.py`` (as ``run.py`` makes it) and built once with ``diplokg build``; the site is
then written into a temporary folder, loading the build's N-Quads timed apart from writing the pages. Peak memory
is this process's maximum resident set, and separately the largest child's (the processes that render timelines).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k", help="corpus size, as generate.py takes it (default 100k)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default /tmp/diplokg-site-bench/SIZE)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    from run import corpus_for, project_of

    from diplokg.build import ensure_built
    from diplokg.web.site import build_site, load_build

    corpus = corpus_for(args.size, args.corpus or Path("/tmp/diplokg-site-bench") / args.size)
    project = project_of(corpus)
    ensure_built(project)

    started = time.perf_counter()
    built = load_build(project)
    loaded = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="diplokg-site-") as folder:
        out = Path(folder) / "site"
        report = build_site(project, out, built=built)
        pages = list(out.rglob("*.html"))
        kinds = Counter(p.relative_to(out).parts[0] if len(p.relative_to(out).parts) > 1 else "." for p in pages)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    figures = {
        "corpus": str(corpus),
        "asserted_triples": len(built.graph),
        "pages": report.pages,
        "pages_by_folder": dict(sorted(kinds.items())),
        "turtle_descriptions": report.descriptions,
        "drawings": report.drawings,
        "site_mb": round(size / 1e6, 1),
        "load_seconds": round(loaded, 2),
        "write_seconds": round(report.seconds, 2),
        "total_seconds": round(loaded + report.seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_child_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key.ljust(width)}  {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
