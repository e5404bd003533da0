"""Akoma Ntoso written as elements, never as text.

``E("p", {"eId": "preface__p_1", "class": "date"}, E("docDate", {"date": d}, words))``
makes the element in the AKN namespace, with its attributes in the order given (the
order they are written in), its text, and after a child the text that follows it (its
tail). Nothing is escaped by hand: lxml writes text and attribute values as XML.
``None`` stands for a part that is absent (no symbol, no closing lines).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from build_tools.akn.model import NS, akn

Content = str | etree._Element | Mapping[str, str] | None


def E(name: str, *content: Content) -> etree._Element:
    """The AKN element ``name`` holding ``content``: attributes (a mapping), text and
    elements, in order."""
    return add(etree.Element(akn(name), nsmap={None: NS}), *content)


def add(element: etree._Element, *content: Content) -> etree._Element:
    """``content`` appended to ``element``: a mapping sets attributes, a string goes
    after what the element holds so far, an element becomes its last child."""
    for item in content:
        if item is None:
            continue
        if isinstance(item, str):
            add_text(element, item)
        elif isinstance(item, etree._Element):
            element.append(item)
        else:
            for key, value in item.items():
                element.set(key, value)
    return element


def add_text(element: etree._Element, text: str) -> None:
    """``text`` after what ``element`` holds so far (its text, or its last child's tail),
    its line ends as XML has them (CR LF and CR are LF, as a parser reads them)."""
    if not text:
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        last = element[-1]  # lxml finds the last child at once; len() counts them all
    except IndexError:
        element.text = (element.text or "") + text
        return
    last.tail = (last.tail or "") + text


def content(element: etree._Element) -> list[Content]:
    """What ``element`` holds (its text, then its children with their tails), to be
    moved into another element with :func:`add`."""
    return [element.text, *element]


def text_of(items: Iterable[Content]) -> str:
    """The words of ``items`` without their markup."""
    words = []
    for item in items:
        if isinstance(item, str):
            words.append(item)
        elif isinstance(item, etree._Element):
            words.append("".join(item.itertext()))
            words.append(item.tail or "")
    return "".join(words)
