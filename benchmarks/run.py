"""Measure every stage of diplokg on a synthetic corpus, the reference backend beside the fast one, in one run.

    python benchmarks/run.py --size 100k              # table on stdout, JSON in benchmarks/results/100k.json
    python benchmarks/run.py --size 1M --only build,queries,cli,incremental

Each (stage, backend) runs in a fresh Python process, so that its peak memory (ru_maxrss, which includes
loading the stage's input) is its own and one stage's garbage does not slow the next; the two backends of
a stage run one after the other, so their ratio holds on a noisy machine. Reference backends: rdflib
parsing and serializers, pySHACL, owlrl, the rdflib query engine; fast ones: Oxigraph, shapes compiled to
SPARQL (shacl.py), the rules of rules.py, the embedded Oxigraph store. A stage that passes ``--timeout``
is reported as not finished.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
FLAGSHIP = "officials_handling_ties"
FORMATS = ("trig", "nq", "jsonld", "ttl", "nt")
STAGES = ("parse", "checks", "shacl", "closure", "serialize", "build", "queries", "cli", "incremental")
# stage -> (reference backend, fast backend)
BACKENDS = {
    "parse": ("rdflib", "oxigraph"),
    "checks": ("rdflib", "oxigraph"),
    "shacl": ("pyshacl", "compiled"),
    "closure": ("owlrl", "rules"),
    "serialize": ("rdflib", "oxigraph"),
    "build": ("reference", "fast"),
    "cli": ("import-rdflib", "diplokg-query"),
    "incremental": ("full", "incremental"),
}


# The queries stage: rdflib (the reference) beside these two
MEMORY = "oxigraph-memory"  # the built graph loaded from dist/diplokg.nq into an in-memory Oxigraph store
FAST_QUERY_BACKENDS = ("oxigraph", MEMORY)


# --- the corpus ----------------------------------------------------------------------------------


def corpus_for(size: str, folder: Path, seed: int = 0) -> Path:
    """The corpus of ``size`` in ``folder``, generated unless a matching one is there."""
    import generate

    stamp = folder / "corpus.json"
    wanted = {"size": generate.parse_size(size), "seed": seed, "inputs": generate.inputs_digest()}
    if stamp.is_file() and {k: json.loads(stamp.read_text()).get(k) for k in wanted} == wanted:
        return folder
    corpus = generate.generate(folder, wanted["size"], seed)
    stamp.write_text(json.dumps({**wanted, **corpus.as_dict()}, indent=2))
    return folder


def project_of(corpus: Path):
    from diplokg.project import Project

    return Project(corpus, corpus / "sources", corpus / "dist")


# --- workers: one stage, one backend, in this process ---------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn, runs: int = 1) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _rdflib_inferred(project, loaded) -> None:
    """The inferred graph for the rdflib serializers, computed by rules.py (owlrl would not finish at 1M)."""
    from rdflib import URIRef

    from diplokg.project import INFERRED_GRAPH
    from diplokg.reason import rules_closure

    inferred, _ = rules_closure(loaded.ontology + loaded.data)
    graph = loaded.dataset.graph(URIRef(INFERRED_GRAPH))
    for triple in inferred:
        graph.add(triple)


def reference_build(project) -> None:
    """The build as it was before the fast path: rdflib, pySHACL, owlrl, rdflib serializers, bulk load."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from diplokg.dataset import load_project
    from diplokg.errors import ValidationError
    from diplokg.export import serialize_all
    from diplokg.project import INFERRED_GRAPH
    from diplokg.reason import owlrl_closure
    from diplokg.validate import validate

    loaded = load_project(project)
    report = validate(loaded, project)
    if report.problems:
        raise ValidationError(report.problems)
    inferred, problems = owlrl_closure(loaded.ontology + loaded.data)
    if problems:
        raise ValidationError(problems)
    graph = loaded.dataset.graph(URIRef(INFERRED_GRAPH))
    for triple in inferred:
        graph.add(triple)
    files = serialize_all(loaded.dataset)
    location = project.dist_dir.parent / "dist-reference-store"
    shutil.rmtree(location, ignore_errors=True)
    store = ox.Store(str(location))
    store.bulk_load(files["diplokg.nq"], format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    shutil.rmtree(location, ignore_errors=True)


def worker(stage: str, backend: str, corpus: Path, runs: int, budget: float) -> dict[str, Any]:
    """Measure one stage with one backend; returns seconds (one per run) and details."""
    project = project_of(corpus)
    out: dict[str, Any] = {}
    if stage == "parse":
        if backend == "rdflib":
            from diplokg.dataset import load_project

            out["seconds"] = _timed(lambda: load_project(project), runs)
        else:
            from diplokg.dataset import load_store

            out["seconds"] = _timed(lambda: load_store(project), runs)
    elif stage == "checks":
        if backend == "rdflib":
            from diplokg.dataset import load_project
            from diplokg.validate import check_problems

            loaded = load_project(project)
            out["seconds"] = _timed(lambda: check_problems(loaded, project), runs)
        else:
            from diplokg.dataset import load_store
            from diplokg.validate import store_check_problems

            stored = load_store(project)
            out["seconds"] = _timed(lambda: store_check_problems(stored, project), runs)
    elif stage == "shacl":
        if backend == "pyshacl":
            from diplokg.dataset import load_project
            from diplokg.validate import shacl_problems

            loaded = load_project(project)
            out["seconds"] = _timed(lambda: shacl_problems(loaded, project), 1)
        else:
            from diplokg.dataset import load_store
            from diplokg.validate import store_shacl_problems

            stored = load_store(project)
            out["seconds"] = _timed(lambda: store_shacl_problems(stored, project), runs)
    elif stage == "closure":
        if backend == "owlrl":
            from diplokg.dataset import load_project
            from diplokg.reason import owlrl_closure

            loaded = load_project(project)
            asserted = loaded.ontology + loaded.data
            out["seconds"] = _timed(lambda: owlrl_closure(asserted), 1)
        else:
            from diplokg.dataset import load_store
            from diplokg.rules import materialise

            def close() -> None:
                stored = load_store(project)
                started = time.perf_counter()
                found = materialise(stored.store)
                out.setdefault("seconds", []).append(time.perf_counter() - started)
                out["inferred"], out["rounds"] = len(found.triples), found.rounds

            for _ in range(runs):
                close()
    elif stage == "serialize":
        out["formats"] = {}
        if backend == "rdflib":
            from diplokg.dataset import load_project
            from diplokg.export import FORMATS as RDFLIB_FORMATS
            from diplokg.export import union_graph

            loaded = load_project(project)
            _rdflib_inferred(project, loaded)
            union = union_graph(loaded.dataset)
            for suffix in FORMATS:
                fmt, keeps_graphs = RDFLIB_FORMATS[suffix]
                source = loaded.dataset if keeps_graphs else union
                out["formats"][suffix] = _timed(lambda s=source, f=fmt: s.serialize(format=f, encoding="utf-8"), 1)
        else:
            import tempfile

            from diplokg.build import close_store, write_files
            from diplokg.dataset import load_store

            stored = load_store(project)
            close_store(stored)
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                write_files(stored, Path(folder))
                out["formats"]["all"] = [time.perf_counter() - started]
                out["formats"].update(_oxigraph_format_times(stored))
        out["seconds"] = [sum(statistics.median(v) for k, v in out["formats"].items() if k != "all")]
    elif stage == "build":
        if backend == "reference":
            out["seconds"] = _timed(lambda: reference_build(project), 1)
        else:
            from diplokg.build import build
            from diplokg.progress import Stages

            stages = Stages()
            out["seconds"] = _timed(lambda: build(project, stages=stages), 1)
            out["stages"] = {k: round(v, 3) for k, v in stages.seconds.items()}
    elif stage == "queries":
        out.update(_queries(project, backend, runs, budget))
    return out


def _oxigraph_format_times(stored) -> dict[str, list[float]]:
    """Each format on its own (write_files writes all five in one go)."""
    import tempfile

    from diplokg.build import DIST_FORMATS, serialize_format

    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for suffix in DIST_FORMATS:
            started = time.perf_counter()
            serialize_format(stored, suffix, Path(folder) / f"x.{suffix}")
            out[suffix] = [time.perf_counter() - started]
    return out


def _queries(project, backend: str, runs: int, budget: float) -> dict[str, Any]:
    """Median latency of every catalogue query (parameters checked, default values), on the built graph."""
    import generate

    from diplokg.build import STORE_DIR, ensure_built
    from diplokg.catalogue import load_catalogue
    from diplokg.engines import OxigraphEngine, RdflibEngine
    from diplokg.errors import QueryError
    from diplokg.query import answer

    ensure_built(project)
    started = time.perf_counter()
    if backend == "rdflib":
        engine: Any = RdflibEngine(project.dist_dir / "diplokg.trig")
    elif backend == MEMORY:
        engine = OxigraphEngine.in_memory(project.dist_dir / "diplokg.nq")
    else:
        engine = OxigraphEngine(project.dist_dir / STORE_DIR)
    out: dict[str, Any] = {"open": time.perf_counter() - started, "queries": {}}
    cap = float(os.environ.get("DIPLOKG_BENCH_QUERY_CAP", "60"))  # a query still running then is given up ("> cap")

    def give_up(signum: int, frame: Any) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, give_up)
    only = os.environ.get("DIPLOKG_BENCH_QUERY")
    for name, spec in sorted(load_catalogue(project.queries_dir).items()):
        if only and name != only:
            continue
        given = generate.sampled_facts(engine, spec)
        times: list[float] = []
        rows: int | str = 0
        out["queries"][name] = {"timeout": cap}
        for _ in range(runs):
            started = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, cap)
            try:
                rows = len(answer(engine, spec, given, with_labels=False).result.rows)
            except QueryError as exc:
                rows = f"error: {exc}"
            except TimeoutError:
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - started)
            out["queries"][name] = {"seconds": times, "rows": rows}
            if times[-1] > budget:  # one slow run is enough to know it misses the target
                break
    medians = [statistics.median(q["seconds"]) for q in out["queries"].values() if "seconds" in q]
    out["seconds"] = [statistics.median(medians)] if medians else []
    return out


