"""The command line as a newcomer meets it: the installed ``build-tools`` command, GNU
msgfmt as a prerequisite of every catalog check, progress on a terminal and one line
elsewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from build_tools import cli
from tests.conftest import ROOT, copy_sources, run_cli

HINT = "install gettext (Debian, Ubuntu: `sudo apt-get install gettext`"


@pytest.fixture
def no_msgfmt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A PATH on which GNU msgfmt is not found (as on a machine without gettext); returns
    the PATH it replaced."""
    empty = tmp_path / "bin-without-msgfmt"
    empty.mkdir()
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(empty))
    return path


# GNU msgfmt: a check without it is no check


def test_check_without_msgfmt_fails_with_one_line_saying_how_to_install_it(
    tmp_path: Path, no_msgfmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    code, err = run_cli(root, ["check"], capsys)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("check: error: GNU msgfmt not found")
    assert HINT in err and "--skip-msgfmt" in err and err.endswith("[msgfmt-missing]\n")


def test_check_with_skip_msgfmt_warns_and_never_says_clean(
    tmp_path: Path, no_msgfmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    code, err = run_cli(root, ["check", "--skip-msgfmt"], capsys)
    assert code == 0
    lines = err.splitlines()
    assert lines[0].startswith("check: warning: GNU msgfmt -c was not run (--skip-msgfmt)")
    assert lines[0].endswith("[msgfmt-skipped]")
    assert lines[-1] == "check: no errors, but incomplete: msgfmt -c skipped (--skip-msgfmt)"
    assert "clean" not in err and "msgfmt-missing" not in err


def test_build_without_msgfmt_fails_before_doing_anything_and_goes_on_when_told(
    tmp_path: Path,
    no_msgfmt: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Then, msgfmt back, the next build checks again: what a build without it recorded
    is not taken for a complete check ("nothing changed since the last build")."""
    root = copy_sources(tmp_path / "project")
    code, err = run_cli(root, ["build", "--jobs", "1"], capsys)
    assert (code, err.count("\n")) == (1, 1), err
    assert err.startswith("build: error: GNU msgfmt not found") and HINT in err
    assert not (root / "build").exists() and not (root / "site").exists()
    code, err = run_cli(root, ["build", "--jobs", "1", "--skip-msgfmt"], capsys)
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0].endswith("[msgfmt-skipped]") and len(lines) == 2
    assert lines[-1].endswith("; msgfmt -c skipped (--skip-msgfmt)")
    assert (root / "site" / "manifest.json").is_file()
    monkeypatch.setenv("PATH", no_msgfmt)
    code, err = run_cli(root, ["build", "--jobs", "1"], capsys)
    assert code == 0 and "nothing changed" not in err and "msgfmt" not in err, err


# The installed command: `pip install -e .` gives `build-tools`, the same program


def test_the_build_tools_script_is_the_program_python_m_build_tools_runs() -> None:
    """pyproject's console script resolves to a callable, and it is the one
    ``python -m build_tools`` calls (``__main__`` runs it)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    target = pyproject["project"]["scripts"]["build-tools"]
    entry = metadata.EntryPoint(name="build-tools", value=target, group="console_scripts")
    program = entry.load()
    assert callable(program) and program is cli.run
    main_module = (ROOT / "build_tools" / "__main__.py").read_text("utf-8")
    assert "from build_tools.cli import run\n" in main_module and "\nrun()" in main_module


def _help(command: list[str], folder: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's package first
    done = subprocess.run(
        [*command, "--help"], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    for name in ("validate", "import", "check", "build", "serve", "status"):
        assert f"    {name} " in done.stdout
    return done.stdout


def test_help_runs_in_a_fresh_interpreter_from_any_folder(tmp_path: Path) -> None:
    """``--help`` in a process of its own, from a folder outside the project: the
    program's name as the user typed it, and every command."""
    shown = _help([sys.executable, "-m", "build_tools"], tmp_path)
    assert shown.startswith("usage: python -m build_tools [-h]")


def test_the_installed_build_tools_command_runs(tmp_path: Path) -> None:
    """The script ``pip install -e .`` put beside this Python (``nox -s tests`` installs
    the project so)."""
    script = Path(sys.executable).parent / "build-tools"
    if not script.is_file():
        pytest.skip(f"build-tools is not installed beside {sys.executable} (pip install -e .)")
    assert _help([str(script)], tmp_path).startswith("usage: build-tools [-h]")


# Progress: a line kept up to date on a terminal, one summary line in a log


def _in_a_terminal(root: Path, argv: list[str]) -> str:
    """What ``python -m build_tools ARGV`` writes to a terminal (a pseudo-terminal), not
    in CI."""
    import pty

    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="200", LINES="40")
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "build_tools", *argv],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
    ) as child:
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            shown += chunk
        assert child.wait(timeout=600) == 0, shown.decode("utf-8", "replace")
    os.close(controller)
    return shown.decode("utf-8")


def test_build_shows_progress_on_a_terminal_and_one_line_in_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    code, err = run_cli(root, ["build", "--jobs", "1"], capsys)  # stderr: not a terminal
    assert code == 0 and len(err.splitlines()) == 1, err
    assert err.startswith("build: 1 document(s), languages en fr es ar ru zh; rendered 12 file(s)")
    ui = root / "translations" / "fr" / "ui.po"
    ui.write_text(
        ui.read_text("utf-8").replace("Résolutions de l’UIP", "Les résolutions de l’UIP", 1),
        "utf-8",
    )
    shown = _in_a_terminal(root, ["build", "--jobs", "1"])
    states = shown.split("\r\x1b[K")  # each state of the line, rewritten in place
    # The line is redrawn on a clock: how many states, and which stages and counts it
    # caught, depend on the machine's speed (a busy one can pass update between two
    # redraws; a fast build of one text shows three states before its last line).
    assert len(states) >= 4, shown
    stages = ("update", "check", "merge", "render", "site", "publish")
    assert any(re.match(rf"build: (?:{'|'.join(stages)}) ", state) for state in states), shown
    assert any(re.match(r"build: render [01]/1\b", state) for state in states), shown
    assert all(state.rstrip().endswith(" s") for state in states[1:-1]), "the time is shown"
    assert states[-1].startswith("build: 1 document(s), ") and states[-1].count("\n") == 1


def test_quiet_says_nothing_but_errors_and_verbose_each_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    assert run_cli(root, ["build", "--jobs", "1", "--quiet"], capsys) == (0, "")
    assert run_cli(root, ["build", "-q"], capsys) == (0, ""), "nor that nothing changed"
    ui = root / "translations" / "fr" / "ui.po"
    ui.write_text(
        ui.read_text("utf-8").replace("Résolutions de l’UIP", "Les résolutions de l’UIP", 1),
        "utf-8",
    )
    code, err = run_cli(root, ["build", "--jobs", "1", "--verbose"], capsys)
    lines = err.splitlines()
    assert code == 0 and lines[-1].startswith("build: 1 document(s)"), err
    assert any(line.startswith("[1/1] render ipu-132-cyber-warfare-draft fr (") for line in lines)
    assert any(line.startswith("[1/1] site fr (") for line in lines), err
    po = root / "translations" / "fr" / "ipu-132-cyber-warfare-draft.po"
    po.write_text(po.read_text("utf-8").replace("msgctxt", "msgctxt msgctxt", 1), "utf-8")
    code, err = run_cli(root, ["build", "-q"], capsys)
    assert code == 1 and "error: " in err and "warning: " not in err, err


def test_check_without_a_template_says_to_extract_and_does_not_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    (root / "translations" / "ipu-132-cyber-warfare-draft.pot").unlink()
    code, err = run_cli(root, ["check"], capsys)
    assert code == 1 and "[stage-crashed]" not in err, err
    assert "template missing; run extract first [pot-missing]" in err


def test_update_and_render_say_each_job_with_verbose_and_one_line_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    code, err = run_cli(root, ["update", "--verbose"], capsys)
    assert code == 0 and err.splitlines()[0].startswith("[1/10] update "), err
    assert run_cli(root, ["update", "--quiet"], capsys) == (0, "")
    assert run_cli(root, ["merge", "--lang", "fr"], capsys)[0] == 0
    code, err = run_cli(root, ["render", "--lang", "fr", "--format", "pdf"], capsys)
    assert code == 0 and len(err.splitlines()) == 1, err
    assert err.startswith("render: wrote 1 file(s), 0 unchanged, in ")
