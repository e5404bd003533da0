"""An imported resolution written as Akoma Ntoso, in the conventions the README
documents: identification from the metadata, the masthead rebuilt from it, the body
from the recognized parts; then validated and checked to hold the input's text."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from lxml import etree

from build_tools import bodies
from build_tools.akn import model as akn
from build_tools.akn.validate import validate_tree
from build_tools.akn.writer import Content, E, text_of
from build_tools.akn.xmlio import document_bytes, parse_bytes
from build_tools.config import Project
from build_tools.diagnostics import Diagnostic, StageFailed, count_errors, display_path
from build_tools.import_limits import DEFAULT_LIMITS, ImportLimits
from build_tools.importing import characters, identification, issuing, markup, readers
from build_tools.importing.changes import Decision, Mark, read_word
from build_tools.importing.limits import admitted, admitted_meta, checked, stopped
from build_tools.importing.metadata import Metadata, front_matter, metadata, read_meta_file
from build_tools.importing.structure import Body, Phrases, Point, Recognizer, Unit, find_date
from build_tools.render.pandoc import PandocStopped

FORMATS = (".docx", ".md", ".txt")
TITLES = re.compile(r"^(Mr|Ms|Mrs|Dr|Prof|H\.E|Sir|Lord|Baroness)\.?\s+", re.IGNORECASE)
SECRETARIAT = "Secretariat of the Inter-Parliamentary Union"


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


def recognize(
    path: Path,
    paras: list[readers.Para],
    masthead: list[str],
    carried: frozenset[int] = frozenset(),
) -> tuple[Body, bool]:
    """The parts of the document, and whether italics come from the vocabulary (the
    input has none); raises StageFailed with every paragraph that fits nowhere.
    ``carried``: lines before the formula whose footnotes the stage line takes over."""
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
        if para.line in carried:
            continue
        marked = next((run.marker for run in para.runs if run.note and run.marker), "")
        if marked and para.line >= first:
            message = (
                f"a footnote with a mark of its own ({marked}) in the text: such a note is "
                "read on the adoption line only, where it follows the outcome; number this "
                "one as the text's other footnotes are numbered"
            )
            body.problems.append(Diagnostic(shown, para.line, message, "import-note"))
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
        meta.place,  # as a PDF of the IPU's gives them: on lines of their own
        meta.place.split("(")[0].strip(),  # "Geneva", of "Geneva (Switzerland)"
        meta.dates,
        meta.committee,
        meta.symbol,
        long_date(meta.date),
        meta.date,
        meta.title,
        text_of(_stage_line(meta)),
    ]


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


def _stage_line(
    meta: Metadata,
    notes: list[readers.Run] | None = None,
    context: markup.Context | None = None,
    owner: str = "",
) -> list[Content]:
    """What the preface's last line holds: the stage, and who submitted or adopted it;
    the ``notes`` of the adoption line as issued follow the outcome."""
    if meta.stage == "draft":
        line: list[Content] = [E("docStage", "Draft resolution")]
        authors = _authors(meta)
        if authors:
            role, shown = _role(meta)
            line.append(f" submitted by the {shown} ")
            for index, (eid, name, country) in enumerate(authors):
                if index:
                    line.append(" and " if index == len(authors) - 1 else ", ")
                proponent = {"refersTo": f"#{eid}", "as": f"#{role}"}
                line += [E("docProponent", proponent, name), f" ({country})"]
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
    marks = [markup.note(run, context, owner) for run in notes or []] if context else []
    return [
        E("docStage", "Resolution"),
        " ",
        E("docStatus", {"refersTo": "#outcome"}, how),
        *marks,
        f" by {by} ({place}, {long_date(meta.date)})",
    ]


def _frbr_authors(meta: Metadata) -> list[Content]:
    if meta.stage == "draft" and meta.authors:
        role = _role(meta)[0]
        return [
            E("FRBRauthor", {"href": f"#{eid}", "as": f"#{role}"}) for eid, _, _ in _authors(meta)
        ]
    if meta.stage == "draft" and meta.committee:
        return [E("FRBRauthor", {"href": f"#{_committee(meta)[0]}"})]
    return [E("FRBRauthor", {"href": f"#{meta.issuing_body.eid}"})]


def _identification(meta: Metadata, language: str) -> etree._Element:
    work = _work(meta)
    kind = "resolutionDraft" if meta.stage == "draft" else "resolution"
    event = "submission" if meta.stage == "draft" else "adoption"
    alias = E("FRBRalias", {"value": meta.symbol, "name": "symbol"}) if meta.symbol else None
    number = slug(meta.symbol) if meta.symbol else meta.name
    today = datetime.date.today().isoformat()
    expression = f"{work}/{language}@"
    return E(
        "identification",
        {"source": "#ipu-secretariat"},
        E(
            "FRBRWork",
            E("FRBRthis", {"value": f"{work}/!main"}),
            E("FRBRuri", {"value": work}),
            alias,
            E("FRBRdate", {"date": meta.date, "name": event}),
            *_frbr_authors(meta),
            E("FRBRcountry", {"value": meta.issuing_body.country}),
            E("FRBRsubtype", {"value": kind}),
            E("FRBRnumber", {"value": number}),
            E("FRBRname", {"value": meta.title}),
            E("FRBRprescriptive", {"value": "false"}),
        ),
        E(
            "FRBRExpression",
            E("FRBRthis", {"value": f"{expression}/!main"}),
            E("FRBRuri", {"value": expression}),
            E("FRBRdate", {"date": meta.date, "name": event}),
            *_frbr_authors(meta),
            E("FRBRauthoritative", {"value": "true"}),
            E("FRBRlanguage", {"language": language}),
        ),
        E(
            "FRBRManifestation",
            E("FRBRthis", {"value": f"{expression}/!main.xml"}),
            E("FRBRuri", {"value": f"{expression}.akn"}),
            E("FRBRdate", {"date": today, "name": "markup"}),
            E("FRBRauthor", {"href": "#ipu-secretariat", "as": "#editor"}),
        ),
    )


def _lifecycle(meta: Metadata) -> tuple[etree._Element, etree._Element]:
    """The ``<lifecycle>`` and ``<workflow>``: submitted by the authors, or adopted."""
    event = "submission" if meta.stage == "draft" else "adoption"
    generation = {"eId": "evt_1", "date": meta.date, "source": "#ro_1", "type": "generation"}
    lifecycle = E(
        "lifecycle",
        {"source": "#ipu-secretariat"},
        E("eventRef", {**generation, "refersTo": f"#{event}"}),
    )
    if meta.stage == "draft":
        role = _role(meta)[0]
        body = _committee(meta)[0] if meta.committee else meta.issuing_body.eid
        by = [{"by": f"#{eid}", "as": f"#{role}"} for eid, _, _ in _authors(meta)]
        steps = [
            E("step", {"eId": f"wf_{n}", "date": meta.date, **who, "refersTo": "#submission"})
            for n, who in enumerate(by or [{"by": f"#{body}"}], 1)
        ]
    else:
        adoption = {"by": f"#{meta.issuing_body.eid}", "refersTo": "#adoption"}
        steps = [E("step", {"eId": "wf_1", "date": meta.date, **adoption, "outcome": "#outcome"})]
    return lifecycle, E("workflow", {"source": "#ipu-secretariat"}, *steps)


def _tlc(tag: str, eid: str, href: str, show_as: str) -> etree._Element:
    return E(tag, {"eId": eid, "href": href, "showAs": show_as})


def _references(meta: Metadata, language: str, used: dict[str, markup.Entity]) -> etree._Element:
    work, n, body = _work(meta), meta.assembly, meta.issuing_body
    event = "submission" if meta.stage == "draft" else "adoption"
    secretariat = "/ontology/organization/ipu/secretariat"
    entries = [
        E("original", {"eId": "ro_1", "href": f"{work}/{language}@", "showAs": meta.title}),
        _tlc("TLCOrganization", body.eid, body.href, body.name("en")),
        _tlc("TLCOrganization", "ipu-secretariat", secretariat, SECRETARIAT),
    ]
    declared = {body.eid}
    if meta.committee and _committee(meta)[0] not in declared:  # not the body itself
        committee, href = _committee(meta)
        declared.add(committee)
        entries.append(_tlc("TLCOrganization", committee, href, meta.committee))
    for eid, name, country in _authors(meta):
        person = f"/ontology/person/ipu/{slug(TITLES.sub('', name))}"
        entries.append(_tlc("TLCPerson", eid, person, f"{name} ({country})"))
    if meta.authors:
        role, shown = _role(meta)
        singular = shown[:-1] if shown.endswith("s") else shown
        entries.append(_tlc("TLCRole", role, f"/ontology/role/ipu/{role}", singular))
    entries.append(_tlc("TLCRole", "editor", "/ontology/role/ipu/editor", "Editor"))
    what = (
        "Submission of the draft resolution"
        if event == "submission"
        else "Adoption of the resolution"
    )
    entries.append(_tlc("TLCEvent", event, f"{body.events}/{n}/{event}", what))
    session = f"{body.session_name(n)}, {meta.place}, {meta.dates}"
    entries.append(_tlc("TLCEvent", body.event_id(n), f"{body.events}/{n}", session))
    place = slug(meta.place.split("(")[0].strip()) or "place"
    location = f"/ontology/location/ipu/{place}"
    entries.append(_tlc("TLCLocation", place, location, meta.place))
    if meta.outcome is not None:
        concept = f"/ontology/concept/ipu/{slug(meta.outcome.kind)}"
        entries.append(_tlc("TLCConcept", "outcome", concept, text_of(_stage_line(meta))))
    for entity in used.values():
        if entity.eid in declared:
            continue
        entries.append(_entity(entity))
    return E("references", {"source": "#ipu-secretariat"}, *entries)


def _entity(entity: markup.Entity) -> etree._Element:
    """The TLC entry of an instrument (a ``TLCReference``) or a body a text names."""
    if entity.href.startswith("/akn/"):
        attributes = {"eId": entity.eid, "name": "internationalInstrument"}
        return E("TLCReference", attributes, {"href": entity.href, "showAs": entity.show_as})
    return _tlc("TLCOrganization", entity.eid, entity.href, entity.show_as)


def _preface(meta: Metadata, notes: list[readers.Run], context: markup.Context) -> etree._Element:
    """The masthead rebuilt from the metadata; ``notes``: the adoption line's footnotes
    with marks of their own, which follow the outcome in the stage line."""
    n, body = meta.assembly, meta.issuing_body
    place = meta.place.split("(")[0].strip()
    session = {"refersTo": f"#{body.event_id(n)}", "value": str(n)}
    lines: list[tuple[str, list[Content]]] = [
        ("session", [E("session", session, body.masthead_line(n))]),
        (
            "venue",
            [
                E("location", {"refersTo": f"#{slug(place) or 'place'}"}, meta.place),
                f", {meta.dates}",
            ],
        ),
    ]
    if meta.committee:
        committee = {"refersTo": f"#{_committee(meta)[0]}"}
        lines.append(("committee", [E("docCommittee", committee, meta.committee)]))
    if meta.symbol:
        lines.append(("symbol", [E("docNumber", meta.symbol)]))
    lines.append(("date", [E("docDate", {"date": meta.date}, long_date(meta.date))]))
    out = [
        E("p", {"eId": f"preface__p_{i}", "class": kind}, *inner)
        for i, (kind, inner) in enumerate(lines, 1)
    ]
    title = E("p", E("docTitle", meta.title))
    out.append(E("longTitle", {"eId": "preface__longTitle_1"}, title))
    stage = {"eId": f"preface__p_{len(lines) + 1}", "class": "stage"}
    out.append(E("p", stage, *_stage_line(meta, notes, context, stage["eId"])))
    return E("preface", *out)


def _p(
    unit: Unit, context: markup.Context, owner: str, *, vocabulary: bool = True
) -> etree._Element:
    return E("p", *markup.inline(unit.runs, context, owner, vocabulary=vocabulary))


def _preamble(body: Body, context: markup.Context, preambular: list[str]) -> etree._Element | None:
    parts = []
    if body.formula is not None:
        context.opening = []
        formula = _p(body.formula, context, "formula_1", vocabulary=False)
        parts.append(E("formula", {"eId": "formula_1", "name": "actingEntity"}, formula))
    if body.recitals:
        context.opening = preambular
        items = []
        for index, recital in enumerate(body.recitals, 1):
            eid = f"recs_1__rec_{index}"
            num = E("num", f"({recital.number})") if recital.number else None
            items.append(E("recital", {"eId": eid}, num, _p(recital.unit, context, eid)))
        parts.append(E("recitals", {"eId": "recs_1"}, *items))
    return E("preamble", *parts) if parts else None


def _main_body(body: Body, context: markup.Context, operative: list[str]) -> etree._Element:
    context.opening = operative
    parts: list[Content] = []
    for index, group in enumerate(body.groups, 1):
        paragraphs = [_paragraph(p.number, p, context) for p in group.paragraphs]
        if group.heading is None:
            parts += paragraphs
            continue
        eid = f"hcontainer_{index}"
        heading = markup.inline(group.heading.runs, context, eid, vocabulary=False)
        attributes = {"eId": eid, "name": "operativeGroup"}
        parts.append(E("hcontainer", attributes, E("heading", *heading), *paragraphs))
    return E("mainBody", *parts)


def _paragraph(number: int, paragraph: object, context: markup.Context) -> etree._Element:
    from build_tools.importing.structure import Operative

    assert isinstance(paragraph, Operative)
    eid = f"para_{number}"
    num = E("num", f"{number}.") if paragraph.numbered else None
    if not paragraph.subparagraphs:
        return E("paragraph", {"eId": eid}, num, E("content", _p(paragraph.unit, context, eid)))
    intro = _p(paragraph.unit, context, eid)  # first: footnotes are numbered in reading order
    subs = []
    for sub in paragraph.subparagraphs:
        sid = f"{eid}__subpara_{sub.label}"
        start: list[Content] = [{"eId": sid}, E("num", f"({sub.label})")]
        if not sub.points:
            words = _p(sub.unit, context, sid, vocabulary=False)
            subs.append(E("subparagraph", *start, E("content", words)))
            continue
        sub_intro = _p(sub.unit, context, sid, vocabulary=False)
        points = [_point(sid, point, context) for point in sub.points]
        subs.append(E("subparagraph", *start, E("intro", sub_intro), *points))
    return E("paragraph", {"eId": eid}, num, E("intro", intro), *subs)


def _point(sid: str, point: Point, context: markup.Context) -> etree._Element:
    eid = f"{sid}__point_{point.label}"
    words = _p(point.unit, context, eid, vocabulary=False)
    return E("point", {"eId": eid}, E("num", f"({point.label})"), E("content", words))


def body_xml(
    body: Body, vocabulary: bool
) -> tuple[etree._Element | None, etree._Element, markup.Context]:
    """The ``<preamble>`` (None: none) and ``<mainBody>`` of a recognized body, and what
    they cite."""
    words = markup.data("vocabulary")
    context = markup.Context(
        vocabulary=vocabulary,
        opening=[],
        paragraphs={p.number for p in body.paragraphs if p.numbered},
    )
    preamble = _preamble(body, context, words["preambular"])
    main = _main_body(body, context, words["operative"])
    return preamble, main, context


def after_text_xml(
    body: Body, context: markup.Context
) -> tuple[etree._Element | None, etree._Element | None]:
    """The ``<conclusions>`` and ``<attachments>`` of a recognized body (None for none),
    to be made after :func:`body_xml` (footnotes are numbered in reading order). Each
    annex's ``<meta>`` is filled by :func:`~build_tools.akn.model.share_identification`."""
    return _conclusions(body, context), _attachments(body, context)


