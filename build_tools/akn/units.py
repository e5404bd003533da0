"""Translatable units: one per block of text, keyed by eId.

A *block* is an element whose content is running text (``p``, ``heading``, …). Its key
(the gettext ``msgctxt``) is:

* its own eId, when it has one;
* for a heading or subheading: ``<owner>__heading`` / ``<owner>__subheading``;
* for the only text block of its owner: the owner's eId (``para_7``);
* otherwise ``<owner>__<name>_<n>`` (``para_7__p_2``), counting blocks of that name;

where the *owner* is the nearest ancestor with an eId, or the document part
(``preface``, ``preamble``, …) when there is none. Numbers (``<num>``) are structure,
never text to translate.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.placeholders import TOKEN, is_empty_placeholder, is_formatting, serialize
from build_tools.diagnostics import Diagnostic, Severity

BLOCKS = frozenset(
    {"p", "heading", "subheading", "listIntroduction", "listWrapUp", "tocItem", "caption", "li"}
)
SECTION_HEADINGS = frozenset({"heading", "subheading"})
# Elements whose direct text is known not to be translatable prose.
NOT_TEXT = frozenset({"num", "meta"})
DESCRIPTIONS = {
    "recital": "Preambular paragraph",
    "citation": "Citation",
    "paragraph": "Paragraph",
    "subparagraph": "Subparagraph",
    "point": "Point",
    "item": "List item",
    "hcontainer": "Group",
    "formula": "Opening formula",
    "longTitle": "Title",
    "authorialNote": "Footnote",
    "blockList": "Introduction of a list",
    "table": "Table cell",
    "article": "Article",
    "section": "Section",
    "attachment": "Annex",
}
# Roles of preface lines (their @class), described for translators.
PART_ROLES = {
    "body": "Name of the body, at the top of the first page",
    "session": "Session of the body, at the top of the first page",
    "venue": "Place and dates of the session",
    "committee": "Committee the text is submitted to, at the top of the first page",
    "symbol": "Document symbol, at the top of the first page (usually kept as it is)",
    "date": "Date of the document, at the top of the first page",
    "stage": "Line under the title saying what the text is (draft or adopted) and who submitted or adopted it",
    "adoption": "Adoption line under the title",
    "version": "Note on this version of the text (e.g. a corrigendum), under the title",
}
# Roles of the closing lines after the text (their @class, in <conclusions>).
CLOSING_ROLES = {
    "meeting": "Meeting at which the text was adopted, in the closing lines after the text",
    "date": "Date in the closing lines after the text (translate it as dates are written)",
    "place": "Place and date in the closing lines after the text",
}


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    text: str
    comment: str
    line: int
    element: etree._Element = field(compare=False, repr=False)
    placeholders: dict[str, etree._Element] = field(compare=False, repr=False)


def owner_of(block: etree._Element) -> tuple[str, etree._Element | None]:
    """The key base for ``block`` and the element it belongs to (None: a document part)."""
    for ancestor in block.iterancestors():
        if ancestor.get("eId"):
            return ancestor.get("eId", ""), ancestor
        if akn.local(ancestor) in akn.PARTS:
            return akn.local(ancestor), None
    return "document", None


def _blocks(document: etree._Element) -> Iterator[etree._Element]:
    for element in akn.body_elements(document):
        if akn.local(element) in BLOCKS and not _inside_block(element):
            yield element


def _inside_block(element: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        name = akn.local(ancestor)
        if name == "authorialNote":
            return False
        if name in BLOCKS:
            return True
    return False


def _keys(blocks: list[etree._Element]) -> list[str]:
    groups: dict[tuple[str, str], list[etree._Element]] = {}
    for block in blocks:
        if not block.get("eId") and akn.local(block) not in SECTION_HEADINGS:
            groups.setdefault((owner_of(block)[0], akn.local(block)), []).append(block)
    keys = []
    for block in blocks:
        base, _ = owner_of(block)
        name = akn.local(block)
        if block.get("eId"):
            keys.append(block.get("eId", ""))
        elif name in SECTION_HEADINGS:
            keys.append(f"{base}__{name}")
        else:
            siblings = groups[(base, name)]
            alone = len(siblings) == 1 and base not in akn.PARTS
            keys.append(
                base if alone else f"{base}__{akn.abbreviation(name)}_{siblings.index(block) + 1}"
            )
    return keys


def describe(block: etree._Element) -> str:
    """What the unit is, for the translator: 'Paragraph 7, under “At the national level”'."""
    _, owner = owner_of(block)
    annex = _annex_of(block)
    if owner is None and annex:
        return f"Text of the annex “{annex}”"
    if owner is None:
        part = owner_of(block)[0]
        role = block.get("class", "")
        roles = CLOSING_ROLES if part == "conclusions" else PART_ROLES
        return roles.get(role, f"Text of the {part}" + (f" ({role})" if role else ""))
    if akn.local(block) in SECTION_HEADINGS:
        text = f"{akn.local(block).capitalize()} of {_name_of(owner).lower()}"
    else:
        text = _name_of(owner)
        group = _enclosing_heading(owner)
        if group:
            text += f", under “{group}”"
    if annex and akn.local(owner) != "attachment":
        text += f", in the annex “{annex}”"
    return text


def _annex_of(block: etree._Element) -> str:
    """The heading of the annex (attachment) ``block`` is in; "" outside annexes."""
    for ancestor in block.iterancestors(akn.akn("attachment")):
        heading = ancestor.find(akn.akn("heading"))
        return akn.squeeze("".join(heading.itertext())) if heading is not None else "…"
    return ""


def _name_of(owner: etree._Element) -> str:
    kind = DESCRIPTIONS.get(akn.local(owner), akn.local(owner))
    if akn.local(owner) == "paragraph" and akn.enclosing_part(owner) == "mainBody":
        kind = "Operative paragraph"
    number = akn.num_text(owner)
    return f"{kind} {number.rstrip('.')}" if number else kind


def _enclosing_heading(owner: etree._Element) -> str | None:
    for ancestor in owner.iterancestors():
        heading = ancestor.find(akn.akn("heading"))
        if heading is not None and akn.local(ancestor) not in {"paragraph", "attachment"}:
            return akn.squeeze("".join(heading.itertext()))
    return None


def units(document: etree._Element) -> list[Unit]:
    """Every translatable unit of the document, in document order."""
    blocks = [b for b in _blocks(document) if "".join(b.itertext()).strip()]
    result = []
    for block, key in zip(blocks, _keys(blocks), strict=True):
        serialized = serialize(block)
        result.append(
            Unit(
                key=key,
                text=serialized.text,
                comment=describe(block),
                line=block.sourceline or 0,
                element=block,
                placeholders=serialized.elements,
            )
        )
    return result


def unit_problems(document: etree._Element, found: list[Unit], shown: str) -> list[Diagnostic]:
    """Duplicate keys, text that looks like placeholders, and text outside any block."""
    problems = []
    seen: dict[str, int] = {}
    for unit in found:
        if unit.key in seen:
            message = f"translation key {unit.key!r} is also used on line {seen[unit.key]}; give the block an eId"
            problems.append(Diagnostic(shown, unit.line, message, "unit-key"))
        seen.setdefault(unit.key, unit.line)
        for text in _texts(unit.element):
            if TOKEN.search(text):
                message = (
                    "text contains a placeholder-like tag; translators could not tell them apart"
                )
                problems.append(Diagnostic(shown, unit.line, message, "unit-text"))
    problems += _untranslated_text(document, shown)
    return problems


def _texts(block: etree._Element) -> Iterator[str]:
    for node in block.iter():
        if isinstance(node.tag, str):
            yield node.text or ""
        yield node.tail or ""


def _untranslated_text(document: etree._Element, shown: str) -> list[Diagnostic]:
    problems = []
    for element in akn.body_elements(document):
        name = akn.local(element)
        direct = (element.text or "").strip()
        if not direct or name in NOT_TEXT or name in BLOCKS or _inside_block(element):
            continue
        if is_formatting(element) or is_empty_placeholder(element):
            continue
        message = (
            f"text directly inside <{name}> is not extracted; it is carried through untranslated"
        )
        problems.append(
            Diagnostic(shown, element.sourceline or 0, message, "unit-unknown", Severity.WARNING)
        )
    return problems
