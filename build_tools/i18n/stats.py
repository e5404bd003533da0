"""Stage ``stats``: how far each language's catalog of each document has come."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from build_tools.akn import placeholders
from build_tools.i18n.catalogs import PoFile, messages


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

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Share of the source words that are translated (as Weblate counts it)."""
        words = self.translated_words + self.fuzzy_words + self.untranslated_words
        return round(100 * self.translated_words / words, 1) if words else 100.0

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "total": self.total, "percent": self.percent}


def word_count(message_id: str) -> int:
    return len(placeholders.plain(placeholders.parse(message_id)).split())


def catalog_stats(po: PoFile, document: str, language: str) -> CatalogStats:
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
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
    )


def stats_table(rows: list[CatalogStats]) -> str:
    header = f"{'document':<28} {'lang':<5} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} {'words':>11} {'%':>6}  approval"
    lines = [header, "-" * len(header)]
    for row in rows:
        words = f"{row.translated_words}/{row.translated_words + row.fuzzy_words + row.untranslated_words}"
        lines.append(
            f"{row.document:<28} {row.language:<5} {row.translated:>10} {row.fuzzy:>6} "
            f"{row.untranslated:>9} {words:>11} {row.percent:>5.1f}%  {row.approval}"
        )
    return "\n".join(lines)
