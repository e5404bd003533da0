"""The import limits (:mod:`build_tools.import_limits`), checked before Pandoc or anything
else reads an editor's file, and on what reading it gave.

A ``.docx`` is a zip: its directory says how many parts it has and how large each is
unpacked, so a zip bomb is refused from the directory alone, nothing unpacked. A zip can
lie about those sizes, and Pandoc unpacks what the data hold, not what the directory
says; so each part is then unpacked here, a megabyte at a time, and stopped one byte past
its declared size; parts must also follow one another with no byte unaccounted for, as
Pandoc reads them, from the start. A ``.md`` or ``.txt`` must be UTF-8, without control
characters or noncharacters (one rule with the catalogs: :mod:`build_tools.i18n.characters`),
and Markdown not nested deeper than Pandoc's reader can take: its time doubles with each
bracket open at once. Pandoc itself runs with a heap and a time limit
(:func:`build_tools.render.pandoc.read`). Every refusal names the file, what was measured,
the limit and the setting that raises it.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from build_tools.diagnostics import Diagnostic, StageFailed, display_path
from build_tools.i18n.characters import describe, is_control, is_noncharacter
from build_tools.import_limits import ImportLimits, setting, size_text
from build_tools.importing.readers import Para, Run
from build_tools.render.pandoc import PandocStopped

LIMIT = "import-limit"
RATIO_FROM = 10**6  # a ratio says something of sizes above 1 MB unpacked
DIRECTORY_ENTRY = 1024  # bytes of the zip directory a part may take (name, extra, comment)
CHUNK = 2**20  # bytes unpacked at a time
END = struct.Struct("<4s4H2LH")  # end of the zip directory
END64_LOCATOR = struct.Struct("<4sLQL")
END64 = struct.Struct("<4sQ2H2L4Q")
LOCAL = struct.Struct("<4s5H3L2H")  # a part's own header
LONG = 0xFFFFFFFF  # a size kept in the zip64 extra field
THEMATIC_BREAK = re.compile(r"[ \t]*([-*_])([ \t]*\1){2,}[ \t]*")
# Every character _wrong may refuse, and a few more (tab, every character past U+1FFFD):
# found by a regular expression, each then judged by the one rule.
SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]")
BRACKET = re.compile(r"\\.|[\[\]]")  # an escaped character is none
BLOCK_MARK = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])|\(?\w{1,4}\)(?=[ \t]))")


def _over(
    shown: str, what: str, limit: str, key: str, value: float, line: int = 0, column: int = 0
) -> Diagnostic:
    """``what`` was measured, over the ``limit``; the setting ``key`` would allow ``value``
    (``limit`` empty: ``what`` says the limit)."""
    over = f"{what}, more than the import limit of {limit}" if limit else what
    message = (
        f"{over}; nothing was imported. If the file is genuine, raise the limit in "
        f"pyproject.toml, [tool.build_tools]: {setting(key, value)}"
    )
    return Diagnostic(shown, line, message, LIMIT, column=column)


def _damaged(shown: str, what: str) -> StageFailed:
    message = (
        f"not a Word document as Word writes one: {what}; the file is damaged or made to "
        "exhaust memory. Open it in Word and save it again"
    )
    return StageFailed([Diagnostic(shown, 0, message, "import-format")])


# Before reading


def admitted(path: Path, limits: ImportLimits) -> str | None:
    """The text of a ``.md`` or ``.txt`` file (None for a ``.docx``) once the file has
    passed the limits; raises StageFailed naming each one it is over."""
    shown = display_path(path)
    if path.suffix.lower() == ".docx":
        size = _size(path, shown, limits.docx_size, "docx_size")
        _check_docx(path, shown, size, limits)
        return None
    _size(path, shown, limits.text_size, "text_size")
    with path.open("rb") as stream:  # no more than the limit, should it grow meanwhile
        data = stream.read(limits.text_size + 1)
    text = _decoded(data, shown, limits)
    lines = text.split("\n")
    problems = [
        Diagnostic(shown, line, f"{what}; delete it", "import-control", column=column)
        for line, column, what in _unwanted(lines)
    ]
    if path.suffix.lower() == ".md":
        problems += _nesting(lines, shown, limits.markdown_depth)
    if problems:
        raise StageFailed(problems)
    return text


def admitted_meta(path: Path, limits: ImportLimits) -> None:
    """A metadata file (``--meta``) is a text: no larger than one may be."""
    _size(path, display_path(path), limits.text_size, "text_size")


def _size(path: Path, shown: str, limit: int, key: str) -> int:
    """The size of the file ``path``, which must be a file (not a pipe) within ``limit``."""
    if not path.is_file():
        raise StageFailed([Diagnostic(shown, 0, "not a file that can be read", "import-format")])
    size = path.stat().st_size
    if size > limit:
        what = f"the file is {size_text(size)}"
        raise StageFailed([_over(shown, what, size_text(limit), key, size)])
    return size


def _decoded(data: bytes, shown: str, limits: ImportLimits) -> str:
    if len(data) > limits.text_size:
        what = f"the file is more than {size_text(limits.text_size)}"
        limit = size_text(limits.text_size)
        raise StageFailed([_over(shown, what, limit, "text_size", len(data))])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[start : error.start].decode("utf-8", "replace")) + 1
        message = (
            f"not UTF-8: byte 0x{data[error.start]:02X} is not a character here; "
            "save the file as UTF-8 text"
        )
        raise StageFailed(
            [Diagnostic(shown, line, message, "import-encoding", column=column)]
        ) from None


def _wrong(character: str) -> str | None:
    """What ``character`` is if it is never text (a carriage return is a line's end)."""
    if is_control(character) and character != "\r":
        return f"control character {describe(character)}"
    if is_noncharacter(character):
        return f"noncharacter {describe(character)}"
    return None


def _unwanted(lines: list[str]) -> Iterator[tuple[int, int, str]]:
    for number, line in enumerate(lines, 1):
        for found in SUSPECT.finditer(line):
            if (what := _wrong(found[0])) is not None:
                yield number, found.start() + 1, what


def _block_depth(line: str) -> int:
    """Quote and list levels opening ``line``: its ``>`` and list markers, and its
    indentation (four columns a level)."""
    if THEMATIC_BREAK.fullmatch(line):
        return 0
    depth, position = 0, 0
    while marker := BLOCK_MARK.match(line, position):
        depth, position = depth + 1, marker.end()
    indent = len(line) - len(line.lstrip(" \t"))
    return depth + len(line[:indent].expandtabs(4)) // 4


def _nesting(lines: list[str], shown: str, limit: int) -> list[Diagnostic]:
    """Where the Markdown first nests deeper than ``limit``, and how deep it goes:
    brackets open at once in a paragraph (Pandoc's reader takes twice as long for each),
    or quote and list levels opening a line."""
    first: tuple[int, int, str] | None = None  # line, column, what nests there
    deepest, opened = 0, 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            opened = 0  # a paragraph ends
            continue
        if (depth := _block_depth(line)) > limit:
            deepest = max(deepest, depth)
            first = first or (number, 1, "quotes, lists or indentation opening a line")
        for mark in BRACKET.finditer(line):
            if mark[0] == "]":
                opened = max(opened - 1, 0)
            elif mark[0] == "[" and (opened := opened + 1) > limit:
                deepest = max(deepest, opened)
                first = first or (number, mark.start() + 1, "brackets [ open at once")
    if first is None:
        return []
    at, column, what = first
    nests = f"the Markdown nests {deepest} levels deep ({what}; the first too many here)"
    return [_over(shown, nests, str(limit), "markdown_depth", deepest, at, column)]


# A Word document's container


def _check_docx(path: Path, shown: str, size: int, limits: ImportLimits) -> None:
    try:
        with path.open("rb") as raw:
            _directory_size(raw, shown, size, limits)
            with zipfile.ZipFile(raw) as archive:
                parts = archive.infolist()
                problems = _declared(shown, size, parts, limits)
                if problems:
                    raise StageFailed(problems)
                _tiled(raw, shown, parts, archive.start_dir)
                for part in parts:
                    _unpacks_as_declared(raw, shown, part)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, struct.error, EOFError) as error:
        raise _damaged(shown, f"not a zip file ({error})") from None


