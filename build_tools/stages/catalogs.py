"""Stages precheck, update and check, as jobs: one per catalog (of each document in each language,
and the interface strings' in each language).

    job                 inputs                              outputs        record
    precheck/NAME/LANG  the catalog as written              (a verdict)    Prechecked
    update/NAME/LANG    its template (what it is made of),  the catalog    Updated
                        the glossary, the memory: what
                        the other documents' catalogs in
                        LANG hold for the units it may
                        fill or has filled (all of them,
                        with near matches asked for)
    check/NAME/LANG     its template, the catalog, the      (a verdict)    Verdict
                        glossary

Every catalog is prechecked before any is updated: one with an error as written stops
the build before anything is rewritten. An update is fresh while the catalog is as it
left it (it is then in line with the same template); check's verdict, with the gate's,
while the catalog holds what check read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, StageFailed, count_errors
from build_tools.i18n.catalogs import PoFile, messages, read_catalog
from build_tools.i18n.check import Checked, check_catalog
from build_tools.i18n.gate import language_status
from build_tools.i18n.memory import Memory, catalog_units, memory_of
from build_tools.i18n.precheck import precheck, unconfigured_folders
from build_tools.i18n.stats import CatalogStats, catalog_stats
from build_tools.i18n.ui import UI_NAME
from build_tools.i18n.update import update_language
from build_tools.jobs import Job, run_jobs
from build_tools.progress import Progress, Report
from build_tools.stages.records import (
    Outcome,
    Prechecked,
    Updated,
    Verdict,
    catalog_inputs,
    file_digest,
)
from build_tools.state import code_fingerprint, fingerprint

Template = Callable[[], PoFile]  # a document's template, read when first needed


@dataclass(frozen=True, slots=True)
class Corpus:
    """What every catalog job reads besides its own files, digested once per build:
    the glossary, and the documents' catalogs in each language (update's memory)."""

    glossary: str
    catalogs: dict[str, dict[str, str]]  # language code → document → its catalog's digest
    memories: dict[str, Memory] = field(default_factory=dict)  # made when first asked

    @classmethod
    def read(cls, project: Project) -> Corpus:
        names = [t.stem for t in project.layout.templates() if t.stem != UI_NAME]
        catalogs = {
            language.code: {n: file_digest(project.layout.catalog(language.code, n)) for n in names}
            for language in project.target_languages
        }
        return cls(file_digest(project.layout.glossary()), catalogs)

    def memory(self, project: Project, name: str, code: str, template: Template) -> str:
        """What update of ``name`` in ``code`` may pre-fill from the other documents'
        catalogs (the interface strings' are never filled). By exact match: what the
        memory holds for the units it has a say in (untranslated, or filled by it and not
        reviewed), so that a new translation elsewhere redoes only the updates it would
        fill, and an update's own filling leaves this as it was; for a catalog not made
        yet, its template's units (it will be filled from them). With near matches asked
        for, every other catalog, as any may hold a near match."""
        path = project.layout.catalog(code, name)
        if name == UI_NAME:
            return "nothing to fill"
        digest = self.catalogs.get(code, {}).get(name, "")
        if project.fuzzy_memory or (path.exists() and len(digest) != 64):
            others = sorted(self.catalogs.get(code, {}).items())
            return fingerprint(*(f"{other}:{d}" for other, d in others if other != name))
        if len(digest) == 64:
            open_units = catalog_units(project, code, path, digest).open
        else:  # made by this update: from its template
            open_units = [str(m.id) for m in messages(template().catalog)]
        memory = self._memory(project, code)
        found = ((text, memory.exact(text, name)) for text in open_units)
        return fingerprint(
            "exact", *(f"{t}\x00{c.where}\x00{c.translation}" for t, c in found if c)
        )

    def _memory(self, project: Project, code: str) -> Memory:
        """The memory of ``code``'s catalogs as this build found them, made once."""
        if code not in self.memories:
            digests = self.catalogs.get(code, {})
            self.memories[code] = memory_of(
                catalog_units(project, code, project.layout.catalog(code, name), digest).candidates
                for name, digest in sorted(digests.items())
                if len(digest) == 64
            )
        return self.memories[code]


def names(paths: list[Path]) -> list[str]:
    """Catalog names: one per document, plus the interface strings."""
    return [*(path.stem for path in paths), UI_NAME]


def template_reader(project: Project, name: str) -> Template:
    """The template of ``name``, read once, when a job first needs it."""
    return functools.cache(functools.partial(read_template, project, name))


def given(template: PoFile) -> Template:
    """A template already read."""
    return lambda: template


def read_template(project: Project, name: str) -> PoFile:
    path = project.layout.template(name)
    if not path.exists():
        message = "template missing; run extract first"
        raise StageFailed([Diagnostic(str(path), 0, message, "pot-missing")])
    return read_catalog(path)


# precheck


def precheck_job(project: Project, name: str, language: Language) -> Job[Prechecked]:
    """One existing catalog, checked as written."""
    path = project.layout.catalog(language.code, name)
    inputs = fingerprint(code_fingerprint(), project.settings, language.code, file_digest(path))
    work = functools.partial(precheck_catalog, path, language, project.skip_msgfmt)
    key = f"precheck/{name}/{language.code}"
    return Job(key, f"precheck {name} {language.code}", inputs, (), work)


def precheck_catalog(path: Path, language: Language, skip_msgfmt: bool = False) -> Prechecked:
    return Prechecked(tuple(precheck(path, language, skip_msgfmt=skip_msgfmt)))


def precheck_jobs(
    project: Project, catalog_names: list[str], languages: list[Language]
) -> list[Job[Prechecked]]:
    """A job for each catalog of ``catalog_names`` in ``languages`` that exists."""
    return [
        precheck_job(project, name, language)
        for name in catalog_names
        for language in languages
        if project.layout.catalog(language.code, name).exists()
    ]


# update


def update_job(
    project: Project,
    name: str,
    language: Language,
    template: Template,
    inputs: str,
    corpus: Corpus,
) -> Job[Updated]:
    """``inputs``: what the template is made from."""
    path = project.layout.catalog(language.code, name)
    work = functools.partial(update_catalog, project, language, template, path)
    key = f"update/{name}/{language.code}"
    memory = corpus.memory(project, name, language.code, template)
    job_inputs = fingerprint(inputs, language.code, corpus.glossary, memory)
    return Job(key, f"update {name} {language.code}", job_inputs, (path,), work)


def update_catalog(project: Project, language: Language, template: Template, path: Path) -> Updated:
    digest = file_digest(path)
    changed, read = update_language(project, language, template(), path)
    return Updated(changed, read, digest if read is not None else "")


# check (and the gate's verdict on the language it gives)


def check_job(
    project: Project,
    name: str,
    language: Language,
    template: Template,
    inputs: str,
    updated: Updated,
    glossary: str,
) -> Job[Verdict]:
    """``inputs``: what the template is made from; ``updated``: what update did of the
    catalog in this build (it is not read or prechecked again when update left it);
    ``glossary``: the glossary's digest."""
    path = project.layout.catalog(language.code, name)
    digest = updated.digest if updated.verified else file_digest(path)
    work = functools.partial(check_language, project, name, language, template, updated, digest)
    key = f"check/{name}/{language.code}"
    job_inputs = fingerprint(catalog_inputs(inputs, language.code, digest), glossary)
    return Job(key, f"check {name} {language.code}", job_inputs, (), work)


def check_language(
    project: Project,
    name: str,
    language: Language,
    template: Template,
    updated: Updated,
    digest: str,
) -> Verdict:
    path = project.layout.catalog(language.code, name)
    prechecked = not updated.changed  # as precheck passed it in this build
    checked, found = check_one(
        path,
        language,
        template(),
        updated.verified,
        prechecked=prechecked,
        skip_msgfmt=project.skip_msgfmt,
    )
    status = language_status(project, name, language, checked)
    return Verdict(tuple(found), status, digest, checked)


def check_one(
    path: Path,
    language: Language,
    template: PoFile,
    verified: PoFile | None,
    *,
    prechecked: bool = False,
    skip_msgfmt: bool = False,
) -> tuple[Checked | None, list[Diagnostic]]:
    """check's verdict on one catalog (``verified``: as update read it, already checked
    as written; ``prechecked``: checked as written, to be read), and what it said
    (None: Babel cannot read it; precheck says why)."""
    found = [] if verified or prechecked else precheck(path, language, skip_msgfmt=skip_msgfmt)
    try:
        po = verified or read_catalog(path)
    except StageFailed as failed:
        return None, found if count_errors(found) else found + failed.diagnostics
    found += check_catalog(po, template, language.code, msgfmt=False)
    found.sort(key=lambda d: (d.line, d.column))
    return Checked(po, tuple(found)), found


# The command line's stages (no build state: everything is done)


def run_update(
    project: Project,
    documents: list[Path],
    languages: list[Language],
    say: Report | Progress | None = None,
) -> Outcome:
    """Bring every catalog in line with its template; a catalog with an error as written,
    or a missing template, stops the update before any file is rewritten. Each catalog
    is a job of the runner (``say`` is told of them), run here, none skipped."""
    found = precheck_catalogs(project, documents, languages)
    if count_errors(found):
        raise StageFailed(found)
    jobs = []
    for name in names(documents):
        template = template_reader(project, name)
        template()  # a missing template stops it first
        for language in languages:
            path = project.layout.catalog(language.code, name)
            work = functools.partial(update_catalog, project, language, template, path)
            jobs.append(
                Job(
                    f"update/{name}/{language.code}",
                    f"update {name} {language.code}",
                    "",
                    (path,),
                    work,
                )
            )
    done = run_jobs(jobs, None, workers=1, say=say)
    changed = tuple(job.outputs[0] for job, updated in done.results if updated.changed)
    return Outcome(changed=changed, diagnostics=tuple(found))


def precheck_catalogs(
    project: Project, documents: list[Path], languages: list[Language]
) -> list[Diagnostic]:
    """Every existing catalog of ``languages`` checked as written (see precheck)."""
    found = unconfigured_folders(project.translations, project.languages)
    for job in precheck_jobs(project, names(documents), languages):
        found += job.work().diagnostics
    return found


def run_check(project: Project, documents: list[Path], languages: list[Language]) -> Outcome:
    """Check every catalog of ``languages`` once (each also checked as written)."""
    verdicts = check_all(project, documents, languages).values()
    return Outcome(diagnostics=tuple(d for verdict in verdicts for d in verdict.diagnostics))


def check_all(
    project: Project, documents: list[Path], languages: list[Language]
) -> dict[tuple[str, str], Verdict]:
    """check's verdicts, by (catalog name, language code), for the catalogs that exist."""
    verdicts = {}
    unread = Updated(changed=True)  # nothing was read or prechecked before
    for name in names(documents):
        template = given(read_template(project, name))  # missing: pot-missing, not a crash
        for language in languages:
            path = project.layout.catalog(language.code, name)
            if path.exists():
                verdict = check_language(project, name, language, template, unread, "")
                verdicts[(name, language.code)] = verdict
    return verdicts


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
