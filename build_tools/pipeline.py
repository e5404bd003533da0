"""The pipeline: every stage as one function, and ``build``, which runs them in order.

    stage     reads                                   writes
    validate  source/*.xml, pyproject.toml            (diagnostics)
    extract   source/*.xml                            translations/*.pot
    update    translations/*.pot, <lang>/*.po         translations/<lang>/*.po
    check     translations/<lang>/*.po, *.pot         (a verdict per catalog)
    merge     source, catalogs, verdicts (the gate)   build/akn/<lang>/*.xml
    render    build/akn, ui.po                        build/downloads/<lang>/*.{pdf,epub}
    site      build/akn, build/downloads, ui.po       build/site/
    publish   build/                                  site/ (with manifest.json)

Each catalog is checked once per build; the verdict goes on to the publication gate and
to merge. Render and site hand their work to the one job runner
(:mod:`build_tools.jobs`), which skips what is still fresh. The command line's
subcommands call these same functions.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools import warm
from build_tools.akn.versions import source_facts, version_dates
from build_tools.akn.xmlio import read_bytes
from build_tools.config import Language, Project, check_publishing
from build_tools.diagnostics import (
    Diagnostic,
    Severity,
    StageCrashed,
    StageFailed,
    UsageError,
    count_errors,
)
from build_tools.i18n.catalogs import PoFile, read_catalog, write_catalog
from build_tools.i18n.check import Checked, check_catalog
from build_tools.i18n.extract import SourceDocument, extract, extract_source, load_source
from build_tools.i18n.gate import OFFICIAL, LanguageStatus, language_status
from build_tools.i18n.merge import MergeResult, merge_document
from build_tools.i18n.precheck import precheck, unconfigured_folders
from build_tools.i18n.publication import Publication
from build_tools.i18n.stats import CatalogStats, catalog_stats
from build_tools.i18n.ui import UI_NAME, ui_template
from build_tools.i18n.update import update_language
from build_tools.jobs import Job, JobQueue, JobsDone, Workers, run_jobs
from build_tools.layout import DOWNLOAD_FORMATS, RENDER_FORMATS, RenderFormat
from build_tools.runs import (
    DocumentRun,
    catalog_paths,
    diagnostic,
    note,
    remember_interface,
    reused_interface,
    said,
)
from build_tools.state import (
    BuildState,
    build_lock,
    code_fingerprint,
    file_sha256,
    fingerprint,
    sha256,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from build_tools.publish import Published
    from build_tools.render.outputs import Rendered

Report = Callable[[str], None]
UI_CATALOG_DATE = datetime(2026, 11, 28, tzinfo=UTC)  # when the interface catalog was begun


def _silent(message: str) -> None:
    pass


@dataclass(slots=True)
class Outcome:
    """What a stage did: files written, problems found (warnings included)."""

    changed: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    merged: list[MergeResult] = field(default_factory=list)
    # Catalogs GNU msgfmt passed as written and nothing rewrote since, as update read
    # them, and the templates it read (update → check).
    verified: dict[Path, PoFile] = field(default_factory=dict)
    templates: dict[str, PoFile] = field(default_factory=dict)
    # check's verdict per (document, language code), for the gate and merge.
    checked: dict[tuple[str, str], Checked] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return count_errors(self.diagnostics) > 0


def names(paths: list[Path]) -> list[str]:
    """Catalog names: one per document, plus the interface strings."""
    return [*(path.stem for path in paths), UI_NAME]


# The catalog stages


def run_validate(project: Project, documents: list[Path]) -> list[Diagnostic]:
    from build_tools.akn.validate import project_problems, validate_paths
    from build_tools.akn.versions import duplicate_expressions

    found = project_problems(project, documents) + validate_paths(documents)
    return found + duplicate_expressions(documents, documents)


def run_extract(project: Project, documents: list[Path]) -> Outcome:
    changed, warnings = extract(project, documents)
    return Outcome(changed=changed + write_interface_template(project), diagnostics=warnings)


def write_interface_template(project: Project) -> list[Path]:
    """The interface strings' template; returns it if it changed."""
    template = project.layout.template(UI_NAME)
    changed = write_catalog(
        ui_template(UI_CATALOG_DATE, project.team, template, project.issuing_body)
    )
    return [template] if changed else []


