"""``diplokg coverage``: the segmenter's output on each article pinned, both articles fully covered or waived,
waiver files checked by validate and build (one line per problem, naming file and line), and the report as a
table, records and JSON."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from diplokg.cli import main
from diplokg.coverage.measure import COVERED, UNCOVERED, WAIVED, measure_article
from diplokg.coverage.spans import ArticleSpans, Span
from diplokg.coverage.waivers import Waiver, loose, read_waivers
from diplokg.project import Project
from diplokg.segment import split_sentences

PINNED = Path(__file__).resolve().parent / "fixtures" / "sentences"
ARTICLES = {"kei-2013-05-24": "000_83ca1036fc8bebeb.txt", "foreign-affairs-2015-01-21": "002_29f3fe4274afec98.txt"}
# sentences, covered, waived, uncovered: every sentence covered or waived
FIGURES = {
    "kei-2013-05-24": {"sentences": 47, "covered": 34, "waived": 13, "uncovered": 0},
    "foreign-affairs-2015-01-21": {"sentences": 76, "covered": 63, "waived": 13, "uncovered": 0},
}
KEI_WAIVERS = "kei-2013-05-24.waivers.tsv"
COVERED_SENTENCE = "North Korea has rejected these talks."  # sentence 31 of the KEI article, quoted by a fact


def run(project: Project, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(project.root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, project: Project) -> None:
    """Tables 80 columns wide; a scratch copy of the project finds the real source texts."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setenv("DIPLOKG_SOURCES", str(project.sources_dir))


# --- the segmenter, pinned ----------------------------------------------------------------------------------


def pinned_lines(text: str) -> str:
    """One line per sentence: number, start, end, and its first words (so that a change reads well in a diff)."""
    return "".join(f"{s.number}\t{s.start}\t{s.end}\t{loose(s.text)[:50]}\n" for s in split_sentences(text))


