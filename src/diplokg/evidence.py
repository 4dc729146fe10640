"""Evidence nodes: expanding the short form ``dkg:evidence [ oa:exact "..." ]`` and checking quotes against sources.

An expanded evidence node is a W3C Web Annotation specific resource with two equivalent selectors:

    evidence:<article>-<start>-<end> a dkg:Evidence ; oa:hasSource <article> ;
        oa:hasSelector evidence:<article>-<start>-<end>-quote , evidence:<article>-<start>-<end>-position .
    ...-quote a oa:TextQuoteSelector ; oa:exact "..." ; oa:prefix "..." ; oa:suffix "..." .
    ...-position a oa:TextPositionSelector ; oa:start 1234 ; oa:end 1301 .

Offsets count Unicode code points from 0 in the source file, as the Web Annotation model counts characters.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .namespaces import DKG, INSTANCE_PREFIXES, OA, PROV
from .sources import SourceTexts, article_source_files

CONTEXT = 32  # characters of oa:prefix / oa:suffix kept around each quote


def _slug(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def quote_of(graph: Graph, evidence: URIRef | BNode) -> str | None:
    """The verbatim quote of an evidence node, short or expanded form."""
    exact = graph.value(evidence, OA.exact)
    if exact is None:
        for selector in graph.objects(evidence, OA.hasSelector):
            exact = graph.value(selector, OA.exact) or exact
    return None if exact is None else str(exact)


def _article_of(graph: Graph, fact, evidence, articles: dict[URIRef, str]) -> URIRef | None:
    source = graph.value(evidence, OA.hasSource)
    if isinstance(source, URIRef):
        return source
    derived = [a for a in graph.objects(fact, PROV.wasDerivedFrom) if a in articles]
    if len(derived) == 1:
        return derived[0]
    return next(iter(articles)) if len(articles) == 1 else None


def expand_evidence(graph: Graph, articles: dict[URIRef, str], texts: SourceTexts) -> list[str]:
    """Rewrite every evidence node of ``graph`` in place into its expanded, offset-named form.

    ``articles`` maps article IRIs to their source file names. Returns problems (quote not found, found
    more than once, no article); the graph is left unchanged for the evidence nodes with problems.
    """
    problems: list[str] = []
    for fact, old in list(graph.subject_objects(DKG.evidence)):
        exact = quote_of(graph, old)
        if exact is None:
            problems.append(f"{fact}: evidence without oa:exact quote")
            continue
        article = _article_of(graph, fact, old, articles)
        if article is None or article not in articles:
            problems.append(f"{fact}: cannot tell which article the quote {exact[:60]!r} is from")
            continue
        text = texts.text(articles[article])
        count = text.count(exact)
        if count != 1:
            where = "not found in" if count == 0 else f"found {count} times in"
            problems.append(f"{fact}: quote {exact[:60]!r} {where} {articles[article]} (a quote must occur exactly once)")
            continue
        start = text.index(exact)
        end = start + len(exact)
        new = INSTANCE_PREFIXES["evidence"][f"{_slug(article)}-{start}-{end}"]
        if new == old:
            continue
        _drop_evidence(graph, old)
        graph.remove((fact, DKG.evidence, old))
        graph.add((fact, DKG.evidence, new))
        quote, position = URIRef(f"{new}-quote"), URIRef(f"{new}-position")
        graph.add((new, RDF.type, DKG.Evidence))
        graph.add((new, OA.hasSource, article))
        graph.add((new, OA.hasSelector, quote))
        graph.add((new, OA.hasSelector, position))
        graph.add((quote, RDF.type, OA.TextQuoteSelector))
        graph.add((quote, OA.exact, Literal(exact)))
        graph.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT) : start])))
        graph.add((quote, OA.suffix, Literal(text[end : end + CONTEXT])))
        graph.add((position, RDF.type, OA.TextPositionSelector))
        graph.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        graph.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    return problems


def _drop_evidence(graph: Graph, node) -> None:
    """Remove a short-form evidence node (and its selectors) unless another fact still uses it."""
    if isinstance(node, URIRef) and len(list(graph.subjects(DKG.evidence, node))) > 1:
        return
    for selector in list(graph.objects(node, OA.hasSelector)):
        graph.remove((selector, None, None))
    graph.remove((node, None, None))


def verify_evidence(graph: Graph, texts: SourceTexts) -> list[str]:
    """Check every evidence node against its article's source file.

    The article's dkg:sha256 must match the file; each quote must stand at its recorded offsets with its
    recorded prefix and suffix. Returns one message per problem.
    """
    problems: list[str] = []
    articles = article_source_files(graph)
    for article, name in sorted(articles.items()):
        if not (texts.sources_dir / name).is_file():
            problems.append(f"{article}: source file {name} not found in {texts.sources_dir}")
            continue
        recorded = graph.value(article, DKG.sha256)
        actual = texts.sha256(name)
        if recorded is None or str(recorded) != actual:
            problems.append(f"{article}: recorded sha256 {recorded} does not match {name} ({actual})")
    for evidence in sorted(set(graph.subjects(RDF.type, DKG.Evidence))):
        article = graph.value(evidence, OA.hasSource)
        if article not in articles:
            problems.append(f"{evidence}: oa:hasSource {article} is not an article with a dkg:sourceFile")
            continue
        name = articles[article]
        if not (texts.sources_dir / name).is_file():
            continue
        text = texts.text(name)
        exact = quote_of(graph, evidence)
        start = end = None
        prefix = suffix = None
        for selector in graph.objects(evidence, OA.hasSelector):
            start = graph.value(selector, OA.start) if start is None else start
            end = graph.value(selector, OA.end) if end is None else end
            prefix = graph.value(selector, OA.prefix) if prefix is None else prefix
            suffix = graph.value(selector, OA.suffix) if suffix is None else suffix
        if exact is None or start is None or end is None:
            problems.append(f"{evidence}: needs a quote selector (oa:exact) and a position selector (oa:start, oa:end)")
            continue
        s, e = int(start), int(end)
        if text[s:e] != exact:
            found = text.count(exact)
            hint = "not in the source" if found == 0 else f"in the source but not at {s}-{e} (run `diplokg fmt`)"
            problems.append(f"{evidence}: quote {exact[:60]!r} is {hint} ({name})")
            continue
        if prefix is not None and text[max(0, s - CONTEXT) : s] != str(prefix):
            problems.append(f"{evidence}: oa:prefix does not match the text before the quote in {name}")
        if suffix is not None and text[e : e + CONTEXT] != str(suffix):
            problems.append(f"{evidence}: oa:suffix does not match the text after the quote in {name}")
    return problems
