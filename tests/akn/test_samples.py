"""Real AKN documents nobody here wrote: same verdict as the official schema, no crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.akn.schema import schema_diagnostics
from build_tools.akn.validate import validate_file
from build_tools.akn.xmlio import ParsedXml, parse_xml
from build_tools.diagnostics import count_errors
from tests.conftest import SAMPLES, require_shared


def expected() -> dict[str, dict[str, object]]:
    folder = require_shared(SAMPLES)
    verdicts: dict[str, dict[str, object]] = json.loads(
        (folder / "expected.json").read_text("utf-8")
    )
    return verdicts


@pytest.mark.samples
def test_every_sample_is_listed() -> None:
    listed = set(expected())
    assert listed == {p.name for p in SAMPLES.glob("*.xml")}
    assert len(listed) == 28


@pytest.mark.samples
def test_schema_verdict_matches_expected_for_every_sample() -> None:
    mismatches = []
    for name, verdict in sorted(expected().items()):
        parsed = parse_xml(SAMPLES / name)
        assert isinstance(parsed, ParsedXml), name
        errors = schema_diagnostics(parsed.tree, name)
        if (not errors) != verdict["valid"] or len(errors) != verdict["errors"]:
            mismatches.append((name, len(errors), verdict))
    assert mismatches == []


@pytest.mark.samples
def test_a_schema_loaded_on_another_thread_gives_the_same_verdicts() -> None:
    """A build loads the schema on a thread while it goes on (lxml lets go of the
    interpreter meanwhile); it then validates on the main thread, as here."""
    from build_tools.akn import schema

    verdicts: dict[str, list[list[tuple[int, str]]]] = {}
    for loaded_on_a_thread in (False, True):
        schema._load.cache_clear()
        if loaded_on_a_thread:
            schema.load_in_background().join()
        for name in sorted(expected()):
            parsed = parse_xml(SAMPLES / name)
            assert isinstance(parsed, ParsedXml), name
            found = schema_diagnostics(parsed.tree, name)
            verdicts.setdefault(name, []).append([(d.line, d.message) for d in found])
    assert [name for name, (main, thread) in verdicts.items() if main != thread] == []
    assert any(main for main, _ in verdicts.values()), "some samples are invalid"


@pytest.mark.samples
def test_full_validation_never_crashes_and_locates_every_finding() -> None:
    for name, verdict in sorted(expected().items()):
        diagnostics = validate_file(Path(SAMPLES / name))
        schema = [d for d in diagnostics if d.code == "schema"]
        assert len(schema) == verdict["errors"], name
        assert all(d.line > 0 for d in diagnostics), name
        if not verdict["valid"]:
            assert count_errors(diagnostics) > 0


@pytest.mark.samples
def test_units_of_real_documents_survive_an_identity_merge() -> None:
    """Extraction and merge cope with markup nobody here wrote: every unit's message
    and placeholders come back unchanged after merging its own text."""
    from babel.messages.catalog import Catalog

    from build_tools.akn import model as akn
    from build_tools.akn.units import units
    from build_tools.i18n.catalogs import PoFile
    from build_tools.i18n.merge import translate_units

    total = 0
    for name in sorted(expected()):
        parsed = parse_xml(SAMPLES / name)
        assert isinstance(parsed, ParsedXml)
        document = akn.document_element(parsed.tree.getroot())
        if document is None:
            continue
        before = units(document)
        translations = Catalog(locale="fr")
        for unit in before:
            translations.add(unit.text, unit.text, context=unit.key)
        translate_units(document, PoFile(path=SAMPLES / name, catalog=translations), "en")
        after = units(document)
        assert [(u.key, u.text) for u in after] == [(u.key, u.text) for u in before], name
        total += len(before)
    assert total > 5000
