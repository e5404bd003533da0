"""The translation memory of the corpus: ``update`` pre-fills a document's untranslated
units from the other documents' translations, as fuzzy, saying where each came from."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from build_tools.config import load_project
from build_tools.i18n import memory
from build_tools.i18n.catalogs import (
    APPROVAL,
    APPROVED,
    PROVISIONAL,
    PoFile,
    messages,
    read_catalog,
    write_catalog,
)
from build_tools.i18n.memory import build_memory, prefill
from build_tools.i18n.stats import catalog_stats
from tests.conftest import copy_sources, run_cli
from tests.helpers import main_in

NAME = "ipu-132-cyber-warfare-draft"
COPY = "ipu-133-copy"
TARGETS = ["fr", "es", "ar", "ru", "zh"]


def catalog(entries: dict[str, tuple[str, str]], *, approved: bool = False, day: str) -> PoFile:
    """A catalog of ``entries`` (key → English, translation), its expression dated ``day``."""
    made = Catalog(locale="fr", creation_date=datetime.fromisoformat(day).replace(tzinfo=UTC))
    for key, (english, translation) in entries.items():
        made.add(english, translation, context=key)
    extra = {APPROVAL: str(APPROVED if approved else PROVISIONAL)}
    return PoFile(Path(f"{key}.po"), made, extra)


def empty(*english: str) -> list[Message]:
    return [Message(text, "", context=f"k{n}") for n, text in enumerate(english)]


def test_an_exact_match_is_filled_fuzzy_and_says_where_it_came_from() -> None:
    memory = build_memory(
        [("a", catalog({"p_1": ("Recalling <x1/>,", "Rappelant <x1/>,")}, day="2015-01-15"))]
    )
    units = empty("Recalling <x1/>,", "Recalling <x2/>,")
    assert prefill(units, memory, "b") == 1
    assert (units[0].string, units[0].fuzzy, units[0].user_comments) == (
        "Rappelant <x1/>,",
        True,
        ["memory: a#p_1"],
    )
    assert units[1].string == ""  # placeholders are part of the text matched


def test_a_document_never_gets_its_own_translation_back() -> None:
    memory = build_memory([("a", catalog({"p_1": ("Noting", "Notant")}, day="2015-01-15"))])
    units = empty("Noting")
    assert prefill(units, memory, "a") == 0


def test_approved_beats_translated_and_ties_go_to_the_most_recent() -> None:
    older_approved = catalog(
        {"p_1": ("Noting", "Notant (approuvé)")}, approved=True, day="2014-01-01"
    )
    newer = catalog({"p_9": ("Noting", "Notant (récent)")}, day="2016-01-01")
    newest = catalog({"p_3": ("Noting", "Notant (plus récent)")}, day="2017-01-01")
    units = empty("Noting")
    prefill(units, build_memory([("old", older_approved), ("new", newer), ("newest", newest)]), "x")
    assert (units[0].string, units[0].user_comments) == ("Notant (approuvé)", ["memory: old#p_1"])
    for order in ([("new", newer), ("newest", newest)], [("newest", newest), ("new", newer)]):
        units = empty("Noting")
        prefill(units, build_memory(order), "x")
        assert units[0].user_comments == ["memory: newest#p_3"]


def test_the_next_best_document_serves_when_the_best_is_the_document_itself() -> None:
    mine = catalog({"p_1": ("Noting", "Notant (moi)")}, approved=True, day="2020-01-01")
    other = catalog({"p_2": ("Noting", "Notant (autre)")}, day="2015-01-01")
    units = empty("Noting")
    prefill(units, build_memory([("me", mine), ("other", other)]), "me")
    assert units[0].user_comments == ["memory: other#p_2"]


def test_a_translation_or_a_fuzzy_entry_is_never_overwritten() -> None:
    memory = build_memory([("a", catalog({"p_1": ("Noting", "Notant")}, day="2015-01-15"))])
    units = empty("Noting", "Noting")
    units[0].string = "Prenant note"
    units[1].string, units[1].flags = "Relevant", {"fuzzy"}
    assert prefill(units, memory, "b") == 0
    assert [(u.string, u.user_comments) for u in units] == [("Prenant note", []), ("Relevant", [])]


def test_fuzzy_or_empty_units_are_not_remembered() -> None:
    po = catalog({"p_1": ("Noting", "Notant"), "p_2": ("Urging", "")}, day="2015-01-15")
    noting = po.catalog.get("Noting", context="p_1")
    assert noting is not None
    noting.flags.add("fuzzy")
    assert build_memory([("a", po)]).best == {}


def test_a_near_match_only_when_asked_and_with_its_score() -> None:
    english = (
        "Calls upon all parliaments to take the measures needed to protect critical infrastructure"
    )
    memory = build_memory(
        [("a", catalog({"p_4": (english, "Appelle tous les parlements …")}, day="2015-01-15"))]
    )
    near = english.replace("all parliaments", "all the parliaments")
    units = empty(near)
    assert prefill(units, memory, "b") == 0
    assert prefill(units, memory, "b", 97) == 0
    assert prefill(units, memory, "b", 85) == 1
    assert units[0].fuzzy and units[0].string == "Appelle tous les parlements …"
    assert units[0].user_comments == ["memory: a#p_4 (96 % match)"]
    assert units[0].previous_id == [english]  # the English it translated, shown as #| msgid


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Our project plus a second work with the draft's text and no translations."""
    root = copy_sources(tmp_path / "project")
    text = (root / "source" / f"{NAME}.xml").read_text("utf-8")
    (root / "source" / f"{COPY}.xml").write_text(text.replace("c-i-132-dr", "c-i-133-dr"), "utf-8")
    return root


