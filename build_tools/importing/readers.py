"""Reading an editor's file into paragraphs: each with its runs of text (italic or not),
its footnotes, and where it is in the file (a line, or a Word paragraph's number).

DOCX and Markdown go through Pandoc's readers; plain text is read line by line. Numbers
typed by the editor ("1.", "(a)") stay in the text; Word's automatic numbering is turned
back into the same labels, so one recognizer serves every format.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from build_tools.import_limits import DEFAULT_LIMITS, ImportLimits
from build_tools.importing import notes, word
from build_tools.render import pandoc as pd

NOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")
NOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
LABEL_LINE = re.compile(r"^\s*(\(\w{1,4}\)|\d+\.)(\s|$)")
NOTE_NUMBER = re.compile(r"^(\[\^[^\]\s]+\]:\s*)(\d+)\.(\s|$)")


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    italic: bool = False
    note: tuple[Run, ...] | None = None  # a footnote (its text), at this point of the text
    line: int = 0  # where the text begins, when not on its paragraph's line (a footnote's)
    ref: int = 0  # a reference to the footnote of that number (1, 2… in reading order)
    marker: str = ""  # a footnote's own mark ("*"): it takes no number


@dataclass(slots=True)
class Para:
    runs: list[Run]
    line: int  # line of the file, or number of the Word paragraph
    heading: bool = False  # a heading by its style (Markdown '#', Word 'Heading')
    label: str = ""  # a number given by list markup: "1.", "(a)"
    under: bool = False  # in plain text, right under another line (no empty line between)
    notes_undefined: list[str] = field(default_factory=list)
    problems: list[notes.Problem] = field(default_factory=list)  # footnotes not matched

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs if run.note is None)


def split_front_matter(text: str) -> tuple[str, int]:
    """The text after a front-matter block and the number of lines the block took."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return text, 0
    for index, line in enumerate(lines[1:], 1):
        if line.strip() in {"---", "..."}:
            return "".join(lines[index + 1 :]), index + 1
    return text, 0


def read_text(text: str, offset: int) -> list[Para]:
    """Plain text: one paragraph per non-empty line; ``[^n]`` marks a footnote whose
    text is on a line ``[^n]: …``, and the same mark again refers to it. Copied out of a
    PDF, a number glued to a word is a footnote whose text is the line "N …" among those
    that end the file (:mod:`build_tools.importing.notes`)."""
    definitions: dict[str, Run] = {}
    lines: list[tuple[int, str]] = []
    wrapped: dict[int, list[Segment]] = {}  # first line → where its continuations begin
    under: set[int] = set()  # lines right under another line (no empty line between)
    after_text = False  # the line before was not empty
    for number, line in enumerate(text.splitlines(), offset + 1):
        match = NOTE_DEFINITION.match(line.strip())
        if match:
            definitions[match.group(1)] = Run(match.group(2), line=number)
        elif after_text and lines and continues(line):
            first, joined = lines[-1]
            start = len(joined.rstrip()) + 1
            indent = len(line) - len(line.lstrip())
            wrapped.setdefault(first, []).append(Segment(start, number, indent))
            lines[-1] = (first, f"{joined.rstrip()} {line.strip()}")
        elif line.strip():
            lines.append((number, line))
            if after_text:
                under.add(number)
        after_text = bool(line.strip()) and not match
    lines, copied, problems = notes.trailing_notes(lines)
    numbers: dict[str | int, int] = {}  # a footnote's key or glued number → its number
    paras = [_text_para(number, line, definitions, copied, numbers) for number, line in lines]
    for para in paras:
        para.problems = [_relocated(p, wrapped.get(p.line, [])) for p in para.problems]
        para.under = para.line in under
    for key, note in copied.items():
        if key not in numbers:
            problems.append(notes.unreferenced(key, note))
    if paras:
        paras[-1].problems += problems
    return paras


