"""SHACL validation compiled to SPARQL and run inside Oxigraph: the same results as pySHACL, in seconds at 1M triples.

pySHACL (validate.shacl_problems) is the reference. It walks the shapes in Python over an rdflib graph and
takes minutes at a million triples. Here each constraint of shapes.ttl becomes one SELECT over the store's
union of ontology and data graphs, returning its violations (focus node, value); datatype and pattern
constraints, whose exact semantics are Python's (rdflib's ill-typed literals, ``re.search``), are decided
in Python on the candidate values the query returns.

Only the SHACL Core subset the project's shapes use is compiled: class targets; IRI, alternative, sequence
and inverse paths; sh:class, sh:datatype, sh:nodeKind, sh:pattern, sh:minLength, sh:maxLength, sh:minCount,
sh:maxCount, sh:lessThan, sh:lessThanOrEquals, sh:in, sh:hasValue, qualified value shapes whose shape is a
sh:class, and a node-level sh:or of property shapes with sh:minCount 1. :func:`compile_shapes` raises
:class:`Unsupported` for anything else, and the caller falls back to pySHACL. A test holds the two to the
same problems on the real data, on every invalid fixture and on a synthetic corpus.

The one visible difference: a result on an alternative path names it (``dkg:initiator|dkg:target``)
where pySHACL prints the blank node's random identifier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

PREFIXES = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

# Shape properties that carry no constraint (or that the compiler reads itself).
IGNORED = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.path,
    SH.property,
    SH.targetClass,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.flags,
}
VALUE_CONSTRAINTS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.pattern,
    SH.minLength,
    SH.maxLength,
    SH.minCount,
    SH.maxCount,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH["in"],
    SH.hasValue,
    SH.qualifiedValueShape,
}
NODE_KINDS = {
    SH.IRI: "isIRI(?v)",
    SH.BlankNode: "isBlank(?v)",
    SH.Literal: "isLiteral(?v)",
    SH.BlankNodeOrIRI: "(isIRI(?v) || isBlank(?v))",
    SH.BlankNodeOrLiteral: "(isBlank(?v) || isLiteral(?v))",
    SH.IRIOrLiteral: "(isIRI(?v) || isLiteral(?v))",
}


class Unsupported(Exception):
    """The shapes use SHACL beyond what this module compiles; validate with pySHACL instead."""


@dataclass(frozen=True)
class Violation:
    """One validation result: the focus node, the property path (None for a node-level result), the value."""

    focus: Any  # pyoxigraph term
    path: str | None  # SPARQL property path as written in the query, shortened by the caller
    path_term: Any  # the shape's sh:path (URIRef or BNode), None for node-level results
    value: Any  # pyoxigraph term or None
    message: str


@dataclass
class Check:
    """One compiled constraint: a SELECT of ?focus (and ?v), plus an optional Python test on each value."""

    query: str
    message: str
    path: str | None
    path_term: Any
    test: Callable[[Any], bool] | None = None  # True when the value conforms
    has_value: bool = True
    # For sh:datatype on a plain IRI path: test the values as parsed, since an Oxigraph store keeps literals in
    # canonical form (xsd:nonNegativeInteger "0010" becomes xsd:integer "10"). The query then selects ?focus only.
    original_values_of: str | None = None
    one_step: bool = True


@dataclass
class Compiled:
    """The shapes as SPARQL checks."""

    checks: list[Check] = field(default_factory=list)
    one_step: bool = True  # every path is one property (or alternatives of properties): see _near


def _n3(term: Any) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise Unsupported(f"cannot write {term!r} into a query")


def _message(shapes: Graph, shape: Any) -> str:
    messages = list(shapes.objects(shape, SH.message))
    english = [m for m in messages if isinstance(m, Literal) and m.language in ("en", None)]
    return str((english or messages)[0]) if messages else ""


def _path(shapes: Graph, path: Any) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, BNode):
        alternatives = shapes.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(_path(shapes, p) for p in Collection(shapes, alternatives)) + ")"
        inverse = shapes.value(path, SH.inversePath)
        if inverse is not None:
            return f"^{_path(shapes, inverse)}"
        if (path, RDF.first, None) in shapes:
            return "(" + "/".join(_path(shapes, p) for p in Collection(shapes, path)) + ")"
    raise Unsupported(f"property path {path!r}")


NEAR = "#NEAR#"  # where violations() restricts the focus nodes to those near new triples


def _focus(classes: list[Any]) -> str:
    # One branch per class, the class a constant: with VALUES ?target, Oxigraph walks every instance first.
    branches = " UNION ".join(f"{{ {NEAR} ?focus rdf:type ?type . ?type rdfs:subClassOf* {_n3(c)} }}" for c in classes)
    return f"{{ SELECT DISTINCT ?focus WHERE {{ {branches} }} }}"


def _near(store: Any, graph: str, graphs: list[Any] | None) -> str | None:
    """A VALUES block of the nodes described in ``graph`` and of the nodes one step before them: the only
    ones whose conformance to shapes with one-step paths can change when the triples of ``graph`` are added
    to conforming data. None when a blank node is among them (a VALUES block cannot name it)."""
    import pyoxigraph as ox

    described = {q.subject for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
    near = set(described)
    for node in described:
        for name in graphs if graphs is not None else [ox.DefaultGraph()]:
            near.update(q.subject for q in store.quads_for_pattern(None, None, node, name))
    if any(not isinstance(node, ox.NamedNode) for node in near):
        return None
    return "VALUES ?focus { " + " ".join(f"<{node.value}>" for node in sorted(near, key=lambda n: n.value)) + " }"


def _count(focus: str, path: str, where: str, having: str) -> str:
    return f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {path} ?v {where} }} }} GROUP BY ?focus HAVING ({having})"


def _datatype_test(datatype: URIRef) -> Callable[[Any], bool]:
    """pySHACL's sh:datatype test (DatatypeConstraintComponent) on an Oxigraph literal."""
    from datetime import date, datetime, time
    from decimal import Decimal

    python_types = {
        XSD.string: (str, bytes),
        RDF.langString: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }

    def test(value: Any) -> bool:
        import pyoxigraph as ox

        if not isinstance(value, ox.Literal):
            return False
        if value.language:
            literal = Literal(value.value, lang=value.language)
            return datatype == RDF.langString and isinstance(literal.value, (str, bytes))
        if datatype == RDFS.Literal or datatype == RDFS.Datatype:
            return True
        if value.datatype.value != str(datatype):
            return False
        literal = Literal(value.value, datatype=datatype) if datatype != XSD.string else Literal(value.value)
        if getattr(literal, "ill_typed", None) is True:
            return False
        expected = python_types.get(datatype)
        return expected is None or isinstance(literal.value, expected)

    return test


