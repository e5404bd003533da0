"""The body rule: a text is one body's (``build_tools/data/bodies.yaml``), and says so
consistently — its opening formula is one of that body's, its work's authors name no
other body, and its masthead names the session as that body does.

The body is the one the opening formula names as an ``<organization>``, else the work's
author (:func:`~build_tools.akn.model.issuing_body`); a text that names no body of the
registry is not checked. The registry's formulas and session names are English: texts
in other languages (translations) are not checked against them.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from build_tools import bodies
from build_tools.akn import model as akn

Finding = akn.Finding
ENGLISH = "eng"


def body(document: etree._Element) -> Iterator[Finding]:
    found, how = akn.issuing_body(document)
    if not found or akn.identification(document)[1].language not in {ENGLISH, None}:
        return
    issuing = bodies.get(found)
    number = 0
    named = akn.formula(document)
    if named is not None:
        matched, finding = _formula(named, issuing)
        number = matched.number if matched is not None else 0
        if finding is not None:
            yield finding
    if how == "formula":
        yield from _authors(document, issuing)
    yield from _session(document, issuing, number)


def _formula(
    named: etree._Element, issuing: bodies.Body
) -> tuple[bodies.Formula | None, Finding | None]:
    text = akn.plain_text(named)
    matched = issuing.match_formula(text)
    if matched is not None:
        return matched, None
    expected = " or ".join(repr(f) for f in issuing.formula_texts())
    other = bodies.formula_of(text)
    fix = (
        f"; it is the formula of the {other.body.name()}: make that body's TLCOrganization "
        f"(href {other.body.href!r}) the one the formula and the work's author name"
        if other is not None
        else ""
    )
    message = (
        f"the opening formula {text!r} is not the {issuing.name()}'s, whose text the "
        f"document says it is (its texts open with {expected}){fix}"
    )
    return None, (named, message, "body-formula")


def _authors(document: etree._Element, issuing: bodies.Body) -> Iterator[Finding]:
    known = akn.references(document)
    work = document.find(f"{akn.akn('meta')}/{akn.akn('identification')}/{akn.akn('FRBRWork')}")
    for author in [] if work is None else work.iter(akn.akn("FRBRauthor")):
        entry = known.get(author.get("href", "").lstrip("#"))
        other = None if entry is None else bodies.by_href(entry.get("href", ""))
        if other is not None and other.id != issuing.id:
            message = (
                f"the work's author is the {other.name()}, but the opening formula names "
                f"the {issuing.name()}: one text has one body"
            )
            yield author, message, "body-author"


def _session(document: etree._Element, issuing: bodies.Body, number: int) -> Iterator[Finding]:
    preface = document.find(akn.akn("preface"))
    for session in [] if preface is None else preface.iter(akn.akn("session")):
        value = session.get("value", "")
        if not value.isdigit():
            continue
        text, expected = akn.plain_text(session), issuing.masthead_line(int(value))
        if number and int(value) != number:
            message = (
                f"the session is number {value}, but the opening formula names the "
                f"{issuing.session_name(number)}"
            )
            yield session, message, "body-session"
        elif text != expected:
            message = (
                f"the session reads {text!r}; the {issuing.name()} names its session "
                f"{value} {expected!r}"
            )
            yield session, message, "body-session"
