"""The corpus's translations as a memory for ``update``: an untranslated unit whose
English another document has already translated is pre-filled from it, as fuzzy.

A pre-filled entry is never published unreviewed (fuzzy does not count toward the
publication gate, and merge shows the English instead), and says where it came from
in a translator comment, which :mod:`build_tools.i18n.stats` counts while the entry
stays fuzzy::

    # memory: ipu-132-cyber-warfare-draft#preamble__p_3
    #, fuzzy

Only translated, non-fuzzy units of the other documents' catalogs of the same language
are remembered, by their exact msgid (placeholders included). When several documents
translated the same English, an approved catalog's unit wins over a provisional one;
then the most recent document (the expression date its template gave its catalog's
``POT-Creation-Date``); then the name, so the choice never depends on the order of the
files. Near matches (``fuzzy_memory`` in pyproject.toml, or ``update --fuzzy-memory``:
the least word similarity, in percent, by :class:`difflib.SequenceMatcher`) come with
their score and the English they translated (``#| msgid``), as ``msgmerge`` shows them.

The memory of a language is read once per process and kept while the catalogs are as it
read them, or as ``update`` itself wrote them (:func:`note_written`): update only ever
turns translations fuzzy or obsolete, never makes new ones, so what it writes adds
nothing to the memory. Across processes, each catalog's units are kept in
``build/work/memory/`` by the digest of its content (:func:`kept_candidates`): a build
after one changed catalog parses that catalog alone, not the corpus's.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Message

from build_tools.config import Language, Project
from build_tools.i18n.catalogs import APPROVED, PoFile, messages, read_catalog, translated
from build_tools.i18n.ui import UI_NAME
from build_tools.state import code_fingerprint, fingerprint, sha256

FUZZY_MEMORY = 85.0  # the least similarity of a near match, when asked for without a number
PREFIX = "memory: "  # the translator comment of a pre-filled entry


@dataclass(frozen=True, slots=True)
class Candidate:
    """One translated unit of the corpus, and how it ranks against others."""

    document: str
    key: str
    source: str
    translation: str
    approved: bool
    date: str  # the document's expression date, ISO

    @property
    def rank(self) -> tuple[bool, str, str]:
        return (self.approved, self.date, self.document)

    @property
    def where(self) -> str:
        return f"{self.document}#{self.key}"


@dataclass(frozen=True, slots=True)
class Match:
    candidate: Candidate
    score: int  # percent; 100 for an exact match


@dataclass(frozen=True, slots=True)
class Memory:
    """The best two candidates of each English text, from different documents (so a
    document never gets its own translation back while another has one)."""

    best: dict[str, tuple[Candidate, ...]]

    def exact(self, source: str, document: str) -> Candidate | None:
        return next((c for c in self.best.get(source, ()) if c.document != document), None)

    def near(self, source: str, document: str, least: float) -> Match | None:
        """The most similar remembered English at ``least`` percent or more."""
        words = source.split()
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(words)
        found: Match | None = None
        for text, candidates in self.best.items():
            matcher.set_seq1(text.split())
            if matcher.real_quick_ratio() * 100 < least or matcher.quick_ratio() * 100 < least:
                continue
            score = matcher.ratio() * 100
            candidate = next((c for c in candidates if c.document != document), None)
            if candidate is None or score < least:
                continue
            match = Match(candidate, int(score))
            if found is None or (match.score, candidate.rank) > (found.score, found.candidate.rank):
                found = match
        return found


def candidates(po: PoFile, document: str) -> list[Candidate]:
    created = po.catalog.creation_date
    date = created.date().isoformat() if isinstance(created, datetime) else ""
    approved = po.approval == APPROVED
    return [
        Candidate(document, str(m.context), str(m.id), str(m.string), approved, date)
        for m in messages(po.catalog)
        if translated(m) and m.context
    ]


def build_memory(catalogs: list[tuple[str, PoFile]]) -> Memory:
    """The memory of ``catalogs`` (document name, catalog), in one pass."""
    return memory_of([candidates(po, document) for document, po in catalogs])


def memory_of(found: Iterable[list[Candidate]]) -> Memory:
    """The memory of the candidates of several catalogs."""
    best: dict[str, tuple[Candidate, ...]] = {}
    for each in found:
        for candidate in each:
            best[candidate.source] = _keep(best.get(candidate.source, ()), candidate)
    return Memory(best)


def _keep(kept: tuple[Candidate, ...], new: Candidate) -> tuple[Candidate, ...]:
    """The best candidate of each of the two best documents."""
    same = [c for c in kept if c.document == new.document]
    if same and same[0].rank >= new.rank:
        return kept
    others = [c for c in kept if c.document != new.document]
    return tuple(sorted([*others, new], key=lambda c: c.rank, reverse=True)[:2])


def prefill(catalog: list[Message], memory: Memory, document: str, least: float = 0) -> int:
    """Fill each untranslated message of ``catalog`` that ``memory`` knows (near matches
    of ``least`` percent or more too, when ``least`` is not 0), as fuzzy; returns how many."""
    filled = 0
    for message in catalog:
        if message.string:
            continue  # a translation or a suggestion is never overwritten
        source = str(message.id)
        exact = memory.exact(source, document)
        match = Match(exact, 100) if exact else None
        if match is None and least:
            match = memory.near(source, document, least)
        if match is not None:
            _fill(message, match)
            filled += 1
    return filled


def _fill(message: Message, match: Match) -> None:
    message.string = match.candidate.translation
    message.flags.add("fuzzy")
    note = f"{PREFIX}{match.candidate.where}"
    if match.score < 100:
        note += f" ({match.score} % match)"
        message.previous_id = [match.candidate.source]
    message.user_comments = [*message.user_comments, note]


def from_memory(message: Message) -> bool:
    """Whether ``message`` is a pre-fill from memory not yet reviewed."""
    return message.fuzzy and any(c.startswith(PREFIX) for c in message.user_comments)


# The memory of each language's catalogs, as read: (translations folder, code) →
# (each file's stat, the memory).
_Stamps = dict[Path, tuple[int, int]]
_CACHE: dict[tuple[Path, str], tuple[_Stamps, Memory]] = {}


def _catalog_paths(project: Project, language: Language) -> list[Path]:
    names = (t.stem for t in project.layout.templates() if t.stem != UI_NAME)
    paths = (project.layout.catalog(language.code, name) for name in names)
    return [path for path in paths if path.is_file()]


def _stamps(paths: list[Path]) -> _Stamps:
    stamps = {}
    for path in paths:
        status = path.stat()  # once: it is asked of every catalog for each one updated
        stamps[path] = (status.st_mtime_ns, status.st_size)
    return stamps


def corpus_memory(project: Project, language: Language) -> Memory:
    """The memory of every document's catalog in ``language``, read once while they stay
    as read (or as update wrote them)."""
    key = (project.translations.resolve(), language.code)
    paths = _catalog_paths(project, language)
    stamps = _stamps(paths)
    if key in _CACHE and _CACHE[key][0] == stamps:
        return _CACHE[key][1]
    memory = memory_of(kept_candidates(project, language, path) for path in paths)
    _CACHE[key] = (stamps, memory)
    return memory


def kept_candidates(project: Project, language: Language, path: Path) -> list[Candidate]:
    return catalog_units(project, language.code, path).candidates


@dataclass(frozen=True, slots=True)
class CatalogUnits:
    """What the memory needs of one catalog: its translated units, and the English of the
    units the memory has a say in (``open``): those without a translation (it may fill
    them) and those it filled, not reviewed yet (so that filling one changes nothing)."""

    candidates: list[Candidate]
    open: list[str]


def catalog_units(project: Project, code: str, path: Path, digest: str = "") -> CatalogUnits:
    """The units of one catalog, kept in ``build/work/memory/`` by the digest of its
    content (``digest``, when the caller has it) and of our code: a catalog is parsed
    only when it changed (parsing a thousand catalogs with Babel took seconds). What is
    parsed is kept by the digest of the bytes parsed, whatever the caller said."""
    if digest and (found := _kept_units(project, code, path, digest)) is not None:
        return found
    data = path.read_bytes()
    actual = sha256(data)
    if actual != digest and (found := _kept_units(project, code, path, actual)) is not None:
        return found
    po = read_catalog(path, data)
    open_units = [str(m.id) for m in messages(po.catalog) if not m.string or from_memory(m)]
    units = CatalogUnits(candidates(po, path.stem), open_units)
    if project.build.is_dir():  # ours (a build or a writer holds its lock); else not kept
        rows = [[c.key, c.source, c.translation, c.approved, c.date] for c in units.candidates]
        text = json.dumps({"candidates": rows, "open": units.open}, ensure_ascii=False)
        kept = _kept_file(project, code, path, actual)
        kept.parent.mkdir(parents=True, exist_ok=True)
        staged = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        staged.write_text(text, "utf-8")
        staged.replace(kept)
    return units


def _kept_file(project: Project, code: str, path: Path, digest: str) -> Path:
    key = fingerprint(digest, path.stem, code, code_fingerprint())
    return project.layout.memory_candidates(code, key)


def _kept_units(project: Project, code: str, path: Path, digest: str) -> CatalogUnits | None:
    try:
        found = json.loads(_kept_file(project, code, path, digest).read_text("utf-8"))
        rows, open_units = found["candidates"], found["open"]
        return CatalogUnits([Candidate(path.stem, *row) for row in rows], list(open_units))
    except (OSError, ValueError, TypeError, KeyError):  # none yet, or damaged: parse it
        return None


def note_written(project: Project, language: Language, path: Path) -> None:
    """``update`` wrote ``path`` (perhaps a new catalog): the memory read before still
    holds (see above)."""
    key = (project.translations.resolve(), language.code)
    if key in _CACHE:
        _CACHE[key][0][path] = (path.stat().st_mtime_ns, path.stat().st_size)


def prefill_from_corpus(project: Project, language: Language, po: PoFile, document: str) -> int:
    """Pre-fill ``po`` from the corpus's other catalogs in ``language``; the memory is
    read only when ``po`` has an untranslated unit."""
    if document == UI_NAME or all(m.string for m in messages(po.catalog)):
        return 0
    memory = corpus_memory(project, language)
    return prefill(messages(po.catalog), memory, document, project.fuzzy_memory)
