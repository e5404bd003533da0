"""What a reader sees of an AKN expression, without XML: the renderers' one input.

:func:`read_expression` turns a (per-language) Akoma Ntoso document into frozen records
— masthead, title, preamble, body, closing lines and annexes as blocks of inline runs —
that the Pandoc document builder consumes. lxml stops here.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.units import BLOCKS
from build_tools.akn.xmlio import parse_file
from build_tools.i18n.ui import long_date
from build_tools.languages import profile

NUMBERED = akn.HIERARCHY | {"recital", "citation", "item", "point"}
FLATTENED = frozenset(
    {
        "content",
        "intro",
        "wrapUp",
        "container",
        "longTitle",
        "blockContainer",
        "formula",
        "recitals",
        "citations",
    }
)


InlineKind = Literal[
    "text",
    "emph",
    "strong",
    "underline",
    "sup",
    "sub",
    "quote",
    "link",
    "span",
    "note",
    "noteref",
    "break",
]
BlockKind = Literal["paragraph", "heading", "numbered", "group", "table", "list"]


@dataclass(frozen=True, slots=True)
class Inline:
    kind: InlineKind
    text: str = ""
    children: tuple[Inline, ...] = ()
    target: str = ""  # link, noteref: "#eId" in the document; span: the IRI it refers to;
    # note: "#eId" of a footnote referred to again
    role: str = ""  # the AKN element it came from (organization, docDate, ref, …)
    quotes: tuple[str, str] = ("", "")
    note: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    eid: str = ""
    num: str = ""
    role: str = ""  # recital, paragraph, formula, group, …
    inlines: tuple[Inline, ...] = ()
    children: tuple[Block, ...] = ()
    rows: tuple[tuple[tuple[Block, ...], ...], ...] = ()
    lang: str = ""  # set when the block is in another language than the document (fallback)
    level: int = 2  # of a heading: 2 in the text, 3 inside an annex


@dataclass(frozen=True, slots=True)
class Reading:
    name: str
    language: str  # BCP 47, e.g. "fr"
    iso: str  # FRBRlanguage, e.g. "fra"
    source_iso: str
    title: tuple[Inline, ...]
    title_lang: str  # set when the title is in another language than the document (fallback)
    masthead: tuple[Block, ...]  # preface lines before the title
    subtitle: tuple[Block, ...]  # preface lines after the title
    preamble: tuple[Block, ...]
    body: tuple[Block, ...]
    work_iri: str
    expression_iri: str
    date: str  # ISO date of the expression
    authoritative: bool
    fallbacks: tuple[str, ...]
    facts: akn.Facts  # what the document is: stage, symbol, date, authors
    conclusions: tuple[Block, ...] = ()  # the closing lines after the text (place, date)
    attachments: tuple[Block, ...] = ()  # the annexes, each a group headed "Annex …"

    @property
    def draft(self) -> bool:
        return self.facts.stage is akn.Stage.DRAFT

    @property
    def direction(self) -> str:
        return profile(self.language).direction

    @property
    def provisional(self) -> bool:
        return not self.authoritative


def plain(inlines: tuple[Inline, ...]) -> str:
    """The text of inline runs, footnotes left out."""
    parts = []
    for inline in inlines:
        if inline.kind == "quote":
            parts.append(inline.quotes[0] + plain(inline.children) + inline.quotes[1])
        elif inline.kind == "break":
            parts.append(" ")
        elif inline.kind not in {"note", "noteref"}:
            parts.append(inline.text + plain(inline.children))
    return akn.squeeze("".join(parts))


def _text_inlines(text: str | None) -> list[Inline]:
    return [Inline("text", text)] if text else []


INLINE_KINDS: dict[str, InlineKind] = {
    "i": "emph",
    "b": "strong",
    "u": "underline",
    "sup": "sup",
    "sub": "sub",
}


def read_inlines(element: etree._Element) -> tuple[Inline, ...]:
    result = _text_inlines(element.text)
    for child in element:
        if isinstance(child.tag, str) and akn.is_akn(child):
            result.append(_inline(child))
        result += _text_inlines(child.tail)
    return tuple(result)


def _inline(element: etree._Element) -> Inline:
    name = akn.local(element)
    if name in INLINE_KINDS:
        return Inline(INLINE_KINDS[name], children=read_inlines(element))
    if name in {"eol", "br"}:
        return Inline("break")
    if name == "authorialNote":
        return Inline("note", role=name, note=read_blocks(element), target=_referred(element))
    if name == "noteRef":  # a footnote referred to again: its number, linked to it
        return Inline("noteref", element.get("marker", ""), target=element.get("href", ""))
    if name in {"embeddedText", "quotedText"} and element.get("startQuote") is not None:
        start = element.get("startQuote", "")
        return Inline(
            "quote",
            children=read_inlines(element),
            quotes=(start, element.get("endQuote", start)),
            role=name,
        )
    href = element.get("href", "")
    if href.startswith("#"):
        return Inline("link", children=read_inlines(element), target=href, role=name)
    return Inline("span", children=read_inlines(element), target=href, role=name)


def _referred(note: etree._Element) -> str:
    """``#eId`` of a footnote a ``noteRef`` refers to, else ""."""
    target = f"#{note.get('eId', '')}"
    refs = note.getroottree().iter(akn.akn("noteRef"))
    return target if any(ref.get("href") == target for ref in refs) else ""