def test_a_copy_of_the_draft_is_prefilled_from_memory_and_not_published(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["extract"], ["update"]):
        code, err = run_cli(corpus, argv, capsys)
        assert code == 0, err
    for language in TARGETS:
        po = read_catalog(corpus / "translations" / language / f"{COPY}.po")
        units = messages(po.catalog)
        filled = [m for m in units if m.fuzzy and m.string]
        assert len(filled) >= 0.95 * len(units)
        for message in filled:
            assert message.user_comments == [f"memory: {NAME}#{message.context}"]
        stats = catalog_stats(po, COPY, language)
        assert (stats.translated, stats.fuzzy, stats.memory, stats.words["memory"]) == (
            0,
            len(filled),
            len(filled),
            stats.fuzzy_words,
        )
    capsys.readouterr()
    code = main_in(corpus, ["status", "--json"])
    rows = [row for row in json.loads(capsys.readouterr().out) if row["document"] == COPY]
    assert code == 0 and {
        row["language"]: row["status"] for row in rows if row["language"] != "en"
    } == {language: "not listed" for language in TARGETS}
    code, err = run_cli(corpus, ["merge"], capsys)
    assert code == 0, err
    for language in TARGETS:
        assert f"not published in {language}: only 0 % translated" in err
        assert not (corpus / "build" / "akn" / language / f"{COPY}.xml").exists()
        assert (corpus / "build" / "akn" / language / f"{NAME}.xml").exists()


