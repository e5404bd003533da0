"""Every character of an editor's file imported as typed (no-break, thin and other
spaces, quotes, dashes), in plain text, Markdown and Word alike; the few characters the
character rule drops, dropped on both sides; a Word field's result kept; a failed
preservation check naming the unit, line, column and characters; and the published text
keeping them all."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from build_tools.diagnostics import StageFailed
from build_tools.i18n.catalogs import messages, read_catalog
from build_tools.importing import document
from tests.conftest import copy_sources, run_cli
from tests.helpers import pdf_text
from tests.importing.files import KINDS, META, PROJECT, editor_file, imported, unit_texts
from tests.resolutions import Resolution, akn_xml, editor_metadata, editor_text, resolutions

FORMULA = "The 150th Assembly of the Inter-Parliamentary Union,"
RECITAL = (
    "Recalling resolution No.\u00a053 of 14\u00a0December\u00a02019 and the “Hanoi "
    "Declaration” of 1\u202fApril, the parliaments’ ‘shared’ goals — peace and justice – "
    "in articles\u20092–5, «\u202fla\u202fpaix\u202f» and the figure\u2007space, en\u2002"
    "em\u2003hair\u200aideographic\u3000spaces…,"
)
OPERATIVE = "Calls upon parliaments to act by 2030\u00a0: the non\u2011breaking hyphen stays."


def typography_text(recital: str = RECITAL) -> str:
    return f"{FORMULA}\n\n(1) {recital}\n\n1. {OPERATIVE}\n"


def markdown(recital: str = RECITAL) -> str:
    return f"{FORMULA}\n\n\\(1\\) {recital}\n\n1\\. {OPERATIVE}\n"


@pytest.mark.parametrize("kind", KINDS)
def test_spaces_quotes_and_dashes_import_as_typed(tmp_path: Path, kind: str) -> None:
    path = editor_file(tmp_path, kind, typography_text(), markdown())
    texts = unit_texts(imported(path).xml)
    assert texts["formula_1"] == FORMULA
    assert texts["recs_1__rec_1"] == RECITAL
    assert texts["para_1"] == OPERATIVE


DROPPED = "Recalling the soft\u00adhyphen, the zero\u200bwidth space and the\ufeffmark,"


@pytest.mark.parametrize("kind", KINDS)
def test_soft_hyphens_zero_width_spaces_and_byte_order_marks_are_dropped(
    tmp_path: Path, kind: str
) -> None:
    path = editor_file(tmp_path, kind, typography_text(DROPPED), markdown(DROPPED))
    found = imported(path)
    assert unit_texts(found.xml)["recs_1__rec_1"] == (
        "Recalling the softhyphen, the zerowidth space and themark,"
    )
    assert not re.search("[\u00ad\u200b\ufeff]", found.xml.decode("utf-8"))


def test_a_byte_order_mark_opening_the_file_is_no_text(tmp_path: Path) -> None:
    """Windows' Notepad opens a UTF-8 file with one; the front matter is still read."""
    path = tmp_path / "bom.md"
    path.write_text(f"\ufeff---\n{META}---\n{markdown()}", "utf-8")
    assert unit_texts(document.import_document(PROJECT, path).xml)["para_1"] == OPERATIVE


def field(instruction: str, result: str, simple: bool) -> str:
    """A Word field as raw OOXML in Pandoc's Markdown."""
    shown = f"<w:r><w:t>{result}</w:t></w:r>"
    if simple:
        return f'`<w:fldSimple w:instr="{instruction}">{shown}</w:fldSimple>`{{=openxml}}'
    return (
        '`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        f'{instruction}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'{shown}<w:r><w:fldChar w:fldCharType="end"/></w:r>`{{=openxml}}'
    )


