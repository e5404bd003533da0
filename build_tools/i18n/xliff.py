"""Catalogs as XLIFF 1.2, for the CAT tools translators use (Trados Studio, memoQ, OmegaT).

One file per document and language, written and read with translate-toolkit
(:mod:`translate.storage.xliff`)::

    <file original="NAME" source-language="en" target-language="fr" datatype="xml">
      <trans-unit id="EID" xml:space="preserve" approved="yes">
        <source>…</source>  <target state="translated">…</target>
        <context-group name="po-entry" purpose="information">  msgctxt (the eId)
        <context-group name="po-reference" purpose="location">  the #: line
        <note from="developer">  the #. comments     <note from="po-translator">  the # ones

The ``state`` of each target says where the PO entry stands: untranslated ``new``,
fuzzy ``needs-review-translation``, translated ``translated``, and ``signed-off`` once
the catalog is approved (``X-Approval``, see translations/README.md). Inline markup is
written as XLIFF codes (:mod:`build_tools.i18n.inline`). ``copy_source`` fills the
target of an untranslated unit with the source, for tools that translate the target
element in place (OmegaT 3), its state still ``new``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from lxml import etree
from translate.storage import xliff

from build_tools.akn.xmlio import parse_xml, read_bytes, write_if_changed
from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, Severity, display_path
from build_tools.i18n.catalogs import APPROVED, PoFile, messages, read_catalog
from build_tools.i18n.inline import InlineError, from_xliff, to_xliff
from build_tools.layout import xliff_name

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
DATATYPE = "xml"  # the documents are Akoma Ntoso XML
DEVELOPER, TRANSLATOR = "developer", "po-translator"  # note origins, as po2xliff writes them


class Unit(xliff.Xliff1Unit):
    namespace = NAMESPACE


class XliffFile(xliff.Xliff1File[Unit]):
    """translate-toolkit's XLIFF store, in the 1.2 namespace (its default is 1.1)."""

    UnitClass = Unit
    namespace = NAMESPACE
    XMLskeleton = (
        f'<?xml version="1.0" ?><xliff version="1.2" xmlns="{NAMESPACE}">'
        f'<file original="NoName" source-language="en" datatype="{DATATYPE}"><body/></file>'
        "</xliff>"
    )


NEW = Unit.statemap["new"]
NEEDS_REVIEW, TRANSLATED, SIGNED_OFF = Unit.S_NEEDS_REVIEW, Unit.S_TRANSLATED, Unit.S_SIGNED_OFF


def export_xliff(
    project: Project,
    names: list[str],
    languages: list[Language],
    folder: Path,
    *,
    copy_source: bool = False,
) -> tuple[list[tuple[Path, int]], list[Diagnostic]]:
    """Write the XLIFF of each catalog ``names`` in ``languages`` into ``folder`` (the
    layout's :func:`xliff_name`); returns the files with their number of units, and a
    warning for each catalog that does not exist."""
    written, missing = [], []
    for name in names:
        for language in languages:
            path = project.layout.catalog(language.code, name)
            if not path.is_file():
                text = "no catalog to export; run `python -m build_tools update` first"
                missing.append(
                    Diagnostic(display_path(path), 0, text, "xliff-no-catalog", Severity.WARNING)
                )
                continue
            po = read_catalog(path)
            data = catalog_xliff(
                po, name, project.source_language.code, language.code, copy_source=copy_source
            )
            target = folder / xliff_name(language.code, name)
            write_if_changed(target, data)
            written.append((target, len(messages(po.catalog))))
    return written, missing


def catalog_xliff(
    po: PoFile, name: str, source: str, target: str, *, copy_source: bool = False
) -> bytes:
    """The XLIFF of catalog ``po`` of document ``name`` (languages: BCP 47 tags)."""
    store = XliffFile(sourcelanguage=source, targetlanguage=target)
    store.setfilename(store.getfilenode("NoName"), name)  # type: ignore[no-untyped-call]
    approved = po.approval == APPROVED
    for message in messages(po.catalog):
        _add_unit(store, name, message, approved=approved, copy_source=copy_source)
    return bytes(store)


