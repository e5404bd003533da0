"""``site/manifest.json``: what was published, from what, with what, and which edition.

Every published file with its SHA-256 and size, its language, format and document, and
the fingerprints of the source and catalog it came from; the tool versions; and the
edition: a number that grows with every publish that changes the site, and the time of
that publish. ``python -m build_tools verify`` checks a site against it: every file, at
any depth, and nothing else (no link, no pipe); with a public key, the signature, which
covers the edition, so an older signed site put back in place can be refused
(``--not-before``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.akn import model as akn
from build_tools.config import Project
from build_tools.diagnostics import Diagnostic, display_path
from build_tools.edition import EDITION, Edition, NotBefore, edition_of
from build_tools.layout import DATA_FOLDER, IRI_ROOT
from build_tools.outputs import ABSENT, FILE, FOLDER, KINDS, MANIFEST_LIMIT, kind, read_plain
from build_tools.signing import SIGNATURE, signature_problem
from build_tools.state import file_sha256, tool_versions

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class Staged:
    """A file as publish staged it: the SHA-256 and size of the bytes it holds."""

    sha256: str
    size: int


FORMATS = {".pdf": "pdf", ".epub": "epub", ".xml": "akn", ".html": "html"}


def document_of(relative: str, names: Iterable[str]) -> str:
    """The document a site file belongs to: the one whose pages' folder holds it, or
    whose name its download file begins with; the longest such name, since one
    document's name may begin another's (``res-1``, ``res-10``); of two as long, the one
    last in sort order. ``names`` is best a set or a mapping: it is asked of every file
    of the site."""
    known = names if isinstance(names, (set, frozenset, dict)) else set(names)
    *folders, file = relative.split("/")
    found = [part for part in folders if part in known]
    found += [file[:end] for end, mark in enumerate(file) if mark == "." and file[:end] in known]
    return max(found, key=lambda name: (len(name), name), default="")


def _describe(
    relative: str,
    project: Project,
    versions: dict[str, str],
    facts: dict[str, akn.Facts],
    digest: Callable[[Path], str],
) -> dict[str, Any]:
    parts = relative.split("/")
    language = parts[0] if parts[0] in {lang.code for lang in project.languages} else ""
    suffix = "." + relative.rsplit(".", 1)[-1] if "." in parts[-1] else ""
    kind = FORMATS.get(suffix, "asset")
    if relative.endswith(".akn.xml"):
        kind = "akn"
    # The IRI pages and the bulk data are the site's, not one document's (an IRI's
    # number segment may well be a document's name: …/2031-10-20/test-water/).
    document = "" if parts[0] in {IRI_ROOT, DATA_FOLDER} else document_of(relative, versions)
    entry: dict[str, Any] = {
        "path": relative,
        "language": language,
        "format": kind,
        "document": document,
    }
    if document:
        entry["version"] = versions[document]
        if document in facts:
            entry["stage"] = str(facts[document].stage or "")
        entry["source_sha256"] = digest(project.layout.source_file(document))
        if language and language != project.source_language.code:
            entry["catalog_sha256"] = digest(project.layout.catalog(language, document))
    return entry


def document_entry(facts: akn.Facts, version: str) -> dict[str, Any]:
    """What a document is, as the manifest records it."""
    return {
        "stage": str(facts.stage or ""),
        "symbol": facts.symbol,
        "date": facts.date,
        "authors": list(facts.authors),
        "version": version,
    }


def build_manifest(
    project: Project,
    staged: Mapping[str, Staged],
    versions: dict[str, str],
    facts: dict[str, akn.Facts],
) -> dict[str, Any]:
    """What the manifest of a site whose files are ``staged`` (path in the site → what
    was staged there) says, its edition aside; ``versions``: document → version date;
    ``facts``: document → what it is."""
    files = []
    digest = functools.cache(file_sha256)  # each source and catalog hashed once
    for relative in sorted(staged, key=lambda path: path.split("/")):
        entry = _describe(relative, project, versions, facts, digest)
        files.append({**entry, "sha256": staged[relative].sha256, "size": staged[relative].size})
    documents = {name: document_entry(facts[name], versions[name]) for name in sorted(facts)}
    return {"documents": documents, "files": files, "tools": tool_versions()}


# Editions (see build_tools/edition.py)


def manifest_bytes(body: Mapping[str, Any], edition: Edition) -> bytes:
    manifest = {**body, EDITION: edition.as_dict()}
    text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return text.encode("utf-8")


def next_edition(site: Path, body: Mapping[str, Any], last: int, now: str) -> Edition:
    """The edition a site with manifest ``body`` is published as, where ``last`` is the
    last edition the build records (0: none). If ``site`` already is that very site, and
    no later edition was published, it stays the edition it is (number and time): such a
    publish changes nothing. Otherwise it is one more than both."""
    current = _published(site)
    if current is not None:
        manifest, edition = current
        same = {key: value for key, value in manifest.items() if key != EDITION} == body
        if same and edition is not None and edition.number >= last:
            return edition
        last = max(last, edition.number if edition else 0)
    return Edition(last + 1, now)


def _published(site: Path) -> tuple[dict[str, Any], Edition | None] | None:
    """The manifest ``site`` holds and its edition; None if it holds none we can read."""
    try:
        manifest = _parsed(read_plain(site / MANIFEST, MANIFEST_LIMIT) or b"")
        return manifest, edition_of(manifest)
    except (ValueError, TypeError):
        return None


def _parsed(data: bytes) -> dict[str, Any]:
    """A manifest's JSON object; ValueError saying why ``data`` is none."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 ({error})") from None
    except RecursionError:
        raise ValueError("nested too deeply to be a manifest") from None
    if not isinstance(manifest, dict):
        raise ValueError("not a JSON object")
    return manifest


