"""Source texts of the articles: reading them and checking their digests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from .errors import ConfigError
from .namespaces import DKG


@dataclass
class SourceTexts:
    """Article source files by article IRI, read lazily from ``sources_dir``."""

    sources_dir: Path
    _texts: dict[str, str] = field(default_factory=dict)

    def available(self) -> bool:
        """True when the sources folder exists (tests skip source checks, with a reason, when it does not)."""
        return self.sources_dir.is_dir()

    def text(self, file_name: str) -> str:
        """The whole text of a source file, decoded as UTF-8."""
        if file_name not in self._texts:
            path = self.sources_dir / file_name
            try:
                self._texts[file_name] = path.read_bytes().decode("utf-8")
            except OSError as exc:
                raise ConfigError(f"{path}: cannot read source text: {exc.strerror}") from None
        return self._texts[file_name]

    def sha256(self, file_name: str) -> str:
        """Hex SHA-256 of a source file's bytes."""
        return hashlib.sha256((self.sources_dir / file_name).read_bytes()).hexdigest()


def article_source_files(graph: Graph) -> dict[URIRef, str]:
    """Map each dkg:Article in ``graph`` to the file name of its source text."""
    out: dict[URIRef, str] = {}
    for article in graph.subjects(RDF.type, DKG.Article):
        name = graph.value(article, DKG.sourceFile)
        if isinstance(article, URIRef) and isinstance(name, Literal):
            out[article] = str(name)
    return out
