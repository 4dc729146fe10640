"""How well the worksheet does on an article already encoded by hand: the worksheet is made as if the article were
new, then compared with the facts of its file.

Entity mentions. A fact *names* an entity when the fact links it directly (any property: initiator, target,
participant, about, claimant, org:member, org:role...), the entity is a known one (not a fact, evidence or time
span), and one of its names (label, alternative label, a capital's label for its state, a person's surname: the
names the gazetteer uses) occurs in one of the fact's quotes, compared without regard to case, at a word start,
possibly running on into lower-case letters ("North Korean", the glued "North Koreamaking"), and not inside a
longer name of another entity ("Kim" in "Kim Jong Un" does not name Inwook Kim). Each occurrence falls
in one sentence; the expected mentions are the distinct (sentence, entity) pairs, where a name that several of the
fact's entities share ("Kim": the author Inwook Kim and Kim Jong-un) counts once, for any of them. The worksheet
finds one when it lists the entity for that sentence (alone or among the choices of an ambiguous name).
Wrong proposals: where the words of an expected mention are given other entities as well, those other entities
("Beijing": the city, when the fact means the state). Unconfirmed proposals: (sentence, entity) pairs that no fact
quoting the sentence links; some are right but not encoded, some wrong: an upper bound on the wrong ones.

Actor links, a wider figure that does not start from names: the initiator, target and participant links of the
facts, and how many of them the worksheet lists in a sentence the fact quotes. The others a person supplies from
words no name matches: "Chinese President Xi Jinping" for China, "the South", "he", "the two countries".

Act candidates. An encoded act is a node of the article's file typed with a class below dkg:Act; its sentences are
those its quotes overlap. It is found when one of its sentences gets a candidate class equal to one of its classes
or an ancestor below dkg:Act (and, a stricter figure, exactly one of its classes). A candidate (sentence, class) is
right when an act quoting that sentence has that class or one below it; precision is the share of right candidates
among all the worksheet proposes.

Dates. Of the acts encoded with a day, a month or part of one, those a stub of their class (or above) proposes the
same bounds for (dates.py reads "Last July", "On January 10", "in mid-November"; a stub takes the date nearest its
trigger word); and the acts encoded with a bound only ("recent", "has yet to") whose stubs propose a date anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..project import Project
from ..sources import SourceTexts
from .draft import ACT, sheet_sentences, stub_date
from .mentions import Gazetteer
from .registry import DKG, PREFIXES, RDF_TYPE, Registry, load_registry

OA = PREFIXES["oa"]
ACTOR_ROLES = tuple(DKG + p for p in ("initiator", "target", "participant"))


@dataclass
class Figures:
    """The counts of one article (or the sum of several)."""

    mentions_expected: int = 0
    mentions_found: int = 0
    mentions_wrong: int = 0
    mentions_unconfirmed: int = 0
    mentions_proposed: int = 0
    actor_links: int = 0  # initiator, target, participant links of the facts
    actor_links_listed: int = 0  # ... whose entity the worksheet lists in a sentence the fact quotes
    acts: int = 0
    acts_found: int = 0
    acts_exact: int = 0  # given their own class, not only an ancestor
    dated_acts: int = 0  # acts encoded with a day, a month or part of one
    dated_acts_right: int = 0  # ... whose stub proposes those very bounds
    undated_acts_given_a_date: int = 0  # acts encoded with a bound only, whose stub proposes a date
    candidates: int = 0
    candidates_right: int = 0
    missed_mentions: list[str] = field(default_factory=list)
    missed_acts: list[str] = field(default_factory=list)
    wrong_mentions: list[str] = field(default_factory=list)
    unlisted_links: list[str] = field(default_factory=list)

    def __add__(self, other: Figures) -> Figures:
        out = Figures()
        for name in self.__dataclass_fields__:
            setattr(out, name, getattr(self, name) + getattr(other, name))
        return out

    @property
    def mention_recall(self) -> float:
        return self.mentions_found / self.mentions_expected if self.mentions_expected else 1.0

    @property
    def act_recall(self) -> float:
        return self.acts_found / self.acts if self.acts else 1.0

    @property
    def precision(self) -> float:
        return self.candidates_right / self.candidates if self.candidates else 1.0


def _spans(registry: Registry, fact: str) -> list[tuple[int, int]]:
    out = []
    for evidence in registry.data.values(fact, DKG + "evidence"):
        for selector in registry.data.values(evidence, OA + "hasSelector"):
            start, end = registry.data.value(selector, OA + "start"), registry.data.value(selector, OA + "end")
            if start is not None and end is not None:
                out.append((int(start), int(end)))
    return out


def _loose(name: str) -> re.Pattern[str]:
    """A name as the expected mentions find it: any case, hyphen or space between parts, at a word start."""
    parts = [re.escape(p) for p in re.split(r"[-‐‑–— \u00a0]+", name.strip()) if p]
    body = r"[-‐‑–— \u00a0]?".join(parts).replace("'", "['’]").replace("’", "['’]")
    tail = "[a-z]*" if len(name.strip()) >= 4 and name.strip()[-1].isalpha() else r"(?![A-Za-z0-9])"
    return re.compile(rf"(?<![A-Za-z0-9]){body}{tail}", re.IGNORECASE)


def evaluate_article(project: Project, article_file: Path, registry: Registry | None = None) -> Figures:
    """The figures of one encoded article (``data/<slug>.ttl``)."""
    registry = registry or load_registry(project)
    own = registry.files[article_file]
    [article] = own.subjects_of_type(DKG + "Article")
    text = SourceTexts(project.sources_dir).text(str(registry.data.value(article, DKG + "sourceFile")))
    # as if new: the worksheet knows the graph without this article's file
    known = load_registry(project, skip=(article_file,))
    gazetteer = Gazetteer(known)
    sheets = sheet_sentences(text, known, gazetteer)
    names_of: dict[str, list[str]] = {}
    for name in gazetteer.names:
        names_of.setdefault(name.entity, []).append(name.text)
    figures = Figures()

    def sentence_at(offset: int) -> int | None:
        for entry in sheets:
            if entry.sentence.start <= offset < entry.sentence.end:
                return entry.sentence.number
        return None

    proposed = {(e.sentence.number, entity) for e in sheets for m in e.mentions for entity in m.entities}
    occurrences: dict[tuple[int, int, int], set[str]] = {}  # (sentence, start, end) of a name -> linked entities it names
    linked: dict[int, set[str]] = {}  # sentence -> entities the facts quoting it link
    wrong: set[tuple[int, str]] = set()
    facts = [s for s in own.objects if own.values(s, DKG + "evidence")]
    for fact in facts:
        spans = _spans(registry, fact)
        entities = {o for props in [own.objects[fact]] for p, objs in props.items() if p != RDF_TYPE for o in objs}
        entities = {e for e in entities if registry.is_entity(e)}
        for start, end in spans:
            for entry in sheets:
                if entry.sentence.contains(start, end):
                    linked.setdefault(entry.sentence.number, set()).update(entities)
            # occurrences of every known name in the quote: one inside a longer name of another entity is that
            # entity's ("Kim" in "Kim Jong Un" does not name Inwook Kim)
            every = [(m.start(), m.end(), e) for e, ns in names_of.items() for n in ns for m in _loose(n).finditer(text, start, end)]
            for entity in entities:
                for name in names_of.get(entity, []):
                    for m in _loose(name).finditer(text, start, end):
                        longer = {o[2] for o in every if o[0] <= m.start() and m.end() <= o[1] and o[1] - o[0] > m.end() - m.start()}
                        if longer and entity not in longer:
                            continue
                        number = sentence_at(m.start())
                        if number is None:
                            continue
                        occurrences.setdefault((number, m.start(), m.end()), set()).add(entity)
                        # the worksheet's other entities for these same words
                        for entry in sheets:
                            if entry.sentence.number != number:
                                continue
                            for mention in entry.mentions:
                                if mention.start < m.end() and m.start() < mention.end and entity in mention.entities:
                                    wrong.update((number, other) for other in mention.entities if other != entity)
    wrong = {w for w in wrong if w[1] not in linked.get(w[0], set())}
    actors = {(f, e) for f in facts for p in ACTOR_ROLES for e in own.values(f, p) if registry.is_entity(e)}
    sentences_of = {f: {e.sentence.number for e in sheets for a, b in _spans(registry, f) if e.sentence.contains(a, b)} for f in facts}
    listed = {(f, e) for f, e in actors if any((n, e) in proposed for n in sentences_of[f])}
    figures.actor_links = len(actors)
    figures.actor_links_listed = len(listed)
    figures.unlisted_links = [f"{article_file.stem}: {f.rsplit('/', 1)[-1]} -> {registry.label(e)}" for f, e in sorted(actors - listed)]
    # a name the fact's linked entities share ("Kim": Inwook Kim the claimant, Kim Jong-un the subject) is one
    # mention of one of them: found when the worksheet gives any
    expected = {(number, frozenset(entities)) for (number, _, _), entities in occurrences.items()}
    expected = {e for e in expected if not any(o[0] == e[0] and o[1] < e[1] for o in expected)}
    found = {e for e in expected if any((e[0], entity) in proposed for entity in e[1])}
    figures.mentions_expected = len(expected)
    figures.mentions_found = len(found)
    figures.mentions_proposed = len(proposed)
    figures.mentions_wrong = len(wrong)
    figures.mentions_unconfirmed = len({p for p in proposed if p[1] not in linked.get(p[0], set())})
    figures.wrong_mentions = [f"{article_file.stem} s{n}: {registry.label(e)}" for n, e in sorted(wrong)]
    figures.missed_mentions = [
        f"{article_file.stem} s{n}: {' or '.join(sorted(registry.label(e) for e in es))}" for n, es in sorted(expected - found, key=str)
    ]

    acts: dict[str, tuple[set[str], set[int]]] = {}
    for fact in facts:
        classes = {c for c in own.values(fact, RDF_TYPE) if registry.classes.is_a(c, ACT) and c != ACT}
        if not classes:
            continue
        numbers = {e.sentence.number for e in sheets for s, t in _spans(registry, fact) if e.sentence.contains(s, t)}
        acts[fact] = (classes, numbers)
    proposed_classes = {e.sentence.number: {c.cls for c in e.candidates} for e in sheets}
    figures.acts = len(acts)
    for fact, (classes, numbers) in sorted(acts.items()):
        accepted = {a for c in classes for a in registry.classes.ancestors(c) if registry.classes.is_a(a, ACT) and a != ACT}
        if any(proposed_classes.get(n, set()) & classes for n in numbers):
            figures.acts_exact += 1
        if any(proposed_classes.get(n, set()) & accepted for n in numbers):
            figures.acts_found += 1
        else:
            figures.missed_acts.append(f"{article_file.stem}: {fact.rsplit('/', 1)[-1]} ({', '.join(c.rsplit('#')[-1] for c in classes)})")
    published = str(registry.data.value(article, PREFIXES["schema"] + "datePublished"))
    for fact, (classes, numbers) in acts.items():
        span = registry.data.value(fact, DKG + "when")
        precision = (registry.data.value(span, DKG + "precision") or "").rsplit("#", 1)[-1] if span else ""
        bounds = (registry.data.value(span, DKG + "earliest"), registry.data.value(span, DKG + "latest")) if span else None
        # the dates of the stubs a person would take: those of the candidates of the act's class or above it
        accepted = {a for c in classes for a in registry.classes.ancestors(c)}
        stubs = [(e, c) for e in sheets if e.sentence.number in numbers for c in e.candidates if c.cls in accepted]
        guesses = [stub_date(e.sentence.text, published, c.hits[0].start) for e, c in stubs]
        guesses = [(str(g.earliest), str(g.latest)) for g in guesses if g is not None]
        if precision in ("Day", "Month", "PartOfMonth"):
            figures.dated_acts += 1
            figures.dated_acts_right += bounds in guesses
        elif guesses:
            figures.undated_acts_given_a_date += 1
    for entry in sheets:
        here = [classes for classes, numbers in acts.values() if entry.sentence.number in numbers]
        for candidate in entry.candidates:
            figures.candidates += 1
            if any(registry.classes.is_a(c, candidate.cls) for classes in here for c in classes):
                figures.candidates_right += 1
    return figures


def evaluate(project: Project) -> dict[str, Figures]:
    """The figures of every article file of the project, by file stem."""
    registry = load_registry(project)
    out = {}
    for path in sorted(registry.articles().values()):
        out[path.stem] = evaluate_article(project, path, registry)
    return out
