"""The AKN writer: elements, attributes in the order given, text and tails, nothing
escaped by hand; what it writes reads back as the same tree."""

from __future__ import annotations

from lxml import etree

from build_tools.akn.model import NS
from build_tools.akn.writer import E, add, content, text_of
from build_tools.akn.xmlio import document_bytes, parse_bytes


def test_elements_attributes_and_text_are_written_in_order() -> None:
    line = E(
        "p",
        {"eId": "preface__p_1", "class": "stage"},
        E("docStage", "Resolution"),
        " ",
        E("docStatus", {"refersTo": "#outcome"}, "adopted"),
        " by the Assembly",
        None,
    )
    assert etree.tostring(line).decode() == (
        f'<p xmlns="{NS}" eId="preface__p_1" class="stage"><docStage>Resolution</docStage> '
        '<docStatus refersTo="#outcome">adopted</docStatus> by the Assembly</p>'
    )


def test_markup_characters_are_text_not_markup() -> None:
    hostile = 'A & B <i>"C"</i> ]]> &amp;'
    element = E("p", {"eId": "x", "title": hostile}, hostile)
    read = parse_bytes(document_bytes(E("akomaNtoso", element)))[0]
    assert (read.text, read.get("title")) == (hostile, hostile)
    assert len(read) == 0


def test_line_ends_in_text_are_read_as_a_parser_reads_them() -> None:
    assert E("p", "a\r\nb\rc").text == "a\nb\nc"


def test_content_moves_into_another_element_with_its_tails() -> None:
    holder = E("p", "Recalling ", E("i", "also"), " that")
    moved = add(E("heading"), *content(holder))
    assert (
        etree.tostring(moved).decode()
        == f'<heading xmlns="{NS}">Recalling <i>also</i> that</heading>'
    )
    assert text_of([E("docStage", "Draft"), " submitted"]) == "Draft submitted"


def test_one_namespace_declaration_for_the_whole_document() -> None:
    root = E("akomaNtoso", E("statement", E("meta"), E("preface", E("p", E("i", "x")))))
    assert document_bytes(root).decode().count("xmlns") == 1
