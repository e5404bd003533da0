"""Redlines: what changed from one version of a work to the next, unit by unit (by eId),
with deletions struck out and insertions marked."""

from __future__ import annotations

import difflib
import re

from build_tools.languages import profile
from build_tools.render import pandoc as pd
from build_tools.render.document import numbered
from build_tools.render.pandoc import Node
from build_tools.render.reading import Block, Reading, plain


def _texts(blocks: tuple[Block, ...]) -> list[tuple[str, str, str]]:
    """(eId, number, text) of every block a reader would compare."""
    found: list[tuple[str, str, str]] = []
    for block in blocks:
        if block.kind == "group" or (
            block.kind == "numbered" and any(c.kind == "numbered" for c in block.children)
        ):
            found += _texts(block.children)
            if block.kind == "group":
                continue
        text = (
            plain(block.inlines)
            if block.inlines
            else " ".join(plain(c.inlines) for c in block.children if c.inlines)
        )
        if block.eid and text:
            found.append((block.eid, block.num, text))
    return found


def comparable(reading: Reading) -> list[tuple[str, str, str]]:
    title = ("title", "", plain(reading.title))
    return [
        title,
        *_texts(
            (
                *reading.masthead,
                *reading.subtitle,
                *reading.preamble,
                *reading.body,
                *reading.conclusions,
                *reading.attachments,
            )
        ),
    ]


def _tokens(text: str, language: str) -> list[str]:
    if not profile(language).script.spaced:
        return list(text)  # no spaces between words: compare characters
    return re.findall(r"\s+|[^\s]+", text)


def diff_inlines(old: str, new: str, language: str) -> list[Node]:
    """The new text with deletions (``<del>``) and insertions (``<ins>``) marked."""
    before, after = _tokens(old, language), _tokens(new, language)
    nodes: list[Node] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            nodes += pd.text("".join(after[j1:j2]))
            continue
        if i2 > i1:
            nodes.append(pd.wrap("Strikeout", pd.text("".join(before[i1:i2]))))
        if j2 > j1:
            inserted = pd.text("".join(after[j1:j2]))
            nodes += [pd.raw_inline("html", "<ins>"), *inserted, pd.raw_inline("html", "</ins>")]
    return nodes


def redline_blocks(old: Reading, new: Reading) -> list[Node]:
    """A block per changed unit, aligned by eId, in the new version's order."""
    previous = {eid: (num, text) for eid, num, text in comparable(old)}
    current = comparable(new)
    blocks: list[Node] = []
    for eid, num, text in current:
        before = previous.pop(eid, None)
        if before is not None and before[1] == text:
            continue
        body = diff_inlines(before[1] if before else "", text, new.language)
        blocks.append(numbered(eid, "change", num or "", [pd.para(body)]))
    for eid, (num, text) in previous.items():  # units the new version removed
        removed = pd.para([pd.wrap("Strikeout", pd.text(text))])
        blocks.append(numbered(eid, "change", num, [removed]))
    return blocks
