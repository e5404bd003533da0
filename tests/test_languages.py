"""The language profile: every per-language fact in build_tools/languages.py, from CLDR
where it knows them; a language of a known script is one line of pyproject.toml, one of
a new script one entry of the profile, and one of a script it does not know is refused."""

from __future__ import annotations

import ast
import dataclasses
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from build_tools import languages
from build_tools.languages import SCRIPTS, Typography, profile
from tests.conftest import ROOT, copy_sources, run_cli
from tests.helpers import NAME, main_in

PACKAGE = ROOT / "build_tools"
LAST_LANGUAGE = '    { code = "zh", iso = "zho", locale = "zh_Hans" },\n'


def test_direction_script_and_region_come_from_cldr() -> None:
    # Urdu and Persian are named by no table of ours: CLDR says they are right to left,
    # in the Arabic script.
    for code in ("ar", "ur", "fa"):
        assert (profile(code).direction, profile(code).script.code) == ("rtl", "Arab")
    assert profile("fr").direction == "ltr"
    chinese = profile("zh")
    assert (chinese.script.code, chinese.region) == ("Hans", "CN")
    assert (chinese.epub_lang, chinese.typst_region, chinese.script.spaced) == (
        "zh-Hans",
        "CN",
        False,
    )
    assert (profile("fr").epub_lang, profile("fr").typst_region) == ("fr", "")
    assert profile("pt").script is SCRIPTS["Latn"]  # pt_Latn_BR, CLDR's likely subtags


def test_ours_are_by_script_with_each_language_where_it_departs() -> None:
    assert profile("ru").typography.quotes == ("«", "»") == profile("es").typography.quotes
    assert profile("fr").typography.space_before == ";:!?"
    assert profile("pt").typography == SCRIPTS["Latn"].typography
    assert [profile(c).words for c in ("en", "ru", "ar", "zh")] == [
        "suffixed",
        "stemmed",
        "contained",
        "contained",
    ]


def test_a_language_of_a_script_without_a_profile_cannot_be_described() -> None:
    with pytest.raises(languages.UnknownLanguage, match=r"Grek \(Greek\), has no profile"):
        profile("el")


# Strings that name a language or a script: no module but the profile may hold them.
NAMED = {"fr", "es", "ar", "ru", "zh", "he", "fa", "ur", "ja", *SCRIPTS}
# English is the language of the sources, of imports and of the body registry's keys,
# which names each body in the six UN languages (registry data, not how a language behaves).
REGISTRY_LANGUAGES = "bodies.py"
LANG_SELECTOR = re.compile(r"""lang\(([a-z]{2,3})\)|lang="([a-z]{2,3})\"""")


def _named_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in docstrings and node.value in NAMED
    ]


def test_no_module_but_the_profile_names_a_language_or_a_script() -> None:
    found = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in {"languages.py", REGISTRY_LANGUAGES}
        for hit in _named_in(path)
    ]
    for path in sorted((PACKAGE / "templates").rglob("*")):
        if path.is_file():
            text = path.read_text("utf-8")
            found += [f"{path.relative_to(ROOT)}: {m[0]}" for m in LANG_SELECTOR.finditer(text)]
    assert found == []


def _with_language(root: Path, line: str) -> Path:
    """``root``'s pyproject.toml with ``line`` after the last language, and every
    language listed whatever its share translated (the new one has no translation)."""
    config = root / "pyproject.toml"
    text = config.read_text("utf-8")
    assert LAST_LANGUAGE in text and "listing_threshold = 50\n" in text
    text = text.replace(LAST_LANGUAGE, LAST_LANGUAGE + line)
    config.write_text(text.replace("listing_threshold = 50\n", "listing_threshold = 0\n"))
    return root


def _published_in(root: Path, code: str) -> None:
    """The language ``code`` was built and published: its catalog, its site, its PDF and
    EPUB in its language, and every other site's chooser and the entry page list it."""
    site = root / "site"
    assert (root / "translations" / code / f"{NAME}.po").is_file()
    assert f'<html lang="{code}"' in (site / code / "index.html").read_text("utf-8")
    downloads = site / code / "downloads"
    catalog: Any = PdfReader(downloads / f"{NAME}.{code}.pdf").trailer["/Root"]
    assert catalog["/Lang"] == code
    with zipfile.ZipFile(downloads / f"{NAME}.{code}.epub") as epub:
        assert f"<dc:language>{code}</dc:language>" in epub.read("EPUB/content.opf").decode()
    for other in ("en", "ar", "zh"):
        assert f'hreflang="{code}"' in (site / other / "index.html").read_text("utf-8")
    assert f'href="{code}/"' in (site / "index.html").read_text("utf-8")


def test_a_seventh_language_of_a_known_script_is_one_line_of_pyproject(tmp_path: Path) -> None:
    root = _with_language(copy_sources(tmp_path / "pt"), '    { code = "pt", iso = "por" },\n')
    assert main_in(root, ["build"]) == 0
    _published_in(root, "pt")


GREEK = '    { code = "el", iso = "ell" },\n'


def test_a_language_of_a_script_without_a_profile_is_refused_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _with_language(copy_sources(tmp_path / "el"), GREEK)
    line = root.joinpath("pyproject.toml").read_text("utf-8").splitlines().index(GREEK.rstrip())
    code, err = run_cli(root, ["build"], capsys)
    assert code == 2
    assert err.splitlines()[0] == (
        f"pyproject.toml:{line + 1}: error: language 'el': its script, Grek (Greek), has no "
        "profile: add its entry to SCRIPTS in build_tools/languages.py [config]"
    )
    assert not (root / "build").exists() and not (root / "site").exists()


@pytest.fixture
def greek_script(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """One entry more in the profile: the Greek script (Noto Serif draws it)."""
    greek = dataclasses.replace(SCRIPTS["Latn"], code="Grek", typography=Typography(("«", "»")))
    monkeypatch.setitem(SCRIPTS, "Grek", greek)
    profile.cache_clear()
    yield
    monkeypatch.undo()
    profile.cache_clear()


@pytest.mark.usefixtures("greek_script")
def test_a_language_of_a_new_script_needs_one_profile_entry(tmp_path: Path) -> None:
    root = _with_language(copy_sources(tmp_path / "el"), GREEK)
    assert main_in(root, ["build", "--jobs", "1"]) == 0  # the entry is in this process only
    _published_in(root, "el")


def test_the_site_stylesheet_has_rules_for_each_of_the_projects_languages_its_script_needs() -> (
    None
):
    from build_tools.site.styles import language_css

    css = language_css(["en", "fr", "ar"])
    assert ':lang(ar) { font-family: "Amiri", "Noto Serif", serif; }' in css
    assert "/* Emphasis where the script has no italic: bold in Arabic. */" in css
    assert ":lang(zh)" not in css and ":lang(fr)" not in css and ":lang(en)" not in css
