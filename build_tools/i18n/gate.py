"""The publication gate: which languages are official, provisional, or not listed.

A translation is **official** only when its catalog is approved (``X-Approval: approved``),
fully translated, with nothing fuzzy, and ``check`` finds no error. Otherwise it is
**provisional**, unless less of it is translated than the project's threshold, in which
case it is **not listed** at all, with the reason given.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from build_tools.config import Language, Project
from build_tools.i18n.catalogs import APPROVED
from build_tools.i18n.check import Checked
from build_tools.i18n.stats import catalog_stats


class Status(enum.StrEnum):
    """Whether and how a document is published in a language."""

    ORIGINAL = "original"
    OFFICIAL = "official"
    PROVISIONAL = "provisional"
    UNLISTED = "not listed"


ORIGINAL, OFFICIAL, UNLISTED = Status.ORIGINAL, Status.OFFICIAL, Status.UNLISTED


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    document: str
    language: str
    percent: float
    fuzzy: int
    approval: str
    errors: int
    status: Status
    reason: str
    stage: str = ""  # what the document is: draft or adopted
    symbol: str = ""  # its document symbol, e.g. C-I/132/DR

    @property
    def listed(self) -> bool:
        return self.status != UNLISTED


def language_status(
    project: Project, name: str, language: Language, checked: Checked | None
) -> LanguageStatus:
    """The gate's verdict on ``name`` in ``language``, from ``check``'s verdict on its
    catalog (None: there is no catalog)."""
    if language == project.source_language:
        return LanguageStatus(name, language.code, 100.0, 0, "-", 0, ORIGINAL, "source text")
    if checked is None:
        missing = project.layout.catalog(language.code, name).name
        return LanguageStatus(
            name, language.code, 0.0, 0, "-", 0, UNLISTED, f"no catalog {missing}"
        )
    po, errors = checked.po, checked.errors
    stats = catalog_stats(po, name, language.code)
    status, reason = _decide(project, stats.percent, stats.fuzzy, po.approval, errors)
    return LanguageStatus(
        name, language.code, stats.percent, stats.fuzzy, po.approval, errors, status, reason
    )


def _decide(
    project: Project, percent: float, fuzzy: int, approval: str, errors: int
) -> tuple[Status, str]:
    if percent < project.listing_threshold:
        return (
            UNLISTED,
            f"only {percent:g} % translated (threshold {project.listing_threshold:g} %)",
        )
    missing = []
    if approval != APPROVED:
        missing.append("catalog not approved")
    if percent < 100:
        missing.append(f"{percent:g} % translated")
    if fuzzy:
        missing.append(f"{fuzzy} fuzzy")
    if errors:
        missing.append(f"{errors} check error(s)")
    return (
        (Status.PROVISIONAL, "; ".join(missing))
        if missing
        else (OFFICIAL, "approved, complete and clean")
    )


def status_table(rows: list[LanguageStatus]) -> str:
    header = f"{'document':<28} {'stage':<8} {'lang':<5} {'translated':>10} {'fuzzy':>6} {'approval':<12} {'status':<12} reason"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.document:<28} {row.stage:<8} {row.language:<5} {row.percent:>9.1f}% {row.fuzzy:>6} "
            f"{row.approval:<12} {row.status:<12} {row.reason}"
        )
    return "\n".join(lines)
