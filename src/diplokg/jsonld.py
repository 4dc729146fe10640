"""Compact JSON-LD of the build: the dataset written against the project's published ``@context``.

``dist/diplokg.jsonld`` is expanded JSON-LD (full IRIs, ``{"@value": ...}`` everywhere). The compact file
``dist/diplokg.compact.jsonld`` says the same thing the way a web developer reads it::

    {"@id": "id:person/jang-song-taek", "@type": "dkg:Person", "label": "Jang Song Taek", ...}

It refers to its context by the relative IRI ``context.jsonld``, which the build copies beside it from
``ontology/context.jsonld``, so that the reference resolves offline as well as where dist/ is published.

The writer interprets the small part of JSON-LD that this context uses (prefixes; terms with an ``@id`` and
at most one of ``@type``, which is ``@id`` or a datatype, and ``@language``) and refuses a context with more.
A value that its term's coercion does not fit is written in full object form (``{"@value": ..., "@type": ...}``
or ``{"@id": ...}``), which JSON-LD expansion leaves as it is, so the file always expands back to exactly
the dataset of the expanded one (tests/test_exports.py checks this with rdflib's JSON-LD processor).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

CONTEXT_FILE = "context.jsonld"  # the context's name in ontology/ and in dist/, and the compact file's reference to it
COMPACT_SUFFIX = "compact.jsonld"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_HEAD = '{{\n  "@context": {context},\n  "@graph": ['
_TAIL = b"\n  ]\n}\n"
_INDENT = " " * 8  # a node object's depth: document, its @graph, a graph object, the graph's @graph
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TERM_KEYS = {"@id", "@type", "@language"}
_WRITE_IT = "write the context's terms in the file itself"


@dataclass(frozen=True)
class TermDefinition:
    """A context term: its name, the IRI it stands for, and how it coerces plain values."""

    name: str
    iri: str
    type: str | None = None  # "@id", a datatype IRI, or None
    language: str | None = None


class Context:
    """A JSON-LD context of prefixes and simple terms, used to compact IRIs and values."""

    def __init__(self, prefixes: dict[str, str], terms: list[TermDefinition]) -> None:
        self.prefixes = prefixes
        self.names = set(prefixes) | {t.name for t in terms}
        self.by_iri: dict[str, TermDefinition] = {}
        for term in terms:
            self.by_iri.setdefault(term.iri, term)  # the first term wins; the context lists one per IRI
        # longest namespace first, so that wdt: beats p: and so on
        self._namespaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda item: -len(item[0]))

    @classmethod
    def load(cls, path: Path, display: str | None = None) -> Context:
        """Read a context file (``{"@context": {...}}``); raises ContextError (a ValueError), naming ``display`` (or the
        path), on anything this writer does not handle, and InputSyntaxError with line and column on bad JSON.

        Nothing is fetched: a context that refers to another one by IRI (``"@context": "https://..."``, in a list, or
        by ``@import``) is refused."""
        from .errors import ContextError, InputSyntaxError

        path = Path(path)
        where = display or str(path)
        try:
            document = json.loads(path.read_bytes().decode("utf-8"))
        except OSError as exc:
            raise ContextError(f"{where}: cannot read file: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise InputSyntaxError(where, None, None, f"not UTF-8 (byte {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise InputSyntaxError(where, exc.lineno, exc.colno, exc.msg) from None
        raw = document.get("@context") if isinstance(document, dict) else None
        remote = [raw] if isinstance(raw, str) else [v for v in raw if isinstance(v, str)] if isinstance(raw, list) else []
        if remote:
            raise ContextError(f"{where}: the @context refers to a remote context ({remote[0]}), which diplokg never fetches: {_WRITE_IT}")
        if not isinstance(raw, dict):
            raise ContextError(f"{where}: expected an object with an '@context' object")
        prefixes = {name: value for name, value in raw.items() if isinstance(value, str) and value.endswith(("/", "#"))}

        def expand(value: str) -> str:
            prefix, sep, rest = value.partition(":")
            return prefixes[prefix] + rest if sep and prefix in prefixes else value

        terms = []
        for name, value in raw.items():
            if name == "@import":
                raise ContextError(f"{where}: the @context imports a remote context ({value}), which diplokg never fetches: {_WRITE_IT}")
            if name.startswith("@") or ":" in name:
                raise ContextError(f"{where}: unsupported context entry {name!r} (only prefixes and simple terms)")
            if name in prefixes:
                continue
            if isinstance(value, str):
                terms.append(TermDefinition(name, expand(value)))
            elif (
                isinstance(value, dict)
                and isinstance(value.get("@id"), str)
                and set(value) <= _TERM_KEYS
                and not {"@type", "@language"} <= set(value)
                and all(isinstance(value.get(key, ""), str) for key in ("@type", "@language"))
            ):
                kind = value.get("@type")
                coerce = kind if kind in (None, "@id") else expand(kind)
                terms.append(TermDefinition(name, expand(value["@id"]), coerce, value.get("@language")))
            else:
                raise ContextError(f"{where}: unsupported definition of term {name!r}: {value!r}")
        return cls(prefixes, terms)

    def iri(self, iri: str) -> str:
        """An IRI as a compact IRI (``dkg:Visit``) where a prefix covers it, else in full."""
        for namespace, prefix in self._namespaces:
            if iri.startswith(namespace):
                rest = iri[len(namespace) :]
                if rest and not rest.startswith("//"):  # "p://x" would not read back as a compact IRI
                    return f"{prefix}:{rest}"
        scheme = _SCHEME.match(iri)
        if scheme is None or scheme.group(1) in self.names:
            # would read back as a relative IRI, or as a compact IRI of that term
            raise ValueError(f"cannot write the IRI {iri!r} in compact JSON-LD with this context")
        return iri

    def key(self, predicate: str) -> tuple[str, TermDefinition | None]:
        """The property key for a predicate IRI: its term's name, else its compact IRI."""
        term = self.by_iri.get(predicate)
        return (term.name, term) if term is not None else (self.iri(predicate), None)

    def value(self, term: Any, definition: TermDefinition | None) -> Any:
        """An object term (pyoxigraph) as a JSON-LD value under a key of ``definition``: a plain string where the
        term's coercion gives back exactly this term, else the explicit object form."""
        import pyoxigraph as ox

        coerce = definition.type if definition is not None else None
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            ref = self.ref(term)
            return ref if coerce == "@id" else {"@id": ref}
        language = definition.language if definition is not None else None
        if term.language:
            if coerce is None and language == term.language:
                return term.value
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return term.value if coerce is None and language is None else {"@value": term.value}
        if coerce == datatype:
            return term.value
        return {"@value": term.value, "@type": self.iri(datatype)}

    def ref(self, term: Any) -> str:
        """A node (pyoxigraph NamedNode or BlankNode) as an ``@id`` string."""
        import pyoxigraph as ox

        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)


