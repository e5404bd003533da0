"""``import``: editors' Word, Markdown and plain-text documents become our Akoma Ntoso,
with nothing lost or invented, or a located error and nothing written."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import html

from build_tools.config import load_project
from build_tools.i18n.catalogs import messages
from build_tools.i18n.extract import build_template, load_source
from build_tools.manifest import verify_site
from build_tools.render.pandoc import pandoc_path
from tests.conftest import ROOT, SEED, copy_sources, require_shared, run_cli
from tests.helpers import NAME, pdf_text

SEED_META = """\
name: {name}
stage: draft
date: 2015-01-15
symbol: C-I/132/DR
title: "Cyber warfare: A serious threat to peace and global security"
assembly: 132
place: Hanoi (Viet Nam)
dates: 28 March – 1 April 2015
committee: Standing Committee on Peace and International Security
authors:
  - {{name: Mr. N. Lazrek, country: Morocco}}
  - {{name: Mr. J.C. Mahía, country: Uruguay}}
"""


def template_of(path: Path, root: Path) -> list[tuple[str, str]]:
    project = load_project(root)
    return [
        (str(m.context), str(m.id))
        for m in messages(build_template(project, load_source(path)).catalog)
    ]


def test_the_seed_text_imports_to_the_template_of_our_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = require_shared(SEED)
    root = copy_sources(tmp_path / "project")
    (root / "source" / f"{NAME}.xml").unlink()  # the import stands in its place
    meta = tmp_path / "meta.yaml"
    meta.write_text(SEED_META.format(name=NAME), "utf-8")
    code, err = run_cli(root, ["import", str(seed), "--meta", str(meta)], capsys)
    assert code == 0, err
    assert (
        "15 preambular and 12 operative paragraph(s), 2 group(s), 0 sub-paragraph(s) and "
        "point(s), 0 footnote(s), 7 reference(s)"
    ) in err
    imported = template_of(root / "source" / f"{NAME}.xml", root)
    assert imported == template_of(ROOT / "source" / f"{NAME}.xml", ROOT)


DOCX_TEXT = """\
---
name: test-imported-docx
stage: draft
date: 2031-02-01
symbol: T/9/DR
title: "Safe water: a fictional test resolution"
assembly: 150
place: Testville (Testland)
dates: 1–5 April 2031
authors:
  - {name: Ms. A. Example, country: Testland}
---

The 150th Assembly of the Inter-Parliamentary Union,

\\(1\\) *Recalling* the Universal Declaration of Human Rights,

\\(2\\) *Concerned* that one person in four lacks safe water[^1],

At the national level

1\\. *Calls upon* parliaments:

\\(a\\) to review their water laws;

\\(b\\) to fund the measures in paragraph 2 below;

2\\. *Encourages* cooperation on water.

