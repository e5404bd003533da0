"""``new-version``: a corrigendum or revision of a document, as a later expression of the
same work (``source/<work>_<date>.xml``), from the current one.

The new expression is dated by the change (``FRBRdate name="corrigendum"``), its IRIs
carry that date (``…/eng@2026-12-01``), the lifecycle and workflow record the event, and
the preface says what changed. The catalogs carry over through ``update``: a new
version's catalog starts from the translations of its work's other versions. With
``--from FILE`` the corrected text is imported into it.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.validate import validate_tree
from build_tools.akn.versions import works
from build_tools.akn.xmlio import ParsedXml, document_bytes, parse_bytes, parse_xml
from build_tools.config import Project
from build_tools.diagnostics import StageFailed, UsageError, count_errors, display_path
from build_tools.import_limits import ImportLimits
from build_tools.importing import document
from build_tools.importing.changes import Decision
from build_tools.importing.structure import normalized
from build_tools.layout import name_problem

Kind = Literal["corrigendum", "revision"]


@dataclass(frozen=True, slots=True)
class NewVersion:
    name: str
    xml: bytes


def _sub(parent: etree._Element, name: str, **attributes: str) -> etree._Element:
    return etree.SubElement(
        parent, akn.akn(name), {k.replace("_", ""): v for k, v in attributes.items()}
    )


def _current(project: Project, name: str) -> tuple[Path, str]:
    """The latest version of the work ``name`` belongs to, and the work's slug."""
    source = project.layout.source_file(name)
    if not source.exists():
        raise UsageError(f"{display_path(source)}: no such document")
    for work in works(project.documents()):
        if any(v.name == name for v in work.versions):
            return project.layout.source_file(work.latest.name), work.slug
    return source, name


def _retarget(level: etree._Element | None, old: str, new: str) -> None:
    if level is None:
        return
    for element in level:
        if element.get("value", "").startswith(old):
            element.set("value", new + element.get("value", "")[len(old) :])


def new_version(
    project: Project,
    name: str,
    *,
    date: str,
    reason: str,
    kind: Kind = "corrigendum",
    text: Path | None = None,
    changes: Decision | None = None,
) -> NewVersion:
    if (problem := name_problem(name)) is not None:
        raise UsageError(problem)
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        raise UsageError(f"--date {date!r} is not an ISO date (YYYY-MM-DD)") from None
    if not reason.strip():
        raise UsageError("--reason must say what changed")
    path, slug = _current(project, name)
    parsed = parse_xml(path)
    if not isinstance(parsed, ParsedXml):
        raise StageFailed(parsed)
    tree = copy.deepcopy(parsed.tree)
    statement = akn.document_element(tree.getroot())
    assert statement is not None
    node, ident = akn.identification(statement)
    previous = ident.expression.date or ""
    if date <= previous[:10]:
        raise UsageError(
            f"--date {date} must be after the current version's date ({previous[:10]})"
        )
    statement.set("contains", "singleVersion")
    event = f"{kind}-{date}"
    old_expression = ident.expression.uri or ""
    language = old_expression.rsplit("/", 1)[-1].split("@")[0]
    new_expression = f"{ident.work.uri}/{language}@{date}"
    _retarget(ident.expression.element, old_expression, new_expression)
    _retarget(ident.manifestation.element, old_expression, new_expression)
    expression = ident.expression.element
    assert expression is not None and node is not None
    dated = expression.find(akn.akn("FRBRdate"))
    assert dated is not None
    dated.set("date", date)
    dated.set("name", kind)
    manifestation = ident.manifestation.element
    markup = None if manifestation is None else manifestation.find(akn.akn("FRBRdate"))
    if markup is not None:
        markup.set("date", datetime.date.today().isoformat())
    meta = statement.find(akn.akn("meta"))
    assert meta is not None
    _record(meta, event, date, kind)
    _describe(statement, event, date, kind, reason)
    if text is not None:
        _replace_text(statement, text, project.import_limits, changes)
    akn.share_identification(statement)  # the annexes follow the new expression
    document.indent_blocks(tree.getroot())
    xml = document_bytes(tree)
    new_name = f"{slug}_{date}"
    target = project.layout.source_file(new_name)
    if target.exists():
        raise UsageError(f"{display_path(target)} exists already")
    problems = validate_tree(etree.ElementTree(parse_bytes(xml)), display_path(target))
    if count_errors(problems):
        raise StageFailed(problems)
    return NewVersion(new_name, xml)


# The parts of a statement the text gives, in the schema's order.
TEXT_PARTS = ("preamble", "mainBody", "conclusions", "attachments")


