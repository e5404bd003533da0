"""The publication gate: which languages are official, provisional, or not listed.

A translation is **official** only when its catalog is approved (``X-Approval: approved``),
fully translated, with nothing fuzzy, and ``check`` finds no error. Otherwise it is
**provisional**, unless less of it is translated than the project's threshold, in which
case it is **not listed** at all, with the reason given.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.catalogs import APPROVED, read_catalog
from build_tools.check import check_catalog
from build_tools.config import Language, Project
from build_tools.diagnostics import count_errors
from build_tools.extract import catalog_path, template_path
from build_tools.stats import catalog_stats

ORIGINAL, OFFICIAL, PROVISIONAL, UNLISTED = "original", "official", "provisional", "not listed"


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    document: str
    language: str
    percent: float
    fuzzy: int
    approval: str
    errors: int
    status: str
    reason: str
    stage: str = ""  # what the document is: draft or adopted
    symbol: str = ""  # its document symbol, e.g. C-I/132/DR

    @property
    def listed(self) -> bool:
        return self.status != UNLISTED


def language_status(project: Project, name: str, language: Language) -> LanguageStatus:
    if language == project.source_language:
        return LanguageStatus(name, language.code, 100.0, 0, "-", 0, ORIGINAL, "source text")
    path = catalog_path(project, language.code, name)
    if not path.exists():
        return LanguageStatus(
            name, language.code, 0.0, 0, "-", 0, UNLISTED, f"no catalog {path.name}"
        )
    po = read_catalog(path)
    stats = catalog_stats(po, name, language.code)
    errors = count_errors(
        check_catalog(po, read_catalog(template_path(project, name)), language.code)
    )
    status, reason = _decide(project, stats.percent, stats.fuzzy, po.approval, errors)
    return LanguageStatus(
        name, language.code, stats.percent, stats.fuzzy, po.approval, errors, status, reason
    )


def _decide(
    project: Project, percent: float, fuzzy: int, approval: str, errors: int
) -> tuple[str, str]:
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
        (PROVISIONAL, "; ".join(missing)) if missing else (OFFICIAL, "approved, complete and clean")
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
