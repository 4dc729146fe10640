"""Waiver files: the sentences of an article deliberately left without a fact, each with the reason.

One file per article, ``data/<article>.waivers.tsv`` (the build reads only ``*.ttl`` from data/, so it never
takes a waiver file for data). A header line ``sentence<TAB>reason``, then one waiver a line: the sentence's
text, a tab, why it carries no fact. Lines starting with ``#`` and blank lines are ignored. A sentence is
named by its text, not its offsets, so the file survives a change of the segmenter; white space is compared
loosely (every run of spaces, no-break spaces and line breaks counts as one space), so a waiver can be
typed without the source's invisible characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WAIVERS_SUFFIX = ".waivers.tsv"
HEADER = ("sentence", "reason")


@dataclass(frozen=True)
class Waiver:
    """One waiver: the file and line it is on, the sentence's text as written, and the reason."""

    path: Path
    line: int
    text: str
    reason: str

    @property
    def key(self) -> str:
        """The text as compared with sentences: white space runs as one space."""
        return loose(self.text)


def loose(text: str) -> str:
    """``text`` with every run of white space (no-break spaces and line breaks too) as one space, trimmed.

    >>> loose("By Kim\\u00a0\\u00a0 FOREIGN\\nAFFAIRS ")
    'By Kim FOREIGN AFFAIRS'
    """
    return " ".join(text.split())


def waiver_files(data_dir: Path) -> list[Path]:
    """The waiver files of a project's data folder, in name order."""
    return sorted(data_dir.glob(f"*{WAIVERS_SUFFIX}"))


def article_slug(path: Path) -> str:
    """The article a waiver file is for: ``kei-2013-05-24.waivers.tsv`` -> ``kei-2013-05-24``."""
    return path.name[: -len(WAIVERS_SUFFIX)]


def read_waivers(path: Path, shown: str) -> tuple[list[Waiver], list[str]]:
    """The waivers of one file and the problems of its form (one line each, naming ``shown`` and the line):
    no header, a line without exactly one tab, an empty text or reason, a sentence waived twice."""
    try:
        lines = path.read_bytes().decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        return [], [f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})"]
    except OSError as exc:
        return [], [f"{shown}: cannot read file: {exc.strerror or exc}"]
    waivers: list[Waiver] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    header = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if not header:
            header = True
            if tuple(f.strip().lower() for f in fields) != HEADER:
                problems.append(f"{shown}:{number}: the first line must be the header 'sentence<TAB>reason'")
            continue
        if len(fields) != 2:
            problems.append(f"{shown}:{number}: a waiver is the sentence, one tab, the reason ({len(fields) - 1} tabs found)")
            continue
        text, reason = fields[0], fields[1].strip()
        if not loose(text):
            problems.append(f"{shown}:{number}: the sentence is empty")
            continue
        if not reason:
            problems.append(f"{shown}:{number}: a waiver needs a reason (why the sentence carries no fact)")
            continue
        waiver = Waiver(path, number, text, reason)
        if waiver.key in seen:
            problems.append(f"{shown}:{number}: the same sentence is waived on line {seen[waiver.key]}")
            continue
        seen[waiver.key] = number
        waivers.append(waiver)
    if not header:
        problems.append(f"{shown}: no header line 'sentence<TAB>reason'")
    return waivers, problems
