"""Stage ``publish``: assemble ``site/`` from the build outputs, atomically.

Everything is assembled in a staging folder beside ``site/`` (the site pages, the
downloads, the manifest). Only when it is complete does it replace ``site/``, by two
renames; a failure or a kill before that leaves the previous site untouched, and a kill
between the renames leaves the complete previous site in ``.site.old``, which the next
build puts back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.akn import model as akn
from build_tools.config import Project
from build_tools.i18n.publication import Publication
from build_tools.layout import DOWNLOAD_FORMATS, download_url
from build_tools.manifest import MANIFEST, build_manifest
from build_tools.signing import SIGNATURE, sign
from build_tools.site.parallel import fill_parallel_views
from build_tools.state import sha256

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def stage_downloads(
    project: Project, names: list[str], published: Publication, staging: Path
) -> None:
    """Copy the PDF, EPUB and AKN of every published language of each document into
    ``<lang>/downloads/``."""
    layout = project.layout
    for language in project.languages:
        for name in (n for n in names if published.has(n, language.code)):
            for format_ in DOWNLOAD_FORMATS:
                made = layout.download(language.code, name, format_)
                if made.exists():
                    target = staging / download_url(language.code, name, format_)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(made, target)


def recover(project: Project) -> None:
    """Undo an interrupted swap: if ``site/`` is gone but the old one is kept, restore it."""
    site, retired = project.site, project.layout.retired_site()
    if retired.exists() and not site.exists():
        retired.rename(site)
    elif retired.exists():
        shutil.rmtree(retired)


def replace_site(project: Project, staging: Path) -> None:
    """Swap ``staging`` in as ``site/``; the old site is removed only afterwards."""
    site = project.site
    retired = project.layout.retired_site()
    if site.exists():
        site.rename(retired)
    staging.rename(site)
    if retired.exists():
        shutil.rmtree(retired)


def publish(
    project: Project,
    names: list[str],
    published: Publication,
    versions: dict[str, str],
    facts: dict[str, akn.Facts],
    signing_key: Ed25519PrivateKey | None = None,
) -> dict[Path, str]:
    """Publish everything built into ``site/``; returns each published file's SHA-256
    (from the manifest, which hashed every file it lists as it was staged)."""
    recover(project)
    staging = project.layout.staging_site()
    if staging.exists():
        shutil.rmtree(staging)
    built = project.layout.built_site()
    try:
        if built.exists():
            shutil.copytree(built, staging, copy_function=shutil.copyfile)
        staging.mkdir(parents=True, exist_ok=True)
        fill_parallel_views(project, staging, [language.code for language in project.languages])
        stage_downloads(project, names, published, staging)
        manifest = build_manifest(project, staging, versions, facts)
        (staging / MANIFEST).write_bytes(manifest)
        signature = sign(manifest, signing_key) if signing_key is not None else None
        if signature is not None:
            (staging / SIGNATURE).write_bytes(signature)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # a full disk is not left fuller
        raise
    try:
        replace_site(project, staging)
    except BaseException:  # e.g. a folder we may not write: the old site stays, nothing else
        recover(project)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return published_digests(project.site, manifest, signature)


def published_digests(site: Path, manifest: bytes, signature: bytes | None) -> dict[Path, str]:
    """The SHA-256 of every file of ``site``: as its manifest lists them, and the
    manifest's own (and its signature's)."""
    listed = {site / entry["path"]: entry["sha256"] for entry in json.loads(manifest)["files"]}
    listed[site / MANIFEST] = sha256(manifest)
    if signature is not None:
        listed[site / SIGNATURE] = sha256(signature)
    return dict(sorted(listed.items()))