def run_update(
    project: Project, documents: list[Path], languages: list[Language], *, prechecked: bool = False
) -> Outcome:
    """Bring every catalog in line with its template; a catalog with an error as written
    stops the update before any file is rewritten (``prechecked``: the caller has
    already checked every catalog as written, see precheck_catalogs)."""
    found = [] if prechecked else precheck_catalogs(project, documents, languages)
    if count_errors(found):
        raise StageFailed(found)
    outcome = update_catalogs(project, names(documents), languages)
    outcome.diagnostics[:0] = found
    return outcome


def update_catalogs(
    project: Project, catalog_names: list[str], languages: list[Language]
) -> Outcome:
    """Update the catalogs ``catalog_names`` of ``languages`` (already checked as written)."""
    outcome = Outcome()
    for name in catalog_names:
        template_file = project.layout.template(name)
        if not template_file.exists():
            message = "template missing; run extract first"
            raise StageFailed([Diagnostic(str(template_file), 0, message, "pot-missing")])
        template = outcome.templates[name] = read_catalog(template_file)
        for language in languages:
            po = project.layout.catalog(language.code, name)
            changed, read = update_language(project, language, template, po)
            if changed:
                outcome.changed.append(po)
            elif read is not None:
                outcome.verified[po] = read
    return outcome


def precheck_catalogs(
    project: Project, documents: list[Path], languages: list[Language]
) -> list[Diagnostic]:
    """Every existing catalog of ``languages`` checked as written (see precheck)."""
    found = unconfigured_folders(project.translations, project.languages)
    return found + precheck_named(project, names(documents), languages)


def precheck_named(
    project: Project, catalog_names: list[str], languages: list[Language]
) -> list[Diagnostic]:
    found = []
    for path in catalog_paths(project, catalog_names, languages):
        if path.exists():
            found += precheck(path, project.language(path.parent.name))
    return found


def run_check(project: Project, documents: list[Path], languages: list[Language]) -> Outcome:
    """Check every catalog once; the verdicts are kept in ``Outcome.checked``."""
    return check_catalogs(project, names(documents), languages)


def check_catalogs(
    project: Project,
    catalog_names: list[str],
    languages: list[Language],
    updated: Outcome | None = None,
) -> Outcome:
    """check for the catalogs ``catalog_names`` of ``languages``, each also checked as
    written (precheck: msgfmt, characters, header) unless ``updated`` holds it: what
    update read of them (the templates, the catalogs precheck passed as written and
    nothing rewrote since), which is not read or checked again."""
    outcome = Outcome()
    verified = updated.verified if updated else {}
    for name in catalog_names:
        if updated and name in updated.templates:
            template = updated.templates[name]
        else:
            template = read_catalog(project.layout.template(name))
        for language in languages:
            path = project.layout.catalog(language.code, name)
            if not path.exists():
                continue
            checked, found = check_one(path, language, template, verified.get(path))
            if checked is not None:
                outcome.checked[(name, language.code)] = checked
            outcome.diagnostics += found
    return outcome


def check_one(
    path: Path, language: Language, template: PoFile, verified: PoFile | None
) -> tuple[Checked | None, list[Diagnostic]]:
    """check's verdict on one catalog (``verified``: as update read it, already checked
    as written), and what it said (None: Babel cannot read it; precheck says why)."""
    found = [] if verified else precheck(path, language)
    try:
        po = verified or read_catalog(path)
    except StageFailed as failed:
        return None, found if count_errors(found) else found + failed.diagnostics
    found += check_catalog(po, template, language.code, msgfmt=False)
    found.sort(key=lambda d: (d.line, d.column))
    return Checked(po, tuple(found)), found


def run_stats(
    project: Project, documents: list[Path], languages: list[Language]
) -> list[CatalogStats]:
    rows = []
    for name in names(documents):
        for language in languages:
            path = project.layout.catalog(language.code, name)
            if path.exists():
                rows.append(catalog_stats(read_catalog(path), name, language.code))
    return rows


def run_status(
    project: Project, documents: list[Path], languages: list[Language]
) -> list[LanguageStatus]:
    """The gate's verdict for every document in ``languages``."""
    checked = run_check(project, documents, list(project.target_languages)).checked
    facts = source_facts(documents)
    rows = []
    for path in documents:
        for language in languages:
            status = language_status(
                project, path.stem, language, checked.get((path.stem, language.code))
            )
            if path.stem in facts:
                found = facts[path.stem]
                status = dataclasses.replace(
                    status, stage=str(found.stage or ""), symbol=found.symbol
                )
            rows.append(status)
    return rows


