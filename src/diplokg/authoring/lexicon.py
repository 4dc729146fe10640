"""The trigger lexicon (lexicon.txt beside this module): words that suggest an act class, and finding them in a sentence.

The lexicon is a tool's matching table, not knowledge about the world, so it lives in the package and not in the
graph; tests check that every class it names is a class of the ontology below dkg:Act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import ConfigError
from ..iris import PREFIXES

GAP = 4  # words "..." may stand for
_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


@dataclass(frozen=True)
class Trigger:
    """One phrase of the lexicon: the class it suggests, the CAMEO codes it is drawn from, its words."""

    cls: str  # the class IRI
    cameo: tuple[str, ...]
    phrase: str
    words: tuple[str, ...]  # "visit*", "...", "talks"


@dataclass(frozen=True)
class Hit:
    """A trigger found in a text: ``[start, end)`` spans its first to its last word."""

    trigger: Trigger
    start: int
    end: int


def parse_lexicon(text: str, source: str = "lexicon.txt") -> list[Trigger]:
    """The triggers of a lexicon file; a malformed line is an error naming it."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != 3 or not fields[0] or not fields[2]:
            raise ConfigError(f"{source}:{number}: expected 'Class | CAMEO codes | phrase; phrase'")
        cls = PREFIXES["dkg"] + fields[0]
        codes = tuple(c.strip() for c in fields[1].split(",") if c.strip())
        for phrase in (p.strip() for p in fields[2].split(";")):
            if phrase:
                out.append(Trigger(cls, codes, phrase, tuple(phrase.lower().split())))
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[Trigger, ...]:
    """The package's lexicon."""
    text = resources.files(__package__).joinpath("lexicon.txt").read_text(encoding="utf-8")
    return tuple(parse_lexicon(text))


def words_of(text: str) -> list[tuple[str, int, int]]:
    """The lower-cased words of ``text`` with their spans (typographic apostrophes read as ')."""
    return [(m.group().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text.lower())]


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern or word == pattern + "'s"


def _match_at(pattern: tuple[str, ...], words: list[tuple[str, int, int]], i: int) -> int | None:
    """The index of the last word matched when ``pattern`` starts at word ``i``, else None."""
    if not pattern:
        return i - 1
    head, rest = pattern[0], pattern[1:]
    if head == "...":
        for skip in range(GAP + 1):
            end = _match_at(rest, words, i + skip)
            if end is not None:
                return end
        return None
    if i < len(words) and _word_matches(head, words[i][0]):
        return _match_at(rest, words, i + 1)
    return None


class _Index:
    """The triggers by their first word: exact words in a dict, prefixes ("visit*") by their length."""

    def __init__(self, lexicon: tuple[Trigger, ...]) -> None:
        self.exact: dict[str, list[Trigger]] = {}
        self.prefix: dict[str, list[Trigger]] = {}
        for trigger in lexicon:
            head = trigger.words[0]
            if head.endswith("*"):
                self.prefix.setdefault(head[:-1], []).append(trigger)
            else:
                self.exact.setdefault(head, []).append(trigger)
                self.exact.setdefault(head + "'s", []).append(trigger)
        self.lengths = sorted({len(p) for p in self.prefix})

    def starting(self, word: str) -> list[Trigger]:
        """The triggers whose first word matches ``word``."""
        out = list(self.exact.get(word, ()))
        for n in self.lengths:
            if n > len(word):
                break
            out += self.prefix.get(word[:n], ())
        return out


@lru_cache(maxsize=4)
def _index(lexicon: tuple[Trigger, ...]) -> _Index:
    return _Index(lexicon)


def find_triggers(text: str, lexicon: tuple[Trigger, ...] | None = None) -> list[Hit]:
    """Every trigger of the lexicon found in ``text`` (the first place each phrase occurs), in text order."""
    index = _index(lexicon if lexicon is not None else load_lexicon())
    words = words_of(text)
    hits: dict[Trigger, Hit] = {}
    for i, (word, start, _) in enumerate(words):
        for trigger in index.starting(word):
            if trigger in hits:
                continue
            last = _match_at(trigger.words[1:], words, i + 1)
            if last is not None:
                hits[trigger] = Hit(trigger, start, words[last][2])
    return sorted(hits.values(), key=lambda h: (h.start, h.end, h.trigger.cls))
