"""A partly translated text: one 'not yet translated' notice per run, none on the symbol or
the date, a mark on an untranslated footnote; in the site's HTML, the EPUB and the PDF."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree
from lxml import html as lxml_html

from build_tools.config import Project, load_project
from build_tools.i18n.catalogs import read_catalog, write_catalog
from build_tools.pipeline import run_merge, run_render
from build_tools.render.fragments import read_fragments
from tests.conftest import copy_sources
from tests.helpers import main_in, normalized, pdf_text

NAME = "ipu-132-cyber-warfare-draft"
NOTE = (
    '<authorialNote eId="recs_1__rec_1__authorialNote_1" marker="1" placement="bottom">'
    "<p>See the report of the Standing Committee.</p></authorialNote>"
)
UNTRANSLATED = {  # the whole heading, a run of two recitals, one operative paragraph
    *(f"preface__p_{n}" for n in range(1, 7)),
    "preface__longTitle_1",
    "recs_1__rec_2",
    "recs_1__rec_3",
    "para_4",
}
HEADING = "Pas encore traduit\u202f: les lignes de l’en-tête"
GROUP = "Pas encore traduit\u202f: les paragraphes signalés"
ONE = "Pas encore traduit\u202f: ce paragraphe"
FOOTNOTE = "Pas encore traduit\u202f: cette note"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The French text with its heading, two recitals and a paragraph untranslated, and a
    footnote (added to a scratch copy of the source) that no one has translated yet."""
    root = copy_sources(tmp_path_factory.mktemp("partial"))
    source = root / "source" / f"{NAME}.xml"
    text = source.read_text("utf-8")
    essential = "in the cyber domain are essential,"
    source.write_text(text.replace(essential, essential[:-1] + NOTE + ",", 1), "utf-8")
    assert main_in(root, ["extract"]) == 0 and main_in(root, ["update", "--lang", "fr"]) == 0
    po = read_catalog(root / "translations" / "fr" / f"{NAME}.po")
    for message in po.catalog:
        if message.context in UNTRANSLATED:
            message.string = ""
        elif message.context == "recs_1__rec_1":  # translated, with the footnote's place
            message.string = str(message.string).removesuffix(",") + "<x1/>,"
            message.flags.discard("fuzzy")
    write_catalog(po)
    project = load_project(root)
    french = [project.language("fr")]
    assert not run_merge(project, project.documents(), french).failed
    run_render(project, project.documents(), french, ("pdf", "epub"))
    return project


def page_body(project: Project) -> lxml_html.HtmlElement:
    body = read_fragments(project.layout.fragments("fr", NAME)).body
    return lxml_html.fromstring(f"<div>{body}</div>")


def squeezed(text: str) -> str:
    """Layout spaces as one; a narrow no-break space (French, before a colon) kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def notices(tree: lxml_html.HtmlElement) -> list[str]:
    return [squeezed(n.text_content()) for n in tree.find_class("fallback-notice")]


def test_one_notice_for_the_heading_one_per_run_of_paragraphs(project: Project) -> None:
    tree = page_body(project)
    found = notices(tree)
    assert [text[: len(HEADING)] for text in found[:1]] == [HEADING]
    assert len(found) == 3, found  # the heading, the two recitals, the paragraph
    assert found[1].startswith(GROUP) and found[2].startswith(ONE)
    following = [n.getnext() for n in tree.find_class("fallback-notice")]
    ids = [None if n is None else n.get("id") for n in following]
    assert ids == ["masthead", "recs_1__rec_2", "para_4"]  # before the heading, each run


def test_symbol_and_date_are_never_marked(project: Project) -> None:
    tree = page_body(project)
    [symbol] = tree.xpath("//*[@id='preface__p_4']")
    [date] = tree.xpath("//*[@id='preface__p_5']")
    for line in (symbol, date):
        assert "fallback" not in line.get("class", "").split()
        assert line.get("lang") is None
    assert squeezed(date.text_content()) == "15 janvier 2015"  # written as French does
    assert "fallback" in tree.xpath("//*[@id='preface__p_3']")[0].get("class", "").split()


def test_an_untranslated_footnote_is_marked(project: Project) -> None:
    tree = page_body(project)
    [note] = tree.xpath("//section[contains(@class, 'footnotes')]//li")
    text = squeezed(note.text_content())
    assert text.startswith(FOOTNOTE), text
    assert note.xpath(".//*[@lang='en' and contains(@class, 'fallback')]")
    assert "See the report of the Standing Committee." in text


def test_the_epub_says_it_once_per_run_too(project: Project) -> None:
    epub = project.build / "downloads" / "fr" / f"{NAME}.fr.epub"
    with zipfile.ZipFile(epub) as archive:
        pages = [archive.read(n) for n in archive.namelist() if n.endswith(".xhtml")]
    text = " ".join(" ".join("".join(etree.fromstring(page).itertext()).split()) for page in pages)
    assert text.count("Pas encore traduit") == 4  # heading, run, paragraph, footnote


def test_the_pdf_says_it_once_per_run(project: Project) -> None:
    pdf = project.build / "downloads" / "fr" / f"{NAME}.fr.pdf"
    text = normalized(pdf_text(pdf), "fr")
    assert len(re.findall(normalized("Pas encore traduit", "fr"), text)) == 4
    assert normalized(FOOTNOTE, "fr") in text and normalized(HEADING, "fr") in text
