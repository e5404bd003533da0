"""Edges of the command line: names, languages, the preview server, the lock, and a
published site checked by anyone, with or without a signature."""

from __future__ import annotations

import json
import shutil
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.config import load_project
from build_tools.manifest import document_of, verify_site
from build_tools.serve import start_server
from build_tools.state import BuildState, build_lock
from tests.conftest import copy_sources, run_cli

NAME = "ipu-132-cyber-warfare-draft"


@pytest.mark.parametrize("name", ["..xml", "assets.xml", "downloads.xml"])
def test_a_document_name_that_is_not_a_safe_slug_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    root = copy_sources(tmp_path)
    shutil.copy(root / "source" / f"{NAME}.xml", root / "source" / name)
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 1
    assert f"source/{name}: error: document name {Path(name).stem!r} must be a slug" in err
    assert not (root / "site").exists()


def test_a_target_listed_before_the_source_language_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path)
    config = root / "pyproject.toml"
    lines = config.read_text("utf-8").splitlines(keepends=True)
    english = next(i for i, line in enumerate(lines) if '{ code = "en"' in line)
    french = next(i for i, line in enumerate(lines) if '{ code = "fr"' in line)
    lines[english], lines[french] = lines[french], lines[english]
    config.write_text("".join(lines), "utf-8")
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 1
    assert "error: the document is in 'eng' but the source language of the project is 'fra'" in err


def test_an_empty_source_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path)
    for path in (root / "source").glob("*.xml"):
        path.unlink()
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 2 and "no documents (*.xml)" in err and "Traceback" not in err


def test_update_waits_for_no_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sources(tmp_path)
    with build_lock(root / "build"):
        code, err = run_cli(root, ["update"], capsys)
    assert code == 2 and "another build is running" in err


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_preview_refuses_bad_paths_and_lists_no_folder(tmp_path: Path) -> None:
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "x.txt").write_text("x", "utf-8")
    server = start_server(tmp_path, 0)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert get(f"{base}/page/x.txt") == 200
        assert get(f"{base}/page/") == 404, "no folder listing"
        assert get(f"{base}/page/%00x.txt") == 400
        assert get(f"{base}/page/..%2f..%2fetc%2fpasswd") == 400
    finally:
        server.shutdown()
        server.server_close()


def test_the_preview_checks_its_port_before_building(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err = run_cli(root, ["serve", "--port", str(port)], capsys)
    assert code == 2 and f"cannot serve on port {port}" in err
    assert not (root / "build").exists(), "nothing was built"


def manifest_site(folder: Path, files: list[dict[str, str]]) -> Path:
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"files": files}), "utf-8")
    return folder


def test_verify_refuses_unsafe_and_malformed_manifests(tmp_path: Path) -> None:
    unsafe = manifest_site(
        tmp_path / "unsafe",
        [{"path": "../secret", "sha256": ""}, {"path": "/etc/passwd", "sha256": ""}],
    )
    codes = [(d.code, d.message) for d in verify_site(unsafe)]
    assert codes == [
        ("manifest-path", "../secret: not a path inside the site"),
        ("manifest-path", "/etc/passwd: not a path inside the site"),
    ]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text('{"files": [', "utf-8")
    [problem] = verify_site(broken)
    assert problem.code == "manifest-malformed"


def test_a_signed_site_verifies_with_its_key_and_only_with_it(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    copy_sources(root)
    keys = tmp_path / "keys"
    assert run_cli(root, ["keygen", str(keys / "ipu.key")], capsys)[0] == 0
    assert run_cli(root, ["keygen", str(keys / "other.key")], capsys)[0] == 0
    inside = root / "ipu.key"
    shutil.copy(keys / "ipu.key", inside)
    code, err = run_cli(root, ["build", "--quiet", "--sign", str(inside)], capsys)
    assert code == 2 and "must be kept outside the repository" in err
    shutil.copytree(published / "build", root / "build")  # reuse the outputs: only publish runs
    assert run_cli(root, ["build", "--quiet", "--sign", str(keys / "ipu.key")], capsys)[0] == 0
    site = root / "site"
    assert verify_site(site, keys / "ipu.key.pub") == []
    state = BuildState(load_project(root).layout.state_file())  # recorded: the signature too
    assert state.entries["build"]["outputs"] == state.digests([site])
    [wrong] = verify_site(site, keys / "other.key.pub")
    assert wrong.code == "manifest-signature"
    manifest = site / "manifest.json"
    manifest.write_text(manifest.read_text("utf-8").replace('"draft"', '"adopted"', 1), "utf-8")
    codes = {d.code for d in verify_site(site, keys / "ipu.key.pub")}
    assert codes == {"manifest-signature"}
    (site / "manifest.json.sig").unlink()
    [missing] = verify_site(site, keys / "ipu.key.pub")
    assert "not signed" in missing.message


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("fr/res-1/index.html", "res-1"),
        ("fr/res-10/index.html", "res-10"),
        ("fr/res-10/parallel/index.html", "res-10"),
        ("fr/downloads/res-1.fr.pdf", "res-1"),
        ("fr/downloads/res-10.fr.pdf", "res-10"),
        ("fr/res-1-old/index.html", ""),
        ("fr/assets/site.css", ""),
    ],
)
def test_the_manifest_gives_each_file_to_its_own_document(relative: str, expected: str) -> None:
    """One document's name may begin another's: neither takes the other's files."""
    assert document_of(relative, ["res-1", "res-10", "res-2"]) == expected


NAME_PART = st.text(alphabet="abr-.10_", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(NAME_PART, max_size=6),
    parts=st.lists(NAME_PART, min_size=1, max_size=4),
)
def test_a_files_document_is_the_longest_name_that_holds_or_begins_it(
    names: list[str], parts: list[str]
) -> None:
    """document_of looks each part of the path up (it is asked of every file of a site of
    62,000 files at N=1000): the same answer as trying every name against the path."""
    relative = "/".join(parts)
    *folders, file = parts
    tried = [n for n in names if n in folders or file.startswith(f"{n}.")]
    assert document_of(relative, names) == max(tried, key=lambda n: (len(n), n), default="")
    assert document_of(relative, set(names)) == document_of(relative, dict.fromkeys(names))
