"""Inline markup inside a translatable block, as compact placeholders for translators.

In the spirit of itstool:

* plain formatting without attributes (``i``, ``b``, ``u``, ``sup``, ``sub``) stays as
  itself: ``<i>Convinced</i> that …``;
* any other inline element becomes a numbered pair ``<x1>…</x1>`` whose attributes
  (href, refersTo, dates) are kept out of the message and restored on merge;
* an inline element without text, or whose text forms units of its own (an
  ``authorialNote``), becomes an empty placeholder ``<x2/>``.

Numbers count the placeholders of one message in document order, from 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from build_tools.akn import model as akn

FORMATTING = frozenset({"i", "b", "u", "sup", "sub"})
OWN_UNITS = frozenset({"authorialNote"})  # blocks inside become messages of their own
TOKEN = re.compile(r"<(/?)(i|b|u|sup|sub|x[1-9][0-9]*)(/?)>")


class PlaceholderError(ValueError):
    """A message whose placeholders are not well formed."""


@dataclass(frozen=True, slots=True)
class Tag:
    name: str  # "i", "x3", …
    children: tuple[Node, ...] = ()
    empty: bool = False


Node = str | Tag


@dataclass(slots=True)
class Serialized:
    text: str
    elements: dict[str, etree._Element] = field(default_factory=dict)  # "x3" → element


def is_formatting(element: etree._Element) -> bool:
    return akn.local(element) in FORMATTING and not element.attrib


def is_empty_placeholder(element: etree._Element) -> bool:
    return akn.local(element) in OWN_UNITS or not "".join(element.itertext()).strip()


def serialize(block: etree._Element) -> Serialized:
    """The message for ``block`` and the elements its ``xN`` placeholders stand for."""
    result = Serialized(text="")
    raw = _serialize_children(block, result)
    result.text = akn.squeeze(raw)
    return result


def _serialize_children(element: etree._Element, result: Serialized) -> str:
    text = element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            text += _serialize_element(child, result)
        text += child.tail or ""
    return text


def _serialize_element(child: etree._Element, result: Serialized) -> str:
    if is_formatting(child):
        name = akn.local(child)
        return f"<{name}>{_serialize_children(child, result)}</{name}>"
    name = f"x{len(result.elements) + 1}"
    result.elements[name] = child
    if is_empty_placeholder(child):
        return f"<{name}/>"
    return f"<{name}>{_serialize_children(child, result)}</{name}>"


def parse(message: str) -> tuple[Node, ...]:
    """Read a message into text and tags; raise PlaceholderError when unbalanced."""
    stack: list[tuple[str, list[Node]]] = [("", [])]
    position = 0
    for match in TOKEN.finditer(message):
        _append_text(stack[-1][1], message[position : match.start()])
        position = match.end()
        closing, name, empty = match.group(1), match.group(2), match.group(3)
        if empty:
            stack[-1][1].append(Tag(name, empty=True))
        elif not closing:
            stack.append((name, []))
        elif stack[-1][0] != name:
            expected = f"</{stack[-1][0]}>" if stack[-1][0] else "no closing tag"
            raise PlaceholderError(f"</{name}> found where {expected} was expected")
        else:
            opened, children = stack.pop()
            stack[-1][1].append(Tag(opened, tuple(children)))
    _append_text(stack[-1][1], message[position:])
    if len(stack) > 1:
        raise PlaceholderError(f"<{stack[-1][0]}> is never closed")
    return tuple(stack[0][1])


def _append_text(nodes: list[Node], text: str) -> None:
    if text:
        nodes.append(text)


def skeleton(nodes: tuple[Node, ...], parent: str = "") -> list[tuple[str, str, bool]]:
    """Every placeholder with its parent placeholder and emptiness, sorted for comparison."""
    found: list[tuple[str, str, bool]] = []
    for node in nodes:
        if isinstance(node, Tag):
            found.append((node.name, parent, node.empty))
            found.extend(skeleton(node.children, node.name))
    return sorted(found)


def plain(nodes: tuple[Node, ...]) -> str:
    """The words of a message without its tags."""
    return "".join(node if isinstance(node, str) else plain(node.children) for node in nodes)


def rebuild(
    block: etree._Element, nodes: tuple[Node, ...], elements: dict[str, etree._Element]
) -> None:
    """Replace the content of ``block`` by ``nodes``, reusing the original inline elements.

    Elements are moved, not copied, so units nested in them (footnote paragraphs) keep
    their identity and are merged in their turn.
    """
    for element in elements.values():
        element.tail = None
    _fill(block, nodes, elements)


def _fill(
    target: etree._Element, nodes: tuple[Node, ...], elements: dict[str, etree._Element]
) -> None:
    for child in list(target):
        if not isinstance(child.tag, str) or is_formatting(child) or child in elements.values():
            target.remove(child)
    target.text = None
    last: etree._Element | None = None
    for node in nodes:
        if isinstance(node, str):
            if last is None:
                target.text = (target.text or "") + node
            else:
                last.tail = (last.tail or "") + node
            continue
        last = _element_for(node, target, elements)
        target.append(last)
        if not node.empty:
            _fill(last, node.children, elements)


def _element_for(
    node: Tag, target: etree._Element, elements: dict[str, etree._Element]
) -> etree._Element:
    if node.name in elements:
        return elements[node.name]
    namespace = etree.QName(target).namespace
    return etree.Element(f"{{{namespace}}}{node.name}" if namespace else node.name)
