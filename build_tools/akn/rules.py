"""The project's own rules: what the official schema cannot express.

Each rule takes the document element and yields located findings as (element, message,
code) triples; :func:`check_rules` turns them into diagnostics. Rules never stop at the
first problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.body_rules import body
from build_tools.akn.numbering import sequence_value
from build_tools.akn.stage_rules import stage
from build_tools.akn.structure_rules import (
    declared_references,
    note_markers,
    note_references,
    operative_part,
)
from build_tools.diagnostics import Diagnostic

Finding = akn.Finding
Rule = Callable[[etree._Element], Iterator[Finding]]

EID_COMPONENT = re.compile(r"[a-z][A-Za-z0-9]*(?:_[A-Za-z0-9][A-Za-z0-9.\-]*)?")
# Elements numbered across the whole document may omit their ancestors' eId prefix.
PREFIX_OPTIONAL = frozenset({"article", "section", "chapter", "part", "paragraph", "hcontainer"})
TEXT_BLOCKS = frozenset({"p", "heading", "subheading", "num", "docTitle", "longTitle"})
REFERENCE_ATTRIBUTES = ("href", "refersTo", "source", "by", "as", "outcome", "to", "actor")
SPECIAL_LANGUAGES = frozenset({"mul", "und", "zxx", "mis"})


def check_rules(document: etree._Element, shown: str) -> list[Diagnostic]:
    diagnostics = []
    for rule in RULES:
        for element, message, code in rule(document):
            line = (element.sourceline or 0) if element is not None else 0
            diagnostics.append(Diagnostic(shown, line, message, code))
    return sorted(diagnostics, key=lambda d: d.line)


def eid_presence(document: etree._Element) -> Iterator[Finding]:
    for element in akn.body_elements(document):
        name = akn.local(element)
        if name in akn.EID_REQUIRED and not element.get("eId"):
            yield element, f"<{name}> has no eId", "eid-missing"


def eid_unique(document: etree._Element) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for element in document.iter():
        eid = element.get("eId") if isinstance(element.tag, str) else None
        if not eid:
            continue
        if eid in seen:
            yield element, f"eId {eid!r} is already used on line {seen[eid]}", "eid-duplicate"
        else:
            seen[eid] = element.sourceline or 0


def eid_convention(document: etree._Element) -> Iterator[Finding]:
    for element in akn.body_elements(document):
        eid = element.get("eId")
        if eid:
            yield from _eid_findings(element, eid)


def _eid_findings(element: etree._Element, eid: str) -> Iterator[Finding]:
    components = eid.split("__")
    if not all(EID_COMPONENT.fullmatch(c) for c in components):
        yield (
            element,
            f"eId {eid!r} does not follow the naming convention (name_number joined by '__')",
            "eid-syntax",
        )
        return
    name = akn.local(element)
    expected = akn.abbreviation(name)
    last = components[-1].split("_", 1)[0]
    if last != expected:
        yield (
            element,
            f"eId {eid!r} of <{name}> should end with a '{expected}_…' component",
            "eid-name",
        )
    yield from _prefix_findings(element, eid, name)
    yield from _number_findings(element, eid)


def _prefix_findings(element: etree._Element, eid: str, name: str) -> Iterator[Finding]:
    prefix = eid.rpartition("__")[0]
    owner = akn.eid_owner(element)
    if owner is not None:
        allowed = {owner.get("eId", "")}
        if name in PREFIX_OPTIONAL:
            allowed.add("")
    else:
        part = akn.enclosing_part(element)
        allowed = {"", part or "", akn.abbreviation(part or "")}
    if prefix not in allowed:
        wanted = " or ".join(repr(p) for p in sorted(allowed) if p) or "no prefix"
        yield (
            element,
            f"eId {eid!r} has prefix {prefix or 'none'!r}; expected {wanted}",
            "eid-prefix",
        )


def _number_findings(element: etree._Element, eid: str) -> Iterator[Finding]:
    num = akn.num_text(element)
    _, _, number = eid.rpartition("__")[2].partition("_")
    if num is None or not number:
        return
    tokens = re.findall(r"\w+", num)
    if tokens and tokens[-1].lower() != number.lower():
        yield element, f"eId {eid!r} does not match its number {num!r}", "eid-num"


def numbering(document: etree._Element) -> Iterator[Finding]:
    # Keys hold the parent element itself: lxml keeps one proxy per element while referenced.
    groups: dict[tuple[etree._Element | None, str], list[etree._Element]] = {}
    for element in akn.body_elements(document):
        if akn.num_text(element) is None or akn.local(element) == "hcontainer":
            continue
        parent = _numbering_parent(element)
        groups.setdefault((parent, akn.local(element)), []).append(element)
    for members in groups.values():
        yield from _sequence_findings(members)


def _numbering_parent(element: etree._Element) -> etree._Element | None:
    """The ancestor whose children form one numbered list; headed groups are transparent."""
    for ancestor in element.iterancestors():
        if akn.local(ancestor) not in {"hcontainer", "content"}:
            return ancestor
    return None


def _sequence_findings(members: list[etree._Element]) -> Iterator[Finding]:
    labels = [akn.num_text(m) or "" for m in members]
    values = sequence_value(labels)
    if values is None:
        return
    for index, (member, value) in enumerate(zip(members, values, strict=True)):
        if value != index + 1:
            if index:
                message = (
                    f"numbering is not sequential: {labels[index]!r} follows {labels[index - 1]!r}"
                )
            else:
                message = f"numbering starts at {labels[index]!r}, not at the first number"
            yield member, message, "num-sequence"
            return


def identification(document: etree._Element) -> Iterator[Finding]:
    node, ident = akn.identification(document)
    if node is None:
        yield document, "<meta> has no <identification>", "meta-missing"
        return
    yield from _required_frbr(node, ident)
    yield from _frbr_consistency(document, node, ident)


def _required_frbr(node: etree._Element, ident: akn.Identification) -> Iterator[Finding]:
    levels = {
        "FRBRWork": ident.work,
        "FRBRExpression": ident.expression,
        "FRBRManifestation": ident.manifestation,
    }
    for name, level in levels.items():
        if level.element is None:
            yield node, f"<identification> has no <{name}>", "meta-missing"
            continue
        for field, value in (
            ("FRBRthis", level.this),
            ("FRBRuri", level.uri),
            ("FRBRdate", level.date),
        ):
            if not value:
                yield level.element, f"<{name}> has no {field} value", "meta-missing"
        if not level.has_author:
            yield level.element, f"<{name}> has no FRBRauthor", "meta-missing"
    if ident.work.element is not None and not ident.country:
        yield ident.work.element, "<FRBRWork> has no FRBRcountry value", "meta-missing"
    if ident.expression.element is not None and not ident.language:
        yield ident.expression.element, "<FRBRExpression> has no FRBRlanguage", "meta-missing"


def _frbr_consistency(
    document: etree._Element, node: etree._Element, ident: akn.Identification
) -> Iterator[Finding]:
    work, expression, manifestation = ident.work, ident.expression, ident.manifestation
    for name, level in (
        ("FRBRWork", work),
        ("FRBRExpression", expression),
        ("FRBRManifestation", manifestation),
    ):
        base = (
            _strip_extension(level.uri) if name == "FRBRManifestation" and level.uri else level.uri
        )
        if level.this and base and not level.this.startswith(base):
            yield (
                level.element,
                f"{name} FRBRthis {level.this!r} does not start with its FRBRuri {level.uri!r}",
                "frbr-iri",
            )
    if work.uri:
        yield from _work_iri(document, ident, work.uri)
    if work.uri and expression.uri:
        yield from _expression_iri(ident, work.uri, expression.uri)
    if expression.uri and manifestation.uri and not manifestation.uri.startswith(expression.uri):
        yield (
            manifestation.element,
            f"manifestation IRI {manifestation.uri!r} is not under the expression IRI {expression.uri!r}",
            "frbr-iri",
        )


def _strip_extension(uri: str) -> str:
    """A manifestation IRI without its format extension ('…/eng@.akn' → '…/eng@')."""
    head, _, tail = uri.rpartition("/")
    return f"{head}/{tail.split('.', 1)[0]}" if "." in tail else uri


def _work_iri(document: etree._Element, ident: akn.Identification, uri: str) -> Iterator[Finding]:
    element = ident.work.element
    segments = uri.split("/")
    if len(segments) < 5 or segments[0] or segments[1] != "akn":
        yield element, f"work IRI {uri!r} does not start with /akn/<country>/<type>/", "frbr-iri"
        return
    if ident.country and segments[2] != ident.country:
        yield (
            element,
            f"work IRI country {segments[2]!r} differs from FRBRcountry {ident.country!r}",
            "frbr-iri",
        )
    if segments[3] != akn.local(document):
        yield (
            element,
            f"work IRI type {segments[3]!r} differs from the document type {akn.local(document)!r}",
            "frbr-iri",
        )
    if ident.subtype and segments[4] != ident.subtype:
        yield (
            element,
            f"work IRI subtype {segments[4]!r} differs from FRBRsubtype {ident.subtype!r}",
            "frbr-iri",
        )
    if ident.work.date and ident.work.date[:10] not in segments:
        yield (
            element,
            f"work IRI {uri!r} has no date segment equal to FRBRdate {ident.work.date!r}",
            "frbr-iri",
        )
    if ident.number and segments[-1] != ident.number:
        yield (
            element,
            f"work IRI ends with {segments[-1]!r}, not FRBRnumber {ident.number!r}",
            "frbr-iri",
        )


def _expression_iri(ident: akn.Identification, work_uri: str, uri: str) -> Iterator[Finding]:
    element = ident.expression.element
    if not uri.startswith(work_uri + "/"):
        yield element, f"expression IRI {uri!r} is not under the work IRI {work_uri!r}", "frbr-iri"
        return
    segment = uri[len(work_uri) + 1 :].split("/")[0]
    language = segment.split("@")[0]
    if "@" not in segment:
        yield element, f"expression IRI {uri!r} has no '<language>@' segment", "frbr-iri"
    elif ident.language and language != ident.language:
        yield (
            ident.language_element,
            f"expression IRI language {language!r} differs from FRBRlanguage {ident.language!r}",
            "frbr-language",
        )


def language_codes(document: etree._Element) -> Iterator[Finding]:
    for element in document.iter(akn.akn("FRBRlanguage"), akn.akn("FRBRtranslation")):
        for attribute in ("language", "fromLanguage"):
            code = element.get(attribute)
            if code is not None and not is_iso639_2(code):
                yield element, f"{attribute} {code!r} is not an ISO 639-2 alpha-3 code", "lang-code"


def is_iso639_2(code: str) -> bool:
    if code in SPECIAL_LANGUAGES:
        return True
    if len(code) != 3 or not code.isascii() or not code.islower():
        return False
    import pycountry  # its tables load on first use: only a build that validates needs them

    found = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    return found is not None or pycountry.language_families.get(alpha_3=code) is not None


def empty_blocks(document: etree._Element) -> Iterator[Finding]:
    for element in akn.body_elements(document):
        name = akn.local(element)
        if name in TEXT_BLOCKS and _is_empty(element):
            yield element, f"<{name}> is empty", "empty-block"


def _is_empty(element: etree._Element) -> bool:
    has_text = bool("".join(element.itertext()).strip())
    return not has_text and not any(
        akn.local(child) in {"img", "eol", "br"} for child in element.iter()
    )


def references(document: etree._Element) -> Iterator[Finding]:
    eids = {e.get("eId") for e in document.iter() if isinstance(e.tag, str) and e.get("eId")}
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in REFERENCE_ATTRIBUTES:
            value = element.get(attribute, "")
            for target in value.split():
                if target.startswith("#") and target[1:] not in eids:
                    yield (
                        element,
                        f"{attribute}={target!r} points to no element of this document",
                        "ref-unresolved",
                    )


RULES: tuple[Rule, ...] = (
    eid_presence,
    eid_unique,
    eid_convention,
    numbering,
    identification,
    language_codes,
    empty_blocks,
    references,
    stage,
    note_markers,
    note_references,
    declared_references,
    body,
    operative_part,
)
