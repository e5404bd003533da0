"""``serve``: a local preview for editors that rebuilds when sources or catalogs change."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]


def snapshot(folders: list[Path]) -> Snapshot:
    """Size and modification time of every file under ``folders``."""
    found: Snapshot = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def start_server(site: Path, port: int) -> ThreadingHTTPServer:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(
    folders: list[Path], rebuild: Callable[[list[str]], None], *, interval: float = 1.0
) -> None:
    """Call ``rebuild`` with the changed files whenever something under ``folders`` changes.

    Polls (no extra dependency); runs until interrupted."""
    state = snapshot(folders)
    while True:
        time.sleep(interval)
        current = snapshot(folders)
        difference = changed(state, current)
        if difference:
            state = current
            rebuild(difference)