def node_object(subject: Any, pairs: list[tuple[Any, Any]], context: Context) -> dict[str, Any]:
    """One subject's triples as a node object: ``@id``, ``@type``, then its properties by key."""
    import pyoxigraph as ox

    types: list[str] = []
    properties: dict[str, list[Any]] = {}
    seen: set[tuple[Any, Any]] = set()
    for predicate, obj in pairs:
        if (predicate, obj) in seen:
            continue
        seen.add((predicate, obj))
        if predicate.value == RDF_TYPE and not isinstance(obj, ox.Literal):
            types.append(context.ref(obj))
            continue
        key, definition = context.key(predicate.value)
        properties.setdefault(key, []).append(context.value(obj, definition))
    node: dict[str, Any] = {"@id": context.ref(subject)}
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    for key in sorted(properties):
        values = properties[key]
        node[key] = values[0] if len(values) == 1 else values
    return node


def _graph_runs(quads: Iterable[Any]) -> Iterator[tuple[Any, dict[Any, list[tuple[Any, Any]]]]]:
    """Consecutive quads of one graph, by subject in order of appearance. A graph that comes back later gives
    another run: JSON-LD merges graph objects with the same ``@id``, so memory holds one run, not the dataset."""
    current: Any = None
    subjects: dict[Any, list[tuple[Any, Any]]] = {}
    for quad in quads:
        if quad.graph_name != current and subjects:
            yield current, subjects
            subjects = {}
        current = quad.graph_name
        subjects.setdefault(quad.subject, []).append((quad.predicate, quad.object))
    if subjects:
        yield current, subjects


def _write_graphs(handle: BinaryIO, quads: Iterable[Any], context: Context, first: bool) -> None:
    """Graph objects (or, for the default graph, node objects) of ``quads``, comma-separated after ``first``."""
    import pyoxigraph as ox

    for graph, subjects in _graph_runs(quads):
        nodes = (json.dumps(node_object(s, pairs, context), ensure_ascii=False, indent=2) for s, pairs in subjects.items())
        if isinstance(graph, ox.DefaultGraph):
            for text in nodes:
                handle.write(("" if first else ",").encode() + b"\n    " + text.replace("\n", "\n    ").encode("utf-8"))
                first = False
            continue
        head = f'{"" if first else ","}\n    {{\n      "@id": {json.dumps(context.ref(graph), ensure_ascii=False)},\n      "@graph": ['
        handle.write(head.encode("utf-8"))
        handle.write(",".join(f"\n{_INDENT}{text.replace(chr(10), chr(10) + _INDENT)}" for text in nodes).encode("utf-8"))
        handle.write(b"\n      ]\n    }")
        first = False


def write_compact(quads: Iterable[Any], path: Path, context: Context, reference: str = CONTEXT_FILE) -> None:
    """Write ``quads`` (pyoxigraph) to ``path`` as compact JSON-LD whose ``@context`` is the IRI ``reference``."""
    with path.open("wb") as handle:
        handle.write(_HEAD.format(context=json.dumps(reference)).encode("utf-8"))
        _write_graphs(handle, quads, context, first=True)
        handle.write(_TAIL)


def append_compact(quads: Iterable[Any], path: Path, context: Context) -> None:
    """Add ``quads`` to a file ``write_compact`` wrote, as further graph objects before its closing brackets."""
    with path.open("r+b") as handle:
        handle.seek(0, 2)
        end = handle.tell()
        handle.seek(max(0, end - len(_TAIL) - 1))
        tail = handle.read()
        if not tail.endswith(_TAIL):
            raise ValueError(f"{path}: not a compact JSON-LD file written by diplokg")
        handle.seek(end - len(_TAIL))
        handle.truncate()
        _write_graphs(handle, quads, context, first=tail.startswith(b"["))
        handle.write(_TAIL)


__all__ = ["COMPACT_SUFFIX", "CONTEXT_FILE", "Context", "TermDefinition", "append_compact", "node_object", "write_compact"]
