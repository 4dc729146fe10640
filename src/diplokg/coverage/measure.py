"""Matching an article's sentences to the facts whose evidence lies in them and to its waivers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..dataset import display_path
from ..errors import ConfigError, ValidationError
from ..project import Project
from ..segment import Sentence, split_sentences
from ..sources import SourceTexts
from .spans import ArticleSpans, Span, article_spans
from .waivers import Waiver, article_slug, loose, read_waivers, waiver_files

COVERED, WAIVED, UNCOVERED = "covered", "waived", "uncovered"
PREVIEW = 60  # characters of a sentence quoted in a problem line


@dataclass(frozen=True)
class Fact:
    """A fact with evidence in a sentence: its IRI and English label."""

    iri: str
    label: str


@dataclass
class SentenceCoverage:
    """One sentence, the facts whose evidence overlaps it, and its waiver if it has none."""

    sentence: Sentence
    facts: list[Fact] = field(default_factory=list)
    waiver: Waiver | None = None
    quoted: int = 0  # characters of the sentence inside some fact's evidence

    @property
    def quoted_share(self) -> float:
        """The share of the sentence's characters that some fact quotes (0 to 1): a covered sentence with a low
        share may say more than its facts hold."""
        length = self.sentence.end - self.sentence.start
        return round(self.quoted / length, 2) if length else 0.0

    @property
    def status(self) -> str:
        """covered (some fact quotes it), waived (none does, on purpose) or uncovered (work left)."""
        return COVERED if self.facts else WAIVED if self.waiver else UNCOVERED


@dataclass
class ArticleCoverage:
    """An article's sentences with their facts and waivers, and the figures."""

    article: str
    slug: str
    source_file: str
    sentences: list[SentenceCoverage]
    waivers_file: str | None = None  # as shown in messages, when the article has one

    def count(self, status: str) -> int:
        return sum(1 for s in self.sentences if s.status == status)

    @property
    def figures(self) -> dict[str, int]:
        """sentences, covered, waived, uncovered."""
        return {"sentences": len(self.sentences), **{k: self.count(k) for k in (COVERED, WAIVED, UNCOVERED)}}


def _located(span: Span, text: str) -> tuple[int, int] | None:
    """A span's offsets; a quote without them (short form) is found in the text when it occurs once."""
    if span.start is not None and span.end is not None:
        return span.start, span.end
    if span.exact and text.count(span.exact) == 1:
        start = text.index(span.exact)
        return start, start + len(span.exact)
    return None


def short_name(iri: str) -> str:
    """An IRI in the project's prefixed form (``claim:x``), as tables and messages show facts."""
    from ..iris import PREFIXES
    from ..results import compact

    return compact(iri, dict(PREFIXES))


