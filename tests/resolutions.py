"""Hypothesis strategies for whole resolutions of every shape our conventions allow, and
for the translation state of their catalogs.

Shapes: draft or adopted; numbered or unnumbered preamble; with or without headed
operative groups; one unnumbered operative paragraph ("Decides …", as a one-paragraph
resolution is written); sub-paragraphs (a), (b) with nested points (i), (ii); footnotes;
internal cross-references; references to instruments; closing lines (meeting, place,
date); an annex with a title, headings, numbered paragraphs and footnotes; very short and
very long texts. Every document drawn is valid (the tests assert it before using it).
"""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from build_tools.i18n.typography import NNBSP, typography

WORDS = (
    "parliaments",
    "cooperation",
    "security",
    "peace",
    "development",
    "international",
    "law",
    "water",
    "access",
    "measures",
    "rights",
    "the",
    "of",
    "and",
    "to",
    "in",
    "all",
    "States",
    "urges",
    "resources",
    "2030",
)
LETTERS = string.ascii_lowercase
# The opening formula: one of a body of the registry (build_tools/data/bodies.yaml), as an
# import requires, with the session of editor_metadata.
FORMULA = ("The ", "150th Assembly of the Inter-Parliamentary Union", ",")
ROMAN = ("i", "ii", "iii", "iv")
STATES = ("none", "partial", "fuzzy", "complete", "approved")
INSTRUMENT = (
    "un-charter",
    "/akn/un/act/treaty/1945-06-26/charter",
    "Charter of the United Nations",
)
# Verbs that open an unnumbered operative paragraph (data/vocabulary.yaml has them all).
OPERATIVE = ("decides", "requests", "urges", "welcomes", "invites", "encourages", "reaffirms")
# Closing lines after the text: (class, words before the date, the date as written, ISO).
CLOSINGS: tuple[tuple[tuple[str, str, str, str], ...], ...] = (
    (),
    (("meeting", "150th plenary meeting", "", ""), ("date", "", "5 April 2031", "2031-04-05")),
    (("place", "Testville, ", "5 April 2031", "2031-04-05"),),
    (("date", "", "5 April 2031", "2031-04-05"),),
)
ANNEX_HEADINGS = ("Annex", "ANNEX", "Annex I", "Appendix 2")
ANNEX_TITLE = "Terms of reference of the test group"
ANNEX_SECTION = "Working methods"


@dataclass(frozen=True, slots=True)
class Text:
    """A run of words, perhaps with a footnote, a cross-reference or an instrument."""

    words: str
    note: str = ""  # footnote text ("" for none)
    cross_reference: int = 0  # number of an operative paragraph it points to (0: none)
    instrument: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: Text
    subparagraphs: tuple[tuple[Text, tuple[Text, ...]], ...] = ()  # (text, points)


@dataclass(frozen=True, slots=True)
class Annex:
    heading: str  # "Annex", "Annex I"
    title: str  # "" for none
    blocks: tuple[tuple[str, Text], ...]  # (number typed, "1. " or "") or a section heading


@dataclass(frozen=True, slots=True)
class Resolution:
    name: str
    number: int  # makes the work IRI unique
    stage: str  # "draft" or "adopted"
    title: str
    numbered_preamble: bool
    recitals: tuple[Text, ...]
    groups: tuple[tuple[str, tuple[Paragraph, ...]], ...]  # heading ("" : no groups)
    numbered_operative: bool = True  # False: one unnumbered paragraph
    closing: tuple[tuple[str, str, str, str], ...] = ()  # a member of CLOSINGS
    annex: Annex | None = None

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for _, paragraphs in self.groups for p in paragraphs]


# What real documents put between words instead of a plain space: no-break, narrow
# no-break, thin, hair, figure, en and em spaces, dashes, typographic quotes and
# apostrophes, an ellipsis, a non-breaking hyphen, French guillemets.
TYPOGRAPHY = (
    "\u00a0",
    "\u202f",
    "\u2009",
    "\u200a",
    "\u2007",
    "\u2002",
    "\u2003",
    " – ",
    "—",
    "\u00a0– ",
    "’",
    " ‘",
    "’ ",
    " “",
    "” ",
    "…",
    "\u2011",
    " «\u202f",
    "\u202f» ",
)


