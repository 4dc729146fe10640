"""The actor network: states, people and organizations as nodes, acts and relations as edges, laid out by Graphviz.

Acts are edges from initiator to target (or to the other participants when an act has no target), one edge per
pair with the number of acts, coloured by CAMEO quad class (verbal or material, cooperation or conflict, from
the act class's CAMEO code in ontology/event-codes.ttl); bilateral relations are dashed grey lines. Graphviz's
``neato`` (stress majorization) places the nodes and routes the edges without overlaps: a spring layout that
reads well for a few dozen actors, which is what one article or the most connected actors of a corpus give.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import graphviz
from markupsafe import Markup
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from ..errors import ConfigError
from .facts import DKG, Facts, kind_of, local_name
from .svg import clean_svg

ACT_ROLES = (DKG.initiator, DKG.target, DKG.participant)
ACTOR_KINDS = {"state": "#f4d35e", "person": "#9ad1d4", "organization": "#cdb4db", "group": "#c7e9b0"}
OTHER_KIND = "#e0e0e0"
QUAD_CLASSES = {  # CAMEO root codes 01-20 in four quad classes (Schrodt's CAMEO manual)
    1: ("verbal cooperation", "#1a9850"),
    2: ("material cooperation", "#2166ac"),
    3: ("verbal conflict", "#f46d43"),
    4: ("material conflict", "#a50026"),
}
UNCODED = ("no CAMEO code", "#777777")
RELATION_COLOUR = "#999999"
MAX_NODES = 50  # the overall network shows the most connected actors; each actor's page lists every act


def quad_class(code_local: str) -> int | None:
    """The CAMEO quad class (1-4) of a code's local name such as ``042`` or ``1041``."""
    try:
        root = int(code_local[:2])
    except ValueError:
        return None
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


class CameoClasses:
    """The CAMEO code of an act class, inherited along rdfs:subClassOf; exact codes first, then the nearest."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._cache: dict[URIRef, int | None] = {}

    def quad(self, cls: URIRef) -> int | None:
        """The quad class of an act class: its own CAMEO code's, else its nearest superclass's."""
        if cls not in self._cache:
            self._cache[cls] = None  # guards a cycle in subClassOf
            found = None
            for prop in (DKG.cameoCode, DKG.cameoNearest):
                code = self.graph.value(cls, prop)
                if code is not None:
                    found = self._quad_of_code(code)
                    break
            if found is None:
                for parent in self.graph.objects(cls, RDFS.subClassOf):
                    if isinstance(parent, URIRef) and (found := self.quad(parent)) is not None:
                        break
            self._cache[cls] = found
        return self._cache[cls]

    def _quad_of_code(self, code) -> int | None:
        """The quad class cameo.ttl gives a code (dkg:quadClass, whose skos:notation is 1-4), else its root code's."""
        quad = self.graph.value(code, DKG.quadClass)
        notation = self.graph.value(quad, SKOS.notation) if quad is not None else None
        if notation is not None and str(notation).isdigit():
            return int(str(notation))
        return quad_class(local_name(str(code)))

    def of_act(self, facts: Facts, act: URIRef) -> int | None:
        """An act's quad class, from its asserted classes (the most conflictual when they disagree)."""
        quads = {q for t in facts.types(act) if (q := self.quad(t)) is not None}
        return min(quads) if len(quads) == 1 else (max(quads) if quads else None)


@dataclass
class Edge:
    """The acts from one actor to another, with how many of each quad class."""

    acts: list[URIRef] = field(default_factory=list)
    quads: Counter = field(default_factory=Counter)


def act_pairs(facts: Facts, act: URIRef) -> list[tuple[URIRef, URIRef]]:
    """The (from, to) actor pairs an act joins: initiators to targets, else initiators to other participants."""
    graph = facts.graph
    initiators = [o for o in graph.objects(act, DKG.initiator) if isinstance(o, URIRef)]
    targets = [o for o in graph.objects(act, DKG.target) if isinstance(o, URIRef)]
    others = targets or [o for o in graph.objects(act, DKG.participant) if isinstance(o, URIRef)]
    if not initiators and len(others) > 1:  # participants only: a meeting among them
        return [(a, b) for i, a in enumerate(others) for b in others[i + 1 :]]
    return [(a, b) for a in initiators for b in others if a != b]


