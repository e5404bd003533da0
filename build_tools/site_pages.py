"""The pages of the public site, as Pandoc documents (data), one per page.

Every text enters as Pandoc text nodes; the HTML comes out of Pandoc's writer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from babel.numbers import format_percent
from babel.units import format_unit

from build_tools.pandoc_doc import API_VERSION, Node, attr, block_nodes, inline_nodes, text_nodes
from build_tools.reading import Block, Reading
from build_tools.ui import long_date, stage_line


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the site knows of one document in one language."""

    name: str  # the version's source name
    reading: Reading
    percent: float  # share of words translated
    downloads: tuple[tuple[str, str, int], ...]  # (label, relative href, size in bytes)
    source_code: str  # BCP 47 code of the original language
    slug: str = ""  # the work's folder on the site
    href: str = ""  # the link from the home page ("<slug>/" when empty)
    unavailable: bool = False  # not published in the site's language: the original is shown


def para(nodes: list[Node], classes: tuple[str, ...] = ()) -> Node:
    paragraph = {"t": "Para", "c": nodes}
    return {"t": "Div", "c": [attr(classes=classes), [paragraph]]} if classes else paragraph


def link(text: str, href: str, *, lang: str = "", hreflang: str = "") -> Node:
    pairs = tuple(p for p in (("lang", lang), ("hreflang", hreflang)) if p[1])
    return {"t": "Link", "c": [attr(pairs=pairs), text_nodes(text), [href, ""]]}


def header(level: int, text: str, identifier: str = "") -> Node:
    return {"t": "Header", "c": [level, attr(identifier), text_nodes(text)]}


def page(blocks: list[Node]) -> Node:
    return {"pandoc-api-version": API_VERSION, "meta": {}, "blocks": blocks}


def percent_text(value: float, locale: str) -> str:
    return str(format_percent(value / 100, locale=locale))


def size_text(size: int, locale: str) -> str:
    kilobytes = max(1, round(size / 1000))
    return str(format_unit(kilobytes, "digital-kilobyte", length="short", locale=locale))


def status_text(info: DocumentInfo, ui: dict[str, str], locale: str) -> str:
    if info.unavailable:
        return ui["status-unavailable"]
    if info.reading.language == info.source_code:
        return ui["status-original"]
    if info.reading.authoritative:
        return ui["status-official"]
    return ui["status-provisional"].format(percent=percent_text(info.percent, locale))


def home_page(documents: list[DocumentInfo], ui: dict[str, str], locale: str) -> Node:
    items = []
    for info in documents:
        href = info.href or f"{info.slug or info.name}/"
        pairs = (("lang", info.source_code), ("hreflang", info.source_code))
        title = {
            "t": "Link",
            "c": [
                attr(pairs=pairs if info.unavailable else ()),
                inline_nodes(info.reading.title),
                [href, ""],
            ],
        }
        stage = stage_line(info.reading.facts, ui, locale)
        details = text_nodes(" — ".join(p for p in (stage, status_text(info, ui, locale)) if p))
        items.append([{"t": "Para", "c": [title]}, {"t": "Para", "c": details}])
    return page(
        [
            header(1, ui["site-name"], "top"),
            para(text_nodes(ui["home-intro"])),
            header(2, ui["documents-heading"], "documents"),
            {"t": "BulletList", "c": items},
        ]
    )


def draft_banner(ui: dict[str, str]) -> Node:
    """The notice at the top of every page of a draft: it is not an adopted text."""
    return {
        "t": "Div",
        "c": [
            attr("draft", ("banner", "draft", "admonition", "danger"), (("role", "note"),)),
            [para([{"t": "Strong", "c": text_nodes(ui["draft-notice"])}])],
        ],
    }


def stage_banners(reading: Reading, ui: dict[str, str]) -> list[Node]:
    return [draft_banner(ui)] if reading.draft else []


def banner(
    info: DocumentInfo, ui: dict[str, str], locale: str, original_href: str, source_name: str
) -> Node:
    text = ui["banner"].format(percent=percent_text(info.percent, locale), language=source_name)
    source = info.source_code
    nodes = [
        *text_nodes(text),
        {"t": "Space"},
        link(ui["banner-link"], original_href, hreflang=source),
    ]
    return {
        "t": "Div",
        "c": [
            attr("status", ("banner", "admonition", "warning"), (("role", "note"),)),
            [para(nodes)],
        ],
    }


def downloads(info: DocumentInfo, ui: dict[str, str], locale: str) -> list[Node]:
    items = []
    for label, href, size in info.downloads:
        items.append(
            [{"t": "Plain", "c": [link(label, href), *text_nodes(f" ({size_text(size, locale)})")]}]
        )
    return [header(2, ui["downloads-heading"], "downloads"), {"t": "BulletList", "c": items}]


def document_page(
    info: DocumentInfo,
    body: Node,
    ui: dict[str, str],
    locale: str,
    *,
    original_href: str,
    source_name: str,
    extra: tuple[Node, ...] = (),
) -> tuple[Node, Node]:
    """The page of a text, in two parts written one after the other: the text (its
    footnotes end it), then downloads and ``extra`` sections."""
    blocks: list[Node] = stage_banners(info.reading, ui)
    if info.reading.provisional:
        blocks.append(banner(info, ui, locale, original_href, source_name))
    blocks += body["blocks"]
    return page(blocks), page([*downloads(info, ui, locale), *extra])


def parallel_section(ui: dict[str, str]) -> list[Node]:
    return [
        header(2, ui["parallel-heading"], "parallel"),
        para([link(ui["parallel-link"], "parallel/")]),
    ]