def _directory_size(raw: BinaryIO, shown: str, size: int, limits: ImportLimits) -> None:
    """Refuse a zip whose directory has more parts, or takes more bytes, than the limit
    allows, from its end record, before :mod:`zipfile` reads the directory into memory
    (half a million parts took it 20 s and 270 MB)."""
    tail = min(size, END.size + 0xFFFF)
    raw.seek(size - tail)
    data = raw.read(tail)
    where = data.rfind(b"PK\x05\x06")
    if where < 0:
        raise _damaged(shown, "no zip directory at its end")
    _, _, _, _, parts, directory, _, _ = END.unpack_from(data, where)
    if where >= END64_LOCATOR.size and data[where - END64_LOCATOR.size :].startswith(b"PK\x06\x07"):
        _, _, offset, _ = END64_LOCATOR.unpack_from(data, where - END64_LOCATOR.size)
        raw.seek(offset)
        record = raw.read(END64.size)
        if len(record) == END64.size and record.startswith(b"PK\x06\x06"):
            parts, directory = END64.unpack(record)[7:9]
    if parts > limits.docx_parts:
        what = f"it holds {parts} parts (files in its zip container)"
        raise StageFailed([_over(shown, what, str(limits.docx_parts), "docx_parts", parts)])
    if directory > limits.docx_parts * DIRECTORY_ENTRY:
        what = (
            f"its zip directory takes {size_text(directory)}, more than {DIRECTORY_ENTRY} "
            f"bytes for each of the {limits.docx_parts} parts allowed"
        )
        count = directory / DIRECTORY_ENTRY
        raise StageFailed([_over(shown, what, str(limits.docx_parts), "docx_parts", count)])


