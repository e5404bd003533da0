"""The body registry: bodies are data, named nowhere else in the package; the project's
body is a setting, checked with its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools import bodies
from build_tools.config import ConfigError, load_project
from tests.conftest import ROOT, copy_sources

REGISTRY = ROOT / "build_tools" / "data" / "bodies.yaml"
# How our code could name the IPU Assembly: its names, its eId, its IRIs.
NAMING = re.compile(
    r"\bAssembly\b|ipu-assembly|/ipu/assembly|Assemblée de l|Asamblea de la Unión|"
    r"جمعية الاتحاد|Ассамблея Межпарламентского|各国议会联盟大会"
)


def test_no_file_of_the_package_but_the_registry_names_the_ipu_assembly() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "build_tools").rglob("*"))
        if path.is_file() and path != REGISTRY and path.suffix != ".pyc"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if NAMING.search(line)
    ]
    assert found == []


def test_the_registry_holds_the_ipu_bodies_and_one_of_another_organization() -> None:
    registry = {body.id: body for body in bodies.registry()}
    assert {"ipu-assembly", "ipu-governing-council", "ipu-committee-peace", "un-ga"} <= set(
        registry
    )
    assembly, ga = registry["ipu-assembly"], registry["un-ga"]
    assert [code for code, _ in assembly.names] == ["en", "fr", "es", "ar", "ru", "zh"]
    assert assembly.name("fr") == "Assemblée de l'Union interparlementaire"
    assert ga.name("ru") == "Генеральная Ассамблея" and ga.name("zh") == "大会"
    assert assembly.session_name(132) == "132nd IPU Assembly"
    assert ga.session_name(74) == "seventy-fourth session"
    assert ga.masthead_line(37) == "General Assembly, Thirty-seventh session"
    matched = bodies.formula_of("The 132nd  Assembly of the Inter-Parliamentary Union,")
    assert matched is not None and (matched.body.id, matched.number) == ("ipu-assembly", 132)
    matched = bodies.formula_of("The General Assembly,")
    assert matched is not None and matched.body.id == "un-ga"
    assert bodies.formula_of("The Test Assembly,") is None


@pytest.mark.parametrize(
    ("number", "words"),
    [(1, "first"), (12, "twelfth"), (20, "twentieth"), (37, "thirty-seventh"),
     (74, "seventy-fourth"), (101, "one hundred and first")],
)  # fmt: skip
def test_sessions_numbered_in_words(number: int, words: str) -> None:
    assert bodies.ordinal_words(number) == words


def test_a_wrong_registry_entry_is_refused_with_its_line() -> None:
    text = REGISTRY.read_text("utf-8").replace(
        '  draft_notice: "Draft resolution — not a text adopted by the General Assembly."\n', ""
    )
    line = text.splitlines().index("- id: un-ga") + 1
    with pytest.raises(bodies.RegistryError) as failure:
        bodies.parse_registry(text)
    [problem] = failure.value.diagnostics
    assert problem.format() == (
        f"build_tools/data/bodies.yaml:{line}: error: body 'un-ga': missing key "
        "'draft_notice' [bodies]"
    )


def test_the_projects_body_is_a_setting_checked_with_its_line(tmp_path: Path) -> None:
    root = copy_sources(tmp_path / "project")
    assert load_project(root).issuing_body.id == "ipu-assembly"
    config = root / "pyproject.toml"
    text = config.read_text("utf-8").replace('body = "ipu-assembly"', 'body = "un-gaa"')
    config.write_text(text, "utf-8")
    line = text.splitlines().index('body = "un-gaa"') + 1
    with pytest.raises(ConfigError) as failure:
        load_project(root)
    [problem] = failure.value.diagnostics
    assert problem.format() == (
        f"pyproject.toml:{line}: error: body = 'un-gaa' is not in the body registry "
        f"(build_tools/data/bodies.yaml); known: {bodies.known()} [config]"
    )
    config.write_text(text.replace('body = "un-gaa"', 'body = "un-ga"'), "utf-8")
    assert load_project(root).issuing_body.name() == "General Assembly"
