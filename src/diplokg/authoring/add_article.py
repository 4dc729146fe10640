"""``diplokg add-article``: register a new source text, ready to encode.

It computes the text's sha256, puts the text where the sources live (the project never holds whole articles),
picks the slug ``<publisher>-<date>``, and writes ``data/<slug>.ttl`` with the article node (schema.org metadata,
dkg:sourceFile, dkg:sha256) and its authors. Authors and publisher are the people and organizations already in
the graph when a name matches a label or alternative label; a name matching several is refused, the candidates
listed, until ``--same-as NAME=IRI`` chooses. New ones are added to ``data/entities.ttl``.

Bad input (no such file, a text that is not UTF-8, a date that is not a date, an article already registered, a
text with the digest of one) is one line and exit 2, and nothing is written: the source copy, the article file and
the entities file are written together or not at all (atomic.write_all).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..atomic import write_all
from ..errors import DiplokgError
from ..iris import INSTANCE_PREFIXES, PREFIXES
from ..namespaces import DKG, SCHEMA
from ..project import Project
from ..rdfio import canonical_turtle, parse_turtle
from .registry import Registry, load_registry

ENTITIES_FILE = "entities.ttl"
ORGANIZATION = PREFIXES["dkg"] + "Organization"
PUBLICATION = PREFIXES["dkg"] + "Publication"
PERSON = PREFIXES["dkg"] + "Person"


class ArticleInputError(DiplokgError):
    """Bad input to add-article: one line, exit 2, nothing written."""


@dataclass(frozen=True)
class Metadata:
    """What the user says about the article."""

    text_file: Path
    headline: str
    authors: tuple[str, ...]
    published: str
    publisher: str
    url: str | None = None
    section: str | None = None
    same_as: tuple[str, ...] = ()  # "NAME=IRI": the existing node a name stands for


@dataclass
class Added:
    """What add-article did."""

    slug: str
    article: str
    data_file: Path
    source: Path
    copied: bool
    sha256: str
    reused: list[tuple[str, str]] = field(default_factory=list)  # (name, IRI)
    created: list[tuple[str, str]] = field(default_factory=list)


def slugify(text: str) -> str:
    """A lower-case ASCII slug: "Korea Economic Institute" -> korea-economic-institute."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "").replace("’", "")).strip("-")


def _key(name: str) -> str:
    """A name compared without regard to case, accents, hyphens, spaces or dots ("U.S." is "US")."""
    return slugify(name.replace(".", ""))


