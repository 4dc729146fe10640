"""Every quote stands verbatim in its article's source file, at its recorded offsets; digests match."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from diplokg.evidence import verify_evidence
from diplokg.fmt import format_graph
from diplokg.namespaces import DKG, OA
from diplokg.project import Project
from diplokg.rdfio import parse_turtle
from diplokg.sources import SourceTexts, article_source_files

ARTICLES = {
    "kei-2013-05-24": ("000_83ca1036fc8bebeb.txt", 40),
    "foreign-affairs-2015-01-21": ("002_29f3fe4274afec98.txt", 100),
}


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_every_quote_is_verbatim_and_placed(project: Project, sources, slug: str) -> None:
    graph = parse_turtle(project.data_dir / f"{slug}.ttl")
    file_name, minimum_facts = ARTICLES[slug]
    text = (sources / file_name).read_text(encoding="utf-8")
    article = URIRef(f"https://w3id.org/diplokg/id/article/{slug}")
    assert str(graph.value(article, DKG.sha256)) == hashlib.sha256((sources / file_name).read_bytes()).hexdigest()
    evidence = set(graph.subjects(RDF.type, DKG.Evidence))
    assert len(evidence) >= minimum_facts
    for node in evidence:
        quote = next(str(graph.value(s, OA.exact)) for s in graph.objects(node, OA.hasSelector) if graph.value(s, OA.exact))
        start = next(int(graph.value(s, OA.start)) for s in graph.objects(node, OA.hasSelector) if graph.value(s, OA.start) is not None)
        assert text[start : start + len(quote)] == quote
    facts = {s for s in graph.subjects(DKG.evidence, None)}
    assert len(facts) >= minimum_facts
    assert verify_evidence(graph, SourceTexts(sources)) == []


def test_short_form_is_expanded_to_offsets(project: Project, sources) -> None:
    turtle = """
    @prefix dkg: <https://w3id.org/diplokg/ontology#> . @prefix oa: <http://www.w3.org/ns/oa#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    <https://w3id.org/diplokg/id/event/x> prov:wasDerivedFrom <https://w3id.org/diplokg/id/article/kei-2013-05-24> ;
        dkg:when [ dkg:phrase "In the last week" ] ;
        dkg:evidence [ oa:exact "a senior Japanese official made a surprise visit to North Korea" ] .
    """
    graph = Graph().parse(data=turtle, format="turtle")
    articles = {URIRef("https://w3id.org/diplokg/id/article/kei-2013-05-24"): "000_83ca1036fc8bebeb.txt"}
    assert format_graph(graph, articles, SourceTexts(sources)) == []
    text = (sources / "000_83ca1036fc8bebeb.txt").read_text(encoding="utf-8")
    start = text.index("a senior Japanese official made")
    node = URIRef(f"https://w3id.org/diplokg/id/evidence/kei-2013-05-24-{start}-{start + 63}")
    assert (URIRef("https://w3id.org/diplokg/id/event/x"), DKG.evidence, node) in graph
    assert (URIRef("https://w3id.org/diplokg/id/event/x"), DKG.when, URIRef("https://w3id.org/diplokg/id/span/event-x")) in graph
    assert verify_evidence(graph + _article_graph(), SourceTexts(sources)) == []


def test_ambiguous_or_missing_quote_is_reported(sources) -> None:
    turtle = """
    @prefix dkg: <https://w3id.org/diplokg/ontology#> . @prefix oa: <http://www.w3.org/ns/oa#> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    <https://w3id.org/diplokg/id/event/x> prov:wasDerivedFrom <https://w3id.org/diplokg/id/article/kei-2013-05-24> ;
        dkg:evidence [ oa:exact "North Korea" ] , [ oa:exact "a sentence the article never wrote" ] .
    """
    graph = Graph().parse(data=turtle, format="turtle")
    problems = format_graph(graph, article_source_files(_article_graph()), SourceTexts(sources))
    assert any("times in 000_83ca1036fc8bebeb.txt" in p for p in problems)
    assert any("not found in 000_83ca1036fc8bebeb.txt" in p for p in problems)


def _article_graph() -> Graph:
    return Graph().parse(
        data="""@prefix dkg: <https://w3id.org/diplokg/ontology#> .
        <https://w3id.org/diplokg/id/article/kei-2013-05-24> a dkg:Article ; dkg:sourceFile "000_83ca1036fc8bebeb.txt" ;
          dkg:sha256 "6bddc660ba1992eeda0340c9774b793df27f841ed7b8ef06cbadb46fdcf300c3" .""",
        format="turtle",
    )
