"""Which languages each document is published in: the publication gate's answer, per
document. A new document starts untranslated, so a language can be published for one
document and absent for another; every output stage asks this map, never the project's
list of languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from build_tools.config import Language, Project
from build_tools.i18n.merge import MergeResult


@dataclass(frozen=True, slots=True)
class Publication:
    languages: dict[str, frozenset[str]]  # document name → codes of its published languages

    @classmethod
    def from_merged(cls, results: Iterable[MergeResult]) -> Publication:
        """From what ``merge`` wrote in this build: the proof of what may be published."""
        found: dict[str, set[str]] = {}
        for result in results:
            found.setdefault(result.path.stem, set()).add(result.language)
        return cls({name: frozenset(codes) for name, codes in found.items()})

    @classmethod
    def from_files(cls, project: Project, names: Iterable[str]) -> Publication:
        """From the merged expressions in ``build/akn`` (merge removes a language's
        expression when the gate stops publishing it)."""
        return cls(
            {
                name: frozenset(
                    lang.code
                    for lang in project.languages
                    if project.layout.merged(lang.code, name).exists()
                )
                for name in names
            }
        )

    def has(self, name: str, code: str) -> bool:
        return code in self.languages.get(name, frozenset())

    def of(self, project: Project, name: str) -> tuple[Language, ...]:
        """The languages ``name`` is published in, in the project's order."""
        return tuple(lang for lang in project.languages if self.has(name, lang.code))

    def site_languages(self, project: Project) -> tuple[Language, ...]:
        """Languages with at least one published document: each gets a site."""
        every = frozenset().union(*self.languages.values()) if self.languages else frozenset()
        return tuple(lang for lang in project.languages if lang.code in every)

    def pairs(self, project: Project, names: Iterable[str]) -> list[tuple[str, Language]]:
        """Every (document, language) to render, documents first."""
        return [(name, lang) for name in names for lang in self.of(project, name)]