def words(
    min_size: int = 1, max_size: int = 12, typography: bool = False
) -> st.SearchStrategy[str]:
    """Words joined by spaces, or (``typography``) by any of :data:`TYPOGRAPHY` too."""
    drawn = st.lists(st.sampled_from(WORDS), min_size=min_size, max_size=max_size)
    if not typography:
        return drawn.map(" ".join)
    joints = st.sampled_from((" ", " ", *TYPOGRAPHY))
    return drawn.flatmap(
        lambda found: st.lists(joints, min_size=len(found) - 1, max_size=len(found) - 1).map(
            lambda between: (
                found[0] + "".join(j + w for j, w in zip(between, found[1:], strict=True))
            )
        )
    )


@st.composite
def texts(draw: st.DrawFn, paragraphs: int, long: bool = False, typography: bool = False) -> Text:
    return Text(
        words=draw(words(1, 120 if long else 12, typography)),
        note=draw(st.one_of(st.just(""), words(1, 8, typography))),
        cross_reference=draw(st.integers(0, paragraphs)),
        instrument=draw(st.booleans()),
    )


@st.composite
def paragraphs(draw: st.DrawFn, count: int, typography: bool = False) -> Paragraph:
    subparagraphs = []
    for _ in range(draw(st.integers(0, 3))):
        points = tuple(
            draw(texts(count, typography=typography)) for _ in range(draw(st.integers(0, 2)))
        )
        subparagraphs.append((draw(texts(count, typography=typography)), points))
    long = draw(st.booleans())
    return Paragraph(draw(texts(count, long, typography)), tuple(subparagraphs))


def opens_operative(text: Text) -> bool:
    """Whether the text's first word (up to any joint, a dash or a no-break space too) is
    an operative phrase, which would make an unnumbered paragraph operative."""
    first = re.match(r"[^\W\d_]+", text.words)
    return first is not None and first.group(0).lower() in OPERATIVE


@st.composite
def annexes(draw: st.DrawFn) -> Annex:
    """An annex: its heading, perhaps a title, then paragraphs (numbered as typed or not,
    some with a footnote) and, after the first, perhaps a section heading."""
    blocks: list[tuple[str, Text]] = []
    for index in range(draw(st.integers(1, 3))):
        if index and draw(st.booleans()):
            blocks.append((ANNEX_SECTION, Text("")))
            continue
        label = f"{index + 1}. " if draw(st.booleans()) else ""
        note = draw(st.one_of(st.just(""), words(1, 8)))
        blocks.append((label, Text(draw(words(1, 12)), note=note)))
    return Annex(
        heading=draw(st.sampled_from(ANNEX_HEADINGS)),
        title=draw(st.sampled_from(("", ANNEX_TITLE))),
        blocks=tuple(blocks),
    )


@st.composite
def resolutions(draw: st.DrawFn, number: int, typography: bool = False) -> Resolution:
    """A resolution; with ``typography``, its words are joined as real documents join
    them (:data:`TYPOGRAPHY`)."""
    single = draw(st.sampled_from((False, False, True)))  # one unnumbered paragraph
    count = 1 if single else draw(st.integers(1, 4))
    targets = 0 if single else count  # "paragraph 2" needs numbered paragraphs
    body = [draw(paragraphs(targets, typography)) for _ in range(count)]
    if single:
        verb = draw(st.sampled_from(OPERATIVE))
        text = replace(body[0].text, words=f"{verb} {body[0].text.words}")
        body = [replace(body[0], text=text)]
    groups: tuple[tuple[str, tuple[Paragraph, ...]], ...]
    if draw(st.booleans()) and count > 1:
        cut = draw(st.integers(1, count - 1))
        groups = (
            ("At the national level", tuple(body[:cut])),
            ("At the international level", tuple(body[cut:])),
        )
    else:
        groups = (("", tuple(body)),)
    return Resolution(
        name=f"test-generated-{number}",
        number=number,
        stage=draw(st.sampled_from(["draft", "adopted"])),
        title=draw(words(1, 10)).capitalize(),
        numbered_preamble=draw(st.booleans()),
        recitals=tuple(
            draw(texts(targets, typography=typography).filter(lambda t: not opens_operative(t)))
            for _ in range(draw(st.integers(1, 4)))
        ),
        groups=groups,
        numbered_operative=not single,
        closing=draw(st.sampled_from(CLOSINGS)),
        annex=draw(st.one_of(st.none(), annexes())),
    )


