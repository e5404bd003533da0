"""``build``: the whole pipeline, locked, incremental and spread over the cores.

validate → extract → update → check → merge (with the publication gate) → render (PDF,
EPUB; in parallel) → site (one MkDocs build per language) → publish (atomic, with the
manifest). Each render and site build is skipped when the fingerprint of its inputs
(sources, catalogs, our code and templates, tool versions) is the one recorded last time.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from build_tools import akn, pipeline
from build_tools.config import Language, Project
from build_tools.diagnostics import (
    Diagnostic,
    StageCrashed,
    StageFailed,
    UsageError,
    count_errors,
)
from build_tools.extract import catalog_path
from build_tools.merge import merged_path
from build_tools.publication import Publication
from build_tools.publish import publish
from build_tools.render import FORMATS, Rendered, output_path, render_document
from build_tools.site import site_paths
from build_tools.site_build import build_entry_pages, build_language, install_fonts
from build_tools.state import (
    BuildState,
    build_lock,
    code_fingerprint,
    die_with_parent,
    file_sha256,
    fingerprint,
)
from build_tools.validate import project_problems, validate_paths
from build_tools.versions import source_facts
from build_tools.xmlio import ParsedXml, parse_xml

Report = Callable[[str], None]
# Workers are spawned, not forked: a forked worker would inherit the build lock and, if the
# build were killed, keep holding it.
WORKERS = multiprocessing.get_context("spawn")


@dataclass(slots=True)
class BuildReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    rendered: int = 0
    sites: int = 0
    skipped: int = 0
    published: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _silent(message: str) -> None:
    pass


@contextmanager
def timed(report: BuildReport, stage: str) -> Iterator[None]:
    """Time a stage; an unexpected error in it becomes a StageCrashed naming the stage."""
    started = time.perf_counter()
    try:
        yield
    except (StageFailed, UsageError, StageCrashed):
        raise
    except Exception as error:
        raise StageCrashed(stage, error) from error
    report.seconds[stage] = report.seconds.get(stage, 0.0) + time.perf_counter() - started


def document_versions(documents: list[Path]) -> dict[str, str]:
    """Each document's expression date (its version)."""
    versions = {}
    for path in documents:
        parsed = parse_xml(path)
        document = (
            akn.document_element(parsed.tree.getroot()) if isinstance(parsed, ParsedXml) else None
        )
        date = akn.identification(document)[1].expression.date if document is not None else None
        versions[path.stem] = (date or "")[:10]
    return versions


@contextmanager
def source_date(versions: dict[str, str]) -> Iterator[None]:
    """SOURCE_DATE_EPOCH from the newest document, so dated outputs (sitemaps) are stable."""
    newest = max((v for v in versions.values() if v), default="1970-01-01")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(
        int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp())
    )
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def catalog_steps(project: Project, documents: list[Path], report: BuildReport) -> Publication:
    """extract, update, check, merge; returns what the gate publishes, per document."""
    targets = list(project.target_languages)
    steps: tuple[tuple[str, Callable[[], pipeline.Outcome]], ...] = (
        ("extract", lambda: pipeline.run_extract(project, documents)),
        ("update", lambda: pipeline.run_update(project, documents, targets)),
        ("check", lambda: pipeline.run_check(project, documents, targets)),
        ("merge", lambda: pipeline.run_merge(project, documents, list(project.languages))),
    )
    published = Publication({})
    for stage, step in steps:
        with timed(report, stage):
            outcome = step()
        report.diagnostics += outcome.diagnostics
        if outcome.failed:
            raise StageFailed(report.diagnostics)
        if stage == "merge":
            published = Publication.from_merged(outcome.merged)
    return published


def render_inputs(project: Project, name: str, language: Language) -> str:
    ui = catalog_path(project, language.code, "ui")
    return fingerprint(
        file_sha256(merged_path(project, language.code, name)), file_sha256(ui), code_fingerprint()
    )


def _render_job(project: Project, name: str, language: Language) -> list[Rendered]:
    return render_document(project, name, language, FORMATS)


def render_step(
    project: Project,
    names: list[str],
    published: Publication,
    state: BuildState,
    jobs: int,
    say: Report,
    report: BuildReport,
) -> None:
    pending = []
    for name, language in published.pairs(project, names):
        inputs = render_inputs(project, name, language)
        outputs = [output_path(project, language.code, name, ext) for ext in FORMATS]
        if state.fresh(f"render/{name}/{language.code}", inputs, outputs):
            report.skipped += 1
        else:
            pending.append((name, language, inputs))
    with timed(report, "render"):
        results = _run_jobs(project, pending, jobs, say)
    for (name, language, inputs), rendered in zip(pending, results, strict=True):
        outputs = [output_path(project, language.code, name, ext) for ext in FORMATS]
        state.record(f"render/{name}/{language.code}", inputs, outputs)
        report.rendered += len(rendered)


