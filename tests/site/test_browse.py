"""The browse pages as data: pagination, groups, neighbours, the listing's index, and that
every text is reachable from the home page through its session (Hypothesis: any number
of texts, any mix of bodies, sessions, stages and translation states)."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import bodies
from build_tools.akn.placement import Placement, placement_of
from build_tools.i18n.ui import ui_strings
from build_tools.layout import Layout, group_url, home_url, listing_url, ways_url
from build_tools.site.browse import (
    FACETS,
    INDEX_BUDGET,
    PAGE_SIZE,
    Entry,
    Status,
    browse_nav,
    groups,
    listing_index,
    neighbours,
    paginate,
    session_order,
)
from build_tools.site.browse_pages import (
    Browse,
    BrowsePage,
    document_navigation,
    document_navigations,
    pages_of,
)
from tests.conftest import ROOT, SOURCE

BODIES = [body.id for body in bodies.registry()]
NOWHERE = Path("/nonexistent-browse-test")
UI = ui_strings(Layout(NOWHERE, NOWHERE, NOWHERE, NOWHERE), "en", bodies.default())


TITLES = (
    "Cyber warfare: A serious threat to peace and global security",
    "La cyber-guerre : une grave menace pour la paix et la sécurité mondiale",
    "الحرب السيبرانية: تهديد خطير للسلام والأمن العالميين",
    "Кибервойна: серьезная угроза миру и глобальной безопасности",
    "网络战：对和平与全球安全的严重威胁",
    "x" * 400,
)
FIELDS = st.tuples(
    st.sampled_from(BODIES),
    st.integers(0, 6),  # the session's number (0: none)
    st.sampled_from(["draft", "adopted"]),
    st.sampled_from(list(Status)),
    st.one_of(st.sampled_from(TITLES), st.text(min_size=1, max_size=40)),
    st.integers(726000, 745000),  # the date, as a proleptic ordinal (1988 to 2040)
    st.sampled_from(["", "ipu-committee-peace"]),
)


@st.composite
def entries(draw: st.DrawFn, max_size: int = 130) -> list[Entry]:
    made = []
    for number, fields in enumerate(draw(st.lists(FIELDS, max_size=max_size))):
        body, session, stage, status, title, day, committee = fields
        made.append(
            Entry(
                slug=f"text-{number}",
                title=title,
                url=f"{'en' if status is Status.UNAVAILABLE else 'fr'}/text-{number}/",
                stage=stage,
                date=date.fromordinal(day).isoformat(),
                symbol=f"C-{number}/DR" if number % 3 else "",
                status=status,
                body=body,
                committee=committee,
                session=f"{body}-{session}" if session else "",
                lang="en" if status is Status.UNAVAILABLE else "",
                stage_text=f"{stage} {number}",
                status_text=status.value,
            )
        )
    return made


def browse_of(listed: list[Entry]) -> Browse:
    sessions = {e.session: (f"Session {e.session}", "Somewhere") for e in listed if e.session}
    return Browse("fr", "en", tuple(listed), sessions, UI)


def links(node: Any) -> Iterator[str]:
    """Every link target in a Pandoc tree (or raw HTML part, which holds none we follow)."""
    if isinstance(node, dict):
        if node.get("t") == "Link":
            yield node["c"][2][0]
        for value in node.values():
            yield from links(value)
    elif isinstance(node, list):
        for value in node:
            yield from links(value)


def resolved(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(page, href)).lstrip("/") + "/"


def page_links(page: BrowsePage) -> set[str]:
    return {resolved(page.url, href) for part in page.parts for href in links(part)}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(), max_size=400), st.integers(1, 120))
def test_pages_keep_every_item_in_order_and_never_exceed_their_size(
    items: list[int], size: int
) -> None:
    pages = paginate(items, size)
    assert [item for page in pages for item in page] == items
    assert all(len(page) <= size for page in pages)
    assert len(pages) == max(1, -(-len(items) // size))


@settings(max_examples=25, deadline=None)
@given(entries())
def test_every_text_is_in_its_groups_and_no_page_lists_more_than_fifty(
    listed: list[Entry],
) -> None:
    browse = browse_of(listed)
    made, _ = pages_of(browse, "intro")
    for kind, key in (("sessions", "session"), ("years", "year"), ("stages", "stage")):
        found = {group.key: group.entries for group in groups(listed, kind)}
        for entry in listed:
            value = getattr(entry, key)
            assert (entry in found[value]) if value else True
    bodies_found = {group.key: group.entries for group in groups(listed, "bodies")}
    for entry in listed:
        assert entry in bodies_found[entry.body]
        assert not entry.committee or entry in bodies_found[entry.committee]
    for page in made:
        texts = [link for link in page_links(page) if link.split("/")[1].startswith("text-")]
        assert len(texts) <= PAGE_SIZE, page.url
    assert len({page.url for page in made}) == len(made), "one page per address"


@settings(max_examples=25, deadline=None)
@given(entries())
def test_every_text_is_reachable_from_the_home_page_through_its_session(
    listed: list[Entry],
) -> None:
    browse = browse_of(listed)
    made, _ = pages_of(browse, "intro")
    by_url = {page.url: page for page in made}
    sessions = [page for page in made if page.url.startswith("fr/sessions/")]
    assert home_url("fr") in by_url and ways_url("fr", "sessions") in by_url
    seen, queue = {home_url("fr")}, [home_url("fr")]
    while queue:  # the home page, the index of sessions and the sessions' pages only
        for target in sorted(page_links(by_url[queue.pop()])):
            if target in by_url and by_url[target] in sessions and target not in seen:
                seen.add(target)
                queue.append(target)
    reached = {link for url in seen for link in page_links(by_url[url])}
    for entry in listed:
        if entry.session:
            assert entry.url in reached, entry
            first = group_url("fr", "sessions", entry.session)
            assert first in seen
    home = by_url[home_url("fr")]
    assert listing_url("fr") in page_links(home)
    assert len([link for link in page_links(home) if "/text-" in link]) <= 10


@settings(max_examples=25, deadline=None)
@given(entries())
def test_every_list_says_what_each_text_is_and_warns_of_its_drafts(listed: list[Entry]) -> None:
    browse = browse_of(listed)
    made, _ = pages_of(browse, "intro")
    for page in made:
        listed_here = [e for e in listed if e.url in page_links(page)]
        text = json.dumps(page.parts, ensure_ascii=False)
        if page.url.startswith("fr/browse/") or not listed_here:
            continue
        for entry in listed_here:
            assert json.dumps(entry.stage_text, ensure_ascii=False)[1:-1] in text
        has_banner = '"banner", "draft"' in text
        assert has_banner == any(e.draft for e in listed_here), page.url


@settings(max_examples=60, deadline=None)
@given(entries(max_size=120), st.sampled_from(FACETS), st.data())
def test_the_listing_index_fits_its_budget_and_filters_as_the_entries_say(
    listed: list[Entry], facet: str, data: st.DataObject
) -> None:
    labels = {f: {str(getattr(e, f)): f"label {getattr(e, f)}" for e in listed} for f in FACETS}
    index = listing_index(listed, labels, {"here": "../"})
    _, _, rows = index.partition(b'"rows":[\n')
    for line in rows.splitlines()[:-1]:
        assert len(line) + 1 <= INDEX_BUDGET, line  # with its comma and line break
    parsed = json.loads(index)
    assert len(parsed["rows"]) == len(listed)
    values = [value for value, _ in parsed["facets"][facet]]
    if not values:
        return
    wanted = data.draw(st.sampled_from(range(len(values))))
    column = 4 + FACETS.index(facet)
    found = {row[0] for row in parsed["rows"] if row[column] == wanted}
    assert found == {e.slug for e in listed if str(getattr(e, facet)) == values[wanted]}
    for row in parsed["rows"]:
        entry = next(e for e in listed if e.slug == row[0])
        assert entry.title.startswith(row[1].removesuffix("…").rstrip()) or not row[1]


@settings(max_examples=25, deadline=None)
@given(entries(max_size=40))
def test_a_texts_page_names_its_session_and_its_neighbours_there(listed: list[Entry]) -> None:
    browse = browse_of(listed)
    every = document_navigations(browse)
    for entry in listed:
        navigation = document_navigation(browse, entry.slug)
        assert every[entry.slug] == navigation
        labels = [crumb[0] for crumb in navigation["crumbs"]]
        assert navigation["crumbs"][-1][1] == "", "the page itself is not a link"
        if not entry.session:
            assert "around" not in navigation and len(labels) == 3
            continue
        ordered = session_order(e for e in listed if e.session == entry.session)
        before, after = neighbours(ordered, entry.slug)
        around = navigation["around"]
        assert (around["previous"] is None) == (before is None)
        assert (around["next"] is None) == (after is None)
        assert len(labels) == 4 and labels[2] == f"Session {entry.session}"
        page = posixpath.normpath(posixpath.join(f"fr/{entry.slug}/", around["session"][2]))
        number = [e.slug for e in ordered].index(entry.slug) // PAGE_SIZE + 1
        assert page + "/" == group_url("fr", "sessions", entry.session, number)


def test_the_sites_nav_holds_the_ways_in_and_no_text() -> None:
    from build_tools.config import load_project
    from build_tools.site.generate import mkdocs_config

    project = load_project(ROOT)
    config = mkdocs_config(project, project.source_language, UI)
    assert (
        config["nav"]
        == browse_nav("en", "Home")
        == [
            {"Home": "index.md"},
            "sessions/index.md",
            "bodies/index.md",
            "years/index.md",
            "stages/index.md",
            "browse/index.md",
        ]
    )
    assert config["not_in_nav"].strip() == "*.md"


def test_the_drafts_session_and_committee_come_from_its_metadata() -> None:
    assert placement_of(SOURCE) == Placement(
        session=132,
        session_body="ipu-assembly",
        committee="ipu-committee-peace",
        place="Hanoi, Viet Nam",
    )
    assert placement_of(SOURCE).session_key == "ipu-assembly-132"


def test_the_browse_folders_are_addresses_of_the_layout_and_no_documents_name() -> None:
    from build_tools.layout import listing_index_url, name_problem

    assert ways_url("ar", "sessions") == "ar/sessions/"
    assert ways_url("ar", "sessions", 2) == "ar/sessions/2/"
    assert group_url("zh", "years", "2015", 3) == "zh/years/2015/3/"
    assert listing_index_url("fr") == "fr/browse/index.json"
    for name in ("sessions", "bodies", "years", "stages", "browse"):
        assert name_problem(name) is not None, name
