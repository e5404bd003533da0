"""Adapting the Pandoc document for HTML-based formats (EPUB, site pages).

Only structure is added (marker paragraphs, ordering); texts stay Pandoc nodes.
"""

from __future__ import annotations

from typing import Any

from build_tools.pandoc_doc import Node, attr, text_nodes


def marker_paragraph(marker: str, language: str) -> Node:
    """'Not yet translated …', in the page's language."""
    pairs = (("lang", language),)
    return {
        "t": "Para",
        "c": [
            {
                "t": "Span",
                "c": [attr(classes=("fallback-marker",), pairs=pairs), text_nodes(marker)],
            }
        ],
    }


def mark_fallbacks(blocks: list[Node], marker: str, language: str) -> list[Node]:
    """Put a visible 'not yet translated' note, in the page's language, before each fallback."""
    result: list[Node] = []
    for block in blocks:
        if block["t"] == "Div":
            (identifier, classes, pairs), children = block["c"]
            children = mark_fallbacks(children, marker, language)
            if "fallback" in classes:
                children = [marker_paragraph(marker, language), *children]
            block = {"t": "Div", "c": [[identifier, classes, pairs], children]}
        elif block["t"] == "Header" and "fallback" in block["c"][1][1]:
            result.append(marker_paragraph(marker, language))
        result.append(block)
    return result


def _is_marker(block: Node) -> bool:
    content = block["c"] if block["t"] == "Para" else []
    return (
        bool(content) and content[0]["t"] == "Span" and "fallback-marker" in content[0]["c"][0][1]
    )


def title_first(blocks: list[Node]) -> list[Node]:
    """Move the level-1 title (with its 'not yet translated' mark, if any) before the
    masthead, so a reading system opens on it."""
    index = next((i for i, b in enumerate(blocks) if b["t"] == "Header" and b["c"][0] == 1), None)
    if index is None:
        return blocks
    start = index - 1 if index and _is_marker(blocks[index - 1]) else index
    return blocks[start : index + 1] + blocks[:start] + blocks[index + 1 :]


def prepare(
    document: dict[str, Any], marker: str, language: str, *, title_on_top: bool
) -> dict[str, Any]:
    blocks = mark_fallbacks(document["blocks"], marker, language)
    return {**document, "blocks": title_first(blocks) if title_on_top else blocks}
