"""XLIFF 1.2 out and back: the file CAT tools get, and what comes back into the catalogs
(only what passes the checks, at the XLIFF's file:line, never losing a translation or an
approval, written as the project's writer writes)."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import xliff as toolkit

from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
from build_tools.i18n.header import header_text
from build_tools.i18n.inline import InlineError, from_xliff, to_xliff
from build_tools.i18n.xliff import XliffFile
from tests.conftest import copy_sources, run_cli

NAME = "ipu-132-cyber-warfare-draft"
TARGETS = ["fr", "es", "ar", "ru", "zh"]
NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{NS}}}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sources(tmp_path / "project")


def po_bytes(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / "translations").rglob("*.po"))
    }


def export(root: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, err = run_cli(root, ["xliff", "export", *argv], capsys)
    assert code == 0, err
    return err


def xliff_path(root: Path, language: str = "fr") -> Path:
    return root / "build" / "xliff" / f"{NAME}.{language}.xlf"


def unit(tree: etree._ElementTree, key: str) -> etree._Element:
    return next(u for u in tree.getroot().iter(f"{X}trans-unit") if u.get("id") == key)


def set_target(path: Path, key: str, markup: str, state: str | None = None) -> int:
    """Replace a unit's target by ``markup`` (XLIFF inline content); its line."""
    tree = etree.parse(str(path))
    element = unit(tree, key)
    target = element.find(f"{X}target")
    assert target is not None
    fragment = etree.fromstring(f'<target xmlns="{NS}">{markup}</target>')
    target.text = fragment.text
    for child in list(target):
        target.remove(child)
    target.extend(list(fragment))
    if state is not None:
        target.set("state", state)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return element.sourceline or 0


def target_states(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """Each unit's target state and approved attribute."""
    found = {}
    for element in etree.parse(str(path)).getroot().iter(f"{X}trans-unit"):
        target = element.find(f"{X}target")
        assert target is not None
        found[str(element.get("id"))] = (target.get("state"), element.get("approved"))
    return found


def entry(root: Path, language: str, key: str) -> tuple[str, bool]:
    po = read_catalog(root / "translations" / language / f"{NAME}.po")
    [message] = [m for m in messages(po.catalog) if m.context == key]
    return str(message.string), bool(message.fuzzy)


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
    return [line for line in diff if line[:1] in "+-"]


# The inline codes


def test_our_tags_become_g_and_x_codes_and_come_back() -> None:
    message = "<i>Notes</i> that <x1>the <i>Charter</i></x1> applies<x2/>; <i>also</i> <b>x</b>"
    store = XliffFile()
    added = store.addsourceunit("")  # type: ignore[no-untyped-call]
    added.rich_source = [to_xliff(message)]
    assert (
        '<source><g id="i1" ctype="italic">Notes</g> that <g id="x1">the <g id="i2" '
        'ctype="italic">Charter</g></g> applies<x id="x2"/>; <g id="i3" ctype="italic">also</g> '
        '<g id="b1" ctype="bold">x</g></source>'
    ) in bytes(store).decode()
    read = XliffFile(io.BytesIO(bytes(store)))
    assert from_xliff(read.units[0].rich_source[0]) == message


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ('<g id="zz">a</g>', "<g> with id 'zz' is not one of the source's codes"),
        ('<ph id="1">&lt;b&gt;</ph>', "<ph> with id '1' is not one of the source's codes"),
        ("&lt;x1&gt;a", "the text '<x1>' would read as a tag; delete it"),
    ],
)
def test_codes_that_are_not_ours_are_refused(markup: str, problem: str) -> None:
    unit_ = toolkit.Xliff1Unit("")
    target = etree.fromstring(f'<target xmlns="{toolkit.Xliff1Unit.namespace}">{markup}</target>')
    unit_.xmlelement.append(target)
    with pytest.raises(InlineError, match="^" + problem.replace("(", r"\(") + "$"):
        from_xliff(unit_.rich_target[0])


# Export


