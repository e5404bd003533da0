"""Issue 23, finding 1 and the output paths of finding 7: outputs go only where they are
ours. A site or build folder outside the project is used only when it is absent, empty
or made by a build; publishing never deletes a file no build wrote, wherever the site
is; a build, site, record or lock that is the wrong kind of file is one located line
(exit 2), never a crash, and a named pipe never makes the build wait."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.manifest import verify_site
from tests.conftest import ROOT, copy_sources, run_cli
from tests.helpers import copy_published

PERSON = {"notes.txt": b"my notes\n", "sub/thesis.docx": b"PK\x03\x04 a thesis, not ours"}
MARKER = ".build-tools"  # build_tools.outputs.MARKER (checked below)


def personal(folder: Path) -> Path:
    """A folder of someone's files (``PERSON``)."""
    for relative, data in PERSON.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def configure(root: Path, key: str, value: str) -> int:
    """Set ``key = "value"`` in the project's table; the line it is on."""
    config = root / "pyproject.toml"
    text = config.read_text("utf-8")
    old = f'{key} = "{key}"'
    assert text.count(old) == 1
    config.write_text(text.replace(old, f'{key} = "{value}"'), "utf-8")
    return line_of(root, f"{key} =")


def line_of(root: Path, needle: str) -> int:
    lines = (root / "pyproject.toml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(needle))


def holds(key: str, value: str, where: str, foreign: Path) -> str:
    consequence = {
        "site": "publishing would delete it",
        "build": "a build would write over or delete it",
    }[key]
    return (
        f"{key} = {value!r}{where} holds {foreign}, which no build wrote; "
        f"{consequence}: move it away, or choose an empty or new folder [config]"
    )


# Finding 1: a folder outside the project


@pytest.mark.parametrize("named", ["relative", "absolute", "symbolic link"])
def test_an_outside_site_holding_a_person_s_files_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], named: str
) -> None:
    root = copy_sources(tmp_path / "project")
    userdir = personal(tmp_path.resolve() / "userdir")
    if named == "symbolic link":
        (root / "site").symlink_to(userdir)
        value, where, line = "site", f" leads to {userdir} and", line_of(root, "site =")
    else:
        value = "../userdir" if named == "relative" else str(userdir)
        where, line = " is outside the project and", configure(root, "site", value)
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 2, err
    expected = holds("site", value, where, userdir / "notes.txt")
    assert f"pyproject.toml:{line}: error: {expected}" in err.splitlines()
    assert "Traceback" not in err and "[stage-crashed]" not in err
    assert tree(userdir) == PERSON, "every file the person kept is there, byte for byte"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "userdir"]
    assert not (root / "build").exists(), "refused before anything was done"


def test_an_outside_build_folder_holding_a_person_s_files_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    userdir = personal(tmp_path.resolve() / "userdir")
    line = configure(root, "build", "../userdir")
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 2, err
    expected = holds("build", "../userdir", " is outside the project and", userdir / "notes.txt")
    assert f"pyproject.toml:{line}: error: {expected}" in err.splitlines()
    assert tree(userdir) == PERSON  # not even a lock or a marker was written there
    assert not (root / "site").exists()


@pytest.mark.parametrize("before", ["absent", "empty"])
def test_an_outside_folder_absent_or_empty_is_built_into_and_is_ours_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str
) -> None:
    root = copy_sources(tmp_path / "project")
    out = tmp_path / "out"
    if before == "empty":
        (out / "site").mkdir(parents=True)
        (out / "build").mkdir()
    configure(root, "site", "../out/site")
    configure(root, "build", "../out/build")
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 0, err
    assert verify_site(out / "site") == []
    assert (out / "build" / MARKER).is_file(), "the build folder is marked as ours"
    page = out / "site" / "en" / "index.html"
    built = page.read_bytes()
    page.write_bytes(built + b"<!-- edited -->")  # so that the second build publishes
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 0, err  # the folders are ours now
    assert page.read_bytes() == built and verify_site(out / "site") == []
    assert sorted(p.name for p in out.iterdir()) == ["build", "site"], "no staging left"


