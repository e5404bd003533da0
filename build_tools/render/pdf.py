"""PDF: the Pandoc document → Typst source (Pandoc) → PDF (the typst package, in-process).

The layout scaffolding (numbered paragraphs with hanging numbers, masthead, notice,
fallback marks) is added as raw Typst *around* Pandoc blocks; the text inside stays
Pandoc data, escaped by Pandoc's Typst writer.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import typst

from build_tools.diagnostics import Diagnostic, StageFailed
from build_tools.languages import profile
from build_tools.render import pandoc as pd
from build_tools.render.document import note_reference, split_anchor
from build_tools.render.fonts import font_folders
from build_tools.render.marks import NOTE_MARKER, NOTICE, Markers, mark_fallbacks
from build_tools.render.pandoc import Conversion, Node

LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*")
WRAPPED = {
    "masthead": "masthead",
    "docline": "docline",
    "notice": "notice",
    "conclusions": "conclusions",
}
EMPHASIS_RULES = {
    "italic": "",
    "bold": '#show emph: it => text(weight: "bold", style: "normal", it.body)',
    # Emphasis dots (着重号): one under each character, none under punctuation or Latin.
    "dots": '#show emph: it => { show regex("[\\p{Han}\\p{Hiragana}\\p{Katakana}]"): c => '
    "box(c + place(center + bottom, dy: 0.45em, circle(radius: 0.085em, fill: black, stroke: none))); "
    'text(style: "normal", it.body) }',
}
Standard = Literal[
    "1.4",
    "1.5",
    "1.6",
    "1.7",
    "2.0",
    "a-1a",
    "a-1b",
    "a-2a",
    "a-2b",
    "a-2u",
    "a-3a",
    "a-3b",
    "a-3u",
    "a-4",
    "a-4e",
    "a-4f",
    "ua-1",
]
PDF_STANDARDS: list[Standard] = ["a-2a", "ua-1"]  # archival (tagged) and accessible


def raw(code: str) -> Node:
    return pd.raw_block("typst", code)


def _label(identifier: str) -> str:
    return f" <{identifier}>" if identifier and LABEL.fullmatch(identifier) else ""


def typst_blocks(blocks: list[Node], source_language: str) -> list[Node]:
    """Wrap layout blocks in raw Typst calls; the content stays Pandoc nodes."""
    result: list[Node] = []
    for block in blocks:
        result += _typst_block(block, source_language)
    return result


def _language_opening(pairs: list[list[str]], source_language: str) -> str:
    language = dict(pairs).get("lang", source_language)
    return f'#set text(lang: "{language}")' if LABEL.fullmatch(language) else ""


def _typst_block(block: Node, source_language: str) -> list[Node]:
    if pd.kind(block) == "Header" and pd.has_class(block, "fallback"):
        return [raw("#fallback["), block, raw("]")]
    if pd.kind(block) != "Div":
        return [block]
    identifier, classes, pairs = pd.attributes(block)
    if NOTICE in classes:  # its one paragraph, as the notice's text
        return [raw("#fallback-notice["), pd.plain(pd.children(pd.children(block)[0])), raw("]")]
    inner = typst_blocks(pd.children(block), source_language)
    if "numbered" in classes:
        number, content = inner
        return [
            raw("#numbered["),
            *pd.children(number),
            raw("]["),
            *pd.children(content),
            raw("]" + _label(identifier)),
        ]
    if "attachments" in classes:  # not a container: each annex starts a page
        return inner
    if "attachment" in classes:
        return [raw("#pagebreak(weak: true)"), *inner]
    wrapper = next((WRAPPED[c] for c in classes if c in WRAPPED), None)
    if wrapper:
        return [raw(f"#{wrapper}["), *inner, raw("]" + _label(identifier))]
    if "fallback" in classes:
        opening = "#fallback[" + _language_opening(pairs, source_language)
        return [raw(opening), *inner, raw("]" + _label(identifier))]
    return [pd.div([identifier, classes, pairs], inner)]


def typst_notes(blocks: list[Node]) -> list[Node]:
    """``blocks`` with each footnote referred to again labelled (its anchor's identifier),
    and each reference to it ``#footnote(<label>)``: Typst repeats the note's number,
    linked to it. A reference with no such label is its number in superscript."""
    labels: set[str] = set()
    _anchors(blocks, labels)
    result: list[Node] = _with_labels(blocks, labels)
    return result


def _anchors(node: Any, labels: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _anchors(item, labels)
    elif isinstance(node, dict):
        if "t" in node and pd.kind(node) == "Note":
            label = split_anchor(pd.children(node))[0]
            if LABEL.fullmatch(label):
                labels.add(label)
        for value in node.values():
            _anchors(value, labels)


def _with_labels(node: Any, labels: set[str]) -> Any:
    if isinstance(node, list):
        return [new for item in node for new in _labelled(item, labels)]
    if isinstance(node, dict):
        return {key: _with_labels(value, labels) for key, value in node.items()}
    return node


def _labelled(node: Any, labels: set[str]) -> list[Any]:
    if not isinstance(node, dict) or "t" not in node:
        return [_with_labels(node, labels)]
    if pd.kind(node) == "Span" and pd.has_class(node, NOTE_MARKER):
        return [
            pd.raw_inline("typst", "#fallback-note["),
            *pd.children(node),
            pd.raw_inline("typst", "]"),
        ]
    language = dict(pd.attributes(node)[2]).get("lang", "") if pd.kind(node) == "Span" else ""
    if pd.has_class(node, "fallback") and LABEL.fullmatch(language):  # a footnote's text
        return [
            pd.raw_inline("typst", f'#text(lang: "{language}")['),
            *_with_labels(pd.children(node), labels),
            pd.raw_inline("typst", "]"),
        ]
    if pd.kind(node) == "Note":
        label, blocks = split_anchor(pd.children(node))
        note = pd.note(_with_labels(blocks, labels))
        return [note, pd.raw_inline("typst", f"<{label}>")] if label in labels else [note]
    reference = note_reference(node)
    if reference is None:
        return [_with_labels(node, labels)]
    label, number = reference
    if label in labels:
        return [pd.raw_inline("typst", f"#footnote(<{label}>)")]
    return [pd.wrap("Superscript", pd.text(number))]


def typst_conversion(
    document: Node,
    *,
    language: str,
    direction: str,
    date: str,
    header: list[Node],
    markers: Markers,
    page_line: str,
    source_language: str,
    description: str = "",
) -> Conversion:
    """The Pandoc conversion that makes the PDF's Typst source (compiled by
    :func:`compile_pdf`); ``page_line``: the footer, "Page {page} of {pages}" in the
    text's language."""
    marked = mark_fallbacks(document["blocks"], markers)
    prepared = {  # a new tree around the document's nodes, which stay untouched
        **document,
        "meta": {**document["meta"], "header": pd.meta_inlines(header)},
        "blocks": typst_blocks(typst_notes(marked), source_language),
    }
    spoken = profile(language)
    setup = spoken.script
    year, month, day = (int(part) for part in date.split("-"))
    variables = {
        "fonts": ", ".join(f'"{family}"' for family in setup.fonts),
        "dir": direction,
        "hyphenate": "true" if setup.hyphenate else "false",
        "emph-rule": EMPHASIS_RULES[setup.emphasis],
        "docline-style": "italic" if setup.emphasis == "italic" else "normal",
        "cjk-latin-spacing": "none" if setup.emphasis == "dots" else "auto",
        "page-line": typst_string(page_line),
        "leading": setup.leading,
        "year": str(year),
        "month": str(month),
        "day": str(day),
        "description": typst_string(description),
    }
    if spoken.typst_region:
        variables["region"] = spoken.typst_region
    return Conversion(prepared, "typst", {"variables": variables}, template=_template())


def typst_string(text: str) -> str:
    """A Typst string literal holding ``text`` (for document metadata)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


@functools.cache
def _template() -> Path:
    with resources.as_file(resources.files("build_tools") / "templates" / "resolution.typ") as path:
        return path


@functools.cache
def compiler() -> typst.Compiler:
    """One compiler per process: fonts are loaded once."""
    return typst.Compiler(font_paths=[str(p) for p in font_folders()], ignore_system_fonts=True)


def compile_pdf(source: str, date: str, shown: str) -> bytes:
    timestamp = int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp())
    try:
        result = compiler().compile(
            input=source.encode("utf-8"),
            format="pdf",
            pdf_standards=PDF_STANDARDS,
            timestamp=timestamp,
        )
    except typst.TypstError as error:
        raise StageFailed([Diagnostic(shown, 0, f"typst failed: {error}", "tool-failed")]) from None
    if not isinstance(result, bytes):
        raise StageFailed([Diagnostic(shown, 0, "typst returned no PDF", "tool-failed")])
    return result
