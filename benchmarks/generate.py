"""Write a deterministic synthetic diplokg corpus of about N triples, in the project's own shape.

The real articles are the templates. Each synthetic article copies one of them: its article node, and a
sample of its facts (acts of every class and modality, claims, relation characterisations, role holdings
with their periods, personal ties), each with everything it needs (its time span, its evidence with quote
and position selectors, the facts it refers to), renamed with the article's group suffix, so every copy
has the real classes, properties and provenance pattern. The shared entities (states, persons,
organizations, places, relations, roles, topics...) are cloned into W *worlds*, each a consistent copy (its
own capital, its own relations) with its own labels and Wikidata items; each group of articles picks, for
every entity it mentions, a world from a Zipf law, so a few actors recur in most articles and many appear
once. World 0 keeps the real names, so the catalogue's default parameters still resolve.

The corpus is a project folder: ontology/ and queries/ copied, data/ generated, sources/ with the article
texts (every copy of an article quotes the same text, so evidence offsets stay checkable). It validates
(SHACL, SPARQL checks, quotes) as the real data does. The size counts every asserted triple, ontology
included. Same templates, size and seed: same bytes.

    python benchmarks/generate.py --size 100k --out /tmp/diplokg-100k
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/diplokg/id/"
DKG = "https://w3id.org/diplokg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ARTICLE = ox.NamedNode(DKG + "Article")
SOURCE_FILE = ox.NamedNode(DKG + "sourceFile")
DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
EVIDENCE = ox.NamedNode(DKG + "evidence")
WIKIDATA = "http://www.wikidata.org/entity/Q"
LABELS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://schema.org/headline",
}
ZIPF_EXPONENT = 1.1
WORLDS_PER_GROUP = 0.25  # entity worlds per article group: the actor pool grows with the corpus
MIN_SHARE = 0.3  # each copy keeps a share of its template's facts drawn from [MIN_SHARE, 1]


def parse_size(text: str) -> int:
    """'10k' -> 10_000, '1M' -> 1_000_000, '2500' -> 2500."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


@dataclass
class Template:
    """One real article file: its triples by subject, its article node, its facts and what each one needs."""

    path: Path
    triples: list[Any]
    article: Any  # the article's NamedNode
    local: set[str] = field(default_factory=set)  # subjects renamed per copy (not shared entities)
    facts: list[str] = field(default_factory=list)  # local subjects derived from the article (prov:wasDerivedFrom)
    links: dict[str, set[str]] = field(default_factory=dict)  # local subject -> local nodes it refers to

    @property
    def slug(self) -> str:
        return self.article.value.rsplit("/", 1)[1]

    def needed(self, facts: list[str]) -> set[str]:
        """The article node, ``facts`` and every local node they refer to, transitively (spans, evidence,
        selectors, the episodes and acts a fact points at)."""
        seen: set[str] = set()
        todo = [self.article.value, *facts]
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(self.links.get(node, ()))
        return seen


@dataclass
class Corpus:
    """What :func:`generate` wrote."""

    root: Path
    sources: Path
    articles: int
    groups: int
    worlds: int
    triples: int  # asserted triples: the ontology's plus the data's
    data_triples: int
    files: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {k: str(v) if isinstance(v, Path) else v for k, v in self.__dict__.items()}


def _read(path: Path) -> list[Any]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))


def _prefixes() -> dict[str, str]:
    from diplokg.namespaces import PREFIXES

    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


class Worlds:
    """Entity IRIs cloned into worlds: world 0 is the real entity, world w its w-th copy."""

    def __init__(self, entities: set[str], count: int) -> None:
        self.entities = entities
        self.count = count
        weights = [1 / (w + 1) ** ZIPF_EXPONENT for w in range(count)]
        total = sum(weights)
        self._cumulative = [sum(weights[: i + 1]) / total for i in range(count)]

    def pick(self, rng: random.Random) -> int:
        return min(bisect.bisect_left(self._cumulative, rng.random()), self.count - 1)

    @staticmethod
    def iri(entity: str, world: int) -> str:
        return entity if world == 0 else f"{entity}-w{world}"

    def term(self, term: Any, world: int) -> Any:
        """A term as it reads in ``world``: entities and Wikidata items renamed."""
        if isinstance(term, ox.NamedNode):
            if term.value in self.entities:
                return ox.NamedNode(self.iri(term.value, world))
            if world:
                return _wikidata(term, f"0{world:05d}")
        return term


