"""Fonts per script, from pip packages only (nothing is downloaded at run time); which
families a language uses is its profile's (:mod:`build_tools.languages`)."""

from __future__ import annotations

import functools
from pathlib import Path

import fontpkg
import noto_cjk

from build_tools.languages import Script, all_scripts, profile

CJK = "Noto Sans CJK SC"  # in noto-cjk's collection (face 2), not a fontpkg package


def setup_for(language: str) -> Script:
    return profile(language).script


@functools.cache
def font_folders() -> tuple[Path, ...]:
    """Folders holding every font we use (Typst wants folders, not files)."""
    families = {family for script in all_scripts() for family in script.fonts}
    return tuple(sorted({family_file(family)[0].parent for family in families}))


@functools.cache
def family_file(family: str) -> tuple[Path, int]:
    """The file of a packaged family, and the face's number in it."""
    if family == CJK:
        return Path(noto_cjk.otc_path("sans")), 2
    return Path(fontpkg.path(family)), 0


@functools.cache
def _coverage(family: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    path, index = family_file(family)
    with TTFont(str(path), fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str, language: str) -> list[str]:
    """Characters of ``text`` that no font of the language's stack can draw."""
    families = setup_for(language).fonts
    missing = []
    for character in sorted(set(text)):
        if character.isspace() or not character.isprintable():
            continue
        if not any(ord(character) in _coverage(family) for family in families):
            missing.append(character)
    return missing
