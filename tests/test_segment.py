"""The sentence splitter on both articles' quirks: lost em-dashes, headings, bylines, captions."""

from __future__ import annotations

import itertools
from pathlib import Path

from diplokg.segment import split_sentences


def test_sentences_never_overlap_and_are_trimmed():
    text = "Heading\n\nFirst one.  Second\u00a0one?\n\n  Tail fragment"
    got = split_sentences(text)
    assert [s.text for s in got] == ["Heading", "First one.", "Second\u00a0one?", "Tail fragment"]
    assert all(text[s.start : s.end] == s.text for s in got)
    assert all(a.end <= b.start for a, b in itertools.pairwise(got))


def test_a_blank_line_ends_a_sentence_without_a_full_stop():
    got = split_sentences("BEIJING’S DISAPPROVAL\n\nSome experts disagree.")
    assert [s.text for s in got] == ["BEIJING’S DISAPPROVAL", "Some experts disagree."]


def test_lost_em_dash_stays_inside_its_sentence(sources: Path):
    text = (sources / "002_29f3fe4274afec98.txt").read_text(encoding="utf-8")
    [hit] = [s for s in split_sentences(text) if "power vacuumsuch" in s.text]
    assert hit.text.startswith("When new elites") and hit.text.endswith("not its disintegration.")
