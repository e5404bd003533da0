"""What each catalog stage hands the next, as frozen records, and how the build state
keeps them (see :class:`build_tools.jobs.Kept`): a fresh job's record is handed on as
its job left it, and what it reported is said again.

    stage     record        kept (JSON)                        handed on to
    validate  Validated     naming, validate, content          extract (no validation again)
    extract   Extracted     extract                            update, merge (the source)
    precheck  Prechecked    precheck                           (the build stops on an error)
    update    Updated       (nothing)                          check (the catalog as read)
    check     Verdict       check, status, catalog             the gate, merge
    merge     MergeResult   fallbacks, authoritative           render (what may be published)

A record with an error is not kept: its job is done again next time.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.config import Project
from build_tools.diagnostics import Diagnostic, Severity, count_errors
from build_tools.i18n.catalogs import PoFile
from build_tools.i18n.check import Checked
from build_tools.i18n.extract import SourceDocument
from build_tools.i18n.gate import LanguageStatus, Status
from build_tools.i18n.merge import MergeResult
from build_tools.jobs import Notes
from build_tools.state import (
    code_files,
    code_fingerprint,
    file_sha256,
    fingerprint,
    statuses,
    tool_versions,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a stage of the command line did: files written, problems found (warnings
    included), expressions merged."""

    changed: tuple[Path, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    merged: tuple[MergeResult, ...] = ()

    @property
    def failed(self) -> bool:
        return count_errors(self.diagnostics) > 0


# Fingerprints: each job's is taken before it reads what it names.


def file_digest(path: Path) -> str:
    """A file's SHA-256, or what stands there instead (nothing, a folder)."""
    if path.is_file():
        return file_sha256(path)
    return "not a file" if path.exists() else "absent"


def source_inputs(project: Project, path: Path) -> str:
    """What validate and extract read of a document: its source, our code and tools,
    the settings (see ``Project.settings``)."""
    return fingerprint(code_fingerprint(), project.settings, file_digest(path))


def interface_inputs(project: Project) -> str:
    """What the interface strings' template is made from: our code and the settings."""
    return fingerprint(code_fingerprint(), project.settings)


def catalog_inputs(template: str, code: str, catalog: str) -> str:
    """What check and merge read of one catalog: its template (``template``: what that is
    made from), the language and the catalog's content (its digest)."""
    return fingerprint(template, code, catalog)


class BuildInputs:
    """Everything a build reads: our code and tools, the settings, every file under the
    source and translation folders, and the signing key's public half. Their statuses
    are taken as it is made, before anything is read (see ``BuildState.fresh_build``);
    their fingerprint, from the files' contents, when first asked."""

    def __init__(self, project: Project, signing_key: Ed25519PrivateKey | None) -> None:
        folders = (project.source, project.translations)
        self.files = sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())
        self.parts = (
            project.settings,
            signing_key.public_key().public_bytes_raw().hex() if signing_key else "",
        )
        tools = json.dumps(tool_versions(), sort_keys=True)
        self.statuses = statuses([*code_files(), *self.files], *self.parts, tools)

    @functools.cached_property
    def digest(self) -> str:
        return fingerprint(
            code_fingerprint(),
            *self.parts,
            *(f"{path.as_posix()}:{file_sha256(path)}" for path in self.files),
        )


def build_inputs(project: Project, signing_key: Ed25519PrivateKey | None) -> BuildInputs:
    """What a whole build reads (see :class:`BuildInputs`)."""
    return BuildInputs(project, signing_key)


# Diagnostics as the build state keeps them


def note(diagnostic: Diagnostic) -> dict[str, object]:
    """A diagnostic as the build state keeps it (JSON)."""
    return {**dataclasses.asdict(diagnostic), "severity": diagnostic.severity.value}


def notes(diagnostics: tuple[Diagnostic, ...]) -> list[dict[str, object]]:
    return [note(diagnostic) for diagnostic in diagnostics]


def diagnostic(kept: object) -> Diagnostic:
    """A diagnostic the build state kept (see :func:`note`); TypeError, KeyError or
    ValueError when the record is damaged."""
    if not isinstance(kept, Mapping):
        raise TypeError(f"not a diagnostic: {kept!r}")
    return Diagnostic(
        _text(kept["path"]),
        _number(kept["line"]),
        _text(kept["message"]),
        _text(kept["code"]),
        Severity(kept["severity"]),
        _number(kept["column"]),
    )


def diagnostics(kept: object) -> tuple[Diagnostic, ...]:
    if not isinstance(kept, list):
        raise TypeError(f"not a list of diagnostics: {kept!r}")
    return tuple(diagnostic(entry) for entry in kept)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not text: {value!r}")
    return value


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"not true or false: {value!r}")
    return value


# The records, and how each is kept


