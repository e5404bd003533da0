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
from build_tools.diagnostics import Diagnostic, display_path


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


# One work, one text per date


@dataclass(frozen=True, slots=True)
class Expression:
    """What makes a source one text of one work: its work IRI and expression date."""

    path: Path
    work: str
    date: str  # ISO date of the expression
    symbol: str  # "" when the work has none
    line: int  # of the expression's date, for diagnostics


def expression_of(path: Path, data: bytes | None = None) -> Expression | None:
    """The source's work and expression date (None when it cannot be read as AKN)."""
    parsed = parse_xml(path, data)
    document = (
        akn.document_element(parsed.tree.getroot()) if isinstance(parsed, ParsedXml) else None
    )
    if document is None:
        return None
    _, ident = akn.identification(document)
    element = ident.expression.element
    date = None if element is None else element.find(akn.akn("FRBRdate"))
    where = date if date is not None else element
    return Expression(
        path=path,
        work=ident.work.uri or "",
        date=(ident.expression.date or "")[:10],
        symbol=akn.facts(document).symbol,
        line=(where.sourceline or 0) if where is not None else 0,
    )


def same_text(one: Expression, other: Expression, *, by_symbol: bool = False) -> bool:
    """Whether two sources are the same text: one work at one expression date (or, with
    ``by_symbol``, one symbol at one date)."""
    if not one.date or one.date != other.date:
        return False
    return bool(one.work and one.work == other.work) or (
        by_symbol and bool(one.symbol) and one.symbol == other.symbol
    )


def duplicate_expressions(paths: list[Path], corpus: list[Path]) -> list[Diagnostic]:
    """Each of ``paths`` that is the same text as another source of ``corpus`` (the
    same work and expression date), naming the other: a work has one text per date, and
    later texts are versions (``new-version``)."""
    found = {p.resolve(): e for p in {*paths, *corpus} if (e := expression_of(p)) is not None}
    texts: dict[tuple[str, str], list[tuple[Path, Expression]]] = {}  # by work and date
    for key, expression in found.items():
        texts.setdefault((expression.work, expression.date), []).append((key, expression))
    problems = []
    for path in paths:
        here = path.resolve()
        mine = found.get(here)
        if mine is None:
            continue
        others = sorted(
            display_path(other.path)
            for key, other in texts[(mine.work, mine.date)]
            if key != here and same_text(mine, other)
        )
        if others:
            verb = "is" if len(others) == 1 else "are"
            message = (
                f"{', '.join(others)} {verb} the same text: work {mine.work}, expression of "
                f"{mine.date}; a work has one text per date: remove one, or make the later "
                "text a version with `new-version`"
            )
            problems.append(Diagnostic(display_path(path), mine.line, message, "source-duplicate"))
    return problems
