"""Writing files so that a failure never leaves a half-written output."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def umask() -> int:
    """The process's umask, read without changing it where Linux shows it (changing it, even for an instant,
    would give files created meanwhile by other threads the wrong mode)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temporary_beside(path: Path) -> tuple[int, Path]:
    """A new empty file beside ``path`` (same folder, so a rename puts it in place atomically) with the mode an
    ordinary ``open`` would give it under the user's umask (mkstemp alone makes it 0600); returns (fd, path)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~umask())
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    return fd, Path(tmp)


def write_all(contents: Mapping[Path, bytes]) -> None:
    """Write every file or none: each goes to a temporary file beside its target, and only when all are
    written are they renamed into place (a rename within one folder is atomic)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = temporary_beside(path)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
