"""The browse pages of one language, as Pandoc documents: the home page (what is new and
the ways in), the index of each way in (sessions, bodies and committees, years, stages),
each group's texts a page of at most fifty at a time, and the listing with facets, whose
small index a script filters (the static pages are its fallback). Each text's page gets
its breadcrumbs and its neighbours in its session as page metadata, which our Material
template override shows (``templates/site/partials/browse.html``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from build_tools import bodies
from build_tools.akn.placement import placement_of
from build_tools.akn.versions import Work
from build_tools.config import Language, Project
from build_tools.i18n.ui import stage_line
from build_tools.layout import (
    BROWSE_KINDS,
    docs_file,
    group_url,
    home_url,
    in_language_site,
    listing_index_url,
    listing_url,
    relative_url,
    ways_url,
    work_url,
)
from build_tools.render import pandoc as pd
from build_tools.render.pandoc import Node
from build_tools.render.reading import Block, Inline, Reading, plain
from build_tools.site.browse import (
    FACETS,
    HOME_GROUPS,
    Entry,
    Group,
    Status,
    facet_value,
    groups,
    listing_index,
    neighbours,
    newest,
    page_of,
    paginate,
    session_order,
)
from build_tools.site.generate import Pages, percent_translated, reading_of, write_text
from build_tools.site.pages import header, link, para, percent_text

WAYS_TITLES = {
    "sessions": "sessions-heading",
    "bodies": "bodies-heading",
    "years": "years-heading",
    "stages": "stages-heading",
}
STAGE_TITLES = {"draft": "stage-drafts", "adopted": "stage-resolutions"}


@dataclass(frozen=True, slots=True)
class Browse:
    """One language's texts as its browse pages list them, and the names of the groups."""

    code: str
    source: str  # the original's language code
    entries: tuple[Entry, ...]
    sessions: dict[str, tuple[str, str]]  # session key → (its name, its place and dates)
    ui: dict[str, str]
    foreign: frozenset[str] = frozenset()  # sessions named only in the original's language


# The entries


def _role_text(blocks: Sequence[Block], role: str) -> tuple[str, str, str]:
    """The text of the first inline of ``role`` in ``blocks``, of its block, and the
    block's language when it is not the document's (a paragraph not yet translated)."""
    for block in blocks:
        found = _inline_of(block.inlines, role)
        if found is not None:
            return plain(found.children), plain(block.inlines), block.lang
        inner = _role_text(block.children, role)
        if inner[0]:
            return inner
    return "", "", ""


def _inline_of(inlines: Sequence[Inline], role: str) -> Inline | None:
    for inline in inlines:
        if inline.role == role:
            return inline
        inner = _inline_of(inline.children, role)
        if inner is not None:
            return inner
    return None


def _status(reading: Reading, available: bool, source: str) -> Status:
    if not available:
        return Status.UNAVAILABLE
    if reading.language == source:
        return Status.ORIGINAL
    return Status.OFFICIAL if reading.authoritative else Status.PROVISIONAL


def _status_text(status: Status, percent: float, ui: dict[str, str], locale: str) -> str:
    if status is Status.PROVISIONAL:
        return ui["status-provisional"].format(percent=percent_text(percent, locale))
    return ui[f"status-{status.value}"]


def entry_of(
    project: Project, language: Language, work: Work, available: bool, ui: dict[str, str]
) -> tuple[Entry, tuple[str, str], bool]:
    """A work's entry in ``language``'s listings (its text there, or else the original),
    its session's name and place as its masthead says them, and whether it says them in
    ``language``."""
    source = project.source_language
    shown = language if available else source
    name = work.latest.name
    reading = reading_of(project.layout.merged(shown.code, name), shown.code)
    place = placement_of(project.layout.source_file(name))
    status = _status(reading, available, source.code)
    percent = percent_translated(project, language, name) if available else 0.0
    facts = reading.facts
    entry = Entry(
        slug=work.slug,
        title=plain(reading.title),
        url=work_url(shown.code, work.slug),
        stage="" if facts.stage is None else facts.stage.value,
        date=facts.date,
        symbol=facts.symbol,
        status=status,
        body=facts.body or project.issuing_body.id,
        committee=place.committee,
        session=place.session_key,
        lang=source.code if not available else reading.title_lang,
        stage_text=stage_line(facts, ui, language.locale),
        status_text=_status_text(status, percent, ui, language.locale),
    )
    named_as, _, fallback = _role_text(reading.masthead, "session")
    if not named_as and place.session_key:
        named_as, fallback = bodies.get(place.session_body).session_name(place.session), source.code
    venue = _role_text(reading.masthead, "location")[1] or place.place
    return entry, (named_as, venue), available and not fallback


