"""Stage ``render``: every per-language AKN expression → PDF, EPUB and the site's HTML
fragments (:mod:`build_tools.render.fragments`).

One Pandoc document per expression (:mod:`build_tools.render.document`) feeds every format,
and one call to the worker's Pandoc (see :class:`~build_tools.render.pandoc.PandocProcess`)
converts it for all of them.
Outputs go to ``build/downloads/<lang>/<document>.<lang>.<ext>``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_tools.akn.xmlio import write_if_changed
from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, StageFailed, display_path
from build_tools.i18n.ui import draft_notice, language_name, stage_line, ui_strings
from build_tools.layout import RENDER_FORMATS, RenderFormat
from build_tools.render import pandoc as pd
from build_tools.render.document import document
from build_tools.render.epub import epub_conversion, epub_epoch, finish_epub
from build_tools.render.fonts import missing_glyphs
from build_tools.render.fragments import fragments_conversion, fragments_from, write_fragments
from build_tools.render.marks import Markers
from build_tools.render.pandoc import Conversion, Node, all_text, convert
from build_tools.render.pdf import compile_pdf, typst_conversion
from build_tools.render.reading import Reading, plain, read_expression

FORMATS = RENDER_FORMATS


@dataclass(frozen=True, slots=True)
class Rendered:
    language: str
    format: RenderFormat
    path: Path
    seconds: float
    changed: bool


@dataclass(frozen=True, slots=True)
class Texts:
    """The interface strings one expression needs, in its language."""

    notice: str
    markers: Markers  # the 'not yet translated' notices
    page_line: str  # the PDF's footer: "Page {page} of {pages}"
    summary: str
    draft: str  # the notice on the first page of a draft
    stage: str  # what the text is: 'Draft resolution, 15 January 2015 — C-I/132/DR'


def texts_for(project: Project, reading: Reading) -> Texts:
    source = language_name(project.source_language.code, reading.language)
    strings = ui_strings(project.layout, reading.language, project.issuing_body)
    locale = project.language(reading.language).locale
    return Texts(
        notice=strings["provisional-notice"].format(language=source),
        markers=Markers(
            paragraph=strings["fallback-marker"].format(language=source),
            group=strings["fallback-group"].format(language=source),
            heading=strings["fallback-heading"].format(language=source),
            note=strings["fallback-note"].format(language=source),
            language=reading.language,
        ),
        page_line=strings["page-line"],
        summary=strings["accessibility-summary"],
        draft=draft_notice(strings, reading.facts),
        stage=stage_line(reading.facts, strings, locale),
    )


def pandoc_document(project: Project, reading: Reading) -> tuple[Node, Texts]:
    texts = texts_for(project, reading)
    notices = ((("draft", texts.draft),) if reading.draft else ()) + (
        (("provisional", texts.notice),) if reading.provisional else ()
    )
    return document(reading, notices=notices), texts


def running_header(reading: Reading) -> list[Node]:
    sessions = [b for b in reading.masthead if any(i.role == "session" for i in b.inlines)]
    session = plain(sessions[0].inlines) if sessions else ""
    return pd.text(" — ".join(part for part in (session, plain(reading.title)) if part))


@dataclass(frozen=True, slots=True)
class Output:
    """One format of one expression: the Pandoc conversion it starts from, and what
    makes the file of Pandoc's output."""

    conversion: Conversion
    finish: Callable[[bytes], bytes]


def pdf_output(project: Project, reading: Reading, doc: Node, texts: Texts) -> Output:
    conversion = typst_conversion(
        doc,
        language=reading.language,
        direction=reading.direction,
        date=reading.date,
        header=running_header(reading),
        markers=texts.markers,
        page_line=texts.page_line,
        source_language=project.source_language.code,
        description=texts.stage,
    )
    return Output(
        conversion, lambda source: compile_pdf(source.decode(), reading.date, reading.name)
    )


def epub_output(project: Project, reading: Reading, doc: Node, texts: Texts) -> Output:
    parts = epub_conversion(
        doc,
        reading,
        markers=texts.markers,
        summary=texts.summary,
        description=texts.stage,
        work=project.layout.epub_scratch(reading.language, reading.name),
    )
    title, epoch = plain(reading.title), epub_epoch(reading)
    return Output(
        parts.conversion,
        lambda data: finish_epub(data, title=title, epoch=epoch, fonts=parts.fonts),
    )


OUTPUTS: dict[RenderFormat, Callable[[Project, Reading, Node, Texts], Output]] = {
    "pdf": pdf_output,
    "epub": epub_output,
}


def render_document(
    project: Project, name: str, language: Language, formats: tuple[RenderFormat, ...]
) -> list[Rendered]:
    """The expression's files in ``formats`` and its site fragments, from one Pandoc
    process. A file's time is its own work and an even share of Pandoc's."""
    source = project.layout.merged(language.code, name)
    reading = read_expression(source, language.code)
    doc, texts = pandoc_document(project, reading)
    missing = missing_glyphs(all_text(doc) + texts.markers.texts() + texts.page_line, language.code)
    if missing:
        message = f"no font for {len(missing)} character(s): {' '.join(f'U+{ord(c):04X} {c}' for c in missing)}"
        raise StageFailed([Diagnostic(display_path(source), 0, message, "render-glyph")])
    seconds: dict[RenderFormat, float] = {}
    outputs: dict[RenderFormat, Output] = {}
    for extension in formats:
        started = time.perf_counter()
        outputs[extension] = OUTPUTS[extension](project, reading, doc, texts)
        seconds[extension] = time.perf_counter() - started
    started = time.perf_counter()
    fragments, eids = fragments_conversion(reading, texts.markers)
    conversions = [fragments, *(output.conversion for output in outputs.values())]
    epoch = {"SOURCE_DATE_EPOCH": str(epub_epoch(reading))}
    try:
        converted = convert(conversions, environment=epoch)
    except StageFailed as failed:  # Pandoc's own words, said of the text it was converting
        shown = display_path(source)
        raise StageFailed(
            [dataclasses.replace(d, path=shown) for d in failed.diagnostics]
        ) from None
    share = (time.perf_counter() - started) / len(conversions)
    write_fragments(project, reading, fragments_from(eids, converted[0].decode("utf-8")))
    results = []
    for (extension, output), data in zip(outputs.items(), converted[1:], strict=True):
        started = time.perf_counter()
        path = project.layout.download(language.code, name, extension)
        changed = write_if_changed(path, output.finish(data))
        took = seconds[extension] + share + time.perf_counter() - started
        results.append(Rendered(language.code, extension, path, took, changed))
    return results
