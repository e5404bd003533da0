"""The one Pandoc document of an expression, from which every format is written.

Built with the typed constructors of :mod:`build_tools.render.pandoc`; translated text is
never pasted into Markdown, Typst or HTML by hand.
"""

from __future__ import annotations

import re
from typing import Any

from build_tools.languages import profile
from build_tools.render import pandoc as pd
from build_tools.render.pandoc import Node, Wrapper
from build_tools.render.reading import Block, Inline, Reading


def inline_nodes(inlines: tuple[Inline, ...]) -> list[Node]:
    nodes: list[Node] = []
    for inline in inlines:
        nodes += _inline(inline)
    return nodes


NOTE_REF, NOTE_ANCHOR = "noteref", "note-anchor"  # a footnote referred to again
NOTE_ROLE = (("role", "doc-noteref"),)
WRAPPERS: dict[str, Wrapper] = {
    "emph": "Emph",
    "strong": "Strong",
    "underline": "Underline",
    "sup": "Superscript",
    "sub": "Subscript",
}


def _inline(inline: Inline) -> list[Node]:
    children = inline_nodes(inline.children)
    if inline.kind == "text":
        return pd.text(inline.text)
    if inline.kind in WRAPPERS:
        return [pd.wrap(WRAPPERS[inline.kind], children)]
    if inline.kind == "break":
        return [pd.line_break()]
    if inline.kind == "quote":
        start, end = inline.quotes
        quoted = [*pd.text(start), *children, *pd.text(end)]
        return [pd.span(pd.attr(classes=("quote",)), quoted)]
    if inline.kind == "note":
        return [pd.note(_anchored(note_blocks(inline.note), inline.target))]
    if inline.kind == "noteref":  # its number again, linked to the footnote
        link = pd.link(
            pd.attr(classes=(NOTE_REF,), pairs=NOTE_ROLE), pd.text(inline.text), inline.target
        )
        return [pd.wrap("Superscript", [link])]
    if inline.kind == "link":
        return [pd.link(pd.attr(classes=(inline.role,)), children, inline.target)]
    pairs = (("data-iri", inline.target),) if inline.target else ()
    return [pd.span(pd.attr(classes=(inline.role,), pairs=pairs), children)]


def _anchored(blocks: list[Node], target: str) -> list[Node]:
    """A footnote's blocks; one referred to again (``target``, "#eId") opens with an
    empty span of that identifier, where the references link to."""
    if not target or not blocks or pd.kind(blocks[0]) != "Para":
        return blocks
    anchor = pd.span(pd.attr(target.removeprefix("#"), (NOTE_ANCHOR,)), [])
    return [pd.para([anchor, *pd.children(blocks[0])]), *blocks[1:]]


def split_anchor(blocks: list[Node]) -> tuple[str, list[Node]]:
    """The identifier of a footnote's anchor (:func:`_anchored`), "" if it has none, and
    its blocks without the anchor."""
    inlines = pd.children(blocks[0]) if blocks and pd.kind(blocks[0]) == "Para" else []
    if inlines and pd.has_class(inlines[0], NOTE_ANCHOR):
        return pd.attributes(inlines[0])[0], [pd.para(inlines[1:]), *blocks[1:]]
    return "", blocks


def note_reference(node: Node) -> tuple[str, str] | None:
    """(eId of the footnote, its number) when ``node`` refers to a footnote again."""
    inner = pd.children(node) if pd.kind(node) == "Superscript" else []
    if len(inner) == 1 and pd.kind(inner[0]) == "Link" and pd.has_class(inner[0], NOTE_REF):
        return pd.link_target(inner[0]).removeprefix("#"), pd.all_text(inner[0])
    return None


def note_blocks(blocks: tuple[Block, ...]) -> list[Node]:
    """A footnote's paragraphs as bare paragraphs: a wrapping Div would make the PDF set
    the note's number on a line of its own."""
    nodes: list[Node] = []
    for block in blocks:
        if block.kind == "paragraph":
            content = inline_nodes(block.inlines)
            if block.lang:  # shown in the original language: marked (see marks.mark_fallbacks)
                content = [
                    pd.span(pd.attr(classes=("fallback",), pairs=_lang_pairs(block)), content)
                ]
            nodes.append(pd.para(content))
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


