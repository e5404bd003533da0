"""The ways into a language's texts, as data: each text's entry (stage, body, session,
committee, year, translation status), the groups the browse pages list, their pages of
at most :data:`PAGE_SIZE` texts, a text's neighbours in its session, and the small index
the listing with facets filters in the browser. No page lists the whole corpus.

The pages themselves are made by :mod:`build_tools.site.browse_pages`.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from build_tools.layout import BROWSE_KINDS, docs_file, home_url, listing_url, ways_url

PAGE_SIZE = 50  # texts (or groups) on one page of a listing
NEW_COUNT = 10  # texts under "what is new" on the home page
HOME_GROUPS = 10  # sessions and years the home page names (the newest)
INDEX_BUDGET = 200  # bytes of the listing's index per text, at most
FACETS = ("body", "session", "committee", "stage", "year", "status")

T = TypeVar("T")


class Status(enum.StrEnum):
    """A text's translation status in one language."""

    ORIGINAL = "original"
    OFFICIAL = "official"
    PROVISIONAL = "provisional"
    UNAVAILABLE = "unavailable"  # not published in this language: the original is linked


@dataclass(frozen=True, slots=True)
class Entry:
    """One text as a language's listings show it."""

    slug: str  # the work's folder on the site
    title: str  # plain text, in the site's language (or in ``lang``)
    url: str  # site URL of the text (in the original's site when unavailable)
    stage: str  # "draft", "adopted" ("" when unknown)
    date: str  # ISO date of the work (submission or adoption)
    symbol: str
    status: Status
    body: str  # registry id of the body whose text it is
    committee: str = ""  # registry id of the committee that prepared it
    session: str = ""  # the session's key (see ``akn.placement.Placement.session_key``)
    lang: str = ""  # the title's language when it is not the site's
    stage_text: str = ""  # what the text is, in the site's language (``ui.stage_line``)
    status_text: str = ""

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def draft(self) -> bool:
        return self.stage == "draft"


@dataclass(frozen=True, slots=True)
class Group:
    """The texts of one session, body, year or stage, in the order they are listed."""

    kind: str  # one of layout.BROWSE_KINDS
    key: str  # its folder: "BODY-NUMBER" (a session), a body's id, "2015", "draft"
    entries: tuple[Entry, ...]


def browse_nav(code: str, home_label: str = "") -> list[str | dict[str, str]]:
    """The MkDocs nav of a language site: its home (under ``home_label`` when given: the
    navigation's title is the site's name already) and the ways in, never the texts
    (Material renders the nav into every page)."""
    ways = [*(ways_url(code, kind) for kind in BROWSE_KINDS), listing_url(code)]
    home = docs_file(home_url(code), folder_index=True)
    first: str | dict[str, str] = {home_label: home} if home_label else home
    return [first, *(docs_file(url, folder_index=True) for url in ways)]


def nav_files(code: str) -> list[str]:
    """The files of the pages :func:`browse_nav` lists, in ``docs/``."""
    return [
        item if isinstance(item, str) else next(iter(item.values())) for item in browse_nav(code)
    ]


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.date, e.symbol, e.slug), reverse=True)


def session_order(entries: Iterable[Entry]) -> list[Entry]:
    """A session's texts by committee, then stage (drafts first), then date and symbol."""
    return sorted(
        entries, key=lambda e: (e.committee, e.stage != "draft", e.date, e.symbol, e.slug)
    )


KEYS: dict[str, Callable[[Entry], tuple[str, ...]]] = {
    "sessions": lambda e: (e.session,),
    "bodies": lambda e: (e.body, e.committee),
    "years": lambda e: (e.year,),
    "stages": lambda e: (e.stage,),
}


def groups(entries: Iterable[Entry], kind: str) -> list[Group]:
    """Every group of ``kind`` with its texts (a text is in the groups of its body and of
    its committee), newest group first for sessions and years."""
    found: dict[str, list[Entry]] = {}
    for entry in entries:
        for key in dict.fromkeys(KEYS[kind](entry)):
            if key:
                found.setdefault(key, []).append(entry)
    order = session_order if kind == "sessions" else newest_first
    made = [Group(kind, key, tuple(order(listed))) for key, listed in found.items()]
    if kind in {"sessions", "years"}:
        return sorted(made, key=lambda g: (max(e.date for e in g.entries), g.key), reverse=True)
    return sorted(made, key=lambda g: g.key)


