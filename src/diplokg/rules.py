"""A fast OWL 2 RL closure: owlrl's rules as SPARQL updates run to a fixpoint inside an Oxigraph store.

owlrl (reason.py) is the reference: it walks every triple in Python on every cycle, and takes about a
minute for 100k triples. Here each rule of the OWL 2 RL profile that owlrl implements is one SPARQL
``INSERT ... WHERE`` evaluated by Oxigraph, semi-naively: the first round runs every rule over the whole
graph; each later round runs one variant per body atom with that atom matched only against the triples
the previous round added (the *delta*), until a round adds nothing. Schema axioms are ordinary triples, so
the same rules close the ontology (scm-*) and the data (cax-*, prp-*, cls-*, eq-*) together.

The result is the set of new triples minus owlrl's junk (reflexive owl:sameAs, literal subjects, built-in
axioms, trivial typing: see :func:`is_junk`), which a test compares with owlrl's filtered closure on the
real data and on a synthetic corpus. Inconsistencies are found by SELECT queries after the fixpoint, with
owlrl's messages (disjoint classes sharing a member, owl:Nothing members, irreflexive, asymmetric and
disjoint properties, negative assertions, sameAs/differentFrom clashes, max cardinality 0, ill-typed
literals), plus one owlrl misses: two different literal values of a functional property.

Known differences from owlrl, none of which the ontology can produce today: property chains and keys
whose members are blank nodes are skipped; nothing is derived through a triple with a literal subject
(an RDF store cannot hold one); owl:Thing is only materialised when the ontology mentions it beyond
subclass, domain and range axioms.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.update('''PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
... INSERT DATA { <urn:ex:Visit> rdfs:subClassOf <urn:ex:Act> . <urn:ex:v1> a <urn:ex:Visit> }''')
>>> result = materialise(store)
>>> [(t.subject.value, t.object.value) for t in result.triples]
[('urn:ex:v1', 'urn:ex:Act')]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

REASONERS = ("rules", "owlrl")  # this module, or owlrl (the reference; slow)
DEFAULT_REASONER = "rules"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\nPREFIX owl: <{OWL}>\n"

# Working graphs inside the reasoning store; the asserted and inferred triples live in the default graph.
DELTA = "urn:x-diplokg:reasoning:delta"
NEW = "urn:x-diplokg:reasoning:new"
INFERRED = "urn:x-diplokg:reasoning:inferred"

# --- junk: what owlrl derives that nobody wants (the same test as reason.is_junk, on Oxigraph terms) ---

BUILTIN_NAMESPACES = (OWL, RDF, RDFS, XSD)
NOISE_TYPES = {OWL + "Thing", RDFS + "Resource", OWL + "NamedIndividual", RDFS + "Class", OWL + "Class", RDF + "Property"}
KEPT_BUILTIN_TYPES = {
    OWL + t for t in ("ObjectProperty", "DatatypeProperty", "TransitiveProperty", "SymmetricProperty", "FunctionalProperty")
}
REFLEXIVE_JUNK = {OWL + "sameAs", OWL + "equivalentClass", OWL + "equivalentProperty", RDFS + "subClassOf", RDFS + "subPropertyOf"}
TOP_CLASSES = {OWL + "Thing", RDFS + "Resource"}
TOP_JUNK_PREDICATES = {RDFS + "subClassOf", RDFS + "range", RDFS + "domain"}
RDF_TYPE = RDF + "type"


def is_junk(triple: Any) -> bool:
    """True for a pyoxigraph Triple/Quad that reason.is_junk calls junk (owlrl's noise)."""
    import pyoxigraph as ox

    s, p, o = triple.subject, triple.predicate.value, triple.object
    if not isinstance(s, ox.NamedNode) or isinstance(o, ox.BlankNode):
        return True
    if s.value.startswith(BUILTIN_NAMESPACES):
        return True
    if isinstance(o, ox.Literal):
        return p == OWL + "sameAs"
    if p in REFLEXIVE_JUNK and s == o:
        return True
    if p == RDF_TYPE:
        return o.value in NOISE_TYPES or (o.value.startswith(BUILTIN_NAMESPACES) and o.value not in KEPT_BUILTIN_TYPES)
    return o.value in TOP_CLASSES and p in TOP_JUNK_PREDICATES


# --- rules --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """``body`` -> ``head``: triple patterns (SPARQL syntax) with an optional FILTER expression.

    Atoms that walk rdf:List structure (property paths over rdf:rest) are *static*: lists are asserted
    schema, so they are never matched against the delta.
    """

    name: str
    body: tuple[str, ...]
    head: tuple[str, ...]
    where: str = ""  # FILTER expression over the body's variables

    def variants(self, first_round: bool) -> list[str]:
        """The WHERE clauses to evaluate: the whole body on the first round, else one per delta atom."""
        tail = f"\n  FILTER({self.where})" if self.where else ""
        if first_round:
            return [" .\n  ".join(self.body) + tail]
        out = []
        for i, atom in enumerate(self.body):
            if _static(atom):
                continue
            atoms = [f"GRAPH <{DELTA}> {{ {a} }}" if j == i else a for j, a in enumerate(self.body)]
            # The delta atom first: it is the small side of the join.
            atoms.insert(0, atoms.pop(i))
            out.append(" .\n  ".join(atoms) + tail)
        return out

    def updates(self, first_round: bool) -> list[str]:
        head = " . ".join(self.head)
        return [f"INSERT {{ GRAPH <{NEW}> {{ {head} }} }}\nWHERE {{\n  {where}\n}}" for where in self.variants(first_round)]


def _static(atom: str) -> bool:
    return "rdf:rest" in atom or "rdf:first" in atom


def R(name: str, body: str, head: str, where: str = "") -> Rule:
    """A rule from ' . '-separated body and head patterns."""
    return Rule(name, tuple(a.strip() for a in body.split(" . ")), tuple(a.strip() for a in head.split(" . ")), where)


MEMBER = "rdf:rest*/rdf:first"

# The OWL 2 RL rules (W3C OWL 2 Profiles, section 4.3) that derive triples, as owlrl implements them.
RULES: tuple[Rule, ...] = (
    # Table 4: equality (eq-ref is reflexive owl:sameAs: junk, and derives nothing else)
    R("eq-sym", "?x owl:sameAs ?y", "?y owl:sameAs ?x", "!sameTerm(?x, ?y)"),
    R("eq-trans", "?x owl:sameAs ?y . ?y owl:sameAs ?z", "?x owl:sameAs ?z", "!sameTerm(?x, ?z)"),
    R("eq-rep-s", "?s owl:sameAs ?s2 . ?s ?p ?o", "?s2 ?p ?o", "!sameTerm(?s, ?s2)"),
    R("eq-rep-p", "?p owl:sameAs ?p2 . ?s ?p ?o", "?s ?p2 ?o", "!sameTerm(?p, ?p2)"),
    R("eq-rep-o", "?o owl:sameAs ?o2 . ?s ?p ?o", "?s ?p ?o2", "!sameTerm(?o, ?o2)"),
    # Table 5: properties
    R("prp-dom", "?p rdfs:domain ?c . ?x ?p ?y", "?x a ?c"),
    R("prp-rng", "?p rdfs:range ?c . ?x ?p ?y", "?y a ?c"),
    R("prp-fp", "?p a owl:FunctionalProperty . ?x ?p ?y1 . ?x ?p ?y2", "?y1 owl:sameAs ?y2", "!sameTerm(?y1, ?y2) && !isLiteral(?y1)"),
    R("prp-ifp", "?p a owl:InverseFunctionalProperty . ?x1 ?p ?y . ?x2 ?p ?y", "?x1 owl:sameAs ?x2", "!sameTerm(?x1, ?x2)"),
    R("prp-symp", "?p a owl:SymmetricProperty . ?x ?p ?y", "?y ?p ?x"),
    R("prp-trp", "?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z", "?x ?p ?z"),
    R("prp-spo1", "?p1 rdfs:subPropertyOf ?p2 . ?x ?p1 ?y", "?x ?p2 ?y", "!sameTerm(?p1, ?p2)"),
    R("prp-eqp1", "?p1 owl:equivalentProperty ?p2 . ?x ?p1 ?y", "?x ?p2 ?y", "!sameTerm(?p1, ?p2)"),
    R("prp-eqp2", "?p1 owl:equivalentProperty ?p2 . ?x ?p2 ?y", "?x ?p1 ?y", "!sameTerm(?p1, ?p2)"),
    R("prp-inv1", "?p1 owl:inverseOf ?p2 . ?x ?p1 ?y", "?y ?p2 ?x"),
    R("prp-inv2", "?p1 owl:inverseOf ?p2 . ?x ?p2 ?y", "?y ?p1 ?x"),
    # Table 6: classes
    Rule(
        "cls-int1",
        ("?c owl:intersectionOf ?l", f"?l {MEMBER} ?ck", "?y a ?ck"),
        ("?y a ?c",),
        f"NOT EXISTS {{ ?l {MEMBER} ?ci FILTER NOT EXISTS {{ ?y a ?ci }} }}",
    ),
    R("cls-int2", f"?c owl:intersectionOf ?l . ?l {MEMBER} ?ci . ?y a ?c", "?y a ?ci"),
    R("cls-uni", f"?c owl:unionOf ?l . ?l {MEMBER} ?ci . ?y a ?ci", "?y a ?c"),
    R("cls-svf1", "?x owl:someValuesFrom ?y . ?x owl:onProperty ?p . ?u ?p ?v . ?v a ?y", "?u a ?x"),
    R("cls-svf2", "?x owl:someValuesFrom owl:Thing . ?x owl:onProperty ?p . ?u ?p ?v", "?u a ?x"),
    R("cls-avf", "?x owl:allValuesFrom ?y . ?x owl:onProperty ?p . ?u a ?x . ?u ?p ?v", "?v a ?y"),
    R("cls-hv1", "?x owl:hasValue ?y . ?x owl:onProperty ?p . ?u a ?x", "?u ?p ?y"),
    R("cls-hv2", "?x owl:hasValue ?y . ?x owl:onProperty ?p . ?u ?p ?y", "?u a ?x"),
    R(
        "cls-maxc2",
        "?x owl:maxCardinality ?n . ?x owl:onProperty ?p . ?u a ?x . ?u ?p ?y1 . ?u ?p ?y2",
        "?y1 owl:sameAs ?y2",
        "?n = 1 && !sameTerm(?y1, ?y2)",
    ),
    R(
        "cls-maxqc4",
        "?x owl:maxQualifiedCardinality ?n . ?x owl:onProperty ?p . ?x owl:onClass owl:Thing . ?u a ?x . ?u ?p ?y1 . ?u ?p ?y2",
        "?y1 owl:sameAs ?y2",
        "?n = 1 && !sameTerm(?y1, ?y2)",
    ),
    R(
        "cls-maxqc3",
        "?x owl:maxQualifiedCardinality ?n . ?x owl:onProperty ?p . ?x owl:onClass ?c . "
        "?u a ?x . ?u ?p ?y1 . ?y1 a ?c . ?u ?p ?y2 . ?y2 a ?c",
        "?y1 owl:sameAs ?y2",
        "?n = 1 && !sameTerm(?y1, ?y2)",
    ),
    R("cls-oo", f"?c owl:oneOf ?l . ?l {MEMBER} ?y", "?y a ?c"),
    # Table 7: class axioms
    R("cax-sco", "?c1 rdfs:subClassOf ?c2 . ?x a ?c1", "?x a ?c2", "!sameTerm(?c1, ?c2)"),
    R("cax-eqc1", "?c1 owl:equivalentClass ?c2 . ?x a ?c1", "?x a ?c2", "!sameTerm(?c1, ?c2)"),
    R("cax-eqc2", "?c1 owl:equivalentClass ?c2 . ?x a ?c2", "?x a ?c1", "!sameTerm(?c1, ?c2)"),
    # Table 9: schema vocabulary (scm-cls and scm-op/dp only add reflexive axioms, kept for the rules below)
    R("scm-cls", "?c a owl:Class", "?c rdfs:subClassOf ?c"),
    R("scm-op", "?p a owl:ObjectProperty", "?p rdfs:subPropertyOf ?p"),
    R("scm-dp", "?p a owl:DatatypeProperty", "?p rdfs:subPropertyOf ?p"),
    R(
        "scm-sco",
        "?c1 rdfs:subClassOf ?c2 . ?c2 rdfs:subClassOf ?c3",
        "?c1 rdfs:subClassOf ?c3",
        "!sameTerm(?c1, ?c2) && !sameTerm(?c1, ?c3)",
    ),
    R("scm-eqc1", "?c1 owl:equivalentClass ?c2", "?c1 rdfs:subClassOf ?c2 . ?c2 rdfs:subClassOf ?c1", "!sameTerm(?c1, ?c2)"),
    R("scm-eqc2", "?c1 rdfs:subClassOf ?c2 . ?c2 rdfs:subClassOf ?c1", "?c1 owl:equivalentClass ?c2"),
    R(
        "scm-spo",
        "?p1 rdfs:subPropertyOf ?p2 . ?p2 rdfs:subPropertyOf ?p3",
        "?p1 rdfs:subPropertyOf ?p3",
        "!sameTerm(?p1, ?p2) && !sameTerm(?p1, ?p3)",
    ),
    R("scm-eqp1", "?p1 owl:equivalentProperty ?p2", "?p1 rdfs:subPropertyOf ?p2 . ?p2 rdfs:subPropertyOf ?p1", "!sameTerm(?p1, ?p2)"),
    R("scm-eqp2", "?p1 rdfs:subPropertyOf ?p2 . ?p2 rdfs:subPropertyOf ?p1", "?p1 owl:equivalentProperty ?p2"),
    R("scm-dom1", "?p rdfs:domain ?c1 . ?c1 rdfs:subClassOf ?c2", "?p rdfs:domain ?c2", "!sameTerm(?c1, ?c2)"),
    R("scm-dom2", "?p2 rdfs:domain ?c . ?p1 rdfs:subPropertyOf ?p2", "?p1 rdfs:domain ?c", "!sameTerm(?p1, ?p2)"),
    R("scm-rng1", "?p rdfs:range ?c1 . ?c1 rdfs:subClassOf ?c2", "?p rdfs:range ?c2", "!sameTerm(?c1, ?c2)"),
    R("scm-rng2", "?p2 rdfs:range ?c . ?p1 rdfs:subPropertyOf ?p2", "?p1 rdfs:range ?c", "!sameTerm(?p1, ?p2)"),
    R(
        "scm-hv",
        "?c1 owl:hasValue ?i . ?c1 owl:onProperty ?p1 . ?c2 owl:hasValue ?i . ?c2 owl:onProperty ?p2 . ?p1 rdfs:subPropertyOf ?p2",
        "?c1 rdfs:subClassOf ?c2",
    ),
    R(
        "scm-svf1",
        "?c1 owl:someValuesFrom ?y1 . ?c1 owl:onProperty ?p . ?c2 owl:someValuesFrom ?y2 . ?c2 owl:onProperty ?p . ?y1 rdfs:subClassOf ?y2",
        "?c1 rdfs:subClassOf ?c2",
    ),
    R(
        "scm-svf2",
        "?c1 owl:someValuesFrom ?y . ?c1 owl:onProperty ?p1 . "
        "?c2 owl:someValuesFrom ?y . ?c2 owl:onProperty ?p2 . ?p1 rdfs:subPropertyOf ?p2",
        "?c1 rdfs:subClassOf ?c2",
    ),
    R(
        "scm-avf1",
        "?c1 owl:allValuesFrom ?y1 . ?c1 owl:onProperty ?p . ?c2 owl:allValuesFrom ?y2 . ?c2 owl:onProperty ?p . ?y1 rdfs:subClassOf ?y2",
        "?c1 rdfs:subClassOf ?c2",
    ),
    R(
        "scm-avf2",
        "?c1 owl:allValuesFrom ?y . ?c1 owl:onProperty ?p1 . "
        "?c2 owl:allValuesFrom ?y . ?c2 owl:onProperty ?p2 . ?p1 rdfs:subPropertyOf ?p2",
        "?c2 rdfs:subClassOf ?c1",
    ),
    R("scm-int", f"?c owl:intersectionOf ?l . ?l {MEMBER} ?ci", "?c rdfs:subClassOf ?ci"),
    R("scm-uni", f"?c owl:unionOf ?l . ?l {MEMBER} ?ci", "?ci rdfs:subClassOf ?c"),
)

# Every class is a subclass of owl:Thing (scm-cls): only worth deriving when the ontology uses owl:Thing in
# an axiom whose consequences are not junk anyway (owl:Thing typing, domains and ranges are filtered out).
THING_RULES = (R("scm-cls-thing", "?c a owl:Class", "?c rdfs:subClassOf owl:Thing"),)
THING_MATTERS = """ASK {
  { owl:Thing ?p ?o FILTER(?p NOT IN (rdf:type, owl:equivalentClass, rdfs:subClassOf)) }
  UNION { ?s ?p owl:Thing FILTER(?p NOT IN (rdf:type, rdfs:subClassOf, rdfs:domain, rdfs:range, owl:someValuesFrom, owl:onClass)) }
  UNION { ?l rdf:first owl:Thing }
}"""


def _term(node: Any) -> str:
    return f"<{node.value}>"


def compiled_rules(store: Any) -> list[Rule]:
    """Rules whose body length depends on an rdf:List in the ontology: property chains (prp-spo2) and keys
    (prp-key), one rule per axiom whose members are IRIs."""
    import pyoxigraph as ox

    rules: list[Rule] = []
    for kind in ("propertyChainAxiom", "hasKey"):
        found = store.query(f"{PREFIXES}SELECT ?s ?l WHERE {{ ?s owl:{kind} ?l }}")
        for row in found:
            head, items = row["s"], _list(store, row["l"])
            if not isinstance(head, ox.NamedNode) or not items or not all(isinstance(i, ox.NamedNode) for i in items):
                continue
            if kind == "propertyChainAxiom":
                body = tuple(f"?u{i} {_term(p)} ?u{i + 1}" for i, p in enumerate(items))
                rules.append(Rule(f"prp-spo2 {head.value}", body, (f"?u0 {_term(head)} ?u{len(items)}",)))
            else:
                body = ("?x a " + _term(head), "?y a " + _term(head))
                body += tuple(f"?x {_term(p)} ?z{i} . ?y {_term(p)} ?z{i}" for i, p in enumerate(items))
                flat = tuple(a for atom in body for a in atom.split(" . "))
                rules.append(Rule(f"prp-key {head.value}", flat, ("?x owl:sameAs ?y",), "!sameTerm(?x, ?y)"))
    return rules


def _list(store: Any, head: Any) -> list[Any]:
    """The members of an rdf:List, in order."""
    import pyoxigraph as ox

    items, node, seen = [], head, set()
    nil = ox.NamedNode(RDF + "nil")
    while node != nil and node not in seen:
        seen.add(node)
        first = list(store.quads_for_pattern(node, ox.NamedNode(RDF + "first"), None, ox.DefaultGraph()))
        rest = list(store.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None, ox.DefaultGraph()))
        if not first or not rest:
            break
        items.append(first[0].object)
        node = rest[0].object
    return items


# --- inconsistencies -----------------------------------------------------------------------------

# (owlrl's message template, SELECT of its arguments in order): each row is one inconsistency.
PAIRS = "?l rdf:rest* ?n1 . ?n1 rdf:first ?a . ?n1 rdf:rest+ ?n2 . ?n2 rdf:first ?b"
CHECKS: tuple[tuple[str, str], ...] = (
    ("%s is defined of type 'Nothing'", "SELECT ?x WHERE { ?x a owl:Nothing }"),
    (
        "Disjoint classes %s and %s have a common individual %s",
        "SELECT ?c1 ?c2 ?x WHERE { ?c1 owl:disjointWith ?c2 . ?x a ?c1 . ?x a ?c2 }",
    ),
    (
        "Disjoint classes %s and %s have a common individual %s",
        f"SELECT ?a ?b ?z WHERE {{ ?d a owl:AllDisjointClasses ; owl:members ?l . {PAIRS} . ?z a ?a . ?z a ?b }}",
    ),
    (
        "Violation of complementarity for classes %s and %s on element %s",
        "SELECT ?c1 ?c2 ?x WHERE { ?c1 owl:complementOf ?c2 . ?x a ?c1 . ?x a ?c2 }",
    ),
    ("Irreflexive property used on %s with %s", "SELECT ?x ?p WHERE { ?p a owl:IrreflexiveProperty . ?x ?p ?x }"),
    (
        "Erroneous usage of asymmetric property %s on %s and %s",
        "SELECT ?p ?x ?y WHERE { ?p a owl:AsymmetricProperty . ?x ?p ?y . ?y ?p ?x }",
    ),
    (
        "Erroneous usage of disjoint properties %s and %s on %s and %s",
        "SELECT ?p1 ?p2 ?x ?y WHERE { ?p1 owl:propertyDisjointWith ?p2 . ?x ?p1 ?y . ?x ?p2 ?y }",
    ),
    (
        "Disjoint properties in an 'AllDisjointProperties' are not really disjoint: (%s, %s,%s) and (%s,%s,%s)",
        f"SELECT ?x ?a ?y ?x2 ?b ?y2 WHERE {{ ?d a owl:AllDisjointProperties ; owl:members ?l . {PAIRS} . ?x ?a ?y . ?x ?b ?y "
        "BIND(?x AS ?x2) BIND(?y AS ?y2) }",
    ),
    (
        "Negative (object) property assertion violated for: (%s, %s, %s)",
        "SELECT ?i1 ?p ?i2 WHERE { ?n owl:sourceIndividual ?i1 ; owl:assertionProperty ?p ; owl:targetIndividual ?i2 . ?i1 ?p ?i2 }",
    ),
    (
        "Negative (datatype) property assertion violated for: (%s, %s, %s)",
        "SELECT ?i1 ?p ?v WHERE { ?n owl:sourceIndividual ?i1 ; owl:assertionProperty ?p ; owl:targetValue ?v . ?i1 ?p ?v }",
    ),
    (
        "'sameAs' and 'differentFrom' cannot be used on the same subject-object pair: (%s, %s)",
        "SELECT ?x ?y WHERE { { ?x owl:sameAs ?y . { ?x owl:differentFrom ?y } UNION { ?y owl:differentFrom ?x } } "
        "UNION { ?x owl:differentFrom ?x BIND(?x AS ?y) } }",
    ),
    (
        "'sameAs' and 'AllDifferent' cannot be used on the same subject-object pair: (%s, %s)",
        f"SELECT ?a ?b WHERE {{ ?d a owl:AllDifferent ; owl:members|owl:distinctMembers ?l . {PAIRS} . "
        "{ ?a owl:sameAs ?b } UNION { ?b owl:sameAs ?a } FILTER(!sameTerm(?a, ?b)) }",
    ),
    (
        "Erroneous usage of maximum cardinality with %s and %s",
        "SELECT ?x ?y WHERE { ?x owl:maxCardinality ?n ; owl:onProperty ?p . FILTER(?n = 0) ?u a ?x ; ?p ?y }",
    ),
    (
        "Erroneous usage of maximum qualified cardinality with %s, %s and %s",
        "SELECT ?x ?c ?y WHERE { ?x owl:maxQualifiedCardinality ?n ; owl:onProperty ?p ; owl:onClass ?c . FILTER(?n = 0) "
        "?u a ?x ; ?p ?y . FILTER(sameTerm(?c, owl:Thing) || EXISTS { ?y a ?c }) }",
    ),
    (
        # owlrl derives owl:sameAs between the two literals and copies values between unrelated nodes instead.
        "Functional property %s has two different values on %s: %s and %s",
        "SELECT ?p ?x ?y1 ?y2 WHERE { ?p a owl:FunctionalProperty . ?x ?p ?y1 . ?x ?p ?y2 "
        "FILTER(isLiteral(?y1) && isLiteral(?y2) && STR(?y1) < STR(?y2) && !COALESCE(?y1 = ?y2, false)) }",
    ),
)


def _text(term: Any) -> str:
    return term.value


def inconsistencies(store: Any, new: str | None = None) -> list[str]:
    """owlrl's inconsistency messages for the closed graph in ``store`` (after :func:`materialise`). With ``new``,
    the named graph of the triples just added to a consistent graph: only its literals are type-checked."""
    problems: set[str] = set()
    for template, query in CHECKS:
        for row in store.query(PREFIXES + query):
            problems.add(template % tuple(_text(row[i]) for i in range(len(row))))
    problems.update(ill_typed_literals(store, new))
    return sorted(problems)


def ill_typed_literals(store: Any, graph: str | None = None) -> list[str]:
    """owlrl's dt-not-type: literals of an OWL 2 RL datatype whose lexical form is not in the datatype
    (in the default graph, or in ``graph``)."""
    from owlrl.DatatypeHandling import AltXSDToPYTHON
    from owlrl.XsdDatatypes import OWL_RL_Datatypes

    datatypes = " ".join(f"<{d}>" for d in sorted(str(d) for d in OWL_RL_Datatypes))
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    query = f"SELECT DISTINCT ?o WHERE {{ {pattern} FILTER(isLiteral(?o)) FILTER(DATATYPE(?o) IN ({datatypes.replace(' ', ', ')})) }}"
    converters = {str(k): v for k, v in AltXSDToPYTHON.items()}
    problems = []
    for row in store.query(query):
        literal = row[0]
        converter = converters.get(literal.datatype.value)
        if converter is None:
            continue
        try:
            converter(literal.value)
        except ValueError:
            problems.append(f"Lexical value of the literal '{literal.value}' does not match its datatype ({literal.datatype.value})")
    return problems


# --- the fixpoint -------------------------------------------------------------------------------


@dataclass
class Closure:
    """What :func:`materialise` derived: the non-junk new triples and the inconsistencies found."""

    triples: list[Any] = field(default_factory=list)  # pyoxigraph Triples, sorted
    problems: list[str] = field(default_factory=list)
    rounds: int = 0
    derived: int = 0  # all new triples, junk included
    seconds: float = 0.0


Progress = Callable[[int, int], None]  # (round, triples added this round)


def materialise(store: Any, progress: Progress | None = None, check: bool = True, seed: str | None = None, keep: bool = False) -> Closure:
    """Close the default graph of ``store`` (a pyoxigraph Store holding ontology + data) under the OWL 2 RL
    rules; the new triples are added to the default graph and returned, junk filtered.

    The store keeps the closure (junk included) so that callers can query it; the working graphs are dropped.
    With ``seed`` (a named graph whose triples were just added to an already closed default graph), only
    their consequences are derived: the semi-naive rounds start from them. With ``keep``, the graph of all
    derived triples (INFERRED) is left in the store, for the caller to undo or drop.
    """
    import pyoxigraph as ox

    started = time.perf_counter()
    rules = [*RULES, *compiled_rules(store)]
    if store.query(PREFIXES + THING_MATTERS):
        rules.extend(THING_RULES)
    store.update(f"DROP SILENT GRAPH <{DELTA}> ; DROP SILENT GRAPH <{NEW}> ; DROP SILENT GRAPH <{INFERRED}>")
    if seed is not None:
        store.update(f"ADD SILENT GRAPH <{seed}> TO GRAPH <{DELTA}>")
    rounds, derived = 0, 0
    while True:
        rounds += 1
        first = rounds == 1 and seed is None
        store.update(PREFIXES + " ;\n".join(u for rule in rules for u in rule.updates(first_round=first)))
        store.update(
            f"DROP SILENT GRAPH <{DELTA}> ;\n"
            f"INSERT {{ GRAPH <{DELTA}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{NEW}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }} ;\n"
            f"DROP SILENT GRAPH <{NEW}> ;\n"
            f"ADD SILENT GRAPH <{DELTA}> TO DEFAULT ;\n"
            f"ADD SILENT GRAPH <{DELTA}> TO GRAPH <{INFERRED}>"
        )
        added = _count(store, DELTA)
        derived += added
        if progress:
            progress(rounds, added)
        if not added:
            break
    inferred = ox.NamedNode(INFERRED)
    triples = sorted(
        (ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, inferred) if not is_junk(q)),
        key=str,
    )
    store.update(f"DROP SILENT GRAPH <{DELTA}>" + ("" if keep else f" ; DROP SILENT GRAPH <{INFERRED}>"))
    problems = inconsistencies(store, seed) if check else []
    return Closure(triples, problems, rounds, derived, time.perf_counter() - started)


def _count(store: Any, graph: str) -> int:
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")))[0].value)


def store_of(triples: Iterable[Any]) -> Any:
    """An in-memory Oxigraph store whose default graph holds ``triples`` (pyoxigraph Triples or Quads)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return store


def rules_closure(asserted: Any, progress: Progress | None = None) -> tuple[Any, list[str]]:
    """The same contract as reason.owlrl_closure for an rdflib Graph: (new non-junk triples as an rdflib
    Graph, inconsistencies), computed with :func:`materialise`."""
    from rdflib import Graph

    from .terms import from_oxigraph, from_rdflib, to_oxigraph, to_rdflib

    store = store_of(_ox_triples(asserted, from_rdflib, to_oxigraph))
    closure = materialise(store, progress)
    inferred = Graph()
    for t in closure.triples:
        inferred.add((to_rdflib(from_oxigraph(t.subject)), to_rdflib(from_oxigraph(t.predicate)), to_rdflib(from_oxigraph(t.object))))
    return inferred, closure.problems


def _ox_triples(graph: Any, from_rdflib: Callable[[Any], Any], to_oxigraph: Callable[[Any], Any]) -> Iterable[Any]:
    import pyoxigraph as ox

    for s, p, o in graph:
        yield ox.Triple(to_oxigraph(from_rdflib(s)), to_oxigraph(from_rdflib(p)), to_oxigraph(from_rdflib(o)))


__all__: Sequence[str] = ("CHECKS", "RULES", "Closure", "inconsistencies", "is_junk", "materialise", "rules_closure", "store_of")