def collect(
    project: Project,
    language: Language,
    every: Sequence[Work],
    shown: dict[str, Work | None],
    ui: dict[str, str],
) -> Browse:
    """Every work's entry in ``language`` (``shown``: the work as published there, or
    None when it is not), and each session's name: as the first text that says it in
    ``language`` does, else in the original's words (marked with their language)."""
    entries: list[Entry] = []
    sessions: dict[str, tuple[str, str]] = {}
    named: set[str] = set()  # sessions named by a text in ``language``
    for work in every:
        available = shown.get(work.slug) is not None
        found = entry_of(project, language, shown.get(work.slug) or work, available, ui)
        entry, session, in_language = found
        entries.append(entry)
        key = entry.session
        if key and (key not in sessions or (in_language and key not in named)):
            sessions[key] = session
        if key and in_language:
            named.add(key)
    source = project.source_language.code
    foreign = frozenset(sessions) - named if language.code != source else frozenset()
    return Browse(language.code, source, tuple(entries), sessions, ui, foreign)


# Names


def group_label(browse: Browse, kind: str, key: str) -> str:
    ui = browse.ui
    if kind == "sessions":
        return browse.sessions.get(key, ("", ""))[0] or key
    if kind == "bodies":
        found = bodies.find(key)
        return found.name(browse.code) if found else key
    if kind == "years":
        return ui["year-title"].format(year=key)
    return ui[STAGE_TITLES.get(key, "stage-drafts")] if key in STAGE_TITLES else key


def label_lang(browse: Browse, kind: str, key: str) -> str:
    """The language of a group's name when it is not the page's ("" when it is): a
    session named only by texts not yet published in the page's language."""
    return browse.source if kind == "sessions" and key in browse.foreign else ""


def _value_label(browse: Browse, facet: str, value: str) -> str:
    ui = browse.ui
    if facet == "session":
        return group_label(browse, "sessions", value)  # (in the original when foreign)
    if facet in {"body", "committee"}:
        return group_label(browse, "bodies", value)
    if facet == "stage":
        return group_label(browse, "stages", value)
    if facet == "status":
        return ui["facet-provisional"] if value == "provisional" else ui[f"status-{value}"]
    return value


# Parts of pages


def entry_item(entry: Entry, page: str) -> list[Node]:
    """A text in a list: its title, linked, and what it is (stage, symbol, status)."""
    names = ("lang", "hreflang") if entry.status is Status.UNAVAILABLE else ("lang",)
    pairs = [(name, entry.lang) for name in names] if entry.lang else []
    title = pd.link(pd.attr(pairs=pairs), pd.text(entry.title), relative_url(entry.url, page))
    details = " — ".join(p for p in (entry.stage_text, entry.status_text) if p)
    classes = ("entry", "draft") if entry.draft else ("entry",)
    return [pd.div(pd.attr(classes=classes), [pd.para([title]), pd.para(pd.text(details))])]


def entry_list(entries: Sequence[Entry], page: str) -> Node:
    return pd.bullet_list([entry_item(entry, page) for entry in entries])


def drafts_notice(entries: Sequence[Entry], ui: dict[str, str]) -> list[Node]:
    """The notice on a list that holds a draft: a draft is not a text its body adopted."""
    if not any(entry.draft for entry in entries):
        return []
    classes = ("banner", "draft", "admonition", "danger")
    attributes = pd.attr("", classes, (("role", "note"),))
    return [pd.div(attributes, [para([pd.wrap("Strong", pd.text(ui["listing-drafts"]))])])]


