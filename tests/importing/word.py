"""Editors' files for the import tests: fictional resolutions laid out as secretariats
write them, as Word documents made by Pandoc from Markdown (its DOCX writer turns spans
of class ``insertion``, ``deletion`` and ``comment-start`` into Word's own tracked changes
and comments), with their metadata beside them."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from build_tools.akn.schema import schema_diagnostics
from build_tools.akn.validate import validate_tree
from build_tools.akn.xmlio import hardened_parser
from build_tools.render.pandoc import pandoc_path

META = """\
name: {name}
stage: adopted
date: 2031-12-18
title: "Fictional test resolution on a report"
assembly: 150
place: Testville (Testland)
dates: 14–18 December 2031
outcome: without a vote
"""
FORMULA = "The 150th Assembly of the Inter-Parliamentary Union,"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_file(folder: Path, name: str, markdown: str) -> tuple[Path, Path]:
    """``markdown`` as a Word document, and its metadata file."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.md"
    source.write_text(markdown, "utf-8")
    docx = folder / f"{name}.docx"
    subprocess.run([pandoc_path(), str(source), "-o", str(docx)], check=True)
    meta = folder / f"{name}.yaml"
    meta.write_text(META.format(name=name), "utf-8")
    return docx, meta


def word_elements(docx: Path, part: str = "word/document.xml") -> list[str]:
    """The names of the WordprocessingML elements of a part of ``docx``."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read(part), hardened_parser())
    return [
        element.tag.removeprefix(WORD)
        for element in root.iter()
        if isinstance(element.tag, str) and element.tag.startswith(WORD)
    ]


def problems(xml: bytes, shown: str) -> tuple[list[str], list[str]]:
    """What the official schema says of an imported document, and what our validator
    (the schema and our rules) says."""
    tree = etree.ElementTree(etree.fromstring(xml, hardened_parser()))
    official = [d.format() for d in schema_diagnostics(tree, shown)]
    return official, [d.format() for d in validate_tree(tree, shown)]