def _declared(
    shown: str, size: int, parts: list[zipfile.ZipInfo], limits: ImportLimits
) -> list[Diagnostic]:
    """What the directory says: the number of parts, their total size unpacked, and how
    many times its packed size the file and each part unpack to."""
    problems = []
    if len(parts) > limits.docx_parts:
        what = f"it holds {len(parts)} parts (files in its zip container)"
        problems.append(_over(shown, what, str(limits.docx_parts), "docx_parts", len(parts)))
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.docx_unpacked:
        what = f"its parts unpack to {size_text(unpacked)}"
        limit = size_text(limits.docx_unpacked)
        problems.append(_over(shown, what, limit, "docx_unpacked", unpacked))
    measured = [(f"the file unpacks to {{}} times its size ({size_text(size)})", unpacked, size)]
    measured += [
        (
            f"its part {part.filename} unpacks to {{}} times its packed size",
            part.file_size,
            part.compress_size,
        )
        for part in parts
    ]
    for what, whole, packed in measured:
        ratio = whole / max(packed, 1)
        if whole > RATIO_FROM and ratio > limits.docx_ratio:
            shown_ratio = f"{ratio:.0f}"
            limit = f"{limits.docx_ratio:g} times"
            problems.append(_over(shown, what.format(shown_ratio), limit, "docx_ratio", ratio))
    return problems


def _tiled(raw: BinaryIO, shown: str, parts: list[zipfile.ZipInfo], directory: int) -> None:
    """The parts follow one another from the start of the file to its directory: no part
    overlaps another (a bomb that unpacks the same data again and again) and no byte lies
    between them (a part the directory does not list, which Pandoc would read)."""
    expected = 0
    for part in sorted(parts, key=lambda p: p.header_offset):
        if part.header_offset != expected:
            where = (
                "overlaps the part before it"
                if part.header_offset < expected
                else "does not follow the part before it"
            )
            raise _damaged(shown, f"part {part.filename} {where}")
        expected = _data_start(raw, shown, part) + part.compress_size
        if part.flag_bits & 0x08:  # sizes in a data descriptor after the data
            raw.seek(expected)
            wide = part.file_size >= LONG or part.compress_size >= LONG
            expected += (20 if wide else 12) + (4 if raw.read(4) == b"PK\x07\x08" else 0)
    if expected != directory:
        raise _damaged(shown, "bytes between its last part and its directory")


