"""What the previous build was made from: input fingerprints, for incremental builds,
and the lock that keeps two builds from writing at once."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import posixpath
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Protocol

import pypandoc

from build_tools import __version__, outputs
from build_tools.config import ConfigError
from build_tools.diagnostics import UsageError

STATE_LIMIT = 1 << 30  # bytes: a larger build/state.json is not ours
EDITION = "edition"  # the entry of the last edition published (see manifest.Edition)
SAVE_EVERY = 1.0  # seconds: records in between are written together (the file grows with N)
SAVE_SHARE = 10  # and at least this many times as long as the last save took (a large record)
RACY_NS = 2_000_000_000  # a file changed this recently may change again unseen (FileStats)
BUILD = "build"  # the entry of the whole build: its inputs and the published site
SEAL_VERSION = 1  # of the seal the last whole build left (see BuildState.fresh_build)

TOOLS = (
    "lxml",
    "Babel",
    "cobalt",
    "typst",
    "pypandoc-binary",
    "mkdocs",
    "mkdocs-material",
    "fonttools",
    "pagefind-bin-extended",
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path`` ("" if there is none). While a build runs in
    this process (see :meth:`BuildState.hashing`), a plain file whose status is the one it
    had when last hashed is not read again."""
    if _HASHING:
        return _HASHING[-1].path_digest(path)
    return _read_sha256(path)


def _read_sha256(path: Path) -> str:
    return sha256(path.read_bytes()) if path.exists() else ""


_HASHING: list[BuildState] = []  # the build running in this process (see BuildState.hashing)


def fingerprint(*parts: str) -> str:
    return sha256("\x00".join(parts).encode("utf-8"))


@functools.cache
def tool_versions() -> dict[str, str]:
    versions = {"build_tools": __version__, "pandoc": str(pypandoc.get_pandoc_version())}
    for name in TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def code_files() -> list[Path]:
    """Every file of our package but Python's bytecode caches: code, templates, scripts
    (``convert.lua``), data. Listing them all, not some kinds, is what keeps a new kind of
    file from being left out of :func:`code_fingerprint`."""
    package = Path(str(resources.files("build_tools")))
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.relative_to(package).parts
    )


@functools.cache
def code_fingerprint() -> str:
    """Our own code and templates: a change to them must redo what they produce."""
    package = Path(str(resources.files("build_tools")))
    digests = [f"{path.relative_to(package)}:{file_sha256(path)}" for path in code_files()]
    return fingerprint(*digests, json.dumps(tool_versions(), sort_keys=True))