def _pattern_test(pattern: str, flags: str) -> Callable[[Any], bool]:
    compiled = re.compile(pattern, (re.IGNORECASE if "i" in flags else 0) | (re.MULTILINE if "m" in flags else 0))

    def test(value: Any) -> bool:
        import pyoxigraph as ox

        return not isinstance(value, ox.BlankNode) and compiled.search(value.value) is not None

    return test


def _property_checks(shapes: Graph, prop: Any, focus: str) -> list[Check]:
    path_term = shapes.value(prop, SH.path)
    if path_term is None:
        raise Unsupported(f"property shape {prop!r} without sh:path")
    path = _path(shapes, path_term)
    one_step = bool(re.fullmatch(r"\(?<[^>]+>(\|<[^>]+>)*\)?", path))
    message = _message(shapes, prop)
    checks: list[Check] = []

    def add(query: str, test: Callable[[Any], bool] | None = None, has_value: bool = True) -> None:
        checks.append(Check(query, message, path, path_term, test, has_value))

    values = f"SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus {path} ?v "
    if not one_step:
        checks.append(Check("", "", None, None, one_step=False))  # a marker, dropped by compile_shapes
    for predicate, obj in shapes.predicate_objects(prop):
        if predicate in IGNORED:
            continue
        if predicate not in VALUE_CONSTRAINTS:
            raise Unsupported(f"constraint {predicate} on {prop!r}")
        if predicate == SH["class"]:
            add(values + f"FILTER NOT EXISTS {{ ?v rdf:type/rdfs:subClassOf* {_n3(obj)} }} }}")
        elif predicate == SH.datatype:
            if isinstance(path_term, URIRef):
                query = f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER EXISTS {{ ?focus {path} ?v }} }}"
                checks.append(Check(query, message, path, path_term, _datatype_test(obj), True, str(path_term)))
            else:
                add(values + "}", _datatype_test(obj))
        elif predicate == SH.nodeKind:
            if obj not in NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {obj}")
            add(values + f"FILTER(!{NODE_KINDS[obj]}) }}")
        elif predicate == SH.pattern:
            add(values + "}", _pattern_test(str(obj), str(shapes.value(prop, SH.flags) or "")))
        elif predicate == SH.minLength:
            add(values + f"FILTER(isBlank(?v) || STRLEN(STR(?v)) < {int(obj)}) }}")
        elif predicate == SH.maxLength:
            add(values + f"FILTER(isBlank(?v) || STRLEN(STR(?v)) > {int(obj)}) }}")
        elif predicate == SH.minCount:
            add(_count(focus, path, "", f"COUNT(DISTINCT ?v) < {int(obj)}"), has_value=False)
        elif predicate == SH.maxCount:
            add(_count(focus, path, "", f"COUNT(DISTINCT ?v) > {int(obj)}"), has_value=False)
        elif predicate in (SH.lessThan, SH.lessThanOrEquals):
            op = "<" if predicate == SH.lessThan else "<="
            add(values + f". ?focus {_n3(obj)} ?w FILTER(!COALESCE(?v {op} ?w, false)) }}")
        elif predicate == SH["in"]:
            members = ", ".join(_n3(m) for m in Collection(shapes, obj))
            add(values + f"FILTER(!sameTerm(?v, ?v) || ?v NOT IN ({members})) }}")
        elif predicate == SH.hasValue:
            add(_count(focus, path, f"FILTER(sameTerm(?v, {_n3(obj)}))", "COUNT(?v) = 0"), has_value=False)
        elif predicate == SH.qualifiedValueShape:
            qualified = [(p, o) for p, o in shapes.predicate_objects(obj) if p not in (RDF.type, RDFS.label, RDFS.comment)]
            if len(qualified) != 1 or qualified[0][0] != SH["class"]:
                raise Unsupported(f"qualified value shape {qualified}")
            if shapes.value(prop, SH.qualifiedValueShapesDisjoint) is not None:
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            conforms = f"FILTER EXISTS {{ ?v rdf:type/rdfs:subClassOf* {_n3(qualified[0][1])} }}"
            low, high = shapes.value(prop, SH.qualifiedMinCount), shapes.value(prop, SH.qualifiedMaxCount)
            if low is not None:
                add(_count(focus, path, conforms, f"COUNT(DISTINCT ?v) < {int(low)}"), has_value=False)
            if high is not None:
                add(_count(focus, path, conforms, f"COUNT(DISTINCT ?v) > {int(high)}"), has_value=False)
    return checks


