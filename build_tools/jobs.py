"""The one incremental job runner: render and site both hand their work to it.

A job names its inputs' fingerprint and its output files. The runner skips a job whose
recorded state still holds (same inputs, outputs unchanged since; see
:class:`~build_tools.state.BuildState`), runs the others serially or on a process pool,
reports progress, and records a job's state only once it (and the ``finish`` step, when
there is one) has succeeded.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.state import BuildState, die_with_parent

Report = Callable[[str], None]
# Workers are spawned, not forked: a forked worker would inherit the build lock and, if the
# build were killed, keep holding it.
WORKERS = multiprocessing.get_context("spawn")


@dataclass(frozen=True, slots=True)
class Job:
    key: str  # where its state is recorded, e.g. "render/NAME/fr"
    label: str  # what the progress line says, e.g. "render NAME fr"
    inputs: str  # fingerprint of everything the outputs are made from
    outputs: tuple[Path, ...]  # files or folders it writes
    work: Callable[..., Any]  # a module-level function (it crosses to worker processes)
    arguments: tuple[Any, ...] = ()


class Workers:
    """The worker processes of one build: started when first needed and shared by its
    stages, so each worker imports our modules once; ended with the build."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.count, mp_context=WORKERS, initializer=die_with_parent
            )
        return self._pool

    def start(self, task: Callable[[], None]) -> None:
        """Start every worker now, each on ``task`` (a module-level function), so that
        their start-up overlaps what the build does meanwhile; no-op for one worker."""
        if self.count > 1:
            pool = self.pool()
            for _ in range(self.count):
                pool.submit(task)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *failure: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass(slots=True)
class JobsDone:
    results: list[tuple[Job, Any]] = field(default_factory=list)  # the jobs run, in order
    reused: int = 0  # the jobs skipped as fresh


def _silent(message: str) -> None:
    pass


def run_jobs(
    jobs: Sequence[Job],
    state: BuildState | None,
    *,
    workers: int | Workers,
    say: Report = _silent,
    finish: Callable[[], None] | None = None,
) -> JobsDone:
    """Run the jobs that are not fresh (all of them without ``state``), on ``workers``
    (a build's shared workers, or a number of processes for this call alone).

    ``finish`` runs after the jobs when any ran, and may write into the outputs of every
    job (fresh ones too): then every job is recorded afresh."""
    fresh = [job for job in jobs if state is not None and _is_fresh(state, job)]
    pending = [job for job in jobs if job not in fresh]
    done = JobsDone(reused=len(fresh))
    count = workers.count if isinstance(workers, Workers) else workers
    with contextlib.ExitStack() as stack:
        if count <= 1 or len(pending) <= 1:
            results = _serial(pending)
        else:
            shared = (
                workers if isinstance(workers, Workers) else stack.enter_context(Workers(count))
            )
            results = _parallel(pending, shared.pool())
        for number, (job, result) in enumerate(results, 1):
            say(f"[{number}/{len(pending)}] {job.label}")
            done.results.append((job, result))
            if state is not None and finish is None:
                state.record(job.key, job.inputs, list(job.outputs))
    if finish is not None and pending:
        finish()
        if state is not None:
            for job in jobs:
                state.record(job.key, job.inputs, list(job.outputs))
    if state is not None:
        state.flush()
    return done


def _is_fresh(state: BuildState, job: Job) -> bool:
    return state.fresh(job.key, job.inputs, list(job.outputs))


def _serial(pending: list[Job]) -> Iterator[tuple[Job, Any]]:
    for job in pending:
        yield job, job.work(*job.arguments)


def _parallel(pending: list[Job], pool: ProcessPoolExecutor) -> Iterator[tuple[Job, Any]]:
    """Run ``pending`` on ``pool``; on a failure the jobs not yet started are cancelled."""
    futures: list[Future[Any]] = [pool.submit(job.work, *job.arguments) for job in pending]
    try:
        for job, future in zip(pending, futures, strict=True):
            yield job, future.result()
    except BaseException:
        for future in futures:
            future.cancel()
        raise
