"""The header entry of a PO file as written: where it is and what its fields say.

Babel reads the header's msgstr with the e-mail parser, which stops at the first line it
does not take for a field (an invisible character before a name is enough) and drops
every field after it without a word; ``update`` would then write Babel's boilerplate in
their place. So the header is read here from the file's text, field by field with its
line, for :mod:`build_tools.i18n.precheck` to judge, and ``update`` writes it back exactly
as it was (:func:`with_header`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from babel.messages.pofile import unescape

MSGID = re.compile(r'^msgid\s+""\s*$')
MSGSTR = re.compile(r'^msgstr\s+(".*")\s*$')
CONTINUED = re.compile(r'^\s*(".*")\s*$')
FIELD = re.compile(r"^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$")  # a name as RFC 5322 has it


@dataclass(frozen=True, slots=True)
class Field:
    """One line of the header's text: ``name`` is empty when it is not ``Name: value``."""

    line: int  # 1-based line of the file where it starts
    name: str
    value: str
    text: str  # as written (unescaped)


@dataclass(frozen=True, slots=True)
class Header:
    msgstr: int  # 1-based line of the header's msgstr
    end: int  # number of the file's lines up to the header entry's last one
    fields: tuple[Field, ...]

    def first(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name.lower() == name.lower()), None)


def find_header(lines: Sequence[str]) -> Header | None:
    """The header entry at the start of ``lines`` (the file split at ``\\n``): comments,
    ``msgid ""``, ``msgstr`` and its continued strings; None when the file has none."""
    number = 0
    while number < len(lines) and (not lines[number].strip() or lines[number].startswith("#")):
        number += 1
    if number + 1 >= len(lines) or not MSGID.match(lines[number]):
        return None
    first = MSGSTR.match(lines[number + 1])
    if first is None:
        return None
    parts = [(number + 2, first.group(1))]
    end = number + 2
    while end < len(lines) and (match := CONTINUED.match(lines[end])):
        end += 1
        parts.append((end, match.group(1)))
    return Header(msgstr=number + 2, end=end, fields=tuple(_fields(parts)))


def _fields(parts: list[tuple[int, str]]) -> Iterator[Field]:
    current, start = "", 0
    for line, quoted in parts:
        for piece, ended in _pieces(unescape(quoted)):
            if not current:
                start = line
            current += piece
            if ended:
                yield _field(start, current)
                current = ""
    if current:
        yield _field(start, current)


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut after each newline: (piece, whether a newline ended it)."""
    *ended, rest = text.split("\n")
    for piece in ended:
        yield piece, True
    if rest:
        yield rest, False


def _field(line: int, text: str) -> Field:
    match = FIELD.match(text)
    if match is None:
        return Field(line, "", "", text)
    return Field(line, match.group(1), match.group(2), text)


def header_text(lines: Sequence[str]) -> str | None:
    """The file's text from its start to the end of its header entry, exactly."""
    header = find_header(lines)
    return None if header is None else "".join(f"{line}\n" for line in lines[: header.end])


def with_header(text: str, header: str) -> str:
    """``text`` (a catalog as Babel writes it) with ``header`` in place of its own."""
    lines = text.split("\n")
    own = find_header(lines)
    assert own is not None, "Babel writes a header entry first"
    return header + "\n".join(lines[own.end :])
