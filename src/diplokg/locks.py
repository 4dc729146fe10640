"""Locks on dist/: one build at a time, and readers that never see a build half swapped in.

Two ``flock(2)`` locks, which the OS releases when their holder ends, crash included (the files stay):

- ``dist.lock``, beside dist/, held by a build from start to end: a second build (or a query that finds the
  graph stale) waits for the first, at most ``BUILD_WAIT`` seconds, saying so once, then checks again
  whether it still has anything to do;
- ``dist/.publish.lock``, held shared by a reader while it checks and opens what it reads, and exclusively
  by a build only while it swaps its new files in: a reader gets the last complete build, never a mix.

A reader does not wait for a running build (unless its inputs changed: then the build it would start is
already running), only for the moment of the swap.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DiplokgError

BUILD_WAIT = 600.0  # seconds a build waits for another one (a full build of a million triples takes about 2 min)
POLL = 0.05
PUBLISH_LOCK = ".publish.lock"


class BuildBusy(DiplokgError):
    """Another build of the same dist/ held it for longer than we were willing to wait."""


def build_lock_path(dist: Path) -> Path:
    return dist.parent / f"{dist.name}.lock"


def _acquire(fd: int, operation: int, wait: float, waiting: Callable[[], None] | None) -> bool:
    """Take the lock on ``fd`` within ``wait`` seconds (calling ``waiting`` once if it has to wait); False if not."""
    try:
        fcntl.flock(fd, operation | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    if waiting is not None:
        waiting()
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(POLL)
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            continue
    return False


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"process {text}" if text.isdigit() else "another process"


@contextmanager
def building(dist: Path, wait: float | None = None, notice: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of ``dist`` for the block; wait for a running build at most ``wait`` seconds
    (default BUILD_WAIT), telling ``notice`` once, else raise BuildBusy."""
    limit = BUILD_WAIT if wait is None else wait
    path = build_lock_path(dist)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        holder = _holder(fd)

        def waiting() -> None:
            if notice is not None:
                notice(f"waiting for another build of {dist.name}/ ({holder}) to finish, at most {limit:g} s")

        if not _acquire(fd, fcntl.LOCK_EX, limit, waiting):
            raise BuildBusy(f"another build of {dist.name}/ ({holder}) is still running after {limit:g} s; nothing done")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def publishing(dist: Path, wait: float | None = None) -> Iterator[None]:
    """Hold ``dist``'s publish lock exclusively for the block: readers opening dist/ wait until it ends."""
    limit = BUILD_WAIT if wait is None else wait
    fd = os.open(dist / PUBLISH_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if not _acquire(fd, fcntl.LOCK_EX, limit, None):
            raise BuildBusy(f"readers of {dist.name}/ still held it after {limit:g} s; the new build was not put in place")
        yield
    finally:
        os.close(fd)


class Lease:
    """A shared hold on dist/'s publish lock: no build swaps files in while it is held. ``release`` ends it."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.release()


def reading(dist: Path) -> Lease:
    """A shared hold on ``dist``, taken when no build is swapping its files in (that lasts milliseconds).
    Where the lock file cannot be opened (a read-only dist/ without one), reads go on unlocked."""
    try:
        fd = os.open(dist / PUBLISH_LOCK, os.O_RDONLY)
    except FileNotFoundError:
        try:
            fd = os.open(dist / PUBLISH_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            return Lease(None)
    except OSError:
        return Lease(None)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    except OSError:
        os.close(fd)
        return Lease(None)
    return Lease(fd)


__all__ = ["BUILD_WAIT", "BuildBusy", "Lease", "build_lock_path", "building", "publishing", "reading"]