def _conclusions(body: Body, context: markup.Context) -> etree._Element | None:
    """The closing lines, each a translatable ``<p>`` with an eId; a date in one is a
    ``<date>``, its words kept as written."""
    months = markup.data("vocabulary").get("months") or []
    lines = []
    for index, closing in enumerate(body.closing, 1):
        eid = f"conclusions__p_{index}"
        found = find_date(markup.plain(closing.unit.runs), months)
        extra = [markup.Span(found[0], found[1], "date", {"date": found[2]})] if found else []
        inner = markup.inline(closing.unit.runs, context, eid, vocabulary=False, extra=extra)
        lines.append(E("p", {"eId": eid, "class": closing.kind}, *inner))
    return E("conclusions", *lines) if lines else None


def _attachments(body: Body, context: markup.Context) -> etree._Element | None:
    """Each annex as an ``<attachment>`` (its heading, its title as the subheading) holding
    a ``<doc name="annex">``: headings and paragraphs in order, numbers kept as typed."""
    saved, context.paragraphs = context.paragraphs, set()  # "paragraph 2" is the annex's own
    items = []
    for number, annex in enumerate(body.annexes, 1):
        owner = f"att_{number}"
        heading = markup.inline(annex.heading.runs, context, owner, vocabulary=False)
        blocks = annex.blocks
        title = None
        if blocks[0].heading and len(blocks) > 1:
            words = markup.inline(blocks[0].unit.runs, context, owner, vocabulary=False)
            title, blocks = E("subheading", *words), blocks[1:]
        parts, counts = [], {"p": 0, "hcontainer": 0}
        for block in blocks:
            name = "hcontainer" if block.heading else "p"
            counts[name] += 1
            eid = f"{owner}__{name}_{counts[name]}"
            words = markup.inline(block.unit.runs, context, eid, vocabulary=False)
            parts.append(
                E("hcontainer", {"eId": eid, "name": "annexHeading"}, E("heading", *words))
                if block.heading
                else E("p", {"eId": eid}, *words)
            )
        doc = E("doc", {"name": "annex"}, E("meta"), E("mainBody", *parts))
        items.append(E("attachment", {"eId": owner}, E("heading", *heading), title, doc))
    context.paragraphs = saved
    return E("attachments", *items) if items else None


