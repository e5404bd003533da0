"""Output folders are ours: what a build may write over or delete, and what it must not.

A build writes into its build folder and replaces its site folder whole; publishing
stages the new site in a folder beside the site and keeps the old one beside it until it
is removed. A folder there is ours when it is absent or holds no file, when it carries
our mark (:data:`MARKER`: every build folder, and a site while it is staged), or when it
is a site whose ``manifest.json`` lists every file in it. :func:`foreign_file` names the
first file that is not ours; :func:`discard` removes only what is ours, its marks last,
so a file a person put in one of these folders is never deleted, and a folder a build
was killed while removing is still recognised as ours.

Nothing here follows a symbolic link or opens anything but a plain file (a named pipe
would block the build). Config turns what this module finds into located diagnostics.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from build_tools.diagnostics import Diagnostic, display_path

MARKER = ".build-tools"
MARKER_TEXT = (
    "This folder was made by build_tools (python -m build_tools build).\n"
    "A build writes over and deletes what it finds here: keep nothing of yours in it.\n"
)
# The site's own records at its root: manifest.MANIFEST and signing.SIGNATURE (a base
# module cannot import them; tests/reliability/test_round3_outside.py checks they agree).
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
# bytes: a larger "manifest" is none of ours, and is not read (neither here nor by verify).
# About 260 bytes a file (one resolution's site: 387 files, 99 KB): room for a million.
MANIFEST_LIMIT = 256 << 20
MARKER_LIMIT = 4096
ABSENT, FOLDER, FILE = "absent", "a folder", "a file"
KINDS = {
    stat.S_IFDIR: FOLDER,
    stat.S_IFREG: FILE,
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def kind(path: Path) -> str:
    """What ``path`` is, a final symbolic link not followed: ``"absent"``, ``"a folder"``,
    ``"a file"``, ``"a symbolic link"``, ``"a named pipe (FIFO)"``…"""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # or a parent is not a folder
        return ABSENT
    return KINDS.get(stat.S_IFMT(mode), "something else")


def in_the_way(path: Path, found: str, use: str, code: str) -> Diagnostic:
    """``path`` is ``found`` where the build keeps a plain file of its own (``use``)."""
    message = f"{found}, not a file; the build keeps {use} there: remove it and build again"
    return Diagnostic(shown(path), 0, message, code)


def shown(path: Path) -> str:
    """``path`` as diagnostics name it, a final symbolic link not followed."""
    folder = display_path(path.parent)
    return path.name if folder == "." else f"{folder}/{path.name}"


def read_plain(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a plain file of at most ``limit`` bytes, else None.
    Opened without following a symbolic link and without waiting on a named pipe."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode) or found.st_size > limit:
            return None
        return handle.read()


@dataclass(frozen=True, slots=True)
class Owned:
    """What of a folder a build wrote: everything (it is marked), or the files its
    manifest lists and the manifest itself with its signature (``listed`` is None when it
    has no manifest of ours)."""

    marked: bool
    listed: frozenset[str] | None

    def owns(self, relative: str) -> bool:
        if self.marked:
            return True
        return self.listed is not None and (relative in self.listed or relative in MARKS)


MARKS = (SIGNATURE, MANIFEST, MARKER)  # removed last, in this order (see discard)


def owned(folder: Path) -> Owned:
    marked = read_plain(folder / MARKER, MARKER_LIMIT) is not None
    return Owned(marked, _listed(folder / MANIFEST))


def _listed(manifest: Path) -> frozenset[str] | None:
    """The paths a manifest of ours lists (its format as ``verify`` requires it)."""
    data = read_plain(manifest, MANIFEST_LIMIT)
    if data is None:
        return None
    try:
        entries = json.loads(data)["files"]
    except (ValueError, UnicodeDecodeError, RecursionError, KeyError, TypeError):
        return None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("sha256"), str)
        for e in entries
    ):
        return None
    return frozenset(entry["path"] for entry in entries)


def files(folder: Path, prefix: str = "") -> Iterator[str]:
    """Every entry under ``folder`` that is not a folder (a symbolic link is one of
    them, never followed), as a path relative to it, in name order."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from files(Path(entry.path), f"{relative}/")
        else:
            yield relative


def foreign_file(folder: Path) -> Path | None:
    """The first file in ``folder`` no build wrote; None when every one is ours (or there
    is none). ``folder`` is a folder or absent (see :func:`kind`)."""
    if kind(folder) != FOLDER:
        return None
    mine = owned(folder)
    return next((folder / path for path in files(folder) if not mine.owns(path)), None)


def mark(folder: Path) -> None:
    """Mark ``folder`` (which exists) as ours, unless it is already."""
    try:
        descriptor = os.open(
            folder / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644
        )
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(MARKER_TEXT)


def unmark(folder: Path) -> None:
    (folder / MARKER).unlink(missing_ok=True)


def discard(folder: Path) -> None:
    """Remove what a build wrote in ``folder``: its files, then its marks (so a build
    killed meanwhile leaves a folder still recognised as ours), then the folders left
    empty. A file no build wrote stays, and so do the folders that hold it."""
    if kind(folder) != FOLDER:
        return
    mine = owned(folder)
    for path in (p for p in files(folder) if p not in MARKS and mine.owns(p)):
        (folder / path).unlink(missing_ok=True)
    for name in MARKS:
        if mine.owns(name) and kind(folder / name) != ABSENT:
            (folder / name).unlink()
    for path, _, _ in sorted(os.walk(folder), key=lambda found: -len(Path(found[0]).parts)):
        with contextlib.suppress(OSError):  # it holds a file of someone else's
            Path(path).rmdir()