@pytest.mark.parametrize("source", sorted(ARTICLES.values()))
def test_the_segmenter_output_on_each_article_is_pinned(source: str, sources: Path) -> None:
    """A change of the segmenter (pysbd's version, segment.py) shows here as a diff of sentence spans;
    ``DIPLOKG_UPDATE_FIXTURES=1`` rewrites the pinned files, to be read and committed on purpose."""
    got = pinned_lines((sources / source).read_text(encoding="utf-8"))
    path = PINNED / f"{Path(source).stem}.tsv"
    if os.environ.get("DIPLOKG_UPDATE_FIXTURES"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_the_pinned_counts_are_the_articles_sentences(sources: Path) -> None:
    counts = {slug: len(split_sentences((sources / name).read_text(encoding="utf-8"))) for slug, name in ARTICLES.items()}
    assert counts == {slug: figures["sentences"] for slug, figures in FIGURES.items()}


# the quirks of the copies, each kept as one sentence: (source, the sentence's first words, its last words)
QUIRKS = {
    "a truncated paragraph, its fragment alone after the blank line": (
        "002_29f3fe4274afec98.txt",
        "especially after it ordered re-establishing",
        "with yet another “rogue” state.",
    ),
    "the sentence before it, an abbreviation (U.S.-led) inside": (
        "002_29f3fe4274afec98.txt",
        "Russia’s new willingness",
        "under U.S.-led sanctions.",
    ),
    "a truncated sentence glued to a lost em-dash and quotes": (
        "002_29f3fe4274afec98.txt",
        "While many factors account for Seo“trustpolitik”a policy",
        "during the first two years of her presidency.",
    ),
    "quotes inside a sentence": (
        "002_29f3fe4274afec98.txt",
        "Washington could “outsource” diplomacy",
        "strengthening political and economic ties.",
    ),
    "a photo credit in parentheses": ("002_29f3fe4274afec98.txt", "(KCNA / Courtesy Reuters)", "(KCNA / Courtesy Reuters)"),
    "lost em-dashes": ("002_29f3fe4274afec98.txt", "The hacking of Sony Picturesfor which", "bring the country to sudden collapse."),
    "a dateline on one line, the category on the next": ("000_83ca1036fc8bebeb.txt", "Published May 24, 2013", "Published May 24, 2013"),
    "a heading": ("000_83ca1036fc8bebeb.txt", "Is North Korea Finally Ready To Talk?", "Is North Korea Finally Ready To Talk?"),
}


@pytest.mark.parametrize("quirk", sorted(QUIRKS))
def test_each_quirk_of_the_copies_is_one_sentence(quirk: str, sources: Path) -> None:
    source, first, last = QUIRKS[quirk]
    [hit] = [s for s in split_sentences((sources / source).read_text(encoding="utf-8")) if s.text.startswith(first)]
    assert hit.text.endswith(last), hit.text


# --- both articles covered or waived -------------------------------------------------------------------------


def test_every_sentence_of_both_articles_is_covered_or_waived(project: Project, sources: Path) -> None:
    code, out, err = run(project, "coverage", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert {a["slug"]: a["figures"] for a in report["articles"]} == FIGURES
    for article in report["articles"]:
        assert [s["number"] for s in article["sentences"] if s["status"] == UNCOVERED] == []


def test_the_uncovered_listing_says_nothing_is_left(project: Project, sources: Path) -> None:
    code, out, _ = run(project, "coverage", "--uncovered")
    assert code == 0
    assert out.splitlines() == [
        "foreign-affairs-2015-01-21: 76 sentences, 63 covered, 13 waived, 0 uncovered",
        "  source text: 002_29f3fe4274afec98.txt",
        "  waivers: data/foreign-affairs-2015-01-21.waivers.tsv",
        "  nothing left: every sentence is covered or waived",
        "",
        "kei-2013-05-24: 47 sentences, 34 covered, 13 waived, 0 uncovered",
        "  source text: 000_83ca1036fc8bebeb.txt",
        "  waivers: data/kei-2013-05-24.waivers.tsv",
        "  nothing left: every sentence is covered or waived",
        "",
        "all 2 articles: 123 sentences, 97 covered, 26 waived, 0 uncovered",
    ]


def test_a_sentence_lists_the_facts_whose_evidence_lies_in_it(project: Project, sources: Path) -> None:
    code, out, _ = run(project, "coverage", "kei-2013-05-24", "-f", "json")
    assert code == 0
    [article] = json.loads(out)["articles"]
    by_text = {s["text"]: s for s in article["sentences"]}
    rejected = by_text[COVERED_SENTENCE]
    assert (rejected["status"], rejected["quoted"], rejected["reason"]) == (COVERED, 1.0, None)
    assert [f["iri"].rsplit("/", 1)[-1] for f in rejected["facts"]] == ["2013-north-korea-rejects-kaesong-talks"]
    byline = by_text["By Troy Stangarone"]
    assert (byline["status"], byline["quoted"], byline["facts"]) == (WAIVED, 0.0, [])
    assert "schema:author" in byline["reason"]
    documented = by_text[next(t for t in by_text if t.startswith("As was previously documented on The Peninsula"))]
    assert documented["status"] == COVERED and 0.8 < documented["quoted"] < 0.9  # "As was previously documented..." is not quoted
    text = (sources / ARTICLES["kei-2013-05-24"]).read_text(encoding="utf-8")
    assert all(text[s["start"] : s["end"]] == s["text"] for s in article["sentences"])


# --- the report's forms ---------------------------------------------------------------------------------------


def test_the_table_fits_80_columns_with_the_figures_above(project: Project, sources: Path) -> None:
    code, out, _ = run(project, "coverage", "kei-2013-05-24")
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "kei-2013-05-24: 47 sentences, 34 covered, 13 waived, 0 uncovered",
        "  source text: 000_83ca1036fc8bebeb.txt",
        "  waivers: data/kei-2013-05-24.waivers.tsv",
    ]
    assert [cell.strip() for cell in lines[3].split(" | ")] == ["#", "status", "quoted", "facts or reason", "sentence"]
    assert len(lines) == 3 + 2 + 47 + 1  # figures and files, header and rule, a line per sentence, the row count
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    row = next(line for line in lines if line.startswith("31 "))
    assert [cell.strip() for cell in row.split(" | ")[1:3]] == [COVERED, "100%"] and "event:2013-north-korea-re" in row


def test_wide_and_records_show_every_sentence_whole(project: Project, sources: Path) -> None:
    sentence = "Beyond North Korea’s recent actions, the record for talks under Kim Jong-un is not positive."
    _, wide, _ = run(project, "coverage", "kei-2013-05-24", "--wide")
    assert any(line.endswith(sentence) for line in wide.splitlines())
    _, records, _ = run(project, "coverage", "kei-2013-05-24", "-f", "records")
    assert "status:          waived" in records and "Beyond North Korea’s recent actions, the record for talks" in records


def test_an_unknown_article_is_one_line_naming_the_known_ones(project: Project, sources: Path) -> None:
    code, out, err = run(project, "coverage", "kei-2013")
    assert (code, out) == (2, "")
    assert err == "diplokg: no article 'kei-2013' with a source text (known: foreign-affairs-2015-01-21, kei-2013-05-24)\n"


def test_uncovered_lists_just_the_work_left(scratch_project: Project, sources: Path) -> None:
    path = scratch_project.data_dir / KEI_WAIVERS
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if "Stay Informed" not in line))
    code, out, _ = run(scratch_project, "coverage", "kei-2013-05-24", "--uncovered")
    assert code == 0
    assert out.splitlines()[0].endswith("47 sentences, 34 covered, 12 waived, 1 uncovered")
    assert [line.split(" | ")[0].strip() for line in out.splitlines()[5:-1]] == ["46"]
    code, out, _ = run(scratch_project, "coverage", "kei-2013-05-24", "--uncovered", "-f", "json")
    [article] = json.loads(out)["articles"]
    assert [(s["number"], s["text"], s["status"]) for s in article["sentences"]] == [(46, "Stay Informed", UNCOVERED)]
    assert article["figures"] == {"sentences": 47, "covered": 34, "waived": 12, "uncovered": 1}


