"""The stage rule: a document says what it is, and nothing in it contradicts that.

A draft resolution (``<statement name="resolutionDraft">``) records its submission and
nothing of an adoption; an adopted resolution (``name="resolution"``) records its adoption
event and the outcome of the vote. Findings are (element, message, code) like every rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from build_tools.akn import model as akn

Finding = akn.Finding
KNOWN = ", ".join(repr(name) for name in akn.STAGE_NAMES)


def _adoption_events(document: etree._Element) -> set[str]:
    """eIds of the TLCEvents that are adoptions (their href ends in /adoption)."""
    return {
        eid
        for eid, entry in akn.references(document).items()
        if akn.local(entry) == "TLCEvent"
        and entry.get("href", "").rstrip("/").rsplit("/", 1)[-1] == akn.ADOPTION_EVENT
    }


def _records(document: etree._Element, part: str, item: str) -> list[etree._Element]:
    node = document.find(f"{akn.akn('meta')}/{akn.akn(part)}")
    return [] if node is None else list(node.iter(akn.akn(item)))


def _refers_to(element: etree._Element, eids: set[str]) -> bool:
    return any(target.lstrip("#") in eids for target in element.get("refersTo", "").split())


def stage(document: etree._Element) -> Iterator[Finding]:
    if akn.local(document) != "statement":
        return
    found = akn.stage_of(document)
    if found is None:
        name = document.get("name", "")
        yield (
            document,
            f"document name {name!r} is not a stage we publish (use {KNOWN})",
            "stage-name",
        )
        return
    yield from _identification(document, found)
    if found is akn.Stage.DRAFT:
        yield from _draft(document)
    else:
        yield from _adopted(document)


def _identification(document: etree._Element, found: akn.Stage) -> Iterator[Finding]:
    _, ident = akn.identification(document)
    name = document.get("name", "")
    if ident.subtype and ident.subtype != name:
        message = f"FRBRsubtype {ident.subtype!r} differs from the document name {name!r}"
        yield ident.work.element, message, "stage-subtype"
    date = None if ident.work.element is None else ident.work.element.find(akn.akn("FRBRdate"))
    wanted = akn.STAGE_DATE_NAMES[found]
    if date is not None and date.get("name") != wanted:
        message = f"the work of a {found} text is dated by its {wanted}: FRBRdate name={date.get('name')!r} should be {wanted!r}"
        yield date, message, "stage-date"


def _draft(document: etree._Element) -> Iterator[Finding]:
    adoptions = _adoption_events(document)
    for element in _records(document, "lifecycle", "eventRef"):
        if _refers_to(element, adoptions):
            yield element, "a draft records an adoption event", "stage-adoption"
    for element in _records(document, "workflow", "step"):
        if _refers_to(element, adoptions):
            yield element, "a draft records an adoption step", "stage-adoption"
        if element.get("outcome"):
            yield element, "a draft records the outcome of a decision", "stage-outcome"
    concepts = {e for e, x in akn.references(document).items() if akn.local(x) == "TLCConcept"}
    for element in document.iter(akn.akn("docStatus")):
        if _refers_to(element, concepts | adoptions):
            yield element, "a draft states the outcome of a decision (docStatus)", "stage-outcome"


def _adopted(document: etree._Element) -> Iterator[Finding]:
    adoptions = _adoption_events(document)
    events = _records(document, "lifecycle", "eventRef")
    if not any(_refers_to(e, adoptions) for e in events):
        where = events[0].getparent() if events else document
        message = "an adopted text records no adoption event (lifecycle eventRef to a TLCEvent …/adoption)"
        yield where, message, "stage-adoption-missing"
    steps = [s for s in _records(document, "workflow", "step") if _refers_to(s, adoptions)]
    if not any(step.get("outcome") for step in steps):
        where = steps[0] if steps else document
        message = "an adopted text records no outcome (workflow step of the adoption with @outcome)"
        yield where, message, "stage-outcome-missing"
