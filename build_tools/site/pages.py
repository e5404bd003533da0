"""The pages of the public site, as Pandoc documents (data), one per page.

Every text enters as Pandoc text nodes; the HTML comes out of Pandoc's writer.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from babel.numbers import format_percent
from babel.units import format_unit

from build_tools.i18n.ui import draft_notice, long_date
from build_tools.render import pandoc as pd
from build_tools.render.pandoc import Node
from build_tools.render.reading import Reading


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the site knows of one document in one language."""

    name: str  # the version's source name
    reading: Reading
    percent: float  # share of words translated
    downloads: tuple[tuple[str, str, int], ...]  # (label, relative href, size in bytes)
    source_code: str  # BCP 47 code of the original language
    slug: str = ""  # the work's folder on the site
    href: str = ""  # the link from the home page to the text
    unavailable: bool = False  # not published in the site's language: the original is shown


def para(nodes: list[Node], classes: tuple[str, ...] = ()) -> Node:
    paragraph = pd.para(nodes)
    return pd.div(pd.attr(classes=classes), [paragraph]) if classes else paragraph


def link(text: str, href: str, *, lang: str = "", hreflang: str = "") -> Node:
    pairs = tuple(p for p in (("lang", lang), ("hreflang", hreflang)) if p[1])
    return pd.link(pd.attr(pairs=pairs), pd.text(text), href)


def header(level: int, text: str, identifier: str = "") -> Node:
    return pd.header(level, pd.attr(identifier), pd.text(text))


def page(blocks: list[Node]) -> Node:
    return pd.document(blocks)


def percent_text(value: float, locale: str) -> str:
    return str(format_percent(value / 100, locale=locale))


def size_text(size: int, locale: str) -> str:
    kilobytes = max(1, round(size / 1000))
    return str(format_unit(kilobytes, "digital-kilobyte", length="short", locale=locale))


def draft_banner(ui: dict[str, str], reading: Reading) -> Node:
    """The notice at the top of every page of a draft: it is not a text its body adopted."""
    attributes = pd.attr("draft", ("banner", "draft", "admonition", "danger"), (("role", "note"),))
    notice = draft_notice(ui, reading.facts)
    return pd.div(attributes, [para([pd.wrap("Strong", pd.text(notice))])])


def stage_banners(reading: Reading, ui: dict[str, str]) -> list[Node]:
    return [draft_banner(ui, reading)] if reading.draft else []


def banner(
    info: DocumentInfo, ui: dict[str, str], locale: str, original_href: str, source_name: str
) -> Node:
    text = ui["banner"].format(percent=percent_text(info.percent, locale), language=source_name)
    source = info.source_code
    nodes = [*pd.text(text), pd.space(), link(ui["banner-link"], original_href, hreflang=source)]
    attributes = pd.attr("status", ("banner", "admonition", "warning"), (("role", "note"),))
    return pd.div(attributes, [para(nodes)])


def downloads(info: DocumentInfo, ui: dict[str, str], locale: str) -> list[Node]:
    items = []
    for label, href, size in info.downloads:
        items.append([pd.plain([link(label, href), *pd.text(f" ({size_text(size, locale)})")])])
    return [header(2, ui["downloads-heading"], "downloads"), pd.bullet_list(items)]


Part = Node | str  # a part of a page: a Pandoc document, or HTML made already


def document_page(
    info: DocumentInfo,
    body: str,
    ui: dict[str, str],
    locale: str,
    *,
    original_href: str,
    source_name: str,
    extra: tuple[Node, ...] = (),
) -> tuple[Part, ...]:
    """The page of a text, in parts written one after the other: its banners, the text
    (``body``, HTML; its footnotes end it), then downloads and ``extra`` sections."""
    blocks: list[Node] = stage_banners(info.reading, ui)
    if info.reading.provisional:
        blocks.append(banner(info, ui, locale, original_href, source_name))
    banners: tuple[Part, ...] = (page(blocks),) if blocks else ()
    return (*banners, body, page([*downloads(info, ui, locale), *extra]))


def parallel_section(ui: dict[str, str], href: str) -> list[Node]:
    return [
        header(2, ui["parallel-heading"], "parallel"),
        para([link(ui["parallel-link"], href)]),
    ]


def version_label(kind: str, iso: str, ui: dict[str, str], locale: str) -> str:
    key = {
        "submission": "version-submission",
        "adoption": "version-adoption",
        "corrigendum": "version-corrigendum",
    }.get(kind, "version-other")
    return ui[key].format(date=long_date(iso, locale))


@dataclass(frozen=True, slots=True)
class VersionEntry:
    """One version in a work's list of versions, with the links of the page showing it."""

    name: str
    date: str  # ISO date
    kind: str  # what the date records: "submission", "adoption", "corrigendum", …
    href: str  # its text
    changes_href: str  # its redline against the version before


def versions_section(
    versions: list[VersionEntry], current: str, ui: dict[str, str], locale: str
) -> list[Node]:
    """The list of versions, oldest first."""
    items = []
    for index, version in enumerate(versions):
        label = version_label(version.kind, version.date, ui, locale)
        nodes: list[Node] = [link(label, version.href)]
        if index == len(versions) - 1:
            nodes += pd.text(f" — {ui['version-current']}")
        if index:
            nodes += [*pd.text(" — "), link(ui["changes-link"], version.changes_href)]
        if version.name == current:
            nodes = [pd.wrap("Strong", nodes)]
        items.append([pd.plain(nodes)])
    return [header(2, ui["versions-heading"], "versions"), pd.bullet_list(items)]


def changes_page(title: str, ui: dict[str, str], blocks: list[Node], reading: Reading) -> Node:
    body = blocks or [para(pd.text(ui["changes-none"]))]
    legend = para(pd.text(ui["changes-legend"]), ("legend",))
    return page([*stage_banners(reading, ui), header(1, title, "top"), legend, *body])


def history_section(entries: list[tuple[str, str]], ui: dict[str, str]) -> list[Node]:
    """The drafting history: (label, href) per text, oldest first; no href for this one."""
    items = []
    for label, href in entries:
        if href:
            nodes: list[Node] = [link(label, href)]
        else:
            nodes = [pd.wrap("Strong", pd.text(f"{label} — {ui['history-current']}"))]
        items.append([pd.plain(nodes)])
    return [header(2, ui["history-heading"], "history"), pd.ordered_list(items)]


def parallel_head(
    left: Reading,
    choices: list[Node],
    targets: list[str],
    ui: dict[str, str],
    *,
    status: Node | None = None,
) -> Node:
    """The top of a parallel view: banners (the draft's; ``status``, a provisional
    translation's, as its text page shows it), heading, the targets of the choices (empty
    elements the stylesheet reads, see ``generate.chooser_css``) and the other languages
    to choose; the rows follow (``parallel.parallel_rows``)."""
    marks = "".join(f'<span id="{html.escape(target)}" class="with"></span>' for target in targets)
    return page(
        [
            *stage_banners(left, ui),
            *([status] if status is not None else []),
            header(1, ui["parallel-heading"], "top"),
            pd.raw_block("html", marks),
            pd.div(
                pd.attr("choices", ("choices",)),
                [
                    pd.plain(pd.text(ui["parallel-choose"])),
                    pd.bullet_list([[pd.plain([choice])] for choice in choices]),
                ],
            ),
        ]
    )