def test_export_writes_one_xliff_1_2_file_per_document_and_language(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = export(project, capsys)
    assert err.splitlines() == [
        f"wrote build/xliff/{NAME}.{code}.xlf (37 units)" for code in TARGETS
    ]
    for code in TARGETS:
        tree = etree.parse(str(xliff_path(project, code)))
        root = tree.getroot()
        assert (root.tag, root.get("version")) == (f"{X}xliff", "1.2")
        [node] = root.findall(f"{X}file")
        assert dict(node.attrib) == {
            "original": NAME,
            "source-language": "en",
            "target-language": code,
            "datatype": "xml",
        }
        po = read_catalog(project / "translations" / code / f"{NAME}.po")
        ids = [u.get("id") for u in root.iter(f"{X}trans-unit")]
        assert ids == [m.context for m in messages(po.catalog)]
    first = unit(etree.parse(str(xliff_path(project))), "preface__p_1")
    source = first.find(f"{X}source")
    assert source is not None
    assert etree.tostring(source, encoding="unicode").startswith(
        f'<source xmlns="{NS}"><g id="x1">132nd IPU Assembly</g></source>'
    )
    assert [(n.get("from"), n.text) for n in first.iter(f"{X}note")] == [
        (
            "developer",
            "Session of the body, at the top of the first page\n<x1>: session of the body\n"
            "glossary: IPU = Union interparlementaire\n"  # the glossary reaches CAT tools too
            "glossary: IPU Assembly = Assemblée de l'Union interparlementaire",
        )
    ]
    contexts = [(c.get("context-type"), c.text) for c in first.iter(f"{X}context")]
    assert contexts == [
        ("x-po-msgctxt", "preface__p_1"),
        ("sourcefile", f"source/{NAME}.xml"),
    ]


def test_states_follow_the_po_entries_and_the_approval(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "translations" / "fr" / f"{NAME}.po"
    po = read_catalog(path)
    po.header = header_text(po.lines)
    found = {str(m.context): m for m in messages(po.catalog)}
    found["para_2"].flags.add("fuzzy")
    found["para_3"].string = ""
    write_catalog(po)
    export(project, capsys)
    states = target_states(xliff_path(project))
    assert states["para_1"] == ("translated", "yes")
    assert states["para_2"] == ("needs-review-translation", None)
    assert states["para_3"] == ("new", None)
    stock = toolkit.xlifffile[toolkit.Xliff1Unit]  # translate-toolkit's own reader
    store = stock(io.BytesIO(xliff_path(project).read_bytes()))
    fuzzy = {u.getid().split("\x04")[1] for u in store.units if u.isfuzzy()}
    assert fuzzy == {"para_2"}  # as translate-toolkit (xliff2po) reads it
    path.write_text(
        path.read_text("utf-8").replace("X-Approval: provisional", "X-Approval: approved")
    )
    export(project, capsys)
    states = target_states(xliff_path(project))
    assert [states[key][0] for key in ("para_1", "para_2", "para_3")] == [
        "signed-off",
        "needs-review-translation",
        "new",
    ]


def test_copy_source_fills_the_untranslated_targets_with_the_source(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "translations" / "fr" / f"{NAME}.po"
    po = read_catalog(path)
    po.header = header_text(po.lines)
    [message] = [m for m in messages(po.catalog) if m.context == "para_3"]
    message.string = ""
    write_catalog(po)
    export(project, capsys, "--lang", "fr", "--copy-source")
    element = unit(etree.parse(str(xliff_path(project))), "para_3")
    source, target = element.find(f"{X}source"), element.find(f"{X}target")
    assert source is not None and target is not None
    assert target.get("state") == "new"
    assert etree.tostring(target, encoding="unicode", with_tail=False)[len("<target") :].split(
        ">", 1
    )[1] == (
        etree.tostring(source, encoding="unicode", with_tail=False)
        .split(">", 1)[1]
        .replace("</source", "</target")
    )
    before = po_bytes(project)
    code, err = run_cli(project, ["xliff", "import", str(xliff_path(project))], capsys)
    assert code == 0, err
    assert po_bytes(project) == before  # the copy is no translation


# Import


def test_export_then_import_unchanged_writes_no_byte(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export(project, capsys)
    before = po_bytes(project)
    files = [str(xliff_path(project, code)) for code in TARGETS]
    code, err = run_cli(project, ["xliff", "import", *files], capsys)
    assert code == 0, err
    assert po_bytes(project) == before
    assert err.splitlines() == [
        f"unchanged translations/{code}/{NAME}.po from build/xliff/{NAME}.{code}.xlf "
        "(0 translated, 0 fuzzy, 37 kept)"
        for code in TARGETS
    ]


def test_an_edited_target_arrives_and_only_its_entry_changes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export(project, capsys)
    path = xliff_path(project)
    set_target(path, "preface__p_2", '<g id="x1">Hanoï (Viêt Nam)</g>, 28 mars – 1er avril 2015')
    set_target(
        path,
        "preface__p_3",
        '<g id="x1">Commission permanente de la paix et de la sécurité</g>',
        state="needs-review-translation",
    )
    before = po_bytes(project)
    code, err = run_cli(project, ["xliff", "import", str(path)], capsys)
    assert code == 0, err
    assert (
        f"updated translations/fr/{NAME}.po from build/xliff/{NAME}.fr.xlf (1 translated, 1 fuzzy, 35 kept)"
        in err
    )
    assert entry(project, "fr", "preface__p_2") == (
        "<x1>Hanoï (Viêt Nam)</x1>, 28 mars – 1er avril 2015",
        False,
    )
    assert entry(project, "fr", "preface__p_3") == (
        "<x1>Commission permanente de la paix et de la sécurité</x1>",
        True,
    )
    key = f"translations/fr/{NAME}.po"
    after = po_bytes(project)
    assert {k for k in after if after[k] != before[k]} == {key}
    assert changed_lines(before[key], after[key]) == [
        '- msgstr "<x1>Hanoï (Viet Nam)</x1>, 28 mars – 1er avril 2015"',
        '+ msgstr "<x1>Hanoï (Viêt Nam)</x1>, 28 mars – 1er avril 2015"',
        "+ #, fuzzy",
        '- msgstr "<x1>Commission permanente de la paix et de la sécurité internationale</x1>"',
        '+ msgstr "<x1>Commission permanente de la paix et de la sécurité</x1>"',
    ]
    code, err = run_cli(project, ["check", "--lang", "fr"], capsys)
    assert code == 0, err


def test_a_broken_placeholder_is_refused_at_its_line_and_nothing_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export(project, capsys)
    path = xliff_path(project)
    set_target(path, "preface__p_2", '<g id="x1">Hanoï (Viêt Nam)</g>, 28 mars – 1er avril 2015')
    line = set_target(path, "preface__p_3", "Commission permanente de la paix")
    before = po_bytes(project)
    code, err = run_cli(project, ["xliff", "import", str(path)], capsys)
    assert code == 1
    shown = f"build/xliff/{NAME}.fr.xlf"
    assert err.splitlines() == [
        f"{shown}:{line}: error: preface__p_3: placeholder <x1> missing in translation [po-placeholder]",
        f"{shown}: refused; no catalog was written from it",
    ]
    assert po_bytes(project) == before  # the good edit in the same file is not taken either


def test_an_unknown_or_missing_id_and_a_changed_source_are_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export(project, capsys)
    path = xliff_path(project)
    tree = etree.parse(str(path))
    units = list(tree.getroot().iter(f"{X}trans-unit"))
    units[1].set("id", "para_99")
    source = units[2].find(f"{X}source")
    assert source is not None and source[0].text is not None
    source[0].text = source[0].text.replace("Standing", "Permanent")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    file_line = tree.getroot()[0].sourceline
    before = po_bytes(project)
    code, err = run_cli(project, ["xliff", "import", str(path)], capsys)
    assert code == 1
    shown, po = f"build/xliff/{NAME}.fr.xlf", f"translations/fr/{NAME}.po"
    assert err.splitlines() == [
        f"{shown}:{file_line}: error: preface__p_2: this unit of {po} is missing from the file; export it again [xliff-missing-id]",
        f"{shown}:{units[1].sourceline}: error: para_99: no unit with this id in {po}; was the file made from another version of the text? [xliff-unknown-id]",
        f"{shown}:{units[2].sourceline}: error: preface__p_3: the source text is not the one of {po} (the text changed since the export); export the file again [xliff-source]",
        f"{shown}: refused; no catalog was written from it",
    ]
    assert po_bytes(project) == before


def test_an_empty_target_never_erases_a_translation(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export(project, capsys)
    path = xliff_path(project)
    set_target(path, "para_1", "", state="translated")
    tree = etree.parse(str(path))
    target = unit(tree, "para_2").find(f"{X}target")
    assert target is not None
    target.getparent().remove(target)  # type: ignore[union-attr]
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = po_bytes(project)
    code, err = run_cli(project, ["xliff", "import", str(path)], capsys)
    assert code == 0, err
    assert po_bytes(project) == before


def test_an_approved_catalog_stays_approved_and_changes_only_when_signed_off(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po_path = project / "translations" / "fr" / f"{NAME}.po"
    approved = po_path.read_text("utf-8").replace(
        '"X-Approval: provisional\\n"',
        '"X-Approval: approved\\n"\n"X-Approved-By: A. Reviewer, IPU Secretariat\\n"\n'
        '"X-Approval-Date: 2026-12-01\\n"',
    )
    po_path.write_text(approved, "utf-8")
    export(project, capsys, "--lang", "fr")
    path = xliff_path(project)
    code, err = run_cli(project, ["xliff", "import", str(path)], capsys)
    assert (code, po_path.read_text("utf-8")) == (0, approved), err
    new = '<g id="x1">Hanoï (Viêt Nam)</g>, 28 mars – 1er avril 2015'
    line = set_target(path, "preface__p_2", new, state="translated")
    code, err = run_cli(project, ["xliff", "import", str(path)], capsys)
    assert code == 1
    assert (
        f"build/xliff/{NAME}.fr.xlf:{line}: error: preface__p_2: the catalog is approved "
        "(X-Approval); a change to its translations must be signed off in the CAT tool "
        '(state="signed-off"), or the catalog made provisional first [xliff-approved]'
    ) in err
    assert po_path.read_text("utf-8") == approved
    set_target(path, "preface__p_2", new, state="signed-off")
    code, err = run_cli(project, ["xliff", "import", str(path)], capsys)
    assert code == 0, err
    text = po_path.read_text("utf-8")
    assert header_text(text.split("\n")) == header_text(approved.split("\n"))
    assert entry(project, "fr", "preface__p_2") == (
        "<x1>Hanoï (Viêt Nam)</x1>, 28 mars – 1er avril 2015",
        False,
    )


def test_a_file_that_is_not_ours_is_refused_at_its_line(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export(project, capsys, "--lang", "fr")
    text = xliff_path(project).read_text("utf-8")
    broken = tmp_path / "broken.xlf"
    broken.write_text(text.replace("</body>", "</bdy>"), "utf-8")
    other = tmp_path / "other.xlf"
    other.write_text(text.replace(f'original="{NAME}"', 'original="../../etc/passwd"'), "utf-8")
    german = tmp_path / "german.xlf"
    german.write_text(text.replace('target-language="fr"', 'target-language="de"'), "utf-8")
    before = po_bytes(project)
    code, err = run_cli(project, ["xliff", "import", str(broken), str(other), str(german)], capsys)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{broken}:") and lines[0].endswith("[xml-syntax]")
    assert lines[1] == (
        f"{other}:3: error: <file original='../../etc/passwd'> is not a document of this "
        f"project ({NAME}) [xliff-document]"
    )
    assert lines[2] == (
        f"{german}:3: error: target-language 'de' is not one of fr, es, ar, ru, zh [xliff-language]"
    )
    assert lines[3:] == [
        f"{path}: refused; no catalog was written from it" for path in (broken, other, german)
    ]
    assert po_bytes(project) == before


def test_a_missing_file_stops_the_import_before_anything_is_written(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export(project, capsys, "--lang", "fr")
    path = xliff_path(project)
    set_target(path, "preface__p_2", '<g id="x1">Hanoï (Viêt Nam)</g>, 28 mars – 1er avril 2015')
    empty = tmp_path / "empty.xlf"
    empty.write_text(f'<xliff version="1.2" xmlns="{NS}"><file original="{NAME}"/></xliff>')
    before = po_bytes(project)
    code, err = run_cli(project, ["xliff", "import", str(path), str(tmp_path / "no.xlf")], capsys)
    assert (code, err) == (2, f"error: {tmp_path / 'no.xlf'}: no such file\n")
    code, err = run_cli(project, ["xliff", "import", str(empty)], capsys)
    assert (code, err.splitlines()[0]) == (
        1,
        f"{empty}:1: error: no trans-unit in the file: nothing to import [xliff-format]",
    )
    assert po_bytes(project) == before
