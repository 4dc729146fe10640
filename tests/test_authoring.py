"""Adding an article and drafting its worksheet (issue 18): end to end on an invented article, every bad input of
add-article, the gazetteer's and the lexicon's rules, and the worksheet's recall on the two encoded articles."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from diplokg.authoring.evaluate import evaluate
from diplokg.authoring.lexicon import find_triggers, load_lexicon, parse_lexicon
from diplokg.authoring.mentions import family_name, name_matches, name_pattern
from diplokg.authoring.registry import load_registry
from diplokg.cli import main
from diplokg.errors import ConfigError
from diplokg.project import Project

INVENTED = Path(__file__).resolve().parent / "fixtures" / "authoring" / "invented-article.txt"
SLUG = "invented-review-2016-03-01"
ADD = [
    "add-article",
    str(INVENTED),
    "--headline",
    "Seoul Tries Again",
    "--author",
    "Mira Sol",
    "--author",
    "Troy Stangarone",
    "--published",
    "2016-03-01",
    "--publisher",
    "Invented Review",
    "--url",
    "https://example.org/seoul-tries-again",
]


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(root), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def own_sources(scratch_project: Project, sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A scratch project with its own copy of the sources folder, which add-article may write into."""
    folder = tmp_path / "sources"
    shutil.copytree(sources, folder)
    monkeypatch.setenv("DIPLOKG_SOURCES", str(folder))
    return Project(scratch_project.root, folder)


def snapshot(project: Project) -> dict[str, bytes]:
    """Every file of data/ and of the sources folder, to show that nothing was written."""
    files = [*project.data_dir.rglob("*"), *project.sources_dir.rglob("*")]
    return {str(p): p.read_bytes() for p in files if p.is_file()}


def test_the_invented_article_is_marked_as_invented():
    assert INVENTED.read_text(encoding="utf-8").startswith("INVENTED FOR THE DIPLOKG TESTS. This is not a real article")


@pytest.mark.slow
def test_end_to_end_from_a_text_file_to_a_fact_with_its_evidence(own_sources: Project, tmp_path: Path):
    root = own_sources.root
    code, out, err = run(root, *ADD)
    assert (code, err) == (0, ""), err
    assert f"registered article:{SLUG} in data/{SLUG}.ttl" in out
    assert "Troy Stangarone: existing person:troy-stangarone" in out
    assert "Mira Sol: new person:mira-sol" in out
    assert "Invented Review: new publication:invented-review" in out
    copied = own_sources.sources_dir / f"{SLUG}.txt"
    assert copied.read_bytes() == INVENTED.read_bytes()
    article = (own_sources.data_dir / f"{SLUG}.ttl").read_text(encoding="utf-8")
    assert f'dkg:sourceFile "{SLUG}.txt"' in article and "schema:author" in article
    assert run(root, "validate")[0] == 0  # valid at once, before any fact

    sheet = tmp_path / "worksheet.md"
    code, out, err = run(root, "draft", SLUG, "--out", str(sheet))
    assert (code, err) == (0, "")
    text = sheet.read_text(encoding="utf-8")
    assert "| Park Geun-hye | `person:park-geun-hye` Park Geun-hye (of `state:south-korea`) | label |" in text
    assert "| Pyongyang | `state:north-korea` North Korea | capital |" in text
    assert "| Park | `person:park-geun-hye` Park Geun-hye (of `state:south-korea`) | alt label |" in text  # "met with Park in Seoul"
    assert "`dkg:OfferOfTalks` (“offered talks”)" in text
    assert "`dkg:MissileLaunch`" in text and "`dkg:Visit`" in text and "`dkg:Meeting`" in text

    # a person decides: the offer of talks, its stub moved into data/ with a shorter quote
    [stub] = re.findall(r"```turtle\n(event:[^`]*-offer-of-talks\n[^`]*?)```", text)
    prefixes = re.search(r"```turtle\n((?:PREFIX[^\n]*\n)+)```", text)[1]
    quote = "South Korean President Park Geun-hye offered talks to North Korea"
    stub = re.sub(r'oa:exact "[^"]*"', f'oa:exact "{quote}"', stub)
    stub = stub.replace("TODO: what the article states, in a few words", "Park offers talks")
    data_file = own_sources.data_dir / f"{SLUG}.ttl"
    data_file.write_text(prefixes + data_file.read_text(encoding="utf-8") + "\n" + stub, encoding="utf-8")
    assert run(root, "fmt")[0] == 0
    formatted = data_file.read_text(encoding="utf-8")
    start = INVENTED.read_text(encoding="utf-8").index(quote)
    assert f"evidence:{SLUG}-{start}-{start + len(quote)}" in formatted
    assert run(root, "build")[0] == 0

    code, out, err = run(root, "coverage", SLUG)
    assert code == 0, err
    assert out.startswith(f"{SLUG}: 10 sentences, 1 covered, 0 waived, 9 uncovered")

    fact = f"https://w3id.org/diplokg/id/event/{SLUG}-s5-offer-of-talks"
    code, out, err = run(root, "query", "evidence_for", "-p", f"fact={fact}", "-f", "csv")
    assert code == 0, err
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["quote"], row["start"], row["end"]) == (quote, str(start), str(start + len(quote)))
    assert row["headline"] == "Seoul Tries Again"


