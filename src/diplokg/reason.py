"""OWL 2 RL closure, keeping only the useful inferred triples: rules.py (default, fast) or owlrl (the reference).

Both return the same triples (a test holds them to it) and report the same inconsistencies, as lines
"<node> is inferred to be owl:Nothing (inconsistent)" and "<reasoner>: <message>".
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .rules import DEFAULT_REASONER, REASONERS

# owlrl reports inconsistencies as [ a err:ErrorMessage ; err:error "..." ] in the closed graph.
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")

# Subjects in these namespaces are the vocabularies' own axioms, which owlrl re-derives as noise.
BUILTIN_NAMESPACES = (str(OWL), str(RDF), str(RDFS), str(XSD))
NOISE_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class, RDF.Property}


def is_junk(triple: tuple) -> bool:
    """True for owlrl's known junk: literal subjects, reflexive owl:sameAs / equivalences, built-in axioms,
    and trivial typing (every node a owl:Thing, every class a subclass of itself or of owl:Thing)."""
    s, p, o = triple
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return True
    if str(s).startswith(BUILTIN_NAMESPACES):
        return True
    if p in (OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf) and s == o:
        return True
    if p == RDF.type and o in NOISE_TYPES:
        return True
    if o in (OWL.Thing, RDFS.Resource) and p in (RDFS.subClassOf, RDFS.range, RDFS.domain):
        return True
    if (
        p == RDF.type
        and isinstance(o, URIRef)
        and str(o).startswith(BUILTIN_NAMESPACES)
        and o
        not in (
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            OWL.TransitiveProperty,
            OWL.SymmetricProperty,
            OWL.FunctionalProperty,
        )
    ):
        return True
    return p == OWL.sameAs and isinstance(o, Literal)


def owlrl_closure(asserted: Graph) -> tuple[Graph, list[str]]:
    """Compute the OWL 2 RL closure of ``asserted``; return the new, non-junk triples and any inconsistency.

    owlrl writes into its input graph, so it works on a copy. Inconsistencies are owlrl's error
    messages plus any node inferred to be an owl:Nothing.
    """
    import owlrl

    work = Graph()
    for triple in asserted:
        work.add(triple)
    closure = owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False)
    closure.expand(work)
    inferred = Graph()
    for triple in work:
        if triple not in asserted and not is_junk(triple):
            inferred.add(triple)
    problems = [f"{s} is inferred to be owl:Nothing (inconsistent)" for s in work.subjects(RDF.type, OWL.Nothing)]
    problems += [f"owlrl: {message}" for message in sorted(work.objects(None, OWLRL_ERROR))]
    return inferred, problems


def rules_closure(asserted: Graph) -> tuple[Graph, list[str]]:
    """The same closure and inconsistencies as :func:`owlrl_closure`, computed by rules.py inside Oxigraph."""
    from . import rules

    inferred, messages = rules.rules_closure(asserted)
    return inferred, rules_problems(messages)


def rules_problems(messages: list[str]) -> list[str]:
    """rules.py's inconsistency messages in the shape owlrl_closure reports them."""
    nothing = [m.removesuffix(" is defined of type 'Nothing'") for m in messages if m.endswith(" is defined of type 'Nothing'")]
    problems = [f"{node} is inferred to be owl:Nothing (inconsistent)" for node in nothing]
    return problems + [f"OWL 2 RL: {message}" for message in messages]


def closure(asserted: Graph, reasoner: str = DEFAULT_REASONER) -> tuple[Graph, list[str]]:
    """The new, non-junk triples of the OWL 2 RL closure of ``asserted`` and any inconsistency, by ``reasoner``."""
    if reasoner == "owlrl":
        return owlrl_closure(asserted)
    if reasoner == "rules":
        return rules_closure(asserted)
    raise ValueError(f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})")
