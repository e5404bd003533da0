"""Official versions: the publication gate, provenance, reproducibility, atomic and
incremental publishing, the build lock."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from build_tools import pipeline
from build_tools.akn import model as akn
from build_tools.cli import main
from build_tools.config import load_project
from build_tools.diagnostics import StageCrashed
from build_tools.i18n.catalogs import APPROVAL, APPROVED, messages, read_catalog, write_catalog
from build_tools.jobs import Workers
from build_tools.manifest import verify_site
from build_tools.pipeline import run_build
from build_tools.state import BuildState, build_lock
from tests.conftest import ADOPTED, ROOT, copy_sources
from tests.helpers import (
    copy_published,
    main_in,
    normalized,
    pagefind_data,
    pdf_text,
    site_digest,
    tree_digest,
)

NAME = "ipu-132-cyber-warfare-draft"


def test_status_shows_every_translation_provisional(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["language"]: row["status"] for row in rows} == {
        "en": "original",
        "fr": "provisional",
        "es": "provisional",
        "ar": "provisional",
        "ru": "provisional",
        "zh": "provisional",
    }
    assert {row["reason"] for row in rows if row["language"] != "en"} == {"catalog not approved"}
    assert len(rows) == 6  # one document, the draft, in six languages
    assert {(row["stage"], row["symbol"]) for row in rows} == {("draft", "C-I/132/DR")}


def approve(po_path: Path) -> None:
    po = read_catalog(po_path)
    po.extra_headers[APPROVAL] = APPROVED
    po.extra_headers["X-Approved-By"] = "Test secretariat"
    po.extra_headers["X-Approval-Date"] = "2026-11-28"
    write_catalog(po)


def starve(po_path: Path, keep: int) -> None:
    po = read_catalog(po_path)
    for message in messages(po.catalog)[keep:]:
        message.string = ""
    write_catalog(po)


@pytest.fixture(scope="module")
def gated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fr approved (official), ru mostly untranslated (not listed), the rest provisional."""
    root = copy_sources(tmp_path_factory.mktemp("gated"))
    approve(root / "translations" / "fr" / f"{NAME}.po")
    starve(root / "translations" / "ru" / f"{NAME}.po", keep=5)
    run_build(load_project(root))
    return root


def test_approved_catalog_makes_the_language_official_everywhere(gated: Path) -> None:
    project = load_project(gated)
    expression = etree.parse(str(project.build / "akn" / "fr" / f"{NAME}.xml")).getroot()
    assert expression.find(f".//{akn.akn('FRBRauthoritative')}").get("value") == "true"  # type: ignore[union-attr]
    assert expression.find(f".//{akn.akn('FRBRtranslation')}").get("authoritative") == "true"  # type: ignore[union-attr]
    fr_pdf = normalized(pdf_text(project.site / "fr" / "downloads" / f"{NAME}.fr.pdf"), "fr")
    es_pdf = normalized(pdf_text(project.site / "es" / "downloads" / f"{NAME}.es.pdf"), "es")
    assert normalized("Traduction provisoire", "fr") not in fr_pdf
    assert normalized("Traducción provisional", "es") in es_pdf
    fr_page = (project.site / "fr" / NAME / "index.html").read_text("utf-8")
    es_page = (project.site / "es" / NAME / "index.html").read_text("utf-8")
    assert 'id="status"' not in fr_page and 'id="status"' in es_page
    assert "Traduction officielle" in (project.site / "fr" / "index.html").read_text("utf-8")


