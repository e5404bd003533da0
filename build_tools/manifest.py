"""``site/manifest.json``: what was published, from what, with what.

Every published file with its SHA-256 and size, its language, format and document, and
the fingerprints of the source and catalog it came from; plus the tool versions.
``python -m build_tools verify`` checks a site against it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.akn import model as akn
from build_tools.config import Project
from build_tools.diagnostics import Diagnostic
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
    document's name may begin another's (``res-1``, ``res-10``)."""
    parts = relative.split("/")
    found = [name for name in names if name in parts[:-1] or parts[-1].startswith(f"{name}.")]
    return max(found, key=len, default="")


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
    document = document_of(relative, versions)
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
) -> bytes:
    """The manifest of a site whose files are ``staged`` (path in the site → what was
    staged there), ``versions``: document → version date; ``facts``: document → what it is."""
    files = []
    digest = functools.cache(file_sha256)  # each source and catalog hashed once
    for relative in sorted(staged, key=lambda path: path.split("/")):
        entry = _describe(relative, project, versions, facts, digest)
        files.append({**entry, "sha256": staged[relative].sha256, "size": staged[relative].size})
    documents = {name: document_entry(facts[name], versions[name]) for name in sorted(facts)}
    manifest = {"documents": documents, "files": files, "tools": tool_versions()}
    return (json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode(
        "utf-8"
    )


def _entries(site: Path, shown: str) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """The manifest's file entries, or why the manifest cannot be trusted."""
    try:
        manifest = json.loads((site / MANIFEST).read_text("utf-8"))
        entries = manifest["files"]
        if not isinstance(entries, list) or not all(
            isinstance(e, dict)
            and isinstance(e.get("path"), str)
            and isinstance(e.get("sha256"), str)
            for e in entries
        ):
            raise TypeError("files must be a list of {path, sha256, …}")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        return [], [Diagnostic(shown, 0, f"malformed manifest: {error}", "manifest-malformed")]
    unsafe = [
        Diagnostic(shown, 0, f"{e['path']}: not a path inside the site", "manifest-path")
        for e in entries
        if e["path"].startswith("/") or ".." in e["path"].split("/") or "\\" in e["path"]
    ]
    return entries, unsafe


def verify_site(site: Path, key: Path | None = None) -> list[Diagnostic]:
    """Every difference between ``site`` and its manifest; with ``key`` (a public key),
    also whether ``manifest.json.sig`` proves the manifest is the signer's."""
    shown = f"{site}/{MANIFEST}"
    entries, problems = _entries(site, shown)
    if problems:
        return problems
    if key is not None:
        signature = site / SIGNATURE
        why = signature_problem(
            (site / MANIFEST).read_bytes(),
            signature.read_bytes() if signature.exists() else None,
            key,
        )
        if why:
            problems.append(Diagnostic(shown, 0, why, "manifest-signature"))
    listed = set()
    for entry in entries:
        listed.add(entry["path"])
        path = site / entry["path"]
        if not path.is_file():
            problems.append(
                Diagnostic(shown, 0, f"{entry['path']}: listed but missing", "manifest-missing")
            )
        elif file_sha256(path) != entry["sha256"]:
            problems.append(
                Diagnostic(
                    shown, 0, f"{entry['path']}: SHA-256 differs from the manifest", "manifest-hash"
                )
            )
    for path in sorted(
        p for p in site.rglob("*") if p.is_file() and p.name not in {MANIFEST, SIGNATURE}
    ):
        if path.relative_to(site).as_posix() not in listed:
            problems.append(
                Diagnostic(
                    shown,
                    0,
                    f"{path.relative_to(site).as_posix()}: not in the manifest",
                    "manifest-extra",
                )
            )
    return problems