def pseudo_translation(text: str, language: str) -> str:
    """The English text with the target language's punctuation: enough for ``check``."""
    style = typography(language)
    table = {",": style.comma, ";": style.semicolon, ":": style.colon, ".": style.full_stop}
    outside_tags = re.split(r"(<[^>]*>)", text)
    result = "".join(
        part if part.startswith("<") else "".join(table.get(c, c) for c in part)
        for part in outside_tags
    )
    if language == "fr":
        result = re.sub(r"\s*([;:!?])", NNBSP + r"\1", result)
    return result


# --- AKN ----------------------------------------------------------------------------


def _inline(text: Text, eid: str, ending: str) -> str:
    """The ``<p>`` content of a text: opening words in italics, then the rest."""
    first, _, rest = text.words.partition(" ")
    parts = [f"<i>{escape(upper_first(first))}</i>"]
    if rest:
        parts.append(" " + escape(rest))
    if text.instrument:
        parts.append(
            f' under the <ref href="{INSTRUMENT[1]}" refersTo="#{INSTRUMENT[0]}">{INSTRUMENT[2]}</ref>'
        )
    if text.cross_reference:
        number = text.cross_reference
        parts.append(f' as in <ref href="#para_{number}">paragraph {number}</ref>')
    if text.note:
        parts.append(
            f'<authorialNote eId="{eid}__authorialNote_1" marker="1" placement="bottom">'
            f"<p>{escape(upper_first(text.note))}.</p></authorialNote>"
        )
    return "".join(parts) + ending


def _recitals(resolution: Resolution) -> str:
    items = []
    for index, text in enumerate(resolution.recitals, 1):
        eid = f"recs_1__rec_{index}"
        num = f"<num>({index})</num>" if resolution.numbered_preamble else ""
        items.append(f'<recital eId="{eid}">{num}<p>{_inline(text, eid, ",")}</p></recital>')
    return f'<recitals eId="recs_1">{"".join(items)}</recitals>'


def _points(owner: str, points: tuple[Text, ...]) -> str:
    return "".join(
        f'<point eId="{owner}__point_{ROMAN[i]}"><num>({ROMAN[i]})</num>'
        f"<content><p>{_inline(t, f'{owner}__point_{ROMAN[i]}', ';')}</p></content></point>"
        for i, t in enumerate(points)
    )


def _subparagraph(owner: str, index: int, text: Text, points: tuple[Text, ...]) -> str:
    eid = f"{owner}__subpara_{LETTERS[index]}"
    head = f'<subparagraph eId="{eid}"><num>({LETTERS[index]})</num>'
    if points:
        return f"{head}<intro><p>{_inline(text, eid, ':')}</p></intro>{_points(eid, points)}</subparagraph>"
    return f"{head}<content><p>{_inline(text, eid, ';')}</p></content></subparagraph>"


def _paragraph(number: int, paragraph: Paragraph, last: bool, numbered: bool = True) -> str:
    eid = f"para_{number}"
    ending = "." if last else ";"
    num = f"<num>{number}.</num>" if numbered else ""
    head = f'<paragraph eId="{eid}">{num}'
    if not paragraph.subparagraphs:
        return f"{head}<content><p>{_inline(paragraph.text, eid, ending)}</p></content></paragraph>"
    subs = "".join(
        _subparagraph(eid, i, text, points)
        for i, (text, points) in enumerate(paragraph.subparagraphs)
    )
    return f"{head}<intro><p>{_inline(paragraph.text, eid, ':')}</p></intro>{subs}</paragraph>"


