"""``xliff import``: translations from a CAT tool's XLIFF back into the PO files.

Each XLIFF file is taken whole or not at all: every unit is checked as ``check`` checks a
PO entry (placeholders, numbers, whitespace, punctuation, typography, characters), and
against the catalog as it is now (an id it does not have, one of its units missing, a
source text that is no longer the catalog's); the catalog itself must pass the checks
it passes as written (:mod:`build_tools.i18n.precheck`). Problems are located at the
XLIFF's ``file:line`` (the trans-unit), and a file with any error writes no catalog.

What comes in, for each unit (``state`` is the target's):

* no target, or an empty one: the catalog's entry is kept as it is, translation and all;
* ``translated``, ``signed-off``, ``final``: the target, translated (fuzzy no more);
* ``needs-review-…``, a state of the tool's own (``x-…``), or none with
  ``approved="no"``: the target, fuzzy;
* ``new``, ``needs-translation``, …: fuzzy too, unless the target is the source (a copy
  of it, made for tools that translate in place), which is no translation and is left out.

An approved catalog stays approved (the header is written back exactly as it was read)
and its translations change only through a target the tool marked ``signed-off`` or
``final``; a reviewer's sign-off is the only way an approved text changes. Catalogs are
written by the project's writer, so an import that changes nothing writes nothing, and
one that changes a unit changes only that entry's lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message

from build_tools.config import Language, Project
from build_tools.diagnostics import (
    Diagnostic,
    Severity,
    UsageError,
    count_errors,
    display_path,
)
from build_tools.i18n.catalogs import APPROVED, PoFile, messages, read_catalog, write_catalog
from build_tools.i18n.characters import BIDI_CONTROLS, describe, is_control, is_noncharacter
from build_tools.i18n.check import check_message
from build_tools.i18n.header import header_text
from build_tools.i18n.precheck import precheck
from build_tools.i18n.xliff import NEEDS_REVIEW, TRANSLATED, Unit, XliffCatalog, XliffUnit
from build_tools.i18n.xliff import read_xliff as read_file

SIGNED = frozenset({"signed-off", "final"})


@dataclass(frozen=True, slots=True)
class Received:
    """What one ``<file>`` of an XLIFF brought to its catalog."""

    xliff: str
    catalog: Path
    changed: bool
    counts: dict[str, int]  # translated, fuzzy, kept


@dataclass(slots=True)
class Imported:
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # XLIFF files nothing was taken from
    diagnostics: list[Diagnostic] = field(default_factory=list)


def import_xliff(project: Project, paths: list[Path]) -> Imported:
    """Bring each XLIFF file's translations into its catalogs, or none of them."""
    for path in paths:  # before anything is written: a mistyped name stops it all
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
    result = Imported()
    claimed: dict[Path, str] = {}  # catalog → the XLIFF file that fills it
    for path in paths:
        shown = display_path(path)
        planned, found = _plan_file(project, path, claimed)
        result.diagnostics += found
        if count_errors(found):
            result.refused.append(shown)
            continue
        for po, received in planned:
            if received.changed:
                write_catalog(po)
            result.received.append(received)
    return result


def _plan_file(
    project: Project, path: Path, claimed: dict[Path, str]
) -> tuple[list[tuple[PoFile, Received]], list[Diagnostic]]:
    shown = display_path(path)
    read = read_file(path)
    found: list[Diagnostic] = []
    planned = []
    for catalog in read:
        if isinstance(catalog, Diagnostic):
            found.append(catalog)
            continue
        po, received, problems = _plan_catalog(project, shown, catalog, claimed)
        found += problems
        if po is not None and received is not None:
            planned.append((po, received))
    return planned, found


def _plan_catalog(
    project: Project, shown: str, catalog: XliffCatalog, claimed: dict[Path, str]
) -> tuple[PoFile | None, Received | None, list[Diagnostic]]:
    target = _target(project, shown, catalog)
    if isinstance(target, Diagnostic):
        return None, None, [target]
    language, path = target
    if path in claimed:
        text = f"{display_path(path)} is already filled by {claimed[path]} in this import"
        return None, None, [Diagnostic(shown, catalog.line, text, "xliff-duplicate")]
    claimed[path] = shown
    found = precheck(path, language, skip_msgfmt=project.skip_msgfmt)
    if count_errors(found):
        return None, None, found
    po = read_catalog(path)
    po.header = header_text(po.lines)  # written back exactly as it was read
    counts, problems = _receive_units(po, catalog, language, shown)
    received = Received(shown, path, bool(counts["translated"] + counts["fuzzy"]), counts)
    return po, received, found + problems


