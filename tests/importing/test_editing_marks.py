"""Word's editing marks: a document with tracked changes or comments is refused, each mark
named at its paragraph with its text, unless the editor says to accept or reject the
changes (Pandoc alone would accept them silently)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_sources, run_cli
from tests.importing.word import FORMULA, problems, word_elements, word_file

WHEN = 'date="2031-12-01T00:00:00Z"'
UNDER_REVISION = f"""\
{FORMULA}

*Recalling* its [earlier]{{.insertion author="A. Editor" {WHEN}}} work,

*Noting* the report,^[A fictional [revised]{{.deletion author="B. Editor" {WHEN}}} report.]

*Takes note* of the report of the \
[Check the title]{{.comment-start id="0" author="C. Reviewer" {WHEN}}}\
Secretary-General[]{{.comment-end id="0"}}.
"""
NAME = "test-under-revision"
OPTIONS = "or import with --accept-changes or --reject-changes"


@pytest.fixture
def revised(tmp_path: Path) -> tuple[Path, Path]:
    docx, meta = word_file(tmp_path, NAME, UNDER_REVISION)
    body, notes = word_elements(docx), word_elements(docx, "word/footnotes.xml")
    assert {"ins", "commentRangeStart", "commentReference"} <= set(body), "Word's own marks"
    assert "del" in notes and "delText" in notes
    return docx, meta


def test_tracked_changes_and_comments_are_refused_each_at_its_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], revised: tuple[Path, Path]
) -> None:
    root = copy_sources(tmp_path / "project")
    docx, meta = revised
    code, err = run_cli(root, ["import", str(docx), "--meta", str(meta)], capsys)
    assert code == 1
    shown = str(docx)
    assert err.splitlines()[:3] == [
        f"{shown}:2: error: a tracked insertion by A. Editor: “earlier”; accept or reject "
        f"the changes in Word, {OPTIONS} [import-tracked-change]",
        f"{shown}:3: error: a tracked deletion by B. Editor: “revised”; accept or reject "
        f"the changes in Word, {OPTIONS} [import-tracked-change]",
        f"{shown}:4: error: a comment by C. Reviewer: “Check the title”; delete the "
        f"comments in Word, {OPTIONS} (either leaves them out) [import-comment]",
    ]
    assert not (root / "source" / f"{NAME}.xml").exists()


@pytest.mark.parametrize(
    ("option", "kept", "gone"),
    [
        ("--accept-changes", ["its earlier work,", "A fictional report."], ["revised"]),
        ("--reject-changes", ["its work,", "A fictional revised report."], ["earlier"]),
    ],
)
def test_the_editor_accepts_or_rejects_the_changes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    revised: tuple[Path, Path],
    option: str,
    kept: list[str],
    gone: list[str],
) -> None:
    root = copy_sources(tmp_path / "project")
    docx, meta = revised
    code, err = run_cli(root, ["import", str(docx), "--meta", str(meta), option], capsys)
    assert code == 0, err
    xml = (root / "source" / f"{NAME}.xml").read_bytes()
    assert problems(xml, f"{NAME}.xml") == ([], [])
    text = xml.decode("utf-8")
    assert all(words in text for words in kept), text
    assert not any(words in text for words in gone)
    assert "Check the title" not in text  # a comment is never text
    assert "of the report of the Secretary-General." in text


def test_accepting_and_rejecting_at_once_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], revised: tuple[Path, Path]
) -> None:
    root = copy_sources(tmp_path / "project")
    docx, meta = revised
    argv = ["import", str(docx), "--meta", str(meta), "--accept-changes", "--reject-changes"]
    code, err = run_cli(root, argv, capsys)
    assert code == 2
    assert "not allowed with argument --accept-changes" in err
    assert not (root / "source" / f"{NAME}.xml").exists()


def test_a_corrected_text_with_tracked_changes_needs_a_decision_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], revised: tuple[Path, Path]
) -> None:
    root = copy_sources(tmp_path / "project")
    docx, meta = revised
    assert (
        run_cli(root, ["import", str(docx), "--meta", str(meta), "--reject-changes"], capsys)[0]
        == 0
    )
    argv = ["new-version", NAME, "--date", "2032-01-15", "--reason", "x", "--from", str(docx)]
    code, err = run_cli(root, argv, capsys)
    assert code == 1 and "[import-tracked-change]" in err
    code, err = run_cli(root, [*argv, "--accept-changes"], capsys)
    assert code == 0, err
    corrected = (root / "source" / f"{NAME}_2032-01-15.xml").read_text("utf-8")
    assert "its earlier work," in corrected