def numbered(identifier: str, role: str, num: str, content: list[Node]) -> Node:
    """A numbered paragraph: its number and its text side by side."""
    number = pd.div(pd.attr(classes=("num",)), [pd.plain(pd.text(num))])
    return pd.div(
        pd.attr(identifier, ("numbered", role)),
        [number, pd.div(pd.attr(classes=("text",)), content)],
    )


def _block(block: Block) -> list[Node]:
    if block.kind == "paragraph":
        classes = tuple(c for c in (block.role, "fallback" if block.lang else "") if c)
        attributes = pd.attr(block.eid, classes, _lang_pairs(block))
        return [pd.div(attributes, [pd.para(inline_nodes(block.inlines))])]
    if block.kind == "heading":
        classes = ("fallback",) if block.lang else ()
        attributes = pd.attr(block.eid, classes, _lang_pairs(block))
        return [pd.header(block.level, attributes, inline_nodes(block.inlines))]
    if block.kind == "numbered":
        return [numbered(block.eid, block.role, block.num, block_nodes(block.children))]
    if block.kind == "table":
        return [pd.table(block.eid, [[block_nodes(cell) for cell in row] for row in block.rows])]
    classes = (block.kind, block.role) if block.role else (block.kind,)
    return [pd.div(pd.attr(block.eid, classes), block_nodes(block.children))]


def typeset(tree: Any, language: str) -> Any:
    """``tree`` with the typography of ``language`` that the text's characters leave to
    the typesetter: French ordinals' letters in superscript (1er, 132e)."""
    ordinals = profile(language).ordinals
    return _ordinals(tree, re.compile(ordinals)) if ordinals else tree


def _ordinals(node: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(node, list):
        return [new for item in node for new in _split_ordinals(item, pattern)]
    if isinstance(node, dict) and node.get("t") != "Superscript":
        return {key: _ordinals(value, pattern) for key, value in node.items()}
    return node


def _split_ordinals(node: Any, pattern: re.Pattern[str]) -> list[Any]:
    if not (isinstance(node, dict) and node.get("t") == "Str" and pattern.search(node["c"])):
        return [_ordinals(node, pattern)]
    text, last, parts = str(node["c"]), 0, []
    for found in pattern.finditer(text):
        parts += [*pd.text(text[last : found.end(1)]), pd.wrap("Superscript", pd.text(found[2]))]
        last = found.end()
    return parts + pd.text(text[last:])


def title_header(reading: Reading) -> Node:
    """The document's title; marked as a fallback when it is shown untranslated."""
    fallback = reading.title_lang and reading.title_lang != reading.language
    classes = ("title", "fallback") if fallback else ("title",)
    pairs = (("lang", reading.title_lang),) if fallback else ()
    return pd.header(1, pd.attr("title", classes, pairs), inline_nodes(reading.title))


def notice_div(identifier: str, text: str) -> Node:
    """A boxed notice on the first page (draft status, provisional translation)."""
    return pd.div(pd.attr(identifier, ("notice",)), [pd.para(pd.text(text))])


def _part(name: str, blocks: tuple[Block, ...]) -> Node:
    return pd.div(pd.attr(name, (name,)), block_nodes(blocks))


def document(reading: Reading, *, notices: tuple[tuple[str, str], ...] = ()) -> Node:
    """The Pandoc document of one expression: masthead, title, the line saying what the
    text is, notices (identifier, text), preamble, body, then (when the text has them) the
    closing lines and the annexes."""
    blocks: list[Node] = [
        _part("masthead", reading.masthead),
        title_header(reading),
        _part("docline", reading.subtitle),
    ]
    blocks += [notice_div(identifier, text) for identifier, text in notices]
    blocks.append(_part("preamble", reading.preamble))
    blocks.append(_part("operative", reading.body))
    if reading.conclusions:
        blocks.append(_part("conclusions", reading.conclusions))
    if reading.attachments:
        blocks.append(_part("attachments", reading.attachments))
    blocks = typeset(blocks, reading.language)
    meta = {
        "title": pd.meta_inlines(inline_nodes(reading.title)),
        "lang": pd.meta_string(profile(reading.language).pandoc_lang),
        "dir": pd.meta_string(reading.direction),
        "date": pd.meta_string(reading.date),
        "identifier": pd.meta_string(reading.expression_iri),
    }
    return pd.document(blocks, meta)
