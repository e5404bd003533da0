"""Inline markup of imported text: italic opening words, quotations, cited instruments,
named bodies, cross-references to operative paragraphs, footnotes.

Text is laid out as characters with spans over them; spans nest or stay apart (one that
would cross another is left out), and every character of the input is written, so the
text is never changed, only marked up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from lxml import etree

from build_tools import bodies
from build_tools.akn.writer import Content, E, add, add_text, content
from build_tools.importing import characters
from build_tools.importing.readers import Run

QUOTE = re.compile(r"“([^“”]+)”")
CROSS_REFERENCE = re.compile(r"\bparagraph (\d{1,3})\b")


@functools.cache
def data(name: str) -> Any:
    """A registry of ours (vocabulary, instruments, organizations), as YAML data."""
    path = resources.files("build_tools") / "importing" / "data" / f"{name}.yaml"
    return yaml.safe_load(path.read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class Entity:
    eid: str
    href: str
    show_as: str


@functools.cache
def organizations() -> list[tuple[Entity, str]]:
    """The bodies a text may name, with the pattern of their names: those of the body
    registry (by the words of their opening formulas), then ``data/organizations.yaml``."""
    found = [
        (Entity(body.eid, body.href, body.name("en")), pattern)
        for body in bodies.registry()
        for pattern in body.name_patterns()
    ]
    for entry in data("organizations"):
        found.append((Entity(entry["eId"], entry["href"], entry["showAs"]), entry["pattern"]))
    return found


@dataclass(slots=True)
class Span:
    """An inline element over the characters from ``start`` to ``end``."""

    start: int
    end: int
    name: str
    attributes: dict[str, str] = field(default_factory=dict)
    drop_edges: bool = False  # a quotation: its quote marks become attributes
    italic: bool = False


@dataclass(slots=True)
class Context:
    """What the whole document shares while its paragraphs are marked up."""

    vocabulary: bool  # no italics in the input: set the usual opening words in italics
    opening: list[str]  # phrases that may open a paragraph here
    paragraphs: set[int]  # numbers of the operative paragraphs (cross-reference targets)
    markers: int = 0  # footnotes so far (their markers number 1, 2, 3… in the document)
    used: dict[str, Entity] = field(default_factory=dict)  # instruments and bodies cited
    references: int = 0
    owner_notes: dict[str, int] = field(default_factory=dict)  # footnotes per element
    note_eids: dict[int, str] = field(default_factory=dict)  # eId of each footnote by number
    again: int = 0  # references to a footnote given before (noteRef)

    @property
    def notes(self) -> int:
        return self.markers


def _flatten(runs: list[Run]) -> tuple[str, list[bool], dict[int, list[Run]]]:
    """Characters with their italic flag, as the character rule keeps them
    (:mod:`build_tools.importing.characters`), and the footnotes and references to
    footnotes at each position."""
    chars: list[str] = []
    italic: list[bool] = []
    marks: dict[int, list[Run]] = {}
    for run in runs:
        if run.note is not None or run.ref:
            while chars and chars[-1] == " ":
                chars.pop()
                italic.pop()
            marks.setdefault(len(chars), []).append(run)
            continue
        for char in run.text:
            found = characters.kind(char)
            if found == "dropped":
                continue
            if found == "space":
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            italic.append(run.italic)
    while chars and chars[-1] == " ":
        chars.pop()
        italic.pop()
    end = len(chars)
    marks = {min(position, end): found for position, found in marks.items()}
    return "".join(chars), italic, marks


def _italic_spans(text: str, flags: list[bool]) -> list[Span]:
    spans, start = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            end = index
            while end > start and text[end - 1] == " ":
                end -= 1
            while start < end and text[start] == " ":
                start += 1
            if end > start:
                spans.append(Span(start, end, "i", italic=True))
            start = None
    return spans


def _phrase_at(text: str, start: int, phrases: list[str]) -> int:
    """Length of the longest phrase at ``start`` (0: none); whole words only."""
    best = 0
    for phrase in phrases:
        candidate = text[start : start + len(phrase)]
        after = text[start + len(phrase) : start + len(phrase) + 1]
        if candidate.casefold() == phrase.casefold() and not after.isalnum():
            best = max(best, len(phrase))
    return best


def _vocabulary_spans(text: str, context: Context) -> list[Span]:
    modifiers = [m for m in data("vocabulary")["modifiers"]]
    phrases = [f"{m} {p.lower()}" for m in modifiers for p in context.opening] + context.opening
    spans = []
    length = _phrase_at(text, 0, phrases)
    if length:
        spans.append(Span(0, length, "i", italic=True))
    inner = [f"{m.lower()} {p.lower()}" for m in ("Also", "Further") for p in context.opening]
    for match in re.finditer(r"[;,] ", text):
        length = _phrase_at(text, match.end(), inner)
        if length:
            spans.append(Span(match.end(), match.end() + length, "i", italic=True))
    return spans


def _entity_spans(text: str, context: Context) -> list[Span]:
    found: list[tuple[int, int, Entity, str]] = []
    for entry in data("instruments"):
        entity = Entity(entry["eId"], entry["href"], entry["showAs"])
        for name in entry["names"]:
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append((match.start(), match.end(), entity, "ref"))
    for entity, pattern in organizations():
        for match in re.finditer(pattern, text):
            found.append((match.start(), match.end(), entity, "organization"))
    spans: list[Span] = []
    for start, end, entity, kind in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if any(s.start < end and start < s.end for s in spans):
            continue
        refers = {"refersTo": f"#{entity.eid}"}
        spans.append(
            Span(start, end, kind, {"href": entity.href, **refers} if kind == "ref" else refers)
        )
        context.used[entity.eid] = entity
        context.references += 1
    for match in CROSS_REFERENCE.finditer(text):
        number = int(match.group(1))
        if number in context.paragraphs and not any(
            s.start < match.end() and match.start() < s.end for s in spans
        ):
            spans.append(Span(match.start(), match.end(), "ref", {"href": f"#para_{number}"}))
            context.references += 1
    for match in QUOTE.finditer(text):
        if not any(s.start < match.end() and match.start() < s.end for s in spans):
            spans.append(
                Span(
                    match.start(),
                    match.end(),
                    "embeddedText",
                    {"startQuote": "“", "endQuote": "”"},
                    drop_edges=True,
                )
            )
    return spans


def _nested(outer: list[Span], inner: list[Span]) -> list[Span]:
    """``inner`` spans that lie inside one ``outer`` span or apart from all of them."""
    kept = []
    for span in inner:
        crossing = any(
            o.start < span.end
            and span.start < o.end
            and not (o.start <= span.start and span.end <= o.end)
            for o in outer
        )
        if not crossing:
            kept.append(span)
    return kept


def inline(
    runs: list[Run],
    context: Context,
    owner: str,
    *,
    vocabulary: bool,
    extra: Sequence[Span] = (),
) -> list[Content]:
    """The AKN inline content of a paragraph (what its ``<p>`` holds), as text and
    elements; ``extra``: spans of the caller's over the text as :func:`plain` gives it
    (a date)."""
    text, flags, notes = _flatten(runs)
    italics = (
        _vocabulary_spans(text, context)
        if vocabulary and context.vocabulary
        else _italic_spans(text, flags)
    )
    spans = italics + _nested(italics, [*_entity_spans(text, context), *extra])
    spans.sort(key=lambda s: (s.start, -(s.end - s.start), not s.italic))
    dropped = {s.start for s in spans if s.drop_edges} | {s.end - 1 for s in spans if s.drop_edges}
    built = _Built(E("p"))
    opening: dict[int, list[Span]] = {}  # the spans by where they open, in order
    for span in spans:
        opening.setdefault(span.start, []).append(span)
    for position in range(len(text) + 1):
        built.close(position)
        for mark in notes.get(position, []):
            built.put(
                _note_ref(mark.ref, context)
                if mark.note is None
                else _note(mark.note, context, owner, mark.marker)
            )
        for span in opening.get(position, []):
            built.open(span)
        if position < len(text) and position not in dropped:
            built.words.append(text[position])
    return built.content()


@dataclass(slots=True)
class _Built:
    """Inline content as it is made, character by character: the elements open at
    the current character, innermost last, and the characters not yet written."""

    holder: etree._Element
    stack: list[tuple[Span, etree._Element]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    def _flush(self) -> None:
        add_text(self.stack[-1][1] if self.stack else self.holder, "".join(self.words))
        self.words.clear()

    def close(self, position: int) -> None:
        """Close the spans that end at ``position``."""
        if self.stack and self.stack[-1][0].end == position:
            self._flush()
        while self.stack and self.stack[-1][0].end == position:
            self.stack.pop()

    def put(self, element: etree._Element) -> None:
        self._flush()
        add(self.stack[-1][1] if self.stack else self.holder, element)

    def open(self, span: Span) -> None:
        element = E(span.name, span.attributes)
        self.put(element)
        self.stack.append((span, element))

    def content(self) -> list[Content]:
        self._flush()
        return content(self.holder)


def _note(runs: tuple[Run, ...], context: Context, owner: str, marker: str = "") -> etree._Element:
    """A footnote: numbered in turn, or with its own ``marker`` ("*"), which takes no number."""
    context.owner_notes[owner] = context.owner_notes.get(owner, 0) + 1
    eid = f"{owner}__authorialNote_{context.owner_notes[owner]}"
    if not marker:
        context.markers += 1
        context.note_eids[context.markers] = eid
    paragraph = E("p", *inline(list(runs), context, eid, vocabulary=False))
    attributes = {"eId": eid, "marker": marker or str(context.markers), "placement": "bottom"}
    return E("authorialNote", attributes, paragraph)


def note(run: Run, context: Context, owner: str) -> etree._Element:
    """The footnote ``run`` holds, as an ``authorialNote`` of the element ``owner``."""
    assert run.note is not None
    return _note(run.note, context, owner, run.marker)


def _note_ref(number: int, context: Context) -> etree._Element:
    """A reference to footnote ``number``, which the reader found before it."""
    context.again += 1
    return E("noteRef", {"href": f"#{context.note_eids[number]}", "marker": str(number)})


def plain(runs: list[Run]) -> str:
    """The text of runs as the preservation check compares it (notes left out)."""
    return _flatten(runs)[0]


def notes(runs: list[Run]) -> list[tuple[Run, ...]]:
    """The footnotes of runs, in reading order."""
    return [m.note for found in _flatten(runs)[2].values() for m in found if m.note is not None]
