from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "ipu-132-cyber-warfare-draft.xml"
FIXTURES = ROOT / "tests" / "fixtures"
# Fictional documents, never in source/: a demonstration corrigendum of the draft (a later
# version of the same work) and an adopted test resolution made from the draft.
CORRIGENDUM = "ipu-132-cyber-warfare-draft_2026-11-28"
ADOPTED = "test-adopted-resolution"
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


# The checkout is never built in: a test that builds, merges, updates, extracts or
# publishes does it in a copy (copy_sources, build_copy, published). A test that did it
# here would pass or fail by what the checkout's build/ and site/ hold (a newcomer's
# `nox -s build` made such a build a no-op) and would change them: so they are watched.
WATCHED = ("build", "site", "source", "translations", "pyproject.toml")
Stamp = tuple[int, int, int] | None  # size, modification time, inode; None: absent


def _stamp(path: Path) -> Stamp:
    try:
        found = path.lstat()
    except FileNotFoundError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino)


def checkout_stamps(*, every_file: bool) -> dict[str, Stamp]:
    """The stamps of the checkout's watched paths. Without ``every_file``, what any
    command writing there changes (each takes build/.lock, a build writes
    build/state.json, publishing replaces site/), and the inputs: a few dozen files."""
    paths = [ROOT / name for name in WATCHED]
    paths += [ROOT / "build" / ".lock", ROOT / "build" / "state.json"]
    for name in WATCHED[:4] if every_file else ("source", "translations"):
        paths += sorted((ROOT / name).rglob("*"))
    return {path.relative_to(ROOT).as_posix(): _stamp(path) for path in paths}


def _changes(before: dict[str, Stamp], after: dict[str, Stamp]) -> str:
    changed = sorted(
        key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    )
    shown = ", ".join(changed[:8]) + (f" and {len(changed) - 8} more" if len(changed) > 8 else "")
    return (
        f"the checkout changed: {shown}. Tests build in a copy (tests/conftest.py: "
        "copy_sources, build_copy, published), never in the checkout (or did something "
        "else build here meanwhile?)"
    )


@pytest.fixture(autouse=True, scope="session")
def _checkout_untouched_by_the_session() -> Iterator[None]:
    before = checkout_stamps(every_file=True)
    yield
    after = checkout_stamps(every_file=True)
    if after != before:
        pytest.fail(_changes(before, after))


@pytest.fixture(autouse=True)
def _checkout_untouched() -> Iterator[None]:
    before = checkout_stamps(every_file=False)
    yield
    after = checkout_stamps(every_file=False)
    if after != before:
        pytest.fail(_changes(before, after))


@pytest.fixture
def source_text() -> str:
    return SOURCE.read_text("utf-8")


def copy_sources(folder: Path, fixtures: tuple[str, ...] = (), origin: Path = ROOT) -> Path:
    """A scratch copy of a project's inputs (configuration, sources, catalogs; ours unless
    ``origin`` is given), with the sources and catalogs of ``fixtures`` (folders of
    tests/fixtures/) added."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "source", "translations"):
        source = origin / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    for fixture in fixtures:
        for name in ("source", "translations"):
            if (FIXTURES / fixture / name).is_dir():
                shutil.copytree(FIXTURES / fixture / name, folder / name, dirs_exist_ok=True)
    return folder


def build_copy(folder: Path, fixtures: tuple[str, ...] = ()) -> Path:
    """``copy_sources``, then a full build in it. Returns its root."""
    return build_in(copy_sources(folder, fixtures))


def build_in(root: Path) -> Path:
    """A full build of the project in ``root``, as ``python -m build_tools build``."""
    from build_tools.cli import main

    previous = Path.cwd()
    os.chdir(root)
    try:
        assert main(["build"]) == 0
    finally:
        os.chdir(previous)
    return root


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project, fully built: AKN, PDF, EPUB, site. Returns its root."""
    return build_copy(tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="session")
def versioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration project (``nox -s demo``): the fictional fixtures added (a
    corrigendum of the draft and an adopted text made from it), fully built."""
    from tests.demo import make_demo

    return build_in(make_demo(tmp_path_factory.mktemp("versioned")))


def run_cli(root: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``python -m build_tools ARGV`` run in ``root``: its exit status and its stderr."""
    from build_tools.cli import main

    capsys.readouterr()
    previous = Path.cwd()
    os.chdir(root)
    try:
        code = main(argv)
    finally:
        os.chdir(previous)
    return code, capsys.readouterr().err


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright (fails in CI when missing)."""
    from tests.helpers import CHROMIUM, FLAGS, playwright_api, require

    require(Path(CHROMIUM).exists(), "Debian's chromium")
    with playwright_api().sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()
