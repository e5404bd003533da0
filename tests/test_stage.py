"""The published record is true: the draft says it is a draft (symbol, date, authors)
in every language and format, nothing says it was adopted, and no fixture is published."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html
from pypdf import PdfReader

from build_tools.config import load_project
from build_tools.i18n.ui import ui_strings
from tests.conftest import ADOPTED, CORRIGENDUM, ROOT
from tests.helpers import arabic_words, contains_arabic, normalized, pdf_text

LAYOUT = load_project(ROOT).layout
BODY = load_project(ROOT).issuing_body

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh"]
NAME = "ipu-132-cyber-warfare-draft"
# Each language's wording of the old, false adoption line ("adopted by consensus").
ADOPTION = {
    "en": "adopted by consensus",
    "fr": "adoptée par consensus",
    "es": "adoptada por consenso",
    "ar": "اعتمدته بتوافق الآراء",
    "ru": "принятая консенсусом",
    "zh": "协商一致通过",
}
# The date of the draft as each language writes it in the document.
DATE = {
    "en": "15 January 2015",
    "fr": "15 janvier 2015",
    "es": "15 de enero de 2015",
    "ar": "15 كانون الثاني/يناير 2015",
    "ru": "15 января 2015 года",
    "zh": "2015年1月15日",
}


def draft_notice(language: str) -> str:
    return ui_strings(LAYOUT, language, BODY)["draft-notice"]


def document_pages(site: Path, language: str) -> list[Path]:
    return sorted((site / language / NAME).rglob("*.html"))


def in_pdf_text(words: str, raw: str, language: str) -> bool:
    """Whether a reader sees ``words`` in text extracted from a PDF (Arabic extraction
    mirrors some marked words; the same tolerance as the render tests)."""
    if language == "ar":
        return contains_arabic(arabic_words(raw), words)
    return normalized(words, language) in normalized(raw, language)


def epub_text(path: Path) -> tuple[str, str]:
    """(text of every page, the package document) of an EPUB."""
    with zipfile.ZipFile(path) as archive:
        pages = sorted(n for n in archive.namelist() if n.endswith(".xhtml"))
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        text = " ".join(
            "".join(etree.fromstring(archive.read(n), parser).itertext()) for n in pages
        )
        [opf] = [n for n in archive.namelist() if n.endswith(".opf")]
        return text, archive.read(opf).decode("utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_the_draft_carries_the_draft_banner(published: Path, language: str) -> None:
    pages = document_pages(published / "site", language)
    assert len(pages) == 3  # the text, its version, the parallel view
    for page in pages:
        root = html.fromstring(page.read_bytes())
        [banner] = root.xpath("//div[@id='draft']")
        assert banner.text_content().strip() == draft_notice(language), page


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_and_epub_say_what_the_document_is(published: Path, language: str) -> None:
    downloads = published / "site" / language / "downloads"
    pdf = downloads / f"{NAME}.{language}.pdf"
    first_page = PdfReader(str(pdf)).pages[0].extract_text()
    if language == "ar":
        first_page = pdf_text(pdf)  # pdfium reads Arabic best; the notice is on page 1
    for words in (draft_notice(language), "C-I/132/DR", DATE[language]):
        assert in_pdf_text(words, first_page, language), words
    subject = str(PdfReader(str(pdf)).metadata.get("/Subject", ""))  # type: ignore[union-attr]
    assert "C-I/132/DR" in subject and subject.startswith(
        ui_strings(LAYOUT, language, BODY)["stage-draft"].split("{")[0].strip(" ,،，")
    )
    text, package = epub_text(downloads / f"{NAME}.{language}.epub")
    for words in (draft_notice(language), "C-I/132/DR", DATE[language]):
        assert words in text, words
    assert re.search(r"<dc:description[^>]*>[^<]*C-I/132/DR", package)
    assert "Lazrek" in package


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_output_says_the_draft_was_adopted(published: Path, language: str) -> None:
    site = published / "site" / language
    wording = ADOPTION[language]
    for page in site.rglob("*.html"):
        assert wording not in html.fromstring(page.read_bytes()).text_content(), page
    downloads = site / "downloads"
    assert not in_pdf_text(wording, pdf_text(downloads / f"{NAME}.{language}.pdf"), language)
    assert wording not in epub_text(downloads / f"{NAME}.{language}.epub")[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_lists_the_draft_with_its_date_and_symbol(published: Path, language: str) -> None:
    root = html.fromstring((published / "site" / language / "index.html").read_bytes())
    [item] = root.xpath(
        "//div[@class='akn-page']//ul/li[.//a[@href='ipu-132-cyber-warfare-draft/']]"
    )
    text = item.text_content()
    assert "C-I/132/DR" in text
    stage = ui_strings(LAYOUT, language, BODY)["stage-draft"].split("{")[0].strip(" ,،，")
    assert stage in text


def test_published_site_holds_no_fixture_or_demonstration(published: Path) -> None:
    site = published / "site"
    names = {p.relative_to(site).as_posix() for p in site.rglob("*")}
    assert not [n for n in names if CORRIGENDUM in n or ADOPTED in n]
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "not an IPU document" not in text and "Demonstration" not in text, page


def test_drafting_history_links_the_draft_and_the_adopted_text(versioned: Path) -> None:
    site = versioned / "site" / "en"
    draft = html.fromstring((site / NAME / "index.html").read_bytes())
    items = draft.xpath("//h2[@id='history']/following-sibling::ol[1]/li")
    assert [i.text_content().strip() for i in items] == [
        "Draft resolution, 15 January 2015 — C-I/132/DR — this text",
        "Resolution adopted on 1 April 2099",
    ]
    assert items[1].xpath(".//a/@href") == [f"../{ADOPTED}/"]
    adopted = html.fromstring((site / ADOPTED / "index.html").read_bytes())
    back = adopted.xpath("//h2[@id='history']/following-sibling::ol[1]/li//a/@href")
    assert back == [f"../{NAME}/"]
    assert not adopted.xpath("//div[@id='draft']"), "an adopted text carries no draft banner"


def test_demonstration_says_so_on_every_page_and_the_public_site_never(
    published: Path, versioned: Path
) -> None:
    for language in LANGUAGES:
        notice = ui_strings(LAYOUT, language, BODY)["demo-banner"]
        demo_pages = sorted((versioned / "site" / language).rglob("*.html"))
        assert len(demo_pages) >= 10  # home, 404, texts, versions, redlines, parallel views
        for page in demo_pages:
            root = html.fromstring(page.read_bytes())
            [banner] = root.xpath("//div[@data-md-component='announce']/aside")
            assert banner.text_content().strip() == notice, page
        for page in (published / "site" / language).rglob("*.html"):
            assert notice not in page.read_text("utf-8"), page
            assert not html.fromstring(page.read_bytes()).xpath(
                "//div[@data-md-component='announce']/aside"
            )
