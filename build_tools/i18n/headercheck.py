"""The PO header judged as written, field by field, before Babel reads it.

Errors (``po-header``, and ``po-language`` for the language): an invisible format
character anywhere in the header; a line of its msgstr that is not ``Name: value`` (an
empty one ends the header for Babel); a field twice; no ``Content-Type`` with
``charset=utf-8``; no ``Language``, or not the language of the catalog's folder; no
``Plural-Forms`` of the form ``nplurals=N; plural=EXPRESSION;`` (GNU msgfmt checks the
expression); a field Babel cannot read (a date it cannot parse). A header without any of
these is written back by ``update`` exactly as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from babel.messages.catalog import Catalog

from build_tools.config import Language
from build_tools.diagnostics import Diagnostic
from build_tools.i18n.characters import describe, found_in, visible
from build_tools.i18n.header import Field, Header, find_header

PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*[1-9][0-9]*\s*;\s*plural\s*=[^;]+;?\s*")
CONTENT_TYPE = "text/plain; charset=utf-8"
JUDGED = frozenset({"content-type", "language", "plural-forms"})  # each by its own rule


def header_problems(lines: list[str], shown: str, language: Language) -> list[Diagnostic]:
    """Every problem of the header of the file ``lines``; the fields are read with the
    invisible characters left out (those are reported, not taken for text twice)."""
    header = find_header([visible(line) for line in lines])
    if header is None:
        message = "the PO header is missing (Content-Type, Language, …)"
        return [Diagnostic(shown, 1, message, "po-header")]
    found = [
        Diagnostic(shown, line, message, code, column=column)
        for line, column, message, code in _format_characters(lines[: header.end])
    ]
    for line, message, code in _field_problems(header, language):
        found.append(Diagnostic(shown, line, message, code))
    return found


Problem = tuple[int, str, str]  # line, message, code


def _format_characters(lines: list[str]) -> Iterator[tuple[int, int, str, str]]:
    for line, column, character in found_in(lines, 1):
        message = f"invisible format character {describe(character)} in the PO header; delete it"
        yield line, column, message, "po-header"


def _field_problems(header: Header, language: Language) -> Iterator[Problem]:
    yield from _malformed(header)
    yield from _twice(header)
    yield from _content_type(header)
    yield from _language(header, language)
    yield from _plural_forms(header, language)
    yield from _unreadable(header)


def _malformed(header: Header) -> Iterator[Problem]:
    for field in header.fields:
        if field.name:
            continue
        if not field.text.strip():
            message = (
                "an empty line in the PO header ends it: the fields after it would be lost; "
                "delete it"
            )
        else:
            message = f"{field.text!r} is not a header field 'Name: value'; correct or delete it"
        yield field.line, message, "po-header"


def _twice(header: Header) -> Iterator[Problem]:
    seen: dict[str, Field] = {}
    for field in (f for f in header.fields if f.name):
        first = seen.setdefault(field.name.lower(), field)
        if first is not field:
            yield (
                field.line,
                f"field {field.name} is also on line {first.line}; keep one",
                "po-header",
            )


def _content_type(header: Header) -> Iterator[Problem]:
    field = header.first("Content-Type")
    if field is None:
        message = f'the PO header has no Content-Type; add "Content-Type: {CONTENT_TYPE}\\n"'
        yield header.msgstr, message, "po-header"
    elif "charset=utf-8" not in field.value.lower().replace(" ", ""):
        yield field.line, f"charset must be UTF-8, not {field.value!r}", "po-header"


def _language(header: Header, language: Language) -> Iterator[Problem]:
    field = header.first("Language")
    value = field.value if field else ""
    accepted = {language.code, language.locale, language.locale.replace("_", "-")}
    if value not in accepted:
        message = (
            f"Language: {value!r} in the folder of {language.code!r}; set it to {language.locale!r}"
        )
        yield field.line if field else header.msgstr, message, "po-language"


def _plural_forms(header: Header, language: Language) -> Iterator[Problem]:
    field = header.first("Plural-Forms")
    if field is None:
        expected = Catalog(locale=language.locale).plural_forms
        message = f'the PO header has no Plural-Forms; add "Plural-Forms: {expected}\\n"'
        yield header.msgstr, message, "po-header"
    elif not PLURAL_FORMS.fullmatch(field.value):
        message = f"Plural-Forms: {field.value!r} must read 'nplurals=N; plural=EXPRESSION;'"
        yield field.line, message, "po-header"


def _unreadable(header: Header) -> Iterator[Problem]:
    """The fields Babel would fail on (it reads dates strictly)."""
    for field in header.fields:
        if not field.name or field.name.lower() in JUDGED:
            continue
        try:
            Catalog().mime_headers = [(field.name, field.value)]
        except ValueError as error:
            message = f"{field.name}: {field.value!r} cannot be read: {error}"
            yield field.line, message, "po-header"
