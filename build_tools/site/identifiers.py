"""Identifiers on the site: every text's Akoma Ntoso IRIs resolve, and every text page
says what it is in schema.org terms.

- The **work** IRI (``/akn/ipu/statement/resolutionDraft/2015-01-15/c-i-132-dr``) leads to
  the work's current text in the original; the **expression** IRI (``…/fra@``,
  ``…/fra@2026-11-28``) to that version in that language; each **manifestation**
  (``…/fra@.akn``, and ``….pdf``, ``….epub``) to its download. Each is a static page at
  the IRI's path (see :func:`build_tools.layout.iri_url`) with a ``rel=canonical`` link,
  an immediate ``meta`` refresh and a visible link, in the target's language.
- Each text page carries a schema.org ``Legislation`` (JSON-LD; see :mod:`.jsonld`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html
from lxml.html import builder as E

from build_tools.akn.iris import Identified, identified
from build_tools.akn.versions import Version, Work, works
from build_tools.akn.xmlio import write_if_changed
from build_tools.config import Language, Project
from build_tools.i18n.publication import Publication
from build_tools.i18n.ui import UI_NAME, stage_line, ui_strings
from build_tools.languages import profile
from build_tools.layout import (
    IRI_ROOT,
    SUFFIX,
    DownloadFormat,
    download_url,
    iri_page,
    iri_url,
    relative_url,
    version_url,
    work_url,
)
from build_tools.state import code_fingerprint, file_sha256, fingerprint

MEDIA_TYPES: dict[DownloadFormat, str] = {
    "pdf": "application/pdf",
    "epub": "application/epub+zip",
    "akn": "application/akn+xml",
}


@dataclass(frozen=True, slots=True)
class Redirect:
    """One IRI's page: where it leads, in which language, and what it says."""

    iri: str
    target: str  # a site URL
    code: str  # the language of the page it leads to
    title: str
    line: str  # what the text is (its stage line)
    lead: str  # the sentence before the link
    file: bool  # it leads to a download


def manifestation_iris(ident: Identified) -> dict[DownloadFormat, str]:
    """The manifestation IRIs of an expression: the AKN file's own, and the PDF's and
    EPUB's by the naming convention (the expression's IRI and the format)."""
    found: dict[DownloadFormat, str] = {"pdf": f"{ident.expression}.pdf"}
    found["epub"] = f"{ident.expression}.epub"
    found["akn"] = ident.manifestation or f"{ident.expression}.akn"
    return found


def redirects(project: Project, names: list[str], published: Publication) -> Iterator[Redirect]:
    """Every IRI of the published texts and where it leads."""
    layout, source = project.layout, project.source_language
    for work in works([layout.source_file(name) for name in names]):
        latest = work.latest.name
        yield from _work_redirect(project, work, latest, source)
        for version in work.versions:
            for language in published.of(project, version.name):
                yield from _version_redirects(project, work, version, language)


def _strings(project: Project, code: str) -> dict[str, str]:
    return ui_strings(project.layout, code, project.issuing_body)


def _work_redirect(project: Project, work: Work, latest: str, source: Language) -> list[Redirect]:
    ident = identified(project.layout.merged(source.code, latest), project.layout)
    if ident is None or not work.iri:
        return []
    ui = _strings(project, source.code)
    line = stage_line(ident.facts, ui, source.locale)
    target = work_url(source.code, work.slug)
    return [Redirect(work.iri, target, source.code, ident.title, line, ui["iri-text"], False)]


def _version_redirects(
    project: Project, work: Work, version: Version, language: Language
) -> list[Redirect]:
    layout, code = project.layout, language.code
    ident = identified(layout.merged(code, version.name), layout)
    if ident is None or not ident.expression:
        return []
    ui = _strings(project, code)
    line = stage_line(ident.facts, ui, language.locale)
    target = version_url(code, work.slug, version.name)
    found = [Redirect(ident.expression, target, code, ident.title, line, ui["iri-text"], False)]
    for format_, iri in manifestation_iris(ident).items():
        if layout.download(code, version.name, format_).exists():
            url = download_url(code, version.name, format_)
            found.append(Redirect(iri, url, code, ident.title, line, ui["iri-file"], True))
    return found


def redirect_page(redirect: Redirect) -> bytes:
    """The static page at an IRI: canonical link, immediate refresh, visible link."""
    page = iri_url(redirect.iri)
    href = relative_url(redirect.target, page)
    direction = profile(redirect.code).direction
    title = " — ".join(part for part in (redirect.title, redirect.line) if part)
    document = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(name="viewport", content="width=device-width,initial-scale=1"),
            E.TITLE(title),
            E.LINK(rel="icon", href="data:,"),  # as the root page: no request for /favicon.ico
            E.LINK(rel="canonical", href=href),
            E.META(content=f"0; url={href}", **{"http-equiv": "refresh"}),
            E.META(name="robots", content="noindex"),
        ),
        E.BODY(
            E.E.main(
                E.H1(redirect.title or redirect.line),
                E.P(redirect.line),
                E.P(redirect.lead, " ", E.A(title, href=href)),
            )
        ),
        lang=redirect.code,
        dir=direction,
    )
    text: bytes = lxml_html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8")
    return text + b"\n"


def iri_folder(project: Project) -> Path:
    """The folder of the built site that holds every IRI's page."""
    return project.layout.built_site() / IRI_ROOT


def build_iri_pages(project: Project, names: list[str], published: Publication) -> Path:
    """Write the page of every IRI of the published texts. A page already holding its
    bytes is left as it is (one changed text rewrites only its own IRIs' pages); any
    other file in the folder, such as the page of an IRI no longer published, goes."""
    folder = iri_folder(project)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    wanted: set[Path] = set()
    for redirect in redirects(project, names, published):
        path = iri_page(project.layout.built_site(), redirect.iri)
        if path.is_symlink():  # never written through
            path.unlink()
        write_if_changed(path, redirect_page(redirect))
        wanted.add(path)
    _prune(folder, wanted)
    return folder


def _prune(folder: Path, wanted: set[Path]) -> None:
    """Remove from ``folder`` every file not in ``wanted``, then the folders left empty."""
    for current, subfolders, files in os.walk(folder, topdown=False):
        here = Path(current)
        for name in files:
            if here / name not in wanted:
                (here / name).unlink()
        for name in subfolders:
            sub = here / name
            if sub.is_symlink():
                sub.unlink()
            elif not any(sub.iterdir()):
                sub.rmdir()


def iri_inputs(project: Project, names: list[str], published: Publication) -> str:
    """What the IRI pages are made from: the sources (works, versions), the published
    texts of every language, which downloads exist, the interface catalogs, our code."""
    layout = project.layout
    parts = [code_fingerprint(), project.settings]
    for name in names:
        parts.append(file_sha256(layout.source_file(name)))
        for language in published.of(project, name):
            parts.append(language.code + file_sha256(layout.merged(language.code, name)))
            parts += [str(layout.download(language.code, name, f).exists()) for f in SUFFIX]
    for language in project.languages:
        parts.append(file_sha256(layout.catalog(language.code, UI_NAME)))
    return fingerprint(*parts)
