"""The glossary of our texts, ``translations/glossary.tbx`` (TBX-Basic, read with
translate-toolkit's :mod:`translate.storage.tbx`): the terms a translation must use.

Each ``termEntry`` is a concept: its English terms, and in each language the terms a
translation may use, the preferred one first, then the variants (several ``<tig>`` in a
``langSet``). A unit whose English contains one of the English terms should contain one
of the language's (``check`` warns ``po-glossary`` otherwise), and its PO entry lists the
concept in an extracted comment (``#. glossary: cyberspace = cyberespace``) written by
``update``, so that Poedit and Weblate show it.

How a term is found, kept simple on purpose (a variant in the TBX says the rest), by the
rule the language's profile names (:mod:`build_tools.languages`, ``words``):

* in every language, case and apostrophes (U+2019 or ') do not matter, nor hyphens, no-break
  spaces or line breaks between words;
* ``suffixed`` (the Latin script: English, French, Spanish): whole words, each of which
  may take a plural ``s``/``es``;
* ``stemmed`` (the Cyrillic script: Russian): each word by its stem (the word less its
  last two letters, at least three letters kept), so the cases of a noun phrase match
  (меры / мер укрепления доверия);
* ``contained`` (Arabic, Chinese, and a language the profile cannot describe): as a part
  of the text (Arabic's article and prepositions join the word; Chinese writes no
  spaces). A form whose letters change (للفضاء for الفضاء) is a variant in the TBX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree
from translate.storage import tbx

from build_tools.akn import placeholders
from build_tools.diagnostics import Diagnostic, StageFailed, display_path
from build_tools.languages import words_of

SOURCE_LANGUAGE = "en"
SEPARATORS = re.compile(r"[\s\u00a0\u202f\u2010\u2011\u2012\u2013-]+")


@dataclass(frozen=True, slots=True)
class Concept:
    """One entry of the glossary: its id, its English terms and each language's."""

    ident: str
    english: tuple[str, ...]
    terms: tuple[tuple[str, tuple[str, ...]], ...]  # (language, terms: preferred first)

    def in_language(self, language: str) -> tuple[str, ...]:
        return next((terms for code, terms in self.terms if code == language), ())


def _normalized(text: str) -> str:
    return SEPARATORS.sub(" ", text.replace("\u2019", "'").casefold())


def _word(word: str, language: str) -> str:
    words = words_of(language)
    if words == "stemmed":
        return re.escape(word[: max(3, len(word) - 2)]) + r"\w*"
    if words == "suffixed":
        return re.escape(word) + r"(?:e?s)?"
    return re.escape(word)


def term_pattern(term: str, language: str) -> re.Pattern[str]:
    """Where ``term`` of ``language`` is in a normalized text (see the module's notes)."""
    words = " ".join(_word(word, language) for word in _normalized(term).split())
    if words_of(language) != "contained":
        return re.compile(rf"(?<!\w){words}(?!\w)")
    return re.compile(words)


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...] = ()

    @cached_property
    def _patterns(self) -> dict[tuple[str, str], re.Pattern[str]]:
        return {
            (language, term): term_pattern(term, language)
            for concept in self.concepts
            for language, terms in (*concept.terms, (SOURCE_LANGUAGE, concept.english))
            for term in terms
        }

    def _has(self, text: str, terms: tuple[str, ...], language: str) -> bool:
        return any(self._patterns[(language, term)].search(text) for term in terms)

    def found_in(self, english: str) -> list[Concept]:
        """The concepts whose English is in ``english`` (a msgid)."""
        text = _normalized(_plain(english))
        return [c for c in self.concepts if self._has(text, c.english, SOURCE_LANGUAGE)]

    def misses(self, english: str, translation: str, language: str) -> list[Concept]:
        """The concepts of ``english`` whose terms in ``language`` ``translation`` lacks."""
        text = _normalized(_plain(translation))
        return [
            concept
            for concept in self.found_in(english)
            if concept.in_language(language)
            and not self._has(text, concept.in_language(language), language)
        ]

    def comments(self, english: str, language: str) -> list[str]:
        """The extracted comments naming the terms of ``english`` in ``language``."""
        return [
            f"glossary: {_first(c.english, english)} = {c.in_language(language)[0]}"
            for c in self.found_in(english)
            if c.in_language(language)
        ]


def _first(terms: tuple[str, ...], english: str) -> str:
    """The English term as the text has it (the first listed otherwise)."""
    text = _normalized(_plain(english))
    found = (t for t in terms if term_pattern(t, SOURCE_LANGUAGE).search(text))
    return next(found, terms[0])


def _plain(text: str) -> str:
    try:
        return placeholders.plain(placeholders.parse(text))
    except placeholders.PlaceholderError:
        return placeholders.TOKEN.sub(" ", text)


def read_glossary(path: Path) -> Glossary:
    """The glossary in the TBX file ``path``; StageFailed when it cannot be read."""
    try:
        store = tbx.tbxfile.parsefile(str(path))  # type: ignore[no-untyped-call]
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        problem = f"unreadable glossary: {error.msg}"
        raise StageFailed([Diagnostic(display_path(path), line, problem, "glossary")]) from None
    concepts = []
    for unit in store.units:
        english = tuple(t.text for t in unit.get_source_terms() if t.text)
        terms = tuple(
            (code, tuple(t.text for t in unit.get_target_terms(code) if t.text))
            for code in _languages(unit)
            if code != SOURCE_LANGUAGE
        )
        if english:
            concepts.append(Concept(str(unit.getid() or english[0]), english, terms))
    return Glossary(tuple(concepts))


def _languages(unit: tbx.tbxunit) -> list[str]:
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    return [str(node.get(xml_lang, "")) for node in unit.getlanguageNodes()]  # type: ignore[no-untyped-call]


_CACHE: dict[Path, tuple[tuple[int, int], Glossary]] = {}


def glossary_at(path: Path) -> Glossary:
    """The glossary of ``path`` (empty when there is none), read once while unchanged."""
    if not path.is_file():
        return Glossary()
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    if path not in _CACHE or _CACHE[path][0] != stamp:
        _CACHE[path] = (stamp, read_glossary(path))
    return _CACHE[path][1]
