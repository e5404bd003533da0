"""Stage ``merge``: PO + source AKN → one AKN expression per language.

Units whose translation is missing or fuzzy keep the source text and are marked with
``xml:lang`` of the source language, so renderers can flag them; fuzzy text is never
published. A catalog that fails ``check`` is refused and nothing is written for it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn import placeholders
from build_tools.akn.units import units
from build_tools.akn.validate import validate_tree
from build_tools.akn.xmlio import write_xml
from build_tools.config import Language, Project
from build_tools.diagnostics import StageFailed, count_errors, display_path
from build_tools.i18n.catalogs import PoFile, messages, translated
from build_tools.i18n.extract import SourceDocument
from build_tools.i18n.typography import typography

TEAM_EID = "translation-team"


@dataclass(frozen=True, slots=True)
class MergeResult:
    language: str
    path: Path
    fallbacks: tuple[str, ...]  # keys of units published in the source language
    authoritative: bool
    changed: bool


def translate_units(
    document: etree._Element, po: PoFile | None, source_language: str, language: str = ""
) -> list[str]:
    """Put every published translation in place; returns the keys that fell back. A
    translated unit inside one that fell back (a footnote in an untranslated paragraph)
    says it is in ``language``."""
    by_key: dict[str, Message] = (
        {} if po is None else {m.context or "": m for m in messages(po.catalog)}
    )
    fallbacks = []
    for unit in units(document):
        message = by_key.get(unit.key)
        if message is not None and translated(message) and message.id == unit.text:
            placeholders.rebuild(
                unit.element, placeholders.parse(str(message.string)), unit.placeholders
            )
            if language and _inside_fallback(unit.element, source_language):
                unit.element.set(akn.XML_LANG, language)
        else:
            unit.element.set(akn.XML_LANG, source_language)
            fallbacks.append(unit.key)
    return fallbacks


def _inside_fallback(element: etree._Element, source_language: str) -> bool:
    return any(a.get(akn.XML_LANG) == source_language for a in element.iterancestors())


def localize_quotes(document: etree._Element, language: str) -> None:
    start, end = typography(language).quotes
    for element in document.iter(akn.akn("embeddedText"), akn.akn("quotedText")):
        if element.get("startQuote") is not None:
            element.set("startQuote", start)
            element.set("endQuote", end)


def _set(level: etree._Element | None, name: str, old: str, new: str) -> None:
    field = None if level is None else level.find(akn.akn(name))
    if field is not None:
        field.set("value", field.get("value", "").replace(old, new, 1))


def retarget_identification(
    document: etree._Element, project: Project, language: Language, authoritative: bool
) -> None:
    _, ident = akn.identification(document)
    source_iso = ident.language or project.source_language.iso
    old, new = f"/{source_iso}@", f"/{language.iso}@"
    for level in (ident.expression.element, ident.manifestation.element):
        _set(level, "FRBRthis", old, new)
        _set(level, "FRBRuri", old, new)
    expression = ident.expression.element
    if expression is None or ident.language_element is None:
        raise ValueError("validated documents always have an expression and a language")
    ident.language_element.set("language", language.iso)
    flag = expression.find(akn.akn("FRBRauthoritative"))
    if flag is not None:
        flag.set("value", "true" if authoritative else "false")
    translation = etree.Element(akn.akn("FRBRtranslation"))
    translation.set("href", ident.expression.uri or "")
    translation.set("fromLanguage", source_iso)
    translation.set("authoritative", "true" if authoritative else "false")
    translation.set("by", f"#{TEAM_EID}")
    _insert_after(ident.language_element, translation)
    _add_team(document, project)


def _insert_after(anchor: etree._Element, new: etree._Element) -> None:
    """Insert ``new`` after ``anchor``, indented like it."""
    previous = anchor.getprevious()
    new.tail = anchor.tail
    if previous is not None:
        anchor.tail = previous.tail
    anchor.addnext(new)


def _add_team(document: etree._Element, project: Project) -> None:
    references = document.find(f"{akn.akn('meta')}/{akn.akn('references')}")
    if references is None or any(e.get("eId") == TEAM_EID for e in references):
        return
    team = etree.SubElement(references, akn.akn("TLCOrganization"))
    team.set("eId", TEAM_EID)
    team.set("href", "/ontology/organization/ipu-resolutions/translation-team")
    team.set("showAs", project.team.split("<")[0].strip())


def set_language(document: etree._Element, language: str) -> None:
    for child in document:
        if akn.local(child) == "attachments":  # which takes no attributes: each annex
            for attachment in child.iterfind(akn.akn("attachment")):
                attachment.set(akn.XML_LANG, language)
        elif akn.local(child) in akn.PARTS:
            child.set(akn.XML_LANG, language)


def merge_document(
    project: Project,
    source: SourceDocument,
    language: Language,
    po: PoFile | None,
    *,
    authoritative: bool = False,
) -> MergeResult:
    """Write the expression of ``language``; ``authoritative`` is the publication gate's
    verdict (see :mod:`build_tools.i18n.gate`)."""
    tree = copy.deepcopy(source.tree)
    document = akn.document_element(tree.getroot())
    assert document is not None
    path = project.layout.merged(language.code, source.name)
    if language == project.source_language:
        return MergeResult(language.code, path, (), True, write_xml(tree, path))
    fallbacks = translate_units(document, po, project.source_language.code, language.code)
    localize_quotes(document, language.code)
    retarget_identification(document, project, language, authoritative)
    akn.share_identification(document)  # the annexes are components of this expression
    set_language(document, language.code)
    problems = validate_tree(tree, display_path(path))
    if count_errors(problems):
        raise StageFailed(problems)
    return MergeResult(language.code, path, tuple(fallbacks), authoritative, write_xml(tree, path))