def _ambiguous(project: Project) -> None:
    entities = project.data_dir / "entities.ttl"
    extra = '\nperson:park-chan-ho a dkg:Person ; rdfs:label "Park Chan-ho"@en ; skos:altLabel "Park"@en .\n'
    entities.write_text(entities.read_text(encoding="utf-8") + extra, encoding="utf-8")


def _with(**changes: str) -> list[str]:
    args = list(ADD)
    for option, value in changes.items():
        flag = "--" + option.replace("_", "-")
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    return args


BAD = {
    "no such file": (lambda p, t: ["add-article", str(t / "missing.txt"), *ADD[2:]], "missing.txt: no such file"),
    "a folder, not a file": (lambda p, t: ["add-article", str(t), *ADD[2:]], "not a file (give the article's text file)"),
    "a date that is not a date": (lambda p, t: _with(published="1 March 2016"), "is not a date: give it as YYYY-MM-DD"),
    "a day that does not exist": (lambda p, t: _with(published="2016-02-30"), "is not a date: day is out of range for month"),
    "an article already registered (same headline and date)": (
        lambda p, t: _with(headline="Is North Korea Finally Ready To Talk?", published="2013-05-24"),
        "article:kei-2013-05-24 (kei-2013-05-24.ttl) is already registered with this headline and date",
    ),
    "an article already registered (same URL)": (
        lambda p, t: _with(url="http://www.foreignaffairs.com/articles/142798/jung-chul-lee-and-inwook-kim/making-sense-of-north-korea"),
        "is already registered with this URL",
    ),
    "the same text (same sha256)": (
        lambda p, t: ["add-article", str(p.sources_dir / "000_83ca1036fc8bebeb.txt"), *ADD[2:]],
        "same sha256 as article:kei-2013-05-24",
    ),
    "a text that is not UTF-8": (
        lambda p, t: ["add-article", str(_write(t / "latin1.txt", "Pyongyang’s offer".encode("cp1252"))), *ADD[2:]],
        "not UTF-8 text",
    ),
    "an empty file": (lambda p, t: ["add-article", str(_write(t / "empty.txt", b"\n")), *ADD[2:]], "the file is empty"),
    "an ambiguous author": (
        lambda p, t: (_ambiguous(p), _with(author="Park"))[1],
        "author 'Park' matches 2 nodes: person:park-chan-ho (Park Chan-ho), person:park-geun-hye (Park Geun-hye)",
    ),
    "--same-as naming nothing": (lambda p, t: _with(same_as="Mira Sol=person:nobody"), "no author with that IRI in data/"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_input_is_one_line_exit_2_and_nothing_written(case: str, own_sources: Project, tmp_path: Path):
    make, message = BAD[case]
    argv = make(own_sources, tmp_path)
    before = snapshot(own_sources)
    code, out, err = run(own_sources.root, *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("diplokg: "), err
    assert message in err
    assert snapshot(own_sources) == before


def test_an_ambiguous_author_is_chosen_with_same_as(own_sources: Project):
    _ambiguous(own_sources)
    code, out, err = run(own_sources.root, *_with(author="Park"), "--same-as", "Park=person:park-geun-hye")
    assert code == 0, err
    assert "Park: existing person:park-geun-hye" in out


def test_a_second_article_of_a_publisher_on_one_day_gets_its_own_slug(own_sources: Project, tmp_path: Path):
    other = _write(tmp_path / "other.txt", b"INVENTED FOR THE DIPLOKG TESTS. Another invented text.\n")
    argv = ["add-article", str(other), "--headline", "Another", "--author", "Troy Stangarone", "--published", "2013-05-24"]
    code, out, err = run(own_sources.root, *argv, "--publisher", "Korea Economic Institute")
    assert code == 0, err
    assert "registered article:kei-2013-05-24-2 in data/kei-2013-05-24-2.ttl" in out  # KEI, its shortest name
    assert "Korea Economic Institute: existing organization:korea-economic-institute" in out


def test_the_worksheet_never_goes_into_data(project: Project, sources: Path):
    code, _, err = run(project.root, "draft", "kei-2013-05-24", "--out", str(project.data_dir / "sheet.md"))
    assert code == 2 and "never goes into data/" in err
    assert not (project.data_dir / "sheet.md").exists()
    code, _, err = run(project.root, "draft", "no-such-article")
    assert code == 2 and "no article 'no-such-article' in data/ (registered: foreign-affairs-2015-01-21, kei-2013-05-24" in err


@pytest.mark.parametrize(
    ("label", "surname"),
    [
        ("Kim Jong-un", "Kim"),
        ("Jung-Chul Lee", "Lee"),
        ("Xi Jinping", "Xi"),
        ("Jang Song Taek", "Jang"),
        ("Inwook Kim", "Kim"),
        ("Shinzo Abe", "Abe"),
        ("George W. Bush", "Bush"),
        ("unnamed senior Japanese official", None),
        ("Putin", None),
    ],
)
def test_family_names(label: str, surname: str | None):
    assert family_name(label) == surname


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("Kim Jong-un", "Kim Jong Un said", "Kim Jong Un"),
        ("North Korea", "North Korean leader", "North Korean"),
        ("North Korea", "North Koreamaking any", "North Koreamaking"),  # the Foreign Affairs copy's lost dashes
        ("Six-Party Talks", "is the six-party talks.", "six-party talks"),
        ("US", "let us go", None),
        ("U.S.", "three U.S. citizens", "U.S."),
        ("Park", "a park in Seoul", None),
        ("Park", "met Park there", "Park"),
        ("China", "Chinese banks", None),
        ("Korean peninsula", "NorthKorean peninsula", None),
    ],
)
def test_name_patterns(name: str, text: str, found: str | None):
    matches = [m.group() for m in name_pattern(name).finditer(text) if name_matches(name, m.group())]
    assert (matches[0] if matches else None) == found


def test_every_lexicon_class_is_an_act_class_of_the_ontology(project: Project):
    classes = load_registry(project).classes
    act = "https://w3id.org/diplokg/ontology#Act"
    wrong = sorted({t.cls for t in load_lexicon() if not classes.is_a(t.cls, act) or t.cls == act})
    assert not wrong, wrong
    import pyoxigraph

    cameo = {t.subject.value for t in pyoxigraph.parse(path=str(project.ontology_dir / "cameo.ttl"), format=pyoxigraph.RdfFormat.TURTLE)}
    unknown = sorted({c for t in load_lexicon() for c in t.cameo if f"https://w3id.org/diplokg/cameo/{c}" not in cameo})
    assert all(t.cameo for t in load_lexicon()) and not unknown, unknown


def test_the_lexicon_matches_words_prefixes_and_gaps():
    lexicon = tuple(parse_lexicon("Visit | 042 | visit*\nOfferOfTalks | 036 | offer* ... talks\nTalks | 046 | talks"))
    hits = find_triggers("Seoul offered again to hold talks; Xi visited.", lexicon)
    found = [(h.trigger.cls.rsplit("#")[-1], h.start, h.end) for h in hits]
    assert found == [("OfferOfTalks", 6, 33), ("Talks", 28, 33), ("Visit", 38, 45)]
    assert find_triggers("an offer of nothing at all, then talks", lexicon)[0].trigger.phrase == "talks"  # gap of 4 words at most
    with pytest.raises(ConfigError, match=r"lexicon\.txt:2: expected"):
        parse_lexicon("Visit | 042 | visit*\nno bars here")


def test_capitals_stand_for_their_state_and_are_places_after_a_word_of_place(project: Project):
    from diplokg.authoring.mentions import Gazetteer

    gazetteer = Gazetteer(load_registry(project))
    [beijing] = gazetteer.find("Beijing has denied shipments.")
    assert beijing.entities == ("https://w3id.org/diplokg/id/state/china",) and beijing.hows == ("capital",)
    [_, visit] = gazetteer.find("Park will visit Beijing.")[-2:]
    assert set(visit.entities) == {"https://w3id.org/diplokg/id/place/beijing", "https://w3id.org/diplokg/id/state/china"}


def test_a_surname_names_the_person_last_named_in_full(project: Project):
    from diplokg.authoring.mentions import Gazetteer

    gazetteer = Gazetteer(load_registry(project))
    found = gazetteer.find("By Jung-Chul Lee and Inwook Kim. Kim Jong Un spoke. Later Kim left.")
    assert found[-1].text == "Kim" and found[-1].entities == ("https://w3id.org/diplokg/id/person/kim-jong-un",)


def test_recall_on_the_two_encoded_articles_meets_the_goals(project: Project, sources: Path):
    """The figures of benchmarks/draft_recall.py (counts, so stable): mentions ≥ 95 %, acts ≥ 80 %, per article."""
    figures = evaluate(project)
    assert set(figures) == {"kei-2013-05-24", "foreign-affairs-2015-01-21"}
    for name, f in figures.items():
        assert f.mentions_expected > 50 and f.acts > 30, name  # the measure measures something
        assert f.mention_recall >= 0.95, (name, f.missed_mentions)
        assert f.act_recall >= 0.80, (name, f.missed_acts)
        assert f.mentions_wrong <= 0.05 * f.mentions_proposed, (name, f.wrong_mentions)


def test_a_text_already_in_the_sources_folder_stays_there_and_names_match_in_any_case(own_sources: Project):
    text = _write(own_sources.sources_dir / "003_new.txt", b"INVENTED FOR THE DIPLOKG TESTS. A third text.\n")
    argv = ["add-article", str(text), "--headline", "Third", "--author", "troy STANGARONE", "--published", "2016-01-01"]
    code, out, err = run(own_sources.root, *argv, "--publisher", "foreign affairs")
    assert code == 0, err
    assert f"source {text} (already there)" in out
    assert "troy STANGARONE: existing person:troy-stangarone" in out and "foreign affairs: existing publication:foreign-affairs" in out
    assert sorted(p.name for p in own_sources.sources_dir.iterdir()) == [
        "000_83ca1036fc8bebeb.txt",
        "002_29f3fe4274afec98.txt",
        "003_new.txt",
    ]
    article = (own_sources.data_dir / "foreign-affairs-2016-01-01.ttl").read_text(encoding="utf-8")
    assert 'dkg:sourceFile "003_new.txt"' in article
    assert run(own_sources.root, "validate")[0] == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Last July, Chinese President Xi Jinping", ("Last July", "2014-07-01", "2014-07-31", "Month")),
        ("On January 10, Pyongyang offered", ("On January 10", "2015-01-10", "2015-01-10", "Day")),
        ("Seoul’s May 24, 2010 sanctions", ("May 24, 2010", "2010-05-24", "2010-05-24", "Day")),
        ("reached out to Moscow in mid-November", ("in mid-November", "2014-11-08", "2014-11-23", "PartOfMonth")),
        ("At the end of October, Pyongyang", ("At the end of October", "2014-10-16", "2014-10-31", "PartOfMonth")),
        ("the early December, 2013 execution", ("the early December, 2013", "2013-12-01", "2013-12-15", "PartOfMonth")),
        ("this may march on", None),
        ("On February 30, nothing", None),
    ],
)
def test_dates_in_words(text: str, expected: tuple[str, str, str, str] | None):
    from datetime import date

    from diplokg.authoring.dates import date_hints

    hints = date_hints(text, date(2015, 1, 21))
    got = (hints[0].phrase, str(hints[0].earliest), str(hints[0].latest), hints[0].precision) if hints else None
    assert got == expected


def test_a_stub_takes_the_date_nearest_its_trigger():
    from diplokg.authoring.draft import stub_date

    text = "After December’s satellite launch, February’s nuclear test, and months of talk of war"
    assert stub_date(text, "2013-05-24", text.index("satellite")).phrase == "December"
    assert str(stub_date(text, "2013-05-24", text.index("nuclear test")).earliest) == "2013-02-01"
