"""``diplokg site``: a static site generated from the build, browsable from disk or any static host.

It reads only what ``diplokg build`` wrote (``dist/diplokg.nq``, checked against the manifest) and the articles'
source texts, and writes the site into a temporary folder beside the target, swapped in when complete: a failure
leaves the previous site (or none) in place, never half a site. Layout (``diplokg serve`` relies on it)::

    index.html                          home: articles, states, people, relations, questions
    id/index.html                       every resource, by kind
    id/<kind>/<slug>.html, .ttl         a page and the RDF description of every entity, fact and article
    network/index.html                  the actor network of the whole graph
    network/<article-slug>.html         the actor network of one article
    timeline/index.html                 every timeline
    timeline/relation/<slug>.html       a bilateral relation over time
    timeline/<kind>/<slug>.html         an actor over time
    queries/index.html, <name>.html     the question catalogue, each question with its default answer
    ontology/index.html, cameo.html, plover.html    the vocabularies, an anchor per term
    static/site.css
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from rdflib import URIRef

from ..errors import ConfigError, DiplokgError
from ..namespaces import ORG, PROV, SCHEMA
from ..project import Project
from ..sources import SourceTexts
from .catalogue_pages import query_pages
from .describe import describe
from .facts import DKG, Fact, Facts, kind_of, local_name
from .graphdata import BuiltGraph, load_quads
from .highlight import Link, Passage, highlight
from .network import CameoClasses, draw, gather, legend, node_legend
from .ontology_docs import vocabulary
from .paths import description_path, page_path
from .render import Site, environment, root_of, write_page
from .timeline import Rendering, bars, spec
from .timeline import draw as draw_timeline

MARKER = ".diplokg-site"  # in every site this writes: only such a folder (or an empty one) is ever replaced
ACTOR_KINDS = ("state", "person", "organization", "group")
HOME_LISTS = (("States", DKG.State), ("People", DKG.Person))
CATEGORY_COLOURS = {"act": "#4c78a8", "role": "#8c6bb1", "claim": "#b279a2", "characterisation": "#e45756", "tie": "#72b7b2"}
STATE_PALETTE = ["#e45756", "#f58518", "#54a24b", "#eeca3b", "#ff9da6", "#9d755d", "#bab0ac", "#79706e", "#d67195", "#fabfd2"]


@dataclass
class SiteReport:
    """What ``build_site`` wrote."""

    out: Path
    pages: int = 0
    descriptions: int = 0
    drawings: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def build_site(project: Project, out_dir: Path | None = None, built: BuiltGraph | None = None) -> SiteReport:
    """Write the static site of ``project``'s build into ``out_dir`` (default ``dist/site``), all or nothing.

    ``built`` is the loaded build when the caller has it already (the benchmark times loading apart)."""
    began = time.perf_counter()
    out = Path(out_dir) if out_dir is not None else project.dist_dir / "site"
    _check_target(out)
    if built is None:
        built = load_build(project)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        report = SiteWriter(project, built, staging).write()
        (staging / MARKER).write_text("written by `diplokg site`; `diplokg site` replaces this folder whole\n", encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.out = out
    report.seconds = time.perf_counter() - began
    return report


def load_build(project: Project) -> BuiltGraph:
    """The build's graph, read while no build swaps files in, its N-Quads checked against the manifest."""
    from ..build import STEM
    from ..manifest import open_build

    with open_build(project.dist_dir) as build:
        return load_quads(build.file(f"{STEM}.nq", digest=True))


def _umask() -> int:
    from ..atomic import umask

    return umask()


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out}: exists and is not a folder; choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ConfigError(f"{out}: a folder not written by `diplokg site` (no {MARKER} in it); choose another --out or empty it")


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place: the old one is renamed away first, then removed (two renames, no copy)."""
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        try:
            os.replace(staging, out)
        except BaseException:
            os.replace(old, out)  # the previous site back in place
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, out)


def _slug_of(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _network_path(article: URIRef) -> str:
    """The page of an article's actor network."""
    return f"network/{_slug_of(str(article))}.html"


