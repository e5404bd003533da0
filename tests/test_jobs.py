"""The job runner: fresh jobs are skipped, failed ones are never recorded as done."""

from __future__ import annotations

import functools
import importlib.resources
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from build_tools import state
from build_tools.jobs import Job, JobQueue, Notes, Workers, run_jobs, run_stage
from build_tools.progress import Lines
from build_tools.state import BuildState


def write(path: Path, text: str) -> str:
    path.write_text(text, "utf-8")
    return text


def fail(path: Path, text: str) -> str:
    raise RuntimeError("injected")


def job(
    folder: Path, name: str, inputs: str, work: Callable[[Path, str], object] = write
) -> Job[object]:
    path = folder / f"{name}.txt"
    return Job(f"test/{name}", name, inputs, (path,), functools.partial(work, path, inputs))


@pytest.mark.parametrize("workers", [1, 2])
def test_fresh_jobs_are_skipped_and_changed_ones_run(tmp_path: Path, workers: int) -> None:
    state = BuildState(tmp_path / "state.json")
    jobs = [job(tmp_path, "a", "1"), job(tmp_path, "b", "1")]
    lines: list[str] = []
    first = run_jobs(jobs, state, workers=workers, say=lines.append)
    assert [result for _, result in first.results] == ["1", "1"] and first.reused == 0
    assert lines == ["[1/2] a", "[2/2] b"]
    again = run_jobs([job(tmp_path, "a", "1"), job(tmp_path, "b", "2")], state, workers=workers)
    assert [j.label for j, _ in again.results] == ["b"] and again.reused == 1
    (tmp_path / "a.txt").write_text("tampered", "utf-8")  # an output changed behind our back
    third = run_jobs([job(tmp_path, "a", "1")], state, workers=workers)
    assert [j.label for j, _ in third.results] == ["a"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failed_job_is_not_recorded(tmp_path: Path, workers: int) -> None:
    state = BuildState(tmp_path / "state.json")
    with pytest.raises(RuntimeError, match="injected"):
        run_jobs(
            [job(tmp_path, "a", "1", fail), job(tmp_path, "b", "1", fail)], state, workers=workers
        )
    assert "test/a" not in state.entries and "test/b" not in state.entries


def test_a_finish_step_records_every_job_only_once_it_succeeded(tmp_path: Path) -> None:
    state = BuildState(tmp_path / "state.json")
    jobs = [job(tmp_path, "a", "1"), job(tmp_path, "b", "1")]

    def broken() -> list[Path]:
        raise RuntimeError("finish failed")

    with pytest.raises(RuntimeError, match="finish failed"):
        run_jobs(jobs, state, workers=1, finish=broken)
    assert state.entries == {}
    finished: list[str] = []

    def finish(name: str) -> Callable[[], list[Path]]:
        def step() -> list[Path]:
            finished.append(name)
            return []

        return step

    run_jobs(jobs, state, workers=1, finish=finish("done"))
    assert finished == ["done"] and set(state.entries) == {"test/a", "test/b"}
    run_jobs(jobs, state, workers=1, finish=finish("again"))
    assert finished == ["done"], "nothing ran, so nothing to finish"


def test_a_finish_step_has_the_fresh_jobs_it_wrote_into_recorded_again(tmp_path: Path) -> None:
    state = BuildState(tmp_path / "state.json")
    run_jobs([job(tmp_path, n, "1") for n in "abc"], state, workers=1)
    a, b, c = (tmp_path / f"{n}.txt" for n in "abc")

    def finish() -> list[Path]:  # writes into every output, reports one fresh job's
        for path in (a, b, c):
            path.write_text(path.read_text("utf-8") + "+", "utf-8")
        return [a, b]

    jobs = [job(tmp_path, "a", "2"), job(tmp_path, "b", "1"), job(tmp_path, "c", "1")]
    done = run_jobs(jobs, state, workers=1, finish=finish)
    assert [j.label for j, _ in done.results] == ["a"]
    assert state.fresh("test/a", "2", [a]) and state.fresh("test/b", "1", [b])
    assert not state.fresh("test/c", "1", [c]), "a write it did not report is found out"


def pid(path: Path, text: str) -> int:
    path.write_text(text, "utf-8")
    return os.getpid()


def test_a_builds_workers_serve_each_stage_and_end_with_it(tmp_path: Path) -> None:
    """Render's worker processes go on to build the sites: spawned (and our modules
    imported) once per build, not once per stage."""
    with Workers(2) as shared:
        first = run_jobs([job(tmp_path, f"a{n}", "1", pid) for n in range(4)], None, workers=shared)
        second = run_jobs(
            [job(tmp_path, f"b{n}", "1", pid) for n in range(4)], None, workers=shared
        )
        pids = {result for _, result in [*first.results, *second.results]}
        assert len(pids) <= 2, "two workers for both stages (a pool per stage would be four)"
        assert os.getpid() not in pids
    assert shared._pool is None, "the pool ends with the build"


def test_a_queue_starts_jobs_as_they_are_added_and_collects_them_in_order(
    tmp_path: Path,
) -> None:
    """How a build renders each document as soon as it is merged."""
    state = BuildState(tmp_path / "state.json")
    run_jobs([job(tmp_path, "a", "1")], state, workers=1)  # already made: reused
    lines: list[str] = []
    with Workers(2) as shared:
        queue: JobQueue[object] = JobQueue(state, shared, progress=Lines(lines.append))
        queue.add([job(tmp_path, "a", "1"), job(tmp_path, "b", "1", pid)])
        queue.add([job(tmp_path, "c", "1", pid)])
        done = queue.collect()
    assert [j.label for j, _ in done.results] == ["b", "c"] and done.reused == 1
    assert lines == ["[1/2] b", "[2/2] c"]
    assert all(result != os.getpid() for _, result in done.results), "run on the workers"
    assert {"test/a", "test/b", "test/c"} <= set(BuildState(tmp_path / "state.json").entries)


def test_a_queue_records_nothing_from_a_failed_job_on(tmp_path: Path) -> None:
    state = BuildState(tmp_path / "state.json")
    with Workers(2) as shared:
        queue: JobQueue[object] = JobQueue(state, shared)
        queue.add([job(tmp_path, "a", "1"), job(tmp_path, "b", "1", fail)])
        queue.add([job(tmp_path, "c", "1")])
        with pytest.raises(RuntimeError, match="injected"):
            queue.collect()
    assert "test/a" in state.entries and "test/b" not in state.entries
    assert "test/c" not in state.entries


class Said:
    """A stage's kept results for the tests: the text a job returned, unless it says
    "error" (a result with errors, not recorded)."""

    def keep(self, result: str) -> Notes | None:
        return None if result == "error" else {"said": result}

    def restore(self, notes: Mapping[str, object]) -> str:
        said = notes["said"]
        if not isinstance(said, str):
            raise TypeError(said)
        return said


def written(folder: Path, name: str, inputs: str) -> Job[str]:
    path = folder / f"{name}.txt"
    return Job(f"test/{name}", name, inputs, (path,), functools.partial(write, path, inputs))


def verdict(calls: list[str], name: str, inputs: str, said: str) -> Job[str]:
    """A job that writes nothing (like validate's verdict); it notes each time it runs."""

    def work() -> str:
        calls.append(name)
        return said

    return Job(f"test/{name}", name, inputs, (), work)


def test_a_stage_hands_on_the_kept_results_of_its_fresh_jobs_in_order(tmp_path: Path) -> None:
    state = BuildState(tmp_path / "state.json")
    calls: list[str] = []
    made = [written(tmp_path, "a", "1"), verdict(calls, "b", "1", "b said")]
    made.append(written(tmp_path, "c", "1"))
    first = run_stage(made, state, Said())
    assert [r for _, r in first.results] == ["1", "b said", "1"] and calls == ["b"]
    assert (first.ran, first.reused) == (3, 0)
    assert not (tmp_path / "state.json").exists(), "written with the next records, not at once"
    state.flush()
    (tmp_path / "c.txt").write_text("changed", "utf-8")  # an output changed since
    again = run_stage(
        [
            written(tmp_path, "a", "1"),
            verdict(calls, "b", "1", "other"),
            written(tmp_path, "c", "1"),
        ],
        BuildState(tmp_path / "state.json"),
        Said(),
    )
    assert [r for _, r in again.results] == ["1", "b said", "1"], "b's as recorded, in order"
    assert calls == ["b"], "a verdict is fresh while its inputs are the same"
    assert (again.ran, again.reused) == (1, 2)
    changed = run_stage([verdict(calls, "b", "2", "new")], state, Said())
    assert [r for _, r in changed.results] == ["new"] and calls == ["b", "b"]


def test_a_stage_records_no_result_with_errors_and_redoes_a_damaged_record(
    tmp_path: Path,
) -> None:
    state = BuildState(tmp_path / "state.json")
    calls: list[str] = []
    run_stage([verdict(calls, "a", "1", "error"), verdict(calls, "b", "1", "fine")], state, Said())
    assert "test/a" not in state.entries and "test/b" in state.entries
    state.entries["test/b"]["notes"] = {"said": 3}  # damaged
    again = run_stage(
        [verdict(calls, "a", "1", "error"), verdict(calls, "b", "1", "fine")], state, Said()
    )
    assert calls == ["a", "b", "a", "b"] and [r for _, r in again.results] == ["error", "fine"]
    assert state.memo("test/b") == {"said": "fine"}


def test_a_stage_may_run_its_jobs_on_the_workers(tmp_path: Path) -> None:
    class Pid:
        def keep(self, result: object) -> Notes | None:
            return {}

        def restore(self, notes: Mapping[str, object]) -> object:
            return "kept"

    with Workers(2) as shared:
        made = [job(tmp_path, f"p{n}", "1", pid) for n in range(3)]
        done = run_stage(made, None, Pid(), shared)
    assert len(done.results) == 3 and os.getpid() not in {r for _, r in done.results}


@pytest.mark.parametrize(
    "changed", ["templates/convert.lua", "templates/resolution.typ", "render/pandoc.py"]
)
def test_a_change_to_any_file_of_our_package_changes_the_code_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    """Every output's record holds the code fingerprint: a changed script or template
    (the Lua that runs Pandoc was once left out) must redo what it makes."""
    package = Path(state.__file__).parent
    copy = tmp_path / "build_tools"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(importlib.resources, "files", lambda name: copy)
    state.code_fingerprint.cache_clear()
    try:
        before = state.code_fingerprint()
        assert (copy / changed).is_file()
        with (copy / changed).open("a", encoding="utf-8") as handle:
            handle.write("\n")
        state.code_fingerprint.cache_clear()
        assert state.code_fingerprint() != before
    finally:
        state.code_fingerprint.cache_clear()


RELEASE_PROBE = """
import gc, os
from build_tools.jobs import release_memory

def resident():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

gc.disable()  # only release_memory collects
held = []
for _ in range(60_000):  # 240 MB of the C heap, each piece in a reference cycle
    piece = [bytes(4000)]
    piece.append(piece)
    held.append(piece)
pinned = bytes(4000)  # above them: the heap's top cannot shrink by itself
del held, piece
before = resident()
release_memory()
print(before - resident())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_released_memory_goes_back_to_the_system() -> None:
    """A worker's site job left MkDocs' pages as garbage, cyclic and on the C heap, held
    resident while the next jobs (Pagefind's) needed memory of their own: at N=1000 the
    build's peak was 1965 MiB (issue 26). What it frees is given back."""
    run = subprocess.run(
        [sys.executable, "-c", RELEASE_PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(state.__file__).parent.parent)},
    )
    given_back = int(run.stdout)
    assert given_back > 150 * 2**20, f"{given_back >> 20} MiB of 240 given back"