def pager(number: int, count: int, url_of: Any, page: str, ui: dict[str, str]) -> list[Node]:
    """The links to a list's pages (nothing when it has one page)."""
    if count <= 1:
        return []
    nodes: list[Node] = [*pd.text(ui["page-number"].format(page=number, pages=count)), pd.space()]
    if number > 1:
        nodes += [link(ui["page-previous"], relative_url(url_of(number - 1), page)), pd.space()]
    for other in range(1, count + 1):
        if other == number:
            nodes.append(pd.span(pd.attr(pairs=(("aria-current", "page"),)), pd.text(str(other))))
        else:
            nodes.append(link(str(other), relative_url(url_of(other), page)))
        nodes.append(pd.space())
    if number < count:
        nodes.append(link(ui["page-next"], relative_url(url_of(number + 1), page)))
    attributes = pd.attr(
        "", ("pager",), (("role", "navigation"), ("aria-label", ui["pages-label"]))
    )
    return [pd.div(attributes, [pd.para(nodes)])]


Crumb = tuple[str, str, str]  # (label, site URL, the label's language when not the page's)


def crumbs(trail: Sequence[Crumb], page: str) -> list[list[str]]:
    """The breadcrumb trail as page metadata: [label, href, lang], the last this page (no
    link), labels escaped for the template."""
    found = [[html.escape(label), relative_url(url, page), lang] for label, url, lang in trail]
    found[-1][1] = ""
    return found


def group_link(browse: Browse, kind: str, key: str, page: str) -> Node:
    """A link to a group's first page, named in its own language."""
    href = relative_url(group_url(browse.code, kind, key), page)
    return link(group_label(browse, kind, key), href, lang=label_lang(browse, kind, key))


def _detail(browse: Browse, kind: str, key: str, after: str = "") -> list[Node]:
    """A session's place and dates (nothing for other groups), then ``after``."""
    detail = browse.sessions.get(key, ("", ""))[1] if kind == "sessions" else ""
    if not detail:
        return []
    lang = label_lang(browse, kind, key)
    nodes = pd.text(detail)
    shown = [pd.span(pd.attr(pairs=(("lang", lang),)), nodes)] if lang else nodes
    return [*shown, *pd.text(after)]


def _home(browse: Browse) -> Crumb:
    return browse.ui["crumbs-home"], home_url(browse.code), ""


# Pages


@dataclass(frozen=True, slots=True)
class BrowsePage:
    url: str
    title: str
    parts: tuple[Node | str, ...]
    trail: tuple[Crumb, ...]  # breadcrumbs, this page last
    listing: bool = False  # the listing with facets (its script is loaded)


def home_page(browse: Browse, intro: str) -> BrowsePage:
    ui, code, page = browse.ui, browse.code, home_url(browse.code)
    latest = newest(browse.entries)
    blocks: list[Node] = [
        header(1, ui["site-name"], "top"),
        para(pd.text(intro)),
        header(2, ui["new-heading"], "new"),
        *drafts_notice(latest, ui),
        entry_list(latest, page),
        header(2, ui["ways-heading"], "ways"),
    ]
    for kind in BROWSE_KINDS:
        found = groups(browse.entries, kind)
        shown = found[:HOME_GROUPS] if kind in {"sessions", "years"} else found
        items = [[pd.plain([group_link(browse, kind, g.key, page)])] for g in shown]
        if len(shown) < len(found):
            more = ui["sessions-all"] if kind == "sessions" else ui["years-all"]
            items.append([pd.plain([link(more, relative_url(ways_url(code, kind), page))])])
        heading = link(ui[f"ways-{kind}"], relative_url(ways_url(code, kind), page))
        blocks += [pd.header(3, pd.attr(f"ways-{kind}"), [heading]), pd.bullet_list(items)]
    blocks.append(para([link(ui["ways-listing"], relative_url(listing_url(code), page))]))
    return BrowsePage(page, ui["site-name"], (pd.document(blocks),), (_home(browse),))


def ways_pages(browse: Browse, kind: str) -> list[BrowsePage]:
    """The index of one way in: its groups, fifty to a page, each with its count."""
    ui, code = browse.ui, browse.code
    found = groups(browse.entries, kind)
    pages = paginate(found)
    title = ui[WAYS_TITLES[kind]]
    made = []
    for number, shown in enumerate(pages, 1):
        page = ways_url(code, kind, number)
        items = []
        for group in shown:
            count = ui["texts-count"].format(count=len(group.entries))
            nodes = [group_link(browse, kind, group.key, page), *pd.text(" — ")]
            nodes += [*_detail(browse, kind, group.key, " — "), *pd.text(count)]
            items.append([pd.plain(nodes)])
        at = lambda n: ways_url(code, kind, n)  # noqa: E731
        nav = pager(number, len(pages), at, page, ui)
        blocks = [header(1, title, "top"), *nav, pd.bullet_list(items), *nav]
        trail = (_home(browse), (title, page, ""))
        made.append(
            BrowsePage(
                page, _numbered(title, number, len(pages), ui), (pd.document(blocks),), trail
            )
        )
    return made


