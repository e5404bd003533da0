"""Faults of the machine, not of the input: a full disk, a folder we may not write, a
lock that is not a file. Each is one located line and an exit status, never a
traceback; nothing is half-published and no temporary tree is left behind.

Running as root, permissions do not stop us, so the faults are injected where the
operating system would raise them."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from build_tools.manifest import verify_site
from tests.conftest import copy_sources, run_cli
from tests.helpers import copy_published, tree_digest


def _full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def project(published: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the published project, and the digest of its site."""
    root = copy_published(published, tmp_path / "project")
    return root, tree_digest(root / "site")


def test_a_full_disk_while_publishing_keeps_the_old_site_and_leaves_no_staging(
    project: tuple[Path, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, before = project
    staging, write_bytes = root / ".site.new", Path.write_bytes

    def write_staged(self: Path, data: bytes) -> int:
        if self.is_relative_to(staging):
            _full_disk()
        return write_bytes(self, data)

    # Everything is fresh: only publish writes, into its staging tree, where neither a
    # file nor a link to the published one fits any more.
    monkeypatch.setattr(Path, "write_bytes", write_staged)
    monkeypatch.setattr(os, "link", _full_disk)
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 1
    [crash] = [line for line in err.splitlines() if "[stage-crashed]" in line]
    assert "the publish stage failed" in crash and "No space left on device" in crash
    assert "Traceback" not in err
    assert not (root / ".site.new").exists(), "no staging tree is left to fill the disk"
    assert tree_digest(root / "site") == before
    monkeypatch.undo()
    assert run_cli(root, ["build", "--quiet"], capsys)[0] == 0
    assert verify_site(root / "site") == []


def test_a_site_folder_that_cannot_be_written_is_one_line(
    project: tuple[Path, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, before = project
    original = Path.rename

    def refuse(self: Path, target: str | Path) -> Path:
        if Path(target).name in {"site", ".site.old"}:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return original(self, target)

    monkeypatch.setattr(Path, "rename", refuse)
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    [crash] = [line for line in err.splitlines() if "[stage-crashed]" in line]
    assert code == 1 and "the publish stage failed" in crash and "Permission denied" in crash
    assert "Traceback" not in err
    assert not (root / ".site.new").exists()
    assert tree_digest(root / "site") == before


def test_a_user_s_haskell_runtime_options_do_not_stop_pandoc(
    project: tuple[Path, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root, _ = project
    monkeypatch.setenv("GHCRTS", "-Znot-an-option")  # refused by every Haskell program
    catalog = root / "translations" / "fr" / "ui.po"
    site_name = 'msgstr "Résolutions de l’UIP"'
    text = catalog.read_text("utf-8")
    assert site_name in text
    catalog.write_text(text.replace(site_name, 'msgstr "Les résolutions de l’UIP"'), "utf-8")
    code, err = run_cli(root, ["build", "--quiet", "--jobs", "2"], capsys)
    assert code == 0, err  # every French output made again, by Pandoc
    assert "Les résolutions" in (root / "site" / "fr" / "index.html").read_text("utf-8")


def test_a_lock_that_is_a_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path)
    (root / "build" / ".lock").mkdir(parents=True)
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 2 and "Traceback" not in err
    assert "build/.lock" in err and "not a file" in err
    assert not (root / "site").exists()
