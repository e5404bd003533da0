"""Annexes: a heading "Annex" (and what the vocabulary lists: "ANNEX", "Annex I",
"Appendix 2") and what follows become an AKN attachment — a ``<doc name="annex">``, a
component of the same expression — translated like the body, and rendered after the
resolution and its closing lines on the site, in the PDF and in the EPUB."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from build_tools.akn.xmlio import hardened_parser
from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
from tests.conftest import copy_sources, run_cli
from tests.helpers import pdf_text
from tests.importing.test_import import template_of
from tests.importing.word import FORMULA, META, problems, word_file
from tests.resolutions import pseudo_translation

NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
NAME = "test-annexed"
WITH_ANNEX = f"""\
{FORMULA}

*Recalling* its earlier resolutions on the matter,

*Decides* to establish the fictional test group, whose terms of reference are annexed.

50th plenary meeting

18 December 2031

# Annex I

Terms of reference of the fictional test group

1\\. The group meets twice a year, as paragraph 2 says.

2\\. It reports to the Assembly.[^1]

Working methods

The group decides by consensus.

[^1]: A fictional note in the annex.
"""
WORK = "/akn/ipu/statement/resolution/2031-12-18/test-annexed"


def import_annexed(root: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    docx, meta = word_file(folder, NAME, WITH_ANNEX)
    code, err = run_cli(root, ["import", str(docx), "--meta", str(meta)], capsys)
    assert code == 0, err
    assert "2 closing line(s), 1 annex(es)" in err
    return root / "source" / f"{NAME}.xml"


def test_an_annex_and_what_follows_it_is_an_attachment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    path = import_annexed(root, tmp_path, capsys)
    assert problems(path.read_bytes(), path.name) == ([], [])
    statement = etree.fromstring(path.read_bytes(), hardened_parser())
    [attachment] = statement.xpath("//a:statement/a:attachments/a:attachment", namespaces=NS)
    assert attachment.get("eId") == "att_1"
    assert attachment.findtext("a:heading", namespaces=NS) == "Annex I"
    assert attachment.findtext("a:subheading", namespaces=NS) == (
        "Terms of reference of the fictional test group"
    )
    [annex] = attachment.xpath("a:doc[@name='annex']", namespaces=NS)
    these = annex.xpath("a:meta/a:identification//a:FRBRthis/@value", namespaces=NS)
    assert these == [f"{WORK}/!annex_1", f"{WORK}/eng@/!annex_1", f"{WORK}/eng@/!annex_1.xml"]
    assert statement.xpath("//a:mainBody/a:paragraph/@eId", namespaces=NS) == ["para_1"]
    units = template_of(path, root)
    assert units[-7:] == [
        ("att_1__heading", "Annex I"),
        ("att_1__subheading", "Terms of reference of the fictional test group"),
        ("att_1__p_1", "1. The group meets twice a year, as paragraph 2 says."),
        ("att_1__p_2", "2. It reports to the Assembly.<x1/>"),
        ("att_1__p_2__authorialNote_1", "A fictional note in the annex."),
        ("att_1__hcontainer_1__heading", "Working methods"),
        ("att_1__p_3", "The group decides by consensus."),
    ]


@pytest.mark.parametrize("heading", ["ANNEX", "Annex", "Appendix 2"])
def test_every_heading_the_vocabulary_lists_opens_an_annex(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "annexed.txt"
    text = f"{FORMULA}\n\n1. Decides to act.\n\n{heading}\n\nThe annexed text.\n"
    source.write_text(f"---\n{META.format(name='test-annex-heading')}---\n{text}", "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 0, err
    xml = (root / "source" / "test-annex-heading.xml").read_text("utf-8")
    assert f"<heading>{heading}</heading>" in xml and '<p eId="att_1__p_1">The annexed' in xml


def test_an_annex_with_no_text_is_refused_at_its_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "empty.txt"
    text = f"{FORMULA}\n1. Decides to act.\nAnnex\n"
    source.write_text(f"---\n{META.format(name='test-empty-annex')}---\n{text}", "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 1
    assert "empty.txt:13: error: an annex heading with no text after it" in err, err
    assert "[import-empty-annex]" in err


def only_languages(root: Path, codes: tuple[str, ...]) -> None:
    config = root / "pyproject.toml"
    lines = config.read_text("utf-8").splitlines(keepends=True)
    kept = [
        line
        for line in lines
        if not (found := re.match(r'\s*\{ code = "([a-z-]+)"', line)) or found[1] in codes
    ]
    config.write_text("".join(kept), "utf-8")


def test_the_annex_is_translated_as_a_component_of_the_expression(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    only_languages(root, ("en", "fr"))
    import_annexed(root, tmp_path, capsys)
    for command in (["extract"], ["update"]):
        assert run_cli(root, command, capsys)[0] == 0
    po = read_catalog(root / "translations" / "fr" / f"{NAME}.po")
    chosen = {"att_1__heading": "Annexe I", "conclusions__p_1": "50e séance plénière"}
    for message in messages(po.catalog):  # all translated: the text is published in French
        message.string = chosen.get(str(message.context), pseudo_translation(str(message.id), "fr"))
    write_catalog(po)
    code, err = run_cli(root, ["merge", "--lang", "fr"], capsys)
    assert code == 0, err
    merged = root / "build" / "akn" / "fr" / f"{NAME}.xml"
    assert problems(merged.read_bytes(), merged.name) == ([], [])
    statement = etree.fromstring(merged.read_bytes(), hardened_parser())
    [annex] = statement.xpath("//a:attachment/a:doc", namespaces=NS)
    assert annex.xpath("a:meta//a:FRBRExpression/a:FRBRthis/@value", namespaces=NS) == [
        f"{WORK}/fra@/!annex_1"
    ]
    assert annex.xpath("a:meta//a:FRBRlanguage/@language", namespaces=NS) == ["fra"]
    assert statement.xpath("//a:attachment/a:heading/text()", namespaces=NS) == ["Annexe I"]
    assert statement.xpath("//a:conclusions/a:p[1]/text()", namespaces=NS) == [
        "50e séance plénière"
    ]


def order_of(text: str, *parts: str) -> list[int]:
    return [text.index(part) for part in parts]


def test_the_closing_lines_and_the_annex_are_rendered_after_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the site, in the PDF and in the EPUB: the operative paragraph, then the closing
    lines (never a heading), then the annex under its own heading."""
    root = copy_sources(tmp_path / "project")
    only_languages(root, ("en",))
    import_annexed(root, tmp_path, capsys)
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 0, err
    site = root / "site" / "en"
    page = html.parse(str(site / NAME / "index.html")).getroot()
    [closing] = page.xpath("//div[@id='conclusions']")
    assert closing.xpath(".//h1 | .//h2 | .//h3") == []
    assert [p.text_content() for p in closing.iter("p")] == [
        "50th plenary meeting",
        "18 December 2031",
    ]
    [annex] = page.xpath("//div[@id='att_1']")
    assert [h.text_content() for h in annex.xpath(".//h2")] == ["Annex I"]
    text = page.text_content()
    words = ("Decides to establish", "50th plenary meeting", "Annex I", "Working methods")
    assert order_of(text, *words) == sorted(order_of(text, *words))
    pdf = pdf_text(site / "downloads" / f"{NAME}.en.pdf")
    assert order_of(pdf, *words) == sorted(order_of(pdf, *words))
    with zipfile.ZipFile(site / "downloads" / f"{NAME}.en.epub") as epub:
        chapters = [epub.read(n) for n in sorted(epub.namelist()) if n.startswith("EPUB/text/")]
    book = "".join(html.fromstring(chapter).text_content() for chapter in chapters)
    marked = b"".join(chapters)
    assert order_of(book, *words) == sorted(order_of(book, *words))
    assert b'class="conclusions"' in marked and b'class="group attachment"' in marked


def test_a_new_version_keeps_the_corrected_annex_as_a_component_of_its_expression(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    import_annexed(root, tmp_path, capsys)
    corrected, _ = word_file(
        tmp_path / "corrected", "corrected", WITH_ANNEX.replace("twice a year", "three times")
    )
    argv = ["new-version", NAME, "--date", "2032-01-15", "--reason", "the annex is corrected"]
    code, err = run_cli(root, [*argv, "--from", str(corrected)], capsys)
    assert code == 0, err
    path = root / "source" / f"{NAME}_2032-01-15.xml"
    assert problems(path.read_bytes(), path.name) == ([], [])
    statement = etree.fromstring(path.read_bytes(), hardened_parser())
    [annex] = statement.xpath("//a:attachment/a:doc", namespaces=NS)
    assert annex.xpath("a:meta//a:FRBRExpression/a:FRBRthis/@value", namespaces=NS) == [
        f"{WORK}/eng@2032-01-15/!annex_1"
    ]
    assert "1. The group meets three times" in etree.tostring(annex, encoding="unicode")
    parts = [etree.QName(child).localname for child in statement[0]]
    assert parts[-3:] == ["mainBody", "conclusions", "attachments"]
