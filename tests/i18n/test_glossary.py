"""The glossary (translations/glossary.tbx): read by translate-toolkit, checked by
``check`` (po-glossary), shown to translators in each entry's extracted comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import tbx

from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
from build_tools.i18n.glossary import Concept, Glossary, read_glossary
from build_tools.i18n.header import header_text
from tests.conftest import ROOT, copy_sources, run_cli

NAME = "ipu-132-cyber-warfare-draft"
GLOSSARY = ROOT / "translations" / "glossary.tbx"
LANGUAGES = {"en", "fr", "es", "ar", "ru", "zh"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_the_glossary_is_tbx_that_translate_toolkit_reads_in_six_languages_with_sources() -> None:
    store = tbx.tbxfile.parsefile(str(GLOSSARY))  # type: ignore[no-untyped-call]
    assert len(store.units) >= 12
    for unit in store.units:
        languages = {node.get(XML_LANG) for node in unit.getlanguageNodes()}
        assert languages == LANGUAGES, unit.getid()
        notes = [n.text for n in unit.get_common_notes()]
        assert any(n.startswith("Source: ") and ("UNTERM" in n or "IPU" in n) for n in notes)
    english = {c.english[0] for c in read_glossary(GLOSSARY).concepts}
    assert {
        "information and communication technologies",
        "confidence-building measures",
        "non-State actors",
        "law of armed conflict",
        "international humanitarian law",
        "cyberspace",
        "critical infrastructure",
        "Member States",
        "Standing Committee on Peace and International Security",
        "Governing Council",
        "Assembly of the Inter-Parliamentary Union",
    } <= english


def test_a_term_is_found_through_inflection_and_any_listed_variant() -> None:
    glossary = read_glossary(GLOSSARY)
    english = "exchange good practices on confidence-building measures conducive to peace"
    assert glossary.misses(english, "применения мер укрепления доверия", "ru") == []
    assert glossary.misses(english, "de mesures de confiance", "fr") == []
    assert [c.ident for c in glossary.misses(english, "de mesures de sécurité", "fr")] == [
        "confidence-building-measures"
    ]
    both = "by both State and non-State actors"
    assert glossary.misses(both, "tanto agentes estatales como no estatales", "es") == []
    without_variant = Concept("nsa", ("non-State actors",), (("es", ("agentes no estatales",)),))
    assert Glossary((without_variant,)).misses(
        both, "tanto agentes estatales como no estatales", "es"
    ) == [without_variant]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sources(tmp_path / "project")


def test_check_warns_of_a_missing_term_at_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "translations" / "fr" / f"{NAME}.po"
    po = read_catalog(path)
    po.header = header_text(po.lines)
    unit = next(m for m in messages(po.catalog) if m.context == "para_10")
    unit.string = str(unit.string).replace("mesures de confiance", "mesures de sécurité")
    write_catalog(po)
    line = read_catalog(path).msgstr_line(unit)
    code, err = run_cli(project, ["check", "--lang", "fr"], capsys)
    assert code == 0, err
    assert [e for e in err.splitlines() if "[po-glossary]" in e] == [
        f"translations/fr/{NAME}.po:{line}: warning: para_10: the English has the glossary's "
        "“confidence-building measures”; the translation has none of its terms for fr: "
        "“mesures de confiance” [po-glossary]"
    ]


def test_our_catalogs_have_every_term_of_the_glossary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (project / "translations" / "glossary.tbx").is_file()
    code, err = run_cli(project, ["check"], capsys)
    assert code == 0 and "po-glossary" not in err, err


def test_update_lists_the_terms_of_each_entry_in_its_extracted_comments(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "translations" / "fr" / f"{NAME}.po"
    po = read_catalog(path)
    po.header = header_text(po.lines)
    for message in messages(po.catalog):
        message.auto_comments = [c for c in message.auto_comments if "glossary" not in c]
    write_catalog(po)
    code, err = run_cli(project, ["update", "--lang", "fr"], capsys)
    assert code == 0, err
    comments = {str(m.context): m.auto_comments for m in messages(read_catalog(path).catalog)}
    assert (
        comments["para_10"][-1] == "glossary: confidence-building measures = mesures de confiance"
    )
    assert "glossary: cyberspace = cyberespace" in comments["para_12"]
    assert not [c for c in comments["para_1"] if c.startswith("glossary:")]
