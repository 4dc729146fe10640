"""An article's text with its evidence passages highlighted: one ``<mark id="...">`` per evidence node.

Passages nest or overlap. A nested one is a ``<mark>`` inside another. When two cross (the second starts inside
the first and ends after it), HTML cannot hold both as single elements, so the one opened later is closed where
the earlier one ends and carries on in a ``<span class="mark cont">`` styled the same: each evidence node
keeps exactly one ``<mark>``, the element its id (the link target) is on, at the start of its passage.
After each passage ends, small links lead to the facts it supports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Link:
    """A link written after a passage: to a fact it supports."""

    href: str
    text: str
    title: str = ""


@dataclass
class Passage:
    """One evidence span: character offsets into the text, the mark's id, a tooltip, and links after it."""

    start: int
    end: int
    anchor: str
    title: str = ""
    links: list[Link] = field(default_factory=list)


def _links(passage: Passage) -> str:
    if not passage.links:
        return ""
    items = "".join(f'<a href="{escape(link.href)}" title="{escape(link.title)}">{escape(link.text)}</a>' for link in passage.links)
    return f'<sup class="refs">{items}</sup>'


def highlight(text: str, passages: list[Passage]) -> Markup:
    """``text`` as escaped HTML with every passage marked (see the module docstring); offsets are character
    offsets (Python string indices). A passage outside the text is clipped to it."""
    size = len(text)
    spans = sorted(
        (Passage(max(0, min(p.start, size)), max(0, min(p.end, size)), p.anchor, p.title, p.links) for p in passages),
        key=lambda p: (p.start, -p.end, p.anchor),
    )
    starts: dict[int, list[Passage]] = {}
    for passage in spans:
        starts.setdefault(passage.start, []).append(passage)
    ends: dict[int, set[str]] = {}
    for passage in spans:
        ends.setdefault(passage.end, set()).add(passage.anchor)
    positions = sorted(set(starts) | set(ends) | {0, size})
    out: list[str] = []
    stack: list[tuple[Passage, str]] = []  # open passages with the tag each was opened as
    opened: set[str] = set()

    def open_tag(passage: Passage) -> str:
        if passage.anchor in opened:
            out.append(f'<span class="mark cont" data-evidence="{escape(passage.anchor)}">')
            return "span"
        opened.add(passage.anchor)
        out.append(f'<mark id="{escape(passage.anchor)}" title="{escape(passage.title)}">')
        return "mark"

    previous = 0
    for pos in positions:
        out.append(str(escape(text[previous:pos])))
        previous = pos
        ending = ends.get(pos, set()) & {p.anchor for p, _ in stack}
        reopen: list[Passage] = []
        while ending:
            passage, tag = stack.pop()
            out.append(f"</{tag}>")
            if passage.anchor in ending:
                ending.discard(passage.anchor)
                out.append(_links(passage))
            else:
                reopen.append(passage)
        for passage in reversed(reopen):
            stack.append((passage, open_tag(passage)))
        for passage in starts.get(pos, []):
            tag = open_tag(passage)
            if passage.end == pos:  # an empty passage: its mark is empty, and closed at once
                out.append(f"</{tag}>{_links(passage)}")
            else:
                stack.append((passage, tag))
    while stack:  # only passages clipped to the end of the text are left
        passage, tag = stack.pop()
        out.append(f"</{tag}>{_links(passage)}")
    return Markup("".join(out))
