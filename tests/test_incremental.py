"""What a catalog job reads besides its own files is part of its fingerprint: the
glossary (update lists its terms in every catalog, check warns of missing ones) and the
corpus's translations (update pre-fills a document's untranslated units from the other
documents' catalogs). An incremental build after a change to either equals a clean build
of the same inputs: the same catalogs, diagnostics and site."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
from tests.conftest import copy_sources, run_cli
from tests.corpus import add_document, make_corpus
from tests.helpers import NAME, site_digest, tree_digest

COPY = f"{NAME}-copy"  # the draft under another work, its catalogs made by the build
KEY = "para_12"  # a unit the draft's French catalog translates


def _french_unit(root: Path, name: str, text: str | None = None) -> str:
    """The French translation of KEY in ``name``'s catalog; set to ``text`` when given."""
    po = read_catalog(root / "translations" / "fr" / f"{name}.po")
    [message] = [m for m in messages(po.catalog) if m.context == KEY]
    if text is not None:
        message.string, message.flags = text, set()
        write_catalog(po)
    return str(message.string)


def _build(root: Path, capsys: pytest.CaptureFixture[str], jobs: str = "") -> list[str]:
    code, err = run_cli(root, ["build", *(["--jobs", jobs] if jobs else [])], capsys)
    assert code == 0, err
    return [line for line in err.splitlines() if not line.startswith("build: ")]


def test_a_change_to_the_glossary_or_to_another_documents_catalog_redoes_what_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = (root / "source" / f"{NAME}.xml").read_text("utf-8")
    copy = re.sub(r"c-i-132-dr(?=[/\"])", "c-i-132-dr-copy", source)
    (root / "source" / f"{COPY}.xml").write_text(copy, "utf-8")
    translation = _french_unit(root, NAME)
    _french_unit(root, NAME, "")  # untranslated in the draft: the copy gets nothing from it
    _build(root, capsys)
    assert _french_unit(root, COPY) == ""
    _french_unit(root, NAME, translation)  # now the memory has it for the copy
    (root / "translations" / "glossary.tbx").unlink()  # and no catalog lists its terms
    said = _build(root, capsys)
    clean = copy_sources(tmp_path / "clean", origin=root)
    assert said == _build(clean, capsys)
    assert _french_unit(root, COPY) == translation, "pre-filled from the draft's catalog"
    assert tree_digest(root / "translations") == tree_digest(clean / "translations")
    assert site_digest(root / "site") == site_digest(clean / "site")


def _page_times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_a_changed_message_rebuilds_only_its_document_s_pages_of_that_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs renders only the pages whose body changed (and the navigation's, shown on
    every page); the other document's pages are kept, and the language's site equals
    a clean build's byte for byte (issue 26, item 7: once every page of the site)."""
    root = copy_sources(tmp_path / "project")
    source = (root / "source" / f"{NAME}.xml").read_text("utf-8")
    copy = re.sub(r"c-i-132-dr(?=[/\"])", "c-i-132-dr-copy", source)
    (root / "source" / f"{COPY}.xml").write_text(copy, "utf-8")
    catalog = (root / "translations" / "fr" / f"{NAME}.po").read_text("utf-8")
    catalog = re.sub(r"c-i-132-dr(?=[/\"\n])", "c-i-132-dr-copy", catalog)
    catalog = catalog.replace(f"source/{NAME}.xml", f"source/{COPY}.xml")
    (root / "translations" / "fr" / f"{COPY}.po").write_text(catalog, "utf-8")  # published too
    _build(root, capsys)
    french = root / "build" / "site" / "fr"
    before = _page_times(french)
    text = _french_unit(root, NAME)
    _french_unit(root, NAME, text[:-1] + " (texte revu)" + text[-1])
    _build(root, capsys)
    after = _page_times(french)
    kept = {page for page in before if after.get(page) == before[page]}
    other = {page for page in before if "-copy" in page}
    assert other and other <= kept, "the other document's pages are not rendered again"
    assert kept < set(before), "the changed document's pages are"
    assert sorted(after) == sorted(before)
    clean = copy_sources(tmp_path / "clean", origin=root)
    _build(clean, capsys)
    assert tree_digest(french) == tree_digest(clean / "build" / "site" / "fr")
    assert site_digest(root / "site") == site_digest(clean / "site")


def test_a_catalog_s_share_translated_is_kept_by_its_content(tmp_path: Path) -> None:
    """Each language's site asks every document's share translated; it is counted once
    per catalog content and kept in build/work, and a changed catalog is counted again."""
    from build_tools.config import load_project
    from build_tools.site.generate import percent_translated

    root = copy_sources(tmp_path / "project")
    project = load_project(root)
    french = next(language for language in project.languages if language.code == "fr")
    first = percent_translated(project, french, NAME)
    kept = sorted((root / "build" / "work" / "translated").iterdir())
    assert len(kept) == 1 and float(kept[0].read_text("utf-8")) == first
    _french_unit(root, NAME, "")  # one unit less translated
    second = percent_translated(project, french, NAME)
    assert second < first
    assert len(list((root / "build" / "work" / "translated").iterdir())) == 2
    assert percent_translated(project, french, NAME) == second