def _wikidata(term: Any, suffix: str) -> Any:
    """A Wikidata item renamed for a copy (each copy of an entity keeps an item of its own)."""
    if term.value.startswith(WIKIDATA) and term.value[len(WIKIDATA) :].isdigit():
        return ox.NamedNode(term.value + suffix)
    return term


def _label(term: Any, suffix: str) -> Any:
    if not isinstance(term, ox.Literal) or not suffix:
        return term
    if term.language:
        return ox.Literal(term.value + suffix, language=term.language)
    return ox.Literal(term.value + suffix, datatype=term.datatype)


def _local_iri(iri: str, template: Template, group: int) -> str:
    """A local node's name in a copy: the article slug (and evidence named after it) or a suffix."""
    kind, _, slug = iri[len(ID) :].partition("/")
    if slug == template.slug or slug.startswith(template.slug + "-"):
        return f"{ID}{kind}/{template.slug}-g{group:05d}{slug[len(template.slug) :]}"
    return f"{iri}-g{group:05d}"


def _article_triples(template: Template, group: int, keep: set[str], worlds: Worlds, choice: dict[str, int]) -> list[Any]:
    """A copy of ``template`` for ``group`` with the subjects in ``keep``: local nodes renamed, entities
    mapped to their chosen worlds, the article's headline and label numbered."""

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            if t.value in worlds.entities:
                return ox.NamedNode(worlds.iri(t.value, choice[t.value]))
            if t.value in template.local or t.value.startswith(ID):
                return ox.NamedNode(_local_iri(t.value, template, group))
            return _wikidata(t, f"1{group:05d}")
        elif isinstance(t, ox.BlankNode):
            return ox.BlankNode(f"{t.value}g{group}")
        return t

    suffix = f" [{group}]"
    out = []
    for t in template.triples:
        if not isinstance(t.subject, ox.NamedNode) or t.subject.value not in keep:
            continue
        o = _label(t.object, suffix) if t.subject == template.article and t.predicate.value in LABELS else t.object
        out.append(ox.Triple(term(t.subject), t.predicate, term(o)))
    return out


def _entity_triples(shared: list[Any], worlds: Worlds, world: int) -> list[Any]:
    """World ``world``'s copy of the shared (entity) triples; triples about non-entities only in world 0."""
    suffix = f" {world}" if world else ""
    out = []
    for t in shared:
        if world and not (isinstance(t.subject, ox.NamedNode) and t.subject.value in worlds.entities):
            continue
        o = _label(t.object, suffix) if t.predicate.value in LABELS else t.object
        out.append(ox.Triple(worlds.term(t.subject, world), t.predicate, worlds.term(o, world)))
    return out


