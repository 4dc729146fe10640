"""What a build wrote, and the check every reader of dist/ makes before it answers.

The build records in ``dist/manifest.json``, under ``outputs``, the size and SHA-256 of each file it wrote,
the files of the query store included (``store/000010.sst``...). RocksDB's diary (``LOG``, ``LOG.old.*``) and
its empty ``LOCK`` are left out: they are not data, and a store opened for writing rewrites them. A store
opened read-only, as queries open it, changes none of its files (measured: same sizes and digests after a
query).

A reader opens the build with :func:`open_build`, which holds it (no build swaps new files in meanwhile:
locks.py) and checks, for each file it reads, the size always (a ``stat``: the default on-disk query path
pays nothing more) and the digest where it reads the whole file anyway (``diplokg.nq`` loaded into memory or
pushed by ``diplokg load``, ``diplokg.trig`` for rdflib). A difference, or a store Oxigraph cannot open, is
:class:`DistDamaged`: one line, exit 2, never an answer.

>>> DistDamaged(Path("dist"), "diplokg.nq", "size differs from the manifest").args[0]
'dist/ is damaged (diplokg.nq: size differs from the manifest); run `diplokg build`'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import DiplokgError
from .locks import Lease, reading

MANIFEST = "manifest.json"
OUTPUTS = "outputs"
NOT_DATA = ("LOG", "LOCK")  # RocksDB files left out of the record (LOG.old.<time> too)


class DistDamaged(DiplokgError):
    """A file in dist/ is missing, differs from what the build recorded, or cannot be read."""

    def __init__(self, dist: Path, what: str, why: str) -> None:
        super().__init__(f"{dist.name}/ is damaged ({what}: {why}); run `diplokg build`")
        self.what, self.why = what, why


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def store_files(store: Path) -> list[Path]:
    """The data files of an on-disk Oxigraph (RocksDB) store."""
    return sorted(p for p in store.iterdir() if p.is_file() and not p.name.startswith(NOT_DATA))


def record_files(files: Iterable[tuple[str, Path]]) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of each (name in dist/, file where it is now) pair; a folder is recorded file by file."""
    out: dict[str, dict[str, Any]] = {}
    for name, path in files:
        for member, file in [(f"{name}/{p.name}", p) for p in store_files(path)] if path.is_dir() else [(name, path)]:
            out[member] = {"size": file.stat().st_size, "sha256": sha256_file(file)}
    return out


def read_manifest(dist: Path) -> dict | None:
    try:
        manifest = json.loads((dist / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


class Build:
    """A complete build in dist/, held so that no build replaces it while it is read; ``release`` (or leaving
    the ``with`` block) lets builds swap in again. Each method checks a file and returns its path."""

    def __init__(self, dist: Path, manifest: dict, lease: Lease) -> None:
        self.dist, self.manifest, self._lease = dist, manifest, lease
        self.outputs: dict[str, dict[str, Any]] = manifest[OUTPUTS]

    def file(self, name: str, digest: bool = False) -> Path:
        """``dist/name`` after checking its size (and, with ``digest``, its SHA-256) against the manifest."""
        recorded = self.outputs.get(name)
        if not isinstance(recorded, dict):
            raise DistDamaged(self.dist, name, "not in the manifest")
        path = self.dist / name
        try:
            size = path.stat().st_size
            if size != recorded.get("size"):
                raise DistDamaged(self.dist, name, "size differs from the manifest")
            if digest and sha256_file(path) != recorded.get("sha256"):
                raise DistDamaged(self.dist, name, "content differs from the manifest's SHA-256")
        except FileNotFoundError:
            raise DistDamaged(self.dist, name, "missing") from None
        except OSError as exc:
            raise DistDamaged(self.dist, name, f"cannot be read: {exc.strerror or exc}") from None
        return path

    def folder(self, name: str, digest: bool = False) -> Path:
        """``dist/name`` (the store) after checking each file recorded in it."""
        members = [member for member in self.outputs if member.startswith(f"{name}/")]
        if not members:
            raise DistDamaged(self.dist, name, "not in the manifest")
        for member in members:
            self.file(member, digest)
        return self.dist / name

    def release(self) -> None:
        self._lease.release()

    def __enter__(self) -> Build:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def open_build(dist: Path) -> Build:
    """The build in ``dist``, held for reading; raises DistDamaged when its manifest is missing or records no files."""
    lease = reading(dist)
    manifest = read_manifest(dist)
    if manifest is None or not isinstance(manifest.get(OUTPUTS), dict):
        lease.release()
        raise DistDamaged(dist, MANIFEST, "missing or unreadable" if manifest is None else "records no files")
    return Build(dist, manifest, lease)


def check_outputs(dist: Path, manifest: dict) -> bool:
    """True when every file ``manifest`` records is in ``dist`` with its size (no digests: cheap)."""
    outputs = manifest.get(OUTPUTS)
    if not isinstance(outputs, dict):
        return False
    try:
        return all((dist / name).stat().st_size == recorded.get("size") for name, recorded in outputs.items())
    except (OSError, AttributeError):
        return False


__all__ = ["MANIFEST", "Build", "DistDamaged", "check_outputs", "open_build", "read_manifest", "record_files", "sha256_file"]