def _language(element: etree._Element) -> str:
    return element.get(akn.XML_LANG, "")


def read_blocks(parent: etree._Element) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for child in parent:
        if isinstance(child.tag, str) and akn.is_akn(child):
            blocks += _blocks_of(child)
    return tuple(blocks)


def _blocks_of(element: etree._Element) -> list[Block]:
    name = akn.local(element)
    if name in BLOCKS and name not in {"heading", "subheading"}:
        return [
            Block(
                "paragraph",
                eid=element.get("eId", ""),
                role=name,
                inlines=read_inlines(element),
                lang=_language(element),
            )
        ]
    if name == "table":
        return [_table(element)]
    if name == "blockList":
        return [Block("list", eid=element.get("eId", ""), children=read_blocks(element))]
    if name in NUMBERED or name == "hcontainer":
        return [_structure(element)]
    if name in FLATTENED:
        blocks = list(read_blocks(element))
        if element.get("eId") and blocks and not blocks[0].eid:
            blocks[0] = replace(blocks[0], eid=element.get("eId", ""), role=name)
        return blocks
    return []  # num, heading (read by their parent), foreign markup


def _structure(element: etree._Element) -> Block:
    heading = element.find(akn.akn("heading"))
    children = read_blocks(element)
    if heading is not None:
        title = Block(
            "heading",
            eid=f"{element.get('eId', '')}__heading",
            inlines=read_inlines(heading),
            lang=_language(heading),
        )
        children = (title, *children)
    return Block(
        "group" if akn.num_text(element) is None and heading is not None else "numbered",
        eid=element.get("eId", ""),
        num=akn.num_text(element) or "",
        role=akn.local(element),
        children=children,
    )


def _attachment(element: etree._Element) -> Block:
    """An annex: its heading (and title), then its document's body, whose headings are
    one level below the annex's."""
    heads = []
    for name, level in (("heading", 2), ("subheading", 3)):
        found = element.find(akn.akn(name))
        if found is not None:
            heads.append(
                Block(
                    "heading",
                    eid=f"{element.get('eId', '')}__{name}",
                    inlines=read_inlines(found),
                    lang=_language(found),
                    level=level,
                )
            )
    body = element.find(f"*/{akn.akn('mainBody')}")
    blocks = () if body is None else tuple(_lower(b) for b in read_blocks(body))
    return Block("group", eid=element.get("eId", ""), role="attachment", children=(*heads, *blocks))


def _lower(block: Block) -> Block:
    level = 3 if block.kind == "heading" else block.level
    return replace(block, level=level, children=tuple(_lower(c) for c in block.children))


def _table(element: etree._Element) -> Block:
    rows = []
    for row in element.iter(akn.akn("tr")):
        rows.append(tuple(read_blocks(cell) for cell in row if akn.local(cell) in {"td", "th"}))
    return Block("table", eid=element.get("eId", ""), rows=tuple(rows))


SAME_IN_EVERY_LANGUAGE = frozenset({"docNumber"})  # a symbol is never translated
DATES = frozenset({"docDate", "date"})


def _own_language(block: Block, element: etree._Element, language: str) -> Block:
    """A line shown in the original language that is only a symbol (the same in every
    language) or only a date (then written in ``language`` from its value, as the software
    writes every date) is not shown as a fallback."""
    children = [c for c in element if isinstance(c.tag, str)]
    bare = not (element.text or "").strip() and not any((c.tail or "").strip() for c in children)
    if not block.lang or block.kind != "paragraph" or len(children) != 1 or not bare:
        return block
    name, value = akn.local(children[0]), children[0].get("date", "")
    if name in SAME_IN_EVERY_LANGUAGE:
        return replace(block, lang="")
    if name not in DATES or not value:
        return block
    words = Inline("text", long_date(value[:10], language))
    inlines = tuple(replace(i, children=(words,)) if i.role == name else i for i in block.inlines)
    return replace(block, lang="", inlines=inlines)