def _preview(text: str) -> str:
    text = loose(text)
    return repr(text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…")


def measure_article(spans: ArticleSpans, text: str, waivers: list[Waiver], shown: str | None = None) -> tuple[ArticleCoverage, list[str]]:
    """The coverage of one article, and the problems of its waivers (``shown`` names their file): a waiver on
    text not in the source, on text that is not one whole sentence, or on a sentence that facts cover."""
    sentences = [SentenceCoverage(s) for s in split_sentences(text)]
    quoted = bytearray(len(text))  # 1 where some evidence span lies
    for span in spans.spans:
        where = _located(span, text)
        if where is None:
            continue  # a quote not in the source: validation reports it
        quoted[where[0] : where[1]] = b"\x01" * (min(where[1], len(text)) - where[0])
        for entry in sentences:
            if entry.sentence.contains(*where) and all(f.iri != span.fact for f in entry.facts):
                entry.facts.append(Fact(span.fact, span.label))
    for entry in sentences:
        entry.facts.sort(key=lambda f: f.iri)
        entry.quoted = sum(quoted[entry.sentence.start : entry.sentence.end])
    by_text: dict[str, list[SentenceCoverage]] = {}
    for entry in sentences:
        by_text.setdefault(loose(entry.sentence.text), []).append(entry)
    problems: list[str] = []
    whole = loose(text)
    for waiver in waivers:
        where = f"{shown or waiver.path}:{waiver.line}"
        matched = by_text.get(waiver.key)
        if matched is None:
            if waiver.key not in whole:
                problems.append(f"{where}: waived text {_preview(waiver.text)} is not in the source {spans.source_file}")
            else:
                within = [e.sentence.number for e in sentences if waiver.key in loose(e.sentence.text)]
                inside = f" (it lies within sentence {within[0]})" if within else " (it spans several sentences)"
                problems.append(f"{where}: waived text {_preview(waiver.text)} is not one whole sentence of {spans.source_file}{inside}")
            continue
        if all(e.facts for e in matched):
            facts = ", ".join(short_name(f.iri) for f in matched[0].facts)
            problems.append(f"{where}: sentence {matched[0].sentence.number} is covered by {facts}: remove its waiver")
            continue
        for entry in matched:
            entry.waiver = waiver
    return ArticleCoverage(spans.article, spans.slug, spans.source_file, sentences, shown), problems


def _waivers_by_slug(project: Project, known: Iterable[str]) -> tuple[dict[str, tuple[str, list[Waiver]]], list[str]]:
    """Each waiver file's waivers by article slug (with the file as shown), and the files' problems."""
    known = set(known)
    out: dict[str, tuple[str, list[Waiver]]] = {}
    problems: list[str] = []
    for path in waiver_files(project.data_dir):
        shown = display_path(project, path)
        slug = article_slug(path)
        if slug not in known:
            names = ", ".join(sorted(known)) or "none"
            problems.append(f"{shown}: no article {slug!r} with a source text (known: {names})")
            continue
        waivers, found = read_waivers(path, shown)
        problems += found
        out[slug] = (shown, waivers)
    return out, problems


def measure_all(
    project: Project, query: Callable[[str], Iterable[Any]], texts: SourceTexts, missing: dict[str, str] | None = None
) -> tuple[list[ArticleCoverage], list[str]]:
    """Every article's coverage (in slug order) and every waiver problem, the data read through ``query``.

    An article whose source file is missing is left out, and said in ``missing`` (by slug) when given:
    validation reports it with the evidence, so it is not a waiver problem."""
    articles = sorted(article_spans(query).values(), key=lambda a: a.slug)
    waivers, problems = _waivers_by_slug(project, (a.slug for a in articles))
    out = []
    for spans in articles:
        if not (texts.sources_dir / spans.source_file).is_file():
            if missing is not None:
                missing[spans.slug] = f"{spans.article}: source file {spans.source_file} not found in {texts.sources_dir}"
            continue
        shown, listed = waivers.get(spans.slug, (None, []))
        coverage, found = measure_article(spans, texts.text(spans.source_file), listed, shown)
        problems += found
        out.append(coverage)
    return out, problems


def waiver_problems(project: Project, query: Callable[[str], Iterable[Any]], texts: SourceTexts) -> list[str]:
    """What is wrong with the project's waiver files (for ``diplokg validate`` and the build), one line each."""
    return measure_all(project, query, texts)[1]


def coverage_of_project(project: Project, slug: str | None = None) -> list[ArticleCoverage]:
    """The coverage of every article with a source text (or of the one named by ``slug``), read from data/.

    Raises ConfigError for an unknown slug (naming the known ones) or missing source texts, and
    ValidationError when a waiver file has problems.
    """
    from ..dataset import load_store

    texts = SourceTexts(project.sources_dir)
    if not texts.available():
        raise ConfigError(f"source texts not found in {project.sources_dir} (set DIPLOKG_SOURCES)")
    stored = load_store(project, project.data_files())
    missing: dict[str, str] = {}
    articles, problems = measure_all(project, stored.store.query, texts, missing)
    if problems:
        raise ValidationError(problems)
    if slug is None:
        if missing:
            raise ConfigError(next(iter(missing.values())))
        return articles
    if slug in missing:
        raise ConfigError(missing[slug])
    chosen = [a for a in articles if a.slug == slug]
    if not chosen:
        names = ", ".join(sorted([a.slug for a in articles] + list(missing))) or "none"
        raise ConfigError(f"no article {slug!r} with a source text (known: {names})")
    return chosen


__all__ = [
    "COVERED",
    "UNCOVERED",
    "WAIVED",
    "ArticleCoverage",
    "Fact",
    "SentenceCoverage",
    "coverage_of_project",
    "measure_all",
    "measure_article",
    "waiver_problems",
]