def _text_para(
    number: int,
    line: str,
    definitions: dict[str, Run],
    copied: dict[notes.Key, notes.NoteLine],
    numbers: dict[str | int, int],
) -> Para:
    """One line of plain text, its marks (``[^n]``, and numbers glued to words when the
    file ends with footnote lines) made footnotes or references to them."""
    para = Para([], number)
    marks: list[tuple[int, int, str | int]] = [
        (m.start(), m.end(), m.group(1)) for m in NOTE_MARK.finditer(line)
    ]
    if copied:
        marks += [(m.start(), m.end(), _key(m.group(1))) for m in notes.marks(line, copied)]
    position = 0
    for start, end, key in sorted(marks, key=lambda mark: mark[0]):
        para.runs.append(Run(line[position:start]))
        position = end
        if isinstance(key, str) and key.startswith("*") and key in copied:
            para.runs.append(_starred(key, copied[key], numbers, number, start, para))
        elif key in numbers:
            para.runs.append(Run("", ref=numbers[key]))
        elif isinstance(key, str) and key in definitions:
            numbers[key] = _numbered(numbers) + 1
            para.runs.append(Run("", note=(definitions[key],)))
        elif isinstance(key, int) and key in copied:
            numbers[key] = _numbered(numbers) + 1
            note = copied[key]
            para.runs.append(Run("", note=(Run(note.text, line=note.line),)))
        elif isinstance(key, str):
            para.notes_undefined.append(key)
        else:
            before = line[max(0, start - 12) : start].split()[-1]
            slash = notes.slashed(copied)
            column = start + 1 + (line[start] == " ")  # the number's, not its space's
            problem = notes.unmatched_glued(key, number, column, before, slash=slash)
            para.problems.append(problem)
    para.runs.append(Run(line[position:]))
    return para


@dataclass(frozen=True, slots=True)
class Segment:
    """Where a wrapped line's continuation begins in the joined line, and its place."""

    start: int  # index in the joined line
    line: int
    indent: int  # spaces before it on its own line


def continues(line: str) -> bool:
    """Whether a line carries on the one right before it, as text copied out of a PDF
    wraps a paragraph (a title, a footnote's line): it opens with a lowercase letter."""
    stripped = line.lstrip()
    return bool(stripped) and stripped[0].islower()


def _relocated(problem: notes.Problem, segments: list[Segment]) -> notes.Problem:
    """``problem`` at the line and column of the file, for a line joined from wrapped ones."""
    index = problem.column - 1
    for segment in reversed(segments):
        if problem.column and index >= segment.start:
            column = index - segment.start + segment.indent + 1
            return notes.Problem(segment.line, column, problem.message)
    return problem


def _key(mark: str) -> notes.Key:
    return mark if mark.startswith("*") else int(mark)


def _numbered(numbers: dict[str | int, int]) -> int:
    """How many numbered footnotes came so far (an asterisk's footnote takes no number)."""
    return sum(1 for value in numbers.values() if value > 0)


def _starred(
    mark: str,
    note: notes.NoteLine,
    numbers: dict[str | int, int],
    line: int,
    start: int,
    para: Para,
) -> Run:
    """The footnote of an asterisk mark, which keeps its mark; once only."""
    if mark in numbers:
        para.problems.append(notes.starred_again(mark, line, start + 1, -numbers[mark]))
        return Run("")
    numbers[mark] = -line  # seen, on that line (no number: not a reference target)
    return Run("", note=(Run(note.text, line=note.line),), marker=mark)


def read_markdown(text: str, offset: int, limits: ImportLimits = DEFAULT_LIMITS) -> list[Para]:
    """Markdown through Pandoc. A line opening with a number starts a paragraph of its
    own, and the number is kept as text (not turned into a Markdown list)."""
    prepared = []
    for line in text.splitlines():
        line = NOTE_NUMBER.sub(r"\1\2\\.\3", line)  # "2030." opening a note is text
        if LABEL_LINE.match(line):
            label, _, rest = line.strip().partition(" ")
            escaped = f"\\({label[1:-1]}\\)" if label.startswith("(") else f"{label[:-1]}\\."
            prepared += ["", f"{escaped} {rest}"]
        else:
            prepared.append(line)
    tree = _pandoc(
        "\n".join(prepared), "markdown-fancy_lists-example_lists-smart+footnotes", limits
    )
    paras = _blocks(tree["blocks"])
    _locate(paras, text.splitlines(), offset)
    keys, defined = [], {}
    for number, line in enumerate(text.splitlines(), offset + 1):
        definition = NOTE_DEFINITION.match(line.strip())
        if definition:
            defined[definition.group(1)] = number
        else:
            keys += [m.group(1) for m in NOTE_MARK.finditer(line)]
    _notes_paired(paras, keys, defined)
    _superscripts_checked(paras)
    return paras


