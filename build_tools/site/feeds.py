"""The Atom feed (RFC 4287) of each language site: ``<lang>/feed.xml``.

An entry for each text published in the language (its first version, dated by it), for
each later version (a corrigendum, a revision: its date), and, in a translated language,
for each text's translation (dated by its catalog: the approval date of an official
translation, ``X-Approval-Date``, else the catalog's ``PO-Revision-Date``; an entry whose
catalog states neither is left out rather than dated by the clock). Every entry gives the
text's stage, symbol and date; a draft's entry says it is a draft.

Everything comes from the sources and the catalogs, never the clock, so an unchanged
corpus gives the same bytes; the feed's ``updated`` is its newest entry's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

from build_tools.akn.iris import Identified, identified
from build_tools.akn.versions import Version, Work, works
from build_tools.config import Language, Project
from build_tools.i18n.header import find_header
from build_tools.i18n.publication import Publication
from build_tools.i18n.ui import stage_line, ui_strings
from build_tools.layout import feed_url, home_url, relative_url, version_url
from build_tools.site.pages import version_label

ATOM = "application/atom+xml"
HEADER_LINES = 80  # a catalog's header is within its first lines


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a feed."""

    id: str  # urn:uuid:… made from the expression's IRI and the kind of entry
    kind: str  # "text", "version" or "translation"
    date: str  # ISO date
    title: str
    summary: str
    href: str  # site URL
    stage: str  # "draft" or "adopted"
    stage_label: str  # what the text is, in the feed's language
    authors: tuple[str, ...]


def stable_id(*parts: str) -> str:
    """A permanent, absolute identifier (RFC 4287 ``atom:id``) named by ``parts``."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "#".join(parts)).urn


def catalog_date(path: Path, official: bool) -> str:
    """The date a translation was published as it now is: its approval date when it is
    official and says one, else its catalog's revision date ("" when it states none)."""
    if not path.exists():
        return ""
    lines = path.read_text("utf-8", errors="replace").split("\n")[:HEADER_LINES]
    header = find_header(lines)
    if header is None:
        return ""
    names = ("X-Approval-Date", "PO-Revision-Date") if official else ("PO-Revision-Date",)
    for name in names:
        found = header.first(name)
        value = found.value.strip()[:10] if found is not None else ""
        if _is_date(value):
            return value
    return ""


def _is_date(value: str) -> bool:
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def entries(
    project: Project, language: Language, names: list[str], published: Publication
) -> list[Entry]:
    """Every entry of the feed of ``language``, newest first."""
    found: list[Entry] = []
    for work in works([project.layout.source_file(name) for name in names]):
        for number, version in enumerate(work.versions):
            if published.has(version.name, language.code):
                found += _version_entries(project, language, work, version, first=number == 0)
    return sorted(found, key=lambda entry: (entry.date, entry.id), reverse=True)


def _version_entries(
    project: Project, language: Language, work: Work, version: Version, *, first: bool
) -> list[Entry]:
    code, layout = language.code, project.layout
    ident = identified(layout.merged(code, version.name), layout)
    if ident is None or not ident.expression:
        return []
    ui = ui_strings(layout, code, project.issuing_body)
    href = version_url(code, work.slug, version.name)
    if first:
        what = ui["feed-new-text"]
    else:
        label = version_label(version.kind, version.date, ui, language.locale)
        what = ui["feed-new-version"].format(version=label)
    made = [_entry(ident, "text" if first else "version", ident.date, what, href, ui, language)]
    if language != project.source_language:
        official = ident.authoritative
        date = catalog_date(layout.catalog(code, version.name), official)
        key = "feed-translation-official" if official else "feed-translation-provisional"
        if date:
            made.append(_entry(ident, "translation", date, ui[key], href, ui, language))
    return [entry for entry in made if entry.date]


def _entry(
    ident: Identified,
    kind: str,
    date: str,
    what: str,
    href: str,
    ui: dict[str, str],
    language: Language,
) -> Entry:
    facts = ident.facts
    stage = stage_line(facts, ui, language.locale)
    title = f"{facts.symbol}: {ident.title}" if facts.symbol else ident.title
    return Entry(
        id=stable_id(ident.expression, kind),
        kind=kind,
        date=date,
        title=title,
        summary=" — ".join(part for part in (what, stage) if part),
        href=href,
        stage=str(facts.stage or ""),
        stage_label=stage,
        authors=facts.authors,
    )


def _moment(date: str) -> datetime:
    return datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=UTC)


def atom_feed(project: Project, language: Language, found: list[Entry]) -> bytes:
    """The Atom document of ``found`` (newest first) for the site of ``language``."""
    code = language.code
    ui = ui_strings(project.layout, code, project.issuing_body)
    here = feed_url(code)
    feed = FeedGenerator()
    feed.id(stable_id(project.issuing_body.href, "feed", code))
    feed.title(ui["feed-title"])
    feed.subtitle(ui["site-name"])
    feed.language(code)
    feed.author({"name": project.issuing_body.name(code)})
    feed.link(href=relative_url(here, here), rel="self", type=ATOM)
    feed.link(href=relative_url(home_url(code), here), rel="alternate", type="text/html")
    feed.updated(_moment(found[0].date) if found else datetime(1970, 1, 1, tzinfo=UTC))
    for item in found:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.updated(_moment(item.date))
        entry.published(_moment(item.date))
        entry.link(href=relative_url(item.href, here), rel="alternate", type="text/html")
        entry.summary(item.summary)
        entry.category([{"term": item.stage, "label": item.stage_label}, {"term": item.kind}])
        for author in item.authors:
            entry.author({"name": author})
    data: bytes = feed.atom_str(pretty=True)
    return data


def write_feed(
    project: Project, language: Language, names: list[str], published: Publication
) -> Path:
    """Write the feed of ``language`` into its built site."""
    path = project.layout.built_site() / feed_url(language.code)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(atom_feed(project, language, entries(project, language, names, published)))
    return path
