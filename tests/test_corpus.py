"""Publication is decided per document and language: a new document, untranslated, is
published in English at once and joins each other language when that language passes
the threshold for it, without disturbing the documents already published."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html

from build_tools.manifest import verify_site
from tests.conftest import ROOT, copy_sources, run_cli

TARGETS = ["fr", "es", "ar", "ru", "zh"]
DRAFT = "ipu-132-cyber-warfare-draft"
NEW = "test-water"  # the golden test resolution of another shape, added as a new document
GOLDEN = ROOT / "tests" / "golden" / "second-resolution"


def build_in(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, err = run_cli(root, ["build"], capsys)
    assert code == 0, err
    return err


def parse(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project plus a new document with no translation at all."""
    root = copy_sources(tmp_path_factory.mktemp("mixed"))
    shutil.copy(GOLDEN / "source.xml", root / "source" / f"{NEW}.xml")
    return root


def test_a_new_untranslated_document_is_published_in_english_only(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = build_in(mixed, capsys)
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if "[gate-unlisted]" in line] == [
        f"source/{NEW}.xml: warning: not published in {code}: only 0 % translated "
        f"(threshold 50 %); readers of {code} are shown the original [gate-unlisted]"
        for code in TARGETS
    ]
    site = mixed / "site"
    assert verify_site(site) == []
    assert (site / "en" / NEW / "index.html").exists()
    for code in TARGETS:
        assert (site / code / DRAFT / "index.html").exists(), "the other document is untouched"
        assert not (site / code / NEW).exists()
        assert not list((site / code / "downloads").glob(f"{NEW}.*"))
        home = parse(site / code / "index.html")
        [entry] = home.xpath(f"//div[@class='akn-page']//a[@href='../en/{NEW}/']")
        assert entry.get("lang") == "en" and entry.get("hreflang") == "en"
    page = parse(site / "en" / NEW / "index.html")
    assert page.xpath("//head/link[@rel='alternate']/@hreflang") == ["en", "x-default"]
    assert page.xpath("//span[contains(@class, 'unavailable')]/span/@lang") == TARGETS
    assert not page.xpath("//h2[@id='parallel']"), "nothing to compare with"
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    languages = {e["language"] for e in manifest["files"] if e["document"] == NEW}
    assert languages == {"en"}