class BuildState:
    """What the last successful steps were made from and what they made: per step, the
    fingerprint of its inputs and the SHA-256 of each output file. A step is reused only
    when both still hold, so an output changed, truncated or left by a killed build since
    is never mistaken for finished work."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._keys: dict[Path, str] = {}  # see _key
        self._unsaved, self._saved_at, self._save_took = 0, time.monotonic(), 0.0
        self._seal: dict[str, Any] = {}  # to be written at the end (see fresh_build)
        self._said: list[Any] | None = None  # the notes of a sealed no-op
        _in_the_way(path)  # refused at once; read only when first needed

    @functools.cached_property
    def entries(self) -> dict[str, Any]:
        """Every step's record, read when first needed (at N=1000, 33 MB of JSON that a
        sealed no-op never reads: see :meth:`fresh_build`)."""
        return _load(self.path)

    def digests(
        self, outputs: list[Path], known: Mapping[Path, str] | None = None
    ) -> dict[str, str]:
        """SHA-256 of every output file; a folder stands for every file under it.
        ``known``: digests the caller has just taken of files it wrote, by path. A file
        whose status (inode, size, modification and change times) is the one it had
        when hashed before is not read again (see :class:`FileStats`)."""
        known = known or {}
        found: dict[str, str] = {}
        for output in outputs:
            if output.is_dir():
                self._folder_digests(output, known, found)
            else:
                name = self._key(output)
                found[name] = known.get(output) or self.stats.digest(name, output)
        return found

    def _folder_digests(
        self, folder: Path, known: Mapping[Path, str], found: dict[str, str]
    ) -> list[tuple[str, str, os.stat_result]]:
        """Put in ``found`` the digest of every file under ``folder`` (see
        :meth:`digests`); returns the files as listed, each with its status."""
        key = self._key(folder)
        listed = sorted(_files(folder))
        for relative, file, status in listed:
            name = f"{key}/{relative}"
            given = known.get(Path(file)) if known else None
            found[name] = given or self.stats.digest(name, file, status)
        return listed

    def file_digest(self, root: Path, relative: str, status: os.stat_result | None = None) -> str:
        """The SHA-256 of the file at ``relative`` in the folder ``root`` ("" if there is
        none), read only if its status (``status``, when the caller has just taken it)
        is not the one it had when last hashed (see :class:`FileStats`); known by the
        same name as in :meth:`digests`."""
        return self.stats.digest(self._name(root, relative), f"{root}/{relative}", status)

    def path_digest(self, path: Path) -> str:
        """:func:`file_sha256` of ``path``, anywhere: a plain file is known by its status
        (see :class:`FileStats`), by the same name as in :meth:`digests`; anything else
        (a symbolic link, whose target may change under an unchanged status; nothing)
        is read."""
        try:
            status = os.lstat(path)
        except OSError:
            return _read_sha256(path)
        if not stat.S_ISREG(status.st_mode):
            return _read_sha256(path)
        return self.stats.digest(self._path_name(path), path, status)

    @contextmanager
    def hashing(self) -> Iterator[None]:
        """While it lasts, :func:`file_sha256` in this process knows files by their status
        (a build asks the digest of every source, catalog and download several times, and
        at N=1000 read each again every time)."""
        _HASHING.append(self)
        try:
            yield
        finally:
            _HASHING.remove(self)

    def _path_name(self, path: Path) -> str:
        """The name :meth:`_key` gives ``path``, without resolving it when it is spelled
        from the build folder or the folder above it (each file's resolution cost more
        than the status it saves reading)."""
        text, base = str(path), self._base_text
        if text.startswith(base + "/"):
            return posixpath.normpath(text[len(base) + 1 :])
        above = posixpath.dirname(base)
        if text.startswith(above + "/"):
            return posixpath.normpath(f"{self._key(Path(above))}/{text[len(above) + 1 :]}")
        return self._key(path)

    @functools.cached_property
    def _base_text(self) -> str:
        return str(self._base)

    def note_published(self, root: Path, relative: str, digest: str) -> None:
        """The file at ``relative`` in ``root`` was just put in ``site/`` holding
        ``digest`` (see :meth:`FileStats.note`)."""
        self.stats.note(self._name(root, relative), root / relative, digest)

    def _name(self, root: Path, relative: str) -> str:
        """A file's name in the records, from a folder above it (the same whichever
        folder: nothing under ours is a link, so no path is resolved file by file)."""
        return posixpath.normpath(f"{self._key(root)}/{relative}")

    @functools.cached_property
    def stats(self) -> FileStats:
        return FileStats(self.path.with_name("file-stats.json"))

    def _key(self, path: Path) -> str:
        """The path relative to build/ (``../source/…`` for the project's own files), so
        that a moved or copied project keeps its state."""
        if path not in self._keys:
            try:
                self._keys[path] = Path(os.path.relpath(path.resolve(), self._base)).as_posix()
            except ValueError:  # another drive
                self._keys[path] = path.as_posix()
        return self._keys[path]

    @functools.cached_property
    def _base(self) -> Path:
        return self.path.parent.resolve()

    def same_inputs(self, key: str, inputs: str) -> bool:
        """Whether ``key`` was last done from ``inputs`` (its outputs not checked)."""
        entry = self.entries.get(key)
        return isinstance(entry, dict) and entry.get("inputs") == inputs

    def fresh(self, key: str, inputs: str, outputs: list[Path]) -> bool:
        if not self.same_inputs(key, inputs):
            return False
        recorded = self.entries[key].get("outputs")
        current = self.digests(outputs)
        return bool(current) and recorded == current and all(current.values())

    def fresh_build(self, inputs: Inputs, site: Path) -> bool:
        """Whether the last whole build was made from ``inputs`` and ``site`` is what it
        published, file by file. First by the seal that build left: the statuses of
        every file it read (``inputs.statuses``) and of every file of ``site``, compared
        without reading the build record, the files' digests or any file (at N=1000 the
        no-op read 60 MB of JSON for it); else by their fingerprints, as any step is
        known, and then sealed for the next build (see :meth:`finish`).

        A seal holds only statuses the files' digests were known under (see
        :class:`FileStats`): a file changed since, even to the same size with its times
        put back, has another change time and breaks it."""
        if self._sealed_as(inputs, site):
            return True
        if not self.same_inputs(BUILD, inputs.digest):
            return False
        found: dict[str, str] = {}
        listed = self._folder_digests(site, {}, found) if site.is_dir() else []
        if not (found and self.entries[BUILD].get("outputs") == found and all(found.values())):
            return False
        self._sealed(inputs, site, listed, found, self.notes(BUILD))
        return True

    def _sealed_as(self, inputs: Inputs, site: Path) -> bool:
        """Whether the seal holds ``inputs`` as they are and ``site`` as it is."""
        seal = _load(self.path.with_name("seal.json"))
        if not inputs.statuses or seal.get("version") != SEAL_VERSION or not site.is_dir():
            return False
        if seal.get("inputs") != inputs.statuses:
            return False
        if seal.get("site") != _signature(sorted(_files(site))):
            return False
        notes = seal.get("notes")
        self._said = notes if isinstance(notes, list) else []
        return True

    def build_notes(self) -> list[Any]:
        """What the last whole build reported (see :meth:`fresh_build`)."""
        return self.notes(BUILD) if self._said is None else self._said

    def record_build(
        self, inputs: Inputs, site: Path, notes: list[Any], known: Mapping[Path, str]
    ) -> None:
        """Record a whole build that published ``site`` from ``inputs`` (``known``: see
        :meth:`digests`), and seal it for the next (see :meth:`fresh_build`)."""
        found: dict[str, str] = {}
        listed = self._folder_digests(site, known, found)
        self._recorded(BUILD, {"inputs": inputs.digest, "outputs": found, "notes": notes})
        self._sealed(inputs, site, listed, found, notes)

    def _sealed(
        self,
        inputs: Inputs,
        site: Path,
        listed: list[tuple[str, str, os.stat_result]],
        found: dict[str, str],
        notes: list[Any],
    ) -> None:
        """The seal of ``site`` as ``listed`` and ``found``, to be written at the end:
        none when an input's status could not be relied on, or a file's is not the one
        its digest is known under (changed since publish noted it, or too recently)."""
        key, kept = self._key(site), self.stats.kept
        for relative, _, status in listed:
            name = f"{key}/{relative}"
            signature = [status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]
            if kept.get(name) != [*signature, found[name]]:
                self._seal = {}
                return
        if inputs.statuses:
            signed = _signature(listed)
            self._seal = {"version": SEAL_VERSION, "inputs": inputs.statuses, "site": signed}
            self._seal["notes"] = notes

    def record(
        self,
        key: str,
        inputs: str,
        outputs: list[Path],
        notes: list[Any] | dict[str, Any] | None = None,
        known: Mapping[Path, str] | None = None,
    ) -> None:
        """Record a finished step; ``notes``: what it reported, to be said again when it
        is reused (see :meth:`notes`); ``known``: see :meth:`digests`."""
        entry: dict[str, Any] = {"inputs": inputs, "outputs": self.digests(outputs, known)}
        if notes is not None:
            entry["notes"] = notes
        self._recorded(key, entry)

    def _recorded(self, key: str, entry: dict[str, Any]) -> None:
        self.entries[key] = entry
        self._unsaved += 1
        waited = time.monotonic() - self._saved_at
        if waited >= max(SAVE_EVERY, SAVE_SHARE * self._save_took):
            self.save()

    def flush(self) -> None:
        """Write what was recorded since the last save (the runner calls it after its
        jobs; a record not yet written only means redoing that step next time)."""
        if self._unsaved:
            self.save()

    def finish(self, *, whole: bool) -> None:
        """At the end of a build: what it recorded, and the files' statuses it read
        (``whole``: it looked at every output, so the files it did not see are gone)."""
        self.flush()
        if "stats" in self.__dict__:  # read by this build (a sealed no-op reads none)
            self.stats.save(prune=whole)
        if self._seal:  # last: it vouches for what was just saved
            _write_json(self.path.with_name("seal.json"), self._seal)

    def memo(self, key: str) -> dict[str, Any]:
        """What a step recorded as ``notes`` when that was a mapping."""
        entry = self.entries.get(key)
        notes = entry.get("notes") if isinstance(entry, dict) else None
        return notes if isinstance(notes, dict) else {}

    def notes(self, key: str) -> list[Any]:
        entry = self.entries.get(key)
        notes = entry.get("notes") if isinstance(entry, dict) else None
        return notes if isinstance(notes, list) else []

    def last_edition(self) -> int:
        """The number of the last edition a build published (0: none it recorded)."""
        entry = self.entries.get(EDITION)
        number = entry.get("number") if isinstance(entry, dict) else None
        return number if type(number) is int and number > 0 else 0

    def record_edition(self, number: int, published: str) -> None:
        """Record, and save at once, the edition about to be published: a number once
        given is never given again, whatever happens to ``site/`` (deleted, replaced by
        an older copy) or to the build after this."""
        self.entries[EDITION] = {"number": number, "published": published}
        self.save()

    def save(self) -> None:
        started = time.monotonic()
        _write_json(self.path, self.entries)
        self._unsaved, self._saved_at = 0, time.monotonic()
        self._save_took = self._saved_at - started


class Inputs(Protocol):
    """What a whole build reads (see ``stages.records.BuildInputs``)."""

    @property
    def statuses(self) -> str:
        """See :func:`statuses`: "" when they cannot be relied on."""

    @property
    def digest(self) -> str:
        """Their fingerprint, from their contents."""


def statuses(paths: list[Path], *parts: str) -> str:
    """One digest of ``parts`` and of the names and statuses of ``paths`` as they are
    now, as :class:`FileStats` keeps them; "" (nothing to rely on) when one of them is
    not a plain file (a link's target may change under its unchanged status) or changed
    less than :data:`RACY_NS` ago."""
    now, listed = time.time_ns(), []
    for path in paths:
        try:
            status = os.lstat(path)
        except OSError:
            return ""
        if not stat.S_ISREG(status.st_mode):
            return ""
        if now - max(status.st_mtime_ns, status.st_ctime_ns) <= RACY_NS:
            return ""
        listed.append((str(path), "", status))
    return fingerprint(*parts, _signature(listed))


def _signature(listed: list[tuple[str, str, os.stat_result]]) -> str:
    """One digest of each listed name with its status (inode, size, modification and
    change times), in order."""
    digest = hashlib.sha256()
    for name, _, found in listed:
        line = f"{name}\0{found.st_ino}\0{found.st_size}\0{found.st_mtime_ns}"
        digest.update(f"{line}\0{found.st_ctime_ns}\n".encode())
    return digest.hexdigest()


def _write_json(path: Path, data: object) -> None:
    """Write ``data`` to ``path`` whole or not at all (through a file beside it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    # never through a link someone left there, nor into a pipe (which would wait)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_NONBLOCK
    with os.fdopen(os.open(temporary, flags, 0o644), "w", encoding="utf-8") as handle:
        # compact: with an indent, json encodes in Python, not C (0.53 s, not 0.17 s,
        # for the 30 MB record of N=1000)
        handle.write(json.dumps(data, separators=(",", ":"), sort_keys=True))
    temporary.replace(path)


def _files(folder: Path) -> Iterator[tuple[str, str, os.stat_result]]:
    """Every file under ``folder`` (links not followed): its path relative to it, its
    path and its status."""
    folders = [(str(folder), "")]
    while folders:
        here, prefix = folders.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                relative = f"{prefix}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{relative}/"))
                elif entry.is_file(follow_symlinks=False):
                    yield relative, entry.path, entry.stat(follow_symlinks=False)


