"""An imported resolution written as Akoma Ntoso, in the conventions the README
documents: identification from the metadata, the masthead rebuilt from it, the body
from the recognized parts; then validated and checked to hold the input's text."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from babel.dates import format_date
from lxml import etree

from build_tools import bodies
from build_tools.akn import model as akn
from build_tools.akn.validate import validate_tree
from build_tools.akn.xmlio import hardened_parser
from build_tools.config import Project
from build_tools.diagnostics import Diagnostic, StageFailed, count_errors, display_path
from build_tools.import_limits import DEFAULT_LIMITS, ImportLimits
from build_tools.importing import characters, identification, issuing, markup, readers
from build_tools.importing.changes import Decision, Mark, read_word
from build_tools.importing.limits import admitted, admitted_meta, checked, stopped
from build_tools.importing.metadata import Metadata, front_matter, metadata, read_meta_file
from build_tools.importing.structure import Body, Phrases, Recognizer, Unit, find_date
from build_tools.render.pandoc import PandocStopped

FORMATS = (".docx", ".md", ".txt")
TITLES = re.compile(r"^(Mr|Ms|Mrs|Dr|Prof|H\.E|Sir|Lord|Baroness)\.?\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Imported:
    name: str
    xml: bytes
    recitals: int
    paragraphs: int
    groups: int
    subparagraphs: int
    notes: int
    references: int
    closing: int = 0
    annexes: int = 0
    notes_again: int = 0  # references to a footnote given before
    taken: str = ""  # what the identification lines gave that the metadata left out

    def summary(self) -> str:
        again = f" (referred to again {self.notes_again} time(s))" if self.notes_again else ""
        after = f", {self.closing} closing line(s)" if self.closing else ""
        after += f", {self.annexes} annex(es)" if self.annexes else ""
        return (
            f"{self.recitals} preambular and {self.paragraphs} operative paragraph(s), "
            f"{self.groups} group(s), {self.subparagraphs} sub-paragraph(s) and point(s), "
            f"{self.notes} footnote(s){again}, {self.references} reference(s){after}"
            f"{self.taken}"
        )


def ordinal(number: int) -> str:
    return bodies.ordinal(number)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def long_date(iso: str) -> str:
    return str(format_date(datetime.date.fromisoformat(iso), "d MMMM y", locale="en"))


def _x(text: str) -> str:
    return escape(text)


# Reading the input


def read_paragraphs(
    path: Path, limits: ImportLimits = DEFAULT_LIMITS, changes: Decision | None = None
) -> tuple[dict[str, object], list[readers.Para]]:
    """The front matter (if any) and the paragraphs of an editor's file, which must be
    within the import ``limits`` (see :mod:`build_tools.importing.limits`). A Word
    document with tracked changes or comments is refused, each named at its paragraph,
    unless ``changes`` says to accept or reject them."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        message = f"cannot import {suffix or 'this file'}: use .docx, .md or .txt"
        raise StageFailed([Diagnostic(shown, 0, message, "import-format")])
    values: dict[str, object] = {}
    try:
        text = admitted(path, limits)
        if text is None:
            paras, marks = read_word(path, changes, limits)
            if marks and changes is None:
                raise StageFailed([_unresolved(shown, mark) for mark in marks])
        else:
            text = text.removeprefix("\ufeff")  # a byte-order mark opening it is no text
            values, offset = front_matter(text)
            rest = "\n".join(text.splitlines()[offset:])
            if suffix == ".txt":
                paras = readers.read_text(rest, offset)
            else:
                paras = readers.read_markdown(rest, offset, limits)
    except PandocStopped as error:
        raise stopped(path, error) from None
    except RecursionError:
        message = "nested too deeply to be read"
        raise StageFailed([Diagnostic(shown, 0, message, "import-format")]) from None
    except (OSError, ValueError) as error:
        raise StageFailed([Diagnostic(shown, 0, str(error), "import-format")]) from None
    checked(path, paras, limits)
    return values, paras


