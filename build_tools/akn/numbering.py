"""Reading and writing list numbers: 1, 2, 3 / a, b, c / i, ii, iii."""

from __future__ import annotations

import re

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _core(label: str) -> str | None:
    """The number inside decorations like '(3)', '7.', 'a)'; None if there is none."""
    match = re.fullmatch(r"\W*([0-9]+|[A-Za-z]+)\W*", label)
    return match.group(1) if match else None


def _roman(text: str) -> int | None:
    text = text.lower()
    if not text or any(ch not in ROMAN for ch in text):
        return None
    total = 0
    for current, following in zip(text, [*text[1:], ""], strict=True):
        value = ROMAN[current]
        total += -value if following and ROMAN[following] > value else value
    return total


def _letters(text: str) -> int | None:
    text = text.lower()
    if len(set(text)) != 1 or not text.isalpha():
        return None
    return (ord(text[0]) - ord("a") + 1) + 26 * (len(text) - 1)


def sequence_value(labels: list[str]) -> list[int] | None:
    """Ordinal values of a list of labels, all read in one style; None if unreadable."""
    cores = [_core(label) for label in labels]
    if not cores or any(c is None for c in cores):
        return None
    items = [c for c in cores if c is not None]
    if all(c.isdigit() for c in items):
        return [int(c) for c in items]
    if items[0].lower() == "i" and all(_roman(c) for c in items):
        return [v for v in (_roman(c) for c in items) if v is not None]
    letters = [_letters(c) for c in items]
    if all(v is not None for v in letters):
        return [v for v in letters if v is not None]
    return None
