"""Fonts per script, from pip packages only (nothing is downloaded at run time)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import fontpkg
import noto_cjk


@dataclass(frozen=True, slots=True)
class FontSetup:
    families: tuple[str, ...]  # in fallback order
    emphasis: str  # how emphasis is shown where the face has no italic: italic, bold, dots
    hyphenate: bool
    region: str = ""
    leading: str = "0.7em"  # line spacing: scripts with tall marks need more


SETUPS = {
    "latin": FontSetup(("Noto Serif", "Noto Sans"), "italic", True),
    "arabic": FontSetup(
        ("Amiri", "Noto Serif", "Noto Sans Arabic"), "bold", False, leading="1.0em"
    ),
    "chinese": FontSetup(
        ("Noto Sans CJK SC", "Noto Serif"), "dots", False, region="CN", leading="0.85em"
    ),
}
SCRIPTS = {"ar": "arabic", "zh": "chinese"}


def setup_for(language: str) -> FontSetup:
    return SETUPS[SCRIPTS.get(language.split("-")[0], "latin")]


@functools.cache
def font_folders() -> tuple[Path, ...]:
    """Folders holding every font we use (Typst wants folders, not files)."""
    folders = {
        fontpkg.path(name).parent
        for name in ("Noto Serif", "Noto Sans", "Noto Sans Arabic", "Amiri")
    }
    folders.add(Path(noto_cjk.otc_path("sans")).parent)
    return tuple(sorted(folders))


@functools.cache
def _family_file(family: str) -> tuple[Path, int]:
    if family == "Noto Sans CJK SC":
        return Path(noto_cjk.otc_path("sans")), 2
    return Path(fontpkg.path(family)), 0


@functools.cache
def _coverage(family: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    path, index = _family_file(family)
    with TTFont(str(path), fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str, language: str) -> list[str]:
    """Characters of ``text`` that no font of the language's stack can draw."""
    families = setup_for(language).families
    missing = []
    for character in sorted(set(text)):
        if character.isspace() or not character.isprintable():
            continue
        if not any(ord(character) in _coverage(family) for family in families):
            missing.append(character)
    return missing