def _unresolved(shown: str, mark: Mark) -> Diagnostic:
    options = "or import with --accept-changes or --reject-changes"
    if mark.comment:
        message = (
            f"{mark.describe()}; delete the comments in Word, {options} (either leaves them out)"
        )
        return Diagnostic(shown, mark.paragraph, message, "import-comment")
    message = f"{mark.describe()}; accept or reject the changes in Word, {options}"
    return Diagnostic(shown, mark.paragraph, message, "import-tracked-change")


def recognize(path: Path, paras: list[readers.Para], masthead: list[str]) -> tuple[Body, bool]:
    """The parts of the document, and whether italics come from the vocabulary (the
    input has none); raises StageFailed with every paragraph that fits nowhere."""
    shown = display_path(path)
    words = markup.data("vocabulary")
    body = Recognizer(shown, masthead, words["preambular"], Phrases.of(words)).run(paras)
    for para in paras:
        for key in para.notes_undefined:
            message = f"footnote [^{key}] has no text ([^{key}]: …)"
            body.problems.append(Diagnostic(shown, para.line, message, "import-note"))
        body.problems += [
            Diagnostic(shown, p.line, p.message, "import-note", column=p.column)
            for p in para.problems
        ]
    first = min((unit.line for unit in _units(body)), default=0)
    for para in paras:
        if para.line < first and any(run.note is not None for run in para.runs):
            message = (
                "a footnote on a line before the opening formula, which the masthead "
                "rebuilds from the metadata: it would be lost; move it into the text"
            )
            body.problems.append(Diagnostic(shown, para.line, message, "import-note"))
    if body.problems:
        raise StageFailed(sorted(body.problems, key=lambda d: d.line))
    return body, not any(run.italic for para in paras for run in para.runs)


def _read(
    path: Path,
    meta: Path | None,
    name: str | None,
    project_body: str = "",
    limits: ImportLimits = DEFAULT_LIMITS,
    changes: Decision | None = None,
) -> tuple[Metadata, list[readers.Para], identification.Found]:
    """The metadata (given, or taken from the identification lines), the paragraphs,
    and the identification lines found."""
    values, paras = read_paragraphs(path, limits, changes)
    if meta is not None:
        admitted_meta(meta, limits)
        try:
            values = {**values, **read_meta_file(meta)}
        except ValueError as error:
            raise StageFailed(
                [Diagnostic(display_path(meta), 0, str(error), "import-meta")]
            ) from None
    if name:
        values["name"] = name
    preambular = markup.data("vocabulary")["preambular"]
    values, found = identification.read(paras, values, display_path(path), preambular)
    shown = display_path(meta) if meta else display_path(path)
    return metadata(values, shown, project_body), paras, found


def _masthead_lines(meta: Metadata) -> list[str]:
    body = meta.issuing_body
    return [
        body.masthead_line(meta.assembly),
        body.session_name(meta.assembly),
        body.name("en"),
        f"{meta.place}, {meta.dates}",
        meta.committee,
        meta.symbol,
        long_date(meta.date),
        meta.date,
        meta.title,
        _plain(_stage_line(meta)),
    ]


def _plain(xml: str) -> str:
    return "".join(etree.fromstring(f"<x>{xml}</x>").itertext())


# Writing the document


def _work(meta: Metadata) -> str:
    kind = "resolutionDraft" if meta.stage == "draft" else "resolution"
    number = slug(meta.symbol) if meta.symbol else meta.name
    return f"/akn/{meta.issuing_body.country}/statement/{kind}/{meta.date}/{number}"


def _committee(meta: Metadata) -> tuple[str, str]:
    """The eId and href of the committee's TLCOrganization: the registry's, when it
    holds the committee, else one under the body's."""
    known = bodies.by_name(meta.committee)
    if known is not None:
        return known.eid, known.href
    return "committee", f"{meta.issuing_body.href}/{slug(meta.committee)}"


def _author_id(author_name: str, taken: set[str]) -> str:
    base = slug(TITLES.sub("", author_name).split()[-1]) or "author"
    eid, counter = base, 1
    while eid in taken:
        counter += 1
        eid = f"{base}-{counter}"
    taken.add(eid)
    return eid