def _numbered(title: str, number: int, count: int, ui: dict[str, str]) -> str:
    if count <= 1:
        return title
    return f"{title} — {ui['page-number'].format(page=number, pages=count)}"


def _session_blocks(browse: Browse, entries: Sequence[Entry], page: str) -> list[Node]:
    """A session's texts on one page, under their committee and their stage."""
    blocks: list[Node] = []
    committee, stage = None, None
    current: list[Entry] = []

    def flush() -> None:
        if current:
            blocks.append(entry_list(current, page))
            current.clear()

    for entry in entries:
        if entry.committee != committee:
            flush()
            committee, stage = entry.committee, None
            name = (
                group_label(browse, "bodies", committee)
                if committee
                else browse.ui["committee-none"]
            )
            blocks.append(header(2, name))
        if entry.stage != stage:
            flush()
            stage = entry.stage
            blocks.append(header(3, group_label(browse, "stages", stage)))
        current.append(entry)
    flush()
    return blocks


def group_pages(browse: Browse, group: Group) -> list[BrowsePage]:
    """One session's, body's, year's or stage's texts, fifty to a page."""
    ui, code, kind = browse.ui, browse.code, group.kind
    label = group_label(browse, kind, group.key)
    pages = paginate(group.entries)
    made = []
    for number, shown in enumerate(pages, 1):
        page = group_url(code, kind, group.key, number)
        at = lambda n: group_url(code, kind, group.key, n)  # noqa: E731
        nav = pager(number, len(pages), at, page, ui)
        count = ui["texts-count"].format(count=len(group.entries))
        lang = label_lang(browse, kind, group.key)
        listed = (
            _session_blocks(browse, shown, page)
            if kind == "sessions"
            else [entry_list(shown, page)]
        )
        blocks = [
            pd.header(1, pd.attr("top", pairs=(("lang", lang),) if lang else ()), pd.text(label)),
            para([*_detail(browse, kind, group.key, " — "), *pd.text(count)]),
            *drafts_notice(shown, ui),
            *nav,
            *listed,
            *nav,
        ]
        ways = (ui[WAYS_TITLES[kind]], ways_url(code, kind), "")
        trail = (_home(browse), ways, (label, page, lang))
        made.append(
            BrowsePage(
                page, _numbered(label, number, len(pages), ui), (pd.document(blocks),), trail
            )
        )
    return made


def listing_page(browse: Browse) -> tuple[BrowsePage, bytes]:
    """The listing with facets and its index (see ``browse.listing_index``): a form of
    one choice per facet, hidden until the script runs, and links to the static lists."""
    ui, code = browse.ui, browse.code
    page = listing_url(code)
    labels = {
        facet: {
            e_value: _value_label(browse, facet, e_value)
            for e_value in {facet_value(e, facet) for e in browse.entries}
        }
        for facet in FACETS
    }
    texts = {
        key: ui[key]
        for key in (
            "stage-draft",
            "stage-adopted",
            "facet-found",
            "facet-none",
            "page-previous",
            "page-next",
            "page-number",
        )
    }
    texts["source"] = browse.source
    texts["here"] = relative_url(home_url(code), page)
    texts["original"] = relative_url(home_url(browse.source), page)
    foreign = {key: browse.source for key in browse.foreign}
    index = listing_index(browse.entries, labels, texts, langs={"session": foreign})
    ways = [
        [pd.plain([link(ui[f"ways-{kind}"], relative_url(ways_url(code, kind), page))])]
        for kind in BROWSE_KINDS
    ]
    top = pd.document(
        [
            header(1, ui["listing-heading"], "top"),
            *drafts_notice(browse.entries, ui),
            para(pd.text(ui["facet-fallback"]), ("fallback",)),
            pd.bullet_list(ways),
        ]
    )
    form = _facet_form(browse)
    trail = (_home(browse), (ui["listing-heading"], page, ""))
    return BrowsePage(page, ui["listing-heading"], (top, form), trail, listing=True), index


