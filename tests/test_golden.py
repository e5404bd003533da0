"""Extract and merge against reviewed golden files, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.validate import validate_file
from tests.golden import cases, extracted, merged

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_extract_matches_golden_template(case: Path) -> None:
    assert extracted(case) == (case / "source.pot").read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_merge_matches_golden_expression(case: Path, tmp_path: Path) -> None:
    assert merged(case, tmp_path) == (case / "fr.xml").read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_expression_is_valid(case: Path) -> None:
    assert validate_file(case / "fr.xml") == []


def test_second_resolution_shape_is_covered() -> None:
    """The second case exercises what the cyber-warfare resolution does not have."""
    text = (CASES[0] / "source.xml").read_text("utf-8")
    for markup in (
        "<authorialNote",
        "<subparagraph",
        "<blockList",
        "<table",
        "<foreign>",
        'href="#para_2"',
    ):
        assert markup in text
    assert "<hcontainer" not in text
    merged_text = (CASES[0] / "fr.xml").read_text("utf-8")
    assert '<p xml:lang="en">The Assembly,</p>' in merged_text  # fuzzy → source text, marked
    assert '<th><p xml:lang="en">Share with safe water</p></th>' in merged_text  # untranslated
    assert "<mi>x</mi>" in merged_text  # foreign markup carried through
    assert (
        "Voir le rapport de la <b>Commission permanente</b>" in merged_text
    )  # footnote inside a moved element
