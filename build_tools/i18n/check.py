"""Stage ``check``: every PO file against its template, plus GNU ``msgfmt -c``.

Only translations that would be published (non-empty, not fuzzy) are held to the
placeholder, number and punctuation rules, and warned of bidirectional controls;
everything is held to msgfmt.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message

from build_tools.akn import placeholders
from build_tools.diagnostics import Diagnostic, Severity, UsageError, count_errors
from build_tools.i18n.catalogs import PoFile, messages
from build_tools.i18n.characters import BIDI_CONTROLS, describe, found_in
from build_tools.i18n.glossary import Glossary, glossary_at
from build_tools.i18n.typography import (
    NBSP,
    NNBSP,
    TYPEWRITER_APOSTROPHE,
    end_kind,
    expected_end,
    typography,
)
from build_tools.layout import glossary_file

MessageFinding = tuple[str, str]  # message, code


@dataclass(frozen=True, slots=True)
class Checked:
    """One catalog as read, and the verdict of ``check`` on it (passed on to the
    publication gate and to merge, so each catalog is checked once per build)."""

    po: PoFile
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return count_errors(self.diagnostics)


def check_catalog(
    po: PoFile, template: PoFile, language: str, *, msgfmt: bool = True
) -> list[Diagnostic]:
    """Every problem of one PO file, located at its msgstr lines. ``msgfmt=False`` when
    GNU msgfmt has already passed this very file (see :mod:`build_tools.i18n.precheck`)."""
    diagnostics = _structure(po, template)
    glossary = glossary_at(glossary_file(template.path.parent))
    for message in messages(po.catalog):
        if message.string and not message.fuzzy:
            line = po.msgstr_line(message)
            for text, code in check_message(str(message.id), str(message.string), language):
                diagnostics.append(Diagnostic(po.shown, line, f"{message.context}: {text}", code))
            diagnostics += _bidi_controls(po, message, line)
            diagnostics += _glossary(po, message, line, glossary, language)
    if msgfmt:
        diagnostics += msgfmt_check(po.path, po.shown)
    return sorted(diagnostics, key=lambda d: d.line)


def _bidi_controls(po: PoFile, message: Message, first: int) -> list[Diagnostic]:
    """A warning for each bidirectional control in the msgstr (its lines from ``first``),
    at its line and column (see :mod:`build_tools.i18n.characters`)."""
    end = first
    while end < len(po.lines) and po.lines[end].lstrip().startswith('"'):
        end += 1
    return [
        Diagnostic(
            po.shown,
            line,
            f"{message.context}: {describe(character)} in the translation changes the order "
            "in which the text around it is shown; delete it unless it is meant",
            "po-bidi",
            Severity.WARNING,
            column,
        )
        for line, column, character in found_in(po.lines[first - 1 : end], first, BIDI_CONTROLS)
    ]


def _glossary(
    po: PoFile, message: Message, line: int, glossary: Glossary, language: str
) -> list[Diagnostic]:
    """A warning for each glossary term of the English the translation lacks."""
    return [
        Diagnostic(
            po.shown,
            line,
            f"{message.context}: the English has the glossary's “{concept.english[0]}”; "
            f"the translation has none of its terms for {language}: "
            + ", ".join(f"“{term}”" for term in concept.in_language(language)),
            "po-glossary",
            Severity.WARNING,
        )
        for concept in glossary.misses(str(message.id), str(message.string), language)
    ]


def _structure(po: PoFile, template: PoFile) -> list[Diagnostic]:
    expected = {m.context: m.id for m in messages(template.catalog)}
    found = {m.context: m for m in messages(po.catalog)}
    diagnostics = []
    for key, message in found.items():
        if key not in expected or expected[key] != message.id:
            text = f"{key}: entry does not match the template {template.shown}; run `python -m build_tools update`"
            diagnostics.append(Diagnostic(po.shown, message.lineno or 0, text, "po-outdated"))
    for key in expected.keys() - found.keys():
        text = f"{key}: entry of the template is missing; run `python -m build_tools update`"
        diagnostics.append(Diagnostic(po.shown, 0, text, "po-outdated"))
    return diagnostics


def check_message(source: str, translation: str, language: str) -> list[MessageFinding]:
    try:
        tree = placeholders.parse(translation)
    except placeholders.PlaceholderError as error:
        return [(f"placeholders are unbalanced: {error}", "po-placeholder")]
    source_tree = placeholders.parse(source)
    findings = list(_placeholder_findings(source_tree, tree))
    words = placeholders.plain(tree)
    findings += _number_findings(source, translation)
    findings += _whitespace_findings(source, translation)
    if not any(ch.isalnum() for ch in words):
        findings.append(("translation has no text but is not marked untranslated", "po-empty"))
    findings += _punctuation_findings(placeholders.plain(source_tree), words, language)
    return findings


def _placeholder_findings(
    source: tuple[placeholders.Node, ...], translation: tuple[placeholders.Node, ...]
) -> Iterator[MessageFinding]:
    wanted = Counter(placeholders.skeleton(source))
    got = Counter(placeholders.skeleton(translation))
    missing, extra = wanted - got, got - wanted
    wanted_names = {name for name, _, _ in wanted}
    extra_names = {name for name, _, _ in extra}
    for name, parent, empty in sorted(missing.elements()):
        if name in extra_names:
            where = f"inside <{parent}>" if parent else "at top level"
            kind = "empty" if empty else "with content"
            yield (
                f"placeholder <{name}> must be {where} and {kind}, as in the source",
                "po-placeholder",
            )
        else:
            yield f"placeholder {_show(name, empty)} missing in translation", "po-placeholder"
    missing_names = {name for name, _, _ in missing}
    for name, _, empty in sorted(extra.elements()):
        if name in missing_names:
            continue  # reported above as misplaced
        if name in wanted_names:
            yield (
                f"placeholder {_show(name, empty)} appears more often than in the source",
                "po-placeholder",
            )
        else:
            yield f"placeholder {_show(name, empty)} is not in the source", "po-placeholder"


def _show(name: str, empty: bool) -> str:
    return f"<{name}/>" if empty else f"<{name}>"


class _DigitValues(dict[int, str]):
    """For str.translate: each digit as its value, every other character as itself;
    filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        self[code] = str(unicodedata.digit(character)) if character.isdigit() else character
        return self[code]


