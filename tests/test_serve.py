"""The preview's change detection and server."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from build_tools.serve import changed, snapshot, start_server


def test_snapshot_sees_edits_additions_and_removals(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text("one", "utf-8")
    before = snapshot([tmp_path])
    (tmp_path / "a.xml").write_text("one more", "utf-8")
    (tmp_path / "b.po").write_text("new", "utf-8")
    after = snapshot([tmp_path])
    assert changed(before, after) == [str(tmp_path / "a.xml"), str(tmp_path / "b.po")]
    (tmp_path / "b.po").unlink()
    assert changed(after, snapshot([tmp_path])) == [str(tmp_path / "b.po")]
    assert changed(after, after) == []


def test_server_serves_the_site_folder(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", "utf-8")
    server = start_server(tmp_path, 0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as response:
            assert response.status == 200
            assert b"<title>t</title>" in response.read()
    finally:
        server.shutdown()
        server.server_close()
