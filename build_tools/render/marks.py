"""Fallback marks and reading order for the HTML-based formats (EPUB, site pages).

Only structure is added (marker paragraphs, ordering); texts stay Pandoc nodes.
"""

from __future__ import annotations

from build_tools.render import pandoc as pd
from build_tools.render.pandoc import Node


def marker_paragraph(marker: str, language: str) -> Node:
    """'Not yet translated …', in the page's language."""
    attributes = pd.attr(classes=("fallback-marker",), pairs=(("lang", language),))
    return pd.para([pd.span(attributes, pd.text(marker))])


def mark_fallbacks(blocks: list[Node], marker: str, language: str) -> list[Node]:
    """Put a visible 'not yet translated' note, in the page's language, before each fallback."""
    result: list[Node] = []
    for block in blocks:
        if pd.kind(block) == "Div":
            identifier, classes, pairs = pd.attributes(block)
            inner = mark_fallbacks(pd.children(block), marker, language)
            if "fallback" in classes:
                inner = [marker_paragraph(marker, language), *inner]
            block = pd.div([identifier, classes, pairs], inner)
        elif pd.kind(block) == "Header" and pd.has_class(block, "fallback"):
            result.append(marker_paragraph(marker, language))
        result.append(block)
    return result


def _is_marker(block: Node) -> bool:
    content = pd.children(block) if pd.kind(block) == "Para" else []
    return bool(content) and pd.has_class(content[0], "fallback-marker")


def title_first(blocks: list[Node]) -> list[Node]:
    """Move the level-1 title (with its 'not yet translated' mark, if any) before the
    masthead, so a reading system opens on it."""
    index = next((i for i, b in enumerate(blocks) if pd.header_level(b) == 1), None)
    if index is None:
        return blocks
    start = index - 1 if index and _is_marker(blocks[index - 1]) else index
    return blocks[start : index + 1] + blocks[:start] + blocks[index + 1 :]


def prepare(document: Node, marker: str, language: str, *, title_on_top: bool) -> Node:
    blocks = mark_fallbacks(document["blocks"], marker, language)
    return {**document, "blocks": title_first(blocks) if title_on_top else blocks}