class SiteWriter:
    """Writes every page of the site into one folder."""

    def __init__(self, project: Project, built: BuiltGraph, out: Path) -> None:
        self.project = project
        self.built = built
        self.out = out
        self.facts = Facts(built.graph, built.types)
        self.cameo = CameoClasses(built.graph)
        self.env = environment()
        self.report = SiteReport(out)
        self.resources = self.facts.resources
        self.pages = {str(r) for r in self.resources}
        self.vocabularies = {prefix: vocabulary(self.facts, prefix) for prefix in ("dkg", "cameo", "plover")}
        documented = set().union(*(v.anchors() for v in self.vocabularies.values()))
        self.site = Site(self.facts, self.pages, documented)
        self.acts = [r for r in self.resources if self.facts.is_a(r, DKG.Act)]
        self.relations = [r for r in self.resources if self.facts.is_a(r, DKG.BilateralRelation)]
        self.actors = [r for r in self.resources if kind_of(str(r)) in ACTOR_KINDS and self.facts.is_a(r, DKG.Actor)]
        self.relation_set, self.actor_set = set(self.relations), set(self.actors)
        self._acts_of_pair = self._index_acts()

    # --- helpers -----------------------------------------------------------------------------------

    def page(self, path: str, template: str, **context) -> None:
        """Render one page of the site."""
        write_page(self.env, self.out, path, template, site=self.site, **context)
        self.report.pages += 1

    def _index_acts(self) -> dict[frozenset, list[URIRef]]:
        """Acts by each pair of parties (initiator, target or participant, either way round)."""
        graph = self.facts.graph
        out: dict[frozenset, list[URIRef]] = defaultdict(list)
        for act in self.acts:
            parties = sorted(
                {o for p in (DKG.initiator, DKG.target, DKG.participant) for o in graph.objects(act, p) if isinstance(o, URIRef)}
            )
            for i, a in enumerate(parties):
                for b in parties[i + 1 :]:
                    out[frozenset((a, b))].append(act)
        return out

    # --- the whole site ----------------------------------------------------------------------------

    def write(self) -> SiteReport:
        """Write the whole site; returns what was written."""
        static = self.out / "static"
        static.mkdir(parents=True)
        css = resources.files("diplokg.web").joinpath("static", "site.css").read_bytes()
        (static / "site.css").write_bytes(css)
        timelines = self.start_timelines()  # drawn in worker processes while the other pages are written
        try:
            self.write_home()
            self.write_index()
            for resource in self.resources:
                self.write_resource(resource)
            self.write_networks()
            self.write_queries()
            self.write_ontology()
            self.write_timelines(*timelines)
        finally:
            timelines[-1].close()
        return self.report

    def write_home(self) -> None:
        """The home page: articles with their counts, relations, states, people, questions."""
        articles = []
        for article in self.facts.articles():
            derived = self.facts.derived_from(article)
            evidence = self.facts.evidence_of_article(article)
            articles.append(
                {
                    "iri": article,
                    "published": str(self.facts.graph.value(article, SCHEMA.datePublished) or ""),
                    "facts": len(derived),
                    "evidence": len(evidence),
                    "network": _network_path(article),
                }
            )
        lists = [(title, [r for r in self.facts.of_class(cls) if str(r) in self.pages]) for title, cls in HOME_LISTS]
        relations = [(r, self._timeline_path(r)) for r in sorted(self.relations, key=self.facts.label)]
        catalogue = self._catalogue_specs
        self.page("index.html", "index.html", articles=articles, lists=lists, relations=relations, questions=catalogue)

    def write_index(self) -> None:
        """Every resource with a page, grouped by kind."""
        by_kind: dict[str, list[URIRef]] = defaultdict(list)
        for resource in self.resources:
            by_kind[kind_of(str(resource)) or "other"].append(resource)
        groups = [(kind, sorted(nodes, key=self.facts.label)) for kind, nodes in sorted(by_kind.items())]
        self.page("id/index.html", "resources.html", groups=groups)

    # --- resource pages ----------------------------------------------------------------------------

    def write_resource(self, iri: URIRef) -> None:
        """A resource's page (an article's with its marked text) and its Turtle description."""
        path = page_path(str(iri))
        assert path is not None  # resources are those with a page
        ttl = describe(self.facts.graph, iri).serialize(format="turtle")
        target = self.out / (description_path(str(iri)) or "")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(ttl, encoding="utf-8")
        self.report.descriptions += 1
        fact = self.facts.fact(iri)
        context = {
            "iri": iri,
            "fact": fact,
            "alt_labels": self.facts.alt_labels(iri),
            "comments": self.facts.comments(iri),
            "wikidata": self.facts.wikidata(iri),
            "statements": self.facts.statements(iri),
            "sections": self.facts.sections(iri),
            "ttl": _slug_of(str(iri)) + ".ttl",
            "timeline": self._timeline_path(iri),
            "network": None,
        }
        if kind_of(str(iri)) == "article":
            context.update(self._article(iri, path))
            context["sections"] = [s for s in context["sections"] if s.key != "linked-wasDerivedFrom"]
            self.page(path, "article.html", **context)
        else:
            self.page(path, "entity.html", **context)

    def _timeline_path(self, iri: URIRef) -> str | None:
        """The page of a relation's or an actor's timeline; None for any other resource."""
        if iri in self.relation_set:
            return f"timeline/relation/{_slug_of(str(iri))}.html"
        if iri in self.actor_set:
            return f"timeline/{kind_of(str(iri))}/{_slug_of(str(iri))}.html"
        return None

    def _article(self, article: URIRef, path: str) -> dict:
        """An article page's text with its evidence marked, or the quotes and why the text is missing."""
        root = root_of(path)
        evidence = self.facts.evidence_of_article(article)
        quotes = sorted((self.facts.quote(e) for e in evidence), key=lambda q: (q.start, q.end, q.anchor))
        supports = {q.anchor: [self.facts.fact(f) for f in evidence[q.evidence]] for q in quotes}
        text, missing = self._source_text(article)
        marked = None
        if text is not None:
            passages = [
                Passage(
                    q.start,
                    q.end,
                    q.anchor,
                    title="; ".join(f.label for f in supports[q.anchor]),
                    links=[Link(root + p, _short_kind(f), f.label) for f in supports[q.anchor] if (p := page_path(str(f.iri)))],
                )
                for q in quotes
            ]
            marked = highlight(text, passages)
        derived = self.facts.sorted_facts(self.facts.derived_from(article))
        return {
            "marked": marked,
            "missing": missing,
            "quotes": quotes,
            "supports": supports,
            "derived": derived,
            "network": _network_path(article),
        }

    def _source_text(self, article: URIRef) -> tuple[str | None, str]:
        """The article's source text, or None and the reason it cannot be shown."""
        name = self.facts.graph.value(article, DKG.sourceFile)
        if name is None:
            return None, "the graph names no source file for this article (dkg:sourceFile)."
        sources = SourceTexts(self.project.sources_dir)
        path = self.project.sources_dir / str(name)
        if not path.is_file():
            return None, f"its source text {name} is not in {self.project.sources_dir} (set $DIPLOKG_SOURCES to the folder holding it)."
        expected = self.facts.graph.value(article, DKG.sha256)
        if expected is not None and sources.sha256(str(name)) != str(expected):
            return None, f"the file {name} in {self.project.sources_dir} is not the text the quotes were taken from (its SHA-256 differs)."
        try:
            return sources.text(str(name)), ""
        except (DiplokgError, UnicodeDecodeError) as exc:
            return None, f"its source text cannot be read: {exc}."

    # --- networks ----------------------------------------------------------------------------------

    def write_networks(self) -> None:
        """The network of the whole graph and of each article."""
        graph = self.facts.graph
        acts_of: dict[URIRef, list[URIRef]] = defaultdict(list)
        relations_of: dict[URIRef, set[URIRef]] = defaultdict(set)
        for act in self.acts:
            for article in graph.objects(act, PROV.wasDerivedFrom):
                acts_of[article].append(act)
        for char, relation in graph.subject_objects(DKG.relation):
            for article in graph.objects(char, PROV.wasDerivedFrom):
                if isinstance(relation, URIRef):
                    relations_of[article].add(relation)
        articles = [(a, _network_path(a)) for a in self.facts.articles()]
        self.network_page("network/index.html", "Actor network", None, articles, self.acts, self.relations)
        for article, path in articles:
            title = f"Actor network: {self.facts.label(article)}"
            self.network_page(path, title, article, articles, acts_of[article], sorted(relations_of[article]))

    def network_page(self, path: str, title: str, article, articles, acts, relations) -> None:
        """One network page: its drawing (or why there is none) and its edges as a table."""
        net = gather(self.facts, self.cameo, acts, relations)
        svg, problem = None, ""
        if net.nodes:
            try:
                svg = draw(self.facts, net, self.site.linker(root_of(path)), title)
                self.report.drawings += 1
            except ConfigError as exc:  # no Graphviz: the page lists the edges, and says why there is no picture
                problem = str(exc)
                if problem not in self.report.warnings:
                    self.report.warnings.append(problem)
        edges = sorted(
            ((a, b, edge) for (a, b), edge in net.edges.items()),
            key=lambda item: (-len(item[2].acts), self.facts.label(item[0]), self.facts.label(item[1])),
        )
        keys = {"edges": legend(), "nodes": node_legend()}
        self.page(
            path, "network.html", title=title, svg=svg, problem=problem, net=net, edges=edges, keys=keys, article=article, articles=articles
        )

    # --- timelines ---------------------------------------------------------------------------------

    def start_timelines(self) -> tuple[list[dict], list[tuple[URIRef, str]], list[tuple[URIRef, str]], Rendering]:
        """Every timeline page's context, and its drawing set rendering."""
        jobs: list[dict] = []
        relations = []
        for relation in sorted(self.relations, key=self.facts.label):
            path = self._timeline_path(relation)
            jobs.append(self.relation_timeline(relation, path))
            relations.append((relation, path))
        actors = []
        for actor in sorted(self.actors, key=self.facts.label):
            path = self._timeline_path(actor)
            jobs.append(self.actor_timeline(actor, path))
            actors.append((actor, path))
        rendering = Rendering([spec(job["items"], job["span"], job["colours"]) for job in jobs if job["items"]])
        return jobs, relations, actors, rendering

    def write_timelines(self, jobs: list[dict], relations, actors, rendering: Rendering) -> None:
        """Every timeline page, once its drawings are rendered, and their index."""
        drawn = [job for job in jobs if job["items"]]
        for job, svg in zip(drawn, rendering.result(), strict=True):
            job["svg"] = draw_timeline(svg, self.site.linker(root_of(job["path"])), job["title"])
            self.report.drawings += 1
        for job in jobs:
            context = {"svg": None, **{k: v for k, v in job.items() if k not in ("colours", "path")}}
            self.page(job["path"], "timeline.html", **context)
        self.page("timeline/index.html", "timelines.html", relations=relations, actors=actors)

    def _timeline(self, path: str, subject: URIRef, title: str, rows: list[tuple[Fact, str]], colours: dict[str, str], **extra) -> dict:
        """A timeline page's context, its drawing still to render."""
        items, span = bars(rows)
        undated = [f for f, _ in rows if not (f.when.earliest or f.when.latest)]
        return {
            "path": path,
            "title": title,
            "subject": subject,
            "items": items,
            "span": span,
            "undated": undated,
            "colours": colours,
            **extra,
        }

    def relation_timeline(self, relation: URIRef, path: str) -> dict:
        """A relation's timeline: its characterisations, the acts between its two states, the officials in charge."""
        graph = self.facts.graph
        states = sorted(o for o in graph.objects(relation, DKG.between) if isinstance(o, URIRef))
        rows: list[tuple[Fact, str]] = []
        colours = dict(CATEGORY_COLOURS)
        characterisations = self.facts.sorted_facts(s for s in graph.subjects(DKG.relation, relation) if isinstance(s, URIRef))
        state_names = []
        for fact in characterisations:
            state = graph.value(fact.iri, DKG.relationState)
            name = f"said to be {self.facts.label(state)}" if state is not None else "characterisation"
            if name not in state_names:
                state_names.append(name)
            rows.append((fact, name))
        for i, name in enumerate(sorted(state_names)):
            colours[name] = STATE_PALETTE[i % len(STATE_PALETTE)]
        acts = self.facts.sorted_facts(self._acts_of_pair.get(frozenset(states), [])) if len(states) == 2 else []
        rows += [(f, "act") for f in acts]
        officials = self.facts.sorted_facts(s for s in graph.subjects(DKG.responsibleFor, relation) if isinstance(s, URIRef))
        rows += [(f, "official in charge") for f in officials]
        colours["official in charge"] = CATEGORY_COLOURS["role"]
        rows.sort(key=lambda row: (row[0].when.sort_key, row[0].label))
        members = {f.iri: [m for m in graph.objects(f.iri, ORG.member) if isinstance(m, URIRef)] for f in officials}
        return self._timeline(path, relation, f"{self.facts.label(relation)} over time", rows, colours, states=states, members=members)

    def actor_timeline(self, actor: URIRef, path: str) -> dict:
        """An actor's timeline: its roles, its acts in every part, the claims by and about it."""
        rows: list[tuple[Fact, str]] = []
        seen: set[URIRef] = set()
        for section in self.facts.sections(actor):
            category = {
                "roles": "role",
                "initiator": "act it initiated",
                "target": "act aimed at it",
                "participant": "act it took part in",
                "claimant": "claim by it",
                "about": "claim or fact about it",
                "ties-from": "tie",
                "ties-to": "tie",
            }.get(section.key)
            if category is None:
                continue
            for fact in section.facts:
                if fact.iri not in seen:
                    seen.add(fact.iri)
                    rows.append((fact, category))
        rows.sort(key=lambda row: (row[0].when.sort_key, row[0].label))
        colours = {
            "role": CATEGORY_COLOURS["role"],
            "act it initiated": "#4c78a8",
            "act aimed at it": "#e45756",
            "act it took part in": "#72b7b2",
            "claim by it": "#b279a2",
            "claim or fact about it": "#f58518",
            "tie": "#54a24b",
        }
        return self._timeline(path, actor, f"{self.facts.label(actor)} over time", rows, colours, states=[], members={})

    # --- catalogue and ontology --------------------------------------------------------------------

    @cached_property
    def _catalogue_specs(self) -> list:
        """The catalogue's questions, parsed once for the home page and the question pages."""
        from ..catalogue import load_catalogue

        return list(load_catalogue(self.project.queries_dir).values())

    def write_queries(self) -> None:
        """A page per catalogue question and their index."""
        pages = query_pages(self.project, self.built, self._catalogue_specs)
        for page in pages:
            self.page(f"queries/{page.spec.name}.html", "query.html", q=page)
        self.page("queries/index.html", "queries.html", queries=pages)

    def write_ontology(self) -> None:
        """The ontology's page and the CAMEO and PLOVER pages."""
        for prefix, doc in self.vocabularies.items():
            path = "ontology/index.html" if prefix == "dkg" else f"ontology/{prefix}.html"
            self.page(path, "ontology.html", doc=doc, local_name=local_name)


def _short_kind(fact: Fact) -> str:
    """A short name of what a fact is, for the links after a passage: act, claim, role..."""
    kind = kind_of(str(fact.iri)) or "fact"
    return {"event": "act", "role-holding": "role", "characterisation": "relation"}.get(kind, kind)
