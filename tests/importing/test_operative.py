"""The operative part: an unnumbered paragraph that opens with an operative phrase, as a
one-paragraph resolution is written, is its operative paragraph; a text with no operative
paragraph, and a heading with none under it, are refused at their lines, in ``import``
and in ``validate`` for sources written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from build_tools.akn.validate import validate_file
from build_tools.akn.xmlio import hardened_parser
from tests.conftest import SOURCE, copy_sources, run_cli
from tests.importing.word import FORMULA, META, problems, word_file

ONE_PARAGRAPH = f"""\
{FORMULA}

*Recalling* its earlier resolutions on the matter,

*Having considered* the report of the Secretary-General on the fictional test programme,

*Takes note* of the report of the Secretary-General on the fictional test programme.
"""


def test_a_single_unnumbered_paragraph_that_opens_with_an_operative_phrase_is_operative(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    docx, meta = word_file(tmp_path, "test-one-paragraph", ONE_PARAGRAPH)
    code, err = run_cli(root, ["import", str(docx), "--meta", str(meta)], capsys)
    assert code == 0, err
    assert "2 preambular and 1 operative paragraph(s)" in err
    xml = (root / "source" / "test-one-paragraph.xml").read_bytes()
    assert problems(xml, "test-one-paragraph.xml") == ([], [])
    statement = etree.fromstring(xml, hardened_parser())
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    [paragraph] = statement.xpath("//a:mainBody/a:paragraph", namespaces=ns)
    assert paragraph.get("eId") == "para_1"
    assert paragraph.find("a:num", ns) is None  # unnumbered, as written
    text = etree.tostring(paragraph.find("a:content/a:p", ns), encoding="unicode")
    assert "<i>Takes note</i> of the report" in text
    assert len(statement.xpath("//a:recital", namespaces=ns)) == 2


@pytest.mark.parametrize(
    "opening",
    ["Decides to remain seized of the matter.", "Also requests the Secretary-General to report."],
)
def test_each_operative_phrase_of_the_vocabulary_opens_an_operative_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opening: str
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "decision.txt"
    meta = META.format(name="test-decision")
    source.write_text(f"---\n{meta}---\n{FORMULA}\n\nRecalling its work,\n\n{opening}\n", "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 0, err
    assert "1 preambular and 1 operative paragraph(s)" in err


def import_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str]
) -> tuple[int, str, Path]:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "bad.txt"
    front = f"---\n{META.format(name='test-bad')}---\n"
    source.write_text(front + "\n".join(lines) + "\n", "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    return code, err, root


def test_a_text_without_operative_paragraph_is_refused_at_its_last_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [FORMULA, "Recalling its work,", "Noting the report of the Secretary-General,"]
    code, err, root = import_text(tmp_path, capsys, lines)
    assert code == 1
    assert "bad.txt:13: error: no operative paragraph: the text ends with its preamble" in err
    assert "[import-no-operative]" in err
    assert not (root / "source" / "test-bad.xml").exists()


def test_a_heading_with_no_paragraph_under_it_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [FORMULA, "Recalling its work,", "Part one", "At the national level", "1. Decides;"]
    code, err, root = import_text(tmp_path, capsys, lines)
    assert code == 1
    assert "bad.txt:13: error: a heading with no operative paragraph under it" in err, err
    assert "[import-empty-group]" in err
    assert not (root / "source" / "test-bad.xml").exists()


def test_numbered_and_unnumbered_operative_paragraphs_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [FORMULA, "Recalling its work,", "1. Decides to act;", "Requests a report."]
    code, err, _ = import_text(tmp_path, capsys, lines)
    assert code == 1
    assert "bad.txt:14: error: numbered and unnumbered operative paragraphs" in err, err


W = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def broken_source(tmp_path: Path, empty_group: bool) -> tuple[Path, int]:
    """Our draft, written by hand with its first operative group emptied (or, without
    ``empty_group``, with every operative paragraph gone); and the line of the group."""
    tree = etree.parse(str(SOURCE), hardened_parser())
    body = tree.getroot().find(f"{W}statement/{W}mainBody")
    assert body is not None
    groups = body.findall(f"{W}hcontainer")
    for group in groups if not empty_group else groups[:1]:
        for paragraph in group.findall(f"{W}paragraph"):
            group.remove(paragraph)
    path = tmp_path / "ipu-132-cyber-warfare-draft.xml"
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    line = (
        etree.parse(str(path), hardened_parser())
        .getroot()
        .find(f"{W}statement/{W}mainBody/{W}hcontainer")
    )
    assert line is not None
    return path, line.sourceline or 0


def test_validate_refuses_an_operative_group_with_no_paragraph(tmp_path: Path) -> None:
    path, line = broken_source(tmp_path, empty_group=True)
    found = [d for d in validate_file(path) if d.code == "group-empty"]
    assert [(d.line, d.message.split(":")[0]) for d in found] == [
        (line, "operative group 'hcontainer_1' has a heading but no paragraph")
    ]


def test_validate_refuses_a_resolution_with_no_operative_paragraph(tmp_path: Path) -> None:
    path, _ = broken_source(tmp_path, empty_group=False)
    body_line = next(
        number
        for number, text in enumerate(path.read_text("utf-8").splitlines(), 1)
        if "<mainBody" in text
    )
    found = {d.code: d for d in validate_file(path)}
    assert found["operative-missing"].line == body_line
    assert found["operative-missing"].message.startswith("the operative part has no paragraph")
    assert "group-empty" in found