def merge_one(
    project: Project, source: SourceDocument, language: Language, checked: Checked | None
) -> Outcome:
    if language == project.source_language:
        return Outcome(merged=[merge_document(project, source, language, None)])
    status = language_status(project, source.name, language, checked)
    if checked is None or not status.listed:
        project.layout.merged(language.code, source.name).unlink(missing_ok=True)  # stale
        notice = f"not published in {language.code}: {status.reason}; readers of {language.code} are shown the original"
        return Outcome(
            diagnostics=[Diagnostic(source.shown, 0, notice, "gate-unlisted", Severity.WARNING)]
        )
    if checked.errors:
        return Outcome(diagnostics=list(checked.diagnostics))
    official = status.status == OFFICIAL
    return Outcome(
        merged=[merge_document(project, source, language, checked.po, authoritative=official)]
    )


def run_merge(
    project: Project,
    documents: list[Path],
    languages: list[Language],
    checked: dict[tuple[str, str], Checked] | None = None,
) -> Outcome:
    """Merge every document into ``languages``; ``checked``: check's verdicts (checked
    here when not given)."""
    if checked is None:
        checked = run_check(project, documents, list(project.target_languages)).checked
    outcome = Outcome()
    for path in documents:
        merged = merge_source(project, load_source(path), languages, checked)
        outcome.diagnostics += merged.diagnostics
        outcome.merged += merged.merged
        outcome.changed += merged.changed
    return outcome


def merge_source(
    project: Project,
    source: SourceDocument,
    languages: list[Language],
    checked: dict[tuple[str, str], Checked],
) -> Outcome:
    outcome = Outcome()
    for language in languages:
        result = merge_one(project, source, language, checked.get((source.name, language.code)))
        outcome.diagnostics += result.diagnostics
        outcome.merged += result.merged
        outcome.changed += [m.path for m in result.merged if m.changed]
    return outcome


# The output stages


def render_job(
    project: Project,
    name: str,
    language: Language,
    formats: tuple[RenderFormat, ...] = RENDER_FORMATS,
) -> Job[list[Rendered]]:
    from build_tools.render.outputs import render_document

    layout = project.layout
    inputs = fingerprint(
        file_sha256(layout.merged(language.code, name)),
        file_sha256(layout.catalog(language.code, UI_NAME)),
        code_fingerprint(),
    )
    downloads = tuple(layout.download(language.code, name, f) for f in RENDER_FORMATS)
    outputs = (*downloads, layout.fragments(language.code, name))
    return Job(
        key=f"render/{name}/{language.code}",
        label=f"render {name} {language.code}",
        inputs=inputs,
        outputs=outputs,
        work=functools.partial(render_document, project, name, language, formats),
    )


def run_render(
    project: Project,
    documents: list[Path],
    languages: list[Language],
    formats: tuple[RenderFormat, ...] = RENDER_FORMATS,
    *,
    published: Publication | None = None,
    state: BuildState | None = None,
    workers: int | Workers = 1,
    say: Report = _silent,
) -> JobsDone[list[Rendered]]:
    """Render every published expression of ``documents`` in ``languages``: what is
    fresh in ``state`` is reused; each job yields its list of ``Rendered``."""
    names_ = [path.stem for path in documents]
    published = published or Publication.from_files(project, names_)
    jobs = render_jobs(project, names_, languages, published, formats)
    recorded = state if formats == RENDER_FORMATS else None
    return run_jobs(jobs, recorded, workers=workers, say=say)


def render_jobs(
    project: Project,
    names_: list[str],
    languages: list[Language],
    published: Publication,
    formats: tuple[RenderFormat, ...] = RENDER_FORMATS,
) -> list[Job[list[Rendered]]]:
    return [
        render_job(project, name, language, formats)
        for name, language in published.pairs(project, names_)
        if language in languages
    ]