def _lines(parent: etree._Element | None, language: str) -> tuple[Block, ...]:
    """The lines of the preface or the closing lines, each a block (see :func:`_own_language`)."""
    blocks: list[Block] = []
    for child in [] if parent is None else parent:
        if isinstance(child.tag, str) and akn.is_akn(child):
            blocks += [_own_language(b, child, language) for b in _blocks_of(child)]
    return tuple(blocks)


def _preface(
    document: etree._Element, language: str
) -> tuple[tuple[Inline, ...], str, tuple[Block, ...], tuple[Block, ...]]:
    """The title, the language it is in when it fell back (else ""), and the preface
    lines before and after it."""
    preface = document.find(akn.akn("preface"))
    title: tuple[Inline, ...] = ()
    title_lang = ""
    before: list[Block] = []
    after: list[Block] = []
    for child in [] if preface is None else preface:
        if akn.local(child) == "longTitle":
            lines = list(child.iter(akn.akn("p")))
            title = tuple(i for p in lines for i in read_inlines(p))
            title_lang = next((_language(p) for p in lines if _language(p)), "")
        elif isinstance(child.tag, str):
            line, notes = _own_marks(child)
            blocks = [_own_language(b, line, language) for b in _blocks_of(line)]
            (after if title else before).extend([*blocks, *notes])
    return title, title_lang, tuple(before), tuple(after)


def _own_marks(line: etree._Element) -> tuple[etree._Element, list[Block]]:
    """A preface line whose footnotes have marks of their own ("adopted by consensus*",
    as the IPU marks a note on the adoption): the line with each such mark a reference
    to its note, and the notes, shown under the line ("* The delegation of …")."""
    marked = [
        note for note in line.iter(akn.akn("authorialNote")) if not note.get("marker", "").isdigit()
    ]
    if not marked:
        return line, []
    line = deepcopy(line)
    notes = []
    for note in list(line.iter(akn.akn("authorialNote"))):
        marker = note.get("marker", "")
        if marker.isdigit():
            continue
        reference = etree.Element(akn.akn("noteRef"), href=f"#{note.get('eId', '')}", marker=marker)
        reference.tail = note.tail
        note.getparent().replace(note, reference)  # type: ignore[union-attr]
        blocks = [b for p in note.iter(akn.akn("p")) for b in _blocks_of(p)]
        for index, block in enumerate(blocks):  # the first holds the mark and the anchor
            first = (Inline("text", f"{marker} "),) if index == 0 else ()
            eid = note.get("eId", "") if index == 0 else ""
            inlines = (*first, *block.inlines)
            notes.append(replace(block, eid=eid, role="own-mark-note", inlines=inlines))
    return line, notes


def _fallbacks(document: etree._Element, language: str) -> tuple[str, ...]:
    found = []
    for element in document.iter():
        lang = element.get(akn.XML_LANG) if isinstance(element.tag, str) else None
        if lang and lang != language and akn.local(element) not in akn.PARTS:
            owner = akn.eid_owner(element)
            found.append(
                element.get("eId") or (owner.get("eId") if owner is not None else None) or ""
            )
    return tuple(found)


def read_expression(path: Path, language: str) -> Reading:
    root = parse_file(path).getroot()
    document = akn.document_element(root)
    if document is None:
        raise ValueError(f"{path}: not an Akoma Ntoso document")
    _, ident = akn.identification(document)
    expression = ident.expression.element
    translation = None if expression is None else expression.find(akn.akn("FRBRtranslation"))
    flag = None if expression is None else expression.find(akn.akn("FRBRauthoritative"))
    title, title_lang, masthead, subtitle = _preface(document, language)
    preamble, body = document.find(akn.akn("preamble")), document.find(akn.akn("mainBody"))
    conclusions = document.find(akn.akn("conclusions"))
    attached = document.iterfind(f"{akn.akn('attachments')}/{akn.akn('attachment')}")
    return Reading(
        name=path.stem,
        language=language,
        iso=ident.language or "",
        source_iso=(translation.get("fromLanguage") if translation is not None else ident.language)
        or "",
        title=title,
        title_lang=title_lang,
        masthead=masthead,
        subtitle=subtitle,
        preamble=() if preamble is None else read_blocks(preamble),
        body=() if body is None else read_blocks(body),
        work_iri=ident.work.uri or "",
        expression_iri=ident.expression.uri or "",
        date=(ident.expression.date or "")[:10],
        authoritative=flag is None or flag.get("value") == "true",
        fallbacks=_fallbacks(document, language),
        facts=akn.facts(document),
        conclusions=_lines(conclusions, language),
        attachments=tuple(_attachment(a) for a in attached),
    )
