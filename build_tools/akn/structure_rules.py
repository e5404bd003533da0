"""Rules for the operative part, footnotes and references, beyond what the schema checks.

* the document's own ``mainBody`` (not an annex's) holds at least one operative
  ``paragraph``, and every headed operative group (``hcontainer name="operativeGroup"``)
  at least one: the schema accepts a resolution that decides nothing;
* every ``authorialNote`` has a ``marker``; numeric markers run 1, 2, 3… in document order;
* a ``noteRef`` (a footnote referred to again) points to an ``authorialNote`` before it
  and repeats its ``marker``;
* a ``ref`` to another text (an ``href`` that is not ``#…``) names a text the document
  declares as a ``TLCReference`` (same ``href``), so every cited instrument is listed once
  in the metadata with its name.

Findings are (element, message, code) like every rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from build_tools.akn import model as akn

Finding = akn.Finding


OPERATIVE_GROUP = "operativeGroup"


def operative_part(document: etree._Element) -> Iterator[Finding]:
    body = document.find(akn.akn("mainBody"))
    if body is None:
        return
    if next(body.iter(akn.akn("paragraph")), None) is None:
        message = (
            "the operative part has no paragraph: put each decision in a <paragraph> "
            '(<paragraph eId="para_1"><num>1.</num><content><p>…, or without <num> for '
            "the only one of a one-paragraph resolution)"
        )
        yield body, message, "operative-missing"
    for group in body.iter(akn.akn("hcontainer")):
        if (
            group.get("name") == OPERATIVE_GROUP
            and next(group.iter(akn.akn("paragraph")), None) is None
        ):
            eid = group.get("eId", "")
            message = (
                f"operative group {eid!r} has a heading but no paragraph: move the paragraphs "
                "it heads into it, or remove it (closing lines go into <conclusions>)"
            )
            yield group, message, "group-empty"


def note_markers(document: etree._Element) -> Iterator[Finding]:
    expected = 1
    for note in document.iter(akn.akn("authorialNote")):
        marker = note.get("marker", "")
        if not marker:
            yield (
                note,
                'footnote has no marker (marker="1", "2", … in document order)',
                "note-marker",
            )
            continue
        if marker.isdigit():
            if int(marker) != expected:
                yield note, f"footnote marker {marker!r} should be {str(expected)!r}", "note-marker"
            expected = int(marker) + 1


def note_references(document: etree._Element) -> Iterator[Finding]:
    seen: dict[str, str] = {}  # eId of each footnote so far → its marker
    for element in document.iter(akn.akn("authorialNote"), akn.akn("noteRef")):
        if akn.local(element) == "authorialNote":
            seen[element.get("eId", "")] = element.get("marker", "")
            continue
        target = element.get("href", "").removeprefix("#")
        if target not in seen:
            message = f"noteRef href={element.get('href', '')!r} is not a footnote before it"
            yield element, message, "note-ref"
        elif element.get("marker", seen[target]) != seen[target]:
            message = f"noteRef marker {element.get('marker')!r} should repeat its footnote's {seen[target]!r}"
            yield element, message, "note-ref"


def declared_references(document: etree._Element) -> Iterator[Finding]:
    declared = {
        entry.get("href", "")
        for entry in akn.references(document).values()
        if akn.local(entry) == "TLCReference"
    }
    for ref in document.iter(akn.akn("ref")):
        href = ref.get("href", "")
        if href and not href.startswith("#") and href not in declared:
            message = f"reference to {href!r} is not declared as a TLCReference in <references>"
            yield ref, message, "ref-undeclared"
