"""Stage ``update``: bring every language's PO file in line with its template.

Messages are matched by key (msgctxt = eId), never by similarity of wording, so a
change to one paragraph can only ever touch that paragraph's entry:

* same key, same source text: the translation and its flags are kept;
* same key, changed source text: the old translation is kept as a suggestion, marked
  fuzzy, with the previous source text as ``#| msgid``;
* key gone from the template: the entry becomes obsolete (``#~``), never deleted;
* new key: an empty entry.

A catalog that already holds exactly these entries is not written again (a translator's
line wrapping is kept). The header of an existing catalog is the translator's: it is
written back exactly as it was read, never through Babel (which keeps only the fields it
knows, in its order, wrapped its way).

Babel's own ``Catalog.update`` matches changed messages by msgid similarity across
keys, which could hand one paragraph's translation to another; hence this merge.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message

from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, StageFailed
from build_tools.i18n.catalogs import (
    APPROVAL,
    PROVISIONAL,
    PoFile,
    extra_headers_of,
    messages,
    new_catalog,
    read_catalog,
    write_catalog,
)
from build_tools.i18n.extract import WORK_HEADER
from build_tools.i18n.glossary import glossary_at
from build_tools.i18n.header import header_text
from build_tools.i18n.memory import note_written, prefill_from_corpus


def _by_key(catalog: Catalog) -> dict[str, Message]:
    return {m.context or "": m for m in messages(catalog)}


def _obsolete_by_key(catalog: Catalog) -> dict[str, Message]:
    return {m.context or "": m for m in catalog.obsolete.values()}


def merge_message(new: Message, old: Message | None) -> Message:
    """The updated entry for template message ``new`` given the PO's entry ``old``."""
    result = Message(
        new.id,
        "",
        locations=list(new.locations),
        auto_comments=list(new.auto_comments),
        flags=set(new.flags),
        context=new.context,
    )
    if old is None:
        return result
    result.string = old.string
    result.user_comments = list(old.user_comments)
    result.flags |= set(old.flags) - {"fuzzy"}
    if old.id == new.id:
        result.previous_id = list(old.previous_id)
        if old.fuzzy:
            result.flags.add("fuzzy")
    elif old.string:
        result.flags.add("fuzzy")
        result.previous_id = [old.previous_id[0] if old.fuzzy and old.previous_id else str(old.id)]
    return result


def updated_catalog(template: Catalog, po: PoFile) -> Catalog:
    old = po.catalog
    current, obsolete = _by_key(old), _obsolete_by_key(old)
    catalog = Catalog(locale=old.locale, fuzzy=False)
    _copy_header(old, catalog, template)
    for message in messages(template):
        key = message.context or ""
        catalog[message.id] = merge_message(
            message, current.pop(key, None) or obsolete.pop(key, None)
        )
    for message in [*current.values(), *obsolete.values()]:
        if message.string:
            catalog.obsolete[(str(message.id), message.context or "")] = message
    return catalog


def _copy_header(old: Catalog, new: Catalog, template: Catalog) -> None:
    new.header_comment = old.header_comment
    new.project, new.version = template.project, template.version
    new.msgid_bugs_address = template.msgid_bugs_address
    new.creation_date = template.creation_date
    new.revision_date = old.revision_date
    new.last_translator, new.language_team = old.last_translator, old.language_team


def new_po(project: Project, language: Language, template: PoFile, path: Path) -> PoFile:
    date = template.catalog.creation_date
    assert isinstance(date, datetime)
    catalog = new_catalog(
        locale=language.locale,
        project=template.catalog.project,
        version=template.catalog.version,
        date=date,
        team=project.team,
    )
    name = Locale.parse(language.locale).english_name
    catalog.header_comment = (
        f"# {name} translation of {template.catalog.project}.\n"
        "# Provisional (unofficial) until approved (X-Approval header); see translations/README.md."
    )
    return PoFile(path=path, catalog=catalog, extra_headers={APPROVAL: PROVISIONAL})


def seed_from_other_versions(
    project: Project, language: Language, template: PoFile, po: PoFile
) -> None:
    """A new version of a work starts from the translations of its other versions, by key:
    unchanged units stay translated, changed ones come in fuzzy with the old source."""
    work = template.extra_headers.get(WORK_HEADER)
    if not work:
        return
    for other in reversed(project.layout.templates()):
        if other == template.path or _work_of(other) != work:
            continue
        sibling = project.layout.catalog(language.code, other.stem)
        if sibling.exists():
            for message in messages(read_catalog(sibling).catalog):
                po.catalog[message.id] = message
            return


def _work_of(template: Path) -> str:
    """The work a template belongs to, from its header (read once per content in this
    process: ``update`` asks it of every template for each new catalog)."""
    status = template.stat()
    return _header_work(template, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=4096)
def _header_work(template: Path, modified: int, size: int) -> str:
    return extra_headers_of(template).get(WORK_HEADER, "")


def update_language(
    project: Project, language: Language, template: PoFile, po_file: Path
) -> tuple[bool, PoFile | None]:
    """Create or update one PO file from its ``template``; returns whether it changed on
    disk and, when it did not, the file as read (so that check need not read it again).

    An existing catalog keeps its header exactly as the translator wrote it (precheck has
    found it sound): only its entries are updated."""
    if not po_file.exists():
        po = new_po(project, language, template, po_file)
        seed_from_other_versions(project, language, template, po)
        po.catalog = updated_catalog(template.catalog, po)
        _annotate(project, language, po)
        return _written(project, language, po), None
    read = read_catalog(po_file)
    header = header_text(read.lines)
    if header is None:  # never made anew: precheck refuses such a file
        message = "the PO header is missing (Content-Type, Language, …)"
        raise StageFailed([Diagnostic(read.shown, 1, message, "po-header")])
    po = PoFile(read.path, updated_catalog(template.catalog, read), dict(read.extra_headers))
    po.lines, po.header = read.lines, header
    _annotate(project, language, po)
    if entries_alike(po.catalog, read.catalog):
        return False, read  # nothing to update: the file is left as it is
    changed = _written(project, language, po)
    return changed, None if changed else read


def _annotate(project: Project, language: Language, po: PoFile) -> None:
    """The corpus's memory, and the glossary's terms as extracted comments."""
    prefill_from_corpus(project, language, po, po.path.stem)
    glossary = glossary_at(project.layout.glossary())
    for message in messages(po.catalog):
        message.auto_comments += glossary.comments(str(message.id), language.code)


def _written(project: Project, language: Language, po: PoFile) -> bool:
    changed = write_catalog(po)
    if changed:
        note_written(project, language, po.path)
    return changed


def entries_alike(one: Catalog, other: Catalog) -> bool:
    """Whether the two catalogs hold the same entries, so that writing one where the
    other was read would change nothing but, at most, how lines are wrapped: the same
    messages and obsolete entries, in the same order, field by field (where each was
    read aside). Writing a catalog with Babel took 7 ms each."""
    return _fields(messages(one)) == _fields(messages(other)) and _fields(
        one.obsolete.values()
    ) == _fields(other.obsolete.values())


def _fields(entries: Iterable[Message]) -> list[dict[str, object]]:
    return [{k: v for k, v in vars(m).items() if k != "lineno"} for m in entries]
