"""EPUB 3 from the Pandoc document: own page template (with ``dir``), embedded font
subsets, accessibility metadata, reproducible (fixed identifier and dates)."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from lxml import etree

from build_tools.akn.xmlio import hardened_parser
from build_tools.render import pandoc as pd
from build_tools.render.marks import prepare
from build_tools.render.pandoc import Conversion, Node, all_text
from build_tools.render.reading import Reading, plain
from build_tools.render.webfonts import faces_for, font_face_css, subset_face

EMPHASIS_CSS = {
    "ar": "em { font-style: normal; font-weight: bold; }\n.docline p { font-style: normal; }\n",
    "zh": "em { font-style: normal; text-emphasis: filled dot; text-emphasis-position: under; }\n"
    ".docline p { font-style: normal; }\n",
}
EPUB_LANGUAGE = {"zh": "zh-Hans"}


def _resource(name: str) -> str:
    return (resources.files("build_tools") / "templates" / name).read_text("utf-8")


def stylesheet(language: str, families: list[str]) -> str:
    stack = ", ".join(f'"{family}"' for family in dict.fromkeys(families)) + ", serif"
    css = _resource("epub.css").replace("var(--text-font)", stack)
    return css + EMPHASIS_CSS.get(language.split("-")[0], "")


def epub_metadata(reading: Reading, *, summary: str, description: str) -> dict[str, Node]:
    meta = {
        "description": pd.meta_inlines(pd.text(description)),
        "creator": pd.meta_list([pd.meta_inlines(pd.text(a)) for a in reading.facts.authors]),
        "lang": pd.meta_string(EPUB_LANGUAGE.get(reading.language, reading.language)),
        "identifier": pd.meta_string(reading.expression_iri),
        "date": pd.meta_string(reading.date),
        "accessibilitySummary": pd.meta_inlines(pd.text(summary)),
        "pagetitle": pd.meta_inlines(pd.text(plain(reading.title))),
    }
    if reading.direction == "rtl":
        meta["page-progression-direction"] = pd.meta_string("rtl")
    return meta


def epub_conversion(
    document: Node,
    reading: Reading,
    *,
    marker: str,
    summary: str,
    description: str,
    work: Path,
) -> Conversion:
    """The Pandoc conversion that makes one expression's EPUB (finished by
    :func:`finish_epub`); ``work`` is a scratch folder for its fonts, stylesheet and
    page template. Pandoc dates it from SOURCE_DATE_EPOCH (:func:`epub_epoch`)."""
    if work.exists():
        shutil.rmtree(work)
    fonts = work / "fonts"
    prepared = prepare(document, marker, reading.language, title_on_top=True)
    prepared["meta"] = {
        **prepared["meta"],
        **epub_metadata(reading, summary=summary, description=description),
    }
    faces = faces_for(reading.language)
    text = all_text(prepared)
    embedded = [subset_face(face, text, fonts) for face in dict.fromkeys(faces)]
    css = work / "resolution.css"
    css.write_text(
        font_face_css(faces, "../fonts/") + stylesheet(reading.language, [f.family for f in faces]),
        "utf-8",
    )
    template = work / "page.xhtml"
    template.write_text(_resource("epub.xhtml"), "utf-8")
    options = {
        "epub_title_page": False,
        "split_level": 1,
        "variables": {"direction": reading.direction, "css": [str(css)]},
        "epub_fonts": [str(path) for path in embedded],
    }
    return Conversion(prepared, "epub3", options, template=template)


def epub_epoch(reading: Reading) -> int:
    """The EPUB's timestamp: the expression's date, so that rebuilds are identical."""
    return int(datetime.fromisoformat(reading.date).replace(tzinfo=UTC).timestamp())


OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _with_summary(opf: bytes, summary: str) -> bytes:
    tree = etree.fromstring(opf, hardened_parser())
    metadata = tree.find(f"{OPF}metadata")
    assert metadata is not None
    meta = etree.SubElement(metadata, f"{OPF}meta", property="schema:accessibilitySummary")
    meta.text = summary
    meta.tail = "\n  "
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _with_title(page: bytes, title: str) -> bytes:
    """Pandoc titles each chapter with its file name; readers should hear the document's title."""
    tree = etree.fromstring(page, hardened_parser())
    element = tree.find(f"{XHTML}head/{XHTML}title")
    if element is not None:
        element.text = title
    doctype = "<!DOCTYPE html>"
    return etree.tostring(
        tree.getroottree(), xml_declaration=True, encoding="UTF-8", doctype=doctype
    )


def finish_epub(data: bytes, *, summary: str, title: str, epoch: int) -> bytes:
    """Add what Pandoc cannot set (accessibility summary, chapter titles); rezip
    deterministically, ``mimetype`` first and stored."""
    stamp = datetime.fromtimestamp(epoch, UTC).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith("content.opf"):
                content = _with_summary(content, summary)
            elif info.filename.startswith("EPUB/text/") and info.filename.endswith(".xhtml"):
                content = _with_title(content, title)
            compression = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            entry = zipfile.ZipInfo(
                info.filename,
                date_time=(stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5]),
            )
            entry.compress_type = compression
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return buffer.getvalue()
