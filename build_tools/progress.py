"""What long work tells as it goes: the stage it is in, the jobs of each stage done of
those it runs, the documents done of all, and the time since it started.

The job runner (:mod:`build_tools.jobs`) tells a :class:`Progress` of every job it will
run (not the fresh ones it skips) and of each one done; the pipeline, of each stage it
starts and each document whose catalogs are done. This one counts and says nothing; the
command line's show it (one line kept up to date on a terminal, a line per job with
``--verbose``), and :class:`Lines` says each job done as ``[3/12] label``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable

Report = Callable[[str], None]


def stage_of(key: str) -> str:
    """The stage of a job, from its key: ``render/NAME/fr`` is render's."""
    return key.split("/", 1)[0]


class Progress:
    """Counts a run's work; :meth:`changed` is called after each event (a no-op here)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.current = ""  # the stage started last
        self.planned: Counter[str] = Counter()  # jobs to run, by stage
        self.finished: Counter[str] = Counter()  # jobs done, by stage
        self.documents = (0, 0)  # documents whose catalogs are done, of all
        self.last = ""  # the label of the last job done

    def stage(self, name: str) -> None:
        self.current = name
        self.changed()

    def expect(self, keys: Iterable[str]) -> None:
        """Jobs (their keys) that will be run."""
        self.planned.update(stage_of(key) for key in keys)

    def done(self, key: str, label: str) -> None:
        """One job run."""
        self.finished[stage_of(key)] += 1
        self.last = label
        self.changed(key)

    def document(self, number: int, total: int) -> None:
        self.documents = (number, total)
        self.changed()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def count(self, stage: str) -> str:
        """``3/12``: the jobs of ``stage`` done, of those it runs."""
        return f"{self.finished[stage]}/{self.planned[stage]}"

    def status(self) -> str:
        """Where the work is: ``render 3/12 (render NAME fr), document 2/2, 4.2 s``."""
        parts = [self.current] if self.current else []
        if self.planned[self.current]:
            parts[-1] += f" {self.count(self.current)}"
            if self.last.startswith(self.current):
                parts[-1] += f" ({self.last})"
        number, total = self.documents
        if total and number < total:
            parts.append(f"document {number + 1}/{total}")
        parts.append(f"{self.seconds:.1f} s")
        return ", ".join(parts)

    def changed(self, key: str | None = None) -> None:
        """After each event (``key``: the job just done, if it was one)."""


class Lines(Progress):
    """Says each job done, ``[n/total] label`` (its stage's count), to ``say``."""

    def __init__(self, say: Report, *, seconds: bool = False) -> None:
        super().__init__()
        self.say, self.with_seconds = say, seconds

    def changed(self, key: str | None = None) -> None:
        if key is not None:
            took = f" ({self.seconds:.1f} s)" if self.with_seconds else ""
            self.say(f"[{self.count(stage_of(key))}] {self.last}{took}")


def as_progress(say: Report | Progress | None) -> Progress:
    """A Progress for ``say``: itself, each job as a line to a function, or silence."""
    if isinstance(say, Progress):
        return say
    return Progress() if say is None else Lines(say)
