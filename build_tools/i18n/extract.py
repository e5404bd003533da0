"""Stage ``extract``: one gettext template (POT) per document, keyed by eId.

Layout: ``translations/<document>.pot`` and ``translations/<lang>/<document>.po``.
Locations carry no line numbers, so an unchanged source re-extracts byte-identically.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.units import Unit, unit_problems, units
from build_tools.akn.validate import validate_tree
from build_tools.akn.xmlio import ParsedXml, parse_xml, read_bytes
from build_tools.config import Project
from build_tools.diagnostics import Diagnostic, StageFailed, count_errors, display_path
from build_tools.i18n.catalogs import PoFile, new_catalog, write_catalog

WORK_HEADER = "X-Work"  # the FRBR work a template belongs to: versions of a work share it
PLACEHOLDER_HINTS = {
    "ref": "reference to another text (a link)",
    "embeddedText": "quoted words (the quotation marks are added for your language)",
    "quotedText": "quoted words (the quotation marks are added for your language)",
    "organization": "name of an organization",
    "location": "name of a place",
    "docDate": "date of the document",
    "date": "date",
    "docTitle": "title of the document",
    "docType": "kind of document",
    "docStatus": "status of the document",
    "docAuthority": "body that adopted the document",
    "docCommittee": "name of the committee",
    "docNumber": "document symbol (usually kept as it is)",
    "docStage": "what the document is (e.g. draft resolution)",
    "docProponent": "name of a person who submitted the document (kept as written)",
    "session": "session of the body",
    "authorialNote": "position of a footnote (translated separately)",
    "noteRef": "position of a note reference",
    "term": "defined term",
    "abbr": "abbreviation (its expansion is kept)",
}


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A validated source document and its translatable units."""

    path: Path
    shown: str
    tree: etree._ElementTree
    document: etree._Element
    units: tuple[Unit, ...]
    diagnostics: tuple[Diagnostic, ...]  # warnings only: errors raise

    @property
    def name(self) -> str:
        return self.path.stem


def load_source(path: Path, validated: str = "") -> SourceDocument:
    """Parse, validate and cut a source document into units; StageFailed on any error.
    ``validated``: the SHA-256 of a content validate has passed; if the file still holds
    it, it is not validated again."""
    raw = read_bytes(path)
    parsed = parse_xml(path, raw)
    if not isinstance(parsed, ParsedXml):
        raise StageFailed(parsed)
    passed = validated and hashlib.sha256(raw).hexdigest() == validated
    problems = [] if passed else validate_tree(parsed.tree, parsed.shown)
    document = akn.document_element(parsed.tree.getroot())
    if count_errors(problems) or document is None:
        raise StageFailed(problems)
    found = units(document)
    problems += unit_problems(document, found, parsed.shown)
    if count_errors(problems):
        raise StageFailed(problems)
    return SourceDocument(path, parsed.shown, parsed.tree, document, tuple(found), tuple(problems))


def document_date(source: SourceDocument) -> datetime:
    _, ident = akn.identification(source.document)
    day = (ident.expression.date or ident.work.date or "1970-01-01")[:10]
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def translator_notes(document: etree._Element) -> dict[str, list[str]]:
    """Notes for translators kept in <meta><notes>, by the key they refer to."""
    notes: dict[str, list[str]] = {}
    for note in document.iter(akn.akn("note")):
        if note.get("class") == "translatorNote" and akn.in_meta(note):
            text = akn.squeeze("".join(note.itertext()))
            for target in note.get("refersTo", "").split():
                notes.setdefault(target.lstrip("#"), []).append(f"Note for translators: {text}")
    return notes


INTERNAL_REFERENCE = "reference to a paragraph of this text (a link)"


def placeholder_hint(element: etree._Element) -> str:
    """What a placeholder stands for, for the translator."""
    name = akn.local(element)
    if name == "ref" and element.get("href", "").startswith("#"):
        return INTERNAL_REFERENCE
    return PLACEHOLDER_HINTS.get(name, f"{name} markup")


def placeholder_hints(unit: Unit) -> list[str]:
    return [f"<{name}>: {placeholder_hint(element)}" for name, element in unit.placeholders.items()]


def build_template(project: Project, source: SourceDocument) -> PoFile:
    date = document_date(source)
    catalog = new_catalog(
        locale=None,
        project=source.name,
        version=date.date().isoformat(),
        date=date,
        team=project.team,
    )
    location = display_path(source.path, project.root)  # the same from any folder
    catalog.header_comment = (
        f"# Translation template for {source.name} ({location}).\n"
        "# Generated by `python -m build_tools extract`; do not edit. See translations/README.md."
    )
    notes = translator_notes(source.document)
    for unit in source.units:
        comments = [unit.comment, *notes.get(unit.key, []), *placeholder_hints(unit)]
        # Babel writes a location without a line number when the number is None.
        where: list[tuple[str, int]] = [(location, None)]  # type: ignore[list-item]
        catalog.add(unit.text, context=unit.key, auto_comments=comments, locations=where)
    _, ident = akn.identification(source.document)
    work = {WORK_HEADER: ident.work.this or ""} if ident.work.this else {}
    return PoFile(path=project.layout.template(source.name), catalog=catalog, extra_headers=work)


def extract(project: Project, paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Write the template of every document; returns the files changed and the warnings."""
    changed: list[Path] = []
    warnings: list[Diagnostic] = []
    for path in paths:
        source = load_source(path)
        warnings += source.diagnostics
        if extract_source(project, source):
            changed.append(project.layout.template(source.name))
    return changed, warnings


def extract_source(project: Project, source: SourceDocument) -> bool:
    """Write the template of one loaded source; returns whether it changed."""
    return write_catalog(build_template(project, source))
