"""Word files before Pandoc reads them.

Of a Word field, Pandoc keeps the result Word shows and drops the instruction, as the
character rule has it (:mod:`build_tools.importing.characters`), but only for a complex
field (``w:fldChar`` runs): a simple one (``w:fldSimple``) it drops whole, result and
all. So simple fields are written as complex ones first, in a copy.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from build_tools.akn.xmlio import parse_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIELD_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def complex_fields(path: Path, folder: Path) -> Path:
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
        root = parse_bytes(xml)
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
