"""The publication gate and stage merge: for each language of a document, the gate's
verdict (given with check's, see ``catalogs``) lets it through or not; each language let
through is merged by a job.

    job               inputs                                    outputs                record
    merge/NAME/LANG   the source, the catalog (its digest),     build/akn/LANG/NAME    MergeResult
                      the template's inputs

A language the gate does not let through has no job: its stale expression is removed
and the build says why, each time.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

from build_tools.akn.versions import source_facts
from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, Severity, display_path
from build_tools.i18n.catalogs import PoFile, read_catalog
from build_tools.i18n.check import Checked
from build_tools.i18n.extract import SourceDocument, load_source
from build_tools.i18n.gate import OFFICIAL, LanguageStatus, language_status
from build_tools.i18n.merge import MergeResult, merge_document
from build_tools.i18n.ui import UI_NAME
from build_tools.jobs import Job
from build_tools.stages.catalogs import check_all
from build_tools.stages.records import (
    Extracted,
    Outcome,
    Verdict,
    catalog_inputs,
    file_digest,
    interface_inputs,
)
from build_tools.state import BuildState, fingerprint

Source = Callable[[], SourceDocument]  # a document's source, loaded when first needed


def source_loader(path: Path, extracted: Extracted, validated: str) -> Source:
    """The source as extract loaded it, or (its template reused) loaded once when a
    merge needs it; ``validated``: the SHA-256 of the content validate passed."""
    loaded = extracted.source
    if loaded is not None:
        return lambda: loaded
    return functools.cache(functools.partial(load_source, path, validated))


def unlisted(
    project: Project, path: Path, language: Language, status: LanguageStatus
) -> Diagnostic:
    """What the build says of a language the gate keeps back; its stale expression goes."""
    project.layout.merged(language.code, path.stem).unlink(missing_ok=True)
    code = language.code
    notice = f"not published in {code}: {status.reason}; readers of {code} are shown the original"
    return Diagnostic(display_path(path), 0, notice, "gate-unlisted", Severity.WARNING)


def merge_language(
    project: Project,
    source: Source,
    language: Language,
    po: PoFile | Path | None,
    official: bool,
) -> MergeResult:
    """The expression of ``language`` (``po``: its catalog, or where to read it; none for
    the source language)."""
    if po is None:
        return merge_document(project, source(), language, None)
    catalog = po if isinstance(po, PoFile) else read_catalog(po)
    return merge_document(project, source(), language, catalog, authoritative=official)


def merge_job(
    project: Project,
    path: Path,
    language: Language,
    source: Source,
    inputs: str,
    verdict: Verdict | None,
) -> Job[MergeResult]:
    """``inputs``: what the template is made from; ``verdict``: check's and the gate's on
    the catalog (None for the source language)."""
    name, code = path.stem, language.code
    po: PoFile | Path | None = None
    if verdict is not None:
        po = verdict.checked.po if verdict.checked else project.layout.catalog(code, name)
    official = verdict is not None and verdict.status.status == OFFICIAL
    work = functools.partial(merge_language, project, source, language, po, official)
    job_inputs = catalog_inputs(inputs, code, verdict.catalog if verdict else "")
    outputs = (project.layout.merged(code, name),)
    return Job(f"merge/{name}/{code}", f"merge {name} {code}", job_inputs, outputs, work)


def gate(
    project: Project,
    path: Path,
    source: Source,
    inputs: str,
    verdicts: dict[str, Verdict],
) -> tuple[list[Job[MergeResult]], list[Diagnostic]]:
    """The merge jobs of the languages of one document the gate lets through
    (``verdicts``: check's, by language code), and what it says of the others."""
    jobs, said = [], []
    for language in project.languages:
        verdict = verdicts.get(language.code)
        if language == project.source_language:
            jobs.append(merge_job(project, path, language, source, inputs, None))
        elif verdict is None or not verdict.status.listed:
            status = (
                verdict.status if verdict else language_status(project, path.stem, language, None)
            )
            said.append(unlisted(project, path, language, status))
        else:
            jobs.append(merge_job(project, path, language, source, inputs, verdict))
    return jobs, said


def expected(project: Project, inputs: dict[Path, str], state: BuildState) -> tuple[int, int]:
    """How many merges, and renders, the catalog stages are expected to start (``inputs``:
    each source's fingerprint): one per language of each document whose source or
    catalog changed since its check or merge; every render when an interface catalog
    did. (A job whose outputs went missing is not foreseen, and runs all the same.)"""
    glossary = file_digest(project.layout.glossary())

    def probe(name: str, language: Language, given: str) -> bool:
        """Whether the job that would redo one language of ``name`` (its check; the
        source language's merge) is done from these inputs, as the files are now."""
        code = language.code
        if language == project.source_language:
            return state.same_inputs(f"merge/{name}/{code}", catalog_inputs(given, code, ""))
        digest = file_digest(project.layout.catalog(code, name))
        job_inputs = fingerprint(catalog_inputs(given, code, digest), glossary)
        return state.same_inputs(f"check/{name}/{code}", job_inputs)

    merges = sum(
        not probe(path.stem, language, source)
        for path, source in inputs.items()
        for language in project.languages
    )
    ui = interface_inputs(project)
    if all(probe(UI_NAME, language, ui) for language in project.target_languages):
        return merges, merges
    return merges, len(inputs) * len(project.languages)


# The command line's stages (no build state: everything is done)


def merge_one(
    project: Project, source: SourceDocument, language: Language, checked: Checked | None
) -> Outcome:
    if language == project.source_language:
        return Outcome(merged=(merge_document(project, source, language, None),))
    status = language_status(project, source.name, language, checked)
    if checked is None or not status.listed:
        return Outcome(diagnostics=(unlisted(project, source.path, language, status),))
    if checked.errors:
        return Outcome(diagnostics=checked.diagnostics)
    official = status.status == OFFICIAL
    merged = merge_document(project, source, language, checked.po, authoritative=official)
    return Outcome(merged=(merged,))


def run_merge(project: Project, documents: list[Path], languages: list[Language]) -> Outcome:
    """Merge every document into ``languages``, each catalog checked first."""
    verdicts = check_all(project, documents, list(project.target_languages))
    found: list[Diagnostic] = []
    merged: list[MergeResult] = []
    for path in documents:
        source = load_source(path)
        for language in languages:
            verdict = verdicts.get((path.stem, language.code))
            outcome = merge_one(project, source, language, verdict.checked if verdict else None)
            found += outcome.diagnostics
            merged += outcome.merged
    changed = tuple(result.path for result in merged if result.changed)
    return Outcome(changed=changed, diagnostics=tuple(found), merged=tuple(merged))


def run_status(
    project: Project, documents: list[Path], languages: list[Language]
) -> list[LanguageStatus]:
    """The gate's verdict for every document in ``languages``."""
    verdicts = check_all(project, documents, list(project.target_languages))
    facts = source_facts(documents)
    rows = []
    for path in documents:
        for language in languages:
            verdict = verdicts.get((path.stem, language.code))
            checked = verdict.checked if verdict else None
            status = language_status(project, path.stem, language, checked)
            if path.stem in facts:
                found = facts[path.stem]
                status = dataclasses.replace(
                    status, stage=str(found.stage or ""), symbol=found.symbol
                )
            rows.append(status)
    return rows
