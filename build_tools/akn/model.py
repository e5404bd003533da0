"""The Akoma Ntoso document model shared by every stage.

lxml stays behind this module (and merge); other stages ask it for names, metadata
and units instead of walking raw XML themselves.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from build_tools import bodies

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"  # the xml:lang attribute
# What a rule reports: the element (for its line), the message, the diagnostic code.
Finding = tuple[etree._Element | None, str, str]

# Document types (children of <akomaNtoso>) defined by AKN 3.0.
DOCUMENT_TYPES = frozenset(
    {
        "act", "amendment", "amendmentList", "bill", "debate", "debateReport", "doc",
        "documentCollection", "judgment", "officialGazette", "portion", "statement",
    }
)  # fmt: skip

# Hierarchical elements (the schema's ANhier group) and other numbered containers.
HIERARCHY = frozenset(
    {
        "alinea", "article", "book", "chapter", "clause", "division", "indent", "level", "list",
        "paragraph", "part", "point", "proviso", "rule", "section", "subchapter", "subclause",
        "subdivision", "sublist", "subparagraph", "subpart", "subrule", "subsection", "subtitle",
        "title", "tome", "transitional", "hcontainer",
    }
)  # fmt: skip

# Elements that must carry an eId in our documents (besides HIERARCHY).
EID_REQUIRED = HIERARCHY | {
    "recitals", "recital", "citations", "citation", "formula", "longTitle", "authorialNote"
}  # fmt: skip

# Abbreviations of the AKN naming convention for eId components; others use their own name.
ABBREVIATIONS = {
    "alinea": "al", "amendmentBody": "body", "article": "art", "attachment": "att",
    "blockList": "list", "chapter": "chp", "citation": "cit", "citations": "cits",
    "clause": "cl", "component": "cmp", "components": "cmpnts", "componentRef": "cref",
    "debateBody": "body", "debateSection": "dbsect", "division": "dvs", "documentRef": "dref",
    "eventRef": "eref", "judgmentBody": "body", "listIntroduction": "intro",
    "listWrapUp": "wrap", "mainBody": "body", "paragraph": "para", "quotedStructure": "qstr",
    "quotedText": "qtext", "recital": "rec", "recitals": "recs", "section": "sec",
    "subchapter": "subchp", "subclause": "subcl", "subdivision": "subdvs",
    "subparagraph": "subpara", "subsection": "subsec", "temporalGroup": "tmpg",
    "wrapUp": "wrapup",
}  # fmt: skip

# Top-level parts of a document; their names may open an eId when no ancestor has one.
PARTS = ("coverPage", "preface", "preamble", "mainBody", "body", "conclusions", "attachments")


def local(element: etree._Element) -> str:
    """The element's name without namespace ('' for comments and processing instructions)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_IN_NS = f"{{{NS}}}"  # how lxml writes a name in the AKN namespace: "{uri}name"


def is_akn(element: etree._Element) -> bool:
    tag = element.tag
    return isinstance(tag, str) and tag.startswith(_IN_NS)


def akn(name: str) -> str:
    """Clark notation for an AKN element name."""
    return f"{{{NS}}}{name}"


def abbreviation(name: str) -> str:
    return ABBREVIATIONS.get(name, name)


def document_element(root: etree._Element) -> etree._Element | None:
    """The document-type element directly under <akomaNtoso>."""
    for child in root:
        if is_akn(child) and local(child) in DOCUMENT_TYPES:
            return child
    return None


def in_meta(element: etree._Element) -> bool:
    """Whether the element is inside a <meta> (of any namespace)."""
    return next(element.iterancestors("{*}meta"), None) is not None


def eid_owner(element: etree._Element) -> etree._Element | None:
    """The nearest ancestor (not the element itself) that carries an eId, outside <meta>."""
    for ancestor in element.iterancestors():
        if ancestor.get("eId") and not in_meta(ancestor):
            return ancestor
    return None


def enclosing_part(element: etree._Element) -> str | None:
    for ancestor in element.iterancestors():
        if local(ancestor) in PARTS:
            return local(ancestor)
    return None


def num_text(element: etree._Element) -> str | None:
    """The text of the element's own <num>, whitespace-normalized."""
    num = element.find(akn("num"))
    if num is None:
        return None
    return squeeze("".join(num.itertext()))


@dataclass(frozen=True, slots=True)
class FrbrLevel:
    """FRBR fields of one level (Work, Expression or Manifestation)."""

    element: etree._Element | None
    this: str | None
    uri: str | None
    date: str | None
    has_author: bool


@dataclass(frozen=True, slots=True)
class Identification:
    work: FrbrLevel
    expression: FrbrLevel
    manifestation: FrbrLevel
    country: str | None
    subtype: str | None
    number: str | None
    language: str | None
    language_element: etree._Element | None


def _value(parent: etree._Element | None, name: str, attribute: str = "value") -> str | None:
    if parent is None:
        return None
    child = parent.find(akn(name))
    return None if child is None else child.get(attribute)


def _level(identification: etree._Element | None, name: str) -> FrbrLevel:
    element = None if identification is None else identification.find(akn(name))
    return FrbrLevel(
        element=element,
        this=_value(element, "FRBRthis"),
        uri=_value(element, "FRBRuri"),
        date=_value(element, "FRBRdate", "date"),
        has_author=element is not None and element.find(akn("FRBRauthor")) is not None,
    )


