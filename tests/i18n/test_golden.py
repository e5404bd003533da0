"""Extract and merge against reviewed golden files, byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.validate import validate_file
from tests.golden import cases, extracted, merged

XML_LANG = akn.XML_LANG

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_extract_matches_golden_template(case: Path) -> None:
    assert extracted(case) == (case / "source.pot").read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_merge_matches_golden_expression(case: Path, tmp_path: Path) -> None:
    assert merged(case, tmp_path) == (case / "fr.xml").read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_expression_is_valid(case: Path) -> None:
    assert validate_file(case / "fr.xml") == []


def test_second_resolution_shape_is_covered() -> None:
    """The second case exercises what the cyber-warfare resolution does not have."""
    text = (CASES[0] / "source.xml").read_text("utf-8")
    for markup in (
        "<authorialNote",
        "<subparagraph",
        "<blockList",
        "<table",
        "<foreign>",
        'href="#para_2"',
    ):
        assert markup in text
    assert "<hcontainer" not in text
    merged_text = (CASES[0] / "fr.xml").read_text("utf-8")
    assert '<p xml:lang="en">The Assembly,</p>' in merged_text  # fuzzy → source text, marked
    assert '<th><p xml:lang="en">Share with safe water</p></th>' in merged_text  # untranslated
    assert "<mi>x</mi>" in merged_text  # foreign markup carried through
    assert (
        "Voir le rapport de la <b>Commission permanente</b>" in merged_text
    )  # footnote inside a moved element


def merged_after(tmp_path: Path, key: str, edit: Callable[[Message], None]) -> Path:
    """The French expression of the second case after ``edit`` of its message ``key``."""
    from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
    from build_tools.i18n.extract import load_source
    from build_tools.i18n.merge import merge_document
    from tests.golden import LANGUAGES, project_for

    case = tmp_path / "case"
    shutil.copytree(CASES[0], case)
    po = read_catalog(case / "fr.po")
    [message] = [m for m in messages(po.catalog) if m.context == key]
    edit(message)
    write_catalog(po)
    result = merge_document(
        project_for(case, tmp_path / "build"),
        load_source(case / "source.xml"),
        LANGUAGES[1],
        read_catalog(case / "fr.po"),
    )
    return result.path


def test_a_translated_footnote_in_an_untranslated_paragraph_says_its_language(
    tmp_path: Path,
) -> None:
    # the paragraph falls back to English (fuzzy); its footnote stays French
    path = merged_after(tmp_path, "recs_1__rec_1", lambda m: m.flags.add("fuzzy"))
    tree = etree.parse(str(path))
    [paragraph] = [r for r in tree.iter(akn.akn("recital")) if r.get("eId") == "recs_1__rec_1"]
    outer = paragraph.find(akn.akn("p"))
    assert outer is not None and outer.get(XML_LANG) == "en"
    [note] = outer.iter(akn.akn("authorialNote"))
    inner = note.find(akn.akn("p"))
    assert inner is not None and inner.get(XML_LANG) == "fr"
    assert "Voir le rapport" in "".join(inner.itertext())


def test_third_resolution_shape_is_covered() -> None:
    """The third case is a draft with what the second lacks: a numbered preamble, headed
    groups, points inside sub-paragraphs, two footnotes and a cited instrument."""
    third = next(c for c in CASES if c.name == "third-resolution")
    text = (third / "source.xml").read_text("utf-8")
    for markup in (
        '<statement name="resolutionDraft"',
        "<num>(1)</num>",
        '<hcontainer eId="hcontainer_2" name="operativeGroup">',
        '<point eId="para_1__subpara_a__point_ii">',
        'marker="2"',
        'href="#para_2"',
        'refersTo="#udhr"',
    ):
        assert markup in text
    merged_text = (third / "fr.xml").read_text("utf-8")
    assert 'xml:lang="en"' not in merged_text.split("<preface", 1)[1], "fully translated"
    assert "<p>Y compris la formation des parlementaires.</p>" in merged_text


def test_an_untranslated_title_is_marked_with_the_heading(tmp_path: Path) -> None:
    from build_tools.render.document import document
    from build_tools.render.marks import Markers, prepare
    from build_tools.render.pandoc import all_text
    from build_tools.render.reading import read_expression

    def untranslate(message: Message) -> None:
        message.string = ""

    reading = read_expression(merged_after(tmp_path, "preface__longTitle_1", untranslate), "fr")
    assert reading.title_lang == "en"
    markers = Markers("un paragraphe", "des paragraphes", "Pas encore traduit", "une note", "fr")
    page = prepare(document(reading), markers, title_on_top=True)
    header, notice = page["blocks"][:2]
    assert header["t"] == "Header" and "fallback" in header["c"][1][1]
    assert ["lang", "en"] in header["c"][1][2]
    assert all_text(notice) == "Pas encore traduit"  # the heading's one notice, in French


def test_annex_case_shape_is_covered(tmp_path: Path) -> None:
    """The annex case: closing lines and an annex, whose identification, once merged, is
    the translation's (component ``!annex_1``) and whose untranslated units fall back."""
    [case] = [c for c in CASES if c.name == "with-annex"]
    text = (case / "source.xml").read_text("utf-8")
    assert "<conclusions>" in text and '<doc name="annex">' in text
    merged_text = merged(case, tmp_path).decode("utf-8")
    work = "/akn/ipu/statement/resolution/2032-04-01/source"
    assert f'<FRBRthis value="{work}/fra@/!annex_1"/>' in merged_text
    assert '<attachment eId="att_1" xml:lang="fr">' in merged_text  # attachments takes none
    assert '<p eId="att_1__p_3" xml:lang="en">The group decides by consensus.</p>' in merged_text
    assert '<date date="2032-04-01">1er avril 2032</date>' in merged_text