def version_label(kind: str, iso: str, ui: dict[str, str], locale: str) -> str:
    key = {
        "submission": "version-submission",
        "adoption": "version-adoption",
        "corrigendum": "version-corrigendum",
    }.get(kind, "version-other")
    return ui[key].format(date=long_date(iso, locale))


def versions_section(
    versions: list[tuple[str, str, str]], current: str, ui: dict[str, str], locale: str, base: str
) -> list[Node]:
    """The list of versions (name, date, kind), oldest first, with links from ``base``."""
    items = []
    for index, (name, iso, kind) in enumerate(versions):
        label = version_label(kind, iso, ui, locale)
        nodes: list[Node] = [link(label, f"{base}versions/{name}/")]
        if index == len(versions) - 1:
            nodes += text_nodes(f" — {ui['version-current']}")
        if index:
            nodes += [*text_nodes(" — "), link(ui["changes-link"], f"{base}changes/{name}/")]
        if name == current:
            nodes = [{"t": "Strong", "c": nodes}]
        items.append([{"t": "Plain", "c": nodes}])
    return [header(2, ui["versions-heading"], "versions"), {"t": "BulletList", "c": items}]


def changes_page(title: str, ui: dict[str, str], blocks: list[Node], reading: Reading) -> Node:
    body = blocks or [para(text_nodes(ui["changes-none"]))]
    legend = para(text_nodes(ui["changes-legend"]), ("legend",))
    return page([*stage_banners(reading, ui), header(1, title, "top"), legend, *body])


def history_section(entries: list[tuple[str, str]], ui: dict[str, str]) -> list[Node]:
    """The drafting history: (label, href) per text, oldest first; no href for this one."""
    items = []
    for label, href in entries:
        if href:
            nodes: list[Node] = [link(label, href)]
        else:
            nodes = [{"t": "Strong", "c": text_nodes(f"{label} — {ui['history-current']}")}]
        items.append([{"t": "Plain", "c": nodes}])
    return [
        header(2, ui["history-heading"], "history"),
        {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}], items]},
    ]


def _without_ids(block: Block) -> Block:
    return replace(block, eid="", children=tuple(_without_ids(c) for c in block.children))


def aligned_blocks(reading: Reading) -> list[tuple[str, Block]]:
    """The units a reader compares, in order, keyed by eId: preface lines, headings,
    numbered paragraphs (with their sub-paragraphs)."""
    rows: list[tuple[str, Block]] = []
    title = Block("heading", eid="title", inlines=reading.title)
    for block in (*reading.masthead, title, *reading.subtitle, *reading.preamble, *reading.body):
        if block.kind == "group":
            rows += [(child.eid, _without_ids(child)) for child in block.children]
        else:
            rows.append((block.eid, _without_ids(block)))
    return [(eid, block) for eid, block in rows if eid]


def numbered_notes(node: Any, prefix: str, notes: list[list[Node]]) -> Any:
    """``node`` with each Pandoc note replaced by a numbered link to it; the notes are
    appended to ``notes``. Each column of the parallel view numbers its own notes, as its
    text does; Pandoc would number them across the page."""
    if isinstance(node, list):
        return [numbered_notes(item, prefix, notes) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("t") == "Note":
        notes.append(numbered_notes(node["c"], prefix, notes))
        number = str(len(notes))
        target = [f"#{prefix}-{number}", ""]
        anchor = {"t": "Link", "c": [attr(f"{prefix}-ref-{number}"), text_nodes(number), target]}
        return {"t": "Superscript", "c": [anchor]}
    return {key: numbered_notes(value, prefix, notes) for key, value in node.items()}


def _cell(block: Block | None, reading: Reading, notes: list[list[Node]]) -> Node:
    before = len(notes)
    content = block_nodes((block,)) if block is not None else []
    content = numbered_notes(content, f"{reading.language}-fn", notes)
    added = notes[before:]
    if added:
        items = [
            [{"t": "Div", "c": [attr(f"{reading.language}-fn-{before + n}"), blocks]}]
            for n, blocks in enumerate(added, 1)
        ]
        listing = {
            "t": "OrderedList",
            "c": [[before + 1, {"t": "Decimal"}, {"t": "Period"}], items],
        }
        content.append({"t": "Div", "c": [attr(classes=("footnotes",)), [listing]]})
    pairs = (("lang", reading.language), ("dir", reading.direction))
    return {"t": "Div", "c": [attr(classes=("cell",), pairs=pairs), content]}


def parallel_page(left: Reading, right: Reading, choices: list[Node], ui: dict[str, str]) -> Node:
    right_blocks = dict(aligned_blocks(right))
    rows = []
    left_notes: list[list[Node]] = []
    right_notes: list[list[Node]] = []
    for eid, block in aligned_blocks(left):
        cells = [
            _cell(block, left, left_notes),
            _cell(right_blocks.get(eid), right, right_notes),
        ]
        rows.append({"t": "Div", "c": [attr(eid, ("row",)), cells]})
    return page(
        [
            *stage_banners(left, ui),
            header(1, ui["parallel-heading"], "top"),
            {
                "t": "Div",
                "c": [
                    attr("choices", ("choices",)),
                    [
                        {"t": "Plain", "c": text_nodes(ui["parallel-choose"])},
                        {
                            "t": "BulletList",
                            "c": [[{"t": "Plain", "c": [choice]}] for choice in choices],
                        },
                    ],
                ],
            },
            {"t": "Div", "c": [attr("parallel-text", ("parallel",)), rows]},
        ]
    )
