"""The pipeline: the order of the stages, and ``build``, which runs them.

    stage     reads                                   writes                         jobs, one per
    validate  source/*.xml, pyproject.toml            (a verdict)                    source
    extract   source/*.xml                            translations/*.pot             source, + ui
    precheck  translations/<lang>/*.po as written     (a verdict)                    catalog
    update    translations/*.pot, <lang>/*.po         translations/<lang>/*.po       catalog
    check     translations/<lang>/*.po, *.pot         (a verdict, and the gate's)    catalog
    merge     source, catalogs, verdicts              build/akn/<lang>/*.xml         text let through
    render    build/akn, ui.po                        build/downloads/<lang>/…       text
    site      build/akn, build/downloads, ui.po       build/site/                    language, + entry
    search    build/site/<lang>/ (the texts' pages)   build/search/<lang>/ (Pagefind) language
    publish   build/                                  site/ (with manifest.json)

Every stage is jobs of the one runner (:mod:`build_tools.jobs`), made in
:mod:`build_tools.stages` (with the subcommands' functions); this module keeps their
order and the wiring. Each catalog is checked once per build; the verdict goes on to the
publication gate and to merge.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from build_tools import warm
from build_tools.akn.versions import duplicate_expressions, source_facts, version_dates
from build_tools.config import Project, check_publishing
from build_tools.diagnostics import StageFailed, UsageError, count_errors
from build_tools.i18n.precheck import unconfigured_folders
from build_tools.i18n.publication import Publication
from build_tools.i18n.ui import UI_NAME
from build_tools.jobs import Job, JobQueue, Kept, Workers, run_stage
from build_tools.progress import Progress, Report, as_progress
from build_tools.stages import catalogs, merge, records, sources
from build_tools.stages.catalogs import run_check, run_stats, run_update
from build_tools.stages.merge import run_merge, run_status
from build_tools.stages.outputs import ENTRY_JOB, IRI_JOB, render_jobs, run_render, run_site
from build_tools.stages.records import Extracted, Outcome, Updated, Validated, Verdict
from build_tools.stages.report import BuildReport, Timing
from build_tools.stages.sources import run_extract, run_validate
from build_tools.state import BuildState, build_lock

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from build_tools.publish import Published
    from build_tools.render.outputs import Rendered

__all__ = ["BuildReport", "Outcome", "run_build", "run_check", "run_extract", "run_merge"]
__all__ += ["run_publish", "run_render", "run_site", "run_stats", "run_status", "run_update"]
__all__ += ["run_validate"]

T = TypeVar("T")


def _results(
    jobs: list[Job[T]], state: BuildState, kept: Kept[T], report: BuildReport, timing: Timing
) -> list[T]:
    """Each job's result, in order (see jobs.run_stage); no time counted when none ran."""
    done = run_stage(jobs, state, kept, progress=report.progress)
    timing.counted = timing.counted and done.ran > 0
    return [result for _, result in done.results]


def _validate(
    project: Project, inputs: dict[Path, str], report: BuildReport, state: BuildState
) -> dict[Path, Validated]:
    """Every source's verdict: what no single document shows, then what each does; then
    any two sources that are one text (one work, one expression date), on every run."""
    with report.stage("validate"):
        jobs = [sources.validate_job(project, path, given) for path, given in inputs.items()]
        validated = _results(jobs, state, records.KeptValidated(), report, Timing())
        found = [d for v in validated for d in v.naming]
        found += [d for v in validated for d in v.problems]
        report.add(found + duplicate_expressions(list(inputs), list(inputs)))
    return dict(zip(inputs, validated, strict=True))


def _catalog_stages(
    project: Project,
    inputs: dict[Path, str],
    validated: dict[Path, Validated],
    report: BuildReport,
    state: BuildState,
    merged_one: Callable[[str, Publication], None],
) -> Publication:
    """extract, precheck, update, check, merge: returns what the gate lets through, per
    document.

    After extract and a check of every catalog as written, the interface catalogs are
    updated and checked, then each document in turn, and ``merged_one`` is told what of
    it may be published (the build starts rendering it meanwhile). A document whose
    catalogs have errors is not merged; the others still are updated, checked and
    merged, and the stage then fails with every problem found."""
    extracted = _extract(project, inputs, validated, report, state)
    with report.stage("update"):
        names = [*(path.stem for path in inputs), UI_NAME]
        jobs = catalogs.precheck_jobs(project, names, list(project.target_languages))
        prechecked = _results(jobs, state, records.KeptPrechecked(), report, Timing())
        found = unconfigured_folders(project.translations, project.languages)
        report.add(found + [d for p in prechecked for d in p.diagnostics])
        corpus = catalogs.Corpus.read(project)  # what update may pre-fill from, as written
    ui = records.interface_inputs(project)
    verdicts = _catalogs(project, UI_NAME, ui, corpus, report, state)
    said = [d for verdict in verdicts.values() for d in verdict.diagnostics]
    report.diagnostics += said
    failed = count_errors(said) > 0
    published: dict[str, frozenset[str]] = {}
    for number, (path, given) in enumerate(inputs.items()):
        report.progress.document(number, len(inputs))
        verdicts = _catalogs(project, path.stem, given, corpus, report, state)
        said = [d for verdict in verdicts.values() for d in verdict.diagnostics]
        languages: frozenset[str] = frozenset()
        if not count_errors(said):
            source = merge.source_loader(path, extracted.pop(path), validated[path].content)
            with report.stage("merge") as timing:  # the languages the gate lets through
                merges, notices = merge.gate(project, path, source, given, verdicts)
                kept = records.KeptMerge(project, path.stem)
                done = _results(merges, state, kept, report, timing)
            languages, said = frozenset(result.language for result in done), said + notices
        report.diagnostics += said
        if count_errors(said):
            failed = True
        elif not failed:
            published[path.stem] = languages
            merged_one(path.stem, Publication({path.stem: languages}))
    report.progress.document(len(inputs), len(inputs))
    if failed:
        raise StageFailed(report.diagnostics)
    return Publication(published)


