"""``diplokg draft SLUG``: a worksheet for encoding an article, sentence by sentence.

For each sentence: the known entities it mentions, with their IRIs, and the act classes its words suggest, each
with a Turtle stub in the short evidence form that ``diplokg fmt`` expands into offsets. The worksheet is Markdown:
a person reads it far more than copies from it, and Markdown shows a sentence, a table of names and a Turtle block
side by side in any viewer; the stubs sit in ```turtle fences, to copy one at a time. A Turtle file with comments
would look like data and invite moving it into data/ whole, and a person must decide every fact.

It never writes into data/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ConfigError
from ..iris import INSTANCE_PREFIXES, PREFIXES
from ..project import Project
from ..segment import Sentence, split_sentences
from ..sources import SourceTexts
from .dates import DateHint, date_hints
from .lexicon import Hit, find_triggers
from .mentions import Gazetteer, Mention
from .registry import DKG, SCHEMA, Registry, load_registry

ACT = DKG + "Act"
ACTOR = DKG + "Actor"
ARTICLE_PREFIX = INSTANCE_PREFIXES["article"]
STUB_PREFIXES = ("article", "dkg", "event", "group", "oa", "organization", "person", "place", "prov", "rdfs", "state", "xsd")


@dataclass(frozen=True)
class Candidate:
    """An act class suggested for a sentence, with the words that suggested it."""

    cls: str
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class SentenceSheet:
    """One sentence of the worksheet."""

    sentence: Sentence
    mentions: tuple[Mention, ...]  # offsets relative to the article text
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class Worksheet:
    """The whole worksheet of one article."""

    article: str
    slug: str
    headline: str
    published: str
    source_file: str
    text: str
    sentences: tuple[SentenceSheet, ...]


def _local(cls: str) -> str:
    return cls.rsplit("#", 1)[-1]


def candidates_for(text: str, registry: Registry) -> list[Candidate]:
    """The act classes the lexicon suggests for ``text``, in the order of their words (where two classes start at one
    word, the deeper first: dkg:OfferOfTalks before dkg:Offer for "offered talks")."""
    by_class: dict[str, list[Hit]] = {}
    for hit in find_triggers(text):
        by_class.setdefault(hit.trigger.cls, []).append(hit)
    depth = {cls: len(registry.classes.ancestors(cls)) for cls in by_class}
    order = sorted(by_class, key=lambda c: (by_class[c][0].start, -depth[c], c))
    return [Candidate(cls, tuple(by_class[cls])) for cls in order]


def sheet_sentences(text: str, registry: Registry, gazetteer: Gazetteer | None = None) -> list[SentenceSheet]:
    """Every sentence of ``text`` with its mentions and candidate classes."""
    gazetteer = gazetteer or Gazetteer(registry)
    mentions = gazetteer.find(text)
    out = []
    for sentence in split_sentences(text):
        mine = tuple(m for m in mentions if sentence.contains(m.start, m.end))
        out.append(SentenceSheet(sentence, mine, tuple(candidates_for(sentence.text, registry))))
    return out


def worksheet(project: Project, slug: str, registry: Registry | None = None) -> Worksheet:
    """The worksheet of the registered article ``slug`` (its IRI's last part, e.g. kei-2013-05-24)."""
    registry = registry or load_registry(project)
    article = ARTICLE_PREFIX + slug
    if article not in registry.articles():
        known = ", ".join(sorted(a[len(ARTICLE_PREFIX) :] for a in registry.articles()))
        raise ConfigError(f"no article {slug!r} in data/ (registered: {known}; add one with `diplokg add-article`)")
    source = registry.data.value(article, DKG + "sourceFile")
    text = SourceTexts(project.sources_dir).text(str(source))
    return Worksheet(
        article,
        slug,
        registry.data.value(article, SCHEMA + "headline") or slug,
        registry.data.value(article, SCHEMA + "datePublished") or "",
        str(source),
        text,
        tuple(sheet_sentences(text, registry)),
    )


# --- rendering ---------------------------------------------------------------------------------------------------


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]*", iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _kebab(cls: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", _local(cls)).lower()


def stub(sheet: Worksheet, entry: SentenceSheet, candidate: Candidate, registry: Registry) -> str:
    """A ready-to-edit Turtle stub for one candidate act: the sentence as its evidence, in the short form."""
    # the subject is most often the actor named last before the trigger word ("President Park Geun-hye offered"),
    # the target the first one after it ("... talks to North Korea")
    trigger = entry.sentence.start + candidate.hits[0].start
    before: list[str] = []
    after: list[str] = []
    for mention in entry.mentions:
        for entity in mention.entities:
            if any(registry.classes.is_a(t, ACTOR) for t in registry.types(entity)):
                (before if mention.start < trigger else after).append(entity)
    actors = [before[-1]] if before else []
    actors += [e for e in after if e not in actors][:1] or [e for e in reversed(before) if e not in actors][:1]
    node = f"event:{sheet.slug}-s{entry.sentence.number}-{_kebab(candidate.cls)}"
    lines = [
        node,
        f"    a dkg:{_local(candidate.cls)} ;",
        '    rdfs:label "TODO: what the article states, in a few words"@en ;',
        f"    prov:wasDerivedFrom article:{sheet.slug} ;",
    ]
    roles = [("dkg:initiator", "who acts"), ("dkg:target", "at whom")]
    for (prop, what), actor in zip(roles, actors, strict=False):
        lines.append(f"    {prop} {_curie(actor)} ;  # {what}? check")
    if not actors:
        lines.append("    # dkg:initiator / dkg:target: the actors (states, persons, organizations); see docs/asking.md")
    elif len(actors) == 1:
        lines.append("    # dkg:target: at whom, if the article says (an actor)")
    lines += [
        "    dkg:modality dkg:Actual ;  # or dkg:Expected, dkg:Proposed, dkg:NotHappened, dkg:Hypothetical...",
        _when(entry.sentence.text, sheet.published, candidate.hits[0].start),
        f"    dkg:evidence [ oa:exact {_turtle_string(entry.sentence.text)} ] ;  # cut to the words that state it",
        ".",
    ]
    return "\n".join(lines)