def _authors(meta: Metadata) -> list[tuple[str, str, str]]:
    """(eId, name, country) of each author."""
    taken: set[str] = set()
    return [(_author_id(a.name, taken), a.name, a.country) for a in meta.authors]


def _role(meta: Metadata) -> tuple[str, str]:
    return (
        ("co-rapporteur", "co-Rapporteurs")
        if len(meta.authors) > 1
        else ("rapporteur", "Rapporteur")
    )


def _stage_line(meta: Metadata) -> str:
    if meta.stage == "draft":
        line = "<docStage>Draft resolution</docStage>"
        authors = _authors(meta)
        if authors:
            role, shown = _role(meta)
            names = [
                f'<docProponent refersTo="#{eid}" as="#{role}">{_x(name)}</docProponent> ({_x(country)})'
                for eid, name, country in authors
            ]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            line += f" submitted by the {shown} {listed}"
        return line
    assert meta.outcome is not None
    if meta.outcome.kind == "vote":
        yes, no, abstentions = meta.outcome.votes
        how = f"adopted by {yes} votes to {no}, with {abstentions} abstentions"
    elif meta.outcome.kind == "consensus":
        how = "adopted by consensus"
    else:
        how = f"adopted {meta.outcome.kind}"  # adopted without a vote
    place = meta.place.split("(")[0].strip()
    by = meta.issuing_body.adopted_by_line(meta.assembly)
    return (
        f'<docStage>Resolution</docStage> <docStatus refersTo="#outcome">{_x(how)}</docStatus> '
        f"by {_x(by)} ({_x(place)}, {_x(long_date(meta.date))})"
    )


def _identification(meta: Metadata, language: str) -> str:
    work = _work(meta)
    kind = "resolutionDraft" if meta.stage == "draft" else "resolution"
    event = "submission" if meta.stage == "draft" else "adoption"
    if meta.stage == "draft" and meta.authors:
        role = _role(meta)[0]
        authors = "".join(
            f'<FRBRauthor href="#{eid}" as="#{role}"/>' for eid, _, _ in _authors(meta)
        )
    elif meta.stage == "draft" and meta.committee:
        authors = f'<FRBRauthor href="#{_committee(meta)[0]}"/>'
    else:
        authors = f'<FRBRauthor href="#{meta.issuing_body.eid}"/>'
    alias = f'<FRBRalias value={quoteattr(meta.symbol)} name="symbol"/>' if meta.symbol else ""
    number = slug(meta.symbol) if meta.symbol else meta.name
    today = datetime.date.today().isoformat()
    return f"""<identification source="#ipu-secretariat">
        <FRBRWork>
          <FRBRthis value="{work}/!main"/>
          <FRBRuri value="{work}"/>{alias}
          <FRBRdate date="{meta.date}" name="{event}"/>{authors}
          <FRBRcountry value="{meta.issuing_body.country}"/>
          <FRBRsubtype value="{kind}"/>
          <FRBRnumber value="{number}"/>
          <FRBRname value={quoteattr(meta.title)}/>
          <FRBRprescriptive value="false"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="{work}/{language}@/!main"/>
          <FRBRuri value="{work}/{language}@"/>
          <FRBRdate date="{meta.date}" name="{event}"/>{authors}
          <FRBRauthoritative value="true"/>
          <FRBRlanguage language="{language}"/>
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="{work}/{language}@/!main.xml"/>
          <FRBRuri value="{work}/{language}@.akn"/>
          <FRBRdate date="{today}" name="markup"/>
          <FRBRauthor href="#ipu-secretariat" as="#editor"/>
        </FRBRManifestation>
      </identification>"""