@pytest.mark.parametrize("simple", [True, False], ids=["simple", "complex"])
def test_a_word_field_keeps_the_result_word_shows_not_its_instruction(
    tmp_path: Path, simple: bool
) -> None:
    recital = (
        f"Recalling paragraph {field(' SEQ Para ', '7', simple)} of the decision of "
        f"{field(' DATE ', '1 May 2030', simple)} on soft{field(' PAGE ', '', simple)}ware,"
    )
    path = editor_file(tmp_path, "docx", "", markdown(recital))
    assert unit_texts(imported(path).xml)["recs_1__rec_1"] == (
        "Recalling paragraph 7 of the decision of 1 May 2030 on software,"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_failed_preservation_check_names_the_unit_line_column_and_characters(
    tmp_path: Path, kind: str
) -> None:
    """The check is ours: made to fail by a document that lost a no-break space."""
    path = editor_file(tmp_path, kind, typography_text(), markdown())
    meta, paras, _ = document._read(path, path.parent / "meta.yaml", None)
    body, vocabulary = document.recognize(path, paras, document._masthead_lines(meta))
    xml, _ = document.write_document(meta, body, "eng", vocabulary)
    document.check_preserved(xml, body, path)  # as written, it holds the text
    with pytest.raises(StageFailed) as failure:
        document.check_preserved(xml.replace("\u00a0".encode(), b" ", 1), body, path)
    [problem] = failure.value.diagnostics
    # "(1) Recalling resolution No." then the space; in Markdown, "\(1\) "; in Word,
    # paragraph 2, character 29
    line, column = {"txt": (3, 29), "md": (3, 31), "docx": (2, 29)}[kind]
    assert (problem.line, problem.column, problem.code) == (line, column, "import-text-lost")
    assert problem.message.startswith(
        "the document would not hold the input's text: recs_1__rec_1: "
        f"U+00A0 NO-BREAK SPACE vs U+0020 SPACE at column {column} (input vs document)"
    )


@pytest.mark.parametrize("kind", ["txt", "md"])
def test_a_footnote_that_lost_a_character_is_named_at_its_own_line(
    tmp_path: Path, kind: str
) -> None:
    recital = "Recalling its report,[^1]\n\n[^1]: See the report of 14\u00a0December."
    path = editor_file(tmp_path, kind, typography_text(recital), markdown(recital))
    meta, paras, _ = document._read(path, path.parent / "meta.yaml", None)
    body, vocabulary = document.recognize(path, paras, document._masthead_lines(meta))
    xml, _ = document.write_document(meta, body, "eng", vocabulary)
    lost = xml.replace("14\u00a0December".encode(), b"14 December")
    with pytest.raises(StageFailed) as failure:
        document.check_preserved(lost, body, path)
    [problem] = failure.value.diagnostics
    assert (problem.line, problem.column) == (5, 27)  # "[^1]: See the report of 14"
    assert problem.message.startswith(
        "the document would not hold the input's text: recs_1__rec_1__authorialNote_1: "
        "U+00A0 NO-BREAK SPACE vs U+0020 SPACE at column 27"
    )


def test_the_published_text_keeps_every_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The catalogs, the site, the PDF and the EPUB hold the no-break and thin spaces."""
    root = copy_sources(tmp_path / "project")
    path = editor_file(tmp_path, "txt", typography_text())
    code, err = run_cli(root, ["import", str(path), "--meta", str(tmp_path / "meta.yaml")], capsys)
    assert code == 0, err
    assert run_cli(root, ["build", "--quiet"], capsys)[0] == 0
    catalog = read_catalog(root / "translations" / "test-typography.pot").catalog
    template = "\n".join(str(m.id) for m in messages(catalog))
    assert "No.\u00a053 of 14\u00a0December\u00a02019" in template
    assert "articles\u20092–5, «\u202fla\u202fpaix\u202f»" in template
    assert "en\u2002em\u2003hair\u200aideographic\u3000spaces" in template
    page = html.parse(str(root / "site" / "en" / "test-typography" / "index.html"))
    [recital] = page.xpath("//div[@id='recs_1__rec_1']/div[contains(@class, 'text')]")
    shown = re.sub(r"[ \t\n]+", " ", recital.text_content()).strip(" ")
    assert shown == RECITAL
    downloads = root / "site" / "en" / "downloads"
    pdf = pdf_text(downloads / "test-typography.en.pdf")
    # Both pdfium and pypdf read a space after a no-break space's glyph (its width)
    assert re.search("No\\.\u00a0 ?53 of 14\u00a0 ?December", pdf), pdf
    assert "1\u202fApril" in pdf and "articles\u20092–5, «\u202fla\u202fpaix\u202f»" in pdf
    with zipfile.ZipFile(downloads / "test-typography.en.epub") as epub:
        chapters = "".join(
            epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml")
        )
    assert "articles\u20092–5" in chapters and "14\u00a0December" in chapters


# The property: real typography put into any resolution imports unchanged

PROPERTY_KINDS = st.sampled_from(KINDS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resolution=resolutions(number=1, typography=True), kind=PROPERTY_KINDS)
def test_typography_in_any_resolution_imports_unchanged(
    tmp_path_factory: pytest.TempPathFactory, resolution: Resolution, kind: str
) -> None:
    folder = tmp_path_factory.mktemp("typography")
    text, _ = editor_text(resolution, markdown=kind != "txt")
    path = editor_file(folder, kind, text)
    (folder / "meta.yaml").write_text(editor_metadata(resolution), "utf-8")
    expected = unit_texts(akn_xml(resolution).encode("utf-8"))
    assert unit_texts(imported(path).xml) == expected
