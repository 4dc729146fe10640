"""Site paths mirror IRIs, and a resource's description carries its quote and dates."""

from __future__ import annotations

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS

from diplokg.namespaces import OA, PROV
from diplokg.project import Project
from diplokg.web.describe import asserted_graph, describe
from diplokg.web.paths import description_path, iri_of_path, page_path, relative_link

JANG = "https://w3id.org/diplokg/id/person/jang-song-taek"


def test_page_paths_mirror_iris():
    assert page_path(JANG) == "id/person/jang-song-taek.html"
    assert description_path(JANG) == "id/person/jang-song-taek.ttl"
    assert iri_of_path("/id/person/jang-song-taek") == JANG
    assert iri_of_path("id/person/jang-song-taek.ttl") == JANG


@pytest.mark.parametrize(
    "iri",
    ["https://example.org/x", "https://w3id.org/diplokg/id/person/../../etc", "https://w3id.org/diplokg/id/person", JANG + "/x"],
)
def test_no_page_outside_the_id_space(iri: str):
    assert page_path(iri) is None


def test_unsafe_paths_name_no_resource():
    assert iri_of_path("/id/person/..%2f") is None
    assert iri_of_path("/id/../ontology") is None


def test_relative_links_work_from_any_depth():
    assert relative_link("id/person/a.html", "id/state/b.html") == "../state/b.html"
    assert relative_link("index.html", "id/state/b.html") == "id/state/b.html"


def test_description_brings_quotes_and_labels(built: Project):
    dataset = Dataset()
    dataset.parse(built.dist_dir / "diplokg.trig", format="trig")
    graph = asserted_graph(dataset)
    desc = describe(graph, URIRef(JANG))
    assert (URIRef(JANG), RDFS.label, None) in desc
    # The facts pointing at him are listed; each fact's own description carries its quote.
    facts = set(desc.subjects(None, URIRef(JANG)))
    quotes = {str(q) for f in facts for q in describe(graph, f).objects(None, OA.exact)}
    assert any(q.startswith("Both men had been in charge of bilateral relations") for q in quotes)
    # Only what the files assert: no inferred superclass types.
    assert (URIRef(JANG), RDF.type, PROV.Agent) not in desc
