"""The static site: valid HTML5, links that resolve, quotes in place, marks per evidence, escaped labels, timelines."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from diplokg.errors import ConfigError
from diplokg.namespaces import DKG, OA
from diplokg.project import Project
from diplokg.web.describe import describe
from diplokg.web.graphdata import load_quads
from diplokg.web.highlight import Passage, highlight
from diplokg.web.paths import iri_of_path, relative_link
from diplokg.web.render import relative_to
from diplokg.web.site import MARKER, build_site
from diplokg.web.timeline import WIDTH

JANG = "id/person/jang-song-taek.html"
FA = "id/article/foreign-affairs-2015-01-21.html"
CN_NK = "timeline/relation/china-north-korea.html"
QUOTE = "Both men had been in charge of bilateral relations"
EVIDENCE = DKG.Evidence
XLINK = "{http://www.w3.org/1999/xlink}href"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(built: Project, sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    report = build_site(built, out)
    assert report.pages > 100 and report.descriptions > 100
    return out


_parsed: dict[Path, object] = {}


def parse(path: Path):
    """A page parsed as HTML5, strictly: a parse error fails."""
    if path not in _parsed:
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        _parsed[path] = parser.parse(path.read_bytes())
    return _parsed[path]


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def links(doc) -> list[str]:
    out = []
    for element in doc.iter():
        for name in ("href", "src", XLINK):
            value = element.get(name)
            if value is not None:
                out.append(value)
    return out


def ids(doc) -> set[str]:
    return {e.get("id") for e in doc.iter() if e.get("id")}


def follow(site: Path, page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    return target, parts.fragment


def text_of(element, skip=("sup",)) -> str:
    """The text inside an element, leaving out the reference links written after passages."""
    out = [element.text or ""]
    for child in element:
        if not (isinstance(child.tag, str) and child.tag in skip):
            out.append(text_of(child, skip))
        out.append(child.tail or "")
    return "".join(out)


def test_every_page_is_html5_and_every_internal_link_resolves(site: Path):
    checked = 0
    for page in pages(site):
        doc = parse(page)
        for href in links(doc):
            if re.match(r"^[a-z][a-z0-9+.-]*:", href):  # http:, https:, mailto: leave the site
                assert href.startswith(("http://", "https://")), f"{page}: odd link {href}"
                continue
            target, fragment = follow(site, page, href)
            assert target.is_file(), f"{page.relative_to(site)}: broken link {href}"
            assert site.resolve() in target.parents, f"{page}: link leaves the site: {href}"
            if fragment:
                assert fragment in ids(parse(target)), f"{page.relative_to(site)}: no #{fragment} in {target.relative_to(site.resolve())}"
            checked += 1
    assert checked > 5000


def test_every_page_has_a_plain_title_and_one_heading(site: Path):
    for page in pages(site):
        doc = parse(page)
        [title] = doc.iter("title")
        text = title.text or ""
        assert text.endswith(" · diplokg") and "<" not in text and "\n" not in text, f"{page.relative_to(site)}: title {text[:80]!r}"
        assert len(list(doc.iter("h1"))) == 1, f"{page.relative_to(site)}: not one <h1>"


def test_layout(site: Path):
    for path in ("index.html", JANG, FA, "network/index.html", "network/foreign-affairs-2015-01-21.html", CN_NK, "ontology/index.html"):
        assert (site / path).is_file(), path
    assert (site / "id/person/jang-song-taek.ttl").is_file()
    assert (site / "static/site.css").is_file()
    assert (site / "queries/officials_handling_ties.html").is_file()
    assert (site / "timeline/person/jang-song-taek.html").is_file()
    assert (site / MARKER).is_file()
    assert not list(site.rglob("id/evidence/*")) and not list(site.rglob("id/span/*")), "owned nodes are shown with their owner"


def test_networks_are_drawn_by_graphviz(site: Path):
    if shutil.which("neato") is None:
        pytest.skip("Graphviz (neato) is not installed: the network pages list their edges without a picture")
    doc = parse(site / "network/index.html")
    svg = next(doc.iter(f"{SVG}svg"))
    names = {"".join(t.itertext()) for t in svg.iter(f"{SVG}text")}
    assert {"China", "North Korea", "Jang Song Taek"} <= names
    assert any(a.get(XLINK, "").endswith("id/state/china.html") for a in svg.iter(f"{SVG}a"))


def test_description_beside_each_page_is_the_resource_description(site: Path, built: Project):
    graph = load_quads(built.dist_dir / "diplokg.nq").graph
    for path in (JANG, FA, "id/relation/china-north-korea.html"):
        iri = URIRef(iri_of_path(path))
        written = Graph().parse(site / path.replace(".html", ".ttl"), format="turtle")
        assert set(written) == set(describe(graph, iri)), path


def test_jang_song_taek_shows_the_quote_linked_to_its_passage(site: Path):
    page = site / JANG
    doc = parse(page)
    found = [a for a in doc.iter("a") if (a.text or "").startswith(QUOTE)]
    assert found, "the quote is on Jang Song Taek's page"
    for a in found:
        assert a.get("href").startswith("../article/foreign-affairs-2015-01-21.html#foreign-affairs-2015-01-21-")
        target, fragment = follow(site, page, a.get("href"))
        assert target == (site / FA).resolve()
        mark = next(e for e in parse(target).iter() if e.get("id") == fragment)
        assert mark.tag == "mark"
        assert QUOTE in "".join(mark.itertext())


def test_one_mark_per_evidence_node_holding_its_quote(site: Path, built: Project):
    graph = load_quads(built.dist_dir / "diplokg.nq").graph
    for page in sorted((site / "id/article").glob("*.html")):
        article = URIRef(f"https://w3id.org/diplokg/id/article/{page.stem}")
        evidence = [e for e in graph.subjects(OA.hasSource, article) if (e, RDF.type, EVIDENCE) in graph]
        expected = {str(e).rsplit("/", 1)[1]: e for e in evidence}
        assert expected
        doc = parse(page)
        marks = [m for m in doc.iter("mark")]
        names = [m.get("id") for m in marks]
        assert len(names) == len(set(names)), f"{page.name}: an evidence node has more than one <mark>"
        assert set(names) == set(expected), f"{page.name}: marks and evidence nodes differ"
        continued: dict[str, list] = {}
        for span in doc.iter("span"):
            if span.get("data-evidence"):
                continued.setdefault(span.get("data-evidence"), []).append(span)
        for mark in marks:
            node = expected[mark.get("id")]
            exact = next(str(q) for s in graph.objects(node, OA.hasSelector) for q in graph.objects(s, OA.exact))
            shown = text_of(mark) + "".join(text_of(s) for s in continued.get(mark.get("id"), []))
            assert shown == exact, f"{page.name}#{mark.get('id')}"


def test_overlapping_passages_keep_one_mark_each():
    html = highlight("abcdefghij", [Passage(0, 5, "a"), Passage(3, 8, "b"), Passage(1, 2, "c"), Passage(8, 8, "d")])
    assert html.count("<mark ") == 4
    assert html.count("</mark>") + html.count("</span>") == html.count("<mark ") + html.count("<span ")
    assert 'data-evidence="b">fgh</span>' in html  # b crosses a's end: it carries on in a continuation
    assert html.startswith('<mark id="a" title="">a<mark id="c" title="">b</mark>c<mark id="b"')


@pytest.mark.slow  # writes a site of its own
def test_article_without_its_text_lists_the_quotes(built: Project, tmp_path: Path):
    project = Project(built.root, tmp_path / "no-sources", built.dist)
    out = tmp_path / "site"
    build_site(project, out)
    doc = parse(out / FA)
    assert not list(doc.iter("mark"))
    missing = next(p for p in doc.iter("p") if "missing" in (p.get("class") or ""))
    assert "not in" in "".join(missing.itertext())
    assert any(QUOTE in "".join(li.itertext()) for li in doc.iter("li") if li.get("id"))


def test_china_north_korea_timeline_draws_each_fact_from_earliest_to_latest(site: Path):
    page = site / CN_NK
    doc = parse(page)
    table = next(t for t in doc.iter("table") if t.get("class") == "timeline-table")
    rows = [tr for tr in table.iter("tr") if tr.get("data-start")]
    categories = {"".join(tr[1].itertext()) for tr in rows}
    assert "act" in categories and any(c.startswith("said to be") for c in categories), categories
    years = set()
    for tr in rows:
        for cell in tr[3:5]:
            text = "".join(cell.itertext())
            if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
                years.add(int(text[:4]))
    assert {2013, 2014, 2015} <= years  # bounds the articles give
    starts = [date.fromisoformat(tr.get("data-start")) for tr in rows]
    ends = [date.fromisoformat(tr.get("data-end")) for tr in rows]
    first, last = date.fromisoformat(table.get("data-axis-start")), date.fromisoformat(table.get("data-axis-end"))
    assert first <= min(starts) and max(ends) <= last
    assert first <= date(2012, 12, 31) and last >= date(2015, 1, 21), "the chart spans 2012-2015"
    bars = [p for p in doc.iter(f"{SVG}path") if p.get("aria-roledescription") == "bar"]
    assert len(bars) == len(rows)
    scale = WIDTH / (last - first).days
    for tr, start, end, bar in zip(rows, starts, ends, bars, strict=True):
        label = "".join(tr[0].itertext())
        assert bar.get("aria-label").startswith(label[:40].rstrip("…")), (label, bar.get("aria-label"))
        x, width = map(float, re.match(r"M([-\d.e]+),[-\d.e]+h([-\d.e]+)", bar.get("d")).groups())
        earliest, latest = ("".join(c.itertext()) for c in tr[3:5])
        if earliest != "not given":
            assert start == date.fromisoformat(earliest)
        if latest != "not given":
            assert end == date.fromisoformat(latest) + timedelta(days=1)
        assert x == pytest.approx((start - first).days * scale, abs=0.6), label
        assert x + width == pytest.approx((end - first).days * scale, abs=0.6), label


def test_home_to_timeline_to_jang_to_the_sentence_in_three_clicks(site: Path):
    page = site / "index.html"
    clicks = [r"timeline/relation/china-north-korea\.html$", r"id/person/jang-song-taek\.html$", None]
    for pattern in clicks:
        doc = parse(page)
        if pattern is None:  # the third click: the quote on Jang Song Taek's page
            anchor = next(a for a in doc.iter("a") if (a.text or "").startswith(QUOTE))
        else:
            anchor = next(a for a in doc.iter("a") if re.search(pattern, a.get("href") or ""))
        page, fragment = follow(site, page, anchor.get("href"))
    assert page == (site / FA).resolve()
    mark = next(e for e in parse(page).iter("mark") if e.get("id") == fragment)
    assert QUOTE in "".join(mark.itertext())


def test_query_pages_show_the_default_answer_with_links(site: Path, built: Project):
    doc = parse(site / "queries/officials_handling_ties.html")
    answer = next(t for t in doc.iter("table") if t.get("class") == "answer")
    cells = ["".join(td.itertext()) for td in answer.iter("td")]
    assert "Jang Song Taek" in cells
    with (built.queries_dir / "officials_handling_ties.csv").open(encoding="utf-8", newline="") as expected:
        expected_rows = len(list(csv.DictReader(expected)))
    assert len([tr for tr in answer.iter("tr") if tr.find("td") is not None]) == expected_rows
    assert any(a.get("href", "").endswith("id/person/jang-song-taek.html") for a in answer.iter("a"))
    assert "diplokg query officials_handling_ties -p a=state:china -p b=state:north-korea" in "".join(doc.iter("pre").__next__().itertext())


def test_ontology_docs_have_one_header_and_schemes_as_schemes(site: Path):
    doc = parse(site / "ontology/index.html")
    h1 = [h for h in doc.iter("h1")]
    assert len(h1) == 1 and "".join(h1[0].itertext()) == "diplokg: who does what to whom in diplomacy"
    anchors = ids(doc)
    assert {"Visit", "initiator", "Modalities", "Actual", "RelationStates", "Strained"} <= anchors
    schemes = [s for s in doc.iter("section") if s.get("class") == "scheme"]
    modalities = next(s for s in schemes if "Modalities" in ids(s))
    assert {"Actual", "Planned", "NotHappened"} <= ids(modalities), "each scheme's concepts are documented in the scheme"
    assert len(schemes) == 11  # the 8 schemes before issue 16, and bound bases, count qualifiers, voices
    assert {"BoundBases", "CountQualifiers", "Voices"} <= {i for s in schemes for i in ids(s)}
    assert "042" in ids(parse(site / "ontology/cameo.html"))


@pytest.mark.slow  # writes a site of its own
def test_a_label_holding_markup_is_shown_as_text(scratch_project: Project, sources: Path, tmp_path: Path):
    entities = scratch_project.data_dir / "entities.ttl"
    text = entities.read_text(encoding="utf-8")
    assert '"Jang Song Taek"@en' in text
    entities.write_text(text.replace('"Jang Song Taek"@en', '"<script>alert(1)</script>"@en'), encoding="utf-8")
    from diplokg.build import build

    build(scratch_project)
    out = tmp_path / "site"
    build_site(scratch_project, out)
    for path in (JANG, "network/foreign-affairs-2015-01-21.html", "timeline/person/jang-song-taek.html", CN_NK):
        doc = parse(out / path)
        assert not [e for e in doc.iter() if isinstance(e.tag, str) and e.tag.endswith("script")], path
        assert "<script>alert(1)</script>" in "".join(doc.itertext()), path
    h1 = next(parse(out / JANG).iter("h1"))
    assert h1.text == "<script>alert(1)</script>"


def test_a_folder_not_written_by_site_is_never_replaced(built: Project, tmp_path: Path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(ConfigError, match="not written by `diplokg site`"):
        build_site(built, tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


@pytest.mark.slow  # writes a site of its own
def test_a_failure_leaves_the_previous_site(site: Path, built: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    out = tmp_path / "site"
    build_site(built, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    from diplokg.web import site as site_module

    def broken(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(site_module.SiteWriter, "write_ontology", broken)
    with pytest.raises(RuntimeError):
        build_site(built, out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name != "site"], "no staging folder left behind"


@pytest.mark.slow  # writes a site of its own
def test_cli_site_writes_the_site(built: Project, tmp_path: Path):
    out = tmp_path / "cli-site"
    done = subprocess.run(
        [sys.executable, "-m", "diplokg.cli", "--root", str(built.root), "site", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "pages" in done.stdout and (out / "index.html").is_file()


@pytest.mark.slow  # writes a site of its own
def test_without_graphviz_the_network_pages_list_the_edges_and_say_why(built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "site"
    report = build_site(built, out)
    assert any("Graphviz is not installed" in w for w in report.warnings)
    doc = parse(out / "network/index.html")
    assert "cannot be drawn" in "".join(doc.itertext())
    assert any("Jang Song Taek" in "".join(td.itertext()) for td in doc.iter("td"))


@pytest.mark.parametrize(
    ("page", "path"),
    [
        ("index.html", "id/state/china.html"),
        ("id/person/a.html", "id/article/x.html#p-1-2"),
        ("id/person/a.html", "index.html"),
        ("timeline/relation/a.html", "timeline/state/b.html"),
        ("ontology/index.html", "ontology/index.html#Visit"),
        ("id/index.html", "id/state/china.html"),
    ],
)
def test_links_are_relative_to_their_page(page: str, path: str):
    assert relative_to(path, page) == relative_link(page, path)