DIGIT_VALUES = _DigitValues()


def _digits(text: str) -> list[str]:
    # an ASCII digit is its own value; others are read as one
    normalized = text if text.isascii() else text.translate(DIGIT_VALUES)
    return re.findall(r"\d+", placeholders.TOKEN.sub(" ", normalized))


def _number_findings(source: str, translation: str) -> Iterator[MessageFinding]:
    have = _digits(translation)
    for number in _digits(source):
        if number not in have:
            yield f"number {number} of the source is missing in the translation", "po-number"


def _whitespace_findings(source: str, translation: str) -> Iterator[MessageFinding]:
    if (
        source[: len(source) - len(source.lstrip())]
        != translation[: len(translation) - len(translation.lstrip())]
    ):
        yield "leading whitespace differs from the source", "po-whitespace"
    if source[len(source.rstrip()) :] != translation[len(translation.rstrip()) :]:
        yield "trailing whitespace differs from the source", "po-whitespace"


def _punctuation_findings(source: str, translation: str, language: str) -> Iterator[MessageFinding]:
    kind = end_kind(source)
    if kind and not translation.rstrip().endswith(expected_end(language, kind)):
        yield (
            f"the source ends with a {kind}; the translation should end with {expected_end(language, kind)!r}",
            "po-punctuation",
        )
    elif not kind and end_kind(translation):
        yield "the translation ends with punctuation the source does not have", "po-punctuation"
    style = typography(language)
    if style.apostrophe and TYPEWRITER_APOSTROPHE in translation:  # never the source's style
        yield (
            f"{TYPEWRITER_APOSTROPHE!r} (U+0027) is a typewriter apostrophe; this language's "
            f"texts write {style.apostrophe!r} (U+{ord(style.apostrophe):04X}), whichever the "
            "English has",
            "po-typography",
        )
    for character in sorted(set(style.forbidden) & set(translation)):
        yield f"{character!r} is not used in this language's punctuation", "po-typography"
    for index, character in enumerate(translation):
        if (
            character in style.space_before
            and index
            and translation[index - 1] not in (NBSP, NNBSP)
        ):
            yield f"{character!r} needs a no-break space (U+202F) before it", "po-typography"


GETTEXT_HINT = (
    "GNU msgfmt not found; `check` needs it to check the catalogs' gettext syntax: install "
    "gettext (Debian, Ubuntu: `sudo apt-get install gettext`; Fedora: `sudo dnf install "
    "gettext`; macOS: `brew install gettext`), or pass --skip-msgfmt to check without it"
)
SKIPPED = "msgfmt -c skipped (--skip-msgfmt)"  # what every line after such a check says


class MsgfmtMissing(UsageError):
    """GNU msgfmt is not installed and the user did not pass ``--skip-msgfmt``: a check
    without it would be incomplete, so nothing is checked (exit status 1)."""

    def __init__(self) -> None:
        super().__init__(GETTEXT_HINT)


def require_msgfmt(*, skip: bool) -> None:
    """Raise MsgfmtMissing unless GNU msgfmt is installed or ``skip`` (--skip-msgfmt)."""
    if not skip and shutil.which("msgfmt") is None:
        raise MsgfmtMissing


def msgfmt_check(path: Path, shown: str, *, skip: bool = False) -> list[Diagnostic]:
    """GNU msgfmt --check; its located complaints become diagnostics. ``skip``
    (--skip-msgfmt): nothing; without msgfmt otherwise, MsgfmtMissing."""
    if skip:
        return []
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise MsgfmtMissing
    run = subprocess.run(
        [msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    if run.returncode == 0:
        return []
    return [
        _msgfmt_line(line, shown)
        for line in run.stderr.splitlines()
        if line.strip() and "fatal error" not in line
    ]


def _msgfmt_line(line: str, shown: str) -> Diagnostic:
    match = re.match(r"^.*?:(\d+):\s*(.*)$", line)
    if match:
        return Diagnostic(shown, int(match.group(1)), f"msgfmt: {match.group(2)}", "msgfmt")
    return Diagnostic(shown, 0, f"msgfmt: {line.split(': ', 1)[-1]}", "msgfmt")