def _add_unit(
    store: XliffFile, name: str, message: Message, *, approved: bool, copy_source: bool
) -> None:
    key, source = str(message.context), str(message.id)
    unit = store.addsourceunit("", filename=name)  # type: ignore[no-untyped-call]
    unit.setid(key)
    unit.rich_source = [to_xliff(source)]
    text = str(message.string or "") or (source if copy_source else "")
    unit.rich_target = [to_xliff(text)]
    unit.set_state_n(_state(message, approved=approved))
    unit.createcontextgroup("po-entry", [("x-po-msgctxt", key)], purpose="information")
    for filename, _ in message.locations:
        unit.createcontextgroup("po-reference", [("sourcefile", filename)], purpose="location")
    unit.addnote("\n".join(message.auto_comments), origin=DEVELOPER)
    unit.addnote("\n".join(message.user_comments), origin=TRANSLATOR)


def _state(message: Message, *, approved: bool) -> int:
    if not message.string:
        return NEW
    if message.fuzzy:
        return NEEDS_REVIEW
    return SIGNED_OFF if approved else TRANSLATED


# Reading


@dataclass(frozen=True, slots=True)
class XliffUnit:
    """One trans-unit as read: its id, line, and texts in our markup (None: absent, or
    unreadable, with ``problem`` saying why)."""

    key: str
    line: int
    source: str | None
    target: str | None  # None: no target, or an empty one
    state: str | None  # the target's state attribute
    approved: str | None  # the trans-unit's approved attribute
    problem: str = ""


@dataclass(frozen=True, slots=True)
class XliffCatalog:
    """One ``<file>`` element: which catalog it holds, and its units."""

    document: str
    source_language: str
    target_language: str
    line: int
    units: tuple[XliffUnit, ...]


def read_xliff(path: Path) -> list[XliffCatalog] | list[Diagnostic]:
    """The catalogs in an XLIFF file, or why it cannot be read (located)."""
    shown = display_path(path)
    data = read_bytes(path)
    parsed = parse_xml(path, data)  # the project's hardened parser: syntax, DOCTYPE, entities
    if isinstance(parsed, list):
        return parsed
    root = parsed.tree.getroot()
    if etree.QName(root).localname != "xliff" or root.get("version", "").startswith("2"):
        found = f"<{etree.QName(root).localname}> version {root.get('version')!r}"
        message = (
            f"not an XLIFF 1.2 file ({found}); export one with `python -m build_tools xliff export`"
        )
        return [Diagnostic(shown, root.sourceline or 1, message, "xliff-format")]
    store = XliffFile(io.BytesIO(data))
    files: dict[etree._Element, list[XliffUnit]] = {}
    for unit in store.units:
        node = next(unit.xmlelement.iterancestors(f"{{{store.namespace}}}file"))
        files.setdefault(node, []).append(_read_unit(unit))
    if not files:
        message = "no trans-unit in the file: nothing to import"
        return [Diagnostic(shown, root.sourceline or 1, message, "xliff-format")]
    return [
        XliffCatalog(
            document=node.get("original", ""),
            source_language=node.get("source-language", ""),
            target_language=node.get("target-language", ""),
            line=node.sourceline or 0,
            units=tuple(units),
        )
        for node, units in files.items()
    ]


def _read_unit(unit: Unit) -> XliffUnit:
    element, target = unit.xmlelement, unit.get_target_dom()  # type: ignore[no-untyped-call]
    source = text = None
    problem = ""
    try:
        source = from_xliff(unit.rich_source[0])
        text = from_xliff(unit.rich_target[0]) if target is not None else None
    except InlineError as error:
        problem = f"{'target' if source is not None else 'source'}: {error}"
    return XliffUnit(
        key=element.get("id", ""),
        line=element.sourceline or 0,
        source=source,
        target=text or None,
        state=None if target is None else target.get("state"),
        approved=element.get("approved"),
        problem=problem,
    )
