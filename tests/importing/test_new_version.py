"""``new-version``: a corrigendum as a later expression of the work, its catalogs carried
over, published beside the first version with the redline between them."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from build_tools.akn import model as akn
from build_tools.i18n.catalogs import messages, read_catalog
from tests.conftest import SEED, copy_sources, require_shared, run_cli
from tests.helpers import NAME

DATE = "2026-12-01"
NEW = f"{NAME}_{DATE}"
REASON = "in preambular paragraph (5), “of that the fact that” is corrected"


def test_a_corrigendum_from_a_corrected_text_is_published_with_its_redline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    corrected = tmp_path / "corrected.txt"
    text = require_shared(SEED).read_text("utf-8")
    corrected.write_text(text.replace("of that the fact that", "of the fact that"), "utf-8")
    argv = ["new-version", NAME, "--date", DATE, "--reason", REASON, "--from", str(corrected)]
    code, err = run_cli(root, argv, capsys)
    assert code == 0, err
    document = akn.document_element(etree.parse(str(root / "source" / f"{NEW}.xml")).getroot())
    assert document is not None
    _, ident = akn.identification(document)
    assert ident.work.uri == "/akn/ipu/statement/resolutionDraft/2015-01-15/c-i-132-dr"
    assert ident.expression.uri == f"{ident.work.uri}/eng@{DATE}"
    assert ident.expression.date == DATE
    body = etree.tostring(document, encoding="unicode")
    assert 'name="corrigendum"' in body and f'refersTo="#corrigendum-{DATE}"' in body
    assert "<i>Cognisant</i> of the fact that" in body
    assert run_cli(root, ["build", "--quiet"], capsys)[0] == 0
    french = read_catalog(root / "translations" / "fr" / f"{NEW}.po")
    fuzzy = [m.context for m in messages(french.catalog) if m.fuzzy]
    untranslated = [m.context for m in messages(french.catalog) if not m.string]
    assert fuzzy == ["recs_1__rec_5"], "only the corrected unit changed"
    assert untranslated == ["preface__p_7"], "the new line saying what changed"
    changes = root / "site" / "en" / NAME / "changes" / NEW / "index.html"
    page = changes.read_text("utf-8")
    assert "<del> that</del>" in page, "the words removed, struck out"
    assert "<ins>Corrigendum of 1 December 2026: in preambular paragraph (5)" in page
    versions = root / "site" / "en" / NAME / "versions"
    assert (versions / NAME / "index.html").exists() and (versions / NEW / "index.html").exists()


def test_a_version_must_be_later_and_say_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    code, err = run_cli(
        root, ["new-version", NAME, "--date", "2014-01-01", "--reason", "x"], capsys
    )
    assert code == 2 and "must be after the current version's date (2015-01-15)" in err
    code, err = run_cli(root, ["new-version", NAME, "--date", DATE, "--reason", " "], capsys)
    assert code == 2 and "--reason must say what changed" in err
    assert sorted(p.name for p in (root / "source").iterdir()) == [f"{NAME}.xml"]
