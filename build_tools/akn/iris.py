"""What one expression says it is, as identifiers and metadata: its FRBR IRIs (work,
expression, manifestation), its title in its language, its session and committee, and
whether it is authoritative. The feeds, the redirect pages of the IRIs, the pages'
JSON-LD and ``data/documents.json`` all read a text through this one record.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.xmlio import ParsedXml, parse_xml
from build_tools.state import code_fingerprint, file_sha256, fingerprint

if TYPE_CHECKING:
    from build_tools.layout import Layout


@dataclass(frozen=True, slots=True)
class Identified:
    """An expression (a version of a work in one language) as it identifies itself."""

    work: str  # FRBRWork/FRBRuri: /akn/ipu/statement/resolutionDraft/2015-01-15/c-i-132-dr
    expression: str  # FRBRExpression/FRBRuri: …/fra@ (…/fra@2026-11-28 for a later version)
    manifestation: str  # FRBRManifestation/FRBRuri: …/fra@.akn
    language: str  # FRBRlanguage (ISO 639-2): "fra"
    date: str  # the expression's date (ISO)
    title: str  # the docTitle as this expression writes it
    authoritative: bool  # FRBRauthoritative: the original or an official translation
    session: int  # the number of the session it is for (<session value>), 0 when none
    committee: str  # the committee (<docCommittee>) as written, "" when none
    facts: akn.Facts


def identified(path: Path, layout: Layout | None = None) -> Identified | None:
    """What the expression at ``path`` says it is (None: it is not an AKN document),
    read once per content in a process; with ``layout``, once per content and code in
    a build folder (its record is kept in ``build/work``, see ``Layout.identifiers``)."""
    return _identified(path, file_sha256(path), layout)


# Every expression of the corpus, in every language, is asked for by the IRI pages and
# the bulk data in one process (6,000 at N=1000): the cache holds them all (a record is
# a few hundred bytes); with 256 it held none long enough to be asked again. Each build
# is a new process, and parsing them all again took 2 s of each publish at N=1000.
@functools.lru_cache(maxsize=16384)
def _identified(path: Path, digest: str, layout: Layout | None) -> Identified | None:
    if layout is None:
        return _parsed(path)
    kept = layout.identifiers(fingerprint(digest, code_fingerprint()))
    try:
        return _restored(json.loads(kept.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # none, or damaged
        pass
    found = _parsed(path)
    kept.parent.mkdir(parents=True, exist_ok=True)
    staged = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")  # workers may keep it at once
    staged.write_text(json.dumps(_kept(found)), "utf-8")
    staged.replace(kept)
    return found


def _kept(found: Identified | None) -> dict[str, Any] | None:
    return None if found is None else dataclasses.asdict(found)


def _restored(kept: dict[str, Any] | None) -> Identified | None:
    """An Identified as :func:`_kept` wrote it; an error for anything else."""
    if kept is None:
        return None
    facts = dict(kept.pop("facts"))
    stage = facts.pop("stage")
    restored = Identified(
        **kept,
        facts=akn.Facts(
            stage=None if stage is None else akn.Stage(stage),
            authors=tuple(map(str, facts.pop("authors"))),
            drafts=tuple(map(str, facts.pop("drafts"))),
            **facts,
        ),
    )
    text = (restored.work, restored.expression, restored.manifestation, restored.title)
    if not all(isinstance(value, str) for value in text) or type(restored.session) is not int:
        raise TypeError("not a record of identifiers")
    return restored


def _parsed(path: Path) -> Identified | None:
    parsed = parse_xml(path)
    if not isinstance(parsed, ParsedXml):
        return None
    document = akn.document_element(parsed.tree.getroot())
    if document is None:
        return None
    _, ident = akn.identification(document)
    flag = ident.expression.element
    flag = None if flag is None else flag.find(akn.akn("FRBRauthoritative"))
    preface = document.find(akn.akn("preface"))
    return Identified(
        work=ident.work.uri or "",
        expression=ident.expression.uri or "",
        manifestation=ident.manifestation.uri or "",
        language=ident.language or "",
        date=(ident.expression.date or "")[:10],
        title=_text(preface, "docTitle"),
        authoritative=flag is None or flag.get("value") == "true",
        session=_session(preface),
        committee=_text(preface, "docCommittee"),
        facts=akn.facts(document),
    )


def _text(preface: etree._Element | None, name: str) -> str:
    found = None if preface is None else next(preface.iter(akn.akn(name)), None)
    return "" if found is None else akn.plain_text(found)


def _session(preface: etree._Element | None) -> int:
    found = None if preface is None else next(preface.iter(akn.akn("session")), None)
    value = "" if found is None else found.get("value", "")
    return int(value) if value.isdigit() and value.isascii() else 0
