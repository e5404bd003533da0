"""What a build redoes per document, and what it reuses.

Each document goes from validate to merge. The build state keeps, per document, the
source's verdict (``validated/NAME``: validate's findings, while the source holds the
same content), its template (``documents/NAME``: extract's, likewise) and, language by
language, the rest of its way (``documents/NAME/LANG``: precheck, update, check and
merge, while the source and that language's catalog hold what they held and the
catalog and merged text are what that way left). So a changed catalog redoes its own
language of its own document. A step reused says again what it found.
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


DOCUMENTS = "documents/"  # documents/NAME: extract; documents/NAME/LANG: precheck to merge


def file_digest(path: Path) -> str:
    """A file's SHA-256, or what stands there instead (nothing, a folder)."""
    if path.is_file():
        return file_sha256(path)
    return "not a file" if path.exists() else "absent"


def source_inputs(project: Project, path: Path) -> str:
    """What validate and extract read of a document: its source, our code and tools,
    the settings (see ``Project.settings``)."""
    return fingerprint(code_fingerprint(), project.settings, file_digest(path))


def language_inputs(project: Project, path: Path, language: Language) -> str:
    """What one language of a document reads from precheck to merge: the source (its
    template is made from it), the language's catalog, our code and the settings."""
    catalog = project.layout.catalog(language.code, path.stem)
    own = "" if language == project.source_language else file_digest(catalog)
    return fingerprint(source_inputs(project, path), language.code, own)


def language_outputs(project: Project, name: str, language: Language) -> list[Path]:
    """What it leaves: the catalog and the merged text (those that exist)."""
    files = [project.layout.merged(language.code, name)]
    if language != project.source_language:
        files.append(project.layout.catalog(language.code, name))
    return [path for path in files if path.is_file()]


VERDICT = ("naming", "validate")  # what validate says of a source
VALIDATED = "validated/"  # state entries validated/NAME: a source's verdict
PER_LANGUAGE = ("precheck", "check", "merge")  # what is said of one language's catalog


@dataclass(slots=True)
class LanguageWay:
    """One language of a document from precheck to merge: what each phase said of it
    and whether merge let it through; or that, as the last build recorded it."""

    said: dict[str, list[Diagnostic]] = field(default_factory=lambda: {p: [] for p in PER_LANGUAGE})
    published: bool = False
    reused: bool = False


@dataclass(slots=True)
class DocumentRun:
    """One document's way from validate to merge: what each phase reported and the
    languages merge let through. What the last build recorded is reused when nothing
    it read or wrote has changed since: the source's verdict (``validated``), its
    template (``extracted``) and, language by language, the rest (``ways``)."""

    path: Path
    ways: dict[str, LanguageWay]
    validated: str = ""  # the SHA-256 of the source content validate passed
    extracted: bool = False
    source: SourceDocument | None = None  # as extract loaded it, for merge
    said: dict[str, list[Diagnostic]] = field(
        default_factory=lambda: {p: [] for p in (*VERDICT, "extract")}
    )

    @classmethod
    def start(cls, project: Project, state: BuildState | None, path: Path) -> DocumentRun:
        run = cls(path, {language.code: LanguageWay() for language in project.languages})
        if state is None:
            return run
        verdict = _recorded(state, VALIDATED + path.stem, source_inputs(project, path), [path])
        if verdict is None or not _said_again(run.said, verdict, VERDICT):
            return run
        run.validated = file_digest(path)
        template = [t for t in [project.layout.template(path.stem)] if t.is_file()]
        kept = _recorded(state, DOCUMENTS + path.stem, source_inputs(project, path), template)
        if kept is None or not _said_again(run.said, kept, ("extract",)):
            return run
        run.extracted = True
        for language in project.languages:
            key = f"{DOCUMENTS}{path.stem}/{language.code}"
            inputs = language_inputs(project, path, language)
            outputs = language_outputs(project, path.stem, language)
            memo = _recorded(state, key, inputs, outputs)
            way = LanguageWay(reused=True)
            if memo is not None and _said_again(way.said, memo, PER_LANGUAGE):
                way.published = memo.get("published") is True
                run.ways[language.code] = way
        return run

    @property
    def reused(self) -> bool:
        return self.extracted and all(way.reused for way in self.ways.values())

    def stale(self, project: Project) -> list[Language]:
        """The languages whose way is to be done."""
        return [lang for lang in project.languages if not self.ways[lang.code].reused]

    def prechecked(self, project: Project) -> list[Diagnostic]:
        targets = project.target_languages
        return [d for lang in targets for d in self.ways[lang.code].said["precheck"]]

    def stages(self, project: Project) -> list[Diagnostic]:
        """What check and merge said, in that order, language by language."""
        targets, every = project.target_languages, project.languages
        checked = [d for lang in targets for d in self.ways[lang.code].said["check"]]
        return checked + [d for lang in every for d in self.ways[lang.code].said["merge"]]

    @property
    def languages(self) -> frozenset[str]:
        """The languages merge let through."""
        return frozenset(code for code, way in self.ways.items() if way.published)

    def remember_verdict(self, project: Project, state: BuildState | None) -> None:
        if state is not None:
            memo = {phase: [note(d) for d in self.said[phase]] for phase in VERDICT}
            inputs = source_inputs(project, self.path)
            state.record(VALIDATED + self.path.stem, inputs, [self.path], memo)

    def remember(self, project: Project, state: BuildState | None) -> None:
        """Record what was done (the document went through without an error)."""
        if state is None:
            return
        name = self.path.stem
        if not self.extracted:
            memo = {"extract": [note(d) for d in self.said["extract"]]}
            template = [project.layout.template(name)]
            state.record(DOCUMENTS + name, source_inputs(project, self.path), template, memo)
        for language in self.stale(project):
            way = self.ways[language.code]
            kept: dict[str, Any] = {p: [note(d) for d in way.said[p]] for p in PER_LANGUAGE}
            kept["published"] = way.published
            inputs = language_inputs(project, self.path, language)
            outputs = language_outputs(project, name, language)
            state.record(f"{DOCUMENTS}{name}/{language.code}", inputs, outputs, kept)


def _recorded(
    state: BuildState, key: str, inputs: str, outputs: list[Path]
) -> dict[str, Any] | None:
    return state.memo(key) if state.fresh(key, inputs, outputs) else None


def _said_again(
    said: dict[str, list[Diagnostic]], memo: dict[str, Any], phases: tuple[str, ...]
) -> bool:
    """Put what ``memo`` says each of ``phases`` reported into ``said``; False when the
    record is damaged (then the phases are redone)."""
    try:
        found = {phase: [diagnostic(kept) for kept in memo[phase]] for phase in phases}
    except (KeyError, TypeError, ValueError):
        return False
    said.update(found)
    return True


def said(runs: list[DocumentRun], phase: str) -> list[Diagnostic]:
    """What every document reported in ``phase`` (validate's, extract), in order."""
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
