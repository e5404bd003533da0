"""Stage ``publish``: assemble ``site/`` from the build outputs, atomically.

Everything is written into a fresh staging folder beside ``site/``; only when it is
complete does it replace ``site/`` (two renames), so a failure leaves the previous
site untouched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools.config import Project
from build_tools.merge import merged_path


def stage_downloads(project: Project, names: list[str], staging: Path) -> list[Path]:
    """Copy PDFs, EPUBs and the AKN of every language into ``<lang>/downloads/``."""
    written = []
    for language in project.languages:
        folder = staging / language.code / "downloads"
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            for extension in ("pdf", "epub"):
                source = (
                    project.build
                    / "downloads"
                    / language.code
                    / f"{name}.{language.code}.{extension}"
                )
                if source.exists():
                    written.append(Path(shutil.copy2(source, folder / source.name)))
            akn = merged_path(project, language.code, name)
            if akn.exists():
                written.append(Path(shutil.copy2(akn, folder / f"{name}.{language.code}.akn.xml")))
    return written


def replace_site(project: Project, staging: Path) -> None:
    """Swap ``staging`` in as ``site/``; the old site is removed only afterwards."""
    site = project.site
    retired = site.with_name(f".{site.name}.old")
    if retired.exists():
        shutil.rmtree(retired)
    if site.exists():
        site.rename(retired)
    staging.rename(site)
    if retired.exists():
        shutil.rmtree(retired)


def publish(project: Project, names: list[str]) -> list[Path]:
    staging = project.site.with_name(f".{project.site.name}.new")
    if staging.exists():
        shutil.rmtree(staging)
    built = project.build / "site"
    if built.exists():
        shutil.copytree(built, staging)
    else:
        staging.mkdir(parents=True)
    written = [p for p in staging.rglob("*") if p.is_file()]
    written += stage_downloads(project, names, staging)
    replace_site(project, staging)
    return [project.site / path.relative_to(staging) for path in written]
