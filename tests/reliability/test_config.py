"""A wrong configuration is refused before anything runs: pyproject.toml:LINE, exit 2,
and nothing of the project is touched (a site folder of "." once replaced the clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_sources, run_cli


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def run_with(root: Path, old: str, new: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    config = root / "pyproject.toml"
    text = config.read_text("utf-8")
    assert text.count(old) == 1, old
    config.write_text(text.replace(old, new), "utf-8")
    (root / ".git").mkdir(exist_ok=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    before = tree(root)
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert tree(root) == before, "nothing of the project was touched"
    return code, err


def line_of(root: Path, needle: str) -> int:
    lines = (root / "pyproject.toml").read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line and not line.startswith("#"))


CASES = [
    (
        'site = "site"',
        'site = "."',
        "site =",
        "site = '.' is the project folder; a build would replace it",
    ),
    (
        'site = "site"',
        'site = "source"',
        "site =",
        "site = 'source' overlaps source/; a build would overwrite it",
    ),
    (
        'site = "site"',
        'site = ".git/x"',
        "site =",
        "site = '.git/x' overlaps .git/; a build would overwrite it",
    ),
    (
        'build = "build"',
        'build = "translations"',
        "build =",
        "build = 'translations' overlaps translations/; a build would overwrite it",
    ),
    (
        "listing_threshold = 50",
        'listing_threshold = "abc"',
        "listing_threshold",
        "listing_threshold must be a number from 0 to 100, not 'abc'",
    ),
    (
        "listing_threshold = 50",
        "listing_threshold = 150",
        "listing_threshold",
        "listing_threshold must be a number from 0 to 100, not 150",
    ),
    (
        '{ code = "fr", iso = "fra" }',
        '{ code = "../../escape", iso = "fra" }',
        '"../../escape"',
        'language code \'../../escape\' is not a BCP 47 tag such as "fr" or "zh-Hant"',
    ),
    (
        '{ code = "es", iso = "spa" }',
        '{ code = "fr", iso = "fra" }',
        '"fr"',
        "language 'fr' is listed twice",
    ),
    (
        '{ code = "es", iso = "spa" }',
        '{ code = "xx", iso = "xxx" }',
        '"xx"',
        "language 'xx': locale 'xx' is unknown to CLDR (Babel)",
    ),
    (
        '{ code = "es", iso = "spa" }',
        '{ code = "es" }',
        '"es"',
        "language 'es' needs iso = its ISO 639-2 code, e.g. \"fra\"",
    ),
]


@pytest.mark.parametrize(("old", "new", "needle", "message"), CASES, ids=[c[1] for c in CASES])
def test_a_wrong_setting_is_refused_with_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    needle: str,
    message: str,
) -> None:
    root = copy_sources(tmp_path)
    code, err = run_with(root, old, new, capsys)
    assert code == 2
    assert f"pyproject.toml:{line_of(root, needle)}: error: {message} [config]" in err.splitlines()
    assert "Traceback" not in err


def test_a_toml_syntax_error_names_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path)
    code, err = run_with(root, "listing_threshold = 50", "listing_threshold = = 50", capsys)
    assert code == 2
    line = line_of(root, "listing_threshold = = 50")
    assert err.startswith(f"pyproject.toml:{line}: error: not valid TOML: ")