@dataclass
class Network:
    """Nodes and edges of a network, before layout."""

    edges: dict[tuple[URIRef, URIRef], Edge] = field(default_factory=lambda: defaultdict(Edge))
    relations: dict[tuple[URIRef, URIRef], URIRef] = field(default_factory=dict)
    shown_of: int = 0  # how many actors the full network had, when only the most connected are drawn

    @property
    def nodes(self) -> set[URIRef]:
        """Every actor an edge or relation touches."""
        return {n for pair in [*self.edges, *self.relations] for n in pair}


def gather(facts: Facts, cameo: CameoClasses, acts: Iterable[URIRef], relations: Iterable[URIRef], limit: int = MAX_NODES) -> Network:
    """The network of ``acts`` and ``relations``, cut to the ``limit`` most connected actors."""
    net = Network()
    for act in acts:
        quad = cameo.of_act(facts, act)
        for pair in act_pairs(facts, act):
            edge = net.edges[pair]
            edge.acts.append(act)
            edge.quads[quad] += 1
    for relation in relations:
        states = sorted(o for o in facts.graph.objects(relation, DKG.between) if isinstance(o, URIRef))
        if len(states) == 2:
            net.relations[(states[0], states[1])] = relation
    nodes = net.nodes
    if len(nodes) > limit:
        degree: Counter = Counter()
        for (a, b), edge in net.edges.items():
            degree[a] += len(edge.acts)
            degree[b] += len(edge.acts)
        for a, b in net.relations:
            degree[a] += 1
            degree[b] += 1
        keep = {n for n, _ in sorted(degree.items(), key=lambda item: (-item[1], str(item[0])))[:limit]}
        net.edges = defaultdict(Edge, {k: v for k, v in net.edges.items() if k[0] in keep and k[1] in keep})
        net.relations = {k: v for k, v in net.relations.items() if k[0] in keep and k[1] in keep}
        net.shown_of = len(nodes)
    return net


def draw(facts: Facts, net: Network, link: Callable[[str], str | None], title: str) -> Markup:
    """The network as inline SVG (Graphviz ``neato``); nodes and edges link to their pages."""
    dot = graphviz.Graph(engine="neato")
    dot.attr(overlap="false", splines="true", sep="+8", outputorder="edgesfirst", bgcolor="transparent", fontname="sans-serif")
    dot.attr("node", shape="box", style="rounded,filled", fontname="sans-serif", fontsize="11", penwidth="0.6")
    dot.attr("edge", fontname="sans-serif", fontsize="9")
    ids = {node: f"n{i}" for i, node in enumerate(sorted(net.nodes))}
    for node, key in ids.items():
        dot.node(
            key,
            label=graphviz.escape(facts.label(node)),
            fillcolor=ACTOR_KINDS.get(kind_of(str(node)) or "", OTHER_KIND),
            URL=graphviz.escape(str(node)),
            tooltip=graphviz.escape(f"{facts.label(node)} ({kind_of(str(node))})"),
        )
    for (a, b), relation in sorted(net.relations.items()):
        dot.edge(
            ids[a],
            ids[b],
            style="dashed",
            color=RELATION_COLOUR,
            URL=graphviz.escape(str(relation)),
            tooltip=graphviz.escape(facts.label(relation)),
        )
    for (a, b), edge in sorted(net.edges.items()):
        quad = edge.quads.most_common(1)[0][0]
        _, colour = QUAD_CLASSES.get(quad, UNCODED)
        names = "; ".join(sorted({facts.label(act) for act in edge.acts})[:8]) + ("; …" if len(edge.acts) > 8 else "")
        dot.edge(
            ids[a],
            ids[b],
            dir="forward",
            arrowsize="0.6",
            color=colour,
            penwidth=str(min(1 + len(edge.acts) * 0.6, 6)),
            URL=graphviz.escape(str(edge.acts[0])),
            tooltip=graphviz.escape(f"{len(edge.acts)} act(s): {names}"),
        )
    try:
        svg = dot.pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise ConfigError(
            "Graphviz is not installed (the network pictures need its `neato`; on Debian: apt-get install graphviz)"
        ) from None
    return clean_svg(svg, link, title)


def legend() -> list[tuple[str, str]]:
    """(name, colour) of every edge colour, for the page's key."""
    return [*QUAD_CLASSES.values(), UNCODED, ("bilateral relation (dashed)", RELATION_COLOUR)]


def node_legend() -> list[tuple[str, str]]:
    """(kind, colour) of every node colour, for the page's key."""
    return [*ACTOR_KINDS.items(), ("other", OTHER_KIND)]