def write_document(
    meta: Metadata, body: Body, language: str, vocabulary: bool
) -> tuple[bytes, markup.Context]:
    preamble, main, context = body_xml(body, vocabulary)
    conclusions, attachments = after_text_xml(body, context)
    kind = "resolutionDraft" if meta.stage == "draft" else "resolution"
    meta_element = E(
        "meta",
        _identification(meta, language),
        *_lifecycle(meta),
        _references(meta, language, context.used),
    )
    statement = E(
        "statement",
        {"name": kind, "contains": "originalVersion"},
        meta_element,
        _preface(meta, body.stage_notes, context),
        preamble,
        main,
        conclusions,
        attachments,
    )
    root = E("akomaNtoso", statement)
    akn.share_identification(statement)
    indent_blocks(root)
    return document_bytes(root), context


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
    for part in ("preface", "preamble", "mainBody", "conclusions", "attachments"):
        node = document.find(akn.akn(part))
        if node is None:
            continue
        for block in node.iter(akn.akn("p"), akn.akn("heading"), akn.akn("subheading")):
            if part == "preface":  # rebuilt from the metadata: only its footnotes are text
                break
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


def block_text(element: etree._Element) -> str:
    """The text of a block as a reader sees it: its footnotes left out, the quote marks
    of its quotations given back."""
    return _text(element)


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
        Held(characters.normalize(markup.plain(list(run.note))), line=run.note[0].line)
        for run in body.stage_notes
        if run.note
    ]
    notes += [
        Held(characters.normalize(markup.plain(list(note))), line=note[0].line or u.line)
        for u in units
        for note in markup.notes(u.runs)
        if note
    ]
    return texts + notes


def check_preserved(xml: bytes, body: Body, path: Path) -> None:
    """Every block of the input is in the document, character for character (both
    sides as the character rule keeps them); else a located fault of ours."""
    document = akn.document_element(parse_bytes(xml))
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
        body, vocabulary = recognize(path, paras, masthead, lines.outcome_lines)
    except StageFailed as failed:
        raise StageFailed(sorted(formula + failed.diagnostics, key=lambda d: d.line)) from None
    if formula:
        raise StageFailed(formula)
    body.stage_notes = list(lines.outcome_notes)
    xml, context = write_document(found, body, project.source_language.iso, vocabulary)
    check_preserved(xml, body, path)
    target = project.layout.source_file(found.name)
    tree = etree.ElementTree(parse_bytes(xml))
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
        notes=context.markers + len(body.stage_notes),
        references=context.references,
        closing=len(body.closing),
        annexes=len(body.annexes),
        notes_again=context.again,
        taken=lines.summary(),
    )
