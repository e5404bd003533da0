"""The stages wired together, as the command line and nox use them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from build_tools.catalogs import read_catalog, write_catalog
from build_tools.check import check_catalog
from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, Severity, StageFailed, count_errors
from build_tools.extract import SourceDocument, catalog_path, extract, load_source, template_path
from build_tools.gate import OFFICIAL, language_status
from build_tools.merge import MergeResult, merge_document, merged_path
from build_tools.precheck import precheck, unconfigured_folders
from build_tools.publication import Publication
from build_tools.publish import publish
from build_tools.render import Rendered, render_document
from build_tools.site_build import build_site
from build_tools.stats import CatalogStats, catalog_stats
from build_tools.ui import UI_NAME, ui_template
from build_tools.update import update_language

UI_CATALOG_DATE = datetime(2026, 11, 28, tzinfo=UTC)  # when the interface catalog was begun


@dataclass(slots=True)
class Outcome:
    """What a stage did: files written, problems found (warnings included)."""

    changed: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    merged: list[MergeResult] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return count_errors(self.diagnostics) > 0


def names(paths: list[Path]) -> list[str]:
    """Catalog names: one per document, plus the interface strings."""
    return [*(path.stem for path in paths), UI_NAME]


def run_extract(project: Project, documents: list[Path]) -> Outcome:
    changed, warnings = extract(project, documents)
    if write_catalog(ui_template(UI_CATALOG_DATE, project.team, template_path(project, UI_NAME))):
        changed.append(template_path(project, UI_NAME))
    return Outcome(changed=changed, diagnostics=warnings)


def run_update(project: Project, documents: list[Path], languages: list[Language]) -> Outcome:
    """Bring every catalog in line with its template; a catalog with an error as written
    stops the update before any file is rewritten."""
    outcome = Outcome(diagnostics=precheck_catalogs(project, documents, languages))
    if outcome.failed:
        raise StageFailed(outcome.diagnostics)
    for name in names(documents):
        template = template_path(project, name)
        if not template.exists():
            raise StageFailed(
                [Diagnostic(str(template), 0, "template missing; run extract first", "pot-missing")]
            )
        for language in languages:
            po = catalog_path(project, language.code, name)
            if update_language(project, language, template, po):
                outcome.changed.append(po)
    return outcome


def precheck_catalogs(
    project: Project, documents: list[Path], languages: list[Language]
) -> list[Diagnostic]:
    """Every existing catalog of ``languages`` checked as written (see precheck)."""
    found = unconfigured_folders(project.translations, project.languages)
    for name in names(documents):
        for language in languages:
            path = catalog_path(project, language.code, name)
            if path.exists():
                found += precheck(path, language)
    return found


def run_check(project: Project, documents: list[Path], languages: list[Language]) -> Outcome:
    outcome = Outcome()
    for name in names(documents):
        template = read_catalog(template_path(project, name))
        for language in languages:
            path = catalog_path(project, language.code, name)
            if path.exists():
                outcome.diagnostics += check_catalog(read_catalog(path), template, language.code)
    return outcome


def run_stats(
    project: Project, documents: list[Path], languages: list[Language]
) -> list[CatalogStats]:
    rows = []
    for name in names(documents):
        for language in languages:
            path = catalog_path(project, language.code, name)
            if path.exists():
                rows.append(catalog_stats(read_catalog(path), name, language.code))
    return rows


def merge_one(project: Project, source: SourceDocument, language: Language) -> Outcome:
    if language == project.source_language:
        return Outcome(merged=[merge_document(project, source, language, None)])
    status = language_status(project, source.name, language)
    if not status.listed:
        merged_path(project, language.code, source.name).unlink(missing_ok=True)  # stale
        notice = f"not published in {language.code}: {status.reason}; readers of {language.code} are shown the original"
        return Outcome(
            diagnostics=[Diagnostic(source.shown, 0, notice, "gate-unlisted", Severity.WARNING)]
        )
    path = catalog_path(project, language.code, source.name)
    po = read_catalog(path)
    problems = check_catalog(po, read_catalog(template_path(project, source.name)), language.code)
    if count_errors(problems):
        return Outcome(diagnostics=problems)
    official = status.status == OFFICIAL
    return Outcome(merged=[merge_document(project, source, language, po, authoritative=official)])


def run_merge(project: Project, documents: list[Path], languages: list[Language]) -> Outcome:
    outcome = Outcome()
    for path in documents:
        source = load_source(path)
        for language in languages:
            result = merge_one(project, source, language)
            outcome.diagnostics += result.diagnostics
            outcome.merged += result.merged
            outcome.changed += [m.path for m in result.merged if m.changed]
    return outcome


def run_render(
    project: Project, documents: list[Path], languages: list[Language], formats: tuple[str, ...]
) -> list[Rendered]:
    """Render every merged expression of ``documents`` in ``languages``."""
    published = Publication.from_files(project, [path.stem for path in documents])
    results: list[Rendered] = []
    for name, language in published.pairs(project, [path.stem for path in documents]):
        if language in languages:
            results += render_document(project, name, language, formats)
    return results


def run_site(project: Project, documents: list[Path]) -> list[Path]:
    names = [path.stem for path in documents]
    return build_site(project, names, Publication.from_files(project, names))


def run_publish(project: Project, documents: list[Path]) -> list[Path]:
    from build_tools.build import document_versions
    from build_tools.versions import source_facts

    names = [path.stem for path in documents]
    published = Publication.from_files(project, names)
    return publish(project, names, published, document_versions(documents), source_facts(documents))
