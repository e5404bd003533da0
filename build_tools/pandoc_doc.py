"""The one Pandoc document (JSON AST, built as data) from which every format is written.

Text goes in only as ``Str`` nodes, so Pandoc's writers escape it for each format:
translated text is never pasted into Markdown, Typst or HTML by hand.
"""

from __future__ import annotations

import re
from typing import Any

from build_tools.reading import Block, Inline, Reading

Node = dict[str, Any]
API_VERSION = [1, 23, 1, 1]
SPACES = re.compile(r"(\s+)")


def attr(
    identifier: str = "", classes: tuple[str, ...] = (), pairs: tuple[tuple[str, str], ...] = ()
) -> list[Any]:
    return [identifier, list(classes), [list(p) for p in pairs]]


def text_nodes(text: str) -> list[Node]:
    """Str and Space nodes for ``text``; no-break spaces stay inside words."""
    nodes: list[Node] = []
    for part in SPACES.split(text):
        if not part:
            continue
        if part.isspace() and "\u00a0" not in part and "\u202f" not in part:
            nodes.append({"t": "Space"})
        else:
            nodes.append({"t": "Str", "c": part})
    return nodes


def inline_nodes(inlines: tuple[Inline, ...]) -> list[Node]:
    nodes: list[Node] = []
    for inline in inlines:
        nodes += _inline(inline)
    return nodes


WRAPPERS = {
    "emph": "Emph",
    "strong": "Strong",
    "underline": "Underline",
    "sup": "Superscript",
    "sub": "Subscript",
}


def _inline(inline: Inline) -> list[Node]:
    children = inline_nodes(inline.children)
    if inline.kind == "text":
        return text_nodes(inline.text)
    if inline.kind in WRAPPERS:
        return [{"t": WRAPPERS[inline.kind], "c": children}]
    if inline.kind == "break":
        return [{"t": "LineBreak"}]
    if inline.kind == "quote":
        start, end = inline.quotes
        quoted = [*text_nodes(start), *children, *text_nodes(end)]
        return [{"t": "Span", "c": [attr(classes=("quote",)), quoted]}]
    if inline.kind == "note":
        return [{"t": "Note", "c": note_blocks(inline.note)}]
    if inline.kind == "link":
        return [{"t": "Link", "c": [attr(classes=(inline.role,)), children, [inline.target, ""]]}]
    pairs = (("data-iri", inline.target),) if inline.target else ()
    return [{"t": "Span", "c": [attr(classes=(inline.role,), pairs=pairs), children]}]


def note_blocks(blocks: tuple[Block, ...]) -> list[Node]:
    """A footnote's paragraphs as bare paragraphs: a wrapping Div would make the PDF set
    the note's number on a line of its own."""
    nodes: list[Node] = []
    for block in blocks:
        if block.kind == "paragraph":
            nodes.append({"t": "Para", "c": inline_nodes(block.inlines)})
        else:
            nodes += _block(block)
    return nodes


def block_nodes(blocks: tuple[Block, ...]) -> list[Node]:
    nodes: list[Node] = []
    for block in blocks:
        nodes += _block(block)
    return nodes


def _lang_pairs(block: Block) -> tuple[tuple[str, str], ...]:
    return (("lang", block.lang),) if block.lang else ()


def _block(block: Block) -> list[Node]:
    if block.kind == "paragraph":
        para = {"t": "Para", "c": inline_nodes(block.inlines)}
        classes = tuple(c for c in (block.role, "fallback" if block.lang else "") if c)
        return [{"t": "Div", "c": [attr(block.eid, classes, _lang_pairs(block)), [para]]}]
    if block.kind == "heading":
        classes = ("fallback",) if block.lang else ()
        return [
            {
                "t": "Header",
                "c": [2, attr(block.eid, classes, _lang_pairs(block)), inline_nodes(block.inlines)],
            }
        ]
    if block.kind == "numbered":
        number = {
            "t": "Div",
            "c": [attr(classes=("num",)), [{"t": "Plain", "c": text_nodes(block.num)}]],
        }
        content = {"t": "Div", "c": [attr(classes=("text",)), block_nodes(block.children)]}
        return [{"t": "Div", "c": [attr(block.eid, ("numbered", block.role)), [number, content]]}]
    if block.kind == "table":
        return [_table(block)]
    return [
        {
            "t": "Div",
            "c": [
                attr(block.eid, (block.kind, block.role) if block.role else (block.kind,)),
                block_nodes(block.children),
            ],
        }
    ]


def _cell(blocks: tuple[Block, ...]) -> list[Any]:
    return [attr(), {"t": "AlignDefault"}, 1, 1, block_nodes(blocks)]


def _table(block: Block) -> Node:
    width = max((len(row) for row in block.rows), default=1)
    rows = [[attr(), [_cell(cell) for cell in row]] for row in block.rows]
    specs = [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(width)]
    return {
        "t": "Table",
        "c": [
            attr(block.eid),
            [None, []],
            specs,
            [attr(), []],
            [[attr(), 0, [], rows]],
            [attr(), []],
        ],
    }


def meta_inlines(inlines: list[Node]) -> Node:
    return {"t": "MetaInlines", "c": inlines}


def meta_string(value: str) -> Node:
    return {"t": "MetaString", "c": value}


def title_header(reading: Reading) -> Node:
    """The document's title; marked as a fallback when it is shown untranslated."""
    fallback = reading.title_lang and reading.title_lang != reading.language
    classes = ("title", "fallback") if fallback else ("title",)
    pairs = (("lang", reading.title_lang),) if fallback else ()
    return {"t": "Header", "c": [1, attr("title", classes, pairs), inline_nodes(reading.title)]}


def notice_div(identifier: str, text: str) -> Node:
    """A boxed notice on the first page (draft status, provisional translation)."""
    return {
        "t": "Div",
        "c": [attr(identifier, ("notice",)), [{"t": "Para", "c": text_nodes(text)}]],
    }


def document(reading: Reading, *, notices: tuple[tuple[str, str], ...] = ()) -> Node:
    """The Pandoc document of one expression: masthead, title, the line saying what the
    text is, notices (identifier, text), preamble, body."""
    blocks: list[Node] = [
        {"t": "Div", "c": [attr("masthead", ("masthead",)), block_nodes(reading.masthead)]},
        title_header(reading),
        {"t": "Div", "c": [attr("docline", ("docline",)), block_nodes(reading.subtitle)]},
    ]
    blocks += [notice_div(identifier, text) for identifier, text in notices]
    blocks.append(
        {"t": "Div", "c": [attr("preamble", ("preamble",)), block_nodes(reading.preamble)]}
    )
    blocks.append({"t": "Div", "c": [attr("operative", ("operative",)), block_nodes(reading.body)]})
    meta = {
        "title": meta_inlines(inline_nodes(reading.title)),
        "lang": meta_string(reading.language),
        "dir": meta_string(reading.direction),
        "date": meta_string(reading.date),
        "identifier": meta_string(reading.expression_iri),
    }
    return {"pandoc-api-version": API_VERSION, "meta": meta, "blocks": blocks}


def all_text(document: Any) -> str:
    """Every character of the document's text (Str nodes), e.g. to subset or check fonts."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                parts.append(node["c"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    return "".join(parts)
