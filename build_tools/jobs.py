"""The one incremental job runner: every stage hands its work to it, as jobs.

A job names its inputs' fingerprint and its output files, and yields a typed result. The
runner skips a job whose recorded state still holds (same inputs, outputs unchanged
since; see :class:`~build_tools.state.BuildState`), runs the others serially or on a
process pool, tells its :class:`~build_tools.progress.Progress` of the jobs it will
run and of each one done, and records a job's state only once it (and the
``finish`` step, when there is one) has succeeded.

A stage whose results the next stage needs (validate's verdict, what check found, …)
keeps them in the record (see :class:`Kept`): a fresh job's result is then handed on as
the job left it, and what it reported is said again. A result that holds errors is not
recorded, so its job is done again next time.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from build_tools.lifetime import die_with_parent, watch_parent
from build_tools.progress import Progress, Report, as_progress
from build_tools.state import BuildState

R = TypeVar("R", covariant=True)  # what a job yields
T = TypeVar("T")
# Workers are spawned, not forked: a forked worker would inherit the build lock and, if the
# build were killed, keep holding it. Nor by a fork server: their parent would be that
# server, not the build, and start_worker, which ties each to the build, would end them.
WORKERS = multiprocessing.get_context("spawn")


@dataclass(frozen=True, slots=True)
class Job(Generic[R]):
    """One piece of a stage's work, yielding an ``R``."""

    key: str  # where its state is recorded, e.g. "render/NAME/fr"
    label: str  # what the progress line says, e.g. "render NAME fr"
    inputs: str  # fingerprint of everything the outputs are made from
    outputs: tuple[Path, ...]  # files or folders it writes; none: a verdict
    # What it does, its arguments bound: a functools.partial of a module-level function
    # when it is to cross to a worker process (one run here may bind anything).
    work: Callable[[], R]


Notes = dict[str, object]  # what a record keeps of a result (JSON)


class Kept(Protocol[T]):
    """How a stage keeps its jobs' results in their records."""

    def keep(self, result: T) -> Notes | None:
        """What to record of ``result``; None: nothing (it holds errors), so that the job
        is done again next time."""

    def restore(self, notes: Mapping[str, object]) -> T:
        """The result :meth:`keep` recorded; KeyError, TypeError or ValueError when the
        record is damaged (then the job is done again)."""


def start_worker(build: int) -> None:
    """A worker's first act, before any job: die with ``build``, the process that started
    it, even one killed before this worker got here (see :mod:`build_tools.lifetime`),
    and end without the interpreter's teardown. A worker holds nothing to release (its
    files are written whole before a job returns), and tearing down what it imported
    (MkDocs, Material, Typst) took 50 to 80 ms at the end of every build."""
    die_with_parent(build)
    watch_parent(build)
    atexit.register(_end_now)  # registered first, so it runs after every later handler


