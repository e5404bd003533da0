"""The one rule for the characters of an imported text.

Every character is written as the editor typed it (no-break spaces U+00A0 and U+202F,
thin and other spaces, typographic quotes, dashes, apostrophes), except:

* **whitespace** that lays text out (space, tab, line breaks; the line and paragraph
  separators U+2028, U+2029): a run of it is one space, and none opens or ends a
  paragraph;
* the characters of :data:`DROPPED`, which are hints to a typesetter, not text.

Control characters and noncharacters, which no text holds and XML cannot, never get
this far: the import refuses them, at their line and column, before reading the file
(:mod:`build_tools.importing.limits`, by the catalogs' rule). Word's fields follow the
same rule as the characters: a field's instruction (``NOTEREF _Ref1 \\h``, ``DATE``) is
not text and is dropped, the result Word shows is kept (:mod:`build_tools.importing.word`).

:func:`normalize` applies the rule to a whole text; the writer applies it character by
character (:func:`kind`), and the preservation check applies :func:`normalize` to both
the input and the written document.
"""

from __future__ import annotations

import re
from typing import Literal

from build_tools.i18n import characters as i18n_characters

WHITESPACE = frozenset(" \t\n\r\u2028\u2029")
DROPPED: dict[str, str] = {
    "\u00ad": "a soft hyphen marks where a word may be hyphenated",
    "\u200b": "a zero-width space marks where a line may break",
    "\ufeff": "a byte-order mark (or zero-width no-break space) marks the encoding",
}
Kind = Literal["kept", "space", "dropped"]
_SPACES = re.compile("[" + re.escape("".join(sorted(WHITESPACE))) + "]+")


def kind(character: str) -> Kind:
    """What the rule does with one character."""
    if character in WHITESPACE:
        return "space"
    if character in DROPPED:
        return "dropped"
    return "kept"


def normalize(text: str) -> str:
    """``text`` as the rule keeps it: dropped characters out, each run of whitespace one
    space, none at either end."""
    kept = "".join(c for c in text if c not in DROPPED)
    return _SPACES.sub(" ", kept).strip(" ")


def describe(character: str) -> str:
    """``U+00A0 NO-BREAK SPACE`` (as the catalogs' checks name characters); "" is the
    end of the text."""
    return i18n_characters.describe(character) if character else "the end of the text"
