"""The coverage report for people (a table per article that fits the terminal) and for tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable

from .. import results
from ..engines import Result
from ..results import TABLE_WIDTH
from ..terms import XSD, Term
from .measure import UNCOVERED, ArticleCoverage, SentenceCoverage, short_name

COLUMNS = ["#", "status", "quoted", "facts or reason", "sentence"]


def figures_line(article: ArticleCoverage) -> str:
    """``kei-2013-05-24: 47 sentences, 34 covered, 13 waived, 0 uncovered``."""
    f = article.figures
    return f"{article.slug}: {f['sentences']} sentences, {f['covered']} covered, {f['waived']} waived, {f['uncovered']} uncovered"


def _head(article: ArticleCoverage) -> str:
    """The figures, then the files read: the source text and the waiver file."""
    return f"{figures_line(article)}\n  source text: {article.source_file}\n  waivers: {article.waivers_file or 'none'}\n"


def _why(entry: SentenceCoverage) -> str:
    if entry.facts:
        return ", ".join(short_name(f.iri) for f in entry.facts)
    return entry.waiver.reason if entry.waiver else ""


def _rows(entries: list[SentenceCoverage]) -> Result:
    rows = [
        {
            "#": Term.literal(str(e.sentence.number), XSD + "integer"),
            "status": Term.literal(e.status),
            "quoted": Term.literal(f"{e.quoted_share:.0%}", XSD + "string") if e.facts else Term.literal(""),
            "facts or reason": Term.literal(_why(e)),
            "sentence": Term.literal(e.sentence.text),
        }
        for e in entries
    ]
    return Result("select", list(COLUMNS), rows)


def _chosen(article: ArticleCoverage, uncovered_only: bool) -> list[SentenceCoverage]:
    return [s for s in article.sentences if s.status == UNCOVERED or not uncovered_only]


def to_table(articles: list[ArticleCoverage], uncovered_only: bool = False, width: int = TABLE_WIDTH, wide: bool = False) -> str:
    """Per article its figures, then one line per sentence (number, status, the share of it that facts quote, its
    facts or its waiver's reason, the sentence), cut to ``width`` unless ``wide``; ``uncovered_only`` lists
    just the sentences left to do."""
    return _report(articles, uncovered_only, lambda rows: results.to_table(rows, {}, {}, width=width, wide=wide))


def to_records(articles: list[ArticleCoverage], uncovered_only: bool = False, width: int = TABLE_WIDTH) -> str:
    """As :func:`to_table`, one block of ``column: value`` lines per sentence, every value whole."""
    return _report(articles, uncovered_only, lambda rows: results.to_records(rows, {}, {}, width=width))


def _report(articles: list[ArticleCoverage], uncovered_only: bool, render: Callable[[Result], str]) -> str:
    blocks = []
    for article in articles:
        entries = _chosen(article, uncovered_only)
        if uncovered_only and not entries:
            blocks.append(_head(article) + "  nothing left: every sentence is covered or waived\n")
            continue
        blocks.append(_head(article) + render(_rows(entries)))
    if len(articles) > 1:
        total = {k: sum(a.figures[k] for a in articles) for k in articles[0].figures}
        blocks.append(
            f"all {len(articles)} articles: {total['sentences']} sentences, {total['covered']} covered, "
            f"{total['waived']} waived, {total['uncovered']} uncovered\n"
        )
    return "\n".join(blocks)


def to_json(articles: list[ArticleCoverage], uncovered_only: bool = False) -> str:
    """The report as JSON: per article its IRI, slug, source file, waiver file, figures, and its sentences (all,
    or the uncovered ones) with offsets, text, status, quoted share (0 to 1), facts (IRI and label) and waiver reason."""
    out = {
        "articles": [
            {
                "article": a.article,
                "slug": a.slug,
                "source": a.source_file,
                "waivers": a.waivers_file,
                "figures": a.figures,
                "sentences": [
                    {
                        "number": e.sentence.number,
                        "start": e.sentence.start,
                        "end": e.sentence.end,
                        "text": e.sentence.text,
                        "status": e.status,
                        "quoted": e.quoted_share,
                        "facts": [{"iri": f.iri, "label": f.label} for f in e.facts],
                        "reason": e.waiver.reason if e.waiver and not e.facts else None,
                    }
                    for e in _chosen(a, uncovered_only)
                ],
            }
            for a in articles
        ]
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


__all__ = ["figures_line", "to_json", "to_records", "to_table"]