def release_memory() -> None:
    """Give back to the system what a large job left behind: collect its garbage (much
    of it in reference cycles), then return the C heap's free pages (glibc's
    ``malloc_trim``; nothing elsewhere). Without it a worker held what its site jobs
    had freed while its Pagefind ran beside it: at N=1000 that moment was the build's
    peak (with each worker's Pandoc, see ``site.search``). The pages given back cost
    their faults again if the process then needs as much: call it between phases."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # a C library other than glibc
        return None
    function.argtypes, function.restype = [ctypes.c_size_t], ctypes.c_int
    found: Callable[[int], int] = function
    return found


def _end_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


class Workers:
    """The worker processes of one build: started when first needed and shared by its
    stages, so each worker imports our modules once; ended with the build.

    ``count`` is how many jobs may run at once (one: every job runs in this process);
    ``processes``, how many worker processes to have, ``count`` unless fewer will do
    (a build expected to run one job at a time does not start, and load, a second)."""

    def __init__(self, count: int, processes: int | None = None) -> None:
        self.count = count
        self.processes = max(1, min(count, processes or count))
        self._pool: ProcessPoolExecutor | None = None

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=WORKERS,
                initializer=start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    def submit(self, work: Callable[[], T]) -> Future[T]:
        """``work()`` on a worker. The pool starts its processes as jobs are
        submitted, from the thread that submits; the kernel ends a worker when that thread
        ends (see :mod:`build_tools.lifetime`), so it must be the main thread, which ends
        only with the build."""
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("a build's jobs are handed to its workers from the main thread")
        return self.pool().submit(work)

    @property
    def started(self) -> bool:
        return self._pool is not None

    def start(self, task: Callable[[], None]) -> None:
        """Start every worker process now, each on ``task()`` (a module-level function,
        its arguments bound), so that their start-up overlaps what the build does meanwhile; no-op
        when jobs run in this process."""
        if self.count > 1:
            for _ in range(self.processes):
                self.submit(task)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *failure: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@dataclass(slots=True)
class JobsDone(Generic[T]):
    # the jobs run, in order; with kept results, every job (the fresh ones' as recorded)
    results: list[tuple[Job[T], T]] = field(default_factory=list)
    reused: int = 0  # the jobs skipped as fresh
    ran: int = 0  # the jobs run


@dataclass(frozen=True, slots=True)
class _Queued(Generic[T]):
    job: Job[T]
    future: Future[T] | None = None  # None: run in this process when collected
    kept: tuple[T] | None = None  # a fresh job's result, as its record keeps it


def silent(message: str) -> None:
    """A report that says nothing."""
    pass


class JobQueue(Generic[T]):
    """Jobs handed over as they become known: those not fresh start at once on the
    build's workers (in this process, when it has one); :meth:`collect` then waits for
    them in the order they were added, reports and records each. A build adds the
    render jobs of each document as soon as its catalogs are merged.

    With ``kept`` (see :class:`Kept`), a fresh job's recorded result takes its place,
    and every result is collected in the order the jobs were added."""

    def __init__(
        self,
        state: BuildState | None,
        workers: Workers,
        kept: Kept[T] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.state, self.workers, self.kept = state, workers, kept
        self.progress = progress or Progress()
        self.queued: list[_Queued[T]] = []
        self.reused = 0

    def add(self, jobs: Sequence[Job[T]], *, one_here: bool = False, pooled: bool = True) -> None:
        """Queue ``jobs`` (the fresh ones are skipped); ``one_here``: if only one needs
        running and no worker has been started, run it in this process (a started
        worker has loaded what jobs need, this process may not have); ``pooled=False``:
        run them all in this process (work too small to be worth sending).

        On started workers, the jobs whose inputs changed start first: checking that the
        others' outputs are intact reads every file they made, which can take a while."""
        before = len(self.queued)
        if self.kept is not None:
            self._add_kept(jobs, self.kept, here=not pooled or self.workers.count <= 1)
        elif one_here and not self.workers.started:
            stale = [job for job in jobs if not self._fresh(job)]
            self._queue(stale, here=self.workers.count <= 1 or len(stale) <= 1)
        else:
            here = self.workers.count <= 1
            kept = [job for job in jobs if self._same_inputs(job)]
            self._queue([job for job in jobs if not self._same_inputs(job)], here=here)
            self._queue([job for job in kept if not self._fresh(job)], here=here)
        self.reused += len(jobs) - (len(self.queued) - before)

    def _add_kept(self, jobs: Sequence[Job[T]], kept: Kept[T], *, here: bool) -> None:
        for job in jobs:
            found = self._recorded(job, kept) if self._fresh(job) else None
            if found is None:
                self._queue([job], here=here)
            else:
                self.queued.append(_Queued(job, kept=found))
                self.reused += 1

    def _recorded(self, job: Job[T], kept: Kept[T]) -> tuple[T] | None:
        assert self.state is not None
        try:
            return (kept.restore(self.state.memo(job.key)),)
        except (KeyError, TypeError, ValueError):  # a damaged record: done again
            return None

    def _same_inputs(self, job: Job[T]) -> bool:
        return self.state is not None and self.state.same_inputs(job.key, job.inputs)

    def _fresh(self, job: Job[T]) -> bool:
        return self.state is not None and _is_fresh(self.state, job)

    def _queue(self, jobs: Sequence[Job[T]], *, here: bool) -> None:
        self.progress.expect(job.key for job in jobs)
        for job in jobs:
            future = None if here else self.workers.submit(job.work)
            self.queued.append(_Queued(job, future))

    def collect(self, *, record: bool = True, flush: bool = True) -> JobsDone[T]:
        """Every queued job's result; on a failure, the jobs not yet started are
        cancelled and nothing after it is recorded. ``flush=False``: the records are
        written with the next ones (see ``BuildState.record``), not at once."""
        done: JobsDone[T] = JobsDone(reused=self.reused)
        done.ran = sum(queued.kept is None for queued in self.queued)
        try:
            for queued in self.queued:
                if queued.kept is not None:
                    done.results.append((queued.job, queued.kept[0]))
                    continue
                job, future = queued.job, queued.future
                result = job.work() if future is None else future.result()
                self.progress.done(job.key, job.label)
                done.results.append((job, result))
                if record:
                    self._record(job, result)
        except BaseException:
            for queued in self.queued:
                if queued.future is not None:
                    queued.future.cancel()
            raise
        finally:
            if self.state is not None and flush:
                self.state.flush()
        return done

    def _record(self, job: Job[T], result: T) -> None:
        if self.state is None:
            return
        notes = None if self.kept is None else self.kept.keep(result)
        if self.kept is None or notes is not None:
            self.state.record(job.key, job.inputs, list(job.outputs), notes)