def _notes_paired(paras: list[Para], keys: list[str], defined: dict[str, int]) -> None:
    """Each footnote with the line of its ``[^key]: …``, or, when its ``[^key]`` was
    used before (Pandoc copies the note there), a reference to that footnote; ``keys``
    are the marks in the text, in order."""
    found = [(para, index) for para in paras for index, run in enumerate(para.runs) if run.note]
    if len(found) != len(keys):  # inline notes (^[…]): the marks cannot be paired
        return
    numbers: dict[str, int] = {}
    for (para, index), key in zip(found, keys, strict=True):
        run = para.runs[index]
        if key in numbers:
            para.runs[index] = Run("", run.italic, ref=numbers[key])
            continue
        numbers[key] = len(numbers) + 1
        if run.note and key in defined:
            first = replace(run.note[0], line=defined[key])
            para.runs[index] = replace(run, note=(first, *run.note[1:]))


def _superscripts_checked(paras: list[Para]) -> None:
    """A superscript number must repeat a footnote that comes before it."""
    count = 0
    for para in paras:
        for run in para.runs:
            count += run.note is not None
            if run.ref > count:
                para.problems.append(notes.unknown_superscript(run.ref, count, para.line))


def read_docx(
    path: Path, track_changes: str = "accept", limits: ImportLimits = DEFAULT_LIMITS
) -> list[Para]:
    """A Word document through Pandoc, its tracked changes accepted or rejected (Pandoc's
    ``--track-changes``); paragraphs are numbered in reading order."""
    return docx_paragraphs(docx_tree(path, track_changes, limits))


def docx_tree(
    path: Path, track_changes: str, limits: ImportLimits = DEFAULT_LIMITS
) -> dict[str, Any]:
    """The Pandoc tree (JSON) of a Word document; ``track_changes`` is Pandoc's option
    (``accept``, ``reject``, or ``all``: each mark a Span of its own). Of a Word field,
    Pandoc keeps the result Word shows and drops the instruction, as the character rule
    has it, but only for a complex field: a simple one (``w:fldSimple``) it drops whole,
    so those are made complex first."""
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        copy = word.complex_fields(path, Path(folder))
        return _pandoc(copy, "docx", limits, f"--track-changes={track_changes}")


def docx_paragraphs(tree: dict[str, Any]) -> list[Para]:
    """The paragraphs of a Word document's Pandoc tree, numbered in reading order; a
    superscript number must repeat an earlier footnote."""
    paras = _blocks(tree["blocks"])
    for number, para in enumerate(paras, 1):
        para.line = number
    _superscripts_checked(paras)
    return paras


def _pandoc(source: str | Path, reader: str, limits: ImportLimits, *options: str) -> dict[str, Any]:
    arguments, data = [f"--from={reader}", *options, "--to=json"], None
    if isinstance(source, Path):
        arguments.append(str(source))
    else:
        data = source.encode("utf-8")
    output = pd.read(arguments, data, memory=limits.pandoc_memory, seconds=limits.pandoc_seconds)
    result: dict[str, Any] = json.loads(output)
    return result


LIST_LABELS = {
    ("Decimal", "Period"): "{n}.",
    ("Decimal", "TwoParens"): "({n})",
    ("Decimal", "OneParen"): "{n})",
    ("LowerAlpha", "TwoParens"): "({a})",
    ("LowerAlpha", "OneParen"): "({a})",
    ("LowerAlpha", "Period"): "({a})",
    ("LowerRoman", "TwoParens"): "({r})",
    ("LowerRoman", "OneParen"): "({r})",
    ("LowerRoman", "Period"): "({r})",
}
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _label(style: str, delimiter: str, number: int) -> str:
    pattern = LIST_LABELS.get((style, delimiter), "{n}.")
    letter = chr(ord("a") + number - 1) if 1 <= number <= 26 else str(number)
    roman = ROMAN[number - 1] if 1 <= number <= len(ROMAN) else str(number)
    return pattern.format(n=number, a=letter, r=roman)


