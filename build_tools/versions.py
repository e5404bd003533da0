"""Versions of a work: the source files that are expressions of one FRBR work, by date.

A work's versions are published together: the newest is the current text, every version
stays readable, and each later version is compared with the one before it (redline).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from build_tools import akn
from build_tools.pandoc_doc import Node, attr, text_nodes
from build_tools.reading import Block, Reading, plain
from build_tools.xmlio import ParsedXml, parse_xml


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


def _texts(blocks: tuple[Block, ...]) -> list[tuple[str, str, str]]:
    """(eId, number, text) of every block a reader would compare."""
    found: list[tuple[str, str, str]] = []
    for block in blocks:
        if block.kind == "group" or (
            block.kind == "numbered" and any(c.kind == "numbered" for c in block.children)
        ):
            found += _texts(block.children)
            if block.kind == "group":
                continue
        text = (
            plain(block.inlines)
            if block.inlines
            else " ".join(plain(c.inlines) for c in block.children if c.inlines)
        )
        if block.eid and text:
            found.append((block.eid, block.num, text))
    return found


def comparable(reading: Reading) -> list[tuple[str, str, str]]:
    title = ("title", "", plain(reading.title))
    return [
        title,
        *_texts((*reading.masthead, *reading.subtitle, *reading.preamble, *reading.body)),
    ]


def _tokens(text: str, language: str) -> list[str]:
    if language.split("-")[0] in {"zh", "ja"}:
        return list(text)  # no spaces between words: compare characters
    return re.findall(r"\s+|[^\s]+", text)


def diff_inlines(old: str, new: str, language: str) -> list[Node]:
    """The new text with deletions (``<del>``) and insertions (``<ins>``) marked."""
    before, after = _tokens(old, language), _tokens(new, language)
    nodes: list[Node] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            nodes += text_nodes("".join(after[j1:j2]))
            continue
        if i2 > i1:
            nodes.append({"t": "Strikeout", "c": text_nodes("".join(before[i1:i2]))})
        if j2 > j1:
            inserted = text_nodes("".join(after[j1:j2]))
            nodes += [
                {"t": "RawInline", "c": ["html", "<ins>"]},
                *inserted,
                {"t": "RawInline", "c": ["html", "</ins>"]},
            ]
    return nodes


def redline_blocks(old: Reading, new: Reading) -> list[Node]:
    """A block per changed unit, aligned by eId, in the new version's order."""
    previous = {eid: (num, text) for eid, num, text in comparable(old)}
    current = comparable(new)
    blocks: list[Node] = []
    for eid, num, text in current:
        before = previous.pop(eid, None)
        if before is not None and before[1] == text:
            continue
        label = {
            "t": "Div",
            "c": [attr(classes=("num",)), [{"t": "Plain", "c": text_nodes(num or "")}]],
        }
        body = diff_inlines(before[1] if before else "", text, new.language)
        content = {"t": "Div", "c": [attr(classes=("text",)), [{"t": "Para", "c": body}]]}
        blocks.append({"t": "Div", "c": [attr(eid, ("numbered", "change")), [label, content]]})
    for eid, (num, text) in previous.items():  # units the new version removed
        label = {"t": "Div", "c": [attr(classes=("num",)), [{"t": "Plain", "c": text_nodes(num)}]]}
        content = {
            "t": "Div",
            "c": [
                attr(classes=("text",)),
                [{"t": "Para", "c": [{"t": "Strikeout", "c": text_nodes(text)}]}],
            ],
        }
        blocks.append({"t": "Div", "c": [attr(eid, ("numbered", "change")), [label, content]]})
    return blocks