[^1]: Figures of a fictional survey.
"""


def make_docx(tmp_path: Path) -> Path:
    """A Word document with italics, a footnote, lettered sub-paragraphs and a
    cross-reference, made by Pandoc from Markdown (metadata kept beside it)."""
    source = tmp_path / "fixture.md"
    body = DOCX_TEXT.split("---\n", 2)[2]
    source.write_text(body, "utf-8")
    docx = tmp_path / "fixture.docx"
    subprocess.run([pandoc_path(), str(source), "-o", str(docx)], check=True)
    (tmp_path / "fixture.yaml").write_text(DOCX_TEXT.split("---\n")[1], "utf-8")
    return docx


def test_a_word_document_imports_validates_and_publishes_its_footnote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    docx = make_docx(tmp_path)
    code, err = run_cli(
        root, ["import", str(docx), "--meta", str(tmp_path / "fixture.yaml")], capsys
    )
    assert code == 0, err
    assert "2 preambular and 2 operative paragraph(s), 1 group(s), 2 sub-paragraph(s)" in err
    assert "1 footnote(s)" in err
    xml = (root / "source" / "test-imported-docx.xml").read_text("utf-8")
    assert "<i>Calls upon</i> parliaments:" in xml
    assert '<ref href="#para_2">paragraph 2</ref> below' in xml
    assert 'refersTo="#udhr">Universal Declaration of Human Rights</ref>' in xml
    assert '<authorialNote eId="recs_1__rec_2__authorialNote_1" marker="1"' in xml
    assert '<subparagraph eId="para_1__subpara_b">' in xml
    assert run_cli(root, ["build", "--quiet"], capsys)[0] == 0
    site = root / "site"
    assert verify_site(site) == []
    page = html.parse(str(site / "en" / "test-imported-docx" / "index.html"))
    [note] = page.xpath("//section[contains(@class, 'footnotes')]//li")
    assert "Figures of a fictional survey." in note.text_content()
    assert page.xpath("//a[contains(@class, 'footnote-ref')]")
    lines = pdf_text(site / "en" / "downloads" / "test-imported-docx.en.pdf").splitlines()
    assert any(line.startswith("1") and "Figures of a fictional survey." in line for line in lines)
    with zipfile.ZipFile(site / "en" / "downloads" / "test-imported-docx.en.epub") as epub:
        chapters = [epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml")]
    assert any(
        'epub:type="footnote"' in c and "Figures of a fictional survey." in c for c in chapters
    )


def test_markdown_with_front_matter_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "water.md"
    source.write_text(DOCX_TEXT.replace("test-imported-docx", "test-imported-md"), "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 0, err
    xml = (root / "source" / "test-imported-md.xml").read_text("utf-8")
    assert "<i>Recalling</i> the" in xml and "<num>(a)</num>" in xml


@pytest.mark.parametrize(
    ("line", "text", "message"),
    [
        (
            16,
            "(b) a sub-paragraph before any paragraph;",
            "sub-paragraph (b) before any operative paragraph",
        ),
        (
            23,
            "This sentence belongs nowhere and ends with a full stop.",
            "an unnumbered paragraph among the operative paragraphs",
        ),
        (
            23,
            "(3) Recalling, too late,",
            "a preambular paragraph (3) after the operative part began",
        ),
        (29, "4. Urges everyone;", "operative paragraph 4 where 3 was expected"),
    ],
)
def test_a_paragraph_that_fits_nowhere_is_named_by_its_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: int, text: str, message: str
) -> None:
    root = copy_sources(tmp_path / "project")
    lines = DOCX_TEXT.replace("\\", "").replace("test-imported-docx", "test-bad").splitlines()
    lines.insert(line - 1, text)
    source = tmp_path / "bad.txt"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 1
    assert f"bad.txt:{line}: error: {message}" in err, err
    assert not (root / "source" / "test-bad.xml").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("stage: draft", "stage: final"), "key 'stage': 'final' must be 'draft' or 'adopted'"),
        (("date: 2031-02-01", "date: 1 February"), "key 'date': '1 February' is not an ISO date"),
        (("assembly: 150\n", ""), "missing key 'assembly'"),
        (("stage: draft", "stage: draft\ncolour: blue"), "unknown key 'colour'"),
        (("stage: draft", "stage: adopted"), "key 'outcome' must be 'consensus'"),
    ],
)
def test_wrong_metadata_names_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], message: str
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "meta.md"
    source.write_text(DOCX_TEXT.replace(*change), "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 1 and message in err, err
    assert sorted(p.name for p in (root / "source").iterdir()) == [f"{NAME}.xml"]


def test_an_existing_document_is_not_replaced_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "water.md"
    source.write_text(DOCX_TEXT.replace("test-imported-docx", NAME), "utf-8")
    before = (root / "source" / f"{NAME}.xml").read_bytes()
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 2 and "exists; choose another --name" in err
    assert (root / "source" / f"{NAME}.xml").read_bytes() == before
    shutil.rmtree(root / "source")