# --- the parent: run each worker in its own process ----------------------------------------------


def run_worker(
    stage: str, backend: str, corpus: Path, runs: int, budget: float, timeout: float, env: dict[str, str] | None = None
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", stage, backend, "--corpus", str(corpus), "--runs", str(runs), "--budget", str(budget)]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env={**os.environ, "PYTHONHASHSEED": "0", **(env or {})}
        )
    except subprocess.TimeoutExpired:
        return {"timeout": timeout, "wall": time.perf_counter() - started}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"], "wall": time.perf_counter() - started}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def query_figures(corpus: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The catalogue on every engine. rdflib answers in Python, so one process loads the graph once and an
    alarm stops a query at the cap; Oxigraph (on disk, and in memory) answers in Rust, which no alarm
    interrupts, so each query runs in a process of its own, killed at the cap."""
    from diplokg.build import ensure_built
    from diplokg.catalogue import load_catalogue

    ensure_built(project_of(corpus))
    cap = args.query_cap
    names = sorted(load_catalogue(corpus / "queries"))
    reference = run_worker("queries", "rdflib", corpus, args.runs, args.budget, max(args.timeout, 600 + cap * (len(names) + 1)))
    figures = {"rdflib": reference}
    for backend in FAST_QUERY_BACKENDS:
        fast: dict[str, Any] = {"queries": {}}
        for name in names:
            env = {"DIPLOKG_BENCH_QUERY": name}
            one = run_worker("queries", backend, corpus, args.runs, args.budget, cap * args.runs + 120, env)
            fast["queries"][name] = one.get("queries", {}).get(name, {"timeout": cap})
            fast["open"] = one.get("open", fast.get("open"))
            fast["peak_mb"] = max(fast.get("peak_mb", 0), one.get("peak_mb", 0))
        medians = [statistics.median(q["seconds"]) for q in fast["queries"].values() if "seconds" in q]
        fast["seconds"] = [statistics.median(medians)] if medians else []
        figures[backend] = fast
    return figures


def process_times(command: list[str], runs: int, env: dict[str, str] | None = None, timeout: float = 600.0) -> dict[str, Any]:
    """Wall time of a whole process, ``runs`` times (once if it takes over a second); a timeout ends it."""
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        try:
            subprocess.run(command, capture_output=True, check=True, env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"timeout": timeout}
        times.append(time.perf_counter() - started)
        if times[-1] > 1.0:
            break
    return {"seconds": times}


def cli_figures(corpus: Path, runs: int, timeout: float) -> dict[str, Any]:
    """A tiny import against the flagship query as a whole process, on the built graph."""
    command = str(Path(sys.executable).with_name("diplokg"))
    env = {**os.environ, "DIPLOKG_ROOT": str(corpus), "DIPLOKG_SOURCES": str(corpus / "sources"), "DIPLOKG_DIST": str(corpus / "dist")}
    subprocess.run([command, "build"], capture_output=True, check=True, env=env)
    # rdflib's bytecode was compiled when pip installed it; compile diplokg's too, as a regular install or a
    # first import does (with PYTHONDONTWRITEBYTECODE set, an editable install recompiles it every run).
    import diplokg

    compileall.compile_dir(str(Path(diplokg.__file__).parent), quiet=1)
    baseline = process_times([sys.executable, "-c", "import rdflib"], runs)
    flagship = process_times([command, "query", FLAGSHIP, "-f", "csv"], runs, env, timeout)
    return {"import-rdflib": baseline, "diplokg-query": flagship}


def incremental_figures(corpus: Path, timeout: float) -> dict[str, Any]:
    """Add one article to the built corpus and build again (the fast build decides what to redo)."""
    import generate

    env = {**os.environ, "DIPLOKG_ROOT": str(corpus), "DIPLOKG_SOURCES": str(corpus / "sources"), "DIPLOKG_DIST": str(corpus / "dist")}
    diplokg = str(Path(sys.executable).with_name("diplokg"))
    subprocess.run([diplokg, "build"], capture_output=True, check=True, env=env)
    added = generate.add_article(corpus)
    try:
        started = time.perf_counter()
        done = subprocess.run([diplokg, "build"], capture_output=True, text=True, env=env, timeout=timeout)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            return {"incremental": {"error": done.stderr.strip().splitlines()[-3:]}}
        manifest = json.loads((corpus / "dist" / "manifest.json").read_text())
        return {"incremental": {"seconds": [seconds], "mode": manifest.get("mode", "full"), "stages": manifest.get("seconds")}}
    finally:
        added.unlink()  # dist/ is now stale: the next build of the corpus starts from scratch


# --- the report ----------------------------------------------------------------------------------


def _median(result: dict[str, Any] | None) -> float | None:
    if not result or "seconds" not in result or not result["seconds"]:
        return None
    return statistics.median(result["seconds"])


def _fmt_time(result: dict[str, Any] | None) -> str:
    if result is None:
        return "-"
    if "timeout" in result:
        return f"> {result['timeout']:.0f} s"
    if "error" in result:
        return "error"
    value = _median(result)
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ratio(slow: dict[str, Any] | None, fast: dict[str, Any] | None) -> str:
    f = _median(fast)
    if not f:
        return "-"
    if slow and "timeout" in slow:
        return f"> {slow['timeout'] / f:.0f}×"
    s = _median(slow)
    return f"{s / f:.1f}×" if s else "-"


def _mb(result: dict[str, Any] | None) -> str:
    return f"{result['peak_mb']:.0f}" if result and "peak_mb" in result else "-"


def report(results: dict[str, Any]) -> str:
    lines = [
        f"diplokg benchmark, {results['corpus']['triples']} asserted triples ({results['corpus']['articles']} articles), "
        f"{results['machine']['cpus']} CPUs, {results['machine']['memory_gib']} GiB, Python {results['machine']['python']}",
        "",
        f"{'stage (reference / fast)':<40} {'reference':>12} {'fast':>12} {'speed-up':>9} {'ref MB':>7} {'fast MB':>8}",
    ]
    for stage in STAGES:
        if stage not in results["stages"] or stage == "queries":
            continue
        slow_name, fast_name = BACKENDS[stage]
        slow, fast = results["stages"][stage].get(slow_name), results["stages"][stage].get(fast_name)
        label = f"{stage} ({slow_name} / {fast_name})"
        lines.append(f"{label:<40} {_fmt_time(slow):>12} {_fmt_time(fast):>12} {_ratio(slow, fast):>9} {_mb(slow):>7} {_mb(fast):>8}")
        if stage == "serialize":
            for suffix in FORMATS:
                s = {"seconds": slow["formats"][suffix]} if slow and "formats" in slow else None
                f = {"seconds": fast["formats"][suffix]} if fast and "formats" in fast else None
                lines.append(f"{'  ' + suffix:<40} {_fmt_time(s):>12} {_fmt_time(f):>12} {_ratio(s, f):>9}")
    queries = results["stages"].get("queries")
    if queries:
        slow, fast, memory = (queries.get(b) or {} for b in ("rdflib", "oxigraph", MEMORY))
        lines += [
            "",
            f"{'query (median)':<28} {'rdflib':>12} {'oxigraph':>12} {'speed-up':>9} {'in memory':>12} {'speed-up':>9} {'rows':>6}",
        ]
        for name in sorted(fast.get("queries", {})):
            s, f, m = slow.get("queries", {}).get(name), fast["queries"][name], memory.get("queries", {}).get(name)
            rows = f.get("rows", "")
            rows = "error" if isinstance(rows, str) and rows else rows  # an error message stands in the rows field
            lines.append(
                f"{name:<28} {_fmt_time(s):>12} {_fmt_time(f):>12} {_ratio(s, f):>9} {_fmt_time(m):>12} {_ratio(s, m):>9} {rows:>6}"
            )
        opened = [_fmt_time({"seconds": [b["open"]]} if "open" in b else None) for b in (slow, fast, memory)]
        lines.append(f"{'(opening the graph)':<28} {opened[0]:>12} {opened[1]:>12} {'':>9} {opened[2]:>12}")
    lines += ["", "targets", *targets(results)]
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[str]:
    """Each target of the issue beside the measured figure and its ratio to the rdflib/owlrl baseline."""
    stages = results["stages"]
    out = []

    def line(name: str, target: str, measured: str, ok: bool | None, versus: str) -> None:
        mark = "n/a" if ok is None else ("met" if ok else "MISSED")
        out.append(f"  {name:<44} target {target:<14} measured {measured:<16} {mark:<7} {versus}")

    cli = stages.get("cli", {})
    base, flagship = _median(cli.get("import-rdflib")), _median(cli.get("diplokg-query"))
    if base and flagship:
        line(
            "flagship query, whole CLI process",
            f"<= {base:.2f} s",
            f"{flagship:.2f} s",
            flagship <= base,
            f"{flagship / base:.2f}× `import rdflib`",
        )
    build = stages.get("build", {})
    fast = build.get("fast")
    if fast and _median(fast) is not None:
        seconds, mb = _median(fast), fast.get("peak_mb", 0)
        line(
            "full build (parse, validate, close, persist)",
            "<= 180 s, 4 GiB",
            f"{seconds:.0f} s, {mb / 1024:.2f} GiB",
            seconds <= 180 and mb <= 4096,
            f"reference {_fmt_time(build.get('reference'))} ({_ratio(build.get('reference'), fast)})",
        )
    incremental = stages.get("incremental", {}).get("incremental")
    if incremental and _median(incremental) is not None:
        seconds = _median(incremental)
        line(
            "add one article and rebuild",
            "<= 10 s",
            f"{seconds:.1f} s ({incremental.get('mode')})",
            seconds <= 10,
            f"full build {_fmt_time(fast)}",
        )
    queries = stages.get("queries", {})
    rd_q = (queries.get("rdflib") or {}).get("queries", {})

    def seconds(result: dict[str, Any]) -> float:
        return float(result["timeout"]) if "timeout" in result else statistics.median(result["seconds"])

    for backend in FAST_QUERY_BACKENDS:
        ox_q = (queries.get(backend) or {}).get("queries", {})
        if not ox_q:
            continue
        where = "on disk" if backend == "oxigraph" else "in memory"
        loaded = "" if backend == "oxigraph" else f"; graph loaded once in {_fmt_time({'seconds': [queries[backend].get('open', 0)]})}"
        worst = max(ox_q, key=lambda n: seconds(ox_q[n]))
        worst_s = seconds(ox_q[worst])
        met = sum(1 for q in ox_q.values() if seconds(q) <= 0.1)
        line(
            f"every catalogue query, embedded {where}",
            "<= 100 ms",
            f"max {worst_s * 1000:.0f} ms",
            worst_s <= 0.1,
            f"{met}/{len(ox_q)} within; slowest: {worst}{loaded}",
        )
        ratios = []
        for name, f in ox_q.items():
            s = rd_q.get(name)
            if s:  # a reference that timed out counts at its cap: the ratio is then a lower bound
                ratios.append(seconds(s) / max(seconds(f), 1e-6))
        if ratios:
            line(
                f"every query >= 10× faster than rdflib, {where}",
                ">= 10×",
                f"min {min(ratios):.1f}×",
                min(ratios) >= 10,
                f"median {statistics.median(ratios):.0f}× (rdflib runs stop after one over the budget)",
            )
    closure = stages.get("closure", {})
    if closure.get("rules"):
        line(
            "OWL-RL closure (no target in the issue)",
            "-",
            _fmt_time(closure["rules"]),
            None,
            f"owlrl {_fmt_time(closure.get('owlrl'))} ({_ratio(closure.get('owlrl'), closure['rules'])})",
        )
    return out


def machine() -> dict[str, Any]:
    memory = 0.0
    with contextlib.suppress(ValueError, OSError):
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pyoxigraph
    import rdflib

    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k", help="corpus size: 10k, 100k, 1M (default 10k)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default /tmp/diplokg-bench/<size>; generated if missing)")
    parser.add_argument("--only", default=",".join(STAGES), help=f"comma-separated stages (default all: {','.join(STAGES)})")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement where a median is taken (default 5)")
    parser.add_argument("--budget", type=float, default=10.0, help="a reference query slower than this is run once (s, default 10)")
    parser.add_argument("--timeout", type=float, default=900.0, help="give up a stage after this many seconds (default 900)")
    parser.add_argument("--query-cap", type=float, default=60.0, help="give up one query after this many seconds (default 60)")
    parser.add_argument("--json", type=Path, help="where to write the figures (default benchmarks/results/<size>.json)")
    parser.add_argument("--worker", nargs=2, metavar=("STAGE", "BACKEND"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        stage, backend = args.worker
        result = worker(stage, backend, args.corpus, args.runs, args.budget)
        result["peak_mb"] = _rss_mb()
        print(json.dumps(result))
        return 0

    os.environ["DIPLOKG_BENCH_QUERY_CAP"] = str(args.query_cap)  # read by the query workers
    corpus = corpus_for(args.size, args.corpus or Path("/tmp/diplokg-bench") / args.size)
    info = json.loads((corpus / "corpus.json").read_text())
    results: dict[str, Any] = {
        "size": args.size,
        "corpus": info,
        "machine": machine(),
        "stages": {},
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    target = args.json or ROOT / "benchmarks" / "results" / f"{args.size}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    if set(only) != set(STAGES) and target.is_file():  # measuring some stages again: keep the others' figures
        # A stage's figures are kept for the same corpus shape (size and seed); each stage records the
        # inputs digest it ran on, since a query edit changes the digest but not the parse or closure.
        previous = json.loads(target.read_text())
        old = previous.get("corpus", {})
        if (old.get("size"), old.get("seed")) == (info.get("size"), info.get("seed")):
            results["stages"] = {k: v for k, v in previous.get("stages", {}).items() if k not in only}
            for figures in results["stages"].values():
                figures.setdefault("inputs", old.get("inputs"))
    for stage in STAGES:
        if stage not in only:
            continue
        print(f"... {stage}", file=sys.stderr, flush=True)
        if stage == "cli":
            results["stages"][stage] = cli_figures(corpus, args.runs, args.timeout)
        elif stage == "incremental":
            results["stages"][stage] = incremental_figures(corpus, args.timeout)
        elif stage == "queries":
            results["stages"][stage] = query_figures(corpus, args)
        else:
            results["stages"][stage] = {
                backend: run_worker(stage, backend, corpus, args.runs, args.budget, args.timeout) for backend in BACKENDS[stage]
            }
        results["stages"][stage]["inputs"] = info.get("inputs")
        target.write_text(json.dumps(results, indent=2))  # what is measured so far survives an interruption
    text = report(results)
    print(text)
    target.write_text(json.dumps({**results, "report": text.splitlines()}, indent=2))
    print(f"\nfigures written to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
