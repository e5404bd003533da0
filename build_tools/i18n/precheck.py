"""Check a translator's PO file as written, before anything rewrites it.

``update`` reads a catalog through Babel and writes it back; Babel forgives what it
should not (an unterminated string loses a character, a duplicate key loses a
translation, a wrong header is replaced). So every existing catalog is first checked on
its text: encoding, no control characters or noncharacters (``po-control``), GNU
``msgfmt -c`` syntax, the header (see :mod:`build_tools.i18n.headercheck`), no key twice,
no plural forms. A file with an error is never modified; the message names
``file:line`` and what to do.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.config import Language
from build_tools.diagnostics import Diagnostic, Severity, display_path
from build_tools.i18n.characters import unwanted
from build_tools.i18n.check import msgfmt_check
from build_tools.i18n.headercheck import header_problems

CONTEXT = re.compile(r'^msgctxt\s+"(.*)"\s*$')


def precheck(path: Path, language: Language, *, skip_msgfmt: bool = False) -> list[Diagnostic]:
    """Every problem of ``path`` (the catalog of ``language``) as written; GNU msgfmt's
    too unless ``skip_msgfmt`` (see :func:`build_tools.i18n.check.msgfmt_check`)."""
    shown = display_path(path)
    if not path.is_file():
        return [Diagnostic(shown, 0, "a catalog must be a file", "po-unreadable")]
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return [
            Diagnostic(
                shown, line, "NUL byte in the file; save it again as UTF-8 text", "po-encoding"
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = "not UTF-8; save the file as UTF-8 (in Poedit: Catalog, Properties, Charset)"
        return [Diagnostic(shown, line, message, "po-encoding")]
    problems = msgfmt_check(path, shown, skip=skip_msgfmt)
    lines = text.split("\n")  # as msgfmt and Babel count lines (not at U+2028, U+0085, …)
    problems += _unwanted(lines, shown)
    problems += header_problems(lines, shown, language)
    problems += _duplicates(lines, shown)
    problems += _plurals(lines, shown)
    return sorted(problems, key=lambda d: (d.line, d.column))


def _unwanted(lines: list[str], shown: str) -> list[Diagnostic]:
    return [
        Diagnostic(shown, line, f"{what} in the catalog; delete it", "po-control", column=column)
        for line, column, what in unwanted(lines)
    ]


def _duplicates(lines: list[str], shown: str) -> list[Diagnostic]:
    seen: dict[str, int] = {}
    problems = []
    for number, line in enumerate(lines, 1):
        match = CONTEXT.match(line)
        if not match:
            continue
        key = match.group(1)
        if key in seen:
            message = (
                f"key {key!r} is also on line {seen[key]}; keep one entry and delete the other"
            )
            problems.append(Diagnostic(shown, number, message, "po-duplicate"))
        else:
            seen[key] = number
    return problems


def _plurals(lines: list[str], shown: str) -> list[Diagnostic]:
    return [
        Diagnostic(
            shown, number, "documents have no plural forms; remove msgid_plural", "po-plural"
        )
        for number, line in enumerate(lines, 1)
        if line.startswith("msgid_plural")
    ]


def unconfigured_folders(translations: Path, languages: tuple[Language, ...]) -> list[Diagnostic]:
    """Catalog folders of languages the project does not list: never silently ignored."""
    known = {language.code for language in languages}
    if not translations.is_dir():
        return []
    return [
        Diagnostic(
            display_path(folder),
            0,
            f"catalogs of {folder.name!r}, a language not in pyproject.toml, are not published",
            "po-unconfigured",
            Severity.WARNING,
        )
        for folder in sorted(translations.iterdir())
        if folder.is_dir() and folder.name not in known and any(folder.glob("*.po"))
    ]