def _target(
    project: Project, shown: str, catalog: XliffCatalog
) -> tuple[Language, Path] | Diagnostic:
    """The language and catalog of a ``<file>``: a document of the project, in one of
    its target languages, whose catalog exists."""
    names = [document.stem for document in project.documents()]
    codes = {language.code.lower(): language for language in project.target_languages}
    source = project.source_language.code
    if catalog.document not in names:
        text = f"<file original={catalog.document!r}> is not a document of this project ({', '.join(names)})"
        return Diagnostic(shown, catalog.line, text, "xliff-document")
    if catalog.source_language.lower() != source.lower():
        text = f"source-language is {catalog.source_language!r}; the documents are in {source!r}"
        return Diagnostic(shown, catalog.line, text, "xliff-language")
    language = codes.get(catalog.target_language.lower())
    if language is None:
        text = f"target-language {catalog.target_language!r} is not one of {', '.join(codes)}"
        return Diagnostic(shown, catalog.line, text, "xliff-language")
    path = project.layout.catalog(language.code, catalog.document)
    if not path.is_file():
        text = f"no catalog {display_path(path)}; run `python -m build_tools update` first"
        return Diagnostic(shown, catalog.line, text, "xliff-document")
    return language, path


def _receive_units(
    po: PoFile, catalog: XliffCatalog, language: Language, shown: str
) -> tuple[dict[str, int], list[Diagnostic]]:
    current = {str(m.context): m for m in messages(po.catalog)}
    counts = {"translated": 0, "fuzzy": 0, "kept": 0}
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for unit in catalog.units:
        message = current.get(unit.key)
        problem = _unit_problem(unit, message, seen, po.shown)
        seen.add(unit.key)
        if problem is not None or message is None:
            text, code = problem or ("", "")
            found.append(Diagnostic(shown, unit.line, f"{unit.key}: {text}", code))
            continue
        outcome, problems = _receive(message, unit, language.code, po.approval == APPROVED, shown)
        counts[outcome] += 1
        found += problems
    for key in current.keys() - seen:
        text = f"{key}: this unit of {po.shown} is missing from the file; export it again"
        found.append(Diagnostic(shown, catalog.line, text, "xliff-missing-id"))
    return counts, sorted(found, key=lambda d: d.line)


def _unit_problem(
    unit: XliffUnit, message: Message | None, seen: set[str], catalog: str
) -> tuple[str, str] | None:
    """What makes a unit unusable, and its code (None: nothing)."""
    if unit.key in seen:
        return "this id is in the file twice", "xliff-duplicate"
    if message is None:
        text = f"no unit with this id in {catalog}; was the file made from another version of the text?"
        return text, "xliff-unknown-id"
    if unit.problem:
        return unit.problem, "xliff-markup"
    if unit.source != message.id:
        text = (
            f"the source text is not the one of {catalog} (the text changed since the export); "
            "export the file again"
        )
        return text, "xliff-source"
    return None


def _receive(
    message: Message, unit: XliffUnit, language: str, approved: bool, shown: str
) -> tuple[str, list[Diagnostic]]:
    """Check ``unit``'s target and put it into ``message``; what became of it."""
    target = unit.target
    if target is None or (_not_started(unit.state) and target == unit.source):
        return "kept", []
    fuzzy = _fuzzy(unit)
    if (target, fuzzy) == (message.string, message.fuzzy):
        return "kept", []
    found = _findings(unit, str(message.id), target, language, fuzzy=fuzzy, shown=shown)
    if approved and not (fuzzy and target == message.string) and unit.state not in SIGNED:
        text = (
            f"{unit.key}: the catalog is approved (X-Approval); a change to its translations "
            'must be signed off in the CAT tool (state="signed-off"), or the catalog made '
            "provisional first"
        )
        return "kept", [*found, Diagnostic(shown, unit.line, text, "xliff-approved")]
    message.string = target
    if fuzzy:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
        message.previous_id = []
    return ("fuzzy" if fuzzy else "translated"), found


def _state_number(state: str | None) -> int | None:
    return None if state is None else Unit.statemap.get(state, NEEDS_REVIEW)


def _not_started(state: str | None) -> bool:
    number = _state_number(state)
    return number is not None and number < Unit.S_NEEDS_REVIEW


def _fuzzy(unit: XliffUnit) -> bool:
    number = _state_number(unit.state)
    if number is None:
        return unit.approved == "no"
    return number < TRANSLATED


def _findings(
    unit: XliffUnit, source: str, target: str, language: str, *, fuzzy: bool, shown: str
) -> list[Diagnostic]:
    """check's findings on the target (only its placeholders when it comes in fuzzy,
    as check holds only what would be published to the rest), and its characters."""
    found = [
        Diagnostic(shown, unit.line, f"{unit.key}: {text}", code)
        for text, code in check_message(source, target, language)
        if code == "po-placeholder" or not fuzzy
    ]
    for character in sorted(set(target)):
        if is_control(character) or is_noncharacter(character):
            text = f"{unit.key}: {describe(character)} in the translation; delete it"
            found.append(Diagnostic(shown, unit.line, text, "po-control"))
        elif character in BIDI_CONTROLS:
            text = f"{unit.key}: {describe(character)} in the translation changes the order in which the text around it is shown; delete it unless it is meant"
            found.append(Diagnostic(shown, unit.line, text, "po-bidi", Severity.WARNING))
    return found


def counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[kind]} {kind}" for kind in ("translated", "fuzzy", "kept"))