def _extract(
    project: Project,
    inputs: dict[Path, str],
    validated: dict[Path, Validated],
    report: BuildReport,
    state: BuildState,
) -> dict[Path, Extracted]:
    """Every document's template (and the interface strings'), by source."""
    with report.stage("extract"):
        jobs = [sources.extract_job(project, p, g, validated[p].content) for p, g in inputs.items()]
        jobs.append(sources.interface_job(project))
        extracted = _results(jobs, state, records.KeptExtracted(), report, Timing())
        report.add(d for e in extracted for d in e.warnings)
    return dict(zip(inputs, extracted[:-1], strict=True))  # the last: the interface's


def _catalogs(
    project: Project,
    name: str,
    inputs: str,
    corpus: catalogs.Corpus,
    report: BuildReport,
    state: BuildState,
) -> dict[str, Verdict]:
    """update and check of the catalogs of ``name`` (``inputs``: what its template is
    made from): check's verdicts, by language code."""
    targets = project.target_languages
    template = catalogs.template_reader(project, name)
    with report.stage("update"):
        jobs = [
            catalogs.update_job(project, name, lang, template, inputs, corpus) for lang in targets
        ]
        updated: list[Updated] = _results(jobs, state, records.KeptUpdated(), report, Timing())
    with report.stage("check") as timing:
        layout = project.layout
        pairs = [
            (language, done)
            for language, done in zip(targets, updated, strict=True)
            if layout.catalog(language.code, name).exists()
        ]
        checks = [
            catalogs.check_job(project, name, language, template, inputs, done, corpus.glossary)
            for language, done in pairs
        ]
        verdicts = _results(checks, state, records.KeptVerdict(), report, timing)
    return {language.code: v for (language, _), v in zip(pairs, verdicts, strict=True)}


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


def run_build(
    project: Project,
    *,
    jobs: int = 0,
    say: Report | Progress | None = None,
    signing_key: Ed25519PrivateKey | None = None,
) -> BuildReport:
    """The whole pipeline; raises StageFailed (nothing published) on any error.
    ``say`` is told of the work as it goes (see build_tools.progress); with
    ``signing_key`` the manifest is signed.

    When nothing it reads has changed since the last build started and ``site/`` is
    still what that build published (file by file), nothing is redone: its warnings are
    said again. (A build whose update rewrote a catalog is not followed by such a short
    one: the fingerprint is taken before anything is read, so no edit made during a
    build can ever be taken as published.)"""
    report = BuildReport(progress=as_progress(say))
    with build_lock(project.build):
        documents = project.documents()
        if not documents:
            raise UsageError(f"no documents (*.xml) in {project.source}; nothing to publish")
        state = BuildState(project.layout.state_file())
        with state.hashing():  # files known by their status (see BuildState.path_digest)
            _build(project, documents, report, state, jobs or os.cpu_count() or 1, signing_key)
    return report


def _build(
    project: Project,
    documents: list[Path],
    report: BuildReport,
    state: BuildState,
    workers: int,
    signing_key: Ed25519PrivateKey | None,
) -> None:
    """run_build's work, under its lock (a no-op imports none of the stages' tools)."""
    inputs = records.build_inputs(project, signing_key)
    if state.fresh_build(inputs, project.site):
        report.diagnostics = [records.diagnostic(kept) for kept in state.build_notes()]
        report.unchanged = True
        state.finish(whole=False)
        return
    check_publishing(project)  # before anything is done: nothing of anyone's is in the way
    given = {path: records.source_inputs(project, path) for path in documents}
    merges, renders = merge.expected(project, given, state)
    with Workers(workers, processes=renders) as shared:
        if renders:  # started now: they load while the catalogs are done
            codes = [language.code for language in project.languages]
            shared.start(functools.partial(warm.ready, codes))
        if merges or not all(sources.recorded(state, path, i) for path, i in given.items()):
            from build_tools.akn.schema import load_in_background  # validate or merge

            load_in_background()
        site = _run_stages(project, given, report, state, shared, signing_key)
    notes = [records.note(d) for d in report.diagnostics]
    state.record_build(inputs, project.site, notes, known=site)
    state.finish(whole=True)


def _run_stages(
    project: Project,
    inputs: dict[Path, str],
    report: BuildReport,
    state: BuildState,
    shared: Workers,
    signing_key: Ed25519PrivateKey | None,
) -> dict[Path, str]:
    texts = list(inputs)
    validated = _validate(project, inputs, report, state)
    # each document's render starts once it is merged
    rendering: JobQueue[list[Rendered]] = JobQueue(state, shared, progress=report.progress)

    def render(name: str, published: Publication) -> None:
        rendering.add(render_jobs(project, [name], list(project.languages), published))

    published = _catalog_stages(project, inputs, validated, report, state, render)
    report.languages = [language.code for language in published.site_languages(project)]
    with report.stage("render"):
        rendered = rendering.collect()
    report.rendered = sum(len(result) for _, result in rendered.results)
    with report.stage("site"):
        sites = run_site(
            project, texts, published=published, state=state, workers=shared, say=report.progress
        )
    report.sites = sum(job.key not in {ENTRY_JOB, IRI_JOB} for job, _ in sites.results)
    report.skipped = rendered.reused + sites.reused
    with report.stage("publish"):
        done = run_publish(
            project, texts, published=published, signing_key=signing_key, state=state
        )
        report.published, report.edition = len(done.digests), done.edition.number
    return done.digests