def _or_check(shapes: Graph, shape: Any, members: Any, focus: str) -> Check:
    """A node-level sh:or whose members are property shapes with sh:minCount 1: at least one path has a value."""
    alternatives = []
    for member in Collection(shapes, members):
        keys = {p for p in shapes.predicates(member) if p not in (RDF.type, RDFS.label, RDFS.comment, SH.message)}
        if keys != {SH.path, SH.minCount} or int(shapes.value(member, SH.minCount)) != 1:
            raise Unsupported(f"sh:or member {member!r}")
        alternatives.append(f"EXISTS {{ ?focus {_path(shapes, shapes.value(member, SH.path))} ?any }}")
    query = f"SELECT ?focus (?focus AS ?v) WHERE {{ {focus} FILTER(!({' || '.join(alternatives)})) }}"
    return Check(query, _message(shapes, shape), None, None)


def compile_shapes(shapes: Graph) -> Compiled:
    """Every node shape with class targets, as SPARQL checks; raises Unsupported beyond the subset above."""
    compiled = Compiled()
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if (shape, SH.deactivated, Literal(True)) in shapes or shapes.value(shape, SH.severity) is not None:
            raise Unsupported(f"{shape}: sh:deactivated or sh:severity")
        for predicate in set(shapes.predicates(shape)):
            if predicate not in IGNORED and predicate != SH["or"]:
                raise Unsupported(f"{shape}: {predicate}")
        classes = sorted(shapes.objects(shape, SH.targetClass), key=str)
        if not classes:
            continue
        focus = _focus(classes)
        for members in shapes.objects(shape, SH["or"]):
            compiled.checks.append(_or_check(shapes, shape, members, focus))
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            if shapes.value(prop, SH.severity) is not None or (prop, SH.deactivated, Literal(True)) in shapes:
                raise Unsupported(f"{prop!r}: sh:deactivated or sh:severity")
            compiled.checks.extend(_property_checks(shapes, prop, focus))
    compiled.one_step = all(check.one_step for check in compiled.checks)
    compiled.checks = [check for check in compiled.checks if check.query]
    return compiled


Originals = Callable[[set[str]], dict[tuple[str, str], list[Any]]]  # predicates -> {(subject, predicate): values as parsed}


def violations(
    store: Any,
    compiled: Compiled,
    default_graph: Iterable[Any] | None = None,
    originals: Originals | None = None,
    new: str | None = None,
) -> list[Violation]:
    """Run the compiled checks on ``store`` (its default graph, or the union of ``default_graph``).

    ``originals`` gives the values of some predicates as parsed, for the datatype checks; without it they
    test the store's (canonical) literals. With ``new``, the named graph of triples just added to data that
    conformed, only the focus nodes they can affect are checked (when every path is one step).
    """
    graphs = list(default_graph) if default_graph is not None else None
    near = (_near(store, new, graphs) or "") if new is not None and compiled.one_step else ""
    parsed = {}
    if originals is not None:
        parsed = originals({c.original_values_of for c in compiled.checks if c.original_values_of})
    found: list[Violation] = []
    for check in compiled.checks:
        query = PREFIXES + check.query.replace(NEAR, near)
        rows = store.query(query, default_graph=graphs) if graphs is not None else store.query(query)
        for row in rows:
            if check.original_values_of:
                values = _values(store, graphs, row["focus"], check.original_values_of, parsed if originals else None)
            else:
                values = [row["v"] if check.has_value else None]
            for value in values:
                if check.test is not None and check.test(value):
                    continue
                found.append(Violation(row["focus"], check.path, check.path_term, value, check.message))
    return found


def _values(store: Any, graphs: list[Any] | None, focus: Any, predicate: str, parsed: dict | None) -> list[Any]:
    import pyoxigraph as ox

    if parsed is not None and isinstance(focus, ox.NamedNode):
        return parsed.get((focus.value, predicate), [])
    quads = store.quads_for_pattern(focus, ox.NamedNode(predicate), None)
    return sorted({q.object for q in quads if graphs is None or q.graph_name in graphs}, key=str)
