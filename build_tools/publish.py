"""Stage ``publish``: assemble ``site/`` from the build outputs, atomically.

Everything is assembled in a staging folder beside ``site/`` (the site pages, the
downloads, the manifest with its edition); a file the current site holds unchanged is hard-linked from
it rather than copied. Only when it is complete does it replace ``site/``, by two
renames; a failure or a kill before that leaves the previous site untouched, and a kill
between the renames leaves the complete previous site in ``.site.old``, which the next
build puts back.

Nothing is deleted that a build did not write: the staging folder carries our mark while
it is filled, and the old site and a staging folder left by a killed build are removed
file by file, only what their mark or manifest says is ours (see ``outputs``). The build
refuses, before it starts, a site folder holding anything else (``check_publishing``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import posixpath
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.akn import model as akn
from build_tools.bulk import bulk_files
from build_tools.config import Project
from build_tools.edition import Edition, publication_time
from build_tools.i18n.publication import Publication
from build_tools.layout import DOWNLOAD_FORMATS, download_url
from build_tools.manifest import MANIFEST, Staged, build_manifest, manifest_bytes, next_edition
from build_tools.outputs import ABSENT, FOLDER, discard, kind, mark, unmark
from build_tools.signing import SIGNATURE, sign
from build_tools.site.parallel import Filled, ParallelViews
from build_tools.site.search import bundle_files
from build_tools.state import BuildState, sha256

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def site_sources(project: Project, names: list[str], published: Publication) -> dict[str, Path]:
    """Where each file of the site to publish is made, by its path in the site: every
    file of the built site (the language sites and the pages above them), each language's
    search bundle (in ``<lang>/pagefind/``), and the PDF, EPUB and AKN of every published
    language of each document (in ``<lang>/downloads/``)."""
    layout = project.layout
    built = layout.built_site()
    sources = {
        path.relative_to(built).as_posix(): path for path in built.rglob("*") if path.is_file()
    }
    sources.update(bundle_files(project, [language.code for language in project.languages]))
    for language in project.languages:
        for name in (n for n in names if published.has(n, language.code)):
            for format_ in DOWNLOAD_FORMATS:
                made = layout.download(language.code, name, format_)
                if made.exists():
                    sources[download_url(language.code, name, format_)] = made
    return sources


def stage(
    project: Project,
    sources: dict[str, Path],
    staging: Path,
    records: BuildState | None = None,
) -> dict[str, Staged]:
    """Put every file of ``sources`` into ``staging`` (the parallel views with their rows
    filled in); returns what each holds. A file whose bytes the current site already
    holds is a hard link to it, so an unchanged site costs no copying; with ``records``,
    a file neither side of which changed status since it was last hashed is linked
    without reading either (see :meth:`BuildState.file_digest`)."""
    views = ParallelViews(project, _known_views(records))
    codes = {language.code for language in project.languages}
    staged = {}
    folders = Folders(staging)
    for relative in sorted(sources, key=lambda path: path.split("/")):
        source = sources[relative]
        in_language = relative.split("/")[0] in codes
        if in_language and records is not None and views.is_view(source):
            known = views.known(relative, source)
            if known and _known_at(project, folders, relative, known.digest, records):
                staged[relative] = Staged(known.digest, known.size)
                continue
        filled = views.filled(source, relative) if in_language else None
        unchanged = None
        if filled is None and records is not None:
            unchanged = _unchanged(project, folders, relative, source, records)
        if unchanged is not None:
            staged[relative] = unchanged
            continue
        data = source.read_bytes() if filled is None else filled
        staged[relative] = put(project, staging, relative, data, records)
    if records is not None:
        notes = {relative: dataclasses.astuple(view) for relative, view in views.now.items()}
        records.record(PARALLEL_VIEWS, "", [], notes)
    return staged


PARALLEL_VIEWS = "publish/parallel-views"  # the record of what each view was filled to


def _known_views(records: BuildState | None) -> dict[str, Filled]:
    """What each parallel view was last filled from and to (a damaged entry: none)."""
    known = {}
    for relative, kept in (records.memo(PARALLEL_VIEWS) if records else {}).items():
        try:
            name, codes, inputs, digest, size = kept
            known[relative] = Filled(
                str(name), tuple(map(str, codes)), str(inputs), str(digest), int(size)
            )
        except (TypeError, ValueError):
            continue
    return known


def _known_at(
    project: Project, folders: Folders, relative: str, digest: str, records: BuildState
) -> bool:
    """Link the current site's file at ``relative`` into the staging tree if the records
    know it holds ``digest``."""
    published = _published(project, relative)
    if published is None or records.file_digest(project.site, relative, published) != digest:
        return False
    try:
        os.link(f"{project.site}/{relative}", folders.target(relative))
    except OSError:
        return False
    return True


class Folders:
    """The folders of a staging tree, each made once (a site has 60,000 files at N=1000,
    and asking for every file's folder took a share of each publish)."""

    def __init__(self, staging: Path) -> None:
        self.staging = str(staging)
        self.made: set[str] = {""}

    def target(self, relative: str) -> str:
        """Where ``relative`` goes in the staging tree, its folder made."""
        folder = posixpath.dirname(relative)
        if folder not in self.made:
            Path(self.staging, folder).mkdir(parents=True, exist_ok=True)
            while folder not in self.made:
                self.made.add(folder)
                folder = posixpath.dirname(folder)
        return f"{self.staging}/{relative}"


def _unchanged(
    project: Project, folders: Folders, relative: str, source: Path, records: BuildState
) -> Staged | None:
    """The published file at ``relative`` linked into the staging tree, if the records
    know it holds the same bytes as ``source`` (a file of ``build/``) by both files'
    statuses."""
    build, made = str(project.build), str(source)
    if not made.startswith(build + "/"):
        return None
    published = _published(project, relative)
    if published is None:
        return None
    digest = records.file_digest(project.build, made[len(build) + 1 :])
    if not digest or records.file_digest(project.site, relative, published) != digest:
        return None
    try:
        os.link(f"{project.site}/{relative}", folders.target(relative))
    except OSError:  # a file system without hard links: written from the bytes
        return None
    return Staged(digest, published.st_size)


def _published(project: Project, relative: str) -> os.stat_result | None:
    """The status of the current site's plain file at ``relative`` (None: none is there)."""
    try:
        found = os.lstat(f"{project.site}/{relative}")
    except OSError:
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def put(
    project: Project,
    staging: Path,
    relative: str,
    data: bytes,
    records: BuildState | None = None,
) -> Staged:
    """Stage ``data`` at ``relative`` (a link to the current site's file when it holds
    the same bytes: by the records, when its status is the one they hashed; else read)."""
    target = staging / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = sha256(data)
    known = records is not None and _known(project, relative, target, digest, records)
    if not known and not _linked(project.site / relative, target, data):
        target.write_bytes(data)
    return Staged(digest, len(data))


def _known(project: Project, relative: str, target: Path, digest: str, records: BuildState) -> bool:
    """Link ``target`` to the current site's file if the records know it holds ``digest``."""
    if _published(project, relative) is None:
        return False
    if records.file_digest(project.site, relative) != digest:
        return False
    try:
        os.link(project.site / relative, target)
    except OSError:
        return False
    return True


def _linked(published: Path, target: Path, data: bytes) -> bool:
    """Hard-link ``target`` to ``published`` if that is a plain file holding ``data``.
    Safe because nothing ever writes into a published file: ``site/`` is only ever
    replaced whole (see :func:`replace_site`)."""
    try:
        found = os.lstat(published)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
            return False
        if published.read_bytes() != data:
            return False
        os.link(published, target)
    except OSError:  # gone, unreadable, or a file system without hard links: write it
        return False
    return True


def recover(project: Project) -> None:
    """Undo an interrupted swap: if ``site/`` is gone but the old one is kept, restore it."""
    site, retired = project.site, project.layout.retired_site()
    if kind(retired) == FOLDER and kind(site) == ABSENT:
        retired.rename(site)
    else:
        discard(retired)


def replace_site(project: Project, staging: Path) -> None:
    """Swap ``staging`` in as ``site/``; the old site is removed only afterwards."""
    site = project.site
    retired = project.layout.retired_site()
    if kind(site) != ABSENT:
        site.rename(retired)
    staging.rename(site)
    discard(retired)


@dataclass(frozen=True, slots=True)
class Published:
    """What a publish put in ``site/``: each file's SHA-256, and the edition it is."""

    digests: dict[Path, str]
    edition: Edition


def publish(
    project: Project,
    names: list[str],
    published: Publication,
    versions: dict[str, str],
    facts: dict[str, akn.Facts],
    signing_key: Ed25519PrivateKey | None = None,
    records: BuildState | None = None,
) -> Published:
    """Publish everything built into ``site/``, as the next edition (see
    :func:`manifest.next_edition`; ``records`` keeps the last one, so that numbers never
    go back even if ``site/`` is lost). The digests returned are the manifest's, which
    hashed every file it lists as it was staged."""
    recover(project)
    staging = project.layout.staging_site()
    discard(staging)  # left by a killed build
    try:
        staging.mkdir(parents=True)
        mark(staging)  # until its manifest lists what it holds
        staged = stage(project, site_sources(project, names, published), staging, records)
        for relative, data in bulk_files(project, names, published, staged).items():
            staged[relative] = put(project, staging, relative, data, records)  # listed, signed
        body = build_manifest(project, staged, versions, facts)
        last = records.last_edition() if records is not None else 0
        edition = next_edition(project.site, body, last, publication_time())
        manifest = manifest_bytes(body, edition)
        (staging / MANIFEST).write_bytes(manifest)
        signature = sign(manifest, signing_key) if signing_key is not None else None
        if signature is not None:
            (staging / SIGNATURE).write_bytes(signature)
        unmark(staging)
        if records is not None and edition.number > last:
            records.record_edition(edition.number, edition.published)  # before the swap
    except BaseException:
        _discard_quietly(staging)  # a full disk is not left fuller
        raise
    try:
        replace_site(project, staging)
    except BaseException:  # e.g. a folder we may not write: the old site stays, nothing else
        recover(project)
        _discard_quietly(staging)
        raise
    digests = published_digests(project.site, manifest, signature)
    if records is not None:  # the next build then reads none of these files to know them
        for path, digest in digests.items():
            records.note_published(project.site, path.relative_to(project.site).as_posix(), digest)
    return Published(digests, edition)


def _discard_quietly(folder: Path) -> None:
    with contextlib.suppress(OSError):
        discard(folder)


def published_digests(site: Path, manifest: bytes, signature: bytes | None) -> dict[Path, str]:
    """The SHA-256 of every file of ``site``: as its manifest lists them, and the
    manifest's own (and its signature's)."""
    listed = {site / entry["path"]: entry["sha256"] for entry in json.loads(manifest)["files"]}
    listed[site / MANIFEST] = sha256(manifest)
    if signature is not None:
        listed[site / SIGNATURE] = sha256(signature)
    return dict(sorted(listed.items()))
