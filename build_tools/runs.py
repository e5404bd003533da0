"""What a build redoes per document, and what it reuses.

Each document goes from validate to merge. The build state keeps, per document, the
source's verdict (``validated/NAME``: validate's findings, while the source holds the
same content) and the rest of its way (``documents/NAME``: extract to merge, while its
source and catalogs hold what they held and its template, catalogs and merged texts are
what that way left). A step reused says again what it found.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, Severity
from build_tools.i18n.extract import SourceDocument
from build_tools.i18n.ui import UI_NAME
from build_tools.state import BuildState, code_fingerprint, file_sha256, fingerprint


def catalog_paths(
    project: Project, catalog_names: list[str], languages: list[Language]
) -> list[Path]:
    """The catalogs of ``catalog_names`` in ``languages``, existing or not."""
    return [
        project.layout.catalog(language.code, name)
        for name in catalog_names
        for language in languages
    ]


def note(diagnostic: Diagnostic) -> dict[str, object]:
    """A diagnostic as the build state keeps it (JSON)."""
    return {**dataclasses.asdict(diagnostic), "severity": diagnostic.severity.value}


def diagnostic(kept: dict[str, Any]) -> Diagnostic:
    """A diagnostic the build state kept (see :func:`note`)."""
    return Diagnostic(**{**kept, "severity": Severity(kept["severity"])})


DOCUMENTS = "documents/"  # state entries documents/NAME: one document, extract to merge


def file_digest(path: Path) -> str:
    """A file's SHA-256, or what stands there instead (nothing, a folder)."""
    if path.is_file():
        return file_sha256(path)
    return "not a file" if path.exists() else "absent"


def document_inputs(project: Project, path: Path) -> str:
    """What one document's way from extract to merge reads: its source and catalogs as
    they are now, our code and tools, the settings (see ``Project.settings``)."""
    catalogs = catalog_paths(project, [path.stem], list(project.target_languages))
    return fingerprint(
        code_fingerprint(),
        project.settings,
        file_digest(path),
        *(file_digest(po) for po in catalogs),
    )


def document_outputs(project: Project, name: str) -> list[Path]:
    """What they leave: its template, catalogs and merged expressions (those that exist)."""
    layout = project.layout
    files = [layout.template(name), *catalog_paths(project, [name], list(project.target_languages))]
    files += [layout.merged(language.code, name) for language in project.languages]
    return [path for path in files if path.is_file()]


VERDICT = ("naming", "validate")  # what validate says of a source
PHASES = ("extract", "precheck", "stages")  # then of its catalogs (stages: update to merge)
VALIDATED = "validated/"  # state entries validated/NAME: a source's verdict


def source_inputs(project: Project, path: Path) -> str:
    """What validate reads of a document: its source, our code and tools, the settings
    (see ``Project.settings``)."""
    return fingerprint(code_fingerprint(), project.settings, file_digest(path))


@dataclass(slots=True)
class DocumentRun:
    """One document's way from validate to merge: what each phase reported (``said``,
    by phase) and the languages merge let through. What the last build recorded is
    reused when nothing it read or wrote has changed since: the source's verdict
    (``validated``), and the rest (``reused``)."""

    path: Path
    validated: str = ""  # the SHA-256 of the source content validate passed
    reused: bool = False
    source: SourceDocument | None = None  # as extract loaded it, for merge
    said: dict[str, list[Diagnostic]] = field(
        default_factory=lambda: {p: [] for p in (*VERDICT, *PHASES)}
    )
    languages: frozenset[str] = frozenset()

    @classmethod
    def start(cls, project: Project, state: BuildState | None, path: Path) -> DocumentRun:
        run = cls(path)
        if state is None:
            return run
        verdict = _recorded(state, VALIDATED + path.stem, source_inputs(project, path), [path])
        if verdict is None or not _said_again(run, verdict, VERDICT):
            return run
        run.validated = file_digest(path)
        outputs = document_outputs(project, path.stem)
        memo = _recorded(state, DOCUMENTS + path.stem, document_inputs(project, path), outputs)
        if memo is not None and _said_again(run, memo, PHASES):
            try:
                run.languages = frozenset(str(code) for code in memo["languages"])
                run.reused = True
            except (KeyError, TypeError):  # a damaged record: the document is redone
                pass
        return run

    def remember_verdict(self, project: Project, state: BuildState | None) -> None:
        if state is not None:
            memo = {phase: [note(d) for d in self.said[phase]] for phase in VERDICT}
            inputs = source_inputs(project, self.path)
            state.record(VALIDATED + self.path.stem, inputs, [self.path], memo)

    def remember(self, project: Project, state: BuildState | None) -> None:
        if state is not None:
            memo: dict[str, Any] = {p: [note(d) for d in self.said[p]] for p in PHASES}
            memo["languages"] = sorted(self.languages)
            inputs = document_inputs(project, self.path)
            outputs = document_outputs(project, self.path.stem)
            state.record(DOCUMENTS + self.path.stem, inputs, outputs, memo)


def _recorded(
    state: BuildState, key: str, inputs: str, outputs: list[Path]
) -> dict[str, Any] | None:
    return state.memo(key) if state.fresh(key, inputs, outputs) else None


def _said_again(run: DocumentRun, memo: dict[str, Any], phases: tuple[str, ...]) -> bool:
    """Put what ``memo`` says each of ``phases`` reported into ``run``; False when the
    record is damaged (then the phases are redone)."""
    try:
        found = {phase: [diagnostic(kept) for kept in memo[phase]] for phase in phases}
    except (KeyError, TypeError, ValueError):
        return False
    run.said.update(found)
    return True


def said(runs: list[DocumentRun], phase: str) -> list[Diagnostic]:
    """What every document reported in ``phase``, in document order."""
    return [diagnostic for run in runs for diagnostic in run.said[phase]]


INTERFACE = "interface"  # the state entry of the interface catalogs: template to check
SAID = ("precheck", "check")  # what it keeps of them


def interface_inputs(project: Project) -> str:
    """What the interface catalogs' way reads: the catalogs, our code (where the
    template's strings are), the settings."""
    catalogs = catalog_paths(project, [UI_NAME], list(project.target_languages))
    return fingerprint(code_fingerprint(), project.settings, *(file_digest(p) for p in catalogs))


def interface_outputs(project: Project) -> list[Path]:
    catalogs = catalog_paths(project, [UI_NAME], list(project.target_languages))
    files = [project.layout.template(UI_NAME), *catalogs]
    return [path for path in files if path.is_file()]


def reused_interface(
    project: Project, state: BuildState | None
) -> dict[str, list[Diagnostic]] | None:
    """What precheck and check said of the interface catalogs last time, when nothing
    they read or wrote has changed since; None: they are to be done."""
    if state is None:
        return None
    kept = _recorded(state, INTERFACE, interface_inputs(project), interface_outputs(project))
    try:
        return None if kept is None else {p: [diagnostic(k) for k in kept[p]] for p in SAID}
    except (KeyError, TypeError, ValueError):  # a damaged record: done again
        return None


def remember_interface(
    project: Project, state: BuildState | None, said: dict[str, list[Diagnostic]]
) -> None:
    if state is not None:
        memo = {phase: [note(d) for d in said[phase]] for phase in SAID}
        state.record(INTERFACE, interface_inputs(project), interface_outputs(project), memo)
