"""'Not yet translated' notices and reading order, for every format.

A text shown in the original language because its translation is missing or fuzzy is a
*fallback*: its block carries the class ``fallback`` and its language. A reader is told
once per run of them, not once per line: one notice before the heading (masthead, title
and the line under it) when any of its lines falls back, one before each run of fallback
paragraphs, and a mark at the start of a footnote that falls back. The lines themselves
keep only their language and a rule in the margin (the stylesheets and the PDF's
template draw it).

Only structure is added (notice blocks, ordering); texts stay Pandoc nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from build_tools.render import pandoc as pd
from build_tools.render.pandoc import Node

HEADING_PARTS = frozenset({"masthead", "title", "docline"})
MEMBERS = frozenset({"fallback", "numbered"})  # blocks a run is made of; other Divs hold runs
NOTICE, MARKER, NOTE_MARKER = "fallback-notice", "fallback-marker", "fallback-note"


@dataclass(frozen=True, slots=True)
class Markers:
    """The notices, in the page's language (``language``)."""

    paragraph: str  # one paragraph
    group: str  # a run of paragraphs
    heading: str  # lines of the heading
    note: str  # a footnote
    language: str

    def texts(self) -> str:
        return self.paragraph + self.group + self.heading + self.note


def notice(text: str, language: str) -> Node:
    """A notice saying that what follows is shown in the original language."""
    marker = pd.span(pd.attr(classes=(MARKER,), pairs=(("lang", language),)), pd.text(text))
    return pd.div(pd.attr(classes=(NOTICE,)), [pd.para([marker])])


def falls_back(block: Node) -> bool:
    """Whether ``block`` is, or holds, text shown in the original language."""
    if pd.kind(block) == "Header":
        return pd.has_class(block, "fallback")
    if pd.kind(block) != "Div":
        return False
    return pd.has_class(block, "fallback") or any(falls_back(c) for c in pd.children(block))


def _is_member(block: Node) -> bool:
    if pd.kind(block) == "Header":
        return True
    return pd.kind(block) == "Div" and bool(MEMBERS & set(pd.attributes(block)[1]))


def mark_runs(blocks: list[Node], markers: Markers) -> list[Node]:
    """``blocks`` with a notice before each run of fallback paragraphs (headings, numbered
    paragraphs), looking into the Divs that hold paragraphs (groups, lists, annexes)."""
    result: list[Node] = []
    run: list[Node] = []

    def close() -> None:
        if run:
            text = markers.group if len(run) > 1 else markers.paragraph
            result.extend([notice(text, markers.language), *run])
            run.clear()

    for block in blocks:
        if _is_member(block) and falls_back(block):
            run.append(block)
            continue
        close()
        if pd.kind(block) == "Div" and falls_back(block):
            identifier, classes, pairs = pd.attributes(block)
            block = pd.div([identifier, classes, pairs], mark_runs(pd.children(block), markers))
        result.append(block)
    close()
    return result


def _heading_part(block: Node) -> bool:
    return pd.kind(block) in {"Div", "Header"} and bool(
        HEADING_PARTS & {pd.attributes(block)[0], *pd.attributes(block)[1]}
    )


def mark_fallbacks(blocks: list[Node], markers: Markers) -> list[Node]:
    """A document's blocks with its notices: one before the heading if any of its lines
    falls back, one before each run of fallback paragraphs, and a mark opening each
    footnote that falls back."""
    heading = [i for i, block in enumerate(blocks) if _heading_part(block)]
    result: list[Node] = []
    for index, block in enumerate(blocks):
        if index not in heading:
            result += mark_runs([block], markers)
            continue
        if index == heading[0] and any(falls_back(blocks[i]) for i in heading):
            result.append(notice(markers.heading, markers.language))
        result.append(block)
    marked: list[Node] = _mark_notes(result, markers)
    return marked


def _mark_notes(node: Any, markers: Markers) -> Any:
    """Each footnote's fallback text (a Span of class ``fallback``) opened by its mark."""
    if isinstance(node, list):
        return [new for item in node for new in _marked(item, markers)]
    if isinstance(node, dict):
        return {key: _mark_notes(value, markers) for key, value in node.items()}
    return node


def _marked(node: Any, markers: Markers) -> list[Any]:
    if isinstance(node, dict) and node.get("t") == "Span" and pd.has_class(node, "fallback"):
        attributes = pd.attr(classes=(NOTE_MARKER,), pairs=(("lang", markers.language),))
        return [pd.span(attributes, pd.text(markers.note)), pd.space(), node]
    return [_mark_notes(node, markers)]


def title_first(blocks: list[Node]) -> list[Node]:
    """Move the level-1 title before the masthead (and the heading's notice, if any), so a
    reading system opens on it."""
    index = next((i for i, b in enumerate(blocks) if pd.header_level(b) == 1), None)
    if index is None:
        return blocks
    return [blocks[index], *blocks[:index], *blocks[index + 1 :]]


def prepare(document: Node, markers: Markers, *, title_on_top: bool) -> Node:
    blocks = mark_fallbacks(document["blocks"], markers)
    return {**document, "blocks": title_first(blocks) if title_on_top else blocks}
