"""Bulk data: ``site/data/documents.json``, every published text as data, and its JSON
Schema (``site/data/documents.schema.json``, draft 2020-12).

For each text (each version of each work): its IRIs (work, expression and manifestation
per language), symbol, stage, body, session, committee, dates, and every language of the
project with its status (original, official, provisional, not listed), its pages and its
downloads with their size and SHA-256. The sizes and digests are those of the files as
publish staged them, and both files are staged before the manifest is made, so the
manifest lists them and its signature covers them: documents.json agrees with the signed
manifest by construction. Nothing in them comes from the clock.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

from build_tools import bodies
from build_tools.akn.iris import Identified, identified
from build_tools.akn.versions import Version, Work, works
from build_tools.config import Language, Project
from build_tools.i18n.publication import Publication
from build_tools.layout import (
    DOCUMENTS_DATA,
    DOCUMENTS_SCHEMA,
    DOWNLOAD_FORMATS,
    download_url,
    iri_url,
    relative_url,
    version_url,
    work_url,
)
from build_tools.manifest import Staged
from build_tools.site.identifiers import MEDIA_TYPES, manifestation_iris

FORMAT = 1  # the version of documents.json's shape; its schema says which


def schema_bytes() -> bytes:
    """The JSON Schema of documents.json, as the package ships it."""
    return (resources.files("build_tools") / "data" / "documents.schema.json").read_bytes()


def bulk_files(
    project: Project, names: list[str], published: Publication, staged: Mapping[str, Staged]
) -> dict[str, bytes]:
    """The bulk data files by their path in the site."""
    data = {
        "$schema": relative_url(DOCUMENTS_SCHEMA, DOCUMENTS_DATA),
        "format": FORMAT,
        "documents": documents(project, names, published, staged),
    }
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return {DOCUMENTS_DATA: text.encode("utf-8"), DOCUMENTS_SCHEMA: schema_bytes()}


def documents(
    project: Project, names: list[str], published: Publication, staged: Mapping[str, Staged]
) -> list[dict[str, Any]]:
    found = []
    for work in works([project.layout.source_file(name) for name in names]):
        for version in work.versions:
            record = _record(project, work, version, published, staged)
            if record is not None:
                found.append(record)
    return found


def _record(
    project: Project,
    work: Work,
    version: Version,
    published: Publication,
    staged: Mapping[str, Staged],
) -> dict[str, Any] | None:
    source = project.source_language
    original = identified(project.layout.merged(source.code, version.name), project.layout)
    if original is None:
        return None
    facts = original.facts
    body = bodies.get(facts.body) if facts.body else project.issuing_body
    session = None
    if original.session:
        session = {"number": original.session, "name": body.session_name(original.session)}
    return {
        "name": version.name,
        "work": {
            "iri": work.iri,
            "url": iri_url(work.iri),
            "page": work_url(source.code, work.slug),
        },
        "current": version == work.latest,
        "symbol": facts.symbol,
        "stage": str(facts.stage or ""),
        "title": original.title,
        "authors": list(facts.authors),
        "drafts": list(facts.drafts),
        "body": {"id": body.id, "name": body.name()},
        "session": session,
        "committee": original.committee,
        "dates": {"work": facts.date, "version": version.date, "version_kind": version.kind},
        "languages": [
            _language(project, language, work, version, published, staged)
            for language in project.languages
        ],
    }


def _status(project: Project, language: Language, ident: Identified | None) -> str:
    if ident is None:
        return "not listed"
    if language == project.source_language:
        return "original"
    return "official" if ident.authoritative else "provisional"


def _language(
    project: Project,
    language: Language,
    work: Work,
    version: Version,
    published: Publication,
    staged: Mapping[str, Staged],
) -> dict[str, Any]:
    code = language.code
    shown = published.has(version.name, code)
    ident = identified(project.layout.merged(code, version.name), project.layout) if shown else None
    entry: dict[str, Any] = {"code": code, "iso": language.iso}
    entry["status"] = _status(project, language, ident)
    if ident is None:
        return entry
    entry["title"] = ident.title
    entry["page"] = version_url(code, work.slug, version.name)
    entry["expression"] = {"iri": ident.expression, "url": iri_url(ident.expression)}
    iris = manifestation_iris(ident)
    downloads = []
    for format_ in DOWNLOAD_FORMATS:
        url = download_url(code, version.name, format_)
        if url in staged:
            downloads.append(
                {
                    "format": format_,
                    "media_type": MEDIA_TYPES[format_],
                    "url": url,
                    "iri": iris[format_],
                    "size": staged[url].size,
                    "sha256": staged[url].sha256,
                }
            )
    entry["downloads"] = downloads
    return entry
