"""Reading an editor's file into paragraphs: each with its runs of text (italic or not),
its footnotes, and where it is in the file (a line, or a Word paragraph's number).

DOCX and Markdown go through Pandoc's readers; plain text is read line by line. Numbers
typed by the editor ("1.", "(a)") stay in the text; Word's automatic numbering is turned
back into the same labels, so one recognizer serves every format.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from build_tools.akn.xmlio import hardened_parser
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


@dataclass(slots=True)
class Para:
    runs: list[Run]
    line: int  # line of the file, or number of the Word paragraph
    heading: bool = False  # a heading by its style (Markdown '#', Word 'Heading')
    label: str = ""  # a number given by list markup: "1.", "(a)"
    notes_undefined: list[str] = field(default_factory=list)

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
    text is on a line ``[^n]: …``."""
    definitions: dict[str, Run] = {}
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), offset + 1):
        match = NOTE_DEFINITION.match(line.strip())
        if match:
            definitions[match.group(1)] = Run(match.group(2), line=number)
        elif line.strip():
            lines.append((number, line))
    paras = []
    for number, line in lines:
        para = Para([], number)
        position = 0
        for match in NOTE_MARK.finditer(line):
            para.runs.append(Run(line[position : match.start()]))
            key = match.group(1)
            if key in definitions:
                para.runs.append(Run("", note=(definitions[key],)))
            else:
                para.notes_undefined.append(key)
            position = match.end()
        para.runs.append(Run(line[position:]))
        paras.append(para)
    return paras


def read_markdown(text: str, offset: int) -> list[Para]:
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
    tree = _pandoc("\n".join(prepared), "markdown-fancy_lists-example_lists-smart+footnotes")
    paras = _blocks(tree["blocks"])
    _locate(paras, text.splitlines(), offset)
    return paras


def read_docx(path: Path) -> list[Para]:
    """A Word document through Pandoc; paragraphs are numbered in reading order. Of a
    Word field, Pandoc keeps the result Word shows and drops the instruction, as the
    character rule has it, but only for a complex field: a simple one (``w:fldSimple``)
    it drops whole, so those are made complex first."""
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        tree = _pandoc(_complex_fields(path, Path(folder)), "docx")
    paras = _blocks(tree["blocks"])
    for number, para in enumerate(paras, 1):
        para.line = number
    return paras


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIELD_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def _complex_fields(path: Path, folder: Path) -> Path:
    """``path``, or a copy in ``folder`` whose simple fields are complex ones."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {info: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, KeyError) as error:
        raise ValueError(f"not a Word document: {error}") from None
    changed = False
    for info, data in parts.items():
        if info.filename in FIELD_PARTS and b"fldSimple" in data:
            parts[info], changed = _fields_made_complex(data), True
    if not changed:
        return path
    copy = folder / path.name
    with zipfile.ZipFile(copy, "w") as archive:
        for info, data in parts.items():
            archive.writestr(info, data)
    return copy


def _fields_made_complex(xml: bytes) -> bytes:
    """Each ``<w:fldSimple w:instr="…">result</w:fldSimple>`` as the runs of a complex
    field: begin, instruction, separate, the result, end."""
    try:
        root = etree.fromstring(xml, hardened_parser())
    except etree.XMLSyntaxError as error:
        raise ValueError(f"not a Word document: {error}") from None
    for simple in list(root.iter(f"{{{W}}}fldSimple")):
        parent = simple.getparent()
        if parent is None:
            continue
        instruction = _run("instrText", simple.get(f"{{{W}}}instr", ""))
        runs = [_run("fldChar", "begin"), instruction, _run("fldChar", "separate")]
        runs += [*simple, _run("fldChar", "end")]
        index = parent.index(simple)
        parent[index : index + 1] = runs
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _run(kind: str, value: str) -> etree._Element:
    run = etree.Element(f"{{{W}}}r")
    child = etree.SubElement(run, f"{{{W}}}{kind}")
    if kind == "fldChar":
        child.set(f"{{{W}}}fldCharType", value)
    else:
        child.text = value
        child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _pandoc(source: str | Path, reader: str) -> dict[str, Any]:
    command = [pd.pandoc_path(), f"--from={reader}", "--to=json"]
    if isinstance(source, Path):
        run = subprocess.run([*command, str(source)], capture_output=True, check=False)
    else:
        run = subprocess.run(
            command, input=source.encode("utf-8"), capture_output=True, check=False
        )
    if run.returncode != 0:
        raise ValueError(
            run.stderr.decode("utf-8", "replace").strip() or "pandoc could not read it"
        )
    result: dict[str, Any] = json.loads(run.stdout)
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
            note = [run for para in _blocks(inline["c"]) for run in [*para.runs, Run(" ")]]
            runs.append(Run("", note=tuple(note[:-1])))
    return runs


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
