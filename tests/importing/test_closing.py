"""The closing lines after the text — the meeting, the place and the date — go into AKN
``<conclusions>``, each a translatable unit with an eId, a date in one kept as written;
never into an (empty) operative group heading."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from build_tools.akn.xmlio import hardened_parser
from tests.conftest import copy_sources, run_cli
from tests.importing.test_import import template_of
from tests.importing.word import FORMULA, META, problems, word_file

NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
UN_STYLE = f"""\
{FORMULA}

*Recalling* its earlier resolutions on the matter,

*Takes note* of the report of the Secretary-General on the fictional test programme.

50th plenary meeting

18 December 2031
"""


def imported(root: Path, name: str) -> etree._Element:
    return etree.fromstring((root / "source" / f"{name}.xml").read_bytes(), hardened_parser())


def test_the_meeting_and_date_after_the_text_are_its_conclusions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    docx, meta = word_file(tmp_path, "test-closing", UN_STYLE)
    code, err = run_cli(root, ["import", str(docx), "--meta", str(meta)], capsys)
    assert code == 0, err
    assert "1 operative paragraph(s), 0 group(s)" in err and "2 closing line(s)" in err
    path = root / "source" / "test-closing.xml"
    assert problems(path.read_bytes(), "test-closing.xml") == ([], [])
    statement = imported(root, "test-closing")
    assert statement.xpath("//a:hcontainer | //a:heading", namespaces=NS) == []
    lines = statement.xpath("//a:statement/a:conclusions/a:p", namespaces=NS)
    assert [(p.get("eId"), p.get("class")) for p in lines] == [
        ("conclusions__p_1", "meeting"),
        ("conclusions__p_2", "date"),
    ]
    [date] = lines[1]
    assert (date.get("date"), date.text) == ("2031-12-18", "18 December 2031")
    units = dict(template_of(path, root))
    assert units["conclusions__p_1"] == "50th plenary meeting"
    assert units["conclusions__p_2"] == "<x1>18 December 2031</x1>"


def test_a_place_and_date_line_keeps_the_place_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "closing.txt"
    text = f"{FORMULA}\n\n1. Decides to meet again.\n\nTestville, 18 December 2031\n"
    source.write_text(f"---\n{META.format(name='test-place')}---\n{text}", "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 0, err
    [line] = imported(root, "test-place").xpath("//a:conclusions/a:p", namespaces=NS)
    assert line.get("class") == "place"
    assert etree.tostring(line, encoding="unicode", with_tail=False).endswith(
        'Testville, <date date="2031-12-18">18 December 2031</date></p>'
    )


def test_a_paragraph_after_the_closing_lines_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "late.txt"
    text = f"{FORMULA}\n1. Decides to meet again.\n18 December 2031\nRequests a report.\n"
    source.write_text(f"---\n{META.format(name='test-late')}---\n{text}", "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 1
    assert "late.txt:14: error: a paragraph after the closing lines" in err, err
    assert not (root / "source" / "test-late.xml").exists()


def test_a_meeting_and_its_date_on_one_word_paragraph_are_one_closing_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line break (Shift+Enter in Word) between the meeting and the date."""
    root = copy_sources(tmp_path / "project")
    text = UN_STYLE.replace("meeting\n\n18 December", "meeting\\\n18 December")
    docx, meta = word_file(tmp_path, "test-one-line", text)
    code, err = run_cli(root, ["import", str(docx), "--meta", str(meta)], capsys)
    assert code == 0, err
    [line] = imported(root, "test-one-line").xpath("//a:conclusions/a:p", namespaces=NS)
    assert line.get("class") == "meeting"
    assert etree.tostring(line, encoding="unicode", with_tail=False).endswith(
        '>50th plenary meeting <date date="2031-12-18">18 December 2031</date></p>'
    )


@pytest.mark.parametrize(
    "record",
    [
        "*Adopted at the 9414th meeting by 12 votes to 2 (Testland, Otherland), with 1 abstention (Thirdland).*",
        "Adopted unanimously at the 9415th meeting.",
        "Adopted at the 9416th meeting by 15 votes to none.",
    ],
)
def test_the_security_councils_record_of_its_vote_is_a_closing_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], record: str
) -> None:
    """Once refused as "an unnumbered paragraph among the operative paragraphs: number
    it", which was not what was wrong: the line says where and how the text was adopted."""
    root = copy_sources(tmp_path / "project")
    text = UN_STYLE.replace("50th plenary meeting\n\n18 December 2031", record)
    docx, meta = word_file(tmp_path, "test-record", text)
    code, err = run_cli(root, ["import", str(docx), "--meta", str(meta)], capsys)
    assert code == 0, err
    [line] = imported(root, "test-record").xpath("//a:conclusions/a:p", namespaces=NS)
    assert (line.get("class"), "".join(line.itertext())) == ("meeting", record.strip("*"))