def _data_start(raw: BinaryIO, shown: str, part: zipfile.ZipInfo) -> int:
    """Where the part's data begin, its own header checked against the directory."""
    raw.seek(part.header_offset)
    header = raw.read(LOCAL.size)
    if len(header) < LOCAL.size or not header.startswith(b"PK\x03\x04"):
        raise _damaged(shown, f"part {part.filename} has no header of its own")
    _, _, flags, method, _, _, crc, packed, unpacked, name, extra = LOCAL.unpack(header)
    if flags & 0x01:
        raise _damaged(shown, f"part {part.filename} is encrypted")
    if method not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED} or method != part.compress_type:
        raise _damaged(shown, f"part {part.filename} is packed with method {method}")
    declared = (crc, packed, unpacked)
    wanted = (part.CRC, part.compress_size, part.file_size)
    if not flags & 0x08 and LONG not in declared[1:] and declared != wanted:
        raise _damaged(shown, f"part {part.filename} has sizes other than its directory's")
    start: int = part.header_offset + LOCAL.size + name + extra
    return start


def _unpacks_as_declared(raw: BinaryIO, shown: str, part: zipfile.ZipInfo) -> None:
    """Unpack the part a megabyte at a time, never more than one byte past its declared
    size: its data must end where the directory says, unpack to its size and checksum."""
    raw.seek(_data_start(raw, shown, part))
    inflater = zlib.decompressobj(-15) if part.compress_type == zipfile.ZIP_DEFLATED else None
    left, pending, unpacked, crc = part.compress_size, b"", 0, 0
    try:
        while unpacked <= part.file_size:
            if not pending:
                pending = raw.read(min(left, CHUNK)) if left else b""
                left -= len(pending)
                if not pending:
                    break
            wanted = min(CHUNK, part.file_size + 1 - unpacked)
            if inflater is None:
                data, pending = pending[:wanted], pending[wanted:]
            else:
                data = inflater.decompress(pending, wanted)
                pending = inflater.unconsumed_tail
            unpacked, crc = unpacked + len(data), zlib.crc32(data, crc)
            if inflater is not None and inflater.eof:
                break
    except zlib.error as error:
        raise _damaged(shown, f"part {part.filename} cannot be unpacked ({error})") from None
    if unpacked > part.file_size:
        declared = size_text(part.file_size)
        raise _damaged(
            shown, f"part {part.filename} unpacks to more than the {declared} it declares"
        )
    ended = inflater is None or (inflater.eof and not inflater.unused_data)
    if not ended or left or pending or unpacked != part.file_size or crc != part.CRC:
        raise _damaged(shown, f"part {part.filename} does not unpack to what its directory says")


# After reading


def checked(path: Path, paras: list[Para], limits: ImportLimits) -> None:
    """What reading gave: no more paragraphs than the limit, and no control character or
    noncharacter in their text (a Word document's, or one an entity made)."""
    shown = display_path(path)
    problems = []
    if len(paras) > limits.paragraphs:
        what = f"it has {len(paras)} paragraphs"
        problems.append(_over(shown, what, str(limits.paragraphs), "paragraphs", len(paras)))
    for para in paras:
        for character in dict.fromkeys(_all_text(para.runs)):
            if (wrong := _wrong(character)) is not None:
                message = f"{wrong} in the text of this paragraph; delete it"
                problems.append(Diagnostic(shown, para.line, message, "import-control"))
    if problems:
        raise StageFailed(problems)


def _all_text(runs: Sequence[Run]) -> str:
    """The text of ``runs`` and of their footnotes."""
    return "".join(run.text + _all_text(run.note or ()) for run in runs)


def stopped(path: Path, error: PandocStopped) -> StageFailed:
    """Pandoc stopped by its heap or time limit, said as an import limit (the setting
    proposed is twice the limit: what it needs is not known)."""
    shown = display_path(path)
    if error.bound == "memory":
        what = f"Pandoc needed more memory to read it than the import limit of {size_text(error.limit)}"
        return StageFailed([_over(shown, what, "", "pandoc_memory", error.limit * 2)])
    what = f"Pandoc did not finish reading it within the import limit of {error.limit:g} s"
    return StageFailed([_over(shown, what, "", "pandoc_seconds", error.limit * 2)])
