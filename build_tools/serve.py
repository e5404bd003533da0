"""``serve``: a local preview for editors that rebuilds when sources or catalogs change."""

from __future__ import annotations

import functools
import io
import os
import threading
import time
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from build_tools.diagnostics import UsageError
from build_tools.layout import not_found_url

Snapshot = dict[str, tuple[int, int]]
Report = Callable[[str], None]
# A client that hangs up mid-answer (a browser leaving a page, cancelling a download):
# usual, so one line says it, not a traceback.
HUNG_UP = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


def snapshot(folders: list[Path]) -> Snapshot:
    """Size and modification time of every file under ``folders`` (files that vanish while
    being listed are left out: the next look sees them gone)."""
    found: Snapshot = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            try:
                if path.is_file():
                    stat = path.stat()
                    found[str(path)] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                continue
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def _unsaid(line: str) -> None:
    pass


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the site folder: 400 for a malformed path, no folder listings; a client
    that hangs up is one line to ``say``, any other error a traceback (the server's)."""

    def __init__(self, *args: Any, say: Report = _unsaid, **kwargs: Any) -> None:
        self.say = say  # set first: the request is handled within __init__
        super().__init__(*args, **kwargs)

    def handle(self) -> None:
        try:
            super().handle()
        except HUNG_UP as error:
            self.close_connection = True
            asked = getattr(self, "path", None) or "its request"
            self.say(f"serve: the client hung up before {asked} was sent ({type(error).__name__})")

    def send_head(self) -> Any:
        path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if "\x00" in path or "\\" in path or any(part == ".." for part in path.split("/")):
            self.send_error(HTTPStatus.BAD_REQUEST, "malformed path")
            return None
        if not Path(self.translate_path(self.path)).exists():
            return self.not_found(path)
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> Any:
        return self.not_found(urllib.parse.unquote(self.path.split("?", 1)[0]))

    def not_found(self, path: str) -> Any:
        """404, with the error page of the language the address is in (the site's
        ``<lang>/404.html``), or a plain one outside the language sites."""
        language = path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory, not_found_url(language)) if language else None
        if page is None or not page.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "no such page")
            return None
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the preview's own lines say what happens; no access log


def start_server(site: Path, port: int, *, say: Report = _unsaid) -> ThreadingHTTPServer:
    """Serve ``site`` on 127.0.0.1:``port``; a port in use is a UsageError, at once.
    ``say`` gets a line for each client that hung up before its answer was sent."""
    handler = functools.partial(PreviewHandler, directory=str(site), say=say)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise UsageError(
            f"cannot serve on port {port}: {error.strerror}; choose another with --port"
        ) from None
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