# --- waiver errors, from validate and build ----------------------------------------------------------------------

BAD_WAIVERS = {
    "covered sentence": (
        f"{COVERED_SENTENCE}\talready a fact\n",
        f"{KEI_WAIVERS}:17: sentence 31 is covered by event:2013-north-korea-rejects-kaesong-talks: remove its waiver",
    ),
    "text not in the source": (
        "North Korea has accepted these talks.\tinvented\n",
        f"{KEI_WAIVERS}:17: waived text 'North Korea has accepted these talks.' is not in the source 000_83ca1036fc8bebeb.txt",
    ),
    "part of a sentence": (
        "North Korea has rejected\ta fragment\n",
        f"{KEI_WAIVERS}:17: waived text 'North Korea has rejected' is not one whole sentence of 000_83ca1036fc8bebeb.txt "
        "(it lies within sentence 31)",
    ),
    "no reason": ("Stay Informed\t \n", f"{KEI_WAIVERS}:17: a waiver needs a reason (why the sentence carries no fact)"),
    "waived twice": ("Stay Informed\tagain\n", f"{KEI_WAIVERS}:17: the same sentence is waived on line 15"),
    "no tab": ("Stay Informed navigation\n", f"{KEI_WAIVERS}:17: a waiver is the sentence, one tab, the reason (0 tabs found)"),
}


# every case through `diplokg coverage` (quick); the two the issue names through `diplokg validate` too
RUNS = [("coverage", case) for case in sorted(BAD_WAIVERS)] + [("validate", "covered sentence"), ("validate", "text not in the source")]


@pytest.mark.parametrize(("command", "case"), RUNS, ids=[f"{command}-{case}" for command, case in RUNS])
def test_a_bad_waiver_is_one_line_naming_file_and_line(case: str, command: str, scratch_project: Project, sources: Path) -> None:
    added, message = BAD_WAIVERS[case]
    path = scratch_project.data_dir / KEI_WAIVERS
    assert len(path.read_text(encoding="utf-8").splitlines()) == 16  # so the added waiver is line 17
    with path.open("a", encoding="utf-8") as f:
        f.write(added)
    code, out, err = run(scratch_project, command)
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"diplokg: data/{message}", "diplokg: 1 problem(s); nothing written"]


def test_build_checks_waivers_and_writes_nothing(scratch_project: Project, sources: Path) -> None:
    with (scratch_project.data_dir / KEI_WAIVERS).open("a", encoding="utf-8") as f:
        f.write(BAD_WAIVERS["covered sentence"][0])
    code, out, err = run(scratch_project, "build")
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == f"diplokg: data/{BAD_WAIVERS['covered sentence'][1]}"
    assert not scratch_project.dist_dir.exists()


def test_a_waiver_file_for_no_article_is_an_error(scratch_project: Project, sources: Path) -> None:
    (scratch_project.data_dir / "kei-2013-05-25.waivers.tsv").write_text("sentence\treason\n", encoding="utf-8")
    code, _, err = run(scratch_project, "coverage")
    assert code == 1
    assert err.splitlines()[0] == (
        "diplokg: data/kei-2013-05-25.waivers.tsv: no article 'kei-2013-05-25' with a source text "
        "(known: foreign-affairs-2015-01-21, kei-2013-05-24)"
    )