def _body(resolution: Resolution) -> str:
    total = len(resolution.paragraphs)
    number, parts = 0, []
    for group, (heading, members) in enumerate(resolution.groups, 1):
        rendered = []
        for paragraph in members:
            number += 1
            rendered.append(
                _paragraph(number, paragraph, number == total, resolution.numbered_operative)
            )
        if heading:
            parts.append(
                f'<hcontainer eId="hcontainer_{group}" name="operativeGroup">'
                f"<heading>{heading}</heading>{''.join(rendered)}</hcontainer>"
            )
        else:
            parts += rendered
    return f"<mainBody>{''.join(parts)}</mainBody>"


def _conclusions(resolution: Resolution) -> str:
    lines = []
    for index, (kind, before, date, iso) in enumerate(resolution.closing, 1):
        dated = f'<date date="{iso}">{date}</date>' if date else ""
        lines.append(f'<p eId="conclusions__p_{index}" class="{kind}">{before}{dated}</p>')
    return f"<conclusions>{''.join(lines)}</conclusions>" if lines else ""


def _annex_text(text: Text, eid: str) -> str:
    note = (
        f'<authorialNote eId="{eid}__authorialNote_1" marker="1" placement="bottom">'
        f"<p>{escape(upper_first(text.note))}.</p></authorialNote>"
        if text.note
        else ""
    )
    return f"{escape(upper_first(text.words))}{note}."


def _attachments(resolution: Resolution) -> str:
    """The annex as our import writes it; its ``<meta>`` repeats the identification of
    the document, the component named ``!annex_1``."""
    annex = resolution.annex
    if annex is None:
        return ""
    title = f"<subheading>{annex.title}</subheading>" if annex.title else ""
    parts, counts = [], {"p": 0, "hcontainer": 0}
    for label, text in annex.blocks:
        name = "p" if text.words else "hcontainer"
        counts[name] += 1
        eid = f"att_1__{name}_{counts[name]}"
        parts.append(
            f'<p eId="{eid}">{label}{_annex_text(text, eid)}</p>'
            if text.words
            else f'<hcontainer eId="{eid}" name="annexHeading"><heading>{label}</heading></hcontainer>'
        )
    identification = _identification(resolution).replace("/!main", "/!annex_1")
    return (
        f'<attachments><attachment eId="att_1"><heading>{annex.heading}</heading>{title}'
        f'<doc name="annex"><meta>{identification}</meta>'
        f"<mainBody>{''.join(parts)}</mainBody></doc></attachment></attachments>"
    )


def _identification(resolution: Resolution) -> str:
    draft = resolution.stage == "draft"
    name = "resolutionDraft" if draft else "resolution"
    date = "2031-01-15" if draft else "2031-04-01"
    event = "submission" if draft else "adoption"
    number = f"test-{resolution.number}"
    work = f"/akn/ipu/statement/{name}/{date}/{number}"
    author = "#test-committee" if draft else "#test-assembly"
    symbol = f'<FRBRalias value="T-{resolution.number}/DR" name="symbol"/>' if draft else ""
    return f"""<identification source="#test-secretariat">
      <FRBRWork><FRBRthis value="{work}/!main"/><FRBRuri value="{work}"/>{symbol}
        <FRBRdate date="{date}" name="{event}"/><FRBRauthor href="{author}"/>
        <FRBRcountry value="ipu"/><FRBRsubtype value="{name}"/><FRBRnumber value="{number}"/>
        <FRBRname value="{escape(resolution.title)}"/></FRBRWork>
      <FRBRExpression><FRBRthis value="{work}/eng@/!main"/><FRBRuri value="{work}/eng@"/>
        <FRBRdate date="{date}" name="{event}"/><FRBRauthor href="{author}"/>
        <FRBRlanguage language="eng"/></FRBRExpression>
      <FRBRManifestation><FRBRthis value="{work}/eng@/!main.xml"/><FRBRuri value="{work}/eng@.akn"/>
        <FRBRdate date="{date}" name="markup"/><FRBRauthor href="#test-secretariat"/></FRBRManifestation>
    </identification>"""


