"""Characters a catalog must not hold, or should hold only on purpose.

* Control characters (C0 but tab and newline, DEL, C1) and noncharacters (U+FDD0 to U+FDEF,
  U+FFFE and U+FFFF of every plane) are never text: XML cannot hold most of them, fonts
  have no glyph for the rest. A catalog with one is refused (``po-control``).
* Format characters (Unicode category Cf) are invisible; in the PO header they hide what
  the fields say from the tools (see :mod:`build_tools.i18n.header`).
* Bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) change
  the order in which the text around them is shown; in a translation each is reported
  (``po-bidi``), as a warning since one can be meant. The directional marks LRM, RLM and
  ALM (U+200E, U+200F, U+061C) are not: they set the direction of the characters next to
  them and nothing more, and Arabic text needs them around Latin symbols and numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
STRING_LINE = re.compile(r'^\s*(?:msg[a-z_]+(?:\[\d+\])?\s+)?"')  # msgid, msgstr, "…" lines
ESCAPE = re.compile(r"\\.")

Found = tuple[int, int, str]  # 1-based line and column, and what is there


def describe(character: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE' (controls have no name: 'U+0001')."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}".rstrip()


def is_format(character: str) -> bool:
    return unicodedata.category(character) == "Cf"


def is_noncharacter(character: str) -> bool:
    code = ord(character)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def is_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc" and character not in "\t\n"


def visible(line: str) -> str:
    """``line`` without format characters, controls and noncharacters (a final
    carriage return, the end of a line written on Windows, is kept)."""
    body, end = (line[:-1], "\r") if line.endswith("\r") else (line, "")
    hidden = (is_format, is_control, is_noncharacter)
    return "".join(c for c in body if not any(test(c) for test in hidden)) + end


def unwanted(lines: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """Every control character and noncharacter in the file's ``lines`` as
    (line, column, what): raw, or written ``\\r`` in a quoted string."""
    for number, line in enumerate(lines, 1):
        body = line[:-1] if line.endswith("\r") else line
        for column, character in enumerate(body, 1):
            if is_control(character):
                yield number, column, f"control character {describe(character)}"
            elif is_noncharacter(character):
                yield number, column, f"noncharacter {describe(character)}"
        if STRING_LINE.match(body):
            for escape in ESCAPE.finditer(body):
                if escape.group() == "\\r":
                    yield number, escape.start() + 1, "control character U+000D (written \\r)"


def found_in(lines: Sequence[str], first: int, wanted: frozenset[str] | None = None) -> list[Found]:
    """The format characters (or those of ``wanted``) in ``lines``, the first of which
    is line ``first`` of the file."""
    return [
        (number, column, character)
        for number, line in enumerate(lines, first)
        for column, character in enumerate(line, 1)
        if (character in wanted if wanted is not None else is_format(character))
    ]
