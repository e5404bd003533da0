from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "ipu-132-cyber-warfare.xml"
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "akn-samples"
SEED = SHARED / "seed" / "resolution-en.txt"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_shared(path: Path) -> Path:
    """Third-party material lives outside the repository: skip on a user's machine,
    fail in CI, where it must be present."""
    if path.exists():
        return path
    if IN_CI:
        pytest.fail(f"{path} is missing (required when CI=true)")
    pytest.skip(f"{path} is not present on this machine")


@pytest.fixture(autouse=True)
def _project_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands resolve the project and show paths relative to it."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def source_text() -> str:
    return SOURCE.read_text("utf-8")


def copy_sources(folder: Path) -> Path:
    """A scratch copy of the project's inputs (configuration, sources, catalogs)."""
    import shutil

    for name in ("pyproject.toml", "source", "translations"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    return folder


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project, fully built: AKN, PDF, EPUB, site. Returns its root."""
    from build_tools.cli import main

    root = copy_sources(tmp_path_factory.mktemp("published"))
    previous = Path.cwd()
    os.chdir(root)
    try:
        assert main(["build"]) == 0
    finally:
        os.chdir(previous)
    return root