def _run_jobs(
    project: Project, pending: list[tuple[str, Language, str]], jobs: int, say: Report
) -> list[list[Rendered]]:
    if jobs <= 1 or len(pending) <= 1:
        results = []
        for index, (name, language, _) in enumerate(pending, 1):
            say(f"[{index}/{len(pending)}] render {name} {language.code}")
            results.append(_render_job(project, name, language))
        return results
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=WORKERS, initializer=die_with_parent
    ) as pool:
        futures = [
            pool.submit(_render_job, project, name, language) for name, language, _ in pending
        ]
        results = []
        for index, ((name, language, _), future) in enumerate(
            zip(pending, futures, strict=True), 1
        ):
            results.append(future.result())
            say(f"[{index}/{len(pending)}] rendered {name} {language.code}")
        return results


def site_inputs(
    project: Project, names: list[str], published: Publication, language: Language
) -> str:
    parts = [code_fingerprint()]
    for name in names:
        parts.append(",".join(sorted(published.languages.get(name, ()))))
        for lang in published.of(project, name):
            parts.append(file_sha256(merged_path(project, lang.code, name)))
            parts.append(file_sha256(catalog_path(project, lang.code, name)))
        parts += [file_sha256(output_path(project, language.code, name, ext)) for ext in FORMATS]
    parts.append(file_sha256(catalog_path(project, language.code, "ui")))
    return fingerprint(*parts)


def _site_job(
    project: Project, language: Language, names: list[str], published: Publication
) -> Path:
    return build_language(project, language, names, published)


def _build_sites(
    project: Project,
    languages: list[Language],
    names: list[str],
    published: Publication,
    jobs: int,
) -> Iterator[Language]:
    """Build the sites of ``languages``, in parallel when there are cores for it."""
    if jobs <= 1 or len(languages) <= 1:
        for language in languages:
            build_language(project, language, names, published)
            yield language
        return
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(languages)), mp_context=WORKERS, initializer=die_with_parent
    ) as pool:
        futures = [
            pool.submit(_site_job, project, language, names, published) for language in languages
        ]
        for language, future in zip(languages, futures, strict=True):
            future.result()
            yield language


def site_step(
    project: Project,
    names: list[str],
    published: Publication,
    state: BuildState,
    jobs: int,
    say: Report,
    report: BuildReport,
) -> None:
    """One MkDocs build per language whose inputs changed, in parallel; then the fonts."""
    languages = list(published.site_languages(project))
    listed = dataclasses.replace(project, languages=tuple(languages))
    pending = []
    every = {
        language.code: site_inputs(listed, names, published, language) for language in languages
    }
    for language in languages:
        inputs = every[language.code]
        output = site_paths(project, language.code).output
        if state.fresh(f"site/{language.code}", inputs, [output]):
            report.skipped += 1
        else:
            pending.append((language, inputs))
    with timed(report, "site"):
        if pending:
            languages_to_build = [language for language, _ in pending]
            for number, language in enumerate(
                _build_sites(listed, languages_to_build, names, published, jobs), 1
            ):
                say(f"[{number}/{len(pending)}] site {language.code}")
                report.sites += 1
            install_fonts(listed, languages)  # into every site: all are recorded again
            for language in languages:  # recorded only once the sites are complete
                output = site_paths(project, language.code).output
                state.record(f"site/{language.code}", every[language.code], [output])
        build_entry_pages(listed)


def run_build(
    project: Project,
    *,
    jobs: int = 0,
    say: Report = _silent,
    signing_key: Ed25519PrivateKey | None = None,
) -> BuildReport:
    """The whole pipeline; raises StageFailed (nothing published) on any error.
    ``say`` receives progress lines; with ``signing_key`` the manifest is signed."""
    report = BuildReport()
    jobs = jobs or os.cpu_count() or 1
    with build_lock(project.build):
        documents = project.documents()
        if not documents:
            raise UsageError(f"no documents (*.xml) in {project.source}; nothing to publish")
        with timed(report, "validate"):
            report.diagnostics += project_problems(project, documents)
            report.diagnostics += validate_paths(documents)
        if count_errors(report.diagnostics):
            raise StageFailed(report.diagnostics)
        published = catalog_steps(project, documents, report)
        languages = published.site_languages(project)
        report.languages = [language.code for language in languages]
        names = [path.stem for path in documents]
        versions = document_versions(documents)
        state = BuildState(project.build / "state.json")
        with source_date(versions):
            render_step(project, names, published, state, jobs, say, report)
            site_step(project, names, published, state, jobs, say, report)
        with timed(report, "publish"):
            listed = dataclasses.replace(project, languages=languages)
            facts = source_facts(documents)
            files = publish(listed, names, published, versions, facts, signing_key)
            report.published = len(files)
    return report
