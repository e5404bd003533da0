"""Diagnostics: located problems, printed compiler-style.

A stage collects every problem it finds as :class:`Diagnostic` records and returns
them; only the command line prints them. Expected failures (bad input) are
diagnostics or :class:`UsageError`. Anything else that goes wrong inside a stage becomes
a :class:`StageCrashed`: one line naming the stage (and the file, when the error names
one); the command line shows its traceback only with ``--debug``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file; ``line`` and ``column`` are 1-based, 0 when unknown."""

    path: str
    line: int
    message: str
    code: str
    severity: Severity = Severity.ERROR
    column: int = 0

    def format(self) -> str:
        location = self.path
        if self.line:
            location += f":{self.line}"
            if self.column:
                location += f":{self.column}"
        return f"{location}: {self.severity.value}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class UsageError(Exception):
    """Bad invocation or unreadable input: the command exits with status 2."""


class StageFailed(Exception):
    """A stage found errors in its input and wrote nothing."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = diagnostics


class StageCrashed(Exception):
    """An unexpected error inside a stage (a bug, or a fault of the machine)."""

    def __init__(self, stage: str, error: Exception) -> None:
        super().__init__(f"{stage}: {type(error).__name__}: {error}")
        self.stage = stage
        self.error = error

    def diagnostic(self) -> Diagnostic:
        filename = getattr(self.error, "filename", None)
        where = display_path(Path(filename)) if isinstance(filename, str) else "build"
        message = f"the {self.stage} stage failed: {type(self.error).__name__}: {self.error}"
        return Diagnostic(where, 0, message, "stage-crashed")


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as people should see it: relative to the project when inside it."""
    base = (root or Path.cwd()).resolve()
    resolved = path.resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return str(path)


def count_errors(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.is_error)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = count_errors(diagnostics)
    warnings = len(diagnostics) - errors
    noun = "file" if files == 1 else "files"
    if errors:
        return f"{files} {noun} checked: {errors} error(s), {warnings} warning(s)"
    return f"{files} {noun} checked: valid ({warnings} warning(s))"
