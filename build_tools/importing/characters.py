"""The one rule for the characters of an imported text.

Every character is written as the editor typed it (no-break spaces U+00A0 and U+202F,
thin and other spaces, typographic quotes, dashes, apostrophes), except:

* **whitespace** that lays text out (space, tab, line breaks; U+000B and U+000C, which
  Word and PDF copies leave; the line and paragraph separators U+2028, U+2029): a run
  of it is one space, and none opens or ends a paragraph;
* the characters of :data:`DROPPED`, which are hints to a typesetter, not text;
* **control characters** (other than that whitespace) and noncharacters, which no text
  holds and XML cannot: they are refused, with their line and column
  (:func:`refused`).

Word's fields follow the same rule: a field's instruction (``NOTEREF _Ref1 \\h``,
``DATE``) is not text and is dropped, the result Word shows is kept
(:func:`build_tools.importing.readers.read_docx`).

:func:`normalize` applies the rule to a whole text; the writer applies it character by
character (:func:`kind`), and the preservation check applies :func:`normalize` to both
the input and the written document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

WHITESPACE = frozenset(" \t\n\r\x0b\x0c\u2028\u2029")
DROPPED: dict[str, str] = {
    "\u00ad": "a soft hyphen marks where a word may be hyphenated",
    "\u200b": "a zero-width space marks where a line may break",
    "\ufeff": "a byte-order mark (or zero-width no-break space) marks the encoding",
}
Kind = Literal["kept", "space", "dropped", "refused"]
_SPACES = re.compile("[" + re.escape("".join(sorted(WHITESPACE))) + "]+")


def kind(character: str) -> Kind:
    """What the rule does with one character."""
    if character in WHITESPACE:
        return "space"
    if character in DROPPED:
        return "dropped"
    category = unicodedata.category(character)
    if category in {"Cc", "Cs"} or _noncharacter(character):
        return "refused"
    return "kept"


def _noncharacter(character: str) -> bool:
    point = ord(character)
    return 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE


def normalize(text: str) -> str:
    """``text`` as the rule keeps it: dropped characters out, each run of whitespace one
    space, none at either end."""
    kept = "".join(c for c in text if c not in DROPPED)
    return _SPACES.sub(" ", kept).strip(" ")


def refused(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of each character the rule refuses."""
    for index, character in enumerate(text):
        if kind(character) == "refused":
            yield index, character


def describe(character: str) -> str:
    """``U+00A0 NO-BREAK SPACE``; a control character has no name: ``U+0007 <control>``."""
    if not character:
        return "the end of the text"
    fallback = "<control>" if unicodedata.category(character) == "Cc" else "<unnamed>"
    return f"U+{ord(character):04X} {unicodedata.name(character, fallback)}"