def _lifecycle(meta: Metadata) -> str:
    event = "submission" if meta.stage == "draft" else "adoption"
    lifecycle = (
        f'<lifecycle source="#ipu-secretariat"><eventRef eId="evt_1" date="{meta.date}" '
        f'source="#ro_1" type="generation" refersTo="#{event}"/></lifecycle>'
    )
    if meta.stage == "draft":
        role = _role(meta)[0]
        body = _committee(meta)[0] if meta.committee else meta.issuing_body.eid
        by = [f'by="#{eid}" as="#{role}"' for eid, _, _ in _authors(meta)] or [f'by="#{body}"']
        steps = "".join(
            f'<step eId="wf_{n}" date="{meta.date}" {who} refersTo="#submission"/>'
            for n, who in enumerate(by, 1)
        )
    else:
        steps = (
            f'<step eId="wf_1" date="{meta.date}" by="#{meta.issuing_body.eid}" refersTo="#adoption" '
            'outcome="#outcome"/>'
        )
    return f'{lifecycle}\n      <workflow source="#ipu-secretariat">{steps}</workflow>'


def _references(meta: Metadata, language: str, used: dict[str, markup.Entity]) -> str:
    work, n, body = _work(meta), meta.assembly, meta.issuing_body
    event = "submission" if meta.stage == "draft" else "adoption"
    entries = [
        f'<original eId="ro_1" href="{work}/{language}@" showAs={quoteattr(meta.title)}/>',
        f'<TLCOrganization eId="{body.eid}" href="{body.href}" showAs={quoteattr(body.name("en"))}/>',
        '<TLCOrganization eId="ipu-secretariat" href="/ontology/organization/ipu/secretariat" showAs="Secretariat of the Inter-Parliamentary Union"/>',
    ]
    declared = {body.eid}
    if meta.committee and _committee(meta)[0] not in declared:  # not the body itself
        committee, href = _committee(meta)
        declared.add(committee)
        entries.append(
            f'<TLCOrganization eId="{committee}" href="{href}" showAs={quoteattr(meta.committee)}/>'
        )
    for eid, name, country in _authors(meta):
        person = slug(TITLES.sub("", name))
        entries.append(
            f'<TLCPerson eId="{eid}" href="/ontology/person/ipu/{person}" showAs={quoteattr(f"{name} ({country})")}/>'
        )
    if meta.authors:
        role, shown = _role(meta)
        entries.append(
            f'<TLCRole eId="{role}" href="/ontology/role/ipu/{role}" showAs="{shown[:-1] if shown.endswith("s") else shown}"/>'
        )
    entries.append('<TLCRole eId="editor" href="/ontology/role/ipu/editor" showAs="Editor"/>')
    what = (
        "Submission of the draft resolution"
        if event == "submission"
        else "Adoption of the resolution"
    )
    entries.append(f'<TLCEvent eId="{event}" href="{body.events}/{n}/{event}" showAs="{what}"/>')
    session = f"{body.session_name(n)}, {meta.place}, {meta.dates}"
    entries.append(
        f'<TLCEvent eId="{body.event_id(n)}" href="{body.events}/{n}" showAs={quoteattr(session)}/>'
    )
    place = meta.place.split("(")[0].strip()
    entries.append(
        f'<TLCLocation eId="{slug(place) or "place"}" href="/ontology/location/ipu/{slug(place) or "place"}" showAs={quoteattr(meta.place)}/>'
    )
    if meta.outcome is not None:
        shown = _plain(_stage_line(meta))
        entries.append(
            f'<TLCConcept eId="outcome" href="/ontology/concept/ipu/{slug(meta.outcome.kind)}" showAs={quoteattr(shown)}/>'
        )
    for entity in used.values():
        if entity.eid in declared:
            continue
        tag = "TLCReference" if entity.href.startswith("/akn/") else "TLCOrganization"
        name = ' name="internationalInstrument"' if tag == "TLCReference" else ""
        entries.append(
            f'<{tag} eId="{entity.eid}"{name} href="{entity.href}" showAs={quoteattr(entity.show_as)}/>'
        )
    return (
        '<references source="#ipu-secretariat">\n        '
        + "\n        ".join(entries)
        + "\n      </references>"
    )