def _workflow(resolution: Resolution) -> str:
    if resolution.stage == "draft":
        return """<lifecycle source="#test-secretariat"><eventRef eId="evt_1" date="2031-01-15"
        source="#ro_1" type="generation" refersTo="#submission"/></lifecycle>
      <workflow source="#test-secretariat"><step eId="wf_1" date="2031-01-15"
        by="#test-committee" refersTo="#submission"/></workflow>"""
    return """<lifecycle source="#test-secretariat"><eventRef eId="evt_1" date="2031-04-01"
        source="#ro_1" type="generation" refersTo="#adoption"/></lifecycle>
      <workflow source="#test-secretariat"><step eId="wf_1" date="2031-04-01"
        by="#test-assembly" refersTo="#adoption" outcome="#adopted-without-vote"/></workflow>"""


def _references(resolution: Resolution) -> str:
    work = _identification(resolution).split('<FRBRuri value="', 1)[1].split('"', 1)[0]
    return f"""<references source="#test-secretariat">
        <original eId="ro_1" href="{work}/eng@" showAs="{escape(resolution.title)}"/>
        <TLCOrganization eId="ipu-assembly" href="/ontology/organization/ipu/assembly" showAs="Assembly of the Inter-Parliamentary Union"/>
        <TLCOrganization eId="test-assembly" href="/ontology/organization/test/assembly" showAs="Test Assembly"/>
        <TLCOrganization eId="test-committee" href="/ontology/organization/test/committee" showAs="Test Committee"/>
        <TLCOrganization eId="test-secretariat" href="/ontology/organization/test/secretariat" showAs="Test Secretariat"/>
        <TLCEvent eId="submission" href="/ontology/event/test/submission" showAs="Submission"/>
        <TLCEvent eId="adoption" href="/ontology/event/test/assembly/adoption" showAs="Adoption"/>
        <TLCConcept eId="adopted-without-vote" href="/ontology/concept/ipu/adoptedWithoutVote" showAs="Adopted without a vote"/>
        <TLCReference eId="{INSTRUMENT[0]}" name="internationalInstrument" href="{INSTRUMENT[1]}" showAs="{INSTRUMENT[2]}"/>
      </references>"""


def akn_xml(resolution: Resolution) -> str:
    """The document in Akoma Ntoso, as an editor following the README would write it
    (footnote markers numbered 1, 2, 3… in document order)."""
    numbers = itertools.count(1)
    return re.sub(r'marker="\d+"', lambda _: f'marker="{next(numbers)}"', _document(resolution))


