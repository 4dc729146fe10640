"""The table of docs/time-phrases.md (diplokg.time_phrases) and every time span of the data against it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import select

from diplokg.time_phrases import A_WEEK, WITHIN_WEEKS, Bounds, stated_bounds

KEI = date(2013, 5, 24)
FA = date(2015, 1, 21)
FUTURE = {"dkg:Expected", "dkg:Planned", "dkg:Proposed", "dkg:Recommended", "dkg:Hypothetical"}


@pytest.mark.parametrize(
    ("phrase", "published", "future", "expected"),
    [
        ("May 24, 2010", FA, False, Bounds(date(2010, 5, 24), date(2010, 5, 24), "Day")),
        ("On January 10", FA, False, Bounds(date(2015, 1, 10), date(2015, 1, 10), "Day")),
        ("On December 10", FA, False, Bounds(date(2014, 12, 10), date(2014, 12, 10), "Day")),
        ("the early December, 2013", FA, False, Bounds(date(2013, 12, 1), date(2013, 12, 15), "PartOfMonth")),
        ("in mid-November", FA, False, Bounds(date(2014, 11, 8), date(2014, 11, 23), "PartOfMonth")),
        ("At the end of October", FA, False, Bounds(date(2014, 10, 16), date(2014, 10, 31), "PartOfMonth")),
        ("late February", FA, False, Bounds(date(2014, 2, 16), date(2014, 2, 28), "PartOfMonth")),
        ("last fall", KEI, False, Bounds(date(2012, 9, 1), date(2012, 12, 22), "Season")),
        ("last fall", date(2014, 10, 15), False, Bounds(date(2013, 9, 1), date(2013, 12, 22), "Season")),
        ("last winter", KEI, False, Bounds(date(2012, 12, 1), date(2013, 3, 21), "Season")),
        ("In the last week", KEI, False, Bounds(date(2013, 5, 17), date(2013, 5, 24), "Week")),
        ("the 1950-53 Korean War", FA, False, Bounds(date(1950, 1, 1), date(1953, 12, 31), "MultiYear")),
        ("during 200308", FA, False, Bounds(date(2003, 1, 1), date(2008, 12, 31), "MultiYear")),
        ("The thaw began in September, 2014.", FA, False, Bounds(date(2014, 9, 1), date(2014, 9, 30), "Month")),
        ("December’s", KEI, False, Bounds(date(2012, 12, 1), date(2012, 12, 31), "Month")),
        ("February’s", KEI, False, Bounds(date(2013, 2, 1), date(2013, 2, 28), "Month")),
        ("in June", KEI, True, Bounds(date(2013, 6, 1), date(2013, 6, 30), "Month")),
        ("in June", KEI, False, Bounds(date(2012, 6, 1), date(2012, 6, 30), "Month")),
        ("Last July", FA, False, Bounds(date(2014, 7, 1), date(2014, 7, 31), "Month")),
        ("in 2014", FA, False, Bounds(date(2014, 1, 1), date(2014, 12, 31), "Year")),
    ],
)
def test_stated_phrases_map_to_the_documented_bounds(phrase: str, published: date, future: bool, expected: Bounds) -> None:
    assert stated_bounds(phrase, published, future) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "recent",
        "In recent months",
        "Now",
        "now",
        "currently",
        "subsequent",
        "Soon after",
        "within weeks",
        "has yet to",
        "during his new year’s address",
        "Shortly after coming to power",
        "during the Cold War",
        "upcoming",
        None,
        "",
    ],
)
def test_relative_and_vague_phrases_state_no_bounds(phrase: str | None) -> None:
    assert stated_bounds(phrase, FA) is None


def spans(engine) -> list[dict[str, str]]:
    return select(
        engine,
        """SELECT ?span ?article ?published ?phrase ?modality ?earliest ?eb ?latest ?lb ?precision WHERE {
             ?owner dkg:when|org:memberDuring ?span ; prov:wasDerivedFrom ?article .
             ?article a dkg:Article ; schema:datePublished ?published .
             ?span dkg:precision ?precision .
             OPTIONAL { ?owner dkg:modality ?modality }
             OPTIONAL { ?span dkg:phrase ?phrase }
             OPTIONAL { ?span dkg:earliest ?earliest ; dkg:earliestBasis ?eb }
             OPTIONAL { ?span dkg:latest ?latest ; dkg:latestBasis ?lb }
           }""",
    )


def test_every_span_is_checked(oxigraph) -> None:
    rows = spans(oxigraph)
    assert len({r["span"] for r in rows}) >= 150
    bases = {r.get("eb") for r in rows} | {r.get("lb") for r in rows}
    assert bases >= {"dkg:Stated", "dkg:FromPublication", "dkg:FromContext", "dkg:FromName"}


def test_every_bound_follows_the_rule_of_its_basis(oxigraph) -> None:
    """Each bound agrees with docs/time-phrases.md: stated ones with the table, publication ones with the date, and
    context ones with another span of the same article (shifted by 0, a week, twelve weeks)."""
    rows = spans(oxigraph)
    bounds_by_article: dict[str, list[tuple[str, date]]] = {}
    for r in rows:
        for key in ("earliest", "latest"):
            if r.get(key):
                bounds_by_article.setdefault(r["article"], []).append((r["span"], date.fromisoformat(r[key])))
    offsets = (timedelta(0), A_WEEK, WITHIN_WEEKS)
    published_by_span: dict[str, set[date]] = {}
    for r in rows:
        published_by_span.setdefault(r["span"], set()).add(date.fromisoformat(r["published"]))
    problems = []
    for r in rows:
        published = date.fromisoformat(r["published"])
        rule = stated_bounds(r.get("phrase"), published, r.get("modality") in FUTURE)
        stated = 0
        for key, basis_key in (("earliest", "eb"), ("latest", "lb")):
            if not r.get(key):
                continue
            value, basis = date.fromisoformat(r[key]), r.get(basis_key)
            if basis == "dkg:Stated":
                stated += 1
                if rule is None or getattr(rule, key) != value:
                    problems.append(f"{r['span']}: {key} {value} is not what {r.get('phrase')!r} states ({rule})")
            elif basis == "dkg:FromPublication":
                # a fact two articles state shares one span: it reaches the publication of either
                if value not in published_by_span[r["span"]]:
                    problems.append(f"{r['span']}: {key} {value} is from publication but the article is of {published}")
            elif basis == "dkg:FromContext":
                anchors = {d + o for span, d in bounds_by_article[r["article"]] if span != r["span"] for o in offsets}
                if value not in anchors:
                    problems.append(f"{r['span']}: {key} {value} follows from no other span of its article")
            elif basis not in ("dkg:FromName", "dkg:OutsideKnowledge"):
                problems.append(f"{r['span']}: {key} has basis {basis}")
        if stated == 2 and r["precision"] != f"dkg:{rule.precision}":
            problems.append(f"{r['span']}: precision {r['precision']}, the phrase states {rule.precision}")
        if stated < 2 and r["precision"] in ("dkg:Day", "dkg:Month", "dkg:Week", "dkg:Season", "dkg:Year", "dkg:MultiYear"):
            named = r.get("eb") == r.get("lb") == "dkg:FromName" or r.get("eb") == r.get("lb") == "dkg:FromPublication"
            if not named:
                problems.append(f"{r['span']}: precision {r['precision']} but its bounds are not both stated")
    assert problems == []


def test_a_phrase_that_states_a_span_is_read_by_the_table(oxigraph) -> None:
    """A span whose phrase states both bounds uses them, unless a bound comes from another fact or a name."""
    problems = []
    for r in spans(oxigraph):
        rule = stated_bounds(r.get("phrase"), date.fromisoformat(r["published"]), r.get("modality") in FUTURE)
        if rule and {r.get("eb"), r.get("lb")} == {"dkg:FromPublication"}:
            problems.append(f"{r['span']}: {r.get('phrase')!r} states {rule} but both bounds come from publication")
    assert problems == []


def test_every_phrase_is_the_articles_own_words(oxigraph, sources) -> None:
    """Each span's dkg:phrase is verbatim in the source of an article its fact comes from."""
    rows = select(
        oxigraph,
        """SELECT ?span ?phrase ?file WHERE {
             ?owner dkg:when|org:memberDuring ?span ; prov:wasDerivedFrom ?article .
             ?article dkg:sourceFile ?file . ?span dkg:phrase ?phrase .
           }""",
    )
    texts = {p.name: p.read_text(encoding="utf-8") for p in sources.glob("*.txt")}
    found: dict[str, bool] = {}
    for r in rows:
        found[r["span"]] = found.get(r["span"], False) or r["phrase"] in texts[r["file"]]
    assert len(found) > 90
    assert [span for span, ok in found.items() if not ok] == []