# Verification


@dataclass(frozen=True, slots=True)
class Verified:
    """What ``verify`` found: every problem, and the edition the manifest says it is
    (None if it says none, or cannot be read)."""

    problems: list[Diagnostic]
    edition: Edition | None


def verify_site(site: Path, key: Path | None = None) -> list[Diagnostic]:
    """Every difference between ``site`` and its manifest (see :func:`check_site`)."""
    return check_site(site, key).problems


def check_site(
    site: Path, key: Path | None = None, not_before: NotBefore | None = None
) -> Verified:
    """Every difference between ``site`` and its manifest; with ``key`` (a public key),
    also whether ``manifest.json.sig`` proves the manifest is the signer's; with
    ``not_before``, whether the site is that recent a publication.

    Every file under ``site``, at any depth, must be listed, but the manifest and its
    signature at its root. A published site holds plain files and folders only: a
    symbolic link (never followed), a named pipe or anything else is a problem."""
    shown = shown_in(site, MANIFEST)
    read = _read_manifest(site, shown)
    if isinstance(read, Diagnostic):
        return Verified([read], None)
    data, entries, edition = read
    problems = _unsafe(entries, shown)
    if problems:
        return Verified(problems, edition)
    problems += _signature(site, data, key)
    too_old = not_before.problem(edition) if not_before is not None else ""
    if too_old:
        problems.append(Diagnostic(shown, 0, too_old, "manifest-edition"))
    found, others = _walk(site, shown)
    problems += _compare(shown, entries, found, others)
    return Verified(problems, edition)


Entries = list[dict[str, Any]]


def shown_in(site: Path, name: str) -> str:
    """A file at the root of ``site`` as diagnostics name it (relative to the project
    when it is inside it)."""
    return f"{display_path(site)}/{name}"


def _read_manifest(site: Path, shown: str) -> tuple[bytes, Entries, Edition | None] | Diagnostic:
    """The manifest's bytes, file entries and edition, or why it cannot be trusted."""
    path = site / MANIFEST
    found = kind(path)
    data = read_plain(path, MANIFEST_LIMIT) if found == FILE else None
    try:
        if found != FILE:
            raise ValueError(f"{found}, not a file")
        if data is None:
            raise ValueError(f"larger than {MANIFEST_LIMIT >> 20} MiB, or replaced while read")
        manifest = _parsed(data)
        entries = manifest["files"]
        if not isinstance(entries, list) or not all(
            isinstance(e, dict)
            and isinstance(e.get("path"), str)
            and isinstance(e.get("sha256"), str)
            for e in entries
        ):
            raise TypeError("files must be a list of {path, sha256, …}")
        return data, entries, edition_of(manifest)
    except (ValueError, KeyError, TypeError) as error:
        return Diagnostic(shown, 0, f"malformed manifest: {error}", "manifest-malformed")


