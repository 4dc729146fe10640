"""Dates a sentence gives in words ("In February", "Last July", "On January 10", "May 24, 2010", "in mid-November",
"at the end of October", "the early December, 2013"), as the time span a stub proposes.

A month without a year is the latest such month not after the publication ("Last July" in an article of January
2015 is July 2014). Parts of a month follow docs/time-phrases.md (diplokg.time_phrases.PARTS): early 1–15, mid
8–23, late and the end of 16 to its last day. Anything vaguer ("recently", "last fall", "in recent months") is left to the person,
and the stub keeps the bound every act has: no later than the publication.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from ..time_phrases import MONTHS, PARTS

_PART = r"(?:(?P<part>early|mid|late|the end of|end of)[- ]+)?"
_DATE = re.compile(
    rf"(?:\b(?P<lead>in|on|last|since|by|during|at|from|until|the)\s+)?{_PART}"
    rf"\b(?P<month>{'|'.join(m.capitalize() for m in MONTHS)})\b(?:\s+(?P<day>[0-3]?\d)\b)?(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_PARTS = {"early": PARTS["early"], "mid": PARTS["mid"], "late": PARTS["late"], "the end of": PARTS["end"], "end of": PARTS["end"]}


@dataclass(frozen=True)
class DateHint:
    """A time span read from words: its bounds, the diplokg precision, and the words."""

    phrase: str
    start: int  # where the words start in the text
    earliest: date
    latest: date
    precision: str  # Day, Month, PartOfMonth


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def date_hints(text: str, published: date) -> list[DateHint]:
    """The dates ``text`` gives, in order; a month needs a capital, so "may" and "march" the verbs are not dates."""
    hints = []
    for m in _DATE.finditer(text):
        if not m.group("month")[0].isupper():
            continue
        month = MONTHS[m.group("month").lower()]
        day = int(m.group("day")) if m.group("day") else None
        year = int(m.group("year")) if m.group("year") else None
        if year is None:
            year = published.year
            if (month, day or 1) > (published.month, published.day):
                year -= 1  # no year given: the latest such month not after the publication
        last = _last_day(year, month)
        phrase = m.group().strip()
        if day is not None:
            if not 1 <= day <= last:
                continue
            hints.append(DateHint(phrase, m.start(), date(year, month, day), date(year, month, day), "Day"))
        elif m.group("part"):
            first, end = _PARTS[m.group("part").lower()]
            hints.append(DateHint(phrase, m.start(), date(year, month, first), date(year, month, min(end, last)), "PartOfMonth"))
        else:
            hints.append(DateHint(phrase, m.start(), date(year, month, 1), date(year, month, last), "Month"))
    return hints
