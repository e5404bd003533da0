"""The document in source/: valid, word for word the seed text, and described as what it
is: draft resolution C-I/132/DR."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.validate import validate_file
from tests.conftest import CORRIGENDUM, FIXTURES, ROOT, SEED, SOURCE, require_shared


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


def test_demonstration_corrigendum_changes_only_what_it_says() -> None:
    """The corrigendum is a later expression of the same work: same IRIs but for its date,
    paragraph (5) corrected, a labelled note added; everything else identical."""
    corrected = FIXTURES / "versions" / "source" / f"{CORRIGENDUM}.xml"
    trees = [etree.parse(str(path)) for path in (SOURCE, corrected)]
    old, new = (
        {
            e.get("eId"): akn.plain_text(e)
            for e in tree.iter()
            if e.get("eId") and not akn.in_meta(e)
        }
        for tree in trees
    )
    changed = sorted(str(key) for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    assert changed == ["preface__p_7", "recs_1", "recs_1__rec_5"]
    assert "Demonstration corrigendum" in new["preface__p_7"]
    assert "not an IPU document" in new["preface__p_7"]
    assert new["recs_1__rec_5"].startswith("Cognisant of the fact that")
    draft, corrigendum = (akn.document_element(tree.getroot()) for tree in trees)
    assert draft is not None and corrigendum is not None
    ident = akn.identification(corrigendum)[1]
    assert ident.expression.uri is not None and ident.expression.uri.endswith("/eng@2026-11-28")
    assert ident.work.this == akn.identification(draft)[1].work.this


def test_source_describes_the_draft_it_is() -> None:
    document = akn.document_element(etree.parse(str(SOURCE)).getroot())
    assert document is not None
    facts = akn.facts(document)
    assert facts.stage is akn.Stage.DRAFT
    assert (facts.symbol, facts.date) == ("C-I/132/DR", "2015-01-15")
    assert facts.authors == ("Mr. N. Lazrek (Morocco)", "Mr. J.C. Mahía (Uruguay)")
    preface = akn.plain_text(document.find(akn.akn("preface")))  # type: ignore[arg-type]
    for words in (
        "132nd IPU Assembly",
        "Hanoi (Viet Nam), 28 March – 1 April 2015",
        "Standing Committee on Peace and International Security",
        "C-I/132/DR",
        "15 January 2015",
        "Draft resolution submitted by the co-Rapporteurs Mr. N. Lazrek (Morocco) and "
        "Mr. J.C. Mahía (Uruguay)",
    ):
        assert words in preface
    references = akn.references(document)
    assert akn.local(references["committee-peace"]) == "TLCOrganization"
    assert {akn.local(references[p]) for p in ("lazrek", "mahia")} == {"TLCPerson"}
    assert akn.local(references["co-rapporteur"]) == "TLCRole"


def test_nothing_in_the_sources_or_their_catalogs_says_adopted() -> None:
    paths = [*(ROOT / "source").glob("*.xml"), *(ROOT / "translations").rglob("ipu-132*")]
    assert paths
    for path in paths:
        text = path.read_text("utf-8").lower()
        assert "adopted by consensus" not in text, path
        assert 'name="adoption"' not in text and "#adoption" not in text, path


def test_no_fixture_or_demonstration_is_in_source() -> None:
    for path in (ROOT / "source").glob("*.xml"):
        text = path.read_text("utf-8")
        assert "not an IPU document" not in text, path
        assert "Demonstration" not in text, path


def test_each_expression_of_a_corpus_is_parsed_once_for_its_identifiers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IRI pages, the feeds, the JSON-LD and the bulk data all ask what each
    expression is; in one process, each of a corpus's texts in every language (6,000 at
    N=1000) is parsed once, not again whenever more than 256 were asked in between."""
    from build_tools.akn import iris

    data = SOURCE.read_bytes()
    paths = []
    for number in range(300):  # 50 documents in six languages: more than it held
        path = tmp_path / f"{number}.xml"
        path.write_bytes(data)
        paths.append(path)
    parsed: list[Path] = []
    from build_tools.akn.xmlio import parse_xml as parse

    def counted(path: Path, data: bytes | None = None) -> object:
        parsed.append(path)
        return parse(path, data)

    monkeypatch.setattr(iris, "parse_xml", counted)
    iris._identified.cache_clear()
    first = [iris.identified(path) for path in paths]
    again = [iris.identified(path) for path in paths]
    assert first == again and first[0] is not None
    assert len(parsed) == len(paths)


def test_a_later_build_reads_each_expressions_identifiers_as_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each build is a new process, and its publish asked again what every expression is
    (2 s at N=1000, parsing 6,000 texts): the record is kept in the build folder by the
    text's content, and read as it was made; one damaged is made again."""
    from build_tools.akn import iris
    from build_tools.akn.xmlio import parse_xml as parse
    from build_tools.config import load_project
    from build_tools.state import code_fingerprint, file_sha256, fingerprint
    from tests.conftest import copy_sources

    layout = load_project(copy_sources(tmp_path / "project", ("adopted",))).layout
    texts = sorted((tmp_path / "project" / "source").glob("*.xml"))
    paths = []
    for number, text in enumerate(texts * 3):
        path = layout.merged("fr", f"text-{number}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.read_bytes() + f"<!-- copy {number} -->\n".encode())
        paths.append(path)
    parsed: list[Path] = []

    def counted(path: Path, data: bytes | None = None) -> object:
        parsed.append(path)
        return parse(path, data)

    monkeypatch.setattr(iris, "parse_xml", counted)
    iris._identified.cache_clear()
    made = [iris.identified(path, layout) for path in paths]
    assert len(parsed) == len(paths) and all(made)
    assert {ident.facts.stage for ident in made if ident} == {akn.Stage.DRAFT, akn.Stage.ADOPTED}
    assert any(ident.facts.drafts for ident in made if ident)
    parsed.clear()
    iris._identified.cache_clear()  # as a new process
    assert [iris.identified(path, layout) for path in paths] == made
    assert parsed == []
    damaged = layout.identifiers(fingerprint(file_sha256(paths[0]), code_fingerprint()))
    damaged.write_text('{"work": 1}', "utf-8")
    iris._identified.cache_clear()
    assert [iris.identified(path, layout) for path in paths] == made
    assert parsed == [paths[0]]
