"""Coverage: which sentences of each article carry facts, which are waived on purpose, which are work left.

``spans`` reads the articles and their facts' evidence spans from the data, ``waivers`` reads and checks the
waiver files (``data/<article>.waivers.tsv``), ``measure`` matches sentences to facts and waivers, ``render``
writes the report as a table or JSON.
"""

from __future__ import annotations

from .measure import ArticleCoverage, SentenceCoverage, coverage_of_project, waiver_problems
from .waivers import WAIVERS_SUFFIX, Waiver, read_waivers

__all__ = [
    "WAIVERS_SUFFIX",
    "ArticleCoverage",
    "SentenceCoverage",
    "Waiver",
    "coverage_of_project",
    "read_waivers",
    "waiver_problems",
]