def _preface(meta: Metadata) -> str:
    n, body = meta.assembly, meta.issuing_body
    place = meta.place.split("(")[0].strip()
    session = _x(body.masthead_line(n))
    lines = [
        ("session", f'<session refersTo="#{body.event_id(n)}" value="{n}">{session}</session>'),
        (
            "venue",
            f'<location refersTo="#{slug(place) or "place"}">{_x(meta.place)}</location>, {_x(meta.dates)}',
        ),
    ]
    if meta.committee:
        lines.append(
            (
                "committee",
                f'<docCommittee refersTo="#{_committee(meta)[0]}">{_x(meta.committee)}</docCommittee>',
            )
        )
    if meta.symbol:
        lines.append(("symbol", f"<docNumber>{_x(meta.symbol)}</docNumber>"))
    lines.append(("date", f'<docDate date="{meta.date}">{long_date(meta.date)}</docDate>'))
    out = [
        f'<p eId="preface__p_{i}" class="{cls}">{xml}</p>' for i, (cls, xml) in enumerate(lines, 1)
    ]
    out.append(
        f'<longTitle eId="preface__longTitle_1"><p><docTitle>{_x(meta.title)}</docTitle></p></longTitle>'
    )
    out.append(f'<p eId="preface__p_{len(lines) + 1}" class="stage">{_stage_line(meta)}</p>')
    return "<preface>\n      " + "\n      ".join(out) + "\n    </preface>"


def _p(unit: Unit, context: markup.Context, owner: str, *, vocabulary: bool = True) -> str:
    return f"<p>{markup.inline_xml(unit.runs, context, owner, vocabulary=vocabulary)}</p>"


def _preamble(body: Body, context: markup.Context, preambular: list[str]) -> str:
    parts = []
    if body.formula is not None:
        context.opening = []
        parts.append(
            f'<formula eId="formula_1" name="actingEntity">{_p(body.formula, context, "formula_1", vocabulary=False)}</formula>'
        )
    if body.recitals:
        context.opening = preambular
        items = []
        for index, recital in enumerate(body.recitals, 1):
            eid = f"recs_1__rec_{index}"
            num = f"<num>({recital.number})</num>" if recital.number else ""
            items.append(f'<recital eId="{eid}">{num}{_p(recital.unit, context, eid)}</recital>')
        parts.append('<recitals eId="recs_1">' + "".join(items) + "</recitals>")
    return "<preamble>" + "".join(parts) + "</preamble>" if parts else ""


def _main_body(body: Body, context: markup.Context, operative: list[str]) -> str:
    context.opening = operative
    parts = []
    for index, group in enumerate(body.groups, 1):
        paragraphs = "".join(_paragraph(p.number, p, context) for p in group.paragraphs)
        if group.heading is None:
            parts.append(paragraphs)
            continue
        heading = markup.inline_xml(
            group.heading.runs, context, f"hcontainer_{index}", vocabulary=False
        )
        parts.append(
            f'<hcontainer eId="hcontainer_{index}" name="operativeGroup"><heading>{heading}</heading>{paragraphs}</hcontainer>'
        )
    return "<mainBody>" + "".join(parts) + "</mainBody>"


def _paragraph(number: int, paragraph: object, context: markup.Context) -> str:
    from build_tools.importing.structure import Operative

    assert isinstance(paragraph, Operative)
    eid = f"para_{number}"
    num = f"<num>{number}.</num>" if paragraph.numbered else ""
    head = f'<paragraph eId="{eid}">{num}'
    if not paragraph.subparagraphs:
        return f"{head}<content>{_p(paragraph.unit, context, eid)}</content></paragraph>"
    intro = _p(paragraph.unit, context, eid)  # first: footnotes are numbered in reading order
    subs = []
    for sub in paragraph.subparagraphs:
        sid = f"{eid}__subpara_{sub.label}"
        start = f'<subparagraph eId="{sid}"><num>({sub.label})</num>'
        if not sub.points:
            subs.append(
                f"{start}<content>{_p(sub.unit, context, sid, vocabulary=False)}</content></subparagraph>"
            )
            continue
        sub_intro = _p(sub.unit, context, sid, vocabulary=False)
        points = "".join(
            f'<point eId="{sid}__point_{pt.label}"><num>({pt.label})</num>'
            f"<content>{_p(pt.unit, context, f'{sid}__point_{pt.label}', vocabulary=False)}</content></point>"
            for pt in sub.points
        )
        subs.append(f"{start}<intro>{sub_intro}</intro>{points}</subparagraph>")
    return f"{head}<intro>{intro}</intro>{''.join(subs)}</paragraph>"


