"""Rules for footnotes and references, beyond what the schema checks.

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
