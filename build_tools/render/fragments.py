"""Page fragments: the HTML of one version of a document in one language, made with its
PDF and EPUB (in the same call to Pandoc) and shared by every language's site.

- ``body``: the text as a text page shows it, its footnotes last;
- ``cells``: its units one by one, as the parallel view pairs them with another
  language's (each cell numbers its column's notes, as the text does);
- ``empty``: the cell of a unit the text lacks.

A parallel view is two columns of cells side by side, so no site converts another
language's text: at corpus scale that was most of each site's time.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from build_tools.akn.xmlio import write_if_changed
from build_tools.config import Project
from build_tools.render import pandoc as pd
from build_tools.render.document import (
    NOTE_REF,
    NOTE_ROLE,
    block_nodes,
    document,
    note_reference,
    split_anchor,
    typeset,
)
from build_tools.render.marks import Markers, prepare
from build_tools.render.pandoc import Conversion, Node
from build_tools.render.reading import Block, Reading

PART_MARK = "<!--akn-fragment-{}-->"


@dataclass(frozen=True)
class Fragments:
    body: str
    cells: tuple[tuple[str, str], ...]  # (eId, HTML), in reading order
    empty: str

    @functools.cached_property
    def _by_eid(self) -> dict[str, str]:
        return dict(self.cells)

    def cell(self, eid: str) -> str:
        """The unit's cell, or the empty cell when this text lacks the unit."""
        return self._by_eid.get(eid, self.empty)


def _without_ids(block: Block) -> Block:
    return replace(block, eid="", children=tuple(_without_ids(c) for c in block.children))


def aligned_blocks(reading: Reading) -> list[tuple[str, Block]]:
    """The units a reader compares, in order, keyed by eId: preface lines, headings,
    numbered paragraphs (with their sub-paragraphs), closing lines, annexes' blocks."""
    rows: list[tuple[str, Block]] = []
    title = Block("heading", eid="title", inlines=reading.title)
    for block in (
        *reading.masthead,
        title,
        *reading.subtitle,
        *reading.preamble,
        *reading.body,
        *reading.conclusions,
        *reading.attachments,
    ):
        if block.kind == "group":
            rows += [(child.eid, _without_ids(child)) for child in block.children]
        else:
            rows.append((block.eid, _without_ids(block)))
    return [(eid, block) for eid, block in rows if eid]


def numbered_notes(node: Any, prefix: str, notes: list[list[Node]]) -> Any:
    """``node`` with each Pandoc note replaced by a numbered link to it; the notes are
    appended to ``notes``. Each column of the parallel view numbers its own notes, as its
    text does; Pandoc would number them across the page. A reference to a footnote
    again links to the column's note of its number."""
    if isinstance(node, list):
        return [numbered_notes(item, prefix, notes) for item in node]
    if not isinstance(node, dict):
        return node
    if "t" in node and pd.kind(node) == "Note":
        _, blocks = split_anchor(pd.children(node))  # a column's notes have its own ids
        notes.append(numbered_notes(blocks, prefix, notes))
        number = str(len(notes))
        anchor = pd.link(pd.attr(f"{prefix}-ref-{number}"), pd.text(number), f"#{prefix}-{number}")
        return pd.wrap("Superscript", [anchor])
    reference = note_reference(node) if "t" in node else None
    if reference is not None:  # a footnote again: the column numbers its notes as the text
        number = reference[1]
        link = pd.link(
            pd.attr(classes=(NOTE_REF,), pairs=NOTE_ROLE), pd.text(number), f"#{prefix}-{number}"
        )
        return pd.wrap("Superscript", [link])
    return {key: numbered_notes(value, prefix, notes) for key, value in node.items()}


def cell(block: Block | None, reading: Reading, notes: list[list[Node]]) -> Node:
    """One unit in a column of the parallel view, its notes (numbered on from ``notes``)
    after it."""
    before = len(notes)
    content = typeset(block_nodes((block,)), reading.language) if block is not None else []
    if pd.contains(content, "Note") or pd.contains(content, "Superscript"):
        content = numbered_notes(content, f"{reading.language}-fn", notes)
    added = notes[before:]
    if added:
        items = [
            [pd.div(pd.attr(f"{reading.language}-fn-{before + n}"), blocks)]
            for n, blocks in enumerate(added, 1)
        ]
        listing = pd.ordered_list(items, start=before + 1)
        content.append(pd.div(pd.attr(classes=("footnotes",)), [listing]))
    pairs = (("lang", reading.language), ("dir", reading.direction))
    return pd.div(pd.attr(classes=("cell",), pairs=pairs), content)


def _lines(fragment: str) -> str:
    return "\n".join(line for line in fragment.splitlines() if line.strip())


def fragments_conversion(reading: Reading, markers: Markers) -> tuple[Conversion, list[str]]:
    """The Pandoc conversion of ``reading``'s fragments, all in one tree: the cells
    (their notes are links by now), each after a mark, then the body, whose footnotes
    end the output (see :func:`fragments_from`); and the cells' eIds, in order."""
    notes: list[list[Node]] = []
    aligned = aligned_blocks(reading)
    parts = [cell(block, reading, notes) for _, block in aligned]
    parts.append(cell(None, reading, []))
    body = prepare(document(reading), markers, title_on_top=False)
    blocks: list[Node] = []
    for index, part in enumerate(parts):
        blocks += [pd.raw_block("html", PART_MARK.format(index)), part]
    blocks += [pd.raw_block("html", PART_MARK.format("body")), *body["blocks"]]
    conversion = Conversion(pd.document(blocks), "html5", {"wrap_text": "none"})
    return conversion, [eid for eid, _ in aligned]


def fragments_from(eids: list[str], output: str) -> Fragments:
    """The fragments in the HTML Pandoc made of :func:`fragments_conversion`, whose
    cells hold the units ``eids``."""
    pieces = output.split(PART_MARK.format("body"), 1)
    converted = [_lines(piece) for piece in re.split(_MARKS, pieces[0])[1:]]
    cells = tuple(zip(eids, converted, strict=False))
    return Fragments(body=_lines(pieces[1]), cells=cells, empty=converted[-1])


_MARKS = r"<!--akn-fragment-\d+-->"


def write_fragments(project: Project, reading: Reading, fragments: Fragments) -> Path:
    """The fragments of ``reading`` (a merged expression), into ``build/work``."""
    path = project.layout.fragments(reading.language, reading.name)
    data = {"body": fragments.body, "cells": fragments.cells, "empty": fragments.empty}
    write_if_changed(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return path


def read_fragments(path: Path) -> Fragments:
    data = json.loads(path.read_text("utf-8"))
    cells = tuple((str(eid), str(html)) for eid, html in data["cells"])
    return Fragments(body=str(data["body"]), cells=cells, empty=str(data["empty"]))