def test_our_marker_is_what_makes_an_outside_folder_ours(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same folders, with files left in them: refused without the marker a build
    leaves, built into with it."""
    root = copy_sources(tmp_path / "project")
    site, build = tmp_path / "marked-site", tmp_path / "marked-build"
    for folder in (site, build):
        (folder / "old").mkdir(parents=True)
        (folder / "old" / "page.html").write_text("made by an earlier build\n", "utf-8")
    configure(root, "site", "../marked-site")
    configure(root, "build", "../marked-build")
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 2 and f"holds {build.resolve() / 'old' / 'page.html'}, which no" in err
    for folder in (site, build):
        (folder / MARKER).write_text("made by build_tools\n", "utf-8")
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 0, err
    assert verify_site(site) == []
    assert not (site / "old").exists() and not (site / MARKER).exists()  # replaced whole
    assert (build / MARKER).is_file() and (build / "old" / "page.html").is_file()


def test_the_site_records_the_outputs_module_knows_are_the_manifest_s() -> None:
    from build_tools import outputs
    from build_tools.manifest import MANIFEST
    from build_tools.signing import SIGNATURE

    assert (outputs.MANIFEST, outputs.SIGNATURE, outputs.MARKER) == (MANIFEST, SIGNATURE, MARKER)


# Publishing never deletes a file no build wrote, wherever the site is


@pytest.mark.parametrize("where", ["site", ".site.new", ".site.old"])
def test_publishing_never_deletes_a_file_no_build_wrote(
    published: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    """Inside the project too: in the site, or where publishing stages the new site or
    keeps the old one."""
    root = copy_published(published, tmp_path / "project")
    page = root / "site" / "en" / "index.html"
    page.write_bytes(page.read_bytes() + b" ")  # so that the build does not stop at once
    personal(root / where)
    site, folder = tree(root / "site"), tree(root / where)
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 2, err
    if where == "site":
        expected = holds("site", "site", "", Path("site/notes.txt"))
    else:
        expected = (
            f"site = 'site': publishing needs {where} beside it, and that folder holds "
            f"{where}/notes.txt, which no build wrote; move it away [config]"
        )
    assert f"pyproject.toml:{line_of(root, 'site =')}: error: {expected}" in err.splitlines()
    assert tree(root / where) == folder and tree(root / "site") == site


def test_discarding_an_old_site_removes_only_what_its_manifest_lists(tmp_path: Path) -> None:
    from build_tools.outputs import discard

    old = tmp_path / ".site.old"
    (old / "en").mkdir(parents=True)
    (old / "en" / "index.html").write_text("published\n", "utf-8")
    (old / "manifest.json").write_text(
        '{"files": [{"path": "en/index.html", "sha256": "x"}]}\n', "utf-8"
    )
    personal(old)
    discard(old)
    assert tree(old) == PERSON


# Finding 7: the wrong kind of file where the build keeps its own


def _folder(path: Path) -> None:
    path.mkdir()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _file(path: Path) -> None:
    path.write_text("a file\n", "utf-8")


def _link_to_folder(path: Path) -> None:
    elsewhere = path.parent.parent.parent / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    path.symlink_to(elsewhere)


def _link_to_file(path: Path) -> None:
    target = path.parent.parent / "a-file"
    target.write_text("a file\n", "utf-8")
    path.symlink_to(target)


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _build_and_wait(root: Path) -> tuple[int, str]:
    """``python -m build_tools build`` in ``root``; fails the test if it hangs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "build", "--quiet"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the build hung")
    return process.returncode, err


STATE = "the build keeps its record of finished work there: remove it and build again"
LOCK = "the build keeps the lock of the running build there: remove it and build again"
NOT_A_FOLDER = "not a folder: move it away or choose another folder [config]"
WRONG: list[tuple[str, Callable[[Path], None], str]] = [
    ("build/state.json", _folder, f"build/state.json: error: a folder, not a file; {STATE}"),
    (
        "build/state.json",
        _link_to_folder,
        f"build/state.json: error: a symbolic link, not a file; {STATE}",
    ),
    (
        "build/state.json",
        _fifo,
        f"build/state.json: error: a named pipe (FIFO), not a file; {STATE}",
    ),
    ("build/.lock", _link_to_file, f"build/.lock: error: a symbolic link, not a file; {LOCK}"),
    ("build/.lock", _fifo, f"build/.lock: error: a named pipe (FIFO), not a file; {LOCK}"),
    ("build", _file, f"error: build = 'build' is a file, {NOT_A_FOLDER}"),
    ("build", _fifo, f"error: build = 'build' is a named pipe (FIFO), {NOT_A_FOLDER}"),
    ("site", _file, f"error: site = 'site' is a file, {NOT_A_FOLDER}"),
    ("site", _fifo, f"error: site = 'site' is a named pipe (FIFO), {NOT_A_FOLDER}"),
    ("site", _link_to_file, f"error: site = 'site' is a symbolic link to a file, {NOT_A_FOLDER}"),
    ("site", _loop, "error: site = 'site' cannot be followed: Symlink loop from "),
]


@pytest.mark.parametrize(
    ("relative", "make", "expected"),
    WRONG,
    ids=[f"{relative}-{make.__name__.strip('_')}" for relative, make, _ in WRONG],
)
def test_the_wrong_kind_of_file_is_one_located_line_and_never_hangs(
    tmp_path: Path, relative: str, make: Callable[[Path], None], expected: str
) -> None:
    root = copy_sources(tmp_path / "project")
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    make(root / relative)
    lock = {"project/build/.lock", f"project/build/{MARKER}"}  # what a build holds there
    before = {path: data for path, data in tree(tmp_path).items() if path not in lock}
    code, err = _build_and_wait(root)
    assert code == 2, err
    assert "[stage-crashed]" not in err and "Traceback" not in err
    [line] = [line for line in err.splitlines() if expected in line]
    if relative in {"build", "site"}:
        assert line.startswith(f"pyproject.toml:{line_of(root, f'{relative} =')}: error: ")
    else:
        assert line == f"{expected} [{'build-state' if 'state' in relative else 'build-lock'}]"
    after = {path: data for path, data in tree(tmp_path).items() if path not in lock}
    assert after == before, "nothing else was written, through a link or otherwise"


@pytest.mark.parametrize(
    "record", [b"{not json", b"\xff\xfe", b"[" * 100_000], ids=["not JSON", "not UTF-8", "nested"]
)
def test_a_damaged_record_of_finished_work_is_no_record(tmp_path: Path, record: bytes) -> None:
    """Bad JSON, bytes that are not UTF-8, nesting deeper than Python's stack: the build
    redoes everything, as for a missing record."""
    from build_tools.state import BuildState

    path = tmp_path / "state.json"
    path.write_bytes(record)
    state = BuildState(path)
    assert state.entries == {}
    state.record("step", "inputs", [])
    state.save()
    assert BuildState(path).entries == {"step": {"inputs": "inputs", "outputs": {}}}


class Killed(Exception):
    pass


def _stopped_after(allowed: int) -> Callable[..., None]:
    """``Path.unlink`` that deletes ``allowed`` files, then stops as a kill would."""
    unlink, done = Path.unlink, [0]

    def stopping(self: Path, missing_ok: bool = False) -> None:
        if done[0] == allowed:
            raise Killed
        done[0] += 1
        unlink(self, missing_ok=missing_ok)

    return stopping


def _made(folder: Path, mark: str) -> Path:
    """A folder a build made: a staging folder (``marker``) or a site (``manifest``)."""
    for relative in ("en/index.html", "en/a/b.html", "fr/index.html", "index.html"):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(relative, "utf-8")
    if mark == "marker":
        (folder / MARKER).write_text("made by build_tools\n", "utf-8")
        return folder
    files = [
        f'{{"path": "{p.relative_to(folder).as_posix()}", "sha256": "x"}}'
        for p in sorted(folder.rglob("*.html"))
    ]
    (folder / "manifest.json").write_text(f'{{"files": [{", ".join(files)}]}}', "utf-8")
    (folder / "manifest.json.sig").write_bytes(b"signature")
    return folder


@pytest.mark.parametrize("mark", ["marker", "manifest"])
def test_a_folder_a_build_was_killed_while_removing_is_still_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mark: str
) -> None:
    """Its marks go last: stopped after any number of deletions, what is left is still
    recognised as a build's (so the next build removes it rather than refusing it)."""
    from build_tools.outputs import discard, foreign_file

    count = len(list(_made(tmp_path / "count", mark).rglob("*.*")))
    for allowed in range(count):
        folder = _made(tmp_path / f"killed-after-{allowed}", mark)
        monkeypatch.setattr(Path, "unlink", _stopped_after(allowed))
        with pytest.raises(Killed):
            discard(folder)
        monkeypatch.undo()
        assert len(list(folder.rglob("*.*"))) == count - allowed
        assert foreign_file(folder) is None, f"killed after {allowed} deletions"
        discard(folder)
        assert not folder.exists()
