"""The preview's change detection and server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from build_tools.cli import _say
from build_tools.serve import changed, snapshot, start_server
from tests.conftest import ROOT, copy_sources

NAME = "ipu-132-cyber-warfare-draft"


def test_snapshot_sees_edits_additions_and_removals(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text("one", "utf-8")
    before = snapshot([tmp_path])
    (tmp_path / "a.xml").write_text("one more", "utf-8")
    (tmp_path / "b.po").write_text("new", "utf-8")
    after = snapshot([tmp_path])
    assert changed(before, after) == [str(tmp_path / "a.xml"), str(tmp_path / "b.po")]
    (tmp_path / "b.po").unlink()
    assert changed(after, snapshot([tmp_path])) == [str(tmp_path / "b.po")]
    assert changed(after, after) == []


def test_server_serves_the_site_folder(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", "utf-8")
    server = start_server(tmp_path, 0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as response:
            assert response.status == 200
            assert b"<title>t</title>" in response.read()
    finally:
        server.shutdown()
        server.server_close()


class Preview:
    """``python -m build_tools serve`` in a subprocess, its stderr collected line by line."""

    def __init__(self, root: Path, port: int) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's build_tools
        env.pop("CI", None)
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

    def wait_for(self, text: str, after: int, timeout: float = 240) -> int:
        """Wait until a line after the first ``after`` contains ``text``; its index."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index in range(after, len(self.lines)):
                if text in self.lines[index]:
                    return index
            assert self.process.poll() is None, "".join(self.lines)
            time.sleep(0.2)
        raise AssertionError(f"no {text!r} in time:\n{''.join(self.lines)}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_waits_through_a_failing_build_and_shows_a_new_interface_string(
    tmp_path: Path,
) -> None:
    """One session: the first build fails (a broken source), the fix is built, a changed
    interface string reaches the served page (no stale strings in the process), and a
    bad byte in a catalog is reported while the preview keeps serving, until fixed."""
    root = copy_sources(tmp_path)
    source = root / "source" / f"{NAME}.xml"
    good = source.read_bytes()
    source.write_bytes(good.replace(b"</preamble>", b"</preamble", 1))
    port = _free_port()
    preview = Preview(root, port)
    try:
        failed = preview.wait_for("the first build failed", 0)
        assert "Traceback" not in "".join(preview.lines)
        time.sleep(1.5)  # the watcher's first look, then the fix
        source.write_bytes(good)
        built = preview.wait_for("build: 1 document(s)", failed)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/") as response:
            assert "Résolutions de l’UIP" in response.read().decode("utf-8")
        catalog = root / "translations" / "fr" / "ui.po"
        text = catalog.read_text("utf-8")
        catalog.write_text(
            text.replace('msgstr "Résolutions de l’UIP"', 'msgstr "Résolutions (aperçu)"'),
            "utf-8",
        )
        rebuilt = preview.wait_for("build: 1 document(s)", built + 1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/") as response:
            page = response.read().decode("utf-8")
        assert "Résolutions (aperçu)" in page and "Résolutions de l’UIP" not in page
        french = root / "translations" / "fr" / f"{NAME}.po"
        translated = french.read_bytes()
        french.write_bytes(translated.replace(b"Encourage", b"Encourag\xff", 1))
        failed = preview.wait_for("rebuild failed", rebuilt)
        assert any(f"fr/{NAME}.po" in line and "po-encoding" in line for line in preview.lines)
        assert french.read_bytes() != translated, "the translator's file is left as it is"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/") as response:
            assert "Résolutions (aperçu)" in response.read().decode("utf-8"), "still serving"
        french.write_bytes(translated)  # back to what the site was built from: nothing to redo
        preview.wait_for("build: nothing changed since the last build", failed)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/") as response:
            assert "Résolutions (aperçu)" in response.read().decode("utf-8")
        assert "Traceback" not in "".join(preview.lines)
    finally:
        preview.stop()


def test_lines_said_at_once_by_the_server_s_threads_stay_whole(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each client is served on a thread of its own, and several hang up at once: each
    line reaches the console whole (print wrote a line and its end apart, and two lines
    came out as one)."""
    lines = [f"serve: line {n} of thread {t}" for t in range(8) for n in range(300)]

    def say_all(thread: int) -> None:
        for line in lines[thread * 300 : (thread + 1) * 300]:
            _say(line)

    threads = [threading.Thread(target=say_all, args=(t,)) for t in range(8)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch as often as on a busy server
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert sorted(capsys.readouterr().err.splitlines()) == sorted(lines)
