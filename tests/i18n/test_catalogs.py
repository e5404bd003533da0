"""The committed catalogs and the extract → update → merge cycle on a copy of the project."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po
from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.validate import validate_file
from build_tools.cli import main
from tests.conftest import IN_CI, ROOT, copy_sources

CATALOGS = sorted((ROOT / "translations").glob("*/ipu-132-cyber-warfare-draft.po"))
FIXTURE_CATALOGS = sorted((ROOT / "tests" / "fixtures").glob("*/translations/*/*.po"))
UI_CATALOGS = sorted((ROOT / "translations").glob("*/ui.po"))
TEMPLATES = sorted((ROOT / "translations").glob("*.pot"))
TARGETS = ["fr", "es", "ar", "ru", "zh"]


def msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found is None:
        if IN_CI:
            pytest.fail("GNU msgfmt is required in CI (Debian package gettext)")
        pytest.skip("GNU msgfmt is not installed")
    return found


def test_all_five_catalogs_and_the_templates_exist() -> None:
    assert [p.parent.name for p in CATALOGS] == sorted(TARGETS)
    assert [p.parent.name for p in UI_CATALOGS] == sorted(TARGETS)
    assert [p.name for p in TEMPLATES] == [
        "ipu-132-cyber-warfare-draft.pot",
        "ui.pot",
    ]


@pytest.mark.parametrize(
    "path",
    [*CATALOGS, *FIXTURE_CATALOGS, *UI_CATALOGS, *TEMPLATES],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_msgfmt_check_is_clean(path: Path) -> None:
    run = subprocess.run(
        [msgfmt(), "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "error" not in run.stderr


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.name)
def test_catalog_loads_in_polib_and_babel(path: Path) -> None:
    entries = polib.pofile(str(path))
    assert len(entries) == 37
    assert entries.percent_translated() == 100
    assert entries.metadata["X-Approval"] == "provisional"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.locale is not None
    assert all(m.context for m in catalog if m.id)


def test_stats_json_shows_complete_translations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    found = [
        (r["document"], r["language"], r["percent"], r["fuzzy"], r["untranslated"]) for r in rows
    ]
    expected = [
        (name, lang, 100.0, 0, 0)
        for name in ("ipu-132-cyber-warfare-draft", "ui")
        for lang in TARGETS
    ]
    assert found == expected
    assert {r["approval"] for r in rows} == {"provisional"}


def test_stats_counts_the_words_as_a_cat_analysis_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """New, memory, fuzzy, translated and approved words: classes that do not overlap
    and add up to the catalog's words, in --json and in the table."""
    from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
    from build_tools.i18n.header import header_text
    from build_tools.i18n.stats import word_count

    root = copy_sources(tmp_path)
    monkeypatch.chdir(root)
    name = "ipu-132-cyber-warfare-draft"
    po = read_catalog(root / "translations" / "fr" / f"{name}.po")
    po.header = header_text(po.lines)
    found = {str(m.context): m for m in messages(po.catalog)}
    found["para_2"].flags.add("fuzzy")
    found["para_3"].string = ""
    write_catalog(po)
    spanish = root / "translations" / "es" / f"{name}.po"
    text = spanish.read_text("utf-8").replace("X-Approval: provisional", "X-Approval: approved")
    spanish.write_text(text, "utf-8")
    assert main(["stats", "--json", "--lang", "fr", "--lang", "es"]) == 0
    rows = {(r["document"], r["language"]): r["words"] for r in json.loads(capsys.readouterr().out)}
    fuzzy, new = word_count(str(found["para_2"].id)), word_count(str(found["para_3"].id))
    assert rows[(name, "fr")] == {
        "new": new,
        "memory": 0,
        "fuzzy": fuzzy,
        "translated": 1135 - new - fuzzy,
        "approved": 0,
        "total": 1135,
    }
    assert rows[(name, "es")] == {
        "new": 0,
        "memory": 0,
        "fuzzy": 0,
        "translated": 0,
        "approved": 1135,
        "total": 1135,
    }
    assert main(["stats", "--lang", "fr"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [
        "document", "lang", "translated", "fuzzy", "prefilled", "untransl.",
        "words", "new", "memory", "fuzzy", "transl.", "approved", "%", "approval",
    ]  # fmt: skip
    assert table[2].split()[3:5] == ["1", "0"]  # one fuzzy unit, none from the memory
    assert table[2].split()[6:12] == [
        "1135",
        str(new),
        "0",
        str(fuzzy),
        str(1135 - new - fuzzy),
        "0",
    ]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = copy_sources(tmp_path)
    monkeypatch.chdir(copy)
    return copy


def snapshot(project: Path) -> dict[str, str]:
    return {
        p.relative_to(project).as_posix(): p.read_text("utf-8")
        for p in sorted((project / "translations").rglob("*.po*"))
    }


def test_extract_and_update_on_unchanged_source_change_no_byte(project: Path) -> None:
    before = snapshot(project)
    assert main(["extract"]) == 0
    assert main(["update"]) == 0
    assert main(["update"]) == 0
    assert snapshot(project) == before


def test_extract_from_another_folder_writes_the_same_templates(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from build_tools.config import load_project
    from build_tools.pipeline import run_extract

    before = snapshot(project)
    monkeypatch.chdir(project / "translations")  # paths are still shown from the root
    run_extract(load_project(project), load_project(project).documents())
    assert snapshot(project) == before


def test_editing_one_paragraph_makes_exactly_that_unit_fuzzy(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    source = project / "source" / "ipu-132-cyber-warfare-draft.xml"
    old = "to ensure meaningful participation by the private sector"
    source.write_text(
        source.read_text("utf-8").replace(
            old, "to ensure the meaningful participation of the private sector"
        ),
        "utf-8",
    )
    assert main(["extract"]) == 0
    assert main(["update"]) == 0
    after = snapshot(project)
    for language in TARGETS:
        name = f"translations/{language}/ipu-132-cyber-warfare-draft.po"
        changed = _changed_lines(before[name], after[name])
        entry = polib.pofile(after[name]).find("para_7", by="msgctxt")
        assert entry is not None
        assert entry.fuzzy
        assert entry.previous_msgid is not None and old in entry.previous_msgid.replace("\n", "")
        assert entry.msgstr == polib.pofile(before[name]).find("para_7", by="msgctxt").msgstr  # type: ignore[union-attr]
        fuzzy = [e.msgctxt for e in polib.pofile(after[name]) if e.fuzzy]
        assert fuzzy == ["para_7"]
        block = _entry_lines(after[name], "para_7")
        assert changed and all(line in block for line in changed), language
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["fuzzy"] for r in rows if r["document"] == "ipu-132-cyber-warfare-draft"} == {1}


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line[2:] for line in diff if line.startswith("+ ")]


def _entry_lines(text: str, key: str) -> list[str]:
    lines = text.splitlines()
    end = lines.index(f'msgctxt "{key}"')
    start = max(i for i in range(end) if not lines[i].strip()) + 1
    stop = next(i for i in range(end, len(lines)) if not lines[i].strip())
    return lines[start:stop]


def test_removed_paragraph_becomes_obsolete_and_is_kept(project: Path) -> None:
    source = project / "source" / "ipu-132-cyber-warfare-draft.xml"
    text = source.read_text("utf-8")
    start = text.index('<paragraph eId="para_12">')
    end = text.index("</paragraph>", start) + len("</paragraph>")
    source.write_text(text[:start] + text[end:], "utf-8")
    before = polib.pofile(str(project / "translations/fr/ipu-132-cyber-warfare-draft.po")).find(
        "para_12", by="msgctxt"
    )
    assert main(["extract"]) == 0
    assert main(["update"]) == 0
    after = polib.pofile(str(project / "translations/fr/ipu-132-cyber-warfare-draft.po"))
    [obsolete] = after.obsolete_entries()
    assert before is not None
    assert (obsolete.msgctxt, obsolete.msgstr) == ("para_12", before.msgstr)
    assert after.find("para_12", by="msgctxt") is None


def test_merge_writes_six_valid_expressions(project: Path) -> None:
    assert main(["merge"]) == 0
    for language, iso in zip(
        ["en", *TARGETS], ["eng", "fra", "spa", "ara", "rus", "zho"], strict=True
    ):
        path = project / "build" / "akn" / language / "ipu-132-cyber-warfare-draft.xml"
        assert validate_file(path) == [], language
        root = etree.parse(str(path)).getroot()
        language_element = root.find(f".//{akn.akn('FRBRlanguage')}")
        assert language_element is not None and language_element.get("language") == iso
        if language == "en":
            continue
        [translation] = root.iter(akn.akn("FRBRtranslation"))
        assert translation.get("fromLanguage") == "eng"
        assert translation.get("authoritative") == "false"
        preamble = root.find(f".//{akn.akn('preamble')}")
        assert preamble is not None and preamble.get(f"{{{akn.XML_NS}}}lang") == language
        expression = root.find(f".//{akn.akn('FRBRExpression')}/{akn.akn('FRBRthis')}")
        assert expression is not None and f"/{iso}@/" in expression.get("value", "")
        assert not [e for e in root.iter() if e.get(f"{{{akn.XML_NS}}}lang") == "en"], (
            "nothing fell back"
        )


def test_a_source_validate_passed_is_not_validated_again_while_its_content_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from build_tools.i18n import extract

    path = copy_sources(tmp_path) / "source" / "ipu-132-cyber-warfare-draft.xml"
    passed = hashlib.sha256(path.read_bytes()).hexdigest()
    calls: list[str] = []
    real = extract.validate_tree  # type: ignore[attr-defined]

    def validate_tree(tree: etree._ElementTree, shown: str) -> list[object]:
        calls.append(shown)
        return real(tree, shown)  # type: ignore[return-value]

    monkeypatch.setattr(extract, "validate_tree", validate_tree)
    extract.load_source(path, validated=passed)
    assert calls == []
    path.write_bytes(path.read_bytes() + b"\n")  # edited since validate passed it
    extract.load_source(path, validated=passed)
    extract.load_source(path)
    assert len(calls) == 2
