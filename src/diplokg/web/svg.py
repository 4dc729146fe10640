"""Making a drawing library's SVG safe and local before it goes into a page.

The drawings carry labels from the data, which are untrusted text. Graphviz and Vega escape them, but the SVG is
inlined into pages (so its links work), so it is parsed and written again here: only well-formed XML passes,
every text and attribute is escaped by the serializer, scripts, event handlers and foreign objects are dropped,
and links to diplokg IRIs become relative links to their pages (links elsewhere are dropped).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
_DROPPED = {f"{{{SVG_NS}}}script", f"{{{SVG_NS}}}foreignObject", "script", "foreignObject"}
_HREFS = (f"{{{XLINK_NS}}}href", "href")
_INTERNAL_ID = re.compile(r"%\d+|n\d+(--n\d+)?|G")  # Graphviz's names for the graph, nodes and edges


def clean_svg(svg: str, link: Callable[[str], str | None], title: str = "") -> Markup:
    """``svg`` parsed and serialized again, safe to inline: ``link`` maps each href (an IRI) to a relative URL, or
    None to drop the link. ``title`` becomes the drawing's accessible name. Fixed sizes give way to CSS."""
    root = ET.fromstring(svg.encode("utf-8"))
    for parent in root.iter():
        for child in list(parent):
            if child.tag in _DROPPED:
                parent.remove(child)
    _titles(root)
    for element in root.iter():
        for name in list(element.attrib):
            if name.lower().startswith("on"):
                del element.attrib[name]
        for name in _HREFS:
            if name in element.attrib:
                target = link(element.attrib[name])
                if target is None:
                    del element.attrib[name]
                else:
                    element.attrib[name] = target
    width, height = root.attrib.get("width", ""), root.attrib.get("height", "")
    if "viewBox" not in root.attrib and width and height:
        root.attrib["viewBox"] = f"0 0 {_number(width)} {_number(height)}"
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    if width:  # as wide as the page allows, never wider than drawn (points are 4/3 pixels)
        pixels = float(_number(width)) * (4 / 3 if width.endswith("pt") else 1)
        root.attrib["style"] = f"width:100%;max-width:{pixels:.0f}px;height:auto"
    root.attrib["role"] = "img"
    if title:
        root.attrib["aria-label"] = title
    return Markup(ET.tostring(root, encoding="unicode"))


def _titles(root: ET.Element) -> None:
    """A browser shows the nearest <title> as a tooltip. Graphviz titles each node and edge by its internal id
    ("n3--n29"): each such title takes the tooltip of the link inside its group, and the graph's own ("%3") is
    dropped. Vega's bars get their accessible name as a title."""
    title_tag = f"{{{SVG_NS}}}title"
    for group in list(root.iter()):
        title = group.find(title_tag)
        if title is not None and group.get("class") in ("node", "edge"):
            links = group.iter(f"{{{SVG_NS}}}a")
            tooltip = next((a.get(f"{{{XLINK_NS}}}title") for a in links if a.get(f"{{{XLINK_NS}}}title")), None)
            if tooltip:
                title.text = tooltip
        elif title is not None and _INTERNAL_ID.fullmatch(title.text or ""):
            group.remove(title)
        # Vega names each bar for assistive technology only; its name as a title shows on hover too
        if group.get("aria-roledescription") == "bar" and group.get("aria-label") and group.find(title_tag) is None:
            ET.SubElement(group, title_tag).text = group.get("aria-label")


def _number(size: str) -> str:
    return size.removesuffix("pt").removesuffix("px")
