"""Footnotes in every form an editor's file holds them: Word's and Markdown's footnotes,
a superscript number (or a mark used again) that repeats an earlier footnote, the
footnotes of a text copied out of a PDF; what cannot be matched is an error at its line;
and a footnote referred to again is published with its number, linked to it."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from build_tools.akn import model as akn
from build_tools.akn.validate import validate_file
from build_tools.akn.xmlio import hardened_parser
from build_tools.config import load_project
from build_tools.diagnostics import StageFailed
from build_tools.i18n.catalogs import messages, read_catalog
from tests.conftest import ROOT, copy_sources, run_cli
from tests.helpers import pdf_text
from tests.importing.files import KINDS, editor_file, imported, unit_texts

FORMULA = "The 150th Assembly of the Inter-Parliamentary Union,"
NOTES = {"1": "A/74/53.", "2": "A/74/53/Add.1."}
# Word's cross-reference to a footnote's number: a NOTEREF field, its result superscript
NOTEREF = (
    '`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
    ' NOTEREF _Ref2 \\f \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
    '</w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r><w:r>'
    '<w:fldChar w:fldCharType="end"/></w:r>`{=openxml}'
)


def marked(kind: str) -> tuple[str, str]:
    """The text (plain, Markdown) with two footnotes, each referred to again: by the
    same mark in plain text and Markdown, by a superscript number in Markdown and Word
    (in Word also by a cross-reference field)."""
    again = {"txt": ("[^1]", "[^2]"), "md": ("^1^", "[^2]"), "docx": ("^1^", NOTEREF)}[kind]
    lines = [
        FORMULA,
        "(1) Recalling the report of the Council,[^1] including the addendum thereto,[^2]",
        f"(2) Noting the work of the Council,{again[0]} and of the addendum,{again[1]}",
        "1. Calls upon parliaments to act.",
        *(f"[^{key}]: {text}" for key, text in NOTES.items()),
    ]
    text = "\n\n".join(lines) + "\n"
    return text, text.replace("(1)", "\\(1\\)").replace("(2)", "\\(2\\)").replace("1.", "1\\.", 1)


def note_marks(xml: bytes) -> list[tuple[str, str, str, str]]:
    """(element, its owner's eId, marker, href) of each footnote and reference to one."""
    document = akn.document_element(etree.fromstring(xml, hardened_parser()))
    assert document is not None
    found = []
    for mark in document.iter(akn.akn("authorialNote"), akn.akn("noteRef")):
        owner = akn.eid_owner(mark)
        assert owner is not None
        found.append(
            (akn.local(mark), owner.get("eId", ""), mark.get("marker", ""), mark.get("href", ""))
        )
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_a_footnote_referred_to_again_is_a_note_ref_to_it(tmp_path: Path, kind: str) -> None:
    text, markdown = marked(kind)
    found = imported(editor_file(tmp_path, kind, text, markdown))
    first, second = "recs_1__rec_1__authorialNote_1", "recs_1__rec_1__authorialNote_2"
    assert note_marks(found.xml) == [
        ("authorialNote", "recs_1__rec_1", "1", ""),
        ("authorialNote", "recs_1__rec_1", "2", ""),
        ("noteRef", "recs_1__rec_2", "1", f"#{first}"),
        ("noteRef", "recs_1__rec_2", "2", f"#{second}"),
    ]
    texts = unit_texts(found.xml)
    assert texts["recs_1__rec_2"] == "Noting the work of the Council, and of the addendum,"
    assert (texts[first], texts[second]) == (NOTES["1"], NOTES["2"])
    assert found.notes == 2 and found.notes_again == 2
    assert "2 footnote(s) (referred to again 2 time(s))" in found.summary()


PDF_COPY = f"""\
{FORMULA}
(1) Recalling its resolutions on cooperation,
1. Calls upon parliaments to cooperate on automated systems;1
2. Requests a report on the cooperation with the Council,2 and with automated systems.1
1 Including the exchange of staff and information.
2 A/74/53.
"""


def test_footnotes_copied_out_of_a_pdf_are_footnotes(tmp_path: Path) -> None:
    """Finding 6: the glued numbers and the lines "N text" that end the text."""
    found = imported(editor_file(tmp_path, "txt", PDF_COPY))
    assert note_marks(found.xml) == [
        ("authorialNote", "para_1", "1", ""),
        ("authorialNote", "para_2", "2", ""),
        ("noteRef", "para_2", "1", "#para_1__authorialNote_1"),
    ]
    texts = unit_texts(found.xml)
    assert texts["para_1"] == "Calls upon parliaments to cooperate on automated systems;"
    assert texts["para_2"] == (
        "Requests a report on the cooperation with the Council, and with automated systems."
    )
    assert texts["para_1__authorialNote_1"] == "Including the exchange of staff and information."
    assert texts["para_2__authorialNote_1"] == "A/74/53."


UN_SLASHED = f"""\
{FORMULA}
(1) Recalling the report of the Secretary-General 1/ and resolution 46/236,
1. Calls upon parliaments to cooperate on automated systems; 2/
2. Requests a report on the cooperation with the Council, 1/ as set out in A/RES/47/3.
1/ A/47/1.
2/ Including the exchange of staff and information.
"""


def test_footnotes_written_with_a_slash_as_the_un_wrote_them_are_footnotes(
    tmp_path: Path,
) -> None:
    """Older UN texts mark a footnote "1/" after the word, and give it as "1/ text" at
    the end; a slash within a symbol or a resolution number is text."""
    found = imported(editor_file(tmp_path, "txt", UN_SLASHED))
    assert note_marks(found.xml) == [
        ("authorialNote", "recs_1__rec_1", "1", ""),
        ("authorialNote", "para_1", "2", ""),
        ("noteRef", "para_2", "1", "#recs_1__rec_1__authorialNote_1"),
    ]
    texts = unit_texts(found.xml)
    assert texts["recs_1__rec_1"] == (
        "Recalling the report of the Secretary-General and resolution 46/236,"
    )
    assert texts["para_1"] == "Calls upon parliaments to cooperate on automated systems;"
    assert texts["para_2"] == (
        "Requests a report on the cooperation with the Council, as set out in A/RES/47/3."
    )
    assert texts["recs_1__rec_1__authorialNote_1"] == "A/47/1."
    assert texts["para_1__authorialNote_1"] == "Including the exchange of staff and information."


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("systems; 2/\n", "systems; 3/\n"),
            "3:62: error: the mark 3/ after 'systems;' reads as a footnote mark, but no line "
            "'3/ …' at the end of the text gives its footnote: add that line [import-note]",
        ),
        (
            ("2/ Including", "2 Including"),
            "6:1: error: footnote lines written two ways: line 5 with a slash after its "
            "number, this one without: write them all as '1 text' or all as '1/ text' "
            "[import-note]",
        ),
        (
            (
                "2/ Including the exchange of staff and information.\n",
                "2/ Including the exchange of staff and information.\n3/ A/47/2.\n",
            ),
            "7:1: error: the footnote line '3/ …' is referred to nowhere: no mark 3/ follows "
            "a word of the text (as in 'the report 1/'); put it where the footnote belongs, "
            "or delete the line [import-note]",
        ),
    ],
    ids=["mark-without-line", "two-forms", "line-without-mark"],
)
def test_what_slashed_footnotes_do_not_match_is_an_error_at_its_line(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    path = editor_file(tmp_path, "txt", UN_SLASHED.replace(*change))
    with pytest.raises(StageFailed) as failure:
        imported(path)
    found = [d.format() for d in failure.value.diagnostics]
    assert f"{path}:{expected}" in found, found


def test_figures_glued_to_names_and_decimals_are_text(tmp_path: Path) -> None:
    """Only a number glued to a lowercase word or to punctuation is a footnote mark."""
    text = PDF_COPY.replace(
        "(1) Recalling its resolutions on cooperation,",
        "(1) Recalling the G20, CO2 levels of 1.5 and 2,5 degrees and A/RES/74/132,",
    )
    texts = unit_texts(imported(editor_file(tmp_path, "txt", text)).xml)
    assert texts["recs_1__rec_1"] == (
        "Recalling the G20, CO2 levels of 1.5 and 2,5 degrees and A/RES/74/132,"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("systems;1\n", "systems;3\n"),
            "3:61: error: the number 3 glued to 'systems;' reads as a footnote mark, but no "
            "line '3 …' at the end of the text gives its footnote: add that line, or set the "
            "number apart from the word [import-note]",
        ),
        (
            ("2 A/74/53.\n", "1 A/74/53.\n"),
            "6:1: error: a second footnote line 1 (the first is on line 5): each footnote's "
            "line comes once, numbered as its mark in the text [import-note]",
        ),
        (
            ("2 A/74/53.\n", "2 A/74/53.\n3 A/74/54.\n"),
            "7:1: error: the footnote line '3 …' is referred to nowhere: no number 3 is glued "
            "to a word of the text (as in 'systems;3'); glue it where the footnote belongs, "
            "or delete the line [import-note]",
        ),
    ],
    ids=["glued-number-without-line", "two-lines-same-number", "line-without-mark"],
)
def test_what_a_pdf_copy_does_not_match_is_an_error_at_its_line(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    path = editor_file(tmp_path, "txt", PDF_COPY.replace(*change))
    with pytest.raises(StageFailed) as failure:
        imported(path)
    found = [d.format() for d in failure.value.diagnostics]
    assert f"{path}:{expected}" in found, found
    assert not any("unnumbered paragraph" in line for line in found)


@pytest.mark.parametrize("kind", ["md", "docx"])
def test_a_superscript_number_no_earlier_footnote_has_is_an_error(
    tmp_path: Path, kind: str
) -> None:
    text = (
        f"{FORMULA}\n\n\\(1\\) Recalling the Council,[^1] and the addendum,^3^\n\n"
        "1\\. Decides to remain seized of the matter.\n\n[^1]: One.\n"
    )
    path = editor_file(tmp_path, kind, text)
    with pytest.raises(StageFailed) as failure:
        imported(path)
    [problem] = failure.value.diagnostics
    assert (problem.line, problem.code) == (3 if kind == "md" else 2, "import-note")
    assert problem.message == (
        "a superscript 3 where only footnotes 1 to 1 come before it: a superscript number "
        "repeats an earlier footnote's; make this one a footnote, or write the number as text"
    )


GOLDEN_SOURCE = ROOT / "tests" / "golden" / "second-resolution" / "source.xml"
NOTE_END = "2030.</p></authorialNote>,</p>"


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ('<noteRef href="#recs_1__rec_1__authorialNote_1" marker="1"/>', ""),
        (
            '<noteRef href="#recs_1__rec_1__authorialNote_1" marker="2"/>',
            "noteRef marker '2' should repeat its footnote's '1'",
        ),
        (
            '<noteRef href="#recs_1" marker="1"/>',
            "noteRef href='#recs_1' is not a footnote before it",
        ),
    ],
    ids=["valid", "wrong-marker", "not-a-footnote"],
)
def test_a_note_ref_points_to_an_earlier_footnote_and_repeats_its_marker(
    tmp_path: Path, reference: str, message: str
) -> None:
    text = GOLDEN_SOURCE.read_text("utf-8")
    assert text.count(NOTE_END) == 1
    path = tmp_path / "source.xml"
    path.write_text(text.replace(NOTE_END, NOTE_END[:-4] + f" again{reference}</p>"), "utf-8")
    found = [(d.message, d.code) for d in validate_file(path)]
    assert found == ([(message, "note-ref")] if message else [])


