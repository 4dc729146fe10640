"""The bounds an article's time phrase states by itself: the table of docs/time-phrases.md as a function.

A phrase that names a calendar date, month, part of a month, season, week before publication or run of
years ("On January 10", "in mid-November", "last fall", "In the last week", "during 2003–08") gives both
bounds of its span (their basis is dkg:Stated). Any other phrase ("recent", "now", "subsequent", "Soon
after", "within weeks", "during his new year's address") gives none: its bounds come from the publication
date, from another dated fact, from a name or from outside knowledge, and say so (dkg:earliestBasis,
dkg:latestBasis). The phrases are English as the articles write them, with the copies' lost dashes
("200308" for "2003–08").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(" + "|".join(MONTHS) + ")"

# Parts of a month overlap on purpose: the words are vague, and a bound must never exclude a day the phrase
# allows. "early" is the first half, "late" and "the end of" the second half, "mid" the middle half.
PARTS = {"early": (1, 15), "mid": (8, 23), "late": (16, 31), "end": (16, 31)}

# Seasons (northern hemisphere) run from the first day of their meteorological season to the last day of
# their astronomical one, the widest span either common reading gives: fall is 1 September to 22 December.
SEASONS = {"spring": ((3, 1), (6, 21)), "summer": ((6, 1), (9, 23)), "fall": ((9, 1), (12, 22)), "autumn": ((9, 1), (12, 22))}

# "within weeks" of an event: a count of weeks, so fewer than the twelve weeks at which one says "months".
WITHIN_WEEKS = timedelta(weeks=12)
# "a week after" an event: seven days after each of its bounds.
A_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Bounds:
    """The span a phrase states: first and last day it allows, and the precision (a dkg:DatePrecision local name)."""

    earliest: date
    latest: date
    precision: str


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_year(month: int, published: date, future: bool) -> int:
    """The year of a month named without one: the last such month begun by publication, or for a future act the next."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, _last_day(year, month)))


def stated_bounds(phrase: str | None, published: date, future: bool = False) -> Bounds | None:
    """The bounds the phrase states by the rules of docs/time-phrases.md, or None when it states no calendar span.

    `published` is the article's publication date (phrases like "last fall" and "In the last week" count back
    from it); `future` says the act lies after publication (expected, planned, proposed), so a month named
    without its year is the next one rather than the last.
    """
    if not phrase:
        return None
    text = phrase.lower().replace("’", "'")
    # A full date: "May 24, 2010", "January 16, 2015".
    if m := re.search(_MONTH + r" (\d{1,2}), (\d{4})", text):
        day = date(int(m[3]), MONTHS[m[1]], int(m[2]))
        return Bounds(day, day, "Day")
    # A month and day: "On January 10" (the year of publication, or the one before for a later day).
    if m := re.search(_MONTH + r" (\d{1,2})\b", text):
        month, number = MONTHS[m[1]], int(m[2])
        year = published.year if (month, number) <= (published.month, published.day) or future else published.year - 1
        return Bounds(date(year, month, number), date(year, month, number), "Day")
    # Part of a month: "the early December, 2013", "in mid-November", "At the end of October", "late May".
    if m := re.search(r"\b(early|mid|late|end of) ?-?" + _MONTH + r"(?:,? (\d{4}))?", text):
        part = "end" if m[1] == "end of" else m[1]
        month = MONTHS[m[2]]
        year = int(m[3]) if m[3] else _month_year(month, published, future)
        first, last = PARTS[part]
        return Bounds(_day(year, month, first), _day(year, month, last), "PartOfMonth")
    # A season: "last fall" (the last one begun before publication), "this summer".
    if m := re.search(r"\b(spring|summer|fall|autumn|winter)\b", text):
        if m[1] == "winter":
            start, end = (12, 1), (3, 21)
        else:
            start, end = SEASONS[m[1]]
        year = published.year if date(published.year, *start) <= published else published.year - 1
        last_year = year + 1 if m[1] == "winter" else year
        if "last" in text and date(last_year, *end) >= published:
            year, last_year = year - 1, last_year - 1
        return Bounds(date(year, *start), date(last_year, *end), "Season")
    # The week before publication: "In the last week", "last week".
    if re.search(r"\b(in the )?last week\b", text):
        return Bounds(published - A_WEEK, published, "Week")
    # A run of years: "the 1950-53 Korean War", "during 2003–08" (the copy lost the dash: "200308").
    if m := re.search(r"\b(1[89]\d\d|20\d\d)[-–]?(\d\d)\b", text):
        first = int(m[1])
        last = first // 100 * 100 + int(m[2])
        if last > first:
            return Bounds(date(first, 1, 1), date(last, 12, 31), "MultiYear")
    # A month and year: "The thaw began in September, 2014."
    if m := re.search(_MONTH + r",? (\d{4})", text):
        year, month = int(m[2]), MONTHS[m[1]]
        return Bounds(date(year, month, 1), _day(year, month, 31), "Month")
    # A month alone: "in April", "Last July", "December's", "In November".
    if m := re.search(r"\b" + _MONTH + r"\b", text):
        month = MONTHS[m[1]]
        year = _month_year(month, published, future)
        return Bounds(date(year, month, 1), _day(year, month, 31), "Month")
    # A year alone: "in 2014".
    if m := re.search(r"\b(1[89]\d\d|20\d\d)\b", text):
        return Bounds(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "Year")
    return None
