"""Hostile translations stay text in every format; fallbacks are marked; missing glyphs stop the build."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from build_tools.config import Project, load_project
from build_tools.diagnostics import StageFailed
from build_tools.pipeline import run_merge, run_render
from tests.conftest import copy_sources
from tests.helpers import edit_message, normalized, pdf_text

NAME = "ipu-132-cyber-warfare-draft"
HOSTILE = [
    "#set text(fill: red)",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "*negrita* _cursiva_ $x^2$",
    "\\\\ [crochet] #{1+1} // c",
    "&amp; &lt;",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = copy_sources(tmp_path_factory.mktemp("hostile"))
    po = root / "translations" / "es" / f"{NAME}.po"
    edit_message(po, "para_1", "<i>Recomienda</i>", "<i>Recomienda</i> " + " ".join(HOSTILE))
    text = po.read_text("utf-8").replace('msgctxt "para_2"', '#, fuzzy\nmsgctxt "para_2"', 1)
    po.write_text(text, "utf-8")  # … but marked fuzzy: it must fall back to English
    project = load_project(root)
    assert not run_merge(project, project.documents(), [project.language("es")]).failed
    run_render(project, project.documents(), [project.language("es")], ("pdf", "epub"))
    return project


def test_hostile_text_is_literal_in_the_pdf(project: Project) -> None:
    text = normalized(pdf_text(project.build / "downloads" / "es" / f"{NAME}.es.pdf"), "es")
    for fragment in HOSTILE:
        assert normalized(fragment.replace("\\\\", "\\"), "es") in text, fragment


def epub_paragraph(project: Project, eid: str) -> etree._Element:
    with zipfile.ZipFile(project.build / "downloads" / "es" / f"{NAME}.es.epub") as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                page = etree.fromstring(archive.read(name))
                found = page.xpath("//*[@id=$eid]", eid=eid)
                if found:
                    assert not page.xpath("//*[local-name()='script' or local-name()='img']")
                    element: etree._Element = found[0]
                    return element
    raise AssertionError(f"{eid} not found")


def test_hostile_text_is_literal_in_the_epub(project: Project) -> None:
    text = "".join(epub_paragraph(project, "para_1").itertext())
    for fragment in HOSTILE:
        assert fragment.replace("\\\\", "\\") in text, fragment


def test_fuzzy_unit_is_published_in_english_and_marked(project: Project) -> None:
    block = epub_paragraph(project, "para_2")
    text = " ".join("".join(block.itertext()).split())
    assert "Encourages parliaments to work with other branches of government" in text
    [before] = block.xpath("preceding-sibling::*[1]")  # the run's notice, just before it
    assert "fallback-notice" in before.get("class", "").split()
    assert "Aún sin traducir: este párrafo" in " ".join("".join(before.itertext()).split())
    pdf = normalized(pdf_text(project.build / "downloads" / "es" / f"{NAME}.es.pdf"), "es")
    assert normalized("Aún sin traducir", "es") in pdf
    assert normalized("Encourages parliaments to work with other branches", "es") in pdf


def test_a_character_no_font_has_stops_rendering(tmp_path: Path) -> None:
    root = copy_sources(tmp_path)
    edit_message(
        root / "translations" / "es" / f"{NAME}.po", "para_3", "<i>Exhorta</i>", "<i>Exhorta</i> 𓀀"
    )
    project = load_project(root)
    assert not run_merge(project, project.documents(), [project.language("es")]).failed
    with pytest.raises(StageFailed) as failure:
        run_render(project, project.documents(), [project.language("es")], ("pdf",))
    [diagnostic] = failure.value.diagnostics
    assert diagnostic.format() == (
        f"{project.build / 'akn' / 'es' / (NAME + '.xml')}: error: no font for 1 character(s): U+13000 𓀀 [render-glyph]"
    )