def _unsafe(entries: Entries, shown: str) -> list[Diagnostic]:
    return [
        Diagnostic(shown, 0, f"{e['path']}: not a path inside the site", "manifest-path")
        for e in entries
        if e["path"].startswith("/") or ".." in e["path"].split("/") or "\\" in e["path"]
    ]


SIGNATURE_LIMIT = 4096  # bytes: an Ed25519 signature in base64 is 89


def _signature(site: Path, manifest: bytes, key: Path | None) -> list[Diagnostic]:
    """The signature's problems: it is not a plain file (with or without ``key``), or it
    does not prove ``manifest`` is the holder's of ``key``."""
    path = site / SIGNATURE
    found = kind(path)
    if found not in {ABSENT, FILE}:
        message = f"{found}, not a file: a signature is a plain file beside the manifest"
        return [Diagnostic(shown_in(site, SIGNATURE), 0, message, "manifest-signature")]
    if key is None:
        return []
    signature = read_plain(path, SIGNATURE_LIMIT) if found == FILE else None
    if found == FILE and signature is None:
        message = f"larger than {SIGNATURE_LIMIT} bytes, or replaced while read: not a signature"
        return [Diagnostic(shown_in(site, SIGNATURE), 0, message, "manifest-signature")]
    why = signature_problem(manifest, signature, key)
    return [Diagnostic(shown_in(site, MANIFEST), 0, why, "manifest-signature")] if why else []


def _walk(site: Path, shown: str) -> tuple[dict[str, Path], dict[str, Diagnostic]]:
    """The plain files under ``site`` by their path relative to it (its own manifest and
    signature left out), and a problem for each thing there that is neither a plain file
    nor a folder, by its path. Symbolic links are never followed."""
    files: dict[str, Path] = {}
    others: dict[str, Diagnostic] = {}
    pending = [(site, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            message = f"{prefix or './'}: cannot be read ({error.strerror})"
            others[prefix] = Diagnostic(shown, 0, message, "manifest-unreadable")
            continue
        for entry in entries:
            relative, path = f"{prefix}{entry.name}", Path(entry.path)
            found = kind(path)
            if found == FOLDER:
                pending.append((path, f"{relative}/"))
            elif found == FILE and relative not in {MANIFEST, SIGNATURE}:
                files[relative] = path
            elif found != FILE and relative != SIGNATURE:  # see _signature
                others[relative] = _strange(shown, relative, path, found)
    return files, others


def _strange(shown: str, relative: str, path: Path, found: str) -> Diagnostic:
    if found == KINDS[stat.S_IFLNK]:
        message = (
            f"{relative}: a symbolic link (to {path.readlink()}); a published site "
            "holds none, and verify does not follow it"
        )
        return Diagnostic(shown, 0, message, "manifest-link")
    message = f"{relative}: {found}, not a file; a published site holds plain files only"
    return Diagnostic(shown, 0, message, "manifest-kind")


def _compare(
    shown: str, entries: Entries, found: dict[str, Path], others: dict[str, Diagnostic]
) -> list[Diagnostic]:
    """Each listed file against the plain file found at its path (a file reached only
    through a link is missing), then every file found that is not listed, then every
    thing that is not a plain file or folder."""
    problems = []
    listed = set()
    for entry in entries:
        relative = entry["path"]
        listed.add(relative)
        if relative in others:
            continue  # said below
        if relative not in found:
            message = f"{relative}: listed but missing"
            problems.append(Diagnostic(shown, 0, message, "manifest-missing"))
        elif _digest(found[relative]) != entry["sha256"]:
            message = f"{relative}: SHA-256 differs from the manifest"
            problems.append(Diagnostic(shown, 0, message, "manifest-hash"))
    for relative in sorted(set(found) - listed, key=_order):
        message = f"{relative}: not in the manifest"
        problems.append(Diagnostic(shown, 0, message, "manifest-extra"))
    return problems + [others[relative] for relative in sorted(others, key=_order)]


def _order(relative: str) -> list[str]:
    return relative.split("/")


def _digest(path: Path) -> str:
    """The SHA-256 of a plain file, opened without following a link ("" if it cannot be)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return ""
        return hashlib.file_digest(handle, "sha256").hexdigest()