def inputs_digest(project_root: Path = ROOT) -> str:
    """A digest of what a corpus is made from (data templates, ontology, queries): a stale corpus is redone."""
    import hashlib

    digest = hashlib.sha256()
    for folder in ("data", "ontology", "queries"):
        for path in sorted((project_root / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(project_root)).encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_templates(data_dir: Path) -> tuple[list[Template], list[tuple[Path, list[Any]]], set[str]]:
    """Article files (templates), shared files (entities, enrichment) and the entity IRIs they define."""
    templates, shared = [], []
    for path in sorted(data_dir.glob("*.ttl")):
        triples = _read(path)
        articles = sorted({t.subject.value for t in triples if t.predicate == RDF_TYPE and t.object == ARTICLE})
        if articles:
            templates.append(Template(path, triples, ox.NamedNode(articles[0])))
        else:
            shared.append((path, triples))
    shared_all = list(shared)
    entities = {t.subject.value for _, ts in shared for t in ts if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(ID)}
    described = {t.subject.value for template in templates for t in template.triples if isinstance(t.subject, ox.NamedNode)}
    # A node an article describes and a shared file links (an event with its Wikidata item) is the article's:
    # each copy gets its own, shared triples included.
    mixed = entities & described
    entities -= mixed
    shared = [(path, [t for t in ts if t.subject.value not in mixed]) for path, ts in shared]
    _share_cross_article_nodes(templates)
    for template in templates:
        subjects = {t.subject.value for t in template.triples if isinstance(t.subject, ox.NamedNode)}
        template.triples += [t for _, ts in shared_all for t in ts if t.subject.value in mixed & subjects]
        template.local = subjects - entities
        for t in template.triples:
            if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode) and t.object.value in template.local:
                template.links.setdefault(t.subject.value, set()).add(t.object.value)
        facts = {t.subject.value for t in template.triples if t.predicate == DERIVED_FROM and t.subject.value in template.local}
        template.facts = sorted(facts - {template.article.value})
    return templates, shared, entities


def _share_cross_article_nodes(templates: list[Template]) -> None:
    """A node two articles describe (an event both report, typed and dated in one of them) is each copy's own:
    a template takes the other article's description of it (type, label, time span...), but not that article's
    provenance and quotes, so that every copy holds the node whole."""
    described = [{t.subject.value for t in template.triples if isinstance(t.subject, ox.NamedNode)} for template in templates]
    articles = {template.article.value for template in templates}
    additions: list[list[Any]] = [[] for _ in templates]
    for i in range(len(templates)):
        for j, other in enumerate(templates):
            if i == j:
                continue
            by_subject: dict[str, list[Any]] = {}
            for t in other.triples:
                if isinstance(t.subject, ox.NamedNode):
                    by_subject.setdefault(t.subject.value, []).append(t)
            todo = sorted((described[i] & described[j]) - articles)
            seen: set[str] = set()
            while todo:
                node = todo.pop()
                if node in seen:
                    continue
                seen.add(node)
                for t in by_subject.get(node, ()):
                    if t.predicate in (DERIVED_FROM, EVIDENCE):
                        continue
                    additions[i].append(t)
                    # the other article's nodes it points to (its time span) come along, unless this one has them
                    if isinstance(t.object, ox.NamedNode) and t.object.value in by_subject and t.object.value not in described[i]:
                        todo.append(t.object.value)
    for template, extra in zip(templates, additions, strict=True):
        template.triples += extra


def _copy(template: Template, group: int, seed: int, worlds: Worlds, entities: set[str]) -> list[Any]:
    """Group ``group``'s copy of ``template``: its worlds drawn for the group, its facts drawn for the copy."""
    rng = random.Random(f"{seed}/{group}")
    choice = {e: worlds.pick(rng) for e in sorted(entities)}
    rng = random.Random(f"{seed}/{group}/{template.slug}")
    share = rng.uniform(MIN_SHARE, 1.0)
    facts = [f for f in template.facts if rng.random() < share]
    return _article_triples(template, group, template.needed(facts), worlds, choice)


def sampled_facts(engine: Any, spec: Any) -> dict[str, str]:
    """Parameter values for a catalogue query on a corpus: a `fact` parameter's default names one real-article
    fact, which a corpus holds only as copies named with a group suffix (``_local_iri``), maybe not all of
    them. Binds each such parameter to the first copy ``engine`` has; other parameters keep their defaults."""
    from diplokg.terms import Term

    given = {}
    for param in spec.params:
        if param.kind != "fact" or param.default is None:
            continue
        iri = param.default.value
        candidates = [iri, *(f"{iri}-g{group:05d}" for group in range(100))]
        values = " ".join(Term.iri(c).n3() for c in candidates)
        present = engine.run(f"SELECT ?f WHERE {{ VALUES ?f {{ {values} }} FILTER EXISTS {{ ?f ?p ?o }} }}", {})
        found = {row["f"].value for row in present.rows}
        first = next((c for c in candidates if c in found), None)
        if first:
            given[param.name] = f"<{first}>"
    return given


