"""The schema.org ``Legislation`` (JSON-LD) of each text page, true to the text's stage:
a draft says it is a draft (``creativeWorkStatus``, ``dateCreated``, its authors) and
claims no adoption, passing body or legal force; an adopted text gives its adoption date
and the body that passed it (``legislationDate``, ``legislationPassedBy``). It names the
expression and work by their IRIs' pages on the site (see :mod:`.identifiers`), the
translations or the original, the drafting history and every download (``encoding``).
"""

from __future__ import annotations

import json
from typing import Any

from build_tools.akn import model as akn
from build_tools.akn.iris import Identified, identified
from build_tools.akn.versions import Version, Work, history
from build_tools.config import Language, Project
from build_tools.i18n.publication import Publication
from build_tools.layout import (
    DOWNLOAD_FORMATS,
    download_url,
    iri_url,
    relative_url,
    version_url,
    work_url,
)
from build_tools.site.identifiers import MEDIA_TYPES
from build_tools.state import file_sha256


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
    ident = identified(layout.merged(code, version.name), layout)
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
        ident = identified(project.layout.merged(other.code, version.name), project.layout)
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