@dataclass(frozen=True, slots=True)
class Validated:
    """validate's verdict on one source: what no single document shows (its name, its
    language), then the schema's and our rules' findings."""

    naming: tuple[Diagnostic, ...]
    problems: tuple[Diagnostic, ...]
    content: str  # the SHA-256 of the content validated: extract need not validate it again

    @property
    def passed(self) -> bool:
        return not count_errors(self.naming + self.problems)


class KeptValidated:
    def keep(self, result: Validated) -> Notes | None:
        if not result.passed:
            return None
        return {
            "naming": notes(result.naming),
            "validate": notes(result.problems),
            "content": result.content,
        }

    def restore(self, kept: Mapping[str, object]) -> Validated:
        return Validated(
            diagnostics(kept["naming"]), diagnostics(kept["validate"]), _text(kept["content"])
        )


@dataclass(frozen=True, slots=True)
class Extracted:
    """extract's: its warnings, and the source as it loaded it, for merge (None when
    its template was reused: merge loads it if it needs it)."""

    warnings: tuple[Diagnostic, ...]
    source: SourceDocument | None = field(default=None, compare=False)


class KeptExtracted:
    def keep(self, result: Extracted) -> Notes | None:
        return {"extract": notes(result.warnings)}

    def restore(self, kept: Mapping[str, object]) -> Extracted:
        return Extracted(diagnostics(kept["extract"]))


@dataclass(frozen=True, slots=True)
class Prechecked:
    """One catalog checked as written, before anything rewrites it (see precheck)."""

    diagnostics: tuple[Diagnostic, ...]


class KeptPrechecked:
    def keep(self, result: Prechecked) -> Notes | None:
        return None if count_errors(result.diagnostics) else {"precheck": notes(result.diagnostics)}

    def restore(self, kept: Mapping[str, object]) -> Prechecked:
        return Prechecked(diagnostics(kept["precheck"]))


@dataclass(frozen=True, slots=True)
class Updated:
    """One catalog brought in line with its template: whether update rewrote it, and,
    when it left it as it was, the catalog as it read it (so that check need not read
    or precheck it again) with the digest taken before reading."""

    changed: bool
    verified: PoFile | None = field(default=None, compare=False)
    digest: str = ""


class KeptUpdated:
    def keep(self, result: Updated) -> Notes | None:
        return {}

    def restore(self, kept: Mapping[str, object]) -> Updated:
        return Updated(changed=False)


@dataclass(frozen=True, slots=True)
class Verdict:
    """check's verdict on one catalog, and the gate's on the language it gives (the
    catalog read is handed on to merge when check read it in this build). ``catalog``:
    the digest of the content it was made from, which merge's fingerprint takes."""

    diagnostics: tuple[Diagnostic, ...]
    status: LanguageStatus
    catalog: str
    checked: Checked | None = field(default=None, compare=False)

    @property
    def failed(self) -> bool:
        return count_errors(self.diagnostics) > 0


class KeptVerdict:
    def keep(self, result: Verdict) -> Notes | None:
        if result.failed:
            return None
        status = {**dataclasses.asdict(result.status), "status": result.status.status.value}
        return {"check": notes(result.diagnostics), "status": status, "catalog": result.catalog}

    def restore(self, kept: Mapping[str, object]) -> Verdict:
        return Verdict(diagnostics(kept["check"]), _status(kept["status"]), _text(kept["catalog"]))


def _status(kept: object) -> LanguageStatus:
    if not isinstance(kept, Mapping):
        raise TypeError(f"not a language status: {kept!r}")
    percent = kept["percent"]
    if not isinstance(percent, int | float) or isinstance(percent, bool):
        raise TypeError(f"not a percentage: {percent!r}")
    return LanguageStatus(
        _text(kept["document"]),
        _text(kept["language"]),
        float(percent),
        _number(kept["fuzzy"]),
        _text(kept["approval"]),
        _number(kept["errors"]),
        Status(kept["status"]),
        _text(kept["reason"]),
        _text(kept["stage"]),
        _text(kept["symbol"]),
    )


@dataclass(frozen=True, slots=True)
class KeptMerge:
    """merge's results for the expressions of one document (``path``: where ``language``'s
    is, see the layout)."""

    project: Project
    name: str

    def keep(self, result: MergeResult) -> Notes | None:
        return {
            "language": result.language,
            "fallbacks": list(result.fallbacks),
            "authoritative": result.authoritative,
        }

    def restore(self, kept: Mapping[str, object]) -> MergeResult:
        code, fallbacks = _text(kept["language"]), kept["fallbacks"]
        if not isinstance(fallbacks, list):
            raise TypeError(f"not a list of keys: {fallbacks!r}")
        path = self.project.layout.merged(code, self.name)
        keys = tuple(_text(key) for key in fallbacks)
        return MergeResult(code, path, keys, _flag(kept["authoritative"]), changed=False)