def site_inputs(
    project: Project, names_: list[str], published: Publication, language: Language
) -> str:
    """What the site of ``language`` is made from: the languages each document is in,
    the texts, catalogs and downloads of ``language`` and of the original (a document
    not in ``language`` is listed in the original), the fragments of ``language``, the
    interface catalog, our code and settings. Not the other languages' texts: their
    cells in the parallel views are filled in on publish (see ``site.parallel``)."""
    layout = project.layout
    parts = [code_fingerprint(), project.settings]
    shown = dict.fromkeys((language.code, project.source_language.code))
    for name in names_:
        codes = published.languages.get(name, frozenset())
        parts.append(",".join(sorted(codes)))
        for code in (code for code in shown if code in codes):
            parts.append(file_sha256(layout.catalog(code, name)))
            parts += [file_sha256(layout.download(code, name, f)) for f in DOWNLOAD_FORMATS]
        if language.code in codes:
            parts.append(file_sha256(layout.fragments(language.code, name)))
    parts.append(file_sha256(layout.catalog(language.code, UI_NAME)))
    return fingerprint(*parts)


def epoch_of(documents: list[Path]) -> int:
    """The date of the newest document, in seconds: what dated outputs (sitemaps) carry,
    so that a rebuild is byte-identical."""
    newest = max((d for d in version_dates(documents).values() if d), default="1970-01-01")
    return int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp())


ENTRY_JOB = "site-entry"  # the job of the pages above the language sites


def run_site(
    project: Project,
    documents: list[Path],
    *,
    published: Publication | None = None,
    state: BuildState | None = None,
    workers: int | Workers = 1,
    say: Report = _silent,
) -> JobsDone[object]:
    """One MkDocs build per language whose inputs changed (from the fragments render
    made), and the pages above the languages when theirs did; then the fonts (into every
    language's site)."""
    from build_tools.site.build import (
        build_entry_pages,
        build_language,
        build_order,
        entry_inputs,
        entry_pages,
        install_fonts,
    )

    names_ = [path.stem for path in documents]
    published = published or Publication.from_files(project, names_)
    languages = list(published.site_languages(project))
    listed = dataclasses.replace(project, languages=tuple(languages))
    epoch = epoch_of(documents)
    jobs: list[Job[object]] = [
        Job(
            key=f"site/{language.code}",
            label=f"site {language.code}",
            inputs=site_inputs(listed, names_, published, language),
            outputs=(
                project.layout.language_site(language.code),
                project.layout.site_characters(language.code),
            ),
            work=functools.partial(build_language, listed, language, names_, published, epoch),
        )
        for language in build_order(languages)
    ]
    entry = Job(
        key=ENTRY_JOB,
        label="entry pages",
        inputs=entry_inputs(listed),
        outputs=entry_pages(listed),
        work=functools.partial(build_entry_pages, listed),
    )
    return run_jobs(
        [*jobs, entry],
        state,
        workers=workers,
        say=say,
        finish=lambda: install_fonts(listed, languages, names_),
    )


def run_publish(
    project: Project,
    documents: list[Path],
    *,
    published: Publication | None = None,
    signing_key: Ed25519PrivateKey | None = None,
    state: BuildState | None = None,
) -> Published:
    """Publish into ``site/`` as its next edition (``state`` keeps the last one); returns
    each published file's SHA-256 and the edition."""
    from build_tools.publish import publish

    names_ = [path.stem for path in documents]
    published = published or Publication.from_files(project, names_)
    listed = dataclasses.replace(project, languages=published.site_languages(project))
    versions, facts = version_dates(documents), source_facts(documents)
    return publish(listed, names_, published, versions, facts, signing_key, state)


# The whole build


@dataclass(slots=True)
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    rendered: int = 0
    sites: int = 0
    skipped: int = 0
    published: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False  # nothing to do: inputs and site/ as the last build left them
    edition: int = 0  # the edition published (see manifest.Edition)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage; an unexpected error in it becomes a StageCrashed naming it."""
        started = time.perf_counter()
        try:
            yield
        except (StageFailed, UsageError, StageCrashed):
            raise
        except Exception as error:
            raise StageCrashed(name, error) from error
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def add(self, outcome: Outcome) -> None:
        self.diagnostics += outcome.diagnostics
        if outcome.failed:
            raise StageFailed(self.diagnostics)


def validate_documents(
    project: Project, runs: list[DocumentRun], state: BuildState | None = None
) -> list[Diagnostic]:
    """run_validate for the sources not validated as they are; the others' findings are
    said again. A source without errors has its verdict recorded. Two sources that are
    one text (one work, one expression date) are reported on every run."""
    from build_tools.akn.validate import project_problems, validate_file
    from build_tools.akn.versions import duplicate_expressions

    for run in (run for run in runs if not run.validated):
        data = read_bytes(run.path)
        run.said["naming"] = project_problems(project, [run.path])
        run.said["validate"] = validate_file(run.path, data)
        if not count_errors(run.said["naming"] + run.said["validate"]):
            run.validated = sha256(data)
            run.remember_verdict(project, state)
    paths = [run.path for run in runs]
    return said(runs, "naming") + said(runs, "validate") + duplicate_expressions(paths, paths)


