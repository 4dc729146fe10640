"""Known entities mentioned in a text: by label, alternative label, capital used as metonym, or a person's surname.

Names match at a word start. A one-word name written with a capital needs a capital in the text (so "Park" the
surname is not "park"), and one of three characters or fewer must match exactly ("US" is not "us"); otherwise case,
hyphens and spaces between a name's parts are ignored ("the six-party talks" is "Six-Party Talks", "Kim Jong Un" is
"Kim Jong-un", "Park Geun-Hye" is "Park Geun-hye").
A name of four or more characters may run on into lower-case letters: "North Korean" names North Korea, and the
Foreign Affairs copy, which lost its dashes, glues names to the next word ("North Koreamaking", "Cubato").

A capital names its state ("Beijing has denied shipments"), and the city too after a word of place ("visit Beijing",
"in Moscow"). A surname alone ("Kim") names the person whose full name the text gave last before it; with no such person, every
person of that surname is proposed, flagged as ambiguous.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from .registry import DKG, PREFIXES, Registry

PERSON = DKG + "Person"
CAPITAL_OF = DKG + "capitalOf"
CAPITAL = DKG + "capital"
FAMILY_NAME = PREFIXES["schema"] + "familyName"

# Common Chinese and Korean family names, which English texts write first ("Xi Jinping", "Jang Song Taek") unless the
# given name comes first ("Inwook Kim"). Other names are read given name first ("Shinzo Abe"): the surname is last.
EAST_ASIAN_FAMILY_NAMES = frozenset(
    """an bae cha chang chen cheng cho choe choi chung deng do han hong hu hwang jang jeon jiang jo jung kang ko kwon
    lee li lim lin liu ma moon mun noh o oh pak park ri rhee roh ryu seo shin sin son song sun wang wen wu xi yang yi yoon
    yu yun zhang zhao zhou zhu""".split()  # noqa: SIM905 (a list of names reads better as words)
)
# Words after which a capital is the city itself ("visit Beijing", "in Moscow"), not its government (a metonym).
_LOCATIVE = re.compile(r"(?:\b(?:in|to|at|from|into|near|toward|towards|visit\w*|via)|\bof the capital)\s+$", re.IGNORECASE)
HOW_ORDER = ("label", "alt label", "capital", "surname")
_SEPARATORS = "-‐‑–— \u00a0"
_APOSTROPHES = "'’"


@dataclass(frozen=True)
class Name:
    """One way the text may name an entity: ``how`` is label, alt label, capital or surname."""

    text: str
    entity: str
    how: str


@dataclass(frozen=True)
class Mention:
    """A stretch ``[start, end)`` of the text naming one of ``entities`` (several when ambiguous)."""

    start: int
    end: int
    text: str
    entities: tuple[str, ...]
    hows: tuple[str, ...]  # for each entity: label, alt label, capital or surname

    @property
    def ambiguous(self) -> bool:
        return len(self.entities) > 1


def family_name(label: str, recorded: str | None = None) -> str | None:
    """The surname in a person's name, or None when the label is not a personal name (an unnamed official).

    A hyphenated given name tells the order ("Kim Jong-un": Kim; "Jung-Chul Lee": Lee); else a common Chinese or
    Korean family name in first place ("Xi Jinping"), else the last word ("Shinzo Abe", "Inwook Kim").
    """
    if recorded:
        return recorded
    words = label.split()
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    first, last = words[0], words[-1]
    if "-" in last and "-" not in first:
        return first
    if "-" in first and "-" not in last:
        return last
    if first.lower() in EAST_ASIAN_FAMILY_NAMES and last.lower() not in EAST_ASIAN_FAMILY_NAMES:
        return first
    return last


def name_pattern(name: str) -> re.Pattern[str] | None:
    """The regular expression a name is found by, ignoring case but for a short name (see the module's docstring;
    :func:`name_matches` checks the capital a one-word name needs)."""
    name = name.strip()
    parts = [p for p in re.split(f"[{_SEPARATORS}]+", name) if p]
    if not parts:
        return None
    pieces = [re.sub("['’]", "['’]", re.escape(part)) for part in parts]
    body = f"[{_SEPARATORS}]?".join(pieces)
    run_on = len(name) >= 4 and name[-1].isalpha()
    tail = "[a-z]*" if run_on else "" if name[-1] == "." else r"(?![A-Za-z0-9])"
    flags = 0 if len(name) <= 3 else re.IGNORECASE
    return re.compile(rf"(?<![A-Za-z0-9]){body}{tail}", flags)


def name_matches(name: str, found: str) -> bool:
    """Whether text matched by :func:`name_pattern` is the name: a one-word name written with a capital needs one."""
    one_word = not re.search(f"[{_SEPARATORS}]", name.strip())
    return not (one_word and name[:1].isupper() and not found[:1].isupper())


class Gazetteer:
    """Every name of every known entity, and the matching of them in a text."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        names: list[Name] = []
        for entity in registry.entities():
            for label in registry.names(entity):
                how = "label" if label == registry.label(entity) else "alt label"
                names.append(Name(label, entity, how))
            if PERSON in registry.types(entity):
                surname = family_name(registry.label(entity), registry.data.value(entity, FAMILY_NAME))
                if surname:
                    names.append(Name(surname, entity, "surname"))
        for place in registry.entities():
            states = {*registry.data.values(place, CAPITAL_OF)}
            states |= {s for s, props in registry.data.objects.items() if place in props.get(CAPITAL, ())}
            for state in states:
                for label in registry.names(place):
                    names.append(Name(label, state, "capital"))
        self.names = names

    @cached_property
    def _patterns(self) -> list[tuple[str, re.Pattern[str], list[Name]]]:
        by_text: dict[str, list[Name]] = defaultdict(list)
        for name in self.names:
            by_text[name.text.strip()].append(name)
        out = []
        for text, names in sorted(by_text.items()):
            pattern = name_pattern(text)
            if pattern is not None:
                out.append((text, pattern, names))
        return out

    def find(self, text: str) -> list[Mention]:
        """The mentions of known entities in ``text``, in order; a name inside a longer name of the same entity is
        dropped ("Kim" inside "Kim Jong Un"), and a surname alone is resolved against the full names given before it."""
        raw: dict[tuple[int, int], list[Name]] = defaultdict(list)
        for name, pattern, names in self._patterns:
            for m in pattern.finditer(text):
                if name_matches(name, m.group()):
                    raw[(m.start(), m.end())].extend(names)
        spans = sorted(raw, key=lambda s: (s[0], -(s[1] - s[0])))
        kept: list[tuple[int, int]] = []
        for span in spans:
            mine = {n.entity for n in raw[span]}
            inside = [k for k in kept if k[0] <= span[0] and span[1] <= k[1] and k != span]
            # a part of a longer name of the same entity is that name ("Kim" in "Kim Jong Un", "Kim" in "Inwook
            # Kim"); another entity's name inside a longer one stays ("Shinzo Abe" in "Shinzo Abe's administration")
            if any(mine & {n.entity for n in raw[k]} for k in inside):
                continue
            kept.append(span)
        mentions: list[Mention] = []
        last_full: dict[str, str] = {}  # surname (lower case) -> the person last named in full
        for start, end in sorted(kept):
            names = raw[(start, end)]
            how_of: dict[str, str] = {}
            for name in sorted(names, key=lambda n: HOW_ORDER.index(n.how)):
                how_of.setdefault(name.entity, name.how)
            entities = sorted(how_of)
            if "capital" in how_of.values() and not _LOCATIVE.search(text[max(0, start - 40) : start]):
                # a capital not after "in", "to", "visit"... stands for its government: the state alone
                entities = [e for e in entities if how_of[e] == "capital"]
            if len(entities) > 1 and all(PERSON in self.registry.types(e) for e in entities):
                known = last_full.get(text[start:end].lower())
                explicit = [e for e in entities if how_of[e] != "surname"]
                entities = [known] if known in how_of else explicit or entities
            for entity in entities:
                if PERSON in self.registry.types(entity) and how_of[entity] != "surname":
                    surname = family_name(self.registry.label(entity), self.registry.data.value(entity, FAMILY_NAME))
                    if surname and len(text[start:end]) > len(surname):
                        last_full[surname.lower()] = entity
            mentions.append(Mention(start, end, text[start:end], tuple(entities), tuple(how_of[e] for e in entities)))
        return mentions
