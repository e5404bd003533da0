"""Our inline markup (:mod:`build_tools.akn.placeholders`) as XLIFF 1.2 and TMX 1.4 codes.

* XLIFF: a pair of tags becomes ``<g id="…">…</g>``, an empty placeholder ``<x id="…"/>``.
  A numbered placeholder keeps its name as id (``x1``); a formatting tag is numbered per
  kind within the message (``i1``, ``i2``, ``b1``) and says what it is in ``ctype``
  (``italic``, ``bold``, …). So the id alone tells, on the way back, which of our tags a
  CAT tool's ``<g>`` or ``<x/>`` stands for, wherever the translator moved it.
* TMX: the same XLIFF codes, as the native code inside ``<bpt>``, ``<ept>`` and ``<ph>``.
  A memory entry then matches the unit of our XLIFF code for code (OmegaT, for one,
  compares codes by their element's first letter: ``g`` or ``x``).

The units themselves are translate-toolkit's (:mod:`translate.storage.placeables`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator

from lxml import etree
from translate.storage.placeables import StringElem
from translate.storage.placeables import xliff as codes

from build_tools.akn import placeholders
from build_tools.akn.placeholders import FORMATTING, Node, Tag

CTYPES = {
    "i": "italic",
    "b": "bold",
    "u": "underlined",
    "sup": "x-superscript",
    "sub": "x-subscript",
}
TMX_TYPES = {**CTYPES, "u": "ulined"}  # TMX 1.4 names underlining its own way
FORMATTING_ID = re.compile(r"^(i|b|u|sup|sub)([1-9][0-9]*)$")
PLACEHOLDER_ID = re.compile(r"^x[1-9][0-9]*$")
UNWRAPPED = frozenset({"mrk"})  # annotations (segments, terms) a tool may add: their text counts


class InlineError(ValueError):
    """A target whose inline codes are not those our markup can hold."""


def to_xliff(message: str) -> StringElem:
    """The message as translate-toolkit's rich text, our tags as XLIFF codes."""
    return StringElem(list(_rich(placeholders.parse(message), Counter())))


def _rich(nodes: tuple[Node, ...], seen: Counter[str]) -> Iterator[StringElem | str]:
    for node in nodes:
        if isinstance(node, str):
            yield StringElem(node)
            continue
        code_id, ctype = _identity(node, seen)
        attributes = {"ctype": ctype} if ctype else {}
        if node.empty:
            yield codes.X(id=code_id, xml_attrib=attributes)
        else:
            yield codes.G(id=code_id, sub=list(_rich(node.children, seen)), xml_attrib=attributes)


def _identity(tag: Tag, seen: Counter[str]) -> tuple[str, str | None]:
    if tag.name not in FORMATTING:
        return tag.name, None
    seen[tag.name] += 1
    return f"{tag.name}{seen[tag.name]}", CTYPES[tag.name]


def from_xliff(text: StringElem) -> str:
    """Our message for translate-toolkit's rich text; raise InlineError for a code that
    is not one of ours (another element, or an id our export never gives)."""
    return "".join(_flat(text))


def _flat(element: StringElem | str) -> Iterator[str]:
    if isinstance(element, str):
        if placeholders.TOKEN.search(element):
            found = placeholders.TOKEN.search(element)
            assert found is not None
            raise InlineError(f"the text {found.group()!r} would read as a tag; delete it")
        yield element
        return
    if type(element) is StringElem or _unwrapped(element):
        for part in element.sub:
            yield from _flat(part)
    elif isinstance(element, codes.G | codes.X):
        yield from _code(element, empty=isinstance(element, codes.X))
    else:
        raise InlineError(f"{_describe(element)} is not one of the source's codes")


def _unwrapped(element: StringElem) -> bool:
    return (
        isinstance(element, codes.UnknownXML)
        and etree.QName(element.xml_node).localname in UNWRAPPED
    )


def _code(element: StringElem, *, empty: bool) -> Iterator[str]:
    name = _name(str(element.id or ""))
    if name is None:
        raise InlineError(f"{_describe(element)} is not one of the source's codes")
    if empty:
        yield f"<{name}/>"
        return
    yield f"<{name}>"
    for part in element.sub:
        yield from _flat(part)
    yield f"</{name}>"


def _name(code_id: str) -> str | None:
    if PLACEHOLDER_ID.match(code_id):
        return code_id
    formatting = FORMATTING_ID.match(code_id)
    return formatting.group(1) if formatting else None


def _describe(element: StringElem) -> str:
    if isinstance(element, codes.UnknownXML):
        tag = f"<{etree.QName(element.xml_node).localname}>"
    else:
        tag = {codes.G: "<g>", codes.X: "<x/>"}.get(
            type(element), f"<{type(element).__name__.lower()}>"
        )
    return f"{tag} with id {element.id!r}" if element.id else tag


def fill_tmx_segment(segment: etree._Element, message: str) -> None:
    """Write ``message`` into a TMX ``<seg>``: text, and each of our tags as the XLIFF
    code it is in our XLIFF, inside ``<bpt>``/``<ept>`` (pairs, numbered by ``i``) or
    ``<ph>`` (empty placeholders)."""
    _tmx_nodes(segment, placeholders.parse(message), Counter(), itertools.count(1))


def _tmx_nodes(
    segment: etree._Element, nodes: tuple[Node, ...], seen: Counter[str], pairs: Iterator[int]
) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append_text(segment, node)
            continue
        code_id, ctype = _identity(node, seen)
        attributes = f' ctype="{ctype}"' if ctype else ""
        if node.empty:
            _code_element(segment, "ph", f'<x id="{code_id}"{attributes}/>', {})
            continue
        number = str(next(pairs))
        kind = {"type": TMX_TYPES[node.name]} if node.name in TMX_TYPES else {}
        _code_element(segment, "bpt", f'<g id="{code_id}"{attributes}>', {"i": number, **kind})
        _tmx_nodes(segment, node.children, seen, pairs)
        _code_element(segment, "ept", "</g>", {"i": number})


def _code_element(
    segment: etree._Element, tag: str, native: str, attributes: dict[str, str]
) -> None:
    element = etree.SubElement(segment, tag, attributes)
    element.text = native


def _append_text(segment: etree._Element, text: str) -> None:
    if len(segment):
        last = segment[-1]
        last.tail = (last.tail or "") + text
    else:
        segment.text = (segment.text or "") + text
