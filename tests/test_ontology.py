"""The ontology parses, stays inside OWL 2 RL, and every term has a label and a definition."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from diplokg.project import Project
from diplokg.rdfio import parse_turtle

DKG = "https://w3id.org/diplokg/ontology#"

# What the ontology may use of OWL: each is allowed in OWL 2 RL in the positions we use it
# (named classes only on both sides of subClassOf, domain and range).
RL_TYPES = {
    OWL.Ontology,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.FunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.NamedIndividual,
}
RL_PREDICATES = {OWL.inverseOf, OWL.disjointWith, OWL.versionIRI, OWL.versionInfo}
NOT_RL = {OWL.unionOf, OWL.someValuesFrom, OWL.minCardinality, OWL.cardinality, OWL.complementOf, OWL.oneOf}


@pytest.fixture(scope="module")
def ontology(project: Project) -> Graph:
    graph = Graph()
    for path in project.ontology_files():
        graph += parse_turtle(path)
    return graph


def test_ontology_declares_iri_version_and_licence(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/diplokg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionIRI) is not None
    assert ontology.value(onto, URIRef("http://purl.org/dc/terms/license")) is not None


def test_ontology_stays_inside_owl2_rl(ontology: Graph) -> None:
    used_types = {o for o in ontology.objects(None, RDF.type) if str(o).startswith(str(OWL))}
    assert used_types <= RL_TYPES, used_types - RL_TYPES
    used_predicates = {p for p in ontology.predicates() if str(p).startswith(str(OWL))}
    assert used_predicates <= RL_PREDICATES, used_predicates - RL_PREDICATES
    assert not any(True for p in ontology.predicates() if p in NOT_RL)
    # subClassOf, domain and range only ever name classes (no anonymous class expressions)
    for predicate in (RDFS.subClassOf, RDFS.domain, RDFS.range):
        assert all(isinstance(o, URIRef) for o in ontology.objects(None, predicate)), predicate


def test_every_term_is_labelled_and_defined(ontology: Graph) -> None:
    terms = {
        s
        for s, o in ontology.subject_objects(RDF.type)
        if str(s).startswith(DKG) and o in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    }
    assert len(terms) > 150  # a checker that finds nothing must fail
    skos_definition = URIRef("http://www.w3.org/2004/02/skos/core#definition")
    missing = sorted(str(t) for t in terms if ontology.value(t, RDFS.label) is None or ontology.value(t, skos_definition) is None)
    assert missing == []


def test_act_classes_map_to_cameo_and_plover(ontology: Graph) -> None:
    cameo_code = URIRef(DKG + "cameoCode")
    cameo_nearest = URIRef(DKG + "cameoNearest")
    act = URIRef(DKG + "Act")
    acts = {s for s in ontology.transitive_subjects(RDFS.subClassOf, act)} - {act}
    grouping = {URIRef(DKG + n) for n in ("Provocation", "PunitiveMeasure", "FinancialMeasure")}
    unmapped = sorted(str(c) for c in acts - grouping if not set(ontology.objects(c, cameo_code)) | set(ontology.objects(c, cameo_nearest)))
    assert len(acts) > 50
    assert unmapped == []
    # every nearest code says why CAMEO has no exact one, and every code exists in the CAMEO scheme
    skos = "http://www.w3.org/2004/02/skos/core#"
    for cls, _code in ontology.subject_objects(cameo_nearest):
        assert ontology.value(cls, URIRef(skos + "editorialNote")) is not None, cls
    for code in set(ontology.objects(None, cameo_code)) | set(ontology.objects(None, cameo_nearest)):
        assert ontology.value(code, URIRef(skos + "notation")) is not None, code
    for category in ontology.objects(None, URIRef(DKG + "ploverCategory")):
        assert (category, URIRef(skos + "inScheme"), URIRef("https://w3id.org/diplokg/plover/scheme")) in ontology, category


def test_nuclear_tests_and_launches_are_provocations(ontology: Graph) -> None:
    provocation = URIRef(DKG + "Provocation")
    below = set(ontology.transitive_subjects(RDFS.subClassOf, provocation))
    for name in ("NuclearTest", "MissileLaunch", "SatelliteLaunch"):
        assert URIRef(DKG + name) in below