class FileStats:
    """The digest of each output file with the status it had when it was read, so that
    a file whose status is unchanged is not read again (as git's index does). The
    status includes the change time, which no one can set back: a file written since,
    even with its modification time put back, is read again. A file changed less than
    :data:`RACY_NS` before it was read is not kept (a write within the same tick of the
    clock would leave its status as it was). Only a cache: missing or damaged, every
    file is read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kept: dict[str, list[Any]] = {}
        self.seen: set[str] = set()
        self.changed = False
        loaded = _load(path)
        stats = loaded.get("files") if loaded.get("version") == 1 else None
        if isinstance(stats, dict):
            self.kept = stats

    def digest(self, name: str, path: str | Path, status: os.stat_result | None = None) -> str:
        """The SHA-256 of the file at ``path`` (known as ``name``), read only if its
        status is not the one it had when last read; "" if there is none."""
        try:
            status = status or Path(path).lstat()
        except OSError:
            return ""
        signature = [status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]
        self.seen.add(name)
        kept = self.kept.get(name)
        if isinstance(kept, list) and len(kept) == 5 and kept[:4] == signature:
            return str(kept[4])
        digest = _read_sha256(Path(path))
        if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > RACY_NS:
            self.kept[name] = [*signature, digest]
            self.changed = True
        return digest

    def note(self, name: str, path: Path, digest: str) -> None:
        """Keep the status ``path`` has now with ``digest``, which the caller knows it
        holds: a file publish has just put in ``site/`` (linked, or written from bytes it
        hashed). Such a file is kept however recent its change time, which linking and
        the old site's removal have just moved: nothing ever writes into a published file
        (see ``publish``), and a hand's edit later changes its status."""
        try:
            status = path.lstat()
        except OSError:
            return
        signature = [status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]
        self.kept[name] = [*signature, digest]
        self.seen.add(name)
        self.changed = True

    def save(self, *, prune: bool) -> None:
        """Write the digests kept; ``prune``: forget the files not looked at (a whole
        build looks at every output there is)."""
        if prune and set(self.kept) - self.seen:
            self.kept = {name: self.kept[name] for name in self.seen if name in self.kept}
            self.changed = True
        if not self.changed:
            return
        _write_json(self.path, {"version": 1, "files": self.kept})
        self.changed = False


