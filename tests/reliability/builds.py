"""Builds started and killed by the tests, and the processes they leave.

Each build gets a mark in its environment, which every process it starts inherits (its
workers, their Pandoc, the resource tracker of its process pool), so its processes are
found in /proc by that mark: where they run, which folder they are in or who their
parent is now does not matter. What the tests saw is counted in :data:`TALLY`, and the
reliability run prints it (tests/reliability/conftest.py).
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

MARK = "BUILD_TOOLS_TEST_BUILD"
GRACE = 30.0  # seconds a killed build's processes may take to end, on a busy machine
TALLY: Counter[str] = Counter()  # kill moments, edits, processes checked
_NUMBERS = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Seen:
    """A process in /proc: its pid, its parent's and its command line."""

    pid: int
    parent: int
    command: str

    @property
    def kind(self) -> str:
        """What it is to a build: worker, resource tracker, pandoc or build."""
        if "--multiprocessing-fork" in self.command:
            return "worker"
        if "resource_tracker" in self.command:
            return "resource tracker"
        if Path(self.command.split(" ", 1)[0]).name == "pandoc":
            return "pandoc"
        return "build"


def _read(pid: str) -> tuple[bytes, str, bytes] | None:
    """(environment, stat line, command line) of a live process, None if gone or not ours."""
    entry = Path("/proc") / pid
    try:
        return (
            (entry / "environ").read_bytes(),
            (entry / "stat").read_text(),
            (entry / "cmdline").read_bytes(),
        )
    except OSError:
        return None


def marked(mark: str) -> list[Seen]:
    """The live processes whose environment carries ``mark`` (zombies, which are dead and
    have no environment left to read, are not among them)."""
    wanted = f"{MARK}={mark}".encode()
    found = []
    for entry in os.listdir("/proc"):  # noqa: PTH208 (names, not paths)
        read = _read(entry) if entry.isdigit() else None
        if read is None or wanted not in read[0].split(b"\0"):
            continue
        state, parent = read[1].rsplit(")", 1)[1].split()[:2]
        if state not in {"Z", "X"}:
            command = read[2].replace(b"\0", b" ").decode("utf-8", "replace").strip()
            found.append(Seen(int(entry), int(parent), command))
    return found


class Build:
    """``python -m build_tools build --jobs 2 --quiet`` in ``root``, in a process of its own.
    ``build/.started`` is touched first: what the build writes is newer."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mark = f"{os.getpid()}-{next(_NUMBERS)}"
        self.seen: list[Seen] = []
        (root / "build").mkdir(exist_ok=True)
        (root / "build" / ".started").touch()
        time.sleep(0.01)  # one tick of the file system's clock
        self.process = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "build", "--jobs", "2", "--quiet"],
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(ROOT), MARK: self.mark},
            stderr=subprocess.DEVNULL,
        )

    def processes(self) -> list[Seen]:
        return marked(self.mark)

    def running(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> bool:
        """SIGKILL the build; whether it was still running. Keeps in :attr:`seen` the
        processes it had just before. Raises AssertionError if any process it started is
        still alive :data:`GRACE` seconds later (one killed with it ends at once; one
        orphaned before it could ask for that must first get as far as noticing)."""
        self.seen = self.processes()
        self.process.send_signal(signal.SIGKILL)
        killed = self.process.wait() == -signal.SIGKILL
        (self.root / "build" / ".started").unlink(missing_ok=True)
        left = self.wait_for_none()
        TALLY["kill moments"] += killed
        TALLY["processes checked"] += len(self.seen)
        TALLY["outlived"] += len(left)
        assert left == [], f"still running after the build was killed: {left}"
        return killed

    def wait_for_none(self) -> list[Seen]:
        """Its processes still alive once none is left, or after :data:`GRACE` seconds."""
        deadline = time.monotonic() + GRACE
        left = self.processes()
        while left and time.monotonic() < deadline:
            time.sleep(0.02)
            left = self.processes()
        return left


# Moments of a build, each seen from outside: whether ``build`` has reached it.


def _started(build: Build) -> bool:
    return True


def _pool_starting(build: Build) -> bool:
    """Its process pool's resource tracker runs: workers are being spawned."""
    return any(seen.kind == "resource tracker" for seen in build.processes())


def _worker_started(build: Build) -> bool:
    return any(seen.kind == "worker" for seen in build.processes())


def _worker_warming(build: Build) -> bool:
    """A worker has started its Pandoc (before its first job, see build_tools/warm.py):
    the one that runs our ``convert.lua``, not the ``pandoc --version`` that pypandoc runs
    first to find Pandoc, which is gone a moment later."""
    found = build.processes()
    workers = {seen.pid for seen in found if seen.kind == "worker"}
    return any(
        seen.kind == "pandoc" and seen.parent in workers and "lua" in seen.command.split()
        for seen in found
    )


def _updating(build: Build) -> bool:
    """A translator's catalog is being, or has been, rewritten by update."""
    translations = build.root / "translations"
    return any(translations.glob("*/.*.po.tmp")) or _newer(build.root, translations, "*/*.po")


def _merging(build: Build) -> bool:
    """A merged expression is being, or has been, written."""
    akn = build.root / "build" / "akn"
    return any(akn.rglob(".*.tmp")) or _newer(build.root, akn)


def _rendering(build: Build) -> bool:
    downloads = build.root / "build" / "downloads"
    return any(downloads.rglob(".*.tmp")) or _newer(build.root, downloads)


def _building_sites(build: Build) -> bool:
    return _newer(build.root, build.root / "build" / "mkdocs")


def _publishing(build: Build) -> bool:
    return (build.root / ".site.new").exists()


def _newer(root: Path, folder: Path, pattern: str = "**/*") -> bool:
    mark = root / "build" / ".started"
    if not mark.exists():
        return False
    since = mark.stat().st_mtime_ns
    return any(p.stat().st_mtime_ns > since for p in folder.glob(pattern) if p.exists())


MOMENTS: dict[str, Callable[[Build], bool]] = {
    "start": _started,
    "pool": _pool_starting,
    "worker": _worker_started,
    "warm": _worker_warming,
    "update": _updating,
    "merge": _merging,
    "render": _rendering,
    "site": _building_sites,
    "publish": _publishing,
}


def reach(build: Build, moment: str, *, timeout: float = 120) -> bool:
    """Wait until ``build`` reaches ``moment``; whether it did before it ended."""
    deadline = time.monotonic() + timeout
    while build.running() and time.monotonic() < deadline:
        try:
            if MOMENTS[moment](build):
                return True
        except OSError:
            pass  # a file vanished while we looked
        time.sleep(0.005)
    return False