def _parse_date(value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ArticleInputError(f"--published {value!r} is not a date: give it as YYYY-MM-DD (2015-01-21)")
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ArticleInputError(f"--published {value!r} is not a date: {exc}") from None


def _expand(iri: str) -> str:
    prefix, colon, local = iri.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return iri.strip("<>")


def _choices(metadata: Metadata) -> dict[str, str]:
    out = {}
    for item in metadata.same_as:
        name, eq, iri = item.partition("=")
        if not eq or not name.strip() or not iri.strip():
            raise ArticleInputError(f"--same-as {item!r}: give NAME=IRI (Troy Stangarone=person:troy-stangarone)")
        out[_key(name)] = _expand(iri.strip())
    return out


def _short(iri: str) -> str:
    for prefix, ns in INSTANCE_PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


class _Resolver:
    """Finds the node a name stands for among nodes of some kinds."""

    def __init__(self, registry: Registry, choices: dict[str, str]) -> None:
        self.registry = registry
        self.choices = choices

    def find(self, name: str, kinds: tuple[str, ...], what: str) -> str | None:
        """The one existing node of ``kinds`` named ``name``, None when there is none; refuses an ambiguous name."""
        reg = self.registry
        fits = [n for n in reg.entities() if any(reg.classes.is_a(t, k) for t in reg.types(n) for k in kinds)]
        key = _key(name)
        if key in self.choices:
            chosen = self.choices[key]
            if chosen not in fits:
                raise ArticleInputError(f"--same-as {name}={_short(chosen)}: no {what} with that IRI in data/")
            return chosen
        matches = sorted(n for n in fits if any(_key(label) == key for label in reg.names(n)))
        if len(matches) > 1:
            listed = ", ".join(f"{_short(n)} ({reg.label(n)})" for n in matches)
            raise ArticleInputError(f"{what} {name!r} matches {len(matches)} nodes: {listed}; choose one with --same-as '{name}=IRI'")
        return matches[0] if matches else None


def _new_iri(kind: str, name: str, taken: set[str]) -> str:
    base = INSTANCE_PREFIXES[kind] + (slugify(name) or kind)
    iri, n = base, 2
    while iri in taken:
        iri, n = f"{base}-{n}", n + 1
    return iri


def _read_text(path: Path) -> bytes:
    """The bytes of the article's text file; refuses a missing, unreadable, empty or non-UTF-8 one."""
    if not path.exists():
        raise ArticleInputError(f"{path}: no such file")
    if not path.is_file():
        raise ArticleInputError(f"{path}: not a file (give the article's text file)")
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except OSError as exc:
        raise ArticleInputError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ArticleInputError(f"{path}: not UTF-8 text (byte {exc.start}); convert it first (iconv -t UTF-8)") from None
    if not raw.strip():
        raise ArticleInputError(f"{path}: the file is empty")
    return raw


def _refuse_registered(registry: Registry, path: Path, digest: str, headline: str, published: date, url: str | None) -> None:
    """Refuse a text registered already (same sha256), or an article registered already (same URL, or same headline
    and date)."""
    data = registry.data
    for article, file in sorted(registry.articles().items()):
        value = {p: data.value(article, str(p)) for p in (DKG.sha256, DKG.sourceFile, SCHEMA.url, SCHEMA.headline, SCHEMA.datePublished)}
        if value[DKG.sha256] == digest:
            raise ArticleInputError(
                f"{path}: same sha256 as {_short(article)} ({file.name}, source {value[DKG.sourceFile]}): already registered"
            )
        same_url = bool(url) and value[SCHEMA.url] == url
        same_title = _key(value[SCHEMA.headline] or "") == _key(headline) and value[SCHEMA.datePublished] == str(published)
        if same_url or same_title:
            why = f"URL {url}" if same_url else f"headline and date ({headline!r}, {published})"
            raise ArticleInputError(f"{_short(article)} ({file.name}) is already registered with this {why}")


def plan(project: Project, metadata: Metadata, registry: Registry | None = None) -> tuple[Added, dict[Path, bytes]]:
    """Check the input and compute every file to write; raises ArticleInputError on bad input, writes nothing."""
    registry = registry or load_registry(project)
    path = metadata.text_file
    raw = _read_text(path)
    published = _parse_date(metadata.published)
    headline = " ".join(metadata.headline.split())
    if not headline:
        raise ArticleInputError("--headline is empty")
    if not metadata.authors or not all(a.strip() for a in metadata.authors):
        raise ArticleInputError("every --author needs a name")
    if not metadata.publisher.strip():
        raise ArticleInputError("--publisher is empty")
    digest = hashlib.sha256(raw).hexdigest()
    _refuse_registered(registry, path, digest, headline, published, metadata.url)
    data = registry.data
    articles = registry.articles()

    resolver = _Resolver(registry, _choices(metadata))
    taken = set(data.objects)
    added_nodes: list[tuple[str, str, str]] = []  # (iri, class, label)
    result_reused: list[tuple[str, str]] = []
    publisher = resolver.find(metadata.publisher, (ORGANIZATION, PUBLICATION), "publisher")
    publisher_names = [" ".join(metadata.publisher.split())]
    if publisher is None:
        publisher = _new_iri("publication", metadata.publisher, taken)
        taken.add(publisher)
        added_nodes.append((publisher, PUBLICATION, publisher_names[0]))
    else:
        result_reused.append((metadata.publisher, publisher))
        publisher_names = registry.names(publisher)
    authors = []
    for name in metadata.authors:
        person = resolver.find(name, (PERSON,), "author")
        if person is None:
            person = _new_iri("person", name, taken)
            taken.add(person)
            added_nodes.append((person, PERSON, " ".join(name.split())))
        else:
            result_reused.append((name, person))
        if person not in authors:
            authors.append(person)

    # the publisher's shortest name: KEI, not Korea Economic Institute of America
    short = min((slugify(n) for n in publisher_names if slugify(n)), key=lambda s: (len(s), s), default="article")
    base = f"{short}-{published}"
    slug, n = base, 2
    while INSTANCE_PREFIXES["article"] + slug in articles or (project.data_dir / f"{slug}.ttl").exists() or slug == "entities":
        slug, n = f"{base}-{n}", n + 1
    article = INSTANCE_PREFIXES["article"] + slug

    sources = project.sources_dir
    copied = True
    if path.resolve().parent == sources.resolve():
        source, copied = path.resolve(), False
    else:
        source = sources / f"{slug}.txt"
        if source.exists():
            if hashlib.sha256(source.read_bytes()).hexdigest() != digest:
                raise ArticleInputError(f"{source} exists with another text: move it away or register the text from there")
            copied = False

    graph = parse_turtle(project.data_dir / ENTITIES_FILE, f"data/{ENTITIES_FILE}") if added_nodes else None
    for iri, cls, label in added_nodes:
        assert graph is not None
        graph.add((URIRef(iri), RDF.type, URIRef(cls)))
        graph.add((URIRef(iri), RDFS.label, Literal(label, lang="en")))

    from rdflib import Graph

    own = Graph()
    node = URIRef(article)
    publisher_label = registry.label(publisher) if publisher in data.objects else publisher_names[0]
    own.add((node, RDF.type, DKG.Article))
    own.add((node, RDFS.label, Literal(f"{headline} ({publisher_label}, {published})", lang="en")))
    own.add((node, SCHEMA.headline, Literal(headline)))
    for person in authors:
        own.add((node, SCHEMA.author, URIRef(person)))
    own.add((node, SCHEMA.datePublished, Literal(str(published), datatype=XSD.date)))
    own.add((node, SCHEMA.publisher, URIRef(publisher)))
    if metadata.url:
        own.add((node, SCHEMA.url, Literal(metadata.url)))
    if metadata.section:
        own.add((node, SCHEMA.articleSection, Literal(metadata.section)))
    own.add((node, DKG.sha256, Literal(digest)))
    own.add((node, DKG.sourceFile, Literal(source.name)))

    data_file = project.data_dir / f"{slug}.ttl"
    files = {data_file: canonical_turtle(own).encode("utf-8")}
    if graph is not None:
        files[project.data_dir / ENTITIES_FILE] = canonical_turtle(graph).encode("utf-8")
    if copied:
        files[source] = raw
    added = Added(slug, article, data_file, source, copied, digest, result_reused, [(label, iri) for iri, _, label in added_nodes])
    return added, files


def add_article(project: Project, metadata: Metadata) -> Added:
    """Register the article: write its data file, new entities and the source copy, all or nothing."""
    added, files = plan(project, metadata)
    write_all(files)
    return added


__all__ = ["Added", "ArticleInputError", "Metadata", "add_article", "plan", "slugify"]
