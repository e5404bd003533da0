"""Word's editing marks: tracked changes (insertions, deletions, moves, paragraph marks)
and comments.

Pandoc's DOCX reader accepts tracked changes by default and leaves comments out, so a
document still under revision would be imported as if its changes had been decided.
Pandoc is asked for every mark instead (``--track-changes=all``, which reads each one as a
Span of its own), and a document that has any is read again with the changes accepted or
rejected only when the editor says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from build_tools.import_limits import DEFAULT_LIMITS, ImportLimits
from build_tools.importing import readers
from build_tools.render import pandoc as pd

Decision = Literal["accept", "reject"]
# Pandoc's classes for the marks (the comment's own text is the content of its start).
MARKS = {
    "insertion": "a tracked insertion",
    "deletion": "a tracked deletion",
    "paragraph-insertion": "a tracked new paragraph",
    "paragraph-deletion": "a tracked joining of two paragraphs",
    "comment-start": "a comment",
}
IGNORED = frozenset({"comment-end"})
SENTINEL = re.compile("\ufdd0([0-9]+)\ufdd1")  # noncharacters: never in a document's text
SHOWN = 60


@dataclass(frozen=True, slots=True)
class Mark:
    paragraph: int  # number of the Word paragraph (as the import counts them), 0: unknown
    kind: str  # a key of MARKS
    text: str  # the inserted, deleted or commented text ("" for a paragraph mark)
    author: str

    @property
    def comment(self) -> bool:
        return self.kind == "comment-start"

    def describe(self) -> str:
        said = " ".join(self.text.split())
        said = said if len(said) <= SHOWN else said[: SHOWN - 1] + "…"
        by = f" by {self.author}" if self.author else ""
        return f"{MARKS[self.kind]}{by}" + (f": “{said}”" if said else "")


def read_word(
    path: Path, decision: Decision | None, limits: ImportLimits = DEFAULT_LIMITS
) -> tuple[list[readers.Para], list[Mark]]:
    """The paragraphs of a Word document and its editing marks. A document with marks is
    read with its changes accepted or rejected as ``decision`` says (comments left out);
    without a decision its paragraphs are not read (``[]``)."""
    tree = readers.docx_tree(path, "all", limits)
    found: list[tuple[str, str, str]] = []
    tree["blocks"] = _marked(tree["blocks"], found)
    if not found:
        return readers.docx_paragraphs(tree), []
    places = _places(readers.docx_paragraphs(tree))
    marks = [
        Mark(places.get(index, 0), kind, text, author)
        for index, (kind, text, author) in enumerate(found)
    ]
    if decision is None:
        return [], marks
    return readers.read_docx(path, track_changes=decision, limits=limits), marks


def _marked(node: Any, found: list[tuple[str, str, str]]) -> Any:
    """``node`` with each mark's Span replaced by a sentinel naming it in ``found``."""
    if isinstance(node, list):
        return [_marked(item, found) for item in node]
    if not isinstance(node, dict) or "t" not in node:
        return node
    if pd.kind(node) == "Span":
        _, classes, pairs = pd.attributes(node)
        kind = next((c for c in classes if c in MARKS or c in IGNORED), "")
        if kind in IGNORED:
            return pd.span(pd.attr(), [])
        if kind:
            found.append((kind, _words(pd.children(node)), dict(pairs).get("author", "")))
            return pd.span(pd.attr(), pd.text(f"\ufdd0{len(found) - 1}\ufdd1"))
    return {key: _marked(value, found) for key, value in node.items()}


def _words(inlines: Any) -> str:
    """The text of Pandoc inlines (their Str and Space nodes)."""
    if isinstance(inlines, list):
        return "".join(_words(item) for item in inlines)
    if not isinstance(inlines, dict) or "t" not in inlines:
        return ""
    if pd.kind(inlines) == "Str":
        return str(inlines["c"])
    if pd.kind(inlines) in {"Space", "SoftBreak", "LineBreak"}:
        return " "
    return _words(inlines.get("c"))


def _places(paras: list[readers.Para]) -> dict[int, int]:
    """The Word paragraph each sentinel is in (its text or its footnotes)."""
    places: dict[int, int] = {}
    for para in paras:
        for text in _texts(para.runs):
            for match in SENTINEL.finditer(text):
                places.setdefault(int(match.group(1)), para.line)
    return places


def _texts(runs: list[readers.Run] | tuple[readers.Run, ...]) -> list[str]:
    found = []
    for run in runs:
        found.append(run.text)
        if run.note is not None:
            found += _texts(run.note)
    return found
