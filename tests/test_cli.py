"""``main(argv)``: exit codes, messages on stderr, never a traceback for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.cli import main
from tests.conftest import SOURCE


def test_validate_default_documents_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "1 file checked: valid (0 warning(s))\n"


def test_invalid_document_exits_1_with_all_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        SOURCE.read_text("utf-8")
        .replace("<num>(5)</num>", "<num>(6)</num>")
        .replace("para_7", "para_77")
    )
    path = tmp_path / "two-problems.xml"
    path.write_text(text, "utf-8")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.rsplit("[", 1)[-1] for line in lines[:-1]] == [
        "eid-num]",
        "num-sequence]",
        "eid-num]",
    ]
    assert lines[-1] == "1 file checked: 3 error(s), 0 warning(s)"


def test_paths_inside_the_project_are_shown_relative(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SOURCE)]) == 0
    assert main(["validate", "source/ipu-132-cyber-warfare-draft.xml"]) == 0


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "source/nothing-here.xml"]) == 2
    err = capsys.readouterr().err
    assert err == "error: source/nothing-here.xml: no such file\n"


def test_directory_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "source"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.fixture
def scratch_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tests.conftest import copy_sources

    root = copy_sources(tmp_path)
    monkeypatch.chdir(root)
    return root


def test_build_validates_the_source(
    scratch_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = scratch_project / "source" / SOURCE.name
    good = source.read_text("utf-8")
    source.write_text(good.replace("<num>(5)</num>", "<num>(6)</num>"), "utf-8")
    assert main(["build", "--quiet"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"source/{SOURCE.name}:102: error: eId 'recs_1__rec_5' does not match its number "
        "'(6)' [eid-num]"
    )
    assert not (scratch_project / "site").exists()
    source.write_text(good, "utf-8")
    assert main(["build"]) == 0
    assert "(validate " in capsys.readouterr().err.splitlines()[-1]


def _crash(*args: object, **kwargs: object) -> None:
    raise FileNotFoundError(2, "No such file or directory", "build/akn/fr/gone.xml")


def test_an_unexpected_error_in_a_stage_is_one_located_line(
    scratch_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("build_tools.render.outputs.render_document", _crash)
    assert main(["build", "--jobs", "1", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (
        "build/akn/fr/gone.xml: error: the render stage failed: FileNotFoundError: "
        "[Errno 2] No such file or directory: 'build/akn/fr/gone.xml' [stage-crashed]"
    ) in err.splitlines()
    assert "python -m build_tools --debug build" in err
    assert not (scratch_project / "site").exists(), "nothing half-published"


def test_debug_shows_the_traceback(scratch_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("build_tools.render.outputs.render_document", _crash)
    with pytest.raises(FileNotFoundError):
        main(["--debug", "build", "--jobs", "1", "--quiet"])
    with pytest.raises(FileNotFoundError):
        main(["build", "--jobs", "1", "--quiet", "--debug"])
