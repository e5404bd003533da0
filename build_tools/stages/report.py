"""What a build did: what it said, what it made and reused, and how long each stage
took (its progress told as it goes); an unexpected error in a stage becomes a StageCrashed
naming it."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from build_tools.diagnostics import Diagnostic, StageCrashed, StageFailed, UsageError, count_errors
from build_tools.progress import Progress


@dataclass(slots=True)
class Timing:
    counted: bool = True  # False: the stage had nothing to do (its jobs were all fresh)


@dataclass(slots=True)
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    rendered: int = 0
    sites: int = 0
    skipped: int = 0
    published: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False  # nothing to do: inputs and site/ as the last build left them
    edition: int = 0  # the edition published (see manifest.Edition)
    progress: Progress = field(default_factory=Progress)  # told of each stage as it starts

    @contextmanager
    def stage(self, name: str) -> Iterator[Timing]:
        """Time a stage; an unexpected error in it becomes a StageCrashed naming it."""
        self.progress.stage(name)
        started, timing = time.perf_counter(), Timing()
        try:
            yield timing
        except (StageFailed, UsageError, StageCrashed):
            raise
        except Exception as error:
            raise StageCrashed(name, error) from error
        if timing.counted:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def add(self, found: Iterable[Diagnostic]) -> None:
        """Say ``found``; the build stops here if it holds an error."""
        found = list(found)
        self.diagnostics += found
        if count_errors(found):
            raise StageFailed(self.diagnostics)