def body_xml(body: Body, vocabulary: bool) -> tuple[str, str, markup.Context]:
    """The ``<preamble>`` and ``<mainBody>`` of a recognized body, and what they cite."""
    words = markup.data("vocabulary")
    context = markup.Context(
        vocabulary=vocabulary,
        opening=[],
        paragraphs={p.number for p in body.paragraphs if p.numbered},
    )
    preamble = _preamble(body, context, words["preambular"])
    main = _main_body(body, context, words["operative"])
    return preamble, main, context


def after_text_xml(body: Body, context: markup.Context) -> tuple[str, str]:
    """The ``<conclusions>`` and ``<attachments>`` of a recognized body ("" for none), to
    be made after :func:`body_xml` (footnotes are numbered in reading order). Each annex's
    ``<meta>`` is filled by :func:`~build_tools.akn.model.share_identification`."""
    return _conclusions(body, context), _attachments(body, context)


def _conclusions(body: Body, context: markup.Context) -> str:
    """The closing lines, each a translatable ``<p>`` with an eId; a date in one is a
    ``<date>``, its words kept as written."""
    months = markup.data("vocabulary").get("months") or []
    lines = []
    for index, closing in enumerate(body.closing, 1):
        eid = f"conclusions__p_{index}"
        found = find_date(markup.plain(closing.unit.runs), months)
        extra = (
            [markup.Span(found[0], found[1], f'<date date="{found[2]}">', "</date>")]
            if found
            else []
        )
        inner = markup.inline_xml(closing.unit.runs, context, eid, vocabulary=False, extra=extra)
        lines.append(f'<p eId="{eid}" class="{closing.kind}">{inner}</p>')
    return "<conclusions>" + "".join(lines) + "</conclusions>" if lines else ""


def _attachments(body: Body, context: markup.Context) -> str:
    """Each annex as an ``<attachment>`` (its heading, its title as the subheading) holding
    a ``<doc name="annex">``: headings and paragraphs in order, numbers kept as typed."""
    saved, context.paragraphs = context.paragraphs, set()  # "paragraph 2" is the annex's own
    items = []
    for number, annex in enumerate(body.annexes, 1):
        owner = f"att_{number}"
        heading = markup.inline_xml(annex.heading.runs, context, owner, vocabulary=False)
        blocks = annex.blocks
        title = ""
        if blocks[0].heading and len(blocks) > 1:
            words = markup.inline_xml(blocks[0].unit.runs, context, owner, vocabulary=False)
            title, blocks = f"<subheading>{words}</subheading>", blocks[1:]
        parts, counts = [], {"p": 0, "hcontainer": 0}
        for block in blocks:
            name = "hcontainer" if block.heading else "p"
            counts[name] += 1
            eid = f"{owner}__{name}_{counts[name]}"
            words = markup.inline_xml(block.unit.runs, context, eid, vocabulary=False)
            parts.append(
                f'<hcontainer eId="{eid}" name="annexHeading"><heading>{words}</heading></hcontainer>'
                if block.heading
                else f'<p eId="{eid}">{words}</p>'
            )
        items.append(
            f'<attachment eId="{owner}"><heading>{heading}</heading>{title}<doc name="annex">'
            f"<meta/><mainBody>{''.join(parts)}</mainBody></doc></attachment>"
        )
    context.paragraphs = saved
    return "<attachments>" + "".join(items) + "</attachments>" if items else ""


def write_document(
    meta: Metadata, body: Body, language: str, vocabulary: bool
) -> tuple[bytes, markup.Context]:
    preamble, main, context = body_xml(body, vocabulary)
    conclusions, attachments = after_text_xml(body, context)
    kind = "resolutionDraft" if meta.stage == "draft" else "resolution"
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="{akn.NS}">
  <statement name="{kind}" contains="originalVersion">
    <meta>
      {_identification(meta, language)}
      {_lifecycle(meta)}
      {_references(meta, language, context.used)}
    </meta>
    {_preface(meta)}
    {preamble}
    {main}
    {conclusions}
    {attachments}
  </statement>
