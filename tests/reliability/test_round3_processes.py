"""No process outlives a killed build, and the preview's console stays readable.

A build is killed (SIGKILL) at 20 moments spread over its timeline: while Python starts,
as its process pool starts, just after a worker is spawned (before the worker can ask to
die with the build), while workers warm up, while rendering, while building the sites,
while publishing. After each, no process it started may be left: not a worker, not a
worker's Pandoc, not the build's own Pandoc, not the pool's resource tracker. A worker
orphaned before its first instruction used to wait for jobs for ever, with its Pandoc.

``serve`` logs a client that hangs up (a browser leaving a page) as one line, where it
printed a traceback for each.
"""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from build_tools.jobs import Workers
from tests.conftest import ROOT
from tests.helpers import NAME, copy_published
from tests.reliability.builds import GRACE, MARK, TALLY, Build, marked, reach

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"

# (moment, seconds after it): 20 kills, from the start of the build to its publication.
KILLS = [
    *(("start", delay) for delay in (0.0, 0.1, 0.2, 0.35)),
    ("pool", 0.0),
    *(("worker", delay) for delay in (0.0, 0.01, 0.03, 0.08)),
    *(("warm", delay) for delay in (0.0, 0.1)),
    *(("render", delay) for delay in (0.0, 0.1, 0.25)),
    *(("site", delay) for delay in (0.0, 0.15, 0.3)),
    *(("publish", delay) for delay in (0.0, 0.02, 0.05)),
]
# Near its end a build can finish within the delay on a fast machine: there it is stopped
# (SIGSTOP) at the moment, and its workers (and their Pandoc) go on for the delay.
FROZEN = {"render", "site", "publish"}
# What was edited before the build: one catalog (one worker), or two (two workers).
EDITS = {
    "fr": [("fr", "Encourage", "Exhorte")],
    "fr+es": [("fr", "Encourage", "Exhorte"), ("es", "<i>Alienta</i>", "<i>Anima</i>")],
}
# What must be running at each moment, once the build is past starting its workers.
EXPECTED = {"worker": {"worker"}, "warm": {"worker", "pandoc"}, "render": {"worker", "pandoc"}}


def _edit(root: Path, edits: list[tuple[str, str, str]]) -> None:
    for language, old, new in edits:
        catalog = root / "translations" / language / f"{NAME}.po"
        text = catalog.read_text("utf-8")
        assert old in text
        catalog.write_text(text.replace(old, new, 1), "utf-8")
        TALLY["edits"] += 1


@pytest.mark.parametrize("edit", ["fr", "fr+es"] if LONG else ["fr"])
@pytest.mark.parametrize(("moment", "delay"), KILLS, ids=[f"{m}+{d}" for m, d in KILLS])
def test_no_process_outlives_a_build_killed_at_any_moment(
    published: Path, tmp_path: Path, moment: str, delay: float, edit: str
) -> None:
    root = copy_published(published, tmp_path / "project")
    _edit(root, EDITS[edit])
    build = Build(root)
    try:
        assert reach(build, moment), f"the build ended before the {moment} moment"
        if moment in FROZEN:
            os.kill(build.process.pid, signal.SIGSTOP)
        time.sleep(delay)
        assert build.kill(), f"the build ended within {delay} s of the {moment} moment"
    finally:  # kill() fails if any of its processes is still running after the kill
        if build.running():
            build.process.kill()
            build.process.wait()
    assert EXPECTED.get(moment, set()) <= {process.kind for process in build.seen}, build.seen


def test_a_pandoc_dies_with_the_process_that_started_it_even_when_it_cannot_read() -> None:
    """A Pandoc ends when its stdin closes, but only once it reads again: stopped (or busy
    with a long conversion) it used to outlive its worker."""
    mark = f"{os.getpid()}-pandoc"
    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from build_tools.render import pandoc; pandoc.warm_up(); print(flush=True); input()",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT), MARK: mark},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert owner.stdout is not None and owner.stdout.readline() == b"\n"
        [pandoc] = [seen for seen in marked(mark) if seen.kind == "pandoc"]
        os.kill(pandoc.pid, signal.SIGSTOP)
        owner.kill()
        owner.wait()
        deadline = time.monotonic() + GRACE
        while marked(mark) and time.monotonic() < deadline:
            time.sleep(0.02)
        left = marked(mark)
        for seen in left:  # not to leave it behind when the test fails
            os.kill(seen.pid, signal.SIGKILL)
        assert left == []
    finally:
        owner.kill()
        owner.wait()
        assert owner.stdin is not None and owner.stdout is not None
        owner.stdin.close()
        owner.stdout.close()


def test_a_build_s_workers_are_started_from_its_main_thread_only() -> None:
    """The kernel kills a worker when the thread that started it ends."""
    failed: list[BaseException] = []

    def submit() -> None:
        with Workers(2) as workers:
            try:
                workers.submit(print)
            except RuntimeError as error:
                failed.append(error)

    thread = threading.Thread(target=submit)
    thread.start()
    thread.join()
    assert [str(error) for error in failed] == [
        "a build's jobs are handed to its workers from the main thread"
    ]


# The preview: a client that hangs up.

BIG = 64 * 1024 * 1024  # more than the sockets between client and server can hold


class Preview:
    """``python -m build_tools serve`` in ``root``, its stderr read line by line."""

    def __init__(self, root: Path, port: int) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "serve", "--port", str(port)],
            cwd=root,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, text: str, count: int = 1, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.lines) < count:
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {count} × {text!r}:\n{''.join(self.lines)}"
            time.sleep(0.05)

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()
        return "".join(self.lines)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _hang_up_during(port: int, path: str) -> None:
    """Ask for ``path``, read the start of the answer, hang up (a reset, not a close)."""
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert client.recv(4096).startswith(b"HTTP/1.0 200")
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_a_client_that_hangs_up_is_one_line_not_a_traceback(
    published: Path, tmp_path: Path
) -> None:
    root = copy_published(published, tmp_path / "project")
    port = _free_port()
    preview = Preview(root, port)
    try:
        preview.wait_for("serving site/")
        (root / "site" / "big.bin").write_bytes(b"\0" * BIG)
        for _ in range(5):
            _hang_up_during(port, "/big.bin")
        preview.wait_for("serve: the client hung up", count=5)
    finally:
        said = preview.stop()
    dropped = [line for line in said.splitlines() if "hung up" in line]
    assert len(dropped) == 5, said
    assert all(
        line.startswith("serve: the client hung up before /big.bin was sent (") for line in dropped
    )
    assert "Traceback" not in said