def test_update_offers_near_matches_only_with_the_option(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = corpus / "source" / f"{COPY}.xml"
    text = source.read_text("utf-8")
    assert text.count("<i>Condemning</i>") == 1
    source.write_text(text.replace("<i>Condemning</i>", "<i>Strongly condemning</i>"), "utf-8")
    po = corpus / "translations" / "fr" / f"{COPY}.po"
    for argv, near in ((["update"], 0), (["update", "--fuzzy-memory"], 1)):
        assert run_cli(corpus, ["extract"], capsys)[0] == 0
        code, err = run_cli(corpus, argv, capsys)
        assert code == 0, err
        notes = [c for m in messages(read_catalog(po).catalog) for c in m.user_comments]
        assert len([c for c in notes if c.endswith("% match)")]) == near, notes


def test_near_matches_also_by_the_projects_setting(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = corpus / "source" / f"{COPY}.xml"
    text = source.read_text("utf-8")
    source.write_text(text.replace("<i>Condemning</i>", "<i>Strongly condemning</i>"), "utf-8")
    settings = corpus / "pyproject.toml"
    table = "[tool.build_tools]\n"
    settings.write_text(settings.read_text("utf-8").replace(table, table + "fuzzy_memory = 85\n"))
    for argv in (["extract"], ["update", "--lang", "fr"]):
        code, err = run_cli(corpus, argv, capsys)
        assert code == 0, err
    po = read_catalog(corpus / "translations" / "fr" / f"{COPY}.po")
    near = [
        m for m in messages(po.catalog) if m.user_comments[-1:] != [f"memory: {NAME}#{m.context}"]
    ]
    assert [(m.context, m.fuzzy) for m in near] == [("recs_1__rec_14", True)], near
    assert near[0].user_comments[0].startswith(f"memory: {NAME}#recs_1__rec_14 (")
    assert near[0].user_comments[0].endswith("% match)") and near[0].previous_id


def test_a_later_process_parses_only_the_catalog_that_changed(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for argv in (["extract"], ["update"]):
        code, err = run_cli(corpus, argv, capsys)
        assert code == 0, err
    project = load_project(corpus)
    french = next(language for language in project.languages if language.code == "fr")
    monkeypatch.setattr(memory, "_CACHE", {})
    memory.corpus_memory(project, french)  # as the next process to need it would
    po_path = corpus / "translations" / "fr" / f"{NAME}.po"
    po = read_catalog(po_path)
    unit = next(m for m in messages(po.catalog) if m.string and not m.fuzzy)
    unit.string = f"Révisé : {unit.string}"
    write_catalog(po)
    parsed: list[str] = []

    def counted(path: Path, data: bytes | None = None) -> PoFile:
        parsed.append(path.stem)
        return read_catalog(path, data)

    monkeypatch.setattr(memory, "read_catalog", counted)
    monkeypatch.setattr(memory, "_CACHE", {})  # as in a new process
    found = memory.corpus_memory(project, french)
    assert parsed == [NAME]  # the copy's catalog, unchanged, came from what was kept
    every = sorted((corpus / "translations" / "fr").glob("ipu-*.po"))
    assert found == build_memory([(path.stem, read_catalog(path)) for path in every])
    remembered = found.exact(str(unit.id), COPY)
    assert remembered is not None and remembered.translation == unit.string
    for kept in (corpus / "build" / "work" / "memory" / "fr").glob("*.json"):
        kept.write_text("[[", "utf-8")  # damaged: each catalog is parsed again
    monkeypatch.setattr(memory, "_CACHE", {})
    parsed.clear()
    assert memory.corpus_memory(project, french) == found
    assert sorted(parsed) == sorted(path.stem for path in every)


def test_a_new_versions_catalog_parses_its_siblings_catalog_and_no_other_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new version's catalog starts from its work's other version: found by the
    templates' headers alone (every template of the corpus was parsed in full for each
    new catalog, so that making a corpus of 1,000 took quadratic time)."""
    from build_tools.i18n import update

    root = copy_sources(tmp_path / "project")
    translations = root / "translations"
    template = (translations / f"{NAME}.pot").read_text("utf-8")
    for number in range(5):  # other works, whose names sort after the draft's
        other = template.replace("c-i-132-dr", f"c-i-9{number}-dr")
        (translations / f"ipu-900-other-{number}.pot").write_text(other, "utf-8")
    newer = translations / f"{NAME}_2026-12-01.pot"
    newer.write_text(template, "utf-8")  # a later version of the same work
    project = load_project(root)
    french = next(language for language in project.languages if language.code == "fr")
    sibling = translations / "fr" / f"{NAME}.po"
    parsed: list[Path] = []

    def counted(path: Path, data: bytes | None = None) -> PoFile:
        parsed.append(path)
        return read_catalog(path, data)

    monkeypatch.setattr(update, "read_catalog", counted)
    po = update.new_po(project, french, read_catalog(newer), translations / "fr" / newer.name)
    update.seed_from_other_versions(project, french, read_catalog(newer), po)
    assert parsed == [sibling]
    assert [m.id for m in messages(po.catalog)] == [
        m.id for m in messages(read_catalog(sibling).catalog)
    ]


def test_a_catalogs_units_are_kept_by_the_digest_of_what_was_parsed(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A caller's digest only finds what is kept: when the file holds other bytes than
    it said (rewritten since), what is parsed is kept under its own content's digest."""
    import hashlib

    project = load_project(corpus)
    (corpus / "build").mkdir()
    path = corpus / "translations" / "fr" / f"{NAME}.po"
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    stale = "0" * 64
    parsed: list[Path] = []

    def counted(found: Path, data: bytes | None = None) -> PoFile:
        parsed.append(found)
        return read_catalog(found, data)

    monkeypatch.setattr(memory, "read_catalog", counted)
    units = memory.catalog_units(project, "fr", path, stale)
    assert parsed == [path] and units.candidates
    assert memory.catalog_units(project, "fr", path, actual) == units
    assert parsed == [path], "found by its own digest, not parsed again"
    kept = list((corpus / "build" / "work" / "memory" / "fr").glob("*.json"))
    assert len(kept) == 1
    assert memory.catalog_units(project, "fr", path, stale) == units
    assert parsed == [path], "the bytes' own digest finds it"