def test_a_footnote_referred_to_again_is_published_with_its_number_linked_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The site and the EPUB link the number to the footnote; the PDF repeats it (Typst's
    footnote reference); the catalog keeps the reference in its place."""
    root = copy_sources(tmp_path / "project")
    path = editor_file(tmp_path, "txt", PDF_COPY)
    code, err = run_cli(root, ["import", str(path), "--meta", str(tmp_path / "meta.yaml")], capsys)
    assert code == 0, err
    assert run_cli(root, ["build", "--quiet"], capsys)[0] == 0
    catalog = read_catalog(root / "translations" / "test-typography.pot").catalog
    [unit] = [str(m.id) for m in messages(catalog) if m.context == "para_2"]
    assert unit.endswith("with the Council,<x1/> and with automated systems.<x2/>"), unit
    page = html.parse(str(root / "site" / "en" / "test-typography" / "index.html"))
    [link] = page.xpath("//div[@id='para_2']//a[contains(@class, 'noteref')]")
    assert (link.text, link.get("href"), link.getparent().tag) == (
        "1",
        "#para_1__authorialNote_1",
        "sup",
    )
    [anchor] = page.xpath("//*[@id='para_1__authorialNote_1']")
    assert "Including the exchange of staff" in anchor.getparent().text_content()
    downloads = root / "site" / "en" / "downloads"
    text = " ".join(pdf_text(downloads / "test-typography.en.pdf").split())
    assert "with the Council,2 and with automated systems.1" in text
    assert re.search(r"1 ?Including the exchange of staff and information\.", text)
    with zipfile.ZipFile(downloads / "test-typography.en.epub") as epub:
        [chapter] = [epub.read(n).decode("utf-8") for n in epub.namelist() if "/ch0" in n]
    assert 'href="ch001.xhtml#para_1__authorialNote_1"' in chapter
    assert 'id="para_1__authorialNote_1"' in chapter
    # the parallel view's cell links to its column's note 1, and has no id of the text's
    fragments_path = load_project(root).layout.fragments("en", "test-typography")
    fragments = json.loads(fragments_path.read_text("utf-8"))
    cell = dict(fragments["cells"])["para_2"]
    assert '<a href="#en-fn-1" class="noteref" role="doc-noteref">1</a>' in cell
    assert "authorialNote" not in cell
