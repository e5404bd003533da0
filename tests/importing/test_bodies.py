"""``import`` under the right body: a text of another body says that body everywhere, one
whose opening formula is another body's is refused at the formula's line with the key to
set, and a text we already have is refused. The texts here are fictional, in the form
each body gives its texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.config import load_project
from build_tools.render.outputs import texts_for
from build_tools.render.reading import plain, read_expression
from tests.conftest import copy_sources, run_cli
from tests.helpers import NAME

GENERAL_ASSEMBLY = """\
---
name: test-general-assembly
{body}stage: {stage}
date: 2031-12-18
symbol: A/RES/99/1
title: "A fictional test text of the General Assembly"
session: 99
place: New York
dates: 9 September 2031 – 7 September 2032
{outcome}---

General Assembly

Ninety-ninth session

The General Assembly,

Recalling its fictional resolution 98/1 of 1 December 2030,

1. Takes note of the fictional report of the Secretary-General;

2. Decides to remain seized of the matter.
"""

GOVERNING_COUNCIL = """\
---
name: test-governing-council
body: ipu-governing-council
stage: adopted
date: 2031-10-20
title: "A fictional test decision of the Governing Council"
session: 213
place: Geneva (Switzerland)
dates: 18–22 October 2031
outcome: consensus
---

The Governing Council of the Inter-Parliamentary Union,

Noting the fictional report of its Executive Committee,

1. Approves the fictional programme of work.
"""

IPU_NAMES = ("IPU Assembly", "Assembly of the Inter-Parliamentary Union", "#ipu-assembly")


def general_assembly(stage: str = "draft", body: str = "body: un-ga\n") -> str:
    outcome = "outcome: without a vote\n" if stage == "adopted" else ""
    return GENERAL_ASSEMBLY.format(body=body, stage=stage, outcome=outcome)


def imported(root: Path, tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    source = tmp_path / "text.txt"
    source.write_text(text, "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 0, err
    name = text.split("name: ", 1)[1].split("\n", 1)[0]
    return (root / "source" / f"{name}.xml").read_text("utf-8")


def test_a_general_assembly_draft_says_general_assembly_everywhere_and_never_ipu(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    xml = imported(root, tmp_path, general_assembly(), capsys)
    assert '<FRBRcountry value="un"/>' in xml
    assert '<FRBRuri value="/akn/un/statement/resolutionDraft/2031-12-18/a-res-99-1"/>' in xml
    assert (
        '<TLCOrganization eId="un-ga" href="/ontology/organization/un/generalAssembly" '
        'showAs="General Assembly"/>'
    ) in xml
    assert (
        '<session refersTo="#session-99" value="99">General Assembly, Ninety-ninth session'
        "</session>"
    ) in xml
    assert '<p>The <organization refersTo="#un-ga">General Assembly</organization>,</p>' in xml
    assert not [name for name in IPU_NAMES if name in xml]
    project = load_project(root)
    reading = read_expression(root / "source" / "test-general-assembly.xml", "en")
    masthead = [plain(block.inlines) for block in reading.masthead]
    assert masthead[0] == "General Assembly, Ninety-ninth session"
    texts = texts_for(project, reading)
    assert texts.draft == "Draft resolution — not a text adopted by the General Assembly."
    french = read_expression(root / "source" / "test-general-assembly.xml", "fr")
    assert texts_for(project, french).draft == (
        "Projet de résolution — texte non adopté par l’Assemblée générale."
    )


def test_an_adopted_general_assembly_resolution_is_the_general_assemblys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    xml = imported(root, tmp_path, general_assembly("adopted"), capsys)
    assert xml.count('<FRBRauthor href="#un-ga"/>') == 2
    assert '<step eId="wf_1" date="2031-12-18" by="#un-ga"' in xml
    assert (
        "adopted without a vote</docStatus> by the General Assembly at its ninety-ninth "
        "session (New York, 18 December 2031)"
    ) in xml
    assert not [name for name in IPU_NAMES if name in xml]


def test_a_general_assembly_text_without_its_body_is_refused_at_the_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "text.txt"
    text = general_assembly(body="")
    source.write_text(text, "utf-8")
    line = text.splitlines().index("The General Assembly,") + 1
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 1
    assert (
        f"text.txt:{line}: error: the opening formula 'The General Assembly,' is not the "
        "Assembly of the Inter-Parliamentary Union's (body: ipu-assembly; its texts open "
        "with 'The {ordinal} Assembly of the Inter-Parliamentary Union,'); it is the formula "
        "of the General Assembly: set `body: un-ga` in the metadata [import-body]"
    ) in err, err
    assert sorted(p.name for p in (root / "source").iterdir()) == [f"{NAME}.xml"]


def test_a_formula_no_body_uses_says_how_to_add_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "text.txt"
    source.write_text(general_assembly().replace("The General", "The Fictional"), "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 1
    assert "no body of the registry uses it: correct it, or set `body:`" in err, err
    assert "a new body goes into build_tools/data/bodies.yaml) [import-body]" in err


def test_a_formula_naming_another_session_than_the_metadata_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    source = tmp_path / "text.txt"
    text = GOVERNING_COUNCIL.replace("body: ipu-governing-council\n", "").replace(
        "The Governing Council of the Inter-Parliamentary Union,",
        "The 212th Assembly of the Inter-Parliamentary Union,",
    )
    source.write_text(text, "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 1
    assert (
        "error: the opening formula names the 212th IPU Assembly, the metadata the 213th IPU "
        "Assembly (session 213): correct one of them [import-body]"
    ) in err, err


def test_a_governing_council_text_is_the_governing_councils(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path / "project")
    xml = imported(root, tmp_path, GOVERNING_COUNCIL, capsys)
    assert xml.count('<FRBRauthor href="#ipu-governing-council"/>') == 2
    assert (
        '<session refersTo="#governing-council-213" value="213">Governing Council, 213th '
        "session</session>"
    ) in xml
    assert (
        '<p>The <organization refersTo="#ipu-governing-council">Governing Council of the '
        "Inter-Parliamentary Union</organization>,</p>"
    ) in xml
    assert (
        '<docStatus refersTo="#outcome">adopted by consensus</docStatus> by the Governing '
        "Council at its 213th session (Geneva, 20 October 2031)"
    ) in xml
    assert not [name for name in IPU_NAMES if name in xml]


def test_a_text_we_have_under_another_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 5: a second copy of one text (a Word and a plain-text copy) is not a
    second version: its symbol and date are those of a source under another name."""
    root = copy_sources(tmp_path / "project")
    imported(root, tmp_path, general_assembly(), capsys)
    source = tmp_path / "copy.md"
    source.write_text(general_assembly().replace("test-general-assembly", "copy"), "utf-8")
    code, err = run_cli(root, ["import", str(source)], capsys)
    assert code == 1
    assert (
        "copy.md: error: source/test-general-assembly.xml already holds A/RES/99/1 of "
        "2031-12-18; a later text of it is a version: `new-version test-general-assembly "
        "--date DATE --reason … --from "
    ) in err, err
    assert (
        "or, to replace that text, `import … --name test-general-assembly --replace` [import-duplicate]"
        in err
    )
    assert not (root / "source" / "copy.xml").exists()
    code, err = run_cli(root, ["import", str(source), "--replace"], capsys)
    assert code == 1 and "[import-duplicate]" in err
    code, err = run_cli(
        root, ["import", str(source), "--name", "test-general-assembly", "--replace"], capsys
    )
    assert code == 0, err
