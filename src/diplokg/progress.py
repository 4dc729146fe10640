"""Progress of long stages: a live line on a terminal (rich), nothing when the output is piped or in tests.

Library functions take a :class:`Stages` and never print; :func:`terminal` gives one that draws on
stderr only when stderr is a terminal.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO


class Stages:
    """Times named stages; a subclass shows them. The base class is silent."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[Stages]:
        started = time.perf_counter()
        self.begin(name)
        try:
            yield self
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.end(name)

    def begin(self, name: str) -> None:
        """Called when a stage starts."""

    def note(self, text: str) -> None:
        """A detail of the running stage (a reasoning round, a file)."""

    def end(self, name: str) -> None:
        """Called when a stage ends."""


class RichStages(Stages):
    """A spinner with the stage, its latest detail and its elapsed time, on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        from rich.console import Console
        from rich.status import Status

        self._console = Console(file=stream)
        self._status: Status | None = None
        self._status_type: Any = Status
        self._name = ""
        self._started = 0.0

    def begin(self, name: str) -> None:
        self._name, self._started = name, time.perf_counter()
        self._status = self._status_type(f"{name}...", console=self._console)
        self._status.start()

    def note(self, text: str) -> None:
        if self._status is not None:
            self._status.update(f"{self._name}: {text} ({time.perf_counter() - self._started:.1f} s)")

    def end(self, name: str) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None
        self._console.print(f"[green]✓[/green] {name} [dim]{self.seconds[name]:.1f} s[/dim]", highlight=False)


def terminal(stream: TextIO | None = None) -> Stages:
    """Stages drawn on ``stream`` (stderr) when it is a terminal and rich is installed; silent otherwise."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return Stages()
    try:
        return RichStages(stream)
    except ImportError:
        return Stages()
