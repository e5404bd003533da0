"""The import property: any resolution our conventions allow, typed by an editor as plain
text, Markdown or Word, imports to the same translatable units as its Akoma Ntoso; a
stray paragraph among the operative ones stops the import at its line, writing nothing."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.config import load_project
from build_tools.diagnostics import StageFailed
from build_tools.i18n.catalogs import messages
from build_tools.i18n.extract import build_template, load_source
from build_tools.importing.document import import_document
from build_tools.render.pandoc import pandoc_path
from tests.conftest import ROOT
from tests.resolutions import Resolution, akn_xml, editor_metadata, editor_text, resolutions

PLACEHOLDER = re.compile(r"</?(?:i|b|u|sup|sub|x\d+)/?>")
PROJECT = load_project(ROOT)


def units(xml: bytes, folder: Path, name: str) -> list[tuple[str, str]]:
    """(key, msgid) of the preamble's and body's units (the masthead differs by design:
    the import rebuilds it from the metadata)."""
    path = folder / f"{name}.xml"
    path.write_bytes(xml)
    template = build_template(PROJECT, load_source(path))
    return [
        (str(m.context), str(m.id))
        for m in messages(template.catalog)
        if not str(m.context).startswith("preface")
    ]


def plain(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(key, PLACEHOLDER.sub("", text)) for key, text in found]


def editor_file(resolution: Resolution, kind: str, folder: Path) -> Path:
    text, _ = editor_text(resolution, markdown=kind != "txt")
    if kind == "docx":
        markdown = folder / "input.md"
        markdown.write_text(text, "utf-8")
        path = folder / "input.docx"
        subprocess.run([pandoc_path(), str(markdown), "-o", str(path)], check=True)
        return path
    path = folder / f"input.{kind}"
    path.write_text(f"---\n{editor_metadata(resolution)}---\n{text}", "utf-8")
    return path


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resolution=resolutions(number=1), kind=st.sampled_from(["txt", "md", "docx"]))
def test_an_editors_file_imports_to_the_units_of_its_akn(resolution: Resolution, kind: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        meta = folder / "meta.yaml"
        meta.write_text(editor_metadata(resolution), "utf-8")
        path = editor_file(resolution, kind, folder)
        imported = import_document(PROJECT, path, meta=meta if kind == "docx" else None)
        expected = units(akn_xml(resolution).encode("utf-8"), folder, resolution.name)
        found = units(imported.xml, folder, resolution.name)
        if kind == "txt":  # no italics in plain text but the usual opening words
            assert plain(found) == plain(expected)
        else:
            assert found == expected
        assert imported.paragraphs == len(resolution.paragraphs)


@settings(max_examples=30, deadline=None)
@given(resolution=resolutions(number=2), data=st.data())
def test_a_stray_paragraph_is_named_by_its_line(
    resolution: Resolution, data: st.DataObject
) -> None:
    text, operative = editor_text(resolution, markdown=False)
    after = data.draw(st.sampled_from(operative), label="after the paragraph on line")
    lines = text.splitlines()
    lines.insert(after, "This sentence fits in no part of a resolution.")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "stray.txt"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        meta = Path(scratch) / "meta.yaml"
        meta.write_text(editor_metadata(resolution), "utf-8")
        try:
            import_document(PROJECT, path, meta=meta)
        except StageFailed as failure:
            [problem] = failure.diagnostics
            assert problem.line == after + 1
            assert "an unnumbered paragraph among the operative paragraphs" in problem.message
        else:
            raise AssertionError("a stray paragraph was placed")
        assert not (PROJECT.source / f"{resolution.name}.xml").exists()