def identification(document: etree._Element) -> tuple[etree._Element | None, Identification]:
    node = document.find(f"{akn('meta')}/{akn('identification')}")
    work = _level(node, "FRBRWork")
    expression = _level(node, "FRBRExpression")
    language = None if expression.element is None else expression.element.find(akn("FRBRlanguage"))
    return node, Identification(
        work=work,
        expression=expression,
        manifestation=_level(node, "FRBRManifestation"),
        country=_value(work.element, "FRBRcountry"),
        subtype=_value(work.element, "FRBRsubtype"),
        number=_value(work.element, "FRBRnumber"),
        language=None if language is None else language.get("language"),
        language_element=language,
    )


def body_elements(document: etree._Element) -> Iterator[etree._Element]:
    """Every AKN element of the document outside <meta>, in document order."""
    if is_akn(document):
        yield document
    for child in document:
        if local(child) != "meta":
            yield from body_elements(child)


def plain_text(element: etree._Element) -> str:
    """The text a reader sees: quotation marks of <embeddedText>/<quotedText> included,
    authorial notes left out, whitespace normalized."""
    return squeeze(_text_parts(element, top=True))


def _text_parts(element: etree._Element, *, top: bool = False) -> str:
    name = local(element)
    if not top and name in {"authorialNote", "num"}:
        return ""
    inner = element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            inner += _text_parts(child)
        inner += child.tail or ""
    if name in {"embeddedText", "quotedText"} and element.get("startQuote") is not None:
        start = element.get("startQuote", "")
        inner = start + inner + element.get("endQuote", start)
    return inner


XML_SPACE = re.compile(r"[ \t\r\n]+")


def squeeze(text: str) -> str:
    """Collapse runs of XML whitespace; no-break spaces (typography) are kept."""
    return XML_SPACE.sub(" ", text).strip(" ")


class Stage(enum.StrEnum):
    """Where a text stands in its body's procedure, from the document's ``@name``."""

    DRAFT = "draft"
    ADOPTED = "adopted"


# The document ``@name`` (and FRBRsubtype) of each stage, and the FRBRWork date name that
# records the event creating the work at that stage.
STAGE_NAMES = {"resolutionDraft": Stage.DRAFT, "resolution": Stage.ADOPTED}
STAGE_DATE_NAMES = {Stage.DRAFT: "submission", Stage.ADOPTED: "adoption"}
ADOPTION_EVENT = "adoption"  # last segment of the TLCEvent href of an adoption


def stage_of(document: etree._Element) -> Stage | None:
    """The document's stage, or None when its ``@name`` is not one we know."""
    return STAGE_NAMES.get(document.get("name", ""))


@dataclass(frozen=True, slots=True)
class Facts:
    """What a document says it is: its stage, symbol, date and authors, from its metadata."""

    stage: Stage | None
    symbol: str  # e.g. "C-I/132/DR"; "" when the document has none
    date: str  # ISO date of the work (submission or adoption)
    authors: tuple[str, ...]  # showAs of the persons or bodies who submitted or adopted it
    drafts: tuple[str, ...]  # work IRIs of the drafts an adopted text came from
    body: str = ""  # the registry id of the body whose text it is ("" when it names none)


def references(document: etree._Element) -> dict[str, etree._Element]:
    """The TLC* and other entries of ``meta/references``, by eId."""
    node = document.find(f"{akn('meta')}/{akn('references')}")
    return {} if node is None else {e.get("eId", ""): e for e in node if e.get("eId")}


def facts(document: etree._Element) -> Facts:
    _, ident = identification(document)
    work = ident.work.element
    alias = None if work is None else work.find(f"{akn('FRBRalias')}[@name='symbol']")
    known = references(document)
    authors = []
    for author in [] if work is None else work.iter(akn("FRBRauthor")):
        entry = known.get(author.get("href", "").lstrip("#"))
        if entry is not None:
            authors.append(entry.get("showAs", ""))
    drafts = tuple(e.get("href", "") for e in known.values() if e.get("name") == "resolutionDraft")
    return Facts(
        stage=stage_of(document),
        symbol="" if alias is None else alias.get("value", ""),
        date=(ident.work.date or "")[:10],
        authors=tuple(authors),
        drafts=drafts,
        body=issuing_body(document)[0],
    )


def formula(document: etree._Element) -> etree._Element | None:
    """The opening formula (``<formula name="actingEntity">``, else the first formula)."""
    preamble = document.find(akn("preamble"))
    found = [] if preamble is None else list(preamble.iter(akn("formula")))
    acting = [f for f in found if f.get("name") == "actingEntity"]
    return next(iter(acting or found), None)


def issuing_body(document: etree._Element) -> tuple[str, str]:
    """The registry id of the body whose text this is, and how the document says it
    ("formula" or "author"): the body its opening formula names as an <organization>,
    else the work's author; ("", "") when neither is a body of the registry."""
    known = references(document)
    named = formula(document)
    organizations = [] if named is None else list(named.iter(akn("organization")))
    work = document.find(f"{akn('meta')}/{akn('identification')}/{akn('FRBRWork')}")
    authors = [] if work is None else list(work.iter(akn("FRBRauthor")))
    for how, elements, attribute in (
        ("formula", organizations, "refersTo"),
        ("author", authors, "href"),
    ):
        for element in elements:
            entry = known.get(element.get(attribute, "").lstrip("#"))
            body = None if entry is None else bodies.by_href(entry.get("href", ""))
            if body is not None:
                return body.id, how
    return "", ""