def paginate(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """``items`` in pages of at most ``size``; one (empty) page when there is none."""
    return [items[start : start + size] for start in range(0, len(items), size)] or [items[:0]]


def page_of(items: Sequence[T], item: T, size: int = PAGE_SIZE) -> int:
    """The page (from 1) that lists ``item``."""
    return items.index(item) // size + 1


def neighbours(ordered: Sequence[Entry], slug: str) -> tuple[Entry | None, Entry | None]:
    """The texts before and after ``slug`` in ``ordered`` (a session's order)."""
    slugs = [entry.slug for entry in ordered]
    if slug not in slugs:
        return None, None
    index = slugs.index(slug)
    before = ordered[index - 1] if index else None
    after = ordered[index + 1] if index + 1 < len(ordered) else None
    return before, after


def newest(entries: Iterable[Entry], count: int = NEW_COUNT) -> list[Entry]:
    return newest_first(entries)[:count]


# The listing's index


def facet_value(entry: Entry, facet: str) -> str:
    value = getattr(entry, facet)
    return str(value)


def _row(entry: Entry, title: str, codes: Mapping[str, dict[str, int]]) -> bytes:
    numbers = [codes[facet].get(facet_value(entry, facet), -1) for facet in FACETS]
    row = [entry.slug, title, entry.symbol, entry.date, *numbers]
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def index_row(entry: Entry, codes: Mapping[str, dict[str, int]], budget: int) -> bytes:
    """One text's line of the index, its title shortened (with "…") to fit ``budget``
    bytes with the comma and line break after it."""
    title = entry.title
    row = _row(entry, title, codes)
    while len(row) + 2 > budget and title:
        title = title[: max(0, min(len(title) - 1, len(title) - (len(row) + 2 - budget)))]
        row = _row(entry, f"{title.rstrip()}…" if title else "", codes)
    return row


def listing_index(
    entries: Sequence[Entry],
    labels: Mapping[str, Mapping[str, str]],
    texts: Mapping[str, str],
    budget: int = INDEX_BUDGET,
    langs: Mapping[str, Mapping[str, str]] | None = None,
) -> bytes:
    """The index the listing filters: each facet's values with their labels (``labels``:
    facet → value → label, the values the entries have), ``texts`` (the interface
    strings the script needs), then one line per text of at most ``budget`` bytes:
    ``[slug, title, symbol, date, body, session, committee, stage, year, status]``, each
    facet the number of its value. ``langs``: the language of a label that is not the
    page's (facet → value → code), added to its pair."""
    langs = langs or {}
    values = {
        facet: sorted({facet_value(e, facet) for e in entries} - {""}, key=_facet_order(facet))
        for facet in FACETS
    }
    codes = {facet: {value: n for n, value in enumerate(found)} for facet, found in values.items()}
    head = {
        "facets": {f: [_pair(f, v, labels, langs) for v in found] for f, found in values.items()},
        "texts": dict(texts),
    }
    rows = b",\n".join(index_row(entry, codes, budget) for entry in newest_first(entries))
    start = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1].encode("utf-8")
    return start + b',"rows":[\n' + rows + b"\n]}\n"


def _pair(
    facet: str,
    value: str,
    labels: Mapping[str, Mapping[str, str]],
    langs: Mapping[str, Mapping[str, str]],
) -> list[str]:
    lang = langs.get(facet, {}).get(value, "")
    return [value, labels[facet].get(value, value), *([lang] if lang else [])]


def _facet_order(facet: str) -> Callable[[str], tuple[int, str]]:
    """Years and sessions newest first (sessions by number, then body); others by value."""
    if facet == "year":
        return lambda value: (-int(value) if value.isdigit() else 0, value)
    if facet == "session":
        return lambda value: (-_number(value), value)
    return lambda value: (0, value)


def _number(key: str) -> int:
    tail = key.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0