def _catalog_stages(
    project: Project,
    runs: list[DocumentRun],
    report: BuildReport,
    state: BuildState | None = None,
    merged_one: Callable[[str, Publication], None] = lambda name, published: None,
) -> Publication:
    """extract, update, check, merge: returns what the gate lets through, per document.

    The interface catalogs are updated and checked first (unless they, and our code, are
    as the last build left them). After extract and a check of
    every catalog as written, each document is updated, checked and merged in turn, and
    ``merged_one`` is told what of it may be published (the build starts rendering it
    meanwhile). A document whose template, catalogs and merged expressions are as the
    last build left them, from the same source and code, is not redone: what it
    reported is said again. A document whose catalogs have errors is not merged; the
    others still are updated and checked, and the stage then fails with every problem
    found."""
    targets = list(project.target_languages)
    stale = [run for run in runs if not run.reused]
    interface = reused_interface(project, state)  # the interface catalogs, as last time
    updated: Outcome | None = None
    with report.stage("extract"):
        for run in (run for run in stale if not run.extracted):
            run.source = load_source(run.path, run.validated)
            run.said["extract"] = list(run.source.diagnostics)
            extract_source(project, run.source)
        if interface is None:
            write_interface_template(project)
        report.add(Outcome(diagnostics=said(runs, "extract")))
    with report.stage("update"):
        for run in stale:
            for language in (lang for lang in run.stale(project) if lang in targets):
                problems = precheck_named(project, [run.path.stem], [language])
                run.ways[language.code].said["precheck"] = problems
        found = unconfigured_folders(project.translations, project.languages)
        found += [d for run in runs for d in run.prechecked(project)]
        if interface is None:
            interface = {"precheck": precheck_named(project, [UI_NAME], targets)}
            report.add(Outcome(diagnostics=found + interface["precheck"]))
            updated = update_catalogs(project, [UI_NAME], targets)
        else:
            report.add(Outcome(diagnostics=found + interface["precheck"]))
    if updated is not None:
        with report.stage("check"):
            interface["check"] = check_catalogs(project, [UI_NAME], targets, updated).diagnostics
        if not count_errors(interface["check"]):
            remember_interface(project, state, interface)
    report.diagnostics += interface["check"]
    failed = count_errors(interface["check"]) > 0
    published: dict[str, frozenset[str]] = {}
    for run in runs:
        if not run.reused:
            _document_stages(project, run, report)
            if count_errors(run.stages(project)):
                report.diagnostics += run.stages(project)
                failed = True
                continue
            run.remember(project, state)
        report.diagnostics += run.stages(project)
        if not failed:
            published[run.path.stem] = run.languages
            merged_one(run.path.stem, Publication({run.path.stem: run.languages}))
    if failed:
        raise StageFailed(report.diagnostics)
    return Publication(published)


def _document_stages(project: Project, run: DocumentRun, report: BuildReport) -> None:
    """update, check and merge of the languages of one document not reused (their
    catalogs already checked as written); a check error stops it before merge."""
    name, stale = run.path.stem, run.stale(project)
    targets = [language for language in stale if language in project.target_languages]
    with report.stage("update"):
        updated = update_catalogs(project, [name], targets)
    with report.stage("check"):
        checked = check_catalogs(project, [name], targets, updated).checked
    for language in targets:
        found = checked.get((name, language.code))
        run.ways[language.code].said["check"] = list(found.diagnostics) if found else []
    if count_errors(run.stages(project)):
        return
    with report.stage("merge"):
        if run.source is None:  # its template was reused: read for merge alone
            run.source = load_source(run.path, run.validated)
        for language in stale:
            result = merge_one(project, run.source, language, checked.get((name, language.code)))
            run.ways[language.code].said["merge"] = result.diagnostics
            run.ways[language.code].published = bool(result.merged)
    run.source = None  # done with its tree


BUILD = "build"  # the state entry of the whole build: its inputs and the published site


