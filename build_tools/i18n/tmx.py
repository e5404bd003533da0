"""The corpus's translations as one TMX 1.4 translation memory (translate-toolkit's
:mod:`translate.storage.tmx`), for CAT tools and for OmegaT's ``tm/`` folder.

Every translated, non-fuzzy unit of every document gives one ``<tu>`` per language: the
English and the translation, each a ``<tuv>`` whose ``<seg>`` holds the text with our
inline markup as TMX codes (:func:`build_tools.i18n.inline.fill_tmx_segment`), and the
properties a memory needs to say where it came from::

    <tu>
      <prop type="x-document">NAME</prop>      the catalog (the document)
      <prop type="x-context">EID</prop>        the unit's key (translate-toolkit's context)
      <prop type="x-approval">provisional</prop>  or approved: the catalog's X-Approval
      <tuv xml:lang="en"><seg>…</seg></tuv> <tuv xml:lang="fr"><seg>…</seg></tuv>
    </tu>

Segments are whole paragraphs (``segtype="paragraph"``), as our units are. Nothing in it
depends on the clock: the same catalogs give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from lxml import etree
from translate.storage import tmx

from build_tools import __version__
from build_tools.akn.xmlio import write_if_changed
from build_tools.config import Language, Project
from build_tools.i18n.catalogs import PoFile, messages, read_catalog, translated
from build_tools.i18n.inline import fill_tmx_segment

HEADER = {
    "creationtool": "build_tools",
    "creationtoolversion": __version__,
    "segtype": "paragraph",
    "o-tmf": "gettext PO",
    "datatype": "xml",
}


@dataclass(frozen=True, slots=True)
class Translations:
    """One catalog the memory is made from."""

    document: str
    language: Language
    po: PoFile


def export_memory(project: Project, names: list[str], languages: list[Language], path: Path) -> int:
    """Write the memory of catalogs ``names`` in ``languages`` (those that exist) to
    ``path``; returns how many units it holds."""
    catalogs = [
        Translations(name, language, read_catalog(project.layout.catalog(language.code, name)))
        for name in names
        for language in languages
        if project.layout.catalog(language.code, name).is_file()
    ]
    data, count = memory(catalogs, project.source_language)
    write_if_changed(path, data)
    return count


def memory(catalogs: list[Translations], source: Language) -> tuple[bytes, int]:
    """The TMX of every translated unit of ``catalogs``, and how many units it holds."""
    store = tmx.tmxfile(sourcelanguage=source.code)
    header = store.document.getroot().find("header")
    assert header is not None, "translate-toolkit's skeleton has a header"
    for name, value in HEADER.items():
        header.set(name, value)
    count = 0
    for catalog in catalogs:
        for message in messages(catalog.po.catalog):
            if translated(message):
                _add(store, catalog, message, source)
                count += 1
    return bytes(store), count


def _add(store: tmx.tmxfile, catalog: Translations, message: Message, source: Language) -> None:
    unit = store.addsourceunit("", source.code)  # type: ignore[no-untyped-call]
    unit.setcontext(str(message.context))
    context = unit.xmlelement.index(unit.xmlelement.find("prop"))
    for offset, (kind, value) in enumerate(
        (("x-document", catalog.document), ("x-approval", catalog.po.approval))
    ):
        prop = etree.Element("prop", type=kind)
        prop.text = value
        unit.xmlelement.insert(context + offset, prop)
    for tuv, text in (
        (unit.xmlelement.find("tuv"), str(message.id)),
        (unit.createlanguageNode(catalog.language.code, "", "target"), str(message.string)),
    ):
        fill_tmx_segment(tuv.find("seg"), text)
        if tuv.getparent() is None:
            unit.xmlelement.append(tuv)
