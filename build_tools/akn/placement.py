"""Where a text stands in its body's business: the session it was prepared for and the
committee that prepared it, as its metadata says (the site's browse pages group by them).

Our conventions (README, "Conventions of our Akoma Ntoso") put the session in the
preface, ``<session refersTo="#assembly-132" value="132">``, pointing to a ``TLCEvent``
whose href starts with the body's ``events`` (see ``build_tools/data/bodies.yaml``), and
the committee in ``<docCommittee refersTo="#committee-peace">``, pointing to a
``TLCOrganization`` of the body registry. The place is the ``TLCLocation`` the preface's
``<location>`` refers to. The session's dates are not machine-readable in our sources:
they are only words, in the venue line and in the event's ``showAs``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from build_tools import bodies
from build_tools.akn import model as akn
from build_tools.akn.xmlio import ParsedXml, parse_xml
from build_tools.state import file_sha256


@dataclass(frozen=True, slots=True)
class Placement:
    """A text's session and committee (empty or 0 where its metadata names none)."""

    session: int  # the session's number, ``<session value>``
    session_body: str  # the registry id of the body whose session it is
    committee: str  # the registry id of the committee (``<docCommittee>``)
    place: str  # the showAs of the session's TLCLocation, in the source's language

    @property
    def session_key(self) -> str:
        """The session's name on the site: ``BODY-NUMBER``, the registry's id and the
        session's number ("" without a session)."""
        return f"{self.session_body}-{self.session}" if self.session and self.session_body else ""


NOWHERE = Placement(0, "", "", "")


def _referred(document: etree._Element, tag: str) -> tuple[etree._Element, etree._Element] | None:
    """The first ``tag`` of the preface and the reference entry it refers to."""
    preface = document.find(akn.akn("preface"))
    element = None if preface is None else next(preface.iter(akn.akn(tag)), None)
    if element is None:
        return None
    entry = akn.references(document).get(element.get("refersTo", "").lstrip("#"))
    return None if entry is None else (element, entry)


def _session_body(href: str, fallback: str) -> str:
    """The body whose sessions' events start ``href`` (the text's own when several do)."""
    owners = [b.id for b in bodies.registry() if href.startswith(b.events.rstrip("/") + "/")]
    return fallback if fallback in owners else next(iter(owners), "")


def placement(document: etree._Element) -> Placement:
    """What ``document``'s preface and references say of its session and committee."""
    own = akn.issuing_body(document)[0]
    session, session_body = 0, ""
    found = _referred(document, "session")
    if found is not None:
        value = found[0].get("value", "")
        session = int(value) if value.isdigit() else 0
        session_body = _session_body(found[1].get("href", ""), own)
    committee = _referred(document, "docCommittee")
    body = None if committee is None else bodies.by_href(committee[1].get("href", ""))
    location = _referred(document, "location")
    place = "" if location is None else location[1].get("showAs", "")
    return Placement(session, session_body, "" if body is None else body.id, place)


@functools.lru_cache(maxsize=4096)
def _placement(path: Path, digest: str) -> Placement:
    parsed = parse_xml(path)
    if not isinstance(parsed, ParsedXml):
        return NOWHERE
    document = akn.document_element(parsed.tree.getroot())
    return NOWHERE if document is None else placement(document)


def placement_of(path: Path) -> Placement:
    """The placement of the document at ``path``, read once per content in this process."""
    return _placement(path, file_sha256(path))