def _in_the_way(path: Path) -> bool:
    """Whether a record is at ``path`` (False: none); refused when something else is in
    its place (a folder, a link, a pipe)."""
    found = outputs.kind(path)
    if found == outputs.ABSENT:
        return False
    if found != outputs.FILE:  # never opened: a pipe would keep the build waiting
        use = "its record of finished work"
        raise ConfigError(
            [outputs.in_the_way(path, found, use, "build-state")],
            f"{outputs.shown(path)} is in the way",
        )
    return True


def _load(path: Path) -> dict[str, Any]:
    """The record at ``path``: empty when there is none or it is damaged (everything is
    redone); refused when something else is in its place (see :func:`_in_the_way`)."""
    if not _in_the_way(path):
        return {}
    data = outputs.read_plain(path, STATE_LIMIT)  # None: replaced meanwhile, or too large
    try:
        loaded = json.loads(data or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        loaded = {}  # a damaged record: everything is redone
    return loaded if isinstance(loaded, dict) else {}


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold ``build/.lock`` for the whole build; a second build stops with a clear message.
    From then on the build folder carries our mark (see ``outputs``)."""
    folder.mkdir(parents=True, exist_ok=True)
    outputs.mark(folder)
    path = folder / ".lock"
    found = outputs.kind(path)
    if found not in {outputs.ABSENT, outputs.FILE}:
        raise ConfigError(
            [outputs.in_the_way(path, found, "the lock of the running build", "build-lock")],
            f"{outputs.shown(path)} is in the way",
        )
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
    with os.fdopen(os.open(path, flags, 0o644), "r+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise UsageError(
                f"another build is running (process {holder}; lock {path}); try again when it ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
