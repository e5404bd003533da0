"""Identifiers on the site: every text's Akoma Ntoso IRIs resolve, and every text page
says what it is in schema.org terms.

- The **work** IRI (``/akn/ipu/statement/resolutionDraft/2015-01-15/c-i-132-dr``) leads to
  the work's current text in the original; the **expression** IRI (``…/fra@``,
  ``…/fra@2026-11-28``) to that version in that language; each **manifestation**
  (``…/fra@.akn``, and ``….pdf``, ``….epub``) to its download. Each is a static page at
  the IRI's path (see :func:`build_tools.layout.iri_url`) with a ``rel=canonical`` link,
  an immediate ``meta`` refresh and a visible link, in the target's language.
- Each text page carries a schema.org ``Legislation`` (JSON-LD) true to the text's
  stage: a draft says it is a draft (``creativeWorkStatus``, ``dateCreated``, its
  authors) and claims no adoption, passing body or legal force; an adopted text gives its
  adoption date and the body that passed it (``legislationDate``,
  ``legislationPassedBy``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import html as lxml_html
from lxml.html import builder as E

from build_tools.akn import model as akn
from build_tools.akn.iris import Identified, identified
from build_tools.akn.versions import Version, Work, history, works
from build_tools.config import Language, Project
from build_tools.i18n.publication import Publication
from build_tools.i18n.ui import UI_NAME, stage_line, ui_strings
from build_tools.layout import (
    DOWNLOAD_FORMATS,
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
from build_tools.render.reading import RTL_LANGUAGES
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
    ident = identified(project.layout.merged(source.code, latest))
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
    ident = identified(layout.merged(code, version.name))
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
    direction = "rtl" if redirect.code.split("-")[0] in RTL_LANGUAGES else "ltr"
    title = " — ".join(part for part in (redirect.title, redirect.line) if part)
    document = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(name="viewport", content="width=device-width,initial-scale=1"),
            E.TITLE(title),
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
    """Write the page of every IRI of the published texts (the folder anew, so an IRI no
    longer published has no page)."""
    folder = iri_folder(project)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for redirect in redirects(project, names, published):
        path = iri_page(project.layout.built_site(), redirect.iri)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(redirect_page(redirect))
    return folder


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


# schema.org JSON-LD of a text page


def script_json(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">``: no ``<``, ``>`` or ``&``
    (written as JSON escapes), so no text can close the script or open markup."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _expression_ref(ident: Identified, code: str, target: str, page: str) -> dict[str, Any]:
    return {
        "@type": "Legislation",
        "@id": relative_url(iri_url(ident.expression), page),
        "inLanguage": code,
        "url": relative_url(target, page),
    }


def _encodings(project: Project, code: str, name: str, page: str) -> list[dict[str, Any]]:
    layout = project.layout
    found = []
    for format_ in DOWNLOAD_FORMATS:
        path = layout.download(code, name, format_)
        if path.exists():
            found.append(
                {
                    "@type": "MediaObject",
                    "contentUrl": relative_url(download_url(code, name, format_), page),
                    "encodingFormat": MEDIA_TYPES[format_],
                    "contentSize": f"{path.stat().st_size} B",
                    "sha256": file_sha256(path),
                }
            )
    return found


def _stage_claims(facts: akn.Facts) -> dict[str, Any]:
    """What the text's stage allows it to claim: a draft, its submission and authors; an
    adopted text, its adoption and the body that passed it. Nothing says in force."""
    people = [{"@type": "Person", "name": name} for name in facts.authors]
    if facts.stage is akn.Stage.ADOPTED:
        bodies_ = [{"@type": "Organization", "name": name} for name in facts.authors]
        claims: dict[str, Any] = {"creativeWorkStatus": "Adopted", "legislationPassedBy": bodies_}
        if facts.date:
            claims["legislationDate"] = facts.date
        return claims
    claims = {"creativeWorkStatus": "Draft", "author": people}
    if facts.date:
        claims["dateCreated"] = facts.date
    return claims


def legislation(
    project: Project,
    language: Language,
    work: Work,
    version: Version,
    every: list[Work],
    published: Publication,
    page: str,
) -> dict[str, Any] | None:
    """The schema.org ``Legislation`` of the page at ``page``, which shows ``version`` of
    ``work`` in ``language`` (None when its text cannot be read)."""
    layout, code = project.layout, language.code
    ident = identified(layout.merged(code, version.name))
    if ident is None:
        return None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        **_expression_ref(ident, code, version_url(code, work.slug, version.name), page),
        "url": relative_url(page, page),
        "name": ident.title,
        "exampleOfWork": {"@id": relative_url(iri_url(work.iri), page)} if work.iri else None,
        "legislationDateVersion": ident.date or None,
        "encoding": _encodings(project, code, version.name, page),
        **_stage_claims(ident.facts),
    }
    if ident.facts.symbol:
        data["identifier"] = data["legislationIdentifier"] = ident.facts.symbol
    data.update(_translations(project, language, work, version, published, page))
    data.update(_drafting(work, every, code, page))
    return {key: value for key, value in data.items() if value not in (None, [], {})}


def _translations(
    project: Project,
    language: Language,
    work: Work,
    version: Version,
    published: Publication,
    page: str,
) -> dict[str, Any]:
    """The original's translations (on the original), or the original (on a translation)."""
    source = project.source_language
    others = [lang for lang in published.of(project, version.name) if lang != language]
    refs = []
    for other in others if language == source else [source]:
        ident = identified(project.layout.merged(other.code, version.name))
        if ident is not None:
            target = version_url(other.code, work.slug, version.name)
            refs.append(_expression_ref(ident, other.code, target, page))
    if language == source:
        return {"workTranslation": refs}
    return {"translationOfWork": refs[0]} if refs else {}


def _drafting(work: Work, every: list[Work], code: str, page: str) -> dict[str, Any]:
    """The drafting history: an adopted text ``isBasedOn`` its drafts; a draft is the
    basis of the texts adopted from it (``@reverse``), which claims nothing of the draft."""
    related = history(work, every)
    drafts = [o for o in related[: related.index(work)]] if related else []
    adopted = [o for o in related[related.index(work) + 1 :]] if related else []
    refs = {
        "drafts": [_work_ref(o, code, page) for o in drafts],
        "adopted": [_work_ref(o, code, page) for o in adopted],
    }
    found: dict[str, Any] = {}
    if refs["drafts"]:
        found["isBasedOn"] = refs["drafts"]
    if refs["adopted"]:
        found["@reverse"] = {"isBasedOn": refs["adopted"]}
    return found


def _work_ref(work: Work, code: str, page: str) -> dict[str, Any]:
    ref: dict[str, Any] = {
        "@type": "Legislation",
        "url": relative_url(work_url(code, work.slug), page),
    }
    if work.iri:
        ref["@id"] = relative_url(iri_url(work.iri), page)
    if work.facts is not None and work.facts.symbol:
        ref["legislationIdentifier"] = work.facts.symbol
    return ref