def test_language_below_the_threshold_is_not_published(
    gated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = load_project(gated)
    assert not (project.site / "ru").exists()
    english = (project.site / "en" / NAME / "index.html").read_text("utf-8")
    assert 'hreflang="ru"' not in english
    os.chdir(gated)
    try:
        assert main(["status"]) == 0
    finally:
        os.chdir(ROOT)
    table = capsys.readouterr().out
    assert "not listed" in table and "threshold 50 %" in table
    assert "official" in table


def test_manifest_lists_every_published_file_with_provenance(published: Path) -> None:
    site = published / "site"
    assert verify_site(site) == []
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    by_path = {entry["path"]: entry for entry in manifest["files"]}
    pdf = by_path[f"fr/downloads/{NAME}.fr.pdf"]
    assert pdf["format"] == "pdf" and pdf["language"] == "fr" and pdf["document"] == NAME
    assert pdf["version"] == "2015-01-15" and pdf["stage"] == "draft"
    assert manifest["documents"] == {
        NAME: {
            "stage": "draft",
            "symbol": "C-I/132/DR",
            "date": "2015-01-15",
            "authors": ["Mr. N. Lazrek (Morocco)", "Mr. J.C. Mahía (Uruguay)"],
            "version": "2015-01-15",
        }
    }
    assert (
        pdf["source_sha256"]
        == hashlib.sha256((published / "source" / f"{NAME}.xml").read_bytes()).hexdigest()
    )
    catalog = published / "translations" / "fr" / f"{NAME}.po"
    assert pdf["catalog_sha256"] == hashlib.sha256(catalog.read_bytes()).hexdigest()
    assert pdf["sha256"] == hashlib.sha256((site / pdf["path"]).read_bytes()).hexdigest()
    assert {"pandoc", "typst", "mkdocs-material", "lxml"} <= set(manifest["tools"])
    assert set(by_path) == {
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
    } - {"manifest.json"}


def test_verify_reports_a_tampered_file(published: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(published / "site", copy)
    (copy / "fr" / "downloads" / f"{NAME}.fr.pdf").write_bytes(b"%PDF-tampered")
    [problem] = verify_site(copy)
    assert problem.code == "manifest-hash" and f"fr/downloads/{NAME}.fr.pdf" in problem.message


def test_two_clean_builds_give_byte_identical_sites(published: Path, tmp_path: Path) -> None:
    again = copy_sources(tmp_path)
    run_build(load_project(again))
    # Both are edition 1, each published at its own time (SOURCE_DATE_EPOCH would fix it):
    # that time, in the manifest's edition, is all that may differ (see site_digest).
    for site in (published / "site", again / "site"):
        assert json.loads((site / "manifest.json").read_text("utf-8"))["edition"]["number"] == 1
    first, second = site_digest(published / "site"), site_digest(again / "site")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def edit_translation(root: Path, language: str, key: str, old: str, new: str) -> None:
    po = read_catalog(root / "translations" / language / f"{NAME}.po")
    [message] = [m for m in messages(po.catalog) if m.context == key]
    message.string = str(message.string).replace(old, new)
    write_catalog(po)


def test_no_op_and_one_catalog_rebuilds_redo_only_what_changed(gated: Path) -> None:
    project = load_project(gated)
    quiet = run_build(project)
    assert (quiet.rendered, quiet.sites) == (0, 0)
    edit_translation(gated, "es", "para_12", "Alienta", "Anima")
    said: list[str] = []
    changed = run_build(project, say=said.append)
    assert changed.rendered == 2  # the Spanish PDF and EPUB, nothing else
    assert [line.split("] ")[1] for line in said if "] search " in line] == ["search es"]
    [fragment] = (project.site / "es" / "pagefind" / "fragment").iterdir()
    assert "Anima" in str(pagefind_data(fragment)), "the Spanish search finds the new text"
    assert changed.seconds["render"] < quiet.seconds.get("render", 0) + 30
    assert verify_site(project.site) == []
    # the site's digests, recorded from the manifest, are the files' own
    state = BuildState(project.layout.state_file())
    assert state.entries["build"]["outputs"] == state.digests([project.site])
    assert "Anima" in (project.site / "es" / NAME / "index.html").read_text("utf-8")


def test_a_build_starts_the_worker_processes_it_expects_to_keep_busy(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_published(published, tmp_path / "moved")  # its build state moves with it
    started: list[int] = []

    class Counted(Workers):
        def start(self, task: Callable[[], None]) -> None:
            started.append(self.processes)
            super().start(task)

    monkeypatch.setattr(pipeline, "Workers", Counted)
    build = ["build", "--quiet", "--jobs", "2"]
    assert main_in(root, build) == 0  # moved: published again, nothing else redone
    assert started == []
    edit_translation(root, "fr", "para_12", "Encourage", "Invite")
    assert main_in(root, build) == 0  # one language: one job at a time
    assert started == [1]
    assert "Invite" in (root / "site" / "fr" / NAME / "index.html").read_text("utf-8")
    ui = read_catalog(root / "translations" / "es" / "ui.po")
    [message] = [m for m in messages(ui.catalog) if m.context == "site-name"]
    message.string = "Resoluciones de la Unión Interparlamentaria"
    write_catalog(ui)
    assert main_in(root, build) == 0  # every page shows it: a job per language
    assert started == [1, 2]
    assert verify_site(root / "site") == []


def test_an_unchanged_build_checks_the_site_and_says_its_warnings_again(gated: Path) -> None:
    project = load_project(gated)
    page = project.site / "es" / NAME / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<p>tampered</p></body>"))
    full = run_build(project)  # same inputs, but site/ is not what the last build left
    assert not full.unchanged and page.read_bytes() == original
    assert any(d.code == "gate-unlisted" and "ru" in d.message for d in full.diagnostics)
    again = run_build(project)
    if not again.unchanged:  # the build before rewrote a catalog it had read (update)
        again = run_build(project)
    assert again.unchanged and again.seconds == {}
    assert again.diagnostics == full.diagnostics
    (gated / "translations" / "zh" / "notes.txt").write_text("a file beside the catalogs", "utf-8")
    try:
        assert not run_build(project).unchanged  # anything in the folders counts
    finally:
        (gated / "translations" / "zh" / "notes.txt").unlink()


@pytest.mark.parametrize(
    "stage",
    [
        "render_document",
        "build_language",
        "install_fonts",
        "build_index",
        "build_manifest",
        "replace",
    ],
)
def test_a_failure_anywhere_leaves_the_previous_site_untouched(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    root = copy_published(published, tmp_path / "project")
    before = tree_digest(root / "site")
    edit_translation(root, "fr", "para_12", "Encourage", "Invite")
    targets = {
        "render_document": "build_tools.render.outputs.render_document",
        "build_language": "build_tools.site.build.build_language",
        "install_fonts": "build_tools.site.build.install_fonts",
        "build_index": "build_tools.site.search.build_index",
        "build_manifest": "build_tools.publish.build_manifest",
        "replace": "build_tools.publish.replace_site",
    }

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"injected failure in {stage}")

    monkeypatch.setattr(targets[stage], fail)
    with pytest.raises(StageCrashed, match="injected") as crashed:
        run_build(load_project(root), jobs=1)
    assert isinstance(crashed.value.error, RuntimeError)
    assert tree_digest(root / "site") == before
    if stage == "build_manifest":  # a failure while staging leaves no half-made tree
        assert not (root / ".site.new").exists()
    monkeypatch.undo()
    run_build(load_project(root), jobs=1)
    assert verify_site(root / "site") == []
    assert "Invite" in (root / "site" / "fr" / NAME / "index.html").read_text("utf-8")


def test_a_rebuild_links_what_is_unchanged_and_never_writes_into_the_published_site(
    published: Path, tmp_path: Path
) -> None:
    root = copy_published(published, tmp_path / "project")
    site = root / "site"
    page = site / "fr" / NAME / "index.html"
    [bundle] = (site / "en" / "assets" / "javascripts").glob("bundle.*.min.js")
    bundle_inode, page_before = bundle.stat().st_ino, page.read_bytes()
    with page.open("rb") as held:  # the published page, as a reader has it open
        edit_translation(root, "fr", "para_12", "Encourage", "Invite")
        run_build(load_project(root), jobs=1)
        assert held.read() == page_before  # its bytes were never written over
    assert "Invite" in page.read_text("utf-8")
    assert bundle.stat().st_ino == bundle_inode  # unchanged: linked, not copied again
    assert verify_site(site) == []


def files_hashed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Each file the build reads to hash it, from now on: every digest of a file's bytes
    is taken by ``state._read_sha256`` (``file_sha256`` reads through it when no status
    says the file is unchanged)."""
    from build_tools import state

    read: list[Path] = []
    hashed = state._read_sha256

    def counting(path: Path) -> str:
        read.append(Path(path))
        return hashed(path)

    monkeypatch.setattr(state, "_read_sha256", counting)
    return read


def test_a_publish_reads_no_file_whose_status_says_it_is_unchanged(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publish knows the bytes of the current site's files, and of the built ones, by
    their statuses, as the no-op does (see ``FileStats``): after a publish, the next one
    reads no published file, and compares bytes only where they changed (issue 26: every
    file of both sides was read, 166 MB at N=100)."""
    from build_tools import publish, state

    monkeypatch.setattr(state, "RACY_NS", -(10**18))  # keep built files however recent
    root = copy_published(published, tmp_path / "project")
    site, project = root / "site", load_project(root)
    edit_translation(root, "fr", "para_12", "Encourage", "Invite")
    run_build(project, jobs=1)  # publishes, and notes what it put in site/
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    compared: list[Path] = []
    linked = publish._linked

    def comparing(published_file: Path, target: Path, data: bytes) -> bool:
        compared.append(published_file)
        return linked(published_file, target, data)

    read = files_hashed(monkeypatch)
    monkeypatch.setattr(publish, "_linked", comparing)
    edit_translation(root, "fr", "para_12", "Invite", "Exhorte")
    assert not run_build(project, jobs=1).unchanged
    assert not [path for path in read if path.is_relative_to(site)], "no published file read"
    assert compared, "the changed files are compared"
    for path in compared:  # each is new, or holds other bytes now
        assert path not in before or path.read_bytes() != before[path], path
    assert "Exhorte" in (site / "fr" / NAME / "index.html").read_text("utf-8")
    assert verify_site(site) == []


def test_a_build_reads_no_input_whose_status_says_it_is_unchanged(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a build runs, every file it fingerprints is known by its status, as outputs
    were already (see ``BuildState.hashing``). At N=1000 each build read every source and
    catalog to know nothing had changed, and each site's fingerprint read every download
    of its language and of the original (issue 26)."""
    from build_tools import state

    monkeypatch.setattr(state, "RACY_NS", -(10**18))  # keep statuses however recent
    root = copy_published(published, tmp_path / "project")
    project = load_project(root)
    edit_translation(root, "fr", "para_12", "Encourage", "Invite")
    run_build(project, jobs=1)
    read = files_hashed(monkeypatch)
    assert run_build(project, jobs=1).unchanged
    inputs = (root / "source", root / "translations")
    assert not [path for path in read if path.is_relative_to(inputs[0])]
    assert not [path for path in read if path.is_relative_to(inputs[1])]
    edit_translation(root, "fr", "para_12", "Invite", "Exhorte")
    read.clear()
    assert not run_build(project, jobs=1).unchanged
    downloads = root / "build" / "downloads"
    others = [path for path in read if path.is_relative_to(downloads) and "/fr/" not in str(path)]
    assert not others, "no other language's download is read"
    assert root / "translations" / "fr" / f"{NAME}.po" in read  # the changed one is
    assert "Exhorte" in (root / "site" / "fr" / NAME / "index.html").read_text("utf-8")


def test_the_no_op_after_a_publish_reads_no_published_file(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What publish put in site/ is known by its status at once: the next build, with
    nothing changed, reads none of it (it read the whole site, the first time after each
    publish)."""

    root = copy_published(published, tmp_path / "project")
    site, project = root / "site", load_project(root)
    edit_translation(root, "fr", "para_12", "Encourage", "Invite")
    run_build(project, jobs=1)
    read = files_hashed(monkeypatch)
    if not run_build(project, jobs=1).unchanged:  # its update rewrote the catalog it read
        read.clear()
        assert run_build(project, jobs=1).unchanged
    assert not [path for path in read if path.is_relative_to(site)], "no published file read"


def test_a_publish_fills_again_only_the_parallel_views_that_show_what_changed(
    versioned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parallel view's rows are put in on publish, from the fragments of every language
    it shows. At N=1000 all 6,000 views were filled on every publish (issue 26); now a
    view whose page and fragments are those it was last filled from is linked as
    published, and only those that show a changed text are filled again."""
    from build_tools import state
    from build_tools.site import parallel

    monkeypatch.setattr(state, "RACY_NS", -(10**18))  # keep statuses however recent
    root = copy_published(versioned, tmp_path / "project")
    site, project = root / "site", load_project(root)
    filled: list[Path] = []
    filling = parallel.ParallelViews.filled

    def counting(views: parallel.ParallelViews, page: Path, relative: str = "") -> bytes | None:
        result = filling(views, page, relative)
        if result is not None:
            filled.append(page)
        return result

    monkeypatch.setattr(parallel.ParallelViews, "filled", counting)
    po = read_catalog(root / "translations" / "fr" / f"{ADOPTED}.po")
    message = next(m for m in messages(po.catalog) if m.string and len(str(m.string)) > 20)
    message.string = "Révisé — " + str(message.string)
    write_catalog(po)
    assert not run_build(project, jobs=1).unchanged
    views = sorted(site.glob("*/*/parallel/index.html"))
    refilled = {page.parent.parent.name for page in filled}
    assert len(refilled) == 1 and filled, refilled  # the views of the adopted text's work
    others = [view for view in views if view.parent.parent.name not in refilled]
    assert others, "the draft's views, which show none of it, are linked as published"
    for view in views:
        shows = "Révisé — " in view.read_text("utf-8")
        assert shows == (view.parent.parent.name in refilled), view
    assert verify_site(site) == []


def test_a_published_file_edited_by_hand_is_published_again_as_built(
    published: Path, tmp_path: Path
) -> None:
    root = copy_published(published, tmp_path / "project")
    page = root / "site" / "en" / NAME / "index.html"
    built = page.read_bytes()
    page.write_bytes(built.replace(b"Cyber", b"Cyler", 1))  # same size, other bytes
    assert not run_build(load_project(root), jobs=1).unchanged
    assert page.read_bytes() == built
    assert verify_site(root / "site") == []


def test_killing_a_build_at_any_moment_leaves_a_complete_site(
    published: Path, tmp_path: Path
) -> None:
    root = copy_published(published, tmp_path / "project")
    before = tree_digest(root / "site")
    edit_translation(root, "fr", "para_12", "Encourage", "Exhorte")
    for delay in (0.5, 1.5, 3.0, 5.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "build_tools", "build", "--jobs", "1"],
            cwd=root,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        site = root / "site"
        if not site.exists():  # killed between the two renames: the next build restores it
            assert (root / ".site.old").exists()
            shutil.move(root / ".site.old", site)
        assert verify_site(site) == []
        assert tree_digest(site) == before or "Exhorte" in (
            site / "fr" / NAME / "index.html"
        ).read_text("utf-8")
    assert main_in(root, ["build", "--quiet"]) == 0
    assert verify_site(root / "site") == []


def test_a_second_build_at_once_is_refused_with_a_clear_message(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = load_project(published)
    with build_lock(project.build):
        assert main_in(published, ["build"]) == 2
    err = capsys.readouterr().err
    assert "another build is running" in err and ".lock" in err


def test_a_no_op_reads_no_published_file_twice_but_sees_one_written_with_its_time_put_back(
    gated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The no-op proves site/ is what the last build published by each file's status
    (inode, size, modification and change times), reading again only the files whose
    status changed (issue 26: it read all of site/ each time). A file rewritten to the
    same size with its modification time put back has a new change time: it is read,
    and the build publishes again."""
    from build_tools import state

    monkeypatch.setattr(state, "RACY_NS", -(10**18))  # keep files however recently written
    project = load_project(gated)
    run_build(project)
    first = run_build(project)
    if not first.unchanged:  # the build before rewrote a catalog it had read (update)
        assert run_build(project).unchanged
    read = files_hashed(monkeypatch)
    assert run_build(project).unchanged
    assert not [p for p in read if p.is_relative_to(project.site)], "no published file read"
    page = project.site / "es" / NAME / "index.html"
    original, times = page.read_bytes(), page.stat()
    page.write_bytes(original.replace(b"</body>", b"</BODY>"))  # the same size
    os.utime(page, ns=(times.st_atime_ns, times.st_mtime_ns))
    status = page.stat()
    assert (status.st_size, status.st_mtime_ns, status.st_ino) == (
        times.st_size,
        times.st_mtime_ns,
        times.st_ino,
    )
    again = run_build(project)
    assert not again.unchanged and page.read_bytes() == original


def test_a_no_op_by_the_seal_reads_no_record_and_any_change_breaks_the_seal(
    gated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole build (or a no-op proven by fingerprints) leaves a seal: the statuses of
    every file it read and of every file it published. The next no-op compares them
    and reads neither the build record nor the files' digests (at N=1000, 60 MB of JSON
    read by every no-op: issue 26). A catalog rewritten to the same bytes with its
    times put back breaks the seal (its change time moved): the fingerprints prove the
    no-op, which seals again; a published page changed the same way is published again."""
    from build_tools import state

    monkeypatch.setattr(state, "RACY_NS", -(10**18))  # keep files however recently written
    project = load_project(gated)
    run_build(project)
    if not run_build(project).unchanged:  # the build before rewrote a catalog it had read
        assert run_build(project).unchanged
    loaded: list[str] = []
    loading = state._load

    def counting(path: Path) -> dict[str, Any]:
        loaded.append(path.name)
        return loading(path)

    monkeypatch.setattr(state, "_load", counting)
    read = files_hashed(monkeypatch)
    sealed = run_build(project)
    assert sealed.unchanged and loaded == ["seal.json"] and read == []
    catalog = gated / "translations" / "fr" / f"{NAME}.po"
    times = catalog.stat()
    catalog.write_bytes(catalog.read_bytes())
    os.utime(catalog, ns=(times.st_atime_ns, times.st_mtime_ns))
    loaded.clear()
    proven = run_build(project)
    assert proven.unchanged and {"state.json", "file-stats.json"} <= set(loaded)
    assert catalog in read and sealed.diagnostics == proven.diagnostics
    loaded.clear()
    assert run_build(project).unchanged and loaded == ["seal.json"], "sealed again"
    page = project.site / "es" / NAME / "index.html"
    original, times = page.read_bytes(), page.stat()
    page.write_bytes(original.replace(b"</body>", b"</BODY>"))  # the same size
    os.utime(page, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert not run_build(project).unchanged and page.read_bytes() == original


def test_a_large_record_is_saved_less_often_than_it_takes_to_write(tmp_path: Path) -> None:
    """The build record is saved at most once a second while jobs finish, and, when a
    save took long (33 MB at N=1000), not before ten times that: saving whole each
    second was 17 % of the one-message build at N=1000. What is not saved yet only means
    redoing that step; a flush at the end of the jobs writes it."""
    records = BuildState(tmp_path / "state.json")
    records._save_took = 60.0  # as if the last save had taken a minute
    records._saved_at -= 30  # half a minute ago
    records.record("one", "inputs", [])
    assert not records.path.exists(), "saved sooner than ten times the last save's time"
    records._saved_at -= 600
    records.record("two", "inputs", [])
    assert set(json.loads(records.path.read_text("utf-8"))) == {"one", "two"}
    records.record("three", "inputs", [])
    records.flush()
    assert "three" in json.loads(records.path.read_text("utf-8"))
