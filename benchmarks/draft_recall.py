"""How much of the hand encoding the draft worksheet finds, and how fast add-article + draft run (issue 18).

    python benchmarks/draft_recall.py            # figures per article and in total, then the timing
    python benchmarks/draft_recall.py --missed   # also every expected mention and act the worksheet missed

The worksheet is made for each encoded article as if it were new (its facts play no part: the gazetteer reads the
shared entities, the lexicon the words) and compared with the facts of its data file; src/diplokg/authoring/
evaluate.py defines each figure. Goals: entity mentions found ≥ 95 %, acts given a right candidate class ≥ 80 %,
add-article + draft on a 2,000-word article < 2 s (two CLI processes, as a user runs them, in a scratch copy of
the project; the article is the first 2,000 words of the two source texts, one after the other).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from diplokg.authoring.evaluate import Figures, evaluate  # noqa: E402
from diplokg.project import find_project  # noqa: E402

WORDS = 2000
RUNS = 5


def pct(n: int, d: int) -> str:
    return f"{n}/{d} = {100 * n / d:.1f} %" if d else "–"


def show(name: str, f: Figures) -> None:
    rows = [
        ("entity mentions found", pct(f.mentions_found, f.mentions_expected)),
        ("wrong proposals", f"{f.mentions_wrong} (of {f.mentions_proposed} sentence-entity pairs proposed)"),
        ("unconfirmed proposals", f"{f.mentions_unconfirmed} (no fact quoting the sentence links them: not encoded, or wrong)"),
        ("actor links listed", f"{pct(f.actor_links_listed, f.actor_links)} (initiator, target, participant, in the fact's sentence)"),
        ("acts given a right class", pct(f.acts_found, f.acts)),
        ("... given their own class", pct(f.acts_exact, f.acts)),
        ("candidate precision", pct(f.candidates_right, f.candidates)),
        ("dated acts, stub date right", pct(f.dated_acts_right, f.dated_acts)),
        ("bound-only acts given a date", f"{f.undated_acts_given_a_date} of {f.acts - f.dated_acts}"),
    ]
    print(name)
    for label, value in rows:
        print(f"  {label:<30}{value}")


def timing(project_root: Path, sources: Path) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of `diplokg add-article` + `diplokg draft` on a 2,000-word text, RUNS times each
    (CPU: user + system time of the two processes, which a machine shared with other work does not inflate)."""
    words = " ".join((sources / name).read_text(encoding="utf-8") for name in sorted(os.listdir(sources))[:2]).split(" ")
    text = " ".join(words[:WORDS]).replace(" \n", "\n")
    exe = Path(sys.executable).with_name("diplokg")
    out, cpu = [], []
    for run in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            root, own = Path(tmp) / "project", Path(tmp) / "sources"
            for folder in ("ontology", "data", "queries"):
                shutil.copytree(project_root / folder, root / folder)
            own.mkdir()
            article = Path(tmp) / "article.txt"
            article.write_text(f"Timing text {run}.\n" + text, encoding="utf-8")
            env = {**os.environ, "DIPLOKG_SOURCES": str(own)}
            start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            add = [str(exe), "--root", str(root), "add-article", str(article), "--headline", "Timing", "--author", "Troy Stangarone"]
            subprocess.run([*add, "--published", "2020-01-01", "--publisher", "KEI"], env=env, check=True, capture_output=True)
            draft = [str(exe), "--root", str(root), "draft", "kei-2020-01-01", "--out", str(Path(tmp) / "sheet.md")]
            subprocess.run(draft, env=env, check=True, capture_output=True)
            out.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            assert len(text.split()) >= WORDS - 5
    return out, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missed", action="store_true", help="list what the worksheet missed")
    args = parser.parse_args()
    project = find_project(ROOT)
    started = time.perf_counter()
    figures = evaluate(project)
    elapsed = time.perf_counter() - started
    total = Figures()
    for name, f in figures.items():
        show(name, f)
        total = total + f
        if args.missed:
            for line in f.missed_mentions + f.missed_acts + [f"wrong: {w}" for w in f.wrong_mentions] + f.unlisted_links:
                print(f"    {line}")
    show("both articles", total)
    print(f"  (evaluation of both: {elapsed:.2f} s)")
    times, cpu = timing(project.root, project.sources_dir)
    print(
        f"add-article + draft, {WORDS} words, two CLI processes ({RUNS} runs): wall median {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s; CPU median {statistics.median(cpu):.2f} s"
    )
    goals = [
        ("entity mentions ≥ 95 %", total.mention_recall >= 0.95),
        ("acts ≥ 80 %", total.act_recall >= 0.80),
        ("add-article + draft < 2 s", statistics.median(times) < 2.0),
    ]
    print("goals: " + ", ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in goals))


if __name__ == "__main__":
    main()
