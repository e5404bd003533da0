"""The one incremental job runner: render and site both hand their work to it.

A job names its inputs' fingerprint and its output files. The runner skips a job whose
recorded state still holds (same inputs, outputs unchanged since; see
:class:`~build_tools.state.BuildState`), runs the others serially or on a process pool,
reports progress, and records a job's state only once it (and the ``finish`` step, when
there is one) has succeeded.
"""

from __future__ import annotations

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
    workers: int,
    say: Report = _silent,
    finish: Callable[[], None] | None = None,
) -> JobsDone:
    """Run the jobs that are not fresh (all of them without ``state``).

    ``finish`` runs after the jobs when any ran, and may write into the outputs of every
    job (fresh ones too): then every job is recorded afresh."""
    fresh = [job for job in jobs if state is not None and _is_fresh(state, job)]
    pending = [job for job in jobs if job not in fresh]
    done = JobsDone(reused=len(fresh))
    runner = _serial if workers <= 1 or len(pending) <= 1 else _parallel
    for number, (job, result) in enumerate(runner(pending, workers), 1):
        say(f"[{number}/{len(pending)}] {job.label}")
        done.results.append((job, result))
        if state is not None and finish is None:
            state.record(job.key, job.inputs, list(job.outputs))
    if finish is not None and pending:
        finish()
        if state is not None:
            for job in jobs:
                state.record(job.key, job.inputs, list(job.outputs))
    return done


def _is_fresh(state: BuildState, job: Job) -> bool:
    return state.fresh(job.key, job.inputs, list(job.outputs))


def _serial(pending: list[Job], workers: int) -> Iterator[tuple[Job, Any]]:
    for job in pending:
        yield job, job.work(*job.arguments)


def _parallel(pending: list[Job], workers: int) -> Iterator[tuple[Job, Any]]:
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(pending)), mp_context=WORKERS, initializer=die_with_parent
    )
    try:
        futures: list[Future[Any]] = [pool.submit(job.work, *job.arguments) for job in pending]
        for job, future in zip(pending, futures, strict=True):
            yield job, future.result()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # queued jobs are not started
        raise
    pool.shutdown(wait=True)