def _facet_form(browse: Browse) -> str:
    """The form of the listing (HTML: Pandoc has no form elements), hidden until the
    script runs; the script fills each choice's values from the index."""
    ui, esc = browse.ui, html.escape
    fields = "".join(
        f'<p><label for="facet-{facet}">{esc(ui[f"facet-{facet}"])}</label> '
        f'<select id="facet-{facet}" name="{facet}" data-facet="{facet}">'
        f'<option value="">{esc(ui["facet-any"])}</option></select></p>'
        for facet in FACETS
    )
    index = relative_url(listing_index_url(browse.code), listing_url(browse.code))
    return (
        f'<form id="facets" class="facets" data-index="{esc(index)}" hidden>{fields}</form>\n'
        '<p id="facet-count" role="status" aria-live="polite"></p>\n'
        '<ol id="facet-results" class="facet-results"></ol>\n'
        '<div id="facet-pager" class="pager"></div>'
    )


def pages_of(browse: Browse, intro: str) -> tuple[list[BrowsePage], bytes]:
    """Every browse page of a language, and the listing's index."""
    made = [home_page(browse, intro)]
    for kind in BROWSE_KINDS:
        made += ways_pages(browse, kind)
        for group in groups(browse.entries, kind):
            made += group_pages(browse, group)
    listing, index = listing_page(browse)
    return [*made, listing], index


def document_navigations(browse: Browse) -> dict[str, dict[str, Any]]:
    """Each text's page metadata that the template shows, by slug: breadcrumbs (home,
    body, session, text) and its session with the texts before and after it there (each
    session ordered once: linear in the corpus)."""
    found = {entry.slug: _navigation(browse, entry, ()) for entry in browse.entries}
    for group in groups(browse.entries, "sessions"):
        for entry in group.entries:
            found[entry.slug] = _navigation(browse, entry, group.entries)
    return found


def document_navigation(browse: Browse, slug: str) -> dict[str, Any]:
    """One text's (see :func:`document_navigations`)."""
    entry = next(e for e in browse.entries if e.slug == slug)
    ordered = session_order(e for e in browse.entries if e.session == entry.session)
    return _navigation(browse, entry, tuple(ordered) if entry.session else ())


def _navigation(browse: Browse, entry: Entry, ordered: Sequence[Entry]) -> dict[str, Any]:
    ui, code = browse.ui, browse.code
    page = work_url(code, entry.slug)
    body = (group_label(browse, "bodies", entry.body), group_url(code, "bodies", entry.body), "")
    trail = [_home(browse), body]
    found: dict[str, Any] = {}
    if ordered:
        number = page_of(ordered, entry)
        label = group_label(browse, "sessions", entry.session)
        session_page = group_url(code, "sessions", entry.session, number)
        lang = label_lang(browse, "sessions", entry.session)
        trail.append((label, session_page, lang))
        before, after = neighbours(ordered, entry.slug)
        found["around"] = {
            "heading": html.escape(ui["around-heading"]),
            "session": [
                html.escape(ui["around-session"]),
                html.escape(label),
                relative_url(session_page, page),
                lang,
            ],
            "previous": _neighbour(ui["around-previous"], before, page),
            "next": _neighbour(ui["around-next"], after, page),
        }
    trail.append((entry.title, page, entry.lang))
    found["crumbs"] = crumbs(trail, page)
    found["crumbs_label"] = html.escape(ui["crumbs-label"])
    return found


def _neighbour(label: str, entry: Entry | None, page: str) -> list[str] | None:
    if entry is None:
        return None
    return [html.escape(label), html.escape(entry.title), relative_url(entry.url, page), entry.lang]


def write_browse(pages: Pages, docs_folder: Any, browse: Browse, intro: str) -> None:
    """Every browse page into ``pages`` and the listing's index into ``docs/``."""
    made, index = pages_of(browse, intro)
    for made_page in made:
        meta: dict[str, Any] = {}
        if len(made_page.trail) > 1:  # the home page is the trail's start
            meta["browse"] = {
                "crumbs": crumbs(made_page.trail, made_page.url),
                "crumbs_label": html.escape(browse.ui["crumbs-label"]),
            }
        if made_page.listing:
            meta["listing"] = True
        pages.add(
            docs_file(made_page.url, folder_index=True),
            made_page.title,
            made_page.parts,
            switch_path=in_language_site(made_page.url),
            meta=meta,
        )
    path = docs_folder / in_language_site(listing_index_url(browse.code))
    write_text(path, index.decode("utf-8"))
