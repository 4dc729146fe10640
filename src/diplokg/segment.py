"""Split an article's text into sentences with character offsets (pysbd), for coverage and drafting.

Offsets are Python string indices into the decoded text, the same indices evidence nodes use, so a
sentence and an evidence span compare directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

# Whitespace that pysbd leaves at a segment's ends: spaces, no-break spaces, line breaks.
_EDGE_SPACE = " \t\r\n\u00a0\u200b\u3000"
# A blank line always ends a sentence: headings, captions and bylines stand alone even without a full stop.
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its position in the article (from 1), its span ``[start, end)`` and its text."""

    number: int
    start: int
    end: int
    text: str

    def contains(self, start: int, end: int) -> bool:
        """True when the span ``[start, end)`` overlaps this sentence."""
        return start < self.end and end > self.start


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_SPACE:
        start += 1
    while end > start and text[end - 1] in _EDGE_SPACE:
        end -= 1
    return start, end


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``[start, end)`` at blank lines, trimmed; empty pieces dropped."""
    out = []
    cut = start
    for m in _BLANK_LINE.finditer(text, start, end):
        out.append(_trimmed(text, cut, m.start()))
        cut = m.end()
    out.append(_trimmed(text, cut, end))
    return [(s, e) for s, e in out if e > s]


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, each trimmed of surrounding white space; spans never overlap."""
    spans: list[tuple[int, int]] = []
    for seg in _segmenter().segment(text):
        spans += _pieces(text, seg.start, seg.end)
    return [Sentence(n, s, e, text[s:e]) for n, (s, e) in enumerate(spans, start=1)]