</akomaNtoso>
"""
    tree = etree.fromstring(text.encode("utf-8"), hardened_parser())
    statement = akn.document_element(tree)
    assert statement is not None
    akn.share_identification(statement)
    indent_blocks(tree)
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
    return data, context


# Elements that hold only elements: they are indented; text elements (p, heading, num)
# are left as they are, so no space is ever added inside a sentence.
TEXT_ELEMENTS = frozenset({"p", "heading", "subheading", "num", "docTitle"})


def indent_blocks(element: etree._Element, level: int = 0) -> None:
    children = [c for c in element if isinstance(c.tag, str)]
    if not children or akn.local(element) in TEXT_ELEMENTS or (element.text or "").strip():
        return
    if akn.local(element) in {"authorialNote"} or any((c.tail or "").strip() for c in children):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in children:
        child.tail = inner
        indent_blocks(child, level + 1)
    children[-1].tail = "\n" + "  " * level


# The preservation check


@dataclass(frozen=True, slots=True)
class Held:
    """A block of text on one side of the preservation check: its eId (the document's
    side), its line (the input's side) and its text, as the character rule keeps it."""

    text: str
    eid: str = ""
    line: int = 0
    start: int = 0  # characters of its Word paragraph before it (a typed number)


def _akn_texts(document: etree._Element) -> list[Held]:
    """Text of every block of the preamble and body (numbers and notes left out, quote
    marks given back), and then of every footnote."""
    texts, notes = [], []
    for part in ("preamble", "mainBody", "conclusions", "attachments"):
        node = document.find(akn.akn(part))
        if node is None:
            continue
        for block in node.iter(akn.akn("p"), akn.akn("heading"), akn.akn("subheading")):
            if any(akn.local(a) == "authorialNote" for a in block.iterancestors()):
                continue
            owner = akn.eid_owner(block)
            eid = "" if owner is None else owner.get("eId", "")
            texts.append(Held(characters.normalize(_text(block)), eid))
        notes += [
            Held(characters.normalize(_text(p)), n.get("eId", ""))
            for n in node.iter(akn.akn("authorialNote"))
            for p in n.iter(akn.akn("p"))
        ]
    return texts + notes


def _text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and akn.local(child) == "authorialNote":
            parts.append(child.tail or "")
            continue
        inner = _text(child)
        if isinstance(child.tag, str) and akn.local(child) == "embeddedText":
            inner = child.get("startQuote", "") + inner + child.get("endQuote", "")
        parts += [inner, child.tail or ""]
    return "".join(parts)


def _units(body: Body) -> list[Unit]:
    """Every unit of the body, in reading order."""
    units: list[Unit] = [body.formula] if body.formula else []
    units += [r.unit for r in body.recitals]
    for group in body.groups:
        units += [group.heading] if group.heading else []
        for paragraph in group.paragraphs:
            units.append(paragraph.unit)
            for sub in paragraph.subparagraphs:
                units += [sub.unit, *(p.unit for p in sub.points)]
    units += [c.unit for c in body.closing]
    for annex in body.annexes:
        units += [annex.heading, *(b.unit for b in annex.blocks)]
    return units


def _input_texts(body: Body) -> list[Held]:
    units = _units(body)
    texts = [
        Held(characters.normalize(markup.plain(u.runs)), line=u.line, start=u.start) for u in units
    ]
    notes = [
        Held(characters.normalize(markup.plain(list(note))), line=note[0].line or u.line)
        for u in units
        for note in markup.notes(u.runs)
        if note
    ]
    return texts + notes


def check_preserved(xml: bytes, body: Body, path: Path) -> None:
    """Every block of the input is in the document, character for character (both
    sides as the character rule keeps them); else a located fault of ours."""
    document = akn.document_element(etree.fromstring(xml, hardened_parser()))
    assert document is not None
    expected, found = _input_texts(body), _akn_texts(document)
    if [h.text for h in expected] == [h.text for h in found]:
        return
    index = next(
        (i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a.text != b.text),
        min(len(expected), len(found)),
    )
    raise StageFailed([_text_lost(expected, found, index, path)])


def _text_lost(expected: list[Held], found: list[Held], index: int, path: Path) -> Diagnostic:
    shown, lost = display_path(path), "the document would not hold the input's text"
    end = "; nothing was written (a fault of ours: report it with the file)"
    if index >= len(found):
        after = f" after {found[-1].eid}" if found else ""
        message = f"{lost}: this paragraph has no place in the document{after}{end}"
        return Diagnostic(shown, expected[index].line, message, "import-text-lost")
    if index >= len(expected):
        message = f"{lost}: {found[index].eid} holds text the input does not have{end}"
        return Diagnostic(shown, expected[-1].line if expected else 0, message, "import-text-lost")
    want, got = expected[index], found[index]
    at = next(
        (i for i, (a, b) in enumerate(zip(want.text, got.text, strict=False)) if a != b),
        min(len(want.text), len(got.text)),
    )
    line, column = _position(path, want, at)
    mine = characters.describe(want.text[at : at + 1])
    theirs = characters.describe(got.text[at : at + 1])
    message = f"{lost}: {got.eid}: {mine} vs {theirs} at column {column} (input vs document){end}"
    return Diagnostic(shown, line, message, "import-text-lost", column=column)


def _position(path: Path, held: Held, index: int) -> tuple[int, int]:
    """The line and column in the input of character ``index`` of ``held``'s text: in a
    Word file, the paragraph and the character in it (whitespace runs as one space); in
    a text file, found by reading the file's characters from the block's line on (its
    markup skipped, a whitespace run as one space)."""
    if path.suffix.lower() == ".docx":
        return held.line, held.start + index + 1
    if index >= len(held.text):  # the input's text ends there: the column after its last
        line, column = _position(path, held, index - 1) if index else (held.line, 0)
        return line, column + 1 if column else 0
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    if not 1 <= held.line <= len(lines):
        return held.line, 0
    line, column, wanted = held.line, 0, 0
    while line <= len(lines) and wanted <= index:
        raw = lines[line - 1] + " "
        while column < len(raw) and wanted <= index:
            character = held.text[wanted]
            spaces = character == " " and characters.kind(raw[column]) == "space"
            if raw[column] == character or spaces:
                if wanted == index:
                    return line, column + 1
                wanted += 1
            column += 1
        line, column = line + 1, 0
    return held.line, 0


# The whole import


def import_document(
    project: Project,
    path: Path,
    *,
    meta: Path | None = None,
    name: str | None = None,
    changes: Decision | None = None,
) -> Imported:
    """Read, recognize, write and check one document; raises StageFailed, writing nothing.
    ``changes``: accept or reject a Word document's tracked changes (else it is refused)."""
    found, paras, lines = _read(path, meta, name, project.body, project.import_limits, changes)
    formula = issuing.formula_problems(paras, found, display_path(path))
    masthead = [*_masthead_lines(found), *lines.lines]
    try:
        body, vocabulary = recognize(path, paras, masthead)
    except StageFailed as failed:
        raise StageFailed(sorted(formula + failed.diagnostics, key=lambda d: d.line)) from None
    if formula:
        raise StageFailed(formula)
    xml, context = write_document(found, body, project.source_language.iso, vocabulary)
    check_preserved(xml, body, path)
    target = project.layout.source_file(found.name)
    tree = etree.ElementTree(etree.fromstring(xml, hardened_parser()))
    problems = validate_tree(tree, display_path(target))
    if count_errors(problems):
        raise StageFailed(problems)
    return Imported(
        name=found.name,
        xml=xml,
        recitals=len(body.recitals),
        paragraphs=len(body.paragraphs),
        groups=sum(1 for g in body.groups if g.heading is not None),
        subparagraphs=body.subparagraph_count,
        notes=context.markers,
        references=context.references,
        closing=len(body.closing),
        annexes=len(body.annexes),
        notes_again=context.again,
        taken=lines.summary(),
    )
