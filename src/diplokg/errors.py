"""Typed errors; the CLI maps each to a one-line message and an exit code."""

from __future__ import annotations

# Exit codes, as pySHACL documents its own: 0 success, 1 the data does not conform, 2 any other error.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2


# What str.splitlines() breaks a line at, each written as its escape: a message stays one line whatever a value holds.
_BREAKS = {ord(c): c.encode("unicode_escape").decode("ascii") for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def one_line(text: str) -> str:
    r"""``text`` with every line break written as an escape.

    >>> one_line('quote "a\nb" not found')
    'quote "a\\nb" not found'
    """
    return text.translate(_BREAKS)


class DiplokgError(Exception):
    """Base of every error the CLI reports as one line."""

    exit_code = EXIT_ERROR

    def __str__(self) -> str:
        return one_line(super().__str__())


class InputSyntaxError(DiplokgError):
    """A Turtle or SPARQL file of the project does not parse; the message names file, line and column.

    Broken data is data that does not conform: exit 1, as for a SHACL violation.
    """

    exit_code = EXIT_INVALID

    def __init__(self, path: str, line: int | None, column: int | None, reason: str) -> None:
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: syntax error: {reason}")
        self.path, self.line, self.column, self.reason = path, line, column, reason


class ValidationError(DiplokgError):
    """The data does not conform: SHACL violations, unknown terms, quotes not in their source."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[str]) -> None:
        self.problems = [one_line(problem) for problem in problems]
        head = problems[0] if problems else "invalid data"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(head + more)


class QueryError(DiplokgError):
    """Unknown query, bad parameter, or a query the engine rejects."""


class EndpointError(DiplokgError):
    """A remote SPARQL endpoint is unreachable, times out, or refuses a request."""


class UnreadableFileError(DiplokgError):
    """A file of the project cannot be read at all (permissions, a folder in its place): not a data problem."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: cannot read file: {reason}")


class ContextError(DiplokgError, ValueError):
    """The project's JSON-LD context is not one the compact JSON-LD writer handles, or refers to a remote context
    (which is never fetched); the message names the file. An input of the project that does not conform: exit 1."""

    exit_code = EXIT_INVALID


class ConfigError(DiplokgError):
    """The project layout or the environment is not as expected (missing folder, missing source file)."""