def test_a_language_joins_once_it_passes_the_threshold_for_that_document(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(GOLDEN / "fr.po", mixed / "translations" / "fr" / f"{NEW}.po")
    err = build_in(mixed, capsys)
    assert f"source/{NEW}.xml: warning: not published in fr" not in err
    site = mixed / "site"
    assert verify_site(site) == []
    assert (site / "fr" / NEW / "index.html").exists()
    assert (site / "fr" / "downloads" / f"{NEW}.fr.pdf").exists()
    assert not (site / "es" / NEW).exists()
    page = parse(site / "en" / NEW / "index.html")
    assert page.xpath("//head/link[@rel='alternate']/@hreflang") == ["en", "fr", "x-default"]
    parallel = parse(site / "fr" / NEW / "parallel" / "index.html")
    assert parallel.xpath("//div[@id='choices']//a/@hreflang") == ["en"]


def test_footnotes_sit_with_their_text_in_every_format(mixed: Path) -> None:
    """Runs after the French catalog joined (module order): the note is in both columns."""
    from tests.helpers import pdf_text

    site = mixed / "site"
    pdf_lines = pdf_text(site / "en" / "downloads" / f"{NEW}.en.pdf").splitlines()
    assert any(
        line.startswith("1") and "See the report of the Standing Committee" in line
        for line in pdf_lines
    ), "the footnote's number and its text share a line"
    page = parse(site / "en" / NEW / "index.html")
    [notes] = page.xpath("//section[contains(@class, 'footnotes')]")
    [downloads] = page.xpath("//h2[@id='downloads']")
    assert notes.getparent().index(notes) < downloads.getparent().index(downloads) or (
        notes.sourceline < downloads.sourceline
    ), "the footnotes come under the text, before the downloads"
    parallel = parse(site / "fr" / NEW / "parallel" / "index.html")
    for language in ("fr", "en"):
        refs = parallel.xpath(f"//a[starts-with(@id, '{language}-fn-ref-')]")
        assert [r.text_content() for r in refs] == ["1"], language
        assert parallel.xpath(f"//*[@id='{language}-fn-1']")


def test_a_build_redoes_the_catalog_stages_of_changed_documents_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document whose source, catalogs, template and merged expressions are as the last
    build left them is not updated, checked or merged again, and its warnings are said
    again; the site is the one a clean build makes."""
    from build_tools.akn import validate
    from build_tools.config import Language, Project
    from build_tools.i18n.catalogs import PoFile
    from build_tools.i18n.merge import MergeResult
    from build_tools.stages import catalogs, merge
    from build_tools.stages.records import Updated
    from tests.helpers import site_digest

    root = copy_sources(tmp_path / "project")
    shutil.copy(GOLDEN / "source.xml", root / "source" / f"{NEW}.xml")  # warns: untranslated
    first = build_in(root, capsys)
    updated: list[tuple[str, str]] = []  # catalog, language
    real_update = catalogs.update_catalog

    def update_catalog(
        project: Project, language: Language, template: catalogs.Template, path: Path
    ) -> Updated:
        updated.append((path.stem, language.code))
        return real_update(project, language, template, path)

    merged: list[tuple[str, str]] = []  # document, language
    real_merge = merge.merge_language

    def merge_language(
        project: Project,
        source: merge.Source,
        language: Language,
        po: PoFile | Path | None,
        official: bool,
    ) -> MergeResult:
        merged.append((source().name, language.code))
        return real_merge(project, source, language, po, official)

    validated: list[str] = []
    real_validate = validate.validate_file

    def validate_file(path: Path, data: bytes | None = None) -> list[object]:
        validated.append(path.stem)
        return real_validate(path, data)  # type: ignore[return-value]

    monkeypatch.setattr(catalogs, "update_catalog", update_catalog)
    monkeypatch.setattr(merge, "merge_language", merge_language)
    monkeypatch.setattr(validate, "validate_file", validate_file)
    catalog = root / "translations" / "es" / f"{DRAFT}.po"
    catalog.write_text(catalog.read_text("utf-8").replace("Alienta", "Anima", 1), "utf-8")
    second = build_in(root, capsys)
    # the changed catalog alone: the other document's untranslated units are none the
    # memory has anything new for (its dependency is exact; see test_incremental)
    assert updated == [(DRAFT, "es")]
    assert merged == [(DRAFT, "es")]
    assert validated == [], "no source changed"
    assert "built 1 site(s)" in second, "only the Spanish site: the others are filled in"
    for code in ("en", "fr"):
        parallel = root / "site" / code / DRAFT / "parallel" / "index.html"
        assert "Anima" in parallel.read_text("utf-8"), f"the {code} parallel view shows it"
    unlisted = [line for line in first.splitlines() if "[gate-unlisted]" in line]
    assert len(unlisted) == len(TARGETS)
    assert [line for line in second.splitlines() if "[gate-unlisted]" in line] == unlisted
    assert "Anima" in (root / "site" / "es" / DRAFT / "index.html").read_text("utf-8")

    expression = root / "build" / "akn" / "en" / f"{NEW}.xml"
    expression.write_bytes(
        expression.read_bytes().replace(b"</akomaNtoso>", b"<!-- x --></akomaNtoso>")
    )
    catalog.write_text(catalog.read_text("utf-8").replace("Anima", "Alienta", 1), "utf-8")
    updated.clear()
    merged.clear()
    build_in(root, capsys)
    assert updated == [(DRAFT, "es")]
    assert merged == [(DRAFT, "es"), (NEW, "en")], "an output changed since: redone"
    assert validated == [], "its source is as validated"
    source = root / "source" / f"{NEW}.xml"
    source.write_text(source.read_text("utf-8") + "\n", "utf-8")
    build_in(root, capsys)
    assert validated == [NEW], "only the changed source is validated again"
    interface = root / "translations" / "fr" / "ui.po"
    interface.write_text(
        interface.read_text("utf-8").replace("Résolutions de l’UIP", "Résolutions (UIP)", 1),
        "utf-8",
    )
    updated.clear()
    build_in(root, capsys)
    assert updated == [("ui", "fr")], "only the changed interface catalog"
    assert "Résolutions (UIP)" in (root / "site" / "fr" / "index.html").read_text("utf-8")

    clean = copy_sources(tmp_path / "clean", origin=root)
    build_in(clean, capsys)
    # the same site but for its edition: ours is a later one (see site_digest)
    ours, theirs = site_digest(root / "site"), site_digest(clean / "site")
    assert [
        path for path in sorted(ours.keys() | theirs.keys()) if ours.get(path) != theirs.get(path)
    ] == []
