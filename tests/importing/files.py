"""Editors' files for the import tests: one text as plain text, Markdown and a Word file
(made by Pandoc from the Markdown), and the text of an imported document unit by unit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.xmlio import hardened_parser
from build_tools.config import load_project
from build_tools.importing.document import Imported, import_document
from build_tools.render.pandoc import pandoc_path
from tests.conftest import ROOT

PROJECT = load_project(ROOT)
KINDS = ("txt", "md", "docx")
META = """\
name: test-typography
stage: draft
date: 2031-02-01
title: "Safe water: a fictional test resolution"
assembly: 150
place: Testville (Testland)
dates: 1–5 April 2031
"""


def editor_file(folder: Path, kind: str, text: str, markdown: str | None = None) -> Path:
    """``text`` as the editor's file of ``kind`` (metadata beside it in meta.yaml); a
    Word file is Pandoc's of ``markdown`` (default: ``text``), which may hold raw
    OOXML (```{=openxml}``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.yaml").write_text(META, "utf-8")
    if kind != "docx":
        path = folder / f"input.{kind}"
        path.write_text(text if kind == "txt" else (markdown or text), "utf-8")
        return path
    source = folder / "input.md"
    source.write_text(markdown or text, "utf-8")
    path = folder / "input.docx"
    subprocess.run([pandoc_path(), str(source), "-o", str(path)], check=True)
    return path


def imported(path: Path) -> Imported:
    return import_document(PROJECT, path, meta=path.parent / "meta.yaml")


def unit_texts(xml: bytes) -> dict[str, str]:
    """Every block of the preamble and body, and every footnote, by eId: the text a
    reader sees (quote marks of quotations included, footnotes left out)."""
    document = akn.document_element(etree.fromstring(xml, hardened_parser()))
    assert document is not None
    found: dict[str, str] = {}
    for part in ("preamble", "mainBody"):
        node = document.find(akn.akn(part))
        for block in [] if node is None else node.iter(akn.akn("p"), akn.akn("heading")):
            owner = akn.eid_owner(block)
            assert owner is not None
            eid = owner.get("eId", "")
            found[eid] = (found[eid] + " " if eid in found else "") + akn.plain_text(block)
    return found