def stub_date(text: str, published: str, near: int = 0) -> DateHint | None:
    """The time span a stub proposes for an act stated in ``text``: the date the words give nearest to the trigger
    word at ``near`` ("After December's satellite launch, February's nuclear test": February for the test)."""
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return None
    hints = date_hints(text, day)
    return min(hints, key=lambda h: abs(h.start - near)) if hints else None


def _when(text: str, published: str, near: int) -> str:
    hint = stub_date(text, published, near)
    if hint is None:
        return (
            f'    dkg:when [ dkg:latest "{published}"^^xsd:date ; dkg:latestBasis dkg:FromPublication ; dkg:precision dkg:BoundOnly ] ;'
            "  # no later than the article"
        )
    return (
        f'    dkg:when [ dkg:earliest "{hint.earliest}"^^xsd:date ; dkg:latest "{hint.latest}"^^xsd:date ; '
        "dkg:earliestBasis dkg:Stated ; dkg:latestBasis dkg:Stated ; "
        f"dkg:precision dkg:{hint.precision} ; dkg:phrase {_turtle_string(hint.phrase)} ] ;  # a month without a year is "
        "taken as the last one before the article: a future act needs the next"
    )


def _once(text: str, quote: str) -> bool:
    return text.count(quote) == 1


def _said(sentence: Sentence, candidate: Candidate) -> str:
    """The words of a sentence that suggested a candidate, quoted."""
    return ", ".join(sorted({f"“{sentence.text[h.start : h.end]}”" for h in candidate.hits}))


def render_markdown(sheet: Worksheet, registry: Registry) -> str:
    """The worksheet as Markdown."""
    out = [
        f"# Worksheet: {sheet.headline}",
        "",
        f"Article `article:{sheet.slug}`, published {sheet.published}, source `{sheet.source_file}`, "
        f"{len(sheet.sentences)} sentences. Generated by `diplokg draft {sheet.slug}`: a helper, never data.",
        "",
        "For each fact you decide the article states: copy a stub into `data/" + sheet.slug + ".ttl`, correct",
        "its class, actors, modality and date, cut the quote to the words that state the fact, then run",
        "`diplokg fmt` (it turns the quote into offsets) and `diplokg build`. `diplokg coverage "
        + sheet.slug
        + "` shows which sentences are encoded so far (a sentence with no fact to hold gets a waiver: docs/coverage.md).",
        "",
        f"The prefixes the stubs use (`data/{sheet.slug}.ttl` needs those it lacks; `diplokg fmt` keeps the ones used):",
        "",
        "```turtle",
        *(f"PREFIX {p}: <{PREFIXES[p]}>" for p in STUB_PREFIXES),
        "```",
        "",
    ]
    for entry in sheet.sentences:
        s = entry.sentence
        out += [f"## Sentence {s.number} (characters {s.start}–{s.end})", "", "> " + " ".join(s.text.split()), ""]
        if entry.mentions:
            out += ["| words | entity | by |", "|---|---|---|"]
            for m in entry.mentions:
                flag = " (ambiguous: choose one)" if m.ambiguous else ""
                for entity, how in zip(m.entities, m.hows, strict=True):
                    # a person's state, which acts often need too ("Kim Jong Un expressed an interest": North Korea)
                    states = ", ".join(f"`{_curie(n)}`" for n in registry.data.values(entity, DKG + "nationality"))
                    of = f" (of {states})" if states else ""
                    out.append(f"| {m.text} | `{_curie(entity)}` {registry.label(entity)}{of}{flag} | {how} |")
            out.append("")
        if entry.candidates:
            listed = ", ".join(f"`dkg:{_local(c.cls)}` ({_said(s, c)})" for c in entry.candidates)
            out += [f"Candidate acts: {listed}.", ""]
            if not _once(sheet.text, s.text):
                out += ["(This sentence occurs more than once in the source: quote a longer passage.)", ""]
            # a stub for each candidate but those a more specific candidate of the sentence stands under
            classes = {c.cls for c in entry.candidates}
            for candidate in entry.candidates:
                if any(other != candidate.cls and registry.classes.is_a(other, candidate.cls) for other in classes):
                    continue
                out += ["```turtle", stub(sheet, entry, candidate, registry), "```", ""]
        if not entry.mentions and not entry.candidates:
            out += ["(no known entity, no trigger word)", ""]
    return "\n".join(out).rstrip() + "\n"


def write_worksheet(project: Project, slug: str, out: Path | None) -> tuple[str, Path | None]:
    """Render the worksheet; write it to ``out`` (never inside data/) when given. Returns (text, path written)."""
    from ..atomic import write_all

    registry = load_registry(project)
    text = render_markdown(worksheet(project, slug, registry), registry)
    if out is None:
        return text, None
    target = out.resolve()
    if target.is_relative_to(project.data_dir.resolve()):
        raise ConfigError(f"{out}: the worksheet never goes into data/ (it is a helper, not data); write it elsewhere")
    write_all({target: text.encode("utf-8")})
    return text, target
