"""Hypothesis properties of the catalog cycle.

(a) extract → translate every unit with its own msgid → merge gives the source back;
(b) random edits of the source, then update, never lose a translation and mark
    exactly the changed units fuzzy.
"""

from __future__ import annotations

import copy
import string
from datetime import UTC, datetime

from babel.messages.catalog import Catalog
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.units import unit_problems, units
from build_tools.i18n.catalogs import APPROVAL, PROVISIONAL, PoFile, read_catalog, render_catalog
from build_tools.i18n.header import header_text
from build_tools.i18n.merge import translate_units
from build_tools.i18n.update import entries_alike, updated_catalog
from tests.conftest import SOURCE

WORDS = st.text(alphabet=string.ascii_letters + "éü’“”,;.()&<>-– ", min_size=1, max_size=12)
INLINE = ["i", "b", "ref", "embeddedText", "organization", "authorialNote", "eol"]


def inline_content(draw: st.DrawFn, parent: etree._Element, depth: int) -> None:
    parent.text = draw(WORDS)
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(INLINE if depth < 1 else ["i", "ref"]))
        child = etree.SubElement(parent, akn.akn(name))
        if name == "ref":
            child.set("href", f"/akn/test/{draw(st.integers(0, 99))}")
        elif name == "embeddedText":
            child.set("startQuote", "“")
        elif name == "authorialNote":
            child.set("marker", "1")
            child.set("eId", f"note_{draw(st.integers(0, 10**6))}")
            inline_content(draw, etree.SubElement(child, akn.akn("p")), depth + 1)
        if name not in {"authorialNote", "eol"}:
            inline_content(draw, child, depth + 1)
        child.tail = draw(WORDS)


@st.composite
def documents(draw: st.DrawFn) -> etree._Element:
    """A statement whose paragraphs hold random text and inline markup."""
    tree = etree.parse(str(SOURCE))
    document = akn.document_element(tree.getroot())
    assert document is not None
    for index, p in enumerate(document.iter(akn.akn("p"))):
        if index > 3 or akn.in_meta(p):
            continue
        for child in list(p):
            p.remove(child)
        inline_content(draw, p, 0)
    return document


def shape(element: etree._Element) -> list[tuple[str, dict[str, str], str]]:
    """Structure, attributes and text of a subtree; runs of XML whitespace count as one
    space and whitespace at the edge of a node is not significant."""
    return [
        (akn.local(e), dict(e.attrib), akn.squeeze(e.text or "") + "|" + akn.squeeze(e.tail or ""))
        for e in element.iter()
        if isinstance(e.tag, str)
    ]


@settings(max_examples=40, deadline=None)
@given(documents())
def test_identity_translation_gives_the_source_back(document: etree._Element) -> None:
    assume(not unit_problems(document, units(document), "generated"))  # what extract accepts
    original = copy.deepcopy(document)
    translations = Catalog(locale="fr")
    for unit in units(document):
        translations.add(unit.text, unit.text, context=unit.key)
    fallbacks = translate_units(document, PoFile(path=SOURCE, catalog=translations), "en")
    assert fallbacks == []
    assert [u.text for u in units(document)] == [u.text for u in units(original)]
    for before, after in zip(original.iter(akn.akn("p")), document.iter(akn.akn("p")), strict=True):
        assert shape(after) == shape(before)
        assert " ".join(akn.plain_text(after).split()) == " ".join(akn.plain_text(before).split())


KEYS = st.lists(
    st.from_regex(r"[a-z]{1,3}_[0-9]{1,2}", fullmatch=True), min_size=1, max_size=12, unique=True
)


@st.composite
def edits(draw: st.DrawFn) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """An old template, translations of some of it, and an edited template."""
    old = {key: draw(WORDS) for key in draw(KEYS)}
    translated = {key: f"T:{text}" for key, text in old.items() if draw(st.booleans())}
    new = {}
    for key, text in old.items():
        action = draw(st.sampled_from(["keep", "change", "remove"]))
        if action == "keep":
            new[key] = text
        elif action == "change":
            new[key] = text + draw(WORDS)
    for key in draw(KEYS):
        new.setdefault(f"new_{key}", draw(WORDS))
    return old, translated, new


def catalog(messages: dict[str, str], strings: dict[str, str] | None = None) -> Catalog:
    result = Catalog(locale="fr")
    for key, text in messages.items():
        result.add(text, (strings or {}).get(key, ""), context=key)
    return result


@settings(max_examples=200, deadline=None)
@given(edits())
def test_update_never_loses_a_translation_and_flags_exactly_the_changed(
    case: tuple[dict[str, str], dict[str, str], dict[str, str]],
) -> None:
    old, translated, new = case
    po = PoFile(path=SOURCE, catalog=catalog(old, translated))
    result = updated_catalog(catalog(new), po)
    active = {m.context: m for m in result if m.id}
    obsolete = {m.context: m for m in result.obsolete.values()}
    assert set(active) == set(new)
    for key, text in translated.items():
        holder = active.get(key) or obsolete.get(key)
        assert holder is not None and holder.string == text, key
    for context, message in active.items():
        key = context or ""
        changed = key in old and old[key] != new[key]
        assert message.fuzzy == (changed and key in translated), key
        if message.fuzzy:
            assert message.previous_id == [old[key]]
        if key not in old:
            assert message.string == ""
    twice = updated_catalog(catalog(new), PoFile(path=SOURCE, catalog=result))
    assert [(m.context, m.string, m.fuzzy) for m in twice if m.id] == [
        (m.context, m.string, m.fuzzy) for m in result if m.id
    ]


WRITTEN = datetime(2015, 1, 15, 9, 30, tzinfo=UTC)


def written_catalog(messages: dict[str, str], strings: dict[str, str]) -> bytes:
    """A catalog as our update writes one (dated, not fuzzy)."""
    result = Catalog(locale="fr", creation_date=WRITTEN, revision_date=WRITTEN, fuzzy=False)
    for key, text in messages.items():
        result.add(text, strings.get(key, ""), context=key)
    return render_catalog(PoFile(SOURCE, result, {APPROVAL: PROVISIONAL}))


@settings(max_examples=100, deadline=None)
@given(edits(), st.booleans())
def test_update_leaves_a_catalog_alone_only_when_it_would_write_the_same_entries(
    case: tuple[dict[str, str], dict[str, str], dict[str, str]], same_template: bool
) -> None:
    old, translated, new = case
    data = written_catalog(old, translated)
    read = read_catalog(SOURCE, data)
    template = Catalog(creation_date=WRITTEN)
    for key, text in (old if same_template else new).items():
        template.add(text, context=key)
    updated = PoFile(SOURCE, updated_catalog(template, read), dict(read.extra_headers))
    updated.header = header_text(read.lines)  # update writes the header back as it was
    alike = entries_alike(updated.catalog, read.catalog)
    if alike:  # skipping the write loses nothing
        assert render_catalog(updated) == data
    if same_template:  # and it is skipped when nothing changed
        assert alike