def add_article(corpus: Path, seed: int = 1) -> Path:
    """Write one more article into a generated corpus (for incremental builds); returns its file. It copies
    the templates the corpus was made from (its templates/ folder), so it fits the corpus's ontology."""
    templates, _, entities = load_templates(corpus / "templates")
    info = json.loads((corpus / "corpus.json").read_text()) if (corpus / "corpus.json").is_file() else {}
    worlds = Worlds(entities, int(info.get("worlds", 2)))
    group = 90_000 + len(list((corpus / "data").glob("*-g9????.ttl")))
    template = templates[0]
    path = corpus / "data" / f"{template.slug}-g{group:05d}.ttl"
    triples = sorted(set(_copy(template, group, seed, worlds, entities)), key=str)
    ox.serialize(triples, str(path), format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    return path


def generate(out: Path, size: int, seed: int = 0, project_root: Path = ROOT, sources: Path | None = None) -> Corpus:
    """Write a corpus of about ``size`` asserted triples (ontology included) to ``out``, replacing it."""
    started = time.perf_counter()
    templates, shared, entities = load_templates(project_root / "data")
    if not templates:
        raise SystemExit(f"no article files in {project_root / 'data'} to use as templates")
    ontology = sum(len(_read(p)) for p in sorted((project_root / "ontology").glob("*.ttl")) if p.name != "shapes.ttl")
    per_group = sum(len(t.triples) for t in templates) * (MIN_SHARE + 1) / 2
    per_world = sum(len(ts) for _, ts in shared)
    groups = max(1.0, (size - ontology) / (per_group + WORLDS_PER_GROUP * per_world))
    worlds = Worlds(entities, max(2, round(groups * WORLDS_PER_GROUP)))

    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    for folder in ("ontology", "queries"):
        shutil.copytree(project_root / folder, out / folder)
    shutil.copytree(project_root / "data", out / "templates")  # what add_article copies from, later
    sources_out = out / "sources"
    sources_out.mkdir()
    sources = sources or project_root.parent / "shared" / "sources"
    for template in templates:
        for t in template.triples:
            if t.predicate == SOURCE_FILE and (sources / t.object.value).is_file():
                shutil.copyfile(sources / t.object.value, sources_out / t.object.value)

    prefixes = _prefixes()
    written, files = 0, 0

    def write(path: Path, triples: list[Any]) -> None:
        nonlocal written, files
        triples = sorted(set(triples), key=str)
        ox.serialize(triples, str(path), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        written += len(triples)
        files += 1

    for path, triples in shared:
        write(out / "data" / path.name, [t for w in range(worlds.count) for t in _entity_triples(triples, worlds, w)])
    article = 0
    while article < len(templates) or ontology + written < size:
        group, index = divmod(article, len(templates))
        write(out / "data" / f"{templates[index].slug}-g{group:05d}.ttl", _copy(templates[index], group, seed, worlds, entities))
        article += 1
    return Corpus(
        out,
        sources_out,
        article,
        -(-article // len(templates)),
        worlds.count,
        ontology + written,
        written,
        files,
        time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k", help="about how many asserted triples, ontology included: 10k, 100k, 1M (default 10k)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the corpus project to (replaced)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    corpus = generate(args.out, parse_size(args.size), args.seed)
    if args.json:
        print(json.dumps(corpus.as_dict(), indent=2))
    else:
        print(
            f"wrote {corpus.data_triples} data triples ({corpus.triples} with the ontology) in {corpus.files} files to {corpus.root}: "
            f"{corpus.articles} articles, {corpus.worlds} entity worlds, in {corpus.seconds:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
