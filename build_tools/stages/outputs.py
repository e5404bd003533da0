"""Stages render, site and publish: render and site as jobs of the one runner.

    job               inputs                                          outputs
    render/NAME/LANG  the merged text, the interface catalog          PDF, EPUB, fragments
    site/LANG         the texts, catalogs, downloads and fragments    build/site/LANG, the list
                      of LANG and the original, the languages of      of pages its search
                      each document                                   indexes
    site-entry        the languages listed, the original's            the pages above them
                      interface strings
    site-iris         the sources, the published texts and            build/site/akn/ (a page
                      downloads, the interface catalogs               at each IRI)
    search/LANG       (see ``build_tools.stages.search``)             build/search/LANG

(publish, atomic, is the pipeline's last step: see ``build_tools.publish``.)

Their work functions are those of ``render`` and ``site`` themselves: a worker unpickles
each job's function by importing its module, and imports nothing else.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.akn.versions import version_dates
from build_tools.config import Language, Project
from build_tools.i18n.publication import Publication
from build_tools.i18n.ui import UI_NAME
from build_tools.jobs import Job, JobsDone, Workers, run_jobs
from build_tools.layout import DOWNLOAD_FORMATS, RENDER_FORMATS, RenderFormat
from build_tools.progress import Progress, Report
from build_tools.stages.search import run_search
from build_tools.state import BuildState, code_fingerprint, file_sha256, fingerprint

if TYPE_CHECKING:
    from build_tools.render.outputs import Rendered


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
    say: Report | Progress | None = None,
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
IRI_JOB = "site-iris"  # the job of the pages at the texts' AKN IRIs


def run_site(
    project: Project,
    documents: list[Path],
    *,
    published: Publication | None = None,
    state: BuildState | None = None,
    workers: int | Workers = 1,
    say: Report | Progress | None = None,
) -> JobsDone[object]:
    """One MkDocs build per language whose inputs changed (from the fragments render
    made), and the pages above the languages when theirs did; then the fonts (into every
    language's site), and the search of each language whose indexed pages changed."""
    from build_tools.site.build import (
        build_entry_pages,
        build_language,
        entry_inputs,
        entry_pages,
        install_fonts,
    )
    from build_tools.site.identifiers import build_iri_pages, iri_folder, iri_inputs

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
                project.layout.search_pages(language.code),
            ),
            work=functools.partial(build_language, listed, language, names_, published, epoch),
        )
        for language in languages
    ]
    entry = Job(
        key=ENTRY_JOB,
        label="entry pages",
        inputs=entry_inputs(listed),
        outputs=entry_pages(listed),
        work=functools.partial(build_entry_pages, listed),
    )
    iris = Job(
        key=IRI_JOB,
        label="identifier pages",
        inputs=iri_inputs(listed, names_, published),
        outputs=(iri_folder(listed),),
        work=functools.partial(build_iri_pages, listed, names_, published),
    )
    done = run_jobs(
        [*jobs, entry, iris],
        state,
        workers=workers,
        say=say,
        finish=lambda: install_fonts(listed, languages, names_),
    )
    searched = run_search(listed, languages, state=state, workers=workers, say=say)
    done.ran, done.reused = done.ran + searched.ran, done.reused + searched.reused
    return done
