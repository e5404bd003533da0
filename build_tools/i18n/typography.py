"""Typographic conventions per language: quotation marks and punctuation, as the
language profile (:mod:`build_tools.languages`) gives them."""

from __future__ import annotations

from build_tools.languages import CLAUSE_ENDS, NBSP, NNBSP, Typography, profile

__all__ = ["NBSP", "NNBSP", "Typography", "end_kind", "expected_end", "typography"]


TYPEWRITER_APOSTROPHE = "'"


def typography(language: str) -> Typography:
    return profile(language).typography


def end_kind(text: str) -> str | None:
    stripped = text.rstrip()
    if not stripped:
        return None
    for kind, characters in CLAUSE_ENDS.items():
        if stripped[-1] in characters:
            return kind
    return None


def expected_end(language: str, kind: str) -> str:
    style = typography(language)
    return {
        "comma": style.comma,
        "semicolon": style.semicolon,
        "full stop": style.full_stop,
        "colon": style.colon,
    }[kind]
