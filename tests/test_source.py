"""The resolution in source/: valid, and word for word the adopted text."""

from __future__ import annotations

import re

from lxml import etree

from build_tools import akn
from build_tools.validate import validate_file
from tests.conftest import SEED, SOURCE, require_shared


def seed_paragraphs() -> list[str]:
    text = require_shared(SEED).read_text("utf-8")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def akn_paragraphs() -> list[str]:
    document = akn.document_element(etree.parse(str(SOURCE)).getroot())
    assert document is not None
    paragraphs = []
    for element in document.iter(
        akn.akn("formula"), akn.akn("recital"), akn.akn("heading"), akn.akn("paragraph")
    ):
        number = akn.num_text(element)
        text = akn.plain_text(element)
        paragraphs.append(f"{number} {text}" if number else text)
    return paragraphs


def test_source_is_valid_against_schema_and_rules() -> None:
    assert validate_file(SOURCE) == []


def test_every_seed_paragraph_is_present_verbatim_and_in_order() -> None:
    assert akn_paragraphs() == seed_paragraphs()


def test_seed_has_the_expected_shape() -> None:
    paragraphs = seed_paragraphs()
    assert len(paragraphs) == 1 + 15 + 1 + 8 + 1 + 4


def test_numbers_are_kept_in_num_elements() -> None:
    document = etree.parse(str(SOURCE)).getroot()
    recitals = [akn.num_text(r) for r in document.iter(akn.akn("recital"))]
    paragraphs = [akn.num_text(p) for p in document.iter(akn.akn("paragraph"))]
    assert recitals == [f"({n})" for n in range(1, 16)]
    assert paragraphs == [f"{n}." for n in range(1, 13)]


def test_opening_words_are_italic_and_instruments_are_references() -> None:
    document = etree.parse(str(SOURCE)).getroot()
    for block in (*document.iter(akn.akn("recital")), *document.iter(akn.akn("paragraph"))):
        first = block.find(f".//{akn.akn('p')}")
        assert first is not None and first.text in (None, "")
        assert akn.local(first[0]) == "i", akn.plain_text(block)[:40]
    refs = {"".join(r.itertext()) for r in document.iter(akn.akn("ref"))}
    assert refs == {
        "United Nations Charter",
        "Geneva Conventions",
        "Additional Protocols",
        "Universal Declaration of Human Rights",
        "International Covenant on Civil and Political Rights",
    }


def test_quoted_terms_are_markup_not_typewriter_quotes() -> None:
    text = SOURCE.read_text("utf-8")
    body = text[text.index("<preamble>") :]
    assert not re.search(
        r">[^<]*[“”\"][^<]*<", body.replace("startQuote=", "").replace("endQuote=", "")
    )
    document = etree.parse(str(SOURCE)).getroot()
    quoted = ["".join(e.itertext()) for e in document.iter(akn.akn("embeddedText"))]
    assert quoted == ["use of force", "acceptable"]
