"""Versions of a work: the source files that are expressions of one FRBR work, by date.

A work's versions are published together: the newest is the current text, every version
stays readable, and each later version is compared with the one before it
(:mod:`build_tools.site.redline`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_tools.akn import model as akn
from build_tools.akn.xmlio import ParsedXml, parse_xml


@dataclass(frozen=True, slots=True)
class Version:
    name: str  # the source file's stem, e.g. "ipu-132-cyber-warfare_2026-11-28"
    date: str  # ISO date of the expression
    kind: str  # what the date records: "adoption", "corrigendum", …


@dataclass(frozen=True, slots=True)
class Work:
    slug: str  # the first version's name: the work's address on the site
    versions: tuple[Version, ...]  # oldest first
    iri: str = ""  # the FRBR work IRI
    facts: akn.Facts | None = (
        None  # what the work is (stage, symbol, date), from its latest version
    )

    @property
    def latest(self) -> Version:
        return self.versions[-1]


def _version(path: Path) -> tuple[str, Version, akn.Facts | None]:
    parsed = parse_xml(path)
    document = (
        akn.document_element(parsed.tree.getroot()) if isinstance(parsed, ParsedXml) else None
    )
    if document is None:
        return path.stem, Version(path.stem, "", ""), None
    _, ident = akn.identification(document)
    kind = ""
    if ident.expression.element is not None:
        date = ident.expression.element.find(akn.akn("FRBRdate"))
        kind = "" if date is None else date.get("name", "")
    version = Version(path.stem, (ident.expression.date or "")[:10], kind)
    return ident.work.uri or path.stem, version, akn.facts(document)


def source_facts(paths: list[Path]) -> dict[str, akn.Facts]:
    """What each source document says it is, by document name (unparsable ones left out)."""
    found = {}
    for path in paths:
        facts = _version(path)[2]
        if facts is not None:
            found[path.stem] = facts
    return found


def version_dates(paths: list[Path]) -> dict[str, str]:
    """Each document's expression date (its version), by name ("" when it has none)."""
    return {path.stem: _version(path)[1].date for path in paths}


def works(sources: list[Path]) -> list[Work]:
    """Group the source files into works, each with its versions in date order."""
    grouped: dict[str, list[tuple[Version, akn.Facts | None]]] = {}
    for path in sources:
        work, version, facts = _version(path)
        grouped.setdefault(work, []).append((version, facts))
    result = []
    for iri, found in grouped.items():
        ordered = sorted(found, key=lambda pair: (pair[0].date, pair[0].name))
        versions = tuple(version for version, _ in ordered)
        result.append(Work(versions[0].name, versions, iri, ordered[-1][1]))
    return sorted(result, key=lambda work: work.slug)


def history(work: Work, every: list[Work]) -> list[Work]:
    """The drafting history of ``work``, oldest first: the drafts it was adopted from, the
    work itself, and the adopted texts made from it (by their AKN references)."""
    by_iri = {other.iri: other for other in every}
    drafts = [by_iri[iri] for iri in (work.facts.drafts if work.facts else ()) if iri in by_iri]
    adopted = [o for o in every if o.facts is not None and work.iri in o.facts.drafts]
    related = [*drafts, work, *adopted]
    return related if len(related) > 1 else []
