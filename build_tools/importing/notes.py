"""Footnotes and references to them, in every form an editor's file holds them.

* A footnote (Word's, Markdown's ``[^1]`` with its line ``[^1]: …``) becomes an AKN
  ``authorialNote``; footnotes are numbered 1, 2, 3… in reading order, as Word numbers
  them.
* A reference to a footnote given before becomes a ``noteRef`` to it: in Word, a
  superscript number that repeats an earlier footnote's (UN style: "Council,¹ …
  thereto,¹"), also in Pandoc's Markdown (``^1^``); in Markdown and plain text, a
  ``[^1]`` used again.
* Plain text copied out of a PDF has no marks: there a number glued to the end of a
  lowercase word or to punctuation ("automated systems;1") is the footnote whose text is
  the line "1 Including …" among the lines that end the file; the same number glued
  again refers to it. UN documents of the 1990s and before write both with a slash:
  "the report of the Secretary-General 1/" and, at the end, "1/ A/47/1." (then only a
  number with its slash is a mark, and the space before it goes with it).
* The IPU marks a note on how a text was adopted with an asterisk: "adopted by
  consensus*" and, at the end, "* The delegation of … expressed reservations …". Such a
  mark ("*", "**", "***") glued to a word is the footnote of its line "* …"; it keeps
  its mark and takes no number, as Word's custom marks do.

What cannot be matched is an error at its line and column: a glued number with no such
line, two lines with the same number, a line no number refers to, a superscript number
no earlier footnote has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOTE_LINE = re.compile(r"^\s*(\d{1,3}|\*{1,3})(/?)\s+(\S.*)$")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LINE = re.compile(rf"^\s*\d{{1,2}}\s+(?:{MONTHS})\b")  # "18 December 2019": no footnote
GLUED = re.compile(r"(?<=[^\s\d])(\d{1,3})(?=[\s,;.:)]|$)")
GLUED_AFTER = frozenset(";,.:!?)]”’»\"'")
SLASHED = re.compile(r"(?<=\S) ?(\d{1,3})/(?=[\s,;.:)]|$)")  # "Secretary-General 1/"
STARRED = re.compile(r"(?<=[^\s*])(\*{1,3})(?=[\s,;.:)]|$)")  # "adopted by consensus*"
Key = int | str  # a footnote line's number (1), or its own mark ("*")


@dataclass(frozen=True, slots=True)
class Problem:
    """What could not be matched, where it is."""

    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class NoteLine:
    """A footnote's text as a PDF copy gives it: "1 Including …" on a line of its own."""

    line: int
    column: int  # where the text begins
    text: str
    slashed: bool = False  # "1/ Including …", as the UN wrote footnotes


def slashed(notes: dict[Key, NoteLine]) -> bool:
    """Whether the footnote lines are written "N/ text" (all of them: see the problem of
    :func:`trailing_notes` for a mix)."""
    return any(note.slashed for note in notes.values())


def trailing_notes(
    lines: list[tuple[int, str]],
) -> tuple[list[tuple[int, str]], dict[Key, NoteLine], list[Problem]]:
    """The lines before the footnote lines ("N text") that end the text, and those
    footnotes by number; a number given twice is a problem."""
    cut = len(lines)
    while cut and NOTE_LINE.match(lines[cut - 1][1]) and not DATE_LINE.match(lines[cut - 1][1]):
        cut -= 1
    found: dict[Key, NoteLine] = {}
    problems = []
    for number, line in lines[cut:]:
        match = NOTE_LINE.match(line)
        assert match is not None
        key: Key = match.group(1) if match.group(1).startswith("*") else int(match.group(1))
        if key in found:
            problems.append(
                Problem(
                    number,
                    match.start(1) + 1,
                    f"a second footnote line {key} (the first is on line {found[key].line}): "
                    "each footnote's line comes once, numbered as its mark in the text",
                )
            )
            continue
        found[key] = NoteLine(number, match.start(3) + 1, match.group(3), bool(match.group(2)))
    numbered = [note for key, note in found.items() if isinstance(key, int)]
    if len({note.slashed for note in numbered}) > 1:
        first = min(numbered, key=lambda note: note.line)
        odd = next(note for note in numbered if note.slashed != first.slashed)
        problems.append(
            Problem(
                odd.line,
                1,
                f"footnote lines written two ways: line {first.line} "
                f"{'with' if first.slashed else 'without'} a slash after its number, "
                f"this one {'with' if odd.slashed else 'without'}: write them all as "
                "'1 text' or all as '1/ text'",
            )
        )
    return lines[:cut], found, problems


def marks(line: str, notes: dict[Key, NoteLine]) -> list[re.Match[str]]:
    """The footnote marks of ``line`` in the form the footnote lines have (group 1: the
    number or the asterisks)."""
    found = list(STARRED.finditer(line)) if any(isinstance(k, str) for k in notes) else []
    if any(isinstance(key, int) for key in notes):
        found += list(SLASHED.finditer(line)) if slashed(notes) else glued(line)
    return found


def glued(line: str) -> list[re.Match[str]]:
    """The numbers glued to the end of a lowercase word or to punctuation in ``line``
    ("systems;1", "Council,2"), not the figures of a decimal number ("1.5") or of a
    name or symbol ("G20", "A/74/394")."""
    found = []
    for match in GLUED.finditer(line):
        before = line[match.start() - 1]
        if not (before.islower() or before in GLUED_AFTER):
            continue
        if before in ".," and match.start() >= 2 and line[match.start() - 2].isdigit():
            continue
        found.append(match)
    return found


def unmatched_glued(
    number: int, line: int, column: int, before: str, *, slash: bool = False
) -> Problem:
    """A mark in the text that no footnote line at the end gives."""
    if slash:
        said = f"the mark {number}/ after {before!r} reads as a footnote mark, but no line "
        said += f"'{number}/ …' at the end of the text gives its footnote: add that line"
        return Problem(line, column, said)
    return Problem(
        line,
        column,
        f"the number {number} glued to {before!r} reads as a footnote mark, but no line "
        f"'{number} …' at the end of the text gives its footnote: add that line, or set "
        "the number apart from the word",
    )


def starred_again(mark: str, line: int, column: int, first: int) -> Problem:
    return Problem(
        line,
        column,
        f"the mark {mark} is glued to a word a second time (the first on line {first}): "
        f"its footnote line '{mark} …' belongs to one place; give the other place a mark "
        "of its own ('**') and its own line",
    )


def unreferenced(number: Key, note: NoteLine) -> Problem:
    if isinstance(number, str):
        return Problem(
            note.line,
            1,
            f"the footnote line '{number} …' is referred to nowhere: no mark {number} is "
            f"glued to a word of the text (as in 'by consensus{number}'); glue it where "
            "the footnote belongs, or delete the line",
        )
    if note.slashed:
        return Problem(
            note.line,
            1,
            f"the footnote line '{number}/ …' is referred to nowhere: no mark {number}/ "
            f"follows a word of the text (as in 'the report 1/'); put it where the "
            "footnote belongs, or delete the line",
        )
    return Problem(
        note.line,
        1,
        f"the footnote line '{number} …' is referred to nowhere: no number {number} is "
        f"glued to a word of the text (as in 'systems;{number}'); glue it where the "
        "footnote belongs, or delete the line",
    )


def unknown_superscript(number: int, before: int, line: int) -> Problem:
    earlier = f"only footnotes 1 to {before} come" if before else "no footnote comes"
    return Problem(
        line,
        0,
        f"a superscript {number} where {earlier} before it: a superscript number repeats "
        "an earlier footnote's; make this one a footnote, or write the number as text",
    )