def _blocks(blocks: list[Any], label: str = "") -> list[Para]:
    paras: list[Para] = []
    for block in blocks:
        kind = pd.kind(block)
        if kind in {"Para", "Plain"}:
            paras.append(Para(_runs(block["c"]), 0, label=label))
            label = ""
        elif kind == "Header":
            paras.append(Para(_runs(block["c"][2]), 0, heading=True))
        elif kind == "OrderedList":
            (start, style, delimiter), items = block["c"]
            for index, item in enumerate(items):
                number = _label(pd.kind(style), pd.kind(delimiter), start + index)
                paras += _blocks(item, number)
        elif kind in {"BulletList"}:
            for item in block["c"]:
                paras += _blocks(item)
        elif kind in {"Div", "BlockQuote"}:
            paras += _blocks(block["c"][1] if kind == "Div" else block["c"], label)
        elif kind == "LineBlock":
            for line in block["c"]:
                paras.append(Para(_runs(line), 0))
    return paras


def _runs(inlines: list[Any], italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    for inline in inlines:
        kind = pd.kind(inline)
        if kind == "Str":
            runs.append(Run(inline["c"], italic))
        elif kind in {"Space", "SoftBreak", "LineBreak"}:
            runs.append(Run(" ", italic))
        elif kind == "Emph":
            runs += _runs(inline["c"], not italic)
        elif kind == "Superscript" and _digits(inline["c"]):
            runs.append(Run("", italic, ref=int(_digits(inline["c"]))))  # a footnote's again
        elif kind in {"Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"}:
            runs += _runs(inline["c"], italic)
        elif kind in {"Span", "Link"}:
            runs += _runs(inline["c"][1], italic)
        elif kind == "Quoted":
            quote_type, content = inline["c"]
            start, end = ("“", "”") if pd.kind(quote_type) == "DoubleQuote" else ("‘", "’")
            runs += [Run(start, italic), *_runs(content, italic), Run(end, italic)]
        elif kind == "Code":
            runs.append(Run(inline["c"][1], italic))
        elif kind == "Note":
            marker, blocks = _own_mark(inline["c"])
            note = [run for para in _blocks(blocks) for run in [*para.runs, Run(" ")]]
            runs.append(Run("", note=tuple(note[:-1]), marker=marker))
    return runs


OWN_MARKS = frozenset({"*", "**", "***", "†", "‡"})


def _own_mark(blocks: list[Any]) -> tuple[str, list[Any]]:
    """A Word footnote with a mark of its own ("adopted by consensus*", Word's custom
    mark): Pandoc drops the mark from the text and opens the note with it, superscript;
    the mark, and the note without it. ("", the note) for a numbered footnote."""
    if not blocks or pd.kind(blocks[0]) != "Para":
        return "", blocks
    first: dict[str, Any] = blocks[0]
    inlines = list(first["c"])
    if not inlines or pd.kind(inlines[0]) != "Superscript":
        return "", blocks
    inner = inlines[0]["c"]
    mark = str(inner[0]["c"]) if len(inner) == 1 and pd.kind(inner[0]) == "Str" else ""
    if mark not in OWN_MARKS:
        return "", blocks
    rest = inlines[1:]
    if rest and pd.kind(rest[0]) == "Space":
        rest = rest[1:]
    return mark, [{**first, "c": rest}, *blocks[1:]]


def _digits(inlines: list[Any]) -> str:
    """The number a superscript holds, if it holds only one ("2"), else ""."""
    if len(inlines) == 1 and pd.kind(inlines[0]) == "Str":
        text = str(inlines[0]["c"])
        return text if text.isascii() and text.isdigit() and len(text) <= 3 else ""
    return ""


def _locate(paras: list[Para], lines: list[str], offset: int) -> None:
    """Give each paragraph the line of the file where its text begins (best effort)."""
    start = 0
    for para in paras:
        probe = " ".join(para.text.split())[:24]
        for index in range(start, len(lines)):
            candidate = " ".join(lines[index].replace("\\", "").replace("*", "").split())
            if probe and probe[:12] in candidate:
                para.line, start = offset + index + 1, index + 1
                break
        else:
            para.line = offset + start + 1
