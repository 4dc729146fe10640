"""A 10k-triple synthetic corpus (benchmarks/generate.py) validates, closes as owlrl closes it, and answers the
whole catalogue identically on every engine (Oxigraph on disk and in memory, rdflib)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plain_forms import active_states, answers_by_state_pair, plain_and_rewritten
from rdflib import Graph
from synthetic import generate

from diplokg.build import STORE_DIR, BuildResult, build
from diplokg.catalogue import load_catalogue
from diplokg.dataset import load_project
from diplokg.engines import OxigraphEngine, RdflibEngine
from diplokg.project import Project
from diplokg.query import answer
from diplokg.reason import closure
from diplokg.terms import from_rdflib

ROOT = Path(__file__).resolve().parents[1]
NAMES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, project: Project):
    if not project.sources_dir.is_dir():
        pytest.skip(f"source texts not found at {project.sources_dir}: the corpus's quotes could not be checked")
    out = tmp_path_factory.mktemp("synthetic") / "corpus"
    return generate.generate(out, 10_000, seed=0, project_root=project.root, sources=project.sources_dir)


@pytest.fixture(scope="module")
def synthetic(corpus) -> Project:
    return Project(corpus.root, corpus.sources, corpus.root / "dist")


@pytest.fixture(scope="module")
def built(synthetic: Project) -> BuildResult:
    return build(synthetic)


def test_corpus_has_the_size_asked_and_mixes_worlds(corpus) -> None:
    assert corpus.articles >= 2 and corpus.worlds >= 2
    assert 9_000 <= corpus.triples <= 14_000
    data = sorted(p.name for p in (corpus.root / "data").glob("*.ttl"))
    assert len(data) == corpus.files == corpus.articles + 1  # + entities.ttl
    text = "".join((corpus.root / "data" / name).read_text(encoding="utf-8") for name in data)
    assert "-g00000" in text, "articles are renamed copies"
    assert "-w1" in text, "entities are cloned into a second world and some article uses it"


def test_corpus_is_deterministic(corpus, project: Project, tmp_path: Path) -> None:
    again = generate.generate(tmp_path / "again", 10_000, seed=0, project_root=project.root, sources=project.sources_dir)
    for path in sorted((corpus.root / "data").glob("*.ttl")):
        assert (again.root / "data" / path.name).read_bytes() == path.read_bytes(), path.name


def test_corpus_validates_and_builds(built: BuildResult) -> None:
    assert built.warnings == []  # sources present: quotes, offsets and digests were checked
    assert sum(built.triples.values()) > 12_000


def test_corpus_closes_as_owlrl_does(synthetic: Project) -> None:
    loaded = load_project(synthetic)
    asserted = loaded.ontology + loaded.data
    reference, reference_problems = closure(asserted, "owlrl")
    fast, fast_problems = closure(asserted, "rules")
    assert reference_problems == fast_problems == []

    def terms(graph: Graph) -> set[tuple]:
        return {tuple(from_rdflib(t).canonical() for t in triple) for triple in graph}

    expected, got = terms(reference), terms(fast)
    assert len(expected) > 2_000
    assert not expected - got, sorted(expected - got)[:10]
    assert not got - expected, sorted(got - expected)[:10]


@pytest.fixture(scope="module")
def engines(synthetic: Project, built: BuildResult) -> tuple[OxigraphEngine, RdflibEngine, OxigraphEngine]:
    return (
        OxigraphEngine(synthetic.dist_dir / STORE_DIR),
        RdflibEngine(synthetic.dist_dir / "diplokg.trig"),
        OxigraphEngine.in_memory(synthetic.dist_dir / "diplokg.nq"),
    )


def test_catalogue_was_found() -> None:
    assert len(NAMES) >= 25


@pytest.mark.parametrize("name", NAMES)
def test_catalogue_answers_are_identical_on_every_engine(engines, synthetic: Project, name: str) -> None:
    oxigraph, rdflib_engine, in_memory = engines
    spec = load_catalogue(synthetic.queries_dir)[name]
    given = generate.sampled_facts(oxigraph, spec)  # a fact parameter: a copy of the default fact that the corpus holds
    ox = answer(oxigraph, spec, given, with_labels=False).result
    rd = answer(rdflib_engine, spec, given, with_labels=False).result
    mem = answer(in_memory, spec, given, with_labels=False).result
    assert ox.vars == rd.vars == mem.vars
    assert ox.as_set() == rd.as_set() == mem.as_set()
    ANSWERED[name] = len(ox.rows)


ANSWERED: dict[str, int] = {}


def test_most_questions_have_answers_on_the_synthetic_corpus() -> None:
    """Identical empty answers compare nothing: most default questions must find rows in the sampled copies."""
    if len(ANSWERED) < len(NAMES):
        pytest.skip("runs after the whole catalogue")
    assert sum(1 for rows in ANSWERED.values() if rows) >= 0.7 * len(NAMES), ANSWERED


def test_the_flagship_means_its_plain_form_for_every_pair_of_states(engines, synthetic: Project) -> None:
    """The flagship's planner-friendly rewrite finds the rows of its plain UNION form for every ordered pair
    of the most active states of the corpus, on disk and in memory."""
    oxigraph, _, in_memory = engines
    plain, rewritten = plain_and_rewritten(synthetic.queries_dir, "officials_handling_ties")
    states = active_states(in_memory, 6)
    expected = answers_by_state_pair(in_memory, plain, states)
    assert sum(len(rows) for rows in expected.values()) >= 15, "too few rows for the comparison to mean much"
    assert answers_by_state_pair(in_memory, rewritten, states) == expected
    assert answers_by_state_pair(oxigraph, rewritten, states) == expected