def build_inputs(project: Project, signing_key: Ed25519PrivateKey | None) -> str:
    """Everything a build reads, as one fingerprint: our code and tools, the settings,
    every file under the source and translation folders, and the signing key's public half."""
    folders = (project.source, project.translations)
    files = sorted(path for folder in folders for path in folder.rglob("*") if path.is_file())
    key = signing_key.public_key().public_bytes_raw().hex() if signing_key else ""
    return fingerprint(
        code_fingerprint(),
        project.settings,
        key,
        *(f"{path.as_posix()}:{file_sha256(path)}" for path in files),
    )


# validate, render and site import their tools when they run: an unchanged build (see
# run_build) needs none of them.


def run_build(
    project: Project,
    *,
    jobs: int = 0,
    say: Report = _silent,
    signing_key: Ed25519PrivateKey | None = None,
) -> BuildReport:
    """The whole pipeline; raises StageFailed (nothing published) on any error.
    ``say`` receives progress lines; with ``signing_key`` the manifest is signed.

    When nothing it reads has changed since the last build started and ``site/`` is
    still what that build published (file by file), nothing is redone: its warnings are
    said again. (A build whose update rewrote a catalog is not followed by such a short
    one: the fingerprint is taken before anything is read, so no edit made during a
    build can ever be taken as published.)"""
    report = BuildReport()
    workers = jobs or os.cpu_count() or 1
    with build_lock(project.build):
        documents = project.documents()
        if not documents:
            raise UsageError(f"no documents (*.xml) in {project.source}; nothing to publish")
        state = BuildState(project.layout.state_file())
        inputs = build_inputs(project, signing_key)
        if state.fresh(BUILD, inputs, [project.site]):
            report.diagnostics = [diagnostic(kept) for kept in state.notes(BUILD)]
            report.unchanged = True
            return report
        check_publishing(project)  # before anything is done: nothing of anyone's is in the way
        runs = [DocumentRun.start(project, state, path) for path in documents]
        expected = expected_renders(project, runs, state)
        with Workers(workers, processes=expected) as shared:
            if expected:  # started now: they load while the catalogs are done
                codes = [language.code for language in project.languages]
                shared.start(functools.partial(warm.ready, codes))
            site = _run_stages(project, runs, report, state, shared, say, signing_key)
        notes = [note(d) for d in report.diagnostics]
        state.record(BUILD, inputs, [project.site], notes, known=site)
        state.flush()
    return report


def expected_renders(project: Project, runs: list[DocumentRun], state: BuildState) -> int:
    """How many render jobs the catalog stages are expected to start: one per language of
    each document merged again, every one when the interface catalogs changed. (A job
    whose outputs went missing is not foreseen, and runs all the same.)"""
    if reused_interface(project, state) is None:
        return len(runs) * len(project.languages)
    return sum(len(run.stale(project)) for run in runs)


def _run_stages(
    project: Project,
    runs: list[DocumentRun],
    report: BuildReport,
    state: BuildState,
    shared: Workers,
    say: Report,
    signing_key: Ed25519PrivateKey | None,
) -> dict[Path, str]:
    documents = [run.path for run in runs]
    if not all(run.reused for run in runs):  # validate or merge will need the schema
        from build_tools.akn.schema import load_in_background

        load_in_background()
    with report.stage("validate"):
        report.diagnostics += validate_documents(project, runs, state)
    if count_errors(report.diagnostics):
        raise StageFailed(report.diagnostics)
    # each document's render starts once it is merged
    rendering: JobQueue[list[Rendered]] = JobQueue(state, shared)

    def render(name: str, published: Publication) -> None:
        rendering.add(render_jobs(project, [name], list(project.languages), published))

    published = _catalog_stages(project, runs, report, state, render)
    report.languages = [language.code for language in published.site_languages(project)]
    with report.stage("render"):
        rendered = rendering.collect(say)
    report.rendered = sum(len(result) for _, result in rendered.results)
    with report.stage("site"):
        sites = run_site(
            project, documents, published=published, state=state, workers=shared, say=say
        )
    report.sites = sum(job.key != ENTRY_JOB for job, _ in sites.results)
    report.skipped = rendered.reused + sites.reused
    with report.stage("publish"):
        done = run_publish(
            project, documents, published=published, signing_key=signing_key, state=state
        )
        report.published, report.edition = len(done.digests), done.edition.number
    return done.digests
