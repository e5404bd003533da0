"""Stage ``stats``: how far each language's catalog of each document has come.

Besides the units and words in each state (and the fuzzy units of them that the memory
pre-filled), each catalog gets the words of a CAT tool's
analysis of a job, in classes that do not overlap and add up to its words:

* ``new``: untranslated;
* ``memory``: fuzzy units pre-filled from the translation memory of the corpus (their
  count comes with that pre-fill: :func:`from_memory`);
* ``fuzzy``: the other fuzzy units (a translation whose source changed, or one a
  translator or a CAT tool left for review);
* ``translated``: translated, in a provisional catalog;
* ``approved``: translated, in a catalog the Secretariat approved (``X-Approval``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from build_tools.akn import placeholders
from build_tools.i18n.catalogs import APPROVED, PoFile, messages
from build_tools.i18n.memory import from_memory


@dataclass(frozen=True, slots=True)
class CatalogStats:
    document: str
    language: str
    approval: str
    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int
    memory_words: int = 0  # fuzzy words pre-filled from memory (part of fuzzy_words)
    memory: int = 0  # fuzzy units pre-filled from memory (part of fuzzy)

    @property
    def words(self) -> dict[str, int]:
        """The words of the catalog as a CAT tool's analysis counts them (see above)."""
        approved = self.approval == APPROVED
        return {
            "new": self.untranslated_words,
            "memory": self.memory_words,
            "fuzzy": self.fuzzy_words - self.memory_words,
            "translated": 0 if approved else self.translated_words,
            "approved": self.translated_words if approved else 0,
        }

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Share of the source words that are translated (as Weblate counts it)."""
        words = self.translated_words + self.fuzzy_words + self.untranslated_words
        return round(100 * self.translated_words / words, 1) if words else 100.0

    def as_dict(self) -> dict[str, object]:
        analysis = {**self.words, "total": sum(self.words.values())}
        return {**asdict(self), "total": self.total, "percent": self.percent, "words": analysis}


def word_count(message_id: str) -> int:
    return len(placeholders.plain(placeholders.parse(message_id)).split())


def catalog_stats(po: PoFile, document: str, language: str) -> CatalogStats:
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    memory_words = memory = 0
    for message in messages(po.catalog):
        state = (
            "fuzzy"
            if message.fuzzy and message.string
            else "translated"
            if message.string
            else "untranslated"
        )
        counts[state][0] += 1
        counts[state][1] += word_count(str(message.id))
        if state == "fuzzy" and from_memory(message):
            memory_words += word_count(str(message.id))
            memory += 1
    return CatalogStats(
        document=document,
        language=language,
        approval=po.approval,
        translated=counts["translated"][0],
        fuzzy=counts["fuzzy"][0],
        untranslated=counts["untranslated"][0],
        translated_words=counts["translated"][1],
        fuzzy_words=counts["fuzzy"][1],
        untranslated_words=counts["untranslated"][1],
        memory_words=memory_words,
        memory=memory,
    )


def stats_table(rows: list[CatalogStats]) -> str:
    header = (
        f"{'document':<28} {'lang':<5} {'translated':>10} {'fuzzy':>6} {'prefilled':>9} "
        f"{'untransl.':>9}  "
        f"{'words':>6} {'new':>6} {'memory':>6} {'fuzzy':>6} {'transl.':>7} {'approved':>8} "
        f"{'%':>6}  approval"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        words = row.words
        lines.append(
            f"{row.document:<28} {row.language:<5} {row.translated:>10} {row.fuzzy:>6} "
            f"{row.memory:>9} {row.untranslated:>9}  {sum(words.values()):>6} {words['new']:>6} "
            f"{words['memory']:>6} {words['fuzzy']:>6} {words['translated']:>7} "
            f"{words['approved']:>8} {row.percent:>5.1f}%  {row.approval}"
        )
    return "\n".join(lines)