def run_stage(
    jobs: Sequence[Job[T]],
    state: BuildState | None,
    kept: Kept[T],
    workers: Workers | None = None,
    progress: Progress | None = None,
) -> JobsDone[T]:
    """Every job's result, in order: a fresh one's as its record keeps it, the others
    run (on ``workers`` when given, else in this process) and recorded as they succeed.
    A stage's jobs take milliseconds: their records are written with the next ones, not
    after each stage (a record lost to a kill only means doing its job again)."""
    queue = JobQueue(state, workers or Workers(1), kept, progress)
    queue.add(jobs, pooled=workers is not None)
    return queue.collect(flush=False)


def run_jobs(
    jobs: Sequence[Job[T]],
    state: BuildState | None,
    *,
    workers: int | Workers,
    say: Report | Progress | None = None,
    finish: Callable[[], Collection[Path]] | None = None,
) -> JobsDone[T]:
    """Run the jobs that are not fresh (all of them without ``state``), on ``workers``
    (a build's shared workers, or a number of processes for this call alone); one job
    alone runs in this process. ``say``: told of the work (see :func:`as_progress`).

    ``finish`` runs after the jobs when any ran, and may write into the outputs of every
    job (fresh ones too): it returns the outputs it wrote into. The jobs that ran are
    recorded once it has succeeded, and so are the fresh ones it wrote into."""
    with contextlib.ExitStack() as stack:
        shared = workers if isinstance(workers, Workers) else stack.enter_context(Workers(workers))
        queue: JobQueue[T] = JobQueue(state, shared, progress=as_progress(say))
        queue.add(jobs, one_here=True)
        done = queue.collect(record=finish is None)
    if finish is not None and done.results:
        written = set(finish())
        if state is not None:
            ran = {job.key for job, _ in done.results}
            for job in jobs:
                if job.key in ran or written.intersection(job.outputs):
                    state.record(job.key, job.inputs, list(job.outputs))
            state.flush()
    return done


def _is_fresh(state: BuildState, job: Job[T]) -> bool:
    """Done from the same inputs, and every output as it left it; a job that writes
    nothing (a verdict) only needs the same inputs."""
    if not job.outputs:
        return state.same_inputs(job.key, job.inputs)
    return state.fresh(job.key, job.inputs, list(job.outputs))