def _put_parts(statement: etree._Element, parts: list[etree._Element | None]) -> None:
    """``parts`` in place of the statement's: the preamble and body when given, the
    closing lines and annexes as the new text has them (or not)."""
    given = {akn.local(part): part for part in parts if part is not None}
    for name in TEXT_PARTS:
        old, new = statement.find(akn.akn(name)), given.get(name)
        if new is None:
            if old is not None and name not in TEXT_PARTS[:2]:
                statement.remove(old)
            continue
        if old is not None:
            statement.replace(old, new)
            continue
        before = [statement.find(akn.akn(n)) for n in TEXT_PARTS[: TEXT_PARTS.index(name)]]
        anchor = next((b for b in reversed(before) if b is not None), None)
        if anchor is not None:
            anchor.addnext(new)
        else:
            statement.append(new)


def _record(meta: etree._Element, event: str, date: str, kind: str) -> None:
    """The event in the lifecycle, the workflow and the references."""
    lifecycle = meta.find(akn.akn("lifecycle"))
    if lifecycle is None:
        lifecycle = _sub(meta, "lifecycle", source="#ipu-secretariat")
    count = len(lifecycle.findall(akn.akn("eventRef"))) + 1
    _sub(
        lifecycle,
        "eventRef",
        eId=f"evt_{count}",
        date=date,
        source="#ro_1",
        type="amendment",
        refersTo=f"#{event}",
    )
    workflow = meta.find(akn.akn("workflow"))
    if workflow is not None:
        steps = len(workflow.findall(akn.akn("step"))) + 1
        _sub(
            workflow,
            "step",
            eId=f"wf_{steps}",
            date=date,
            by="#ipu-secretariat",
            refersTo=f"#{event}",
        )
    references = meta.find(akn.akn("references"))
    assert references is not None
    shown = f"{kind.capitalize()} of {document.long_date(date)}"
    _sub(references, "TLCEvent", eId=event, href=f"/ontology/event/ipu/{kind}/{date}", showAs=shown)
    if references.find(f"{akn.akn('TLCOrganization')}[@eId='ipu-secretariat']") is None:
        _sub(
            references,
            "TLCOrganization",
            eId="ipu-secretariat",
            href="/ontology/organization/ipu/secretariat",
            showAs="Secretariat of the Inter-Parliamentary Union",
        )


def _describe(statement: etree._Element, event: str, date: str, kind: str, reason: str) -> None:
    """A line of the preface saying which version this is and why."""
    preface = statement.find(akn.akn("preface"))
    if preface is None:
        return
    numbers = [
        int(p.get("eId", "").rsplit("_", 1)[-1])
        for p in preface.findall(akn.akn("p"))
        if p.get("eId", "").startswith("preface__p_")
    ]
    line = _sub(preface, "p", eId=f"preface__p_{max(numbers, default=0) + 1}")
    line.set("class", "version")
    status = _sub(line, "docStatus", refersTo=f"#{event}")
    status.text = kind.capitalize()
    status.tail = " of "
    when = _sub(line, "date", date=date, refersTo=f"#{event}")
    when.text = document.long_date(date)
    when.tail = f": {' '.join(reason.split())}"


def _replace_text(
    statement: etree._Element, path: Path, limits: ImportLimits, changes: Decision | None
) -> None:
    """The preamble, body, closing lines and annexes of ``path`` (an editor's corrected
    text) in place of ours; its masthead lines, if any, must be the current document's."""
    preface = statement.find(akn.akn("preface"))
    lines = [] if preface is None else list(preface.iter(akn.akn("p")))
    masthead = [
        " ".join(document.block_text(p).split())
        for p in lines
        if not any(akn.local(a) == "authorialNote" for a in p.iterancestors())
    ]
    _, paras = document.read_paragraphs(path, limits, changes)
    # a masthead line with its own note ("adopted by consensus*"): the preface keeps both
    shown = {normalized(line) for line in masthead}
    carried = frozenset(
        para.line
        for para in paras
        if normalized(para.text) in shown
        and any(run.note is not None and run.marker for run in para.runs)
    )
    body, vocabulary = document.recognize(path, paras, masthead, carried)
    preamble, main, context = document.body_xml(body, vocabulary)
    _put_parts(statement, [preamble, main, *document.after_text_xml(body, context)])
    references = statement.find(f"{akn.akn('meta')}/{akn.akn('references')}")
    declared = set() if references is None else {e.get("eId") for e in references}
    for entity in context.used.values():
        if references is not None and entity.eid not in declared:
            tag = "TLCReference" if entity.href.startswith("/akn/") else "TLCOrganization"
            element = _sub(references, tag, eId=entity.eid, href=entity.href, showAs=entity.show_as)
            if tag == "TLCReference":
                element.set("name", "internationalInstrument")
    notes = statement.find(f"{akn.akn('meta')}/{akn.akn('notes')}")
    if notes is not None:  # translator notes on units that may no longer say the same
        targets = {e.get("eId") for e in statement.iter() if e.get("eId")}
        for note in list(notes):
            if note.get("refersTo", "").lstrip("#") not in targets:
                notes.remove(note)
