"""``validate`` on texts written by hand: a text is one body's, consistently (its opening
formula, its work's author, its session line), and a work has one text per date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.akn.validate import validate_file
from tests.conftest import ROOT, SOURCE, copy_sources, run_cli
from tests.helpers import NAME

FORMULA = (
    'The <organization refersTo="#ipu-assembly">132nd Assembly of the Inter-Parliamentary '
    "Union</organization>,"
)
SESSION = '<session refersTo="#assembly-132" value="132">132nd IPU Assembly</session>'


def findings(tmp_path: Path, old: str, new: str) -> list[str]:
    text = SOURCE.read_text("utf-8")
    assert old in text
    path = tmp_path / "edited.xml"
    path.write_text(text.replace(old, new), "utf-8")
    return [
        f"{d.line}: {d.message} [{d.code}]"
        for d in validate_file(path)
        if d.code.startswith("body-")
    ]


def line_of(text: str) -> int:
    return next(
        n for n, line in enumerate(SOURCE.read_text("utf-8").splitlines(), 1) if text in line
    )


def test_our_source_is_the_ipu_assemblys_throughout(tmp_path: Path) -> None:
    assert findings(tmp_path, FORMULA, FORMULA) == []


def test_an_opening_formula_of_another_body_is_located(tmp_path: Path) -> None:
    other = 'The <organization refersTo="#ipu-assembly">General Assembly</organization>,'
    assert findings(tmp_path, FORMULA, other) == [
        f"{line_of(FORMULA) - 1}: the opening formula 'The General Assembly,' is not the "
        "Assembly of the Inter-Parliamentary Union's, whose text the document says it is "
        "(its texts open with 'The {ordinal} Assembly of the Inter-Parliamentary Union,'); "
        "it is the formula of the General Assembly: make that body's TLCOrganization (href "
        "'/ontology/organization/un/generalAssembly') the one the formula and the work's "
        "author name [body-formula]"
    ]


def test_a_session_line_the_body_would_not_write_is_located(tmp_path: Path) -> None:
    other = SESSION.replace("132nd IPU Assembly", "132nd Assembly")
    assert findings(tmp_path, SESSION, other) == [
        f"{line_of(SESSION)}: the session reads '132nd Assembly'; the Assembly of the "
        "Inter-Parliamentary Union names its session 132 '132nd IPU Assembly' [body-session]"
    ]
    other = SESSION.replace('value="132">132nd', 'value="131">131st')
    assert findings(tmp_path, SESSION, other) == [
        f"{line_of(SESSION)}: the session is number 131, but the opening formula names the "
        "132nd IPU Assembly [body-session]"
    ]


def test_a_work_authored_by_another_body_is_located(tmp_path: Path) -> None:
    author = '<FRBRauthor href="#lazrek" as="#co-rapporteur"/>'
    declared = '<TLCOrganization eId="ipu" '
    text = SOURCE.read_text("utf-8").replace(author, '<FRBRauthor href="#un-ga"/>', 1)
    text = text.replace(
        declared,
        '<TLCOrganization eId="un-ga" href="/ontology/organization/un/generalAssembly" '
        f'showAs="General Assembly"/>\n        {declared}',
    )
    path = tmp_path / "edited.xml"
    path.write_text(text, "utf-8")
    found = [(d.line, d.message, d.code) for d in validate_file(path) if d.code.startswith("body-")]
    assert found == [
        (
            line_of(author),
            "the work's author is the General Assembly, but the opening formula names the "
            "Assembly of the Inter-Parliamentary Union: one text has one body",
            "body-author",
        )
    ]


def test_two_sources_of_one_work_and_date_are_an_error_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 5: a Word and a plain-text copy of one text became two versions, and the
    site compared the text of 23 November 1982 with itself."""
    root = copy_sources(tmp_path / "project")
    shutil.copy(root / "source" / f"{NAME}.xml", root / "source" / "copy.xml")
    dates = [
        n
        for n, text in enumerate(SOURCE.read_text("utf-8").splitlines(), 1)
        if '<FRBRdate date="2015-01-15" name="submission"/>' in text
    ]
    line = dates[1]  # the expression's date
    code, err = run_cli(root, ["validate"], capsys)
    assert code == 1
    work = "/akn/ipu/statement/resolutionDraft/2015-01-15/c-i-132-dr"
    for path, other in (("copy.xml", f"{NAME}.xml"), (f"{NAME}.xml", "copy.xml")):
        assert (
            f"source/{path}:{line}: error: source/{other} is the same text: work {work}, "
            "expression of 2015-01-15; a work has one text per date: remove one, or make "
            "the later text a version with `new-version` [source-duplicate]"
        ) in err, err
    code, err = run_cli(root, ["build"], capsys)
    assert code == 1 and err.count("[source-duplicate]") == 2, err
    assert not (root / "site").exists()


def test_a_version_of_another_date_is_no_duplicate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project", ("versions",))
    code, err = run_cli(root, ["validate"], capsys)
    assert code == 0, err


def test_the_source_stays_valid() -> None:
    assert [d for d in validate_file(ROOT / "source" / f"{NAME}.xml") if d.is_error] == []
