"""Timelines drawn as SVG when the site is built: Vega-Lite specs rendered offline by ``vl-convert-python``.

Each fact is one bar from the start of its earliest bound to the end of its latest, so a fact known only
"by 2013" is a long bar and one known to the day a thin one: the uncertainty shows. A bound the article does
not give is drawn to the edge of the chart (which runs a year past the bounds given), faded, and said so in the
bar's description. Facts with no bound at
all are not drawn (the page lists them).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

import vl_convert
from markupsafe import Markup

from .facts import Fact
from .svg import clean_svg

WIDTH = 640
ROW_HEIGHT = 18
LABEL_CHARS = 48  # row names are cut to this: fonts differ between where it is drawn and where it is read
SHORT = 0.015  # a bar narrower than this share of the axis also gets a dot, so a one-day fact is seen
POOL_FROM = 20  # timelines in a site before a worker process pays for its start (about 0.5 s)
MAX_WORKERS = 4
VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"


@dataclass
class Bar:
    """One row of a timeline."""

    fact: Fact
    category: str
    start: date  # drawn from (the earliest bound, or the axis's start when open)
    end: date  # drawn to, exclusive (the day after the latest bound, or the axis's end when open)
    open_start: bool
    open_end: bool


def axis(facts: list[Fact]) -> tuple[date, date] | None:
    """The chart's span: whole years from the earliest bound given to the latest, one more year on a side where
    some fact has no bound, so its bar visibly runs off into the unknown rather than stopping at the first date."""
    days = [d for f in facts for d in (f.when.earliest, f.when.end_exclusive) if d is not None]
    if not days:
        return None
    open_start = any(f.when.earliest is None for f in facts)
    open_end = any(f.when.latest is None for f in facts)
    first = date(min(days).year - (1 if open_start else 0), 1, 1)
    last_day = max(days)
    last = date(last_day.year + (1 if open_end else 0) + (0 if last_day == date(last_day.year, 1, 1) else 1), 1, 1)
    return first, last


def bars(rows: list[tuple[Fact, str]]) -> tuple[list[Bar], tuple[date, date] | None]:
    """The bars of ``rows`` (fact, category), in the order given, and the axis they are drawn on."""
    rows = [(f, c) for f, c in rows if f.when.earliest or f.when.latest]
    span = axis([f for f, _ in rows])
    if span is None:
        return [], None
    out = []
    for fact, category in rows:
        start = fact.when.earliest or span[0]
        end = fact.when.end_exclusive or span[1]
        out.append(Bar(fact, category, start, end, fact.when.earliest is None, fact.when.latest is None))
    return out, span


def spec(items: list[Bar], span: tuple[date, date], colours: dict[str, str]) -> dict:
    """The Vega-Lite spec of a timeline: one bar per item, its row named by the fact's label."""
    seen: dict[str, int] = {}
    values = []
    for item in items:
        name = item.fact.label if len(item.fact.label) <= LABEL_CHARS else item.fact.label[: LABEL_CHARS - 1] + "…"
        seen[name] = seen.get(name, 0) + 1
        row = name if seen[name] == 1 else f"{name} ({seen[name]})"
        bounds = item.fact.when.bounds + ("; no earliest bound" if item.open_start else "") + ("; no latest bound" if item.open_end else "")
        length = (item.end - item.start).days / max((span[1] - span[0]).days, 1)
        values.append(
            {
                "row": row,
                "start": item.start.isoformat(),
                "end": item.end.isoformat(),
                "mid": date.fromordinal((item.start.toordinal() + item.end.toordinal()) // 2).isoformat(),
                "category": item.category,
                "open": item.open_start or item.open_end,
                "short": length < SHORT,
                "href": str(item.fact.iri),
                "description": f"{item.fact.label}: {bounds}",
            }
        )
    domain = [span[0].isoformat(), span[1].isoformat()]
    categories = sorted({v["category"] for v in values})
    colour = {
        "field": "category",
        "type": "nominal",
        "title": None,
        "scale": {"domain": categories, "range": [colours.get(c, "#777777") for c in categories]},
        "legend": {"orient": "bottom", "columns": 2, "columnPadding": 24, "labelLimit": 0},
    }
    x = {
        "field": "start",
        "type": "temporal",
        "title": None,
        "scale": {"type": "utc", "domain": domain},
        "axis": {"format": "%Y", "grid": True, "tickCount": {"interval": "year", "step": 1}},
    }
    y = {"field": "row", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 0}}
    return {
        "$schema": VEGA_LITE,
        "width": WIDTH,
        "height": {"step": ROW_HEIGHT},
        "background": "white",
        "config": {"font": "sans-serif", "view": {"stroke": "#ddd"}, "axis": {"labelFontSize": 11}, "legend": {"labelFontSize": 11}},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y": y,
                    "x": x,
                    "x2": {"field": "end"},
                    "color": colour,
                    "opacity": {"condition": {"test": "datum.open", "value": 0.4}, "value": 0.9},
                    "href": {"field": "href"},
                    "description": {"field": "description"},
                },
            },
            {
                "transform": [{"filter": "datum.short"}],
                "mark": {"type": "point", "filled": True, "size": 36, "aria": False},
                "encoding": {"y": y, "x": {**x, "field": "mid"}, "color": colour, "href": {"field": "href"}},
            },
        ],
    }


class Rendering:
    """SVG text of Vega-Lite specs, rendered while the caller does other work; ``result()`` waits for them.

    vl-convert renders one chart at a time in a process (about 3 ms a row label: it measures text), so a site
    with many timelines renders them in worker processes, alongside the pages the parent writes meanwhile."""

    def __init__(self, specs: list[dict], workers: int | None = None) -> None:
        self.specs = specs
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list = []
        if len(specs) >= POOL_FROM:
            workers = workers or min(max((os.cpu_count() or 1) - 1, 1), MAX_WORKERS)  # one CPU stays with the parent
            # spawned, not forked: a worker needs vl-convert only, not a copy of the parent's graph
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            self.futures = [self.pool.submit(vl_convert.vegalite_to_svg, spec) for spec in specs]

    def result(self) -> list[str]:
        """The SVG text of every spec, in order (waits for the workers)."""
        if self.pool is None:
            return [vl_convert.vegalite_to_svg(spec) for spec in self.specs]
        try:
            return [future.result() for future in self.futures]
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (pending charts are cancelled)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def draw(svg: str, link: Callable[[str], str | None], title: str) -> Markup:
    """A rendered timeline as inline SVG, every bar a link to its fact's page."""
    return clean_svg(svg, link, title)
