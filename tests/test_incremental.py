"""Adding an article to a built graph updates dist/ in place, with exactly what a build from scratch writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from synthetic import generate

from diplokg.build import MANIFEST, STORE_DIR, build
from diplokg.errors import ValidationError
from diplokg.manifest import open_build
from diplokg.progress import Stages
from diplokg.project import Project


@pytest.fixture
def corpus(tmp_path: Path, project: Project) -> Project:
    if not project.sources_dir.is_dir():
        pytest.skip(f"source texts not found at {project.sources_dir}")
    made = generate.generate(tmp_path / "corpus", 10_000, seed=0, project_root=project.root, sources=project.sources_dir)
    built = Project(made.root, made.sources, made.root / "dist")
    build(built, stages=Stages())
    return built


def mode(project: Project) -> str:
    return json.loads((project.dist_dir / MANIFEST).read_text())["mode"]


def snapshot(dist: Path) -> dict[str, object]:
    """Everything a build leaves for users, as sets: each file's graphs or triples, and the store's quads."""
    out: dict[str, object] = {}
    for suffix, fmt in (("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")):
        dataset = Dataset()
        dataset.parse(dist / f"diplokg.{suffix}", format=fmt)
        out[suffix] = {str(g.identifier): frozenset(g) for g in dataset.graphs() if len(g)}
    # the compact JSON-LD, its context given inline (an incremental build appends graph objects to it)
    document = json.loads((dist / "diplokg.compact.jsonld").read_text(encoding="utf-8"))
    document["@context"] = json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    compact = Dataset()
    compact.parse(data=json.dumps(document), format="json-ld")
    out["compact.jsonld"] = {str(g.identifier): frozenset(g) for g in compact.graphs() if len(g)}
    for suffix, fmt in (("nt", "nt"), ("ttl", "turtle")):
        out[suffix] = frozenset(Graph().parse(dist / f"diplokg.{suffix}", format=fmt))
    out["store"] = frozenset(ox.Store.read_only(str(dist / STORE_DIR)))
    out["graphs"] = json.loads((dist / MANIFEST).read_text())["graphs"]
    return out


def test_added_article_is_built_incrementally_as_a_full_build_would(corpus: Project, tmp_path: Path) -> None:
    added = generate.add_article(corpus.root)
    result = build(corpus, stages=Stages())
    assert mode(corpus) == "incremental"
    assert set(result.seconds) == {"parse", "validate", "reason", "update"}
    with open_build(corpus.dist_dir) as written:  # the manifest records every file as the incremental build left it
        assert any(name.startswith(f"{STORE_DIR}/") for name in written.outputs)
        for name in written.outputs:
            written.file(name, digest=True)
    scratch = Project(corpus.root, corpus.sources_dir, tmp_path / "from-scratch")
    build(scratch, stages=Stages())
    assert mode(scratch) == "full"
    incremental, full = snapshot(corpus.dist_dir), snapshot(scratch.dist_dir)
    assert incremental.keys() == full.keys()
    for key in full:
        assert incremental[key] == full[key], key
    assert str(corpus.graph_iri(added)) in incremental["graphs"]  # type: ignore[operator]


def test_a_changed_file_is_built_from_scratch(corpus: Project) -> None:
    path = sorted(corpus.data_dir.glob("*.ttl"))[-1]
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(corpus, stages=Stages())
    assert mode(corpus) == "full"


def test_an_invalid_article_is_refused_as_a_full_build_refuses_it(corpus: Project) -> None:
    before = (corpus.dist_dir / "diplokg.nq").read_bytes()
    added = generate.add_article(corpus.root)
    text = added.read_text(encoding="utf-8").replace("dkg:modality", "dkg:modalty", 1)
    added.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        build(corpus, stages=Stages())
    assert any("unknown property https://w3id.org/diplokg/ontology#modalty" in p for p in caught.value.problems)
    assert (corpus.dist_dir / "diplokg.nq").read_bytes() == before
    added.unlink()
    build(corpus, stages=Stages())  # the reasoning store was left as it was: nothing to redo
    assert mode(corpus) == "full"


def test_an_inconsistent_article_is_refused(corpus: Project) -> None:
    added = generate.add_article(corpus.root)
    person = "<https://w3id.org/diplokg/id/person/troy-stangarone>"
    added.write_text(added.read_text(encoding="utf-8") + f"\n{person} a <https://w3id.org/diplokg/ontology#Place> .\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        build(corpus, stages=Stages())
    assert any("Disjoint classes" in p for p in caught.value.problems), caught.value.problems


def test_an_interrupted_incremental_build_is_redone_from_scratch(corpus: Project) -> None:
    (corpus.dist_dir / ".incremental-in-progress").write_text("0")
    generate.add_article(corpus.root)
    build(corpus, stages=Stages())
    assert mode(corpus) == "full"
    assert not (corpus.dist_dir / ".incremental-in-progress").exists()


def test_owlrl_builds_are_not_extended(corpus: Project) -> None:
    build(corpus, reasoner="owlrl", stages=Stages())
    assert not (corpus.dist_dir / ".reasoning").exists()
    generate.add_article(corpus.root)
    build(corpus, stages=Stages())
    assert mode(corpus) == "full"
    shutil.rmtree(corpus.dist_dir)