def test_the_reference_validation_checks_waivers_too(scratch_project: Project, sources: Path) -> None:
    """validate() on rdflib graphs (the reference path) finds what the store's validation finds."""
    from diplokg.dataset import load_project
    from diplokg.validate import validate

    with (scratch_project.data_dir / KEI_WAIVERS).open("a", encoding="utf-8") as f:
        f.write(BAD_WAIVERS["covered sentence"][0] + BAD_WAIVERS["text not in the source"][0].replace("\n", "\n"))
    report = validate(load_project(scratch_project), scratch_project)
    assert report.problems == [
        f"data/{BAD_WAIVERS['covered sentence'][1]}",
        f"data/{BAD_WAIVERS['text not in the source'][1].replace(':17:', ':18:')}",
    ]


# --- matching, on small texts -------------------------------------------------------------------------------------

TEXT = "HEADING\n\nSeoul offered talks. Pyongyang said no.\n\nHEADING\n\nWhy?"


def spans(*found: Span) -> ArticleSpans:
    return ArticleSpans("https://w3id.org/diplokg/id/article/a", "a.txt", list(found))


def test_a_span_covers_every_sentence_it_overlaps_and_a_short_form_quote_is_found() -> None:
    start = TEXT.index("talks.")
    over = Span("https://w3id.org/diplokg/id/event/x", "x", start, start + len("talks. Pyongyang"), None)
    short = Span("https://w3id.org/diplokg/id/claim/y", "y", None, None, "Why?")
    coverage, problems = measure_article(spans(over, short), TEXT, [])
    assert problems == []
    assert [(s.sentence.text, s.status, [f.label for f in s.facts], s.quoted_share) for s in coverage.sentences] == [
        ("HEADING", UNCOVERED, [], 0.0),
        ("Seoul offered talks.", COVERED, ["x"], 0.3),
        ("Pyongyang said no.", COVERED, ["x"], 0.5),
        ("HEADING", UNCOVERED, [], 0.0),
        ("Why?", COVERED, ["y"], 1.0),
    ]


def test_one_waiver_waives_every_sentence_of_its_text_and_white_space_is_loose() -> None:
    waiver = Waiver(Path("w.tsv"), 2, "HEADING", "heading")
    loose_one = Waiver(Path("w.tsv"), 3, "Pyongyang\u00a0 said\nno.", "rhetoric")
    coverage, problems = measure_article(spans(), TEXT, [waiver, loose_one])
    assert problems == []
    assert coverage.figures == {"sentences": 5, "covered": 0, "waived": 3, "uncovered": 2}


def test_the_waiver_file_form(tmp_path: Path) -> None:
    path = tmp_path / "a.waivers.tsv"
    path.write_text("# comment\n\nsentence\treason\nHEADING\theading\n\nWhy?\t\nHEADING\tagain\n", encoding="utf-8")
    waivers, problems = read_waivers(path, "a.waivers.tsv")
    assert [(w.line, w.text, w.reason) for w in waivers] == [(4, "HEADING", "heading")]
    assert problems == [
        "a.waivers.tsv:6: a waiver needs a reason (why the sentence carries no fact)",
        "a.waivers.tsv:7: the same sentence is waived on line 4",
    ]
    path.write_text("HEADING\theading\n", encoding="utf-8")
    assert read_waivers(path, "a.waivers.tsv")[1] == ["a.waivers.tsv:1: the first line must be the header 'sentence<TAB>reason'"]


def test_a_missing_source_text_is_one_line_and_the_other_article_still_measures(
    project: Project, sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ARTICLES["kei-2013-05-24"]).write_bytes((sources / ARTICLES["kei-2013-05-24"]).read_bytes())
    monkeypatch.setenv("DIPLOKG_SOURCES", str(tmp_path))
    code, out, err = run(project, "coverage")
    assert (code, out) == (2, "")
    assert err == (
        "diplokg: https://w3id.org/diplokg/id/article/foreign-affairs-2015-01-21: source file 002_29f3fe4274afec98.txt "
        f"not found in {tmp_path}\n"
    )
    code, out, _ = run(project, "coverage", "kei-2013-05-24", "--uncovered")
    assert code == 0 and out.startswith("kei-2013-05-24: 47 sentences, 34 covered, 13 waived, 0 uncovered\n")
