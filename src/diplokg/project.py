"""Where things are: the project's ontology, data, queries, sources and build output."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError
from .iris import GRAPH, INFERRED_GRAPH

if TYPE_CHECKING:
    from rdflib import URIRef

__all__ = ["INFERRED_GRAPH", "Project", "find_project"]

SHAPES_FILE = "shapes.ttl"
CONTEXT_FILE = "context.jsonld"  # the JSON-LD @context the build's compact JSON-LD refers to (jsonld.CONTEXT_FILE)


@dataclass(frozen=True)
class Project:
    """A diplokg checkout: ``root`` holds ontology/, data/ and queries/."""

    root: Path
    sources_dir: Path
    dist: Path | None = None  # build output; default <root>/dist

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.queries_dir / "checks"

    @property
    def shapes_path(self) -> Path:
        return self.ontology_dir / SHAPES_FILE

    @property
    def context_path(self) -> Path:
        return self.ontology_dir / CONTEXT_FILE

    @property
    def dist_dir(self) -> Path:
        return self.dist or self.root / "dist"

    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files (vocabularies, not the SHACL shapes)."""
        return sorted(p for p in self.ontology_dir.glob("*.ttl") if p.name != SHAPES_FILE)

    def data_files(self) -> list[Path]:
        """The data's Turtle files: shared entities and one file per article."""
        return sorted(self.data_dir.glob("*.ttl"))

    def input_files(self) -> list[Path]:
        """Every file the build reads, in a stable order (the JSON-LD context when the project has one)."""
        context = [self.context_path] if self.context_path.is_file() else []
        return [*self.ontology_files(), self.shapes_path, *context, *self.data_files()]

    def graph_iri(self, path: Path) -> URIRef:
        """The named graph a source file is loaded into: .../graph/<folder>/<stem>."""
        from rdflib import URIRef  # the query path never needs it: keep rdflib out of its imports

        return URIRef(f"{GRAPH}{path.parent.name}/{path.stem}")


def _looks_like_root(path: Path) -> bool:
    return (path / "ontology" / "diplokg.ttl").is_file() and (path / "data").is_dir()


def find_project(root: str | os.PathLike[str] | None = None) -> Project:
    """Locate the project: an explicit root, $DIPLOKG_ROOT, the working folder or a parent, else the package's checkout.

    Sources default to ``<root>/../shared/sources`` and may be moved with $DIPLOKG_SOURCES; the build
    output defaults to ``<root>/dist`` and may be moved with $DIPLOKG_DIST.
    """
    candidates: list[Path] = []
    if root is not None:
        candidates.append(Path(root))
    elif os.environ.get("DIPLOKG_ROOT"):
        candidates.append(Path(os.environ["DIPLOKG_ROOT"]))
    else:
        cwd = Path.cwd()
        candidates.extend([cwd, *cwd.parents])
        candidates.append(Path(__file__).resolve().parents[2])
    for candidate in candidates:
        if _looks_like_root(candidate):
            resolved = candidate.resolve()
            sources = Path(os.environ.get("DIPLOKG_SOURCES") or resolved.parent / "shared" / "sources")
            dist = os.environ.get("DIPLOKG_DIST")
            return Project(resolved, sources, Path(dist) if dist else None)
    raise ConfigError(
        f"no diplokg project found (looked for ontology/diplokg.ttl and data/ in {candidates[0]}"
        + (" and its parents)" if root is None else ")")
    )
