"""EPUB 3 from the Pandoc document: own page template (with ``dir``), embedded font
subsets, accessibility metadata (Pandoc writes it from the document's metadata),
reproducible (fixed identifier and dates)."""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from lxml import etree

from build_tools.akn.xmlio import parse_bytes
from build_tools.languages import profile
from build_tools.render import pandoc as pd
from build_tools.render.marks import Markers, prepare
from build_tools.render.pandoc import Conversion, Node, all_text
from build_tools.render.reading import Reading, plain
from build_tools.render.webfonts import faces_for, font_face_css, subset_bytes

EMPHASIS_CSS = {  # by how the script shows emphasis (its profile's)
    "italic": "",
    "bold": "em { font-style: normal; font-weight: bold; }\n.docline p { font-style: normal; }\n",
    "dots": "em { font-style: normal; text-emphasis: filled dot; text-emphasis-position: under; }\n"
    ".docline p { font-style: normal; }\n",
}


def _resource(name: str) -> str:
    return (resources.files("build_tools") / "templates" / name).read_text("utf-8")


def stylesheet(language: str, families: list[str]) -> str:
    stack = ", ".join(f'"{family}"' for family in dict.fromkeys(families)) + ", serif"
    css = _resource("epub.css").replace("var(--text-font)", stack)
    return css + EMPHASIS_CSS[profile(language).script.emphasis]


def epub_metadata(reading: Reading, *, summary: str, description: str) -> dict[str, Node]:
    meta = {
        "description": pd.meta_inlines(pd.text(description)),
        "creator": pd.meta_list([pd.meta_inlines(pd.text(a)) for a in reading.facts.authors]),
        "lang": pd.meta_string(profile(reading.language).epub_lang),
        "identifier": pd.meta_string(reading.expression_iri),
        "date": pd.meta_string(reading.date),
        "accessibilitySummary": pd.meta_inlines(pd.text(summary)),
        "pagetitle": pd.meta_inlines(pd.text(plain(reading.title))),
    }
    if reading.direction == "rtl":
        meta["page-progression-direction"] = pd.meta_string("rtl")
    return meta


@dataclass(frozen=True, slots=True)
class EpubParts:
    """What makes one expression's EPUB: the Pandoc conversion, and the font subsets
    :func:`finish_epub` puts in (by file name). Pandoc is not given the fonts: it would
    compress them only for the finishing step to unpack and compress them again."""

    conversion: Conversion
    fonts: dict[str, bytes]


def epub_conversion(
    document: Node,
    reading: Reading,
    *,
    markers: Markers,
    summary: str,
    description: str,
    work: Path,
) -> EpubParts:
    """The Pandoc conversion that makes one expression's EPUB (finished by
    :func:`finish_epub`), and its fonts; ``work`` is a scratch folder for its stylesheet
    and page template. Pandoc dates it from SOURCE_DATE_EPOCH (:func:`epub_epoch`)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    prepared = prepare(document, markers, title_on_top=True)
    prepared["meta"] = {
        **prepared["meta"],
        **epub_metadata(reading, summary=summary, description=description),
    }
    faces = faces_for(reading.language)
    text = all_text(prepared)
    fonts = {face.file: subset_bytes(face, text) for face in dict.fromkeys(faces)}
    css = work / "resolution.css"
    css.write_text(
        font_face_css(faces, FONTS_FROM_CSS)
        + stylesheet(reading.language, [f.family for f in faces]),
        "utf-8",
    )
    template = work / "page.xhtml"
    template.write_text(_resource("epub.xhtml"), "utf-8")
    options = {
        "epub_title_page": False,
        "split_level": 1,
        "variables": {"direction": reading.direction, "css": [str(css)]},
    }
    return EpubParts(Conversion(prepared, "epub3", options, template=template), fonts)


FONTS = "EPUB/fonts/"  # where the fonts go in the archive
FONTS_FROM_CSS = "../fonts/"  # the same, from the stylesheet (EPUB/styles/)
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf"}


# What a ZIP entry's time can hold (MS-DOS dates: 1980 to 2107). Pandoc stops with an
# overflow on a later SOURCE_DATE_EPOCH, and Python's zipfile refuses one out of range.
ZIP_FIRST = int(datetime(1980, 1, 1, tzinfo=UTC).timestamp())
ZIP_LAST = int(datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC).timestamp())


def epub_epoch(reading: Reading) -> int:
    """The EPUB's timestamp: the expression's date, so that rebuilds are identical; a
    date a ZIP cannot hold gives its nearest (the first or last moment it can)."""
    date = int(datetime.fromisoformat(reading.date).replace(tzinfo=UTC).timestamp())
    return min(max(date, ZIP_FIRST), ZIP_LAST)


OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _with_fonts(opf: bytes, fonts: list[str]) -> bytes:
    """The package document with a manifest item for each font file of ``fonts``."""
    tree = parse_bytes(opf)
    items = tree.findall(f"{OPF}manifest/{OPF}item")
    between, after = items[0].tail, items[-1].tail  # the indentation Pandoc wrote
    for name in fonts:
        stem, suffix = name.rsplit(".", 1)
        href = FONTS.removeprefix("EPUB/") + name
        media = FONT_TYPES[f".{suffix}"]
        item = etree.Element(f"{OPF}item", id=f"{stem}_{suffix}", href=href)
        item.set("media-type", media)
        items[-1].addnext(item)
        items[-1].tail, item.tail = between, after
        items.append(item)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _with_title(page: bytes, title: str) -> bytes:
    """Pandoc titles each chapter with its file name; readers should hear the document's title."""
    tree = parse_bytes(page)
    element = tree.find(f"{XHTML}head/{XHTML}title")
    if element is not None:
        element.text = title
    doctype = "<!DOCTYPE html>"
    return etree.tostring(
        tree.getroottree(), xml_declaration=True, encoding="UTF-8", doctype=doctype
    )


def finish_epub(data: bytes, *, title: str, epoch: int, fonts: dict[str, bytes]) -> bytes:
    """Add what Pandoc is not asked for or cannot set (the fonts, chapter titles); rezip
    deterministically, ``mimetype`` first and stored."""
    stamp = datetime.fromtimestamp(epoch, UTC).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    entries += [(FONTS + name, content) for name, content in fonts.items()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in entries:
            if name.endswith("content.opf"):
                content = _with_fonts(content, list(fonts))
            elif name.startswith("EPUB/text/") and name.endswith(".xhtml"):
                content = _with_title(content, title)
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return buffer.getvalue()
