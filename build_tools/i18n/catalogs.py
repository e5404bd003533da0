"""Gettext catalogs through Babel: reading, writing and headers.

Babel keeps only the standard header fields, so the project's own fields (``X-Approval``
and friends, see translations/README.md) are carried beside the catalog in
:class:`PoFile` and written back into the header block.
"""

from __future__ import annotations

import enum
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, escape, read_po, unescape, write_po

from build_tools.akn.xmlio import write_if_changed
from build_tools.diagnostics import Diagnostic, StageFailed, display_path
from build_tools.i18n.header import find_header, with_header

APPROVAL = "X-Approval"


class Approval(enum.StrEnum):
    """The ``X-Approval`` header of a catalog: has the secretariat approved it?"""

    PROVISIONAL = "provisional"
    APPROVED = "approved"


PROVISIONAL, APPROVED = Approval.PROVISIONAL, Approval.APPROVED
EXTRA_HEADER = re.compile(r'^"(X-[A-Za-z0-9-]+): (.*)\\n"\r?$')
WIDTH = 76


@dataclass(slots=True)
class PoFile:
    path: Path
    catalog: Catalog
    extra_headers: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # the file as read, for locating messages
    header: str | None = None  # the header entry as written, kept as it is (None: made anew)

    @property
    def shown(self) -> str:
        return display_path(self.path)

    @property
    def approval(self) -> str:
        return self.extra_headers.get(APPROVAL, PROVISIONAL).strip().lower()

    def msgstr_line(self, message: Message) -> int:
        """1-based line of the message's msgstr (its msgid line when not found)."""
        start = message.lineno or 0
        for number in range(start, min(len(self.lines), start + 200)):
            if self.lines[number - 1].startswith("msgstr"):
                return number
        return start


def read_catalog(path: Path, data: bytes | None = None) -> PoFile:
    """Read a PO/POT file (or ``data``, its content); malformed files raise StageFailed
    with the located problem."""
    text = (path.read_bytes() if data is None else data).decode("utf-8")
    lines = text.split("\n")  # Babel's lines (str.splitlines also cuts at U+2028, U+0085, …)
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", 0) + 1
        raise StageFailed(
            [Diagnostic(display_path(path), line, f"unreadable PO file: {error}", "po-syntax")]
        ) from None
    except ValueError as error:  # a header field Babel cannot parse (precheck names it)
        header = find_header(lines)
        line = header.msgstr if header else 1
        raise StageFailed(
            [Diagnostic(display_path(path), line, f"unreadable PO header: {error}", "po-header")]
        ) from None
    for message in [*messages(catalog), *catalog.obsolete.values()]:
        _restore_previous_id(message)
    return PoFile(path=path, catalog=catalog, extra_headers=_extra_headers(lines), lines=lines)


def _restore_previous_id(message: Message) -> None:
    """Babel 2.19 reads ``#| msgid`` lines as translator comments ('| msgid "…"');
    turn them back into the previous msgid, joining continuation lines as GNU does."""
    previous = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not previous or not previous[0].startswith("msgid "):
        return
    parts = [previous[0][len("msgid ") :], *(p for p in previous[1:] if p.startswith('"'))]
    message.previous_id = ["".join(unescape(part) for part in parts)]
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]


def extra_headers_of(path: Path) -> dict[str, str]:
    """The project's own header fields (``X-…``) of a PO/POT file, without parsing its
    entries (asked of every template of a corpus, it must stay cheap)."""
    return _extra_headers(path.read_bytes().decode("utf-8").split("\n"))


def _extra_headers(lines: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            break  # the header entry ends at the first blank line
        match = EXTRA_HEADER.match(line)
        if match:
            headers[match.group(1)] = match.group(2)
    return headers


def render_catalog(po: PoFile) -> bytes:
    """The PO/POT bytes: Babel's writer, project headers added, tool stamp removed; or,
    when ``po.header`` holds the header as the translator wrote it, that header."""
    buffer = io.BytesIO()
    write_po(buffer, po.catalog, width=WIDTH, sort_output=False, include_previous=False)
    lines = buffer.getvalue().decode("utf-8").split("\n")
    lines = [line for line in lines if not line.startswith('"Generated-By:')]
    lines = _with_previous_ids(lines, po.catalog)
    extra = [f'"{name}: {value}\\n"' for name, value in po.extra_headers.items()]
    anchor = lines.index('"Content-Transfer-Encoding: 8bit\\n"') + 1
    text = "\n".join(lines[:anchor] + extra + lines[anchor:])
    return (text if po.header is None else with_header(text, po.header)).encode("utf-8")


def _with_previous_ids(lines: list[str], catalog: Catalog) -> list[str]:
    """Insert ``#| msgid`` lines before each entry's msgctxt.

    Babel 2.19 wraps a long previous msgid as comment text, which splits its quoted
    strings and breaks the file for msgfmt, and its reader does not understand a
    previous msgid continued over several lines. So each is written here on one line,
    which GNU gettext, Babel, polib and Poedit all read.
    """
    previous = {
        m.context: m.previous_id[0] for m in messages(catalog) if m.previous_id and m.context
    }
    result = []
    for line in lines:
        if line.startswith("msgctxt ") and previous:
            context = line[len('msgctxt "') : -1]
            if context in previous:
                result.append(f"#| msgid {escape(previous.pop(context))}")
        result.append(line)
    return result


def write_catalog(po: PoFile) -> bool:
    return write_if_changed(po.path, render_catalog(po))


def new_catalog(
    *, locale: str | None, project: str, version: str, date: datetime, team: str
) -> Catalog:
    return Catalog(
        locale=locale,
        project=project,
        version=version,
        msgid_bugs_address=team,
        creation_date=date,
        revision_date=date,
        last_translator=team,
        language_team=team,
        fuzzy=locale is None,
    )


def translated(message: Message) -> bool:
    return bool(message.string) and not message.fuzzy


def messages(catalog: Catalog) -> list[Message]:
    """The catalog's messages without the header entry."""
    return [m for m in catalog if m.id]