def _document(resolution: Resolution) -> str:
    name = "resolutionDraft" if resolution.stage == "draft" else "resolution"
    line = (
        "Fictional test draft resolution"
        if resolution.stage == "draft"
        else "Fictional test resolution"
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="{name}" contains="originalVersion">
    <meta>
      {_identification(resolution)}
      {_workflow(resolution)}
      {_references(resolution)}
    </meta>
    <preface>
      <longTitle eId="preface__longTitle_1"><p><docTitle>{escape(resolution.title)}</docTitle></p></longTitle>
      <p eId="preface__p_1" class="stage">{line}</p>
    </preface>
    <preamble>
      <formula eId="formula_1" name="actingEntity"><p>{FORMULA[0]}<organization refersTo="#ipu-assembly">{FORMULA[1]}</organization>{FORMULA[2]}</p></formula>
      {_recitals(resolution)}
    </preamble>
    {_body(resolution)}
    {_conclusions(resolution)}
    {_attachments(resolution)}
  </statement>
</akomaNtoso>
"""


@st.composite
def corpora(
    draw: st.DrawFn,
) -> tuple[list[Resolution], tuple[str, ...], dict[tuple[str, str], str]]:
    """Documents, the target languages of the project, and a translation state per
    document and language."""
    documents = [draw(resolutions(number)) for number in range(1, draw(st.integers(1, 3)) + 1)]
    targets = tuple(
        draw(st.lists(st.sampled_from(["fr", "ar", "zh", "es", "ru"]), max_size=2, unique=True))
    )
    states = {
        (document.name, language): draw(st.sampled_from(STATES))
        for document in documents
        for language in targets
    }
    return documents, targets, states


# --- An editor's file ---------------------------------------------------------------


def upper_first(text: str) -> str:
    """The text with its first letter in capitals and the others as they are
    (``str.capitalize`` would write "Ipu", "secretary general")."""
    return text[:1].upper() + text[1:]


def editor_text(
    resolution: Resolution, markdown: bool, formula: str = "".join(FORMULA)
) -> tuple[str, list[int]]:
    """The resolution as an editor would type it (Markdown with italics, or plain text),
    opening with ``formula``, with footnotes as ``[^n]``; and the line of each operative
    paragraph."""
    lines: list[str] = [formula, ""]
    notes: list[str] = []
    operative: list[int] = []

    def inline(text: Text, ending: str) -> str:
        first, _, rest = text.words.partition(" ")
        parts = [f"*{upper_first(first)}*" if markdown else upper_first(first)]
        if rest:
            parts.append(" " + rest)
        if text.instrument:
            parts.append(f" under the {INSTRUMENT[2]}")
        if text.cross_reference:
            parts.append(f" as in paragraph {text.cross_reference}")
        if text.note:
            note = f"{upper_first(text.note)}."
            notes.append(re.sub(r"^(\d+)\.$", r"\1\\.", note) if markdown else note)
            parts.append(f"[^{len(notes)}]")
        return "".join(parts) + ending

    def label(value: str) -> str:  # Markdown would read "1." and "(a)" as list markup
        if not markdown:
            return value
        return f"\\({value[1:-1]}\\)" if value.startswith("(") else f"{value[:-1]}\\."

    for index, text in enumerate(resolution.recitals, 1):
        prefix = f"{label(f'({index})')} " if resolution.numbered_preamble else ""
        lines += [prefix + inline(text, ","), ""]
    total, number = len(resolution.paragraphs), 0
    for heading, members in resolution.groups:
        if heading:
            lines += [heading, ""]
        for paragraph in members:
            number += 1
            ending = ":" if paragraph.subparagraphs else ("." if number == total else ";")
            operative.append(len(lines) + 1)
            typed = f"{label(f'{number}.')} " if resolution.numbered_operative else ""
            lines += [typed + inline(paragraph.text, ending), ""]
            for letter, (text, points) in zip(LETTERS, paragraph.subparagraphs, strict=False):
                lines += [f"{label(f'({letter})')} {inline(text, ':' if points else ';')}", ""]
                for roman, point in zip(ROMAN, points, strict=False):
                    lines += [f"{label(f'({roman})')} {inline(point, ';')}", ""]
    lines += [line for _, before, date, _ in resolution.closing for line in (before + date, "")]
    lines += _annex_lines(resolution.annex, notes, markdown)
    lines += [f"[^{n}]: {note}" for n, note in enumerate(notes, 1)]
    return "\n".join(lines) + "\n", operative


def _annex_lines(annex: Annex | None, notes: list[str], markdown: bool) -> list[str]:
    """The annex as typed: its heading, title, paragraphs (numbers typed, never list
    markup), notes numbered on from ``notes``."""
    if annex is None:
        return []
    lines = [annex.heading, ""] + ([annex.title, ""] if annex.title else [])
    for label, text in annex.blocks:
        if not text.words:
            lines += [label, ""]
            continue
        typed = label.replace(". ", "\\. ") if markdown else label
        mark = ""
        if text.note:
            note = f"{upper_first(text.note)}."
            notes.append(re.sub(r"^(\d+)\.$", r"\1\\.", note) if markdown else note)
            mark = f"[^{len(notes)}]"
        lines += [f"{typed}{upper_first(text.words)}{mark}.", ""]
    return lines


def editor_metadata(resolution: Resolution) -> str:
    stage = resolution.stage
    date = "2031-01-15" if stage == "draft" else "2031-04-01"
    outcome = "" if stage == "draft" else "outcome: without a vote\n"
    title = resolution.title.replace('"', "'")
    return (
        f"name: {resolution.name}\nstage: {stage}\ndate: {date}\n"
        f'title: "{title}"\nassembly: 150\nplace: Testville (Testland)\n'
        f"dates: 1–5 April 2031\n{outcome}"
    )
