"""Stage ``render``: every per-language AKN expression → PDF, EPUB and the site's HTML
fragments (:mod:`build_tools.render.fragments`).

One Pandoc document per expression (:mod:`build_tools.render.document`) feeds every format.
Outputs go to ``build/downloads/<lang>/<document>.<lang>.<ext>``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_tools.akn.xmlio import write_if_changed
from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, StageFailed, display_path
from build_tools.i18n.ui import language_name, stage_line, ui_strings
from build_tools.layout import RENDER_FORMATS, RenderFormat
from build_tools.render import pandoc as pd
from build_tools.render.document import document
from build_tools.render.epub import build_epub
from build_tools.render.fonts import missing_glyphs
from build_tools.render.fragments import write_fragments
from build_tools.render.pandoc import Node, all_text
from build_tools.render.pdf import compile_pdf, typst_source
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
    marker: str
    summary: str
    draft: str  # the notice on the first page of a draft
    stage: str  # what the text is: 'Draft resolution, 15 January 2015 — C-I/132/DR'


def texts_for(project: Project, reading: Reading) -> Texts:
    source = language_name(project.source_language.code, reading.language)
    strings = ui_strings(project.layout, reading.language)
    locale = project.language(reading.language).locale
    return Texts(
        notice=strings["provisional-notice"].format(language=source),
        marker=strings["fallback-marker"].format(language=source),
        summary=strings["accessibility-summary"],
        draft=strings["draft-notice"],
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


def render_pdf(project: Project, reading: Reading, doc: Node, texts: Texts) -> bytes:
    source = typst_source(
        doc,
        language=reading.language,
        direction=reading.direction,
        date=reading.date,
        header=running_header(reading),
        marker=texts.marker,
        source_language=project.source_language.code,
        description=texts.stage,
    )
    return compile_pdf(source, reading.date, reading.name)


def render_epub(project: Project, reading: Reading, doc: Node, texts: Texts) -> bytes:
    work = project.layout.epub_scratch(reading.language, reading.name)
    return build_epub(
        doc,
        reading,
        marker=texts.marker,
        summary=texts.summary,
        description=texts.stage,
        work=work,
    )


RENDERERS: dict[RenderFormat, Callable[[Project, Reading, Node, Texts], bytes]] = {
    "pdf": render_pdf,
    "epub": render_epub,
}


def render_document(
    project: Project, name: str, language: Language, formats: tuple[RenderFormat, ...]
) -> list[Rendered]:
    source = project.layout.merged(language.code, name)
    reading = read_expression(source, language.code)
    doc, texts = pandoc_document(project, reading)
    missing = missing_glyphs(all_text(doc) + texts.marker, language.code)
    if missing:
        message = f"no font for {len(missing)} character(s): {' '.join(f'U+{ord(c):04X} {c}' for c in missing)}"
        raise StageFailed([Diagnostic(display_path(source), 0, message, "render-glyph")])
    write_fragments(project, reading, texts.marker)  # the site's HTML of the same text
    results = []
    for extension in formats:
        started = time.perf_counter()
        data = RENDERERS[extension](project, reading, doc, texts)
        path = project.layout.download(language.code, name, extension)
        changed = write_if_changed(path, data)
        results.append(
            Rendered(language.code, extension, path, time.perf_counter() - started, changed)
        )
    return results