def test_a_new_translation_elsewhere_redoes_only_the_updates_it_would_fill(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update depends on what the memory holds for the units it has a say in (those
    without a translation, those it filled and no one reviewed), not on every other
    catalog of the language: a French message changed in one document re-updated every
    French catalog with a unit to fill (at N=1000, 800 of them, a third of that build).
    A catalog an update made or filled is not updated again for that."""
    from build_tools.i18n.update import update_language as update
    from build_tools.stages import catalogs

    root = copy_sources(tmp_path / "project")
    source = (root / "source" / f"{NAME}.xml").read_text("utf-8")
    copy = re.sub(r"c-i-132-dr(?=[/\"])", "c-i-132-dr-copy", source)
    (root / "source" / f"{COPY}.xml").write_text(copy, "utf-8")
    translation = _french_unit(root, NAME)
    _french_unit(root, NAME, "")  # untranslated in the draft: the copy's stays empty
    _build(root, capsys)  # makes the copy's catalogs, filled from the draft's
    assert _french_unit(root, COPY) == ""
    updated: list[tuple[str, str]] = []

    def counted(project: Any, language: Any, template: Any, path: Path) -> Any:
        updated.append((path.stem, language.code))
        return update(project, language, template, path)

    monkeypatch.setattr(catalogs, "update_language", counted)
    _build(root, capsys)
    assert not [unit for unit in updated if unit[0] == COPY], "made by the last build"
    draft = read_catalog(root / "translations" / "fr" / f"{NAME}.po")
    other = next(m for m in messages(draft.catalog) if m.string and m.context != KEY)
    mine = read_catalog(root / "translations" / "fr" / f"{COPY}.po")
    [reviewed] = [m for m in messages(mine.catalog) if m.context == other.context]
    reviewed.flags, reviewed.user_comments = set(), []  # the copy's translator accepts it
    write_catalog(mine)
    _build(root, capsys)
    other.string = f"{other.string} (révisé)"  # the copy's own translation stands
    write_catalog(draft)
    updated.clear()
    _build(root, capsys)
    assert (NAME, "fr") in updated and (COPY, "fr") not in updated, updated
    updated.clear()
    _french_unit(root, NAME, translation)  # the unit the copy lacks: its update is redone
    _build(root, capsys)
    assert (COPY, "fr") in updated, updated
    assert _french_unit(root, COPY) == translation
    clean = copy_sources(tmp_path / "clean", origin=root)
    _build(clean, capsys)
    assert tree_digest(root / "translations") == tree_digest(clean / "translations")


def test_a_language_site_generates_only_the_works_whose_pages_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each work's pages are kept as generated, by everything they show: a changed
    message generates its work's pages again in that language and no other work's; an
    added text, the works whose pages now show it (its neighbours in its session) and
    no other. At N=1000, generating every work of the language was most of each site
    job (issue 26). After each change the site is the one a clean build makes."""
    from build_tools.site import build, generate

    generated: list[tuple[str, str]] = []
    writing = generate.write_work_pages

    def counting(project: Any, language: Any, work: Any, *args: Any) -> None:
        generated.append((language.code, work.slug))
        writing(project, language, work, *args)

    monkeypatch.setattr(build, "write_work_pages", counting)
    root = make_corpus(tmp_path / "project", 8, seed=16).root
    _build(root, capsys, jobs="1")
    every, generated_before = len(generated), list(generated)
    assert every > 8 * 2, generated  # the works of every language
    name = _translated_french(root)
    generated.clear()
    _build(root, capsys, jobs="1")
    assert generated == [("fr", _slug_of(root, name))], generated
    kept = root / "build" / "work" / "work-pages" / "fr"
    assert len(list(kept.glob("*/*.json"))) == len([c for c, _ in generated_before if c == "fr"])
    _same_as_clean(root, tmp_path / "clean-1", capsys)
    generated.clear()
    add_document(root, 16)
    _build(root, capsys, jobs="1")
    assert generated and len(generated) < every / 2, generated
    _same_as_clean(root, tmp_path / "clean-2", capsys)


def _translated_french(root: Path) -> str:
    """Change the first translated French message of the corpus; the document's name."""
    for path in sorted((root / "translations" / "fr").glob("ipu-*.po")):
        po = read_catalog(path)
        found = [m for m in messages(po.catalog) if m.string and "fuzzy" not in m.flags]
        if found:
            found[0].string = "Révisé — " + str(found[0].string)
            write_catalog(po)
            return path.stem
    raise AssertionError("no French translation in the corpus")


def _slug_of(root: Path, name: str) -> str:
    from build_tools.akn.versions import works

    for work in works(sorted((root / "source").glob("*.xml"))):
        if name in {version.name for version in work.versions}:
            return work.slug
    raise AssertionError(name)


def _same_as_clean(root: Path, clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_sources(clean, origin=root)
    _build(clean, capsys, jobs="1")
    assert tree_digest(root / "translations") == tree_digest(clean / "translations")
    assert site_digest(root / "site") == site_digest(clean / "site")
