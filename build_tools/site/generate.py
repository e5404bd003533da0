"""Stage ``site``: the public website, one MkDocs + Material build per language.

Per-language builds give each language its own search (results stay in the reader's
language; see ``site.search``), its own ``lang``/``dir`` and Material's own interface
translations.
Page bodies are Pandoc HTML from the same Pandoc documents as the PDF and EPUB.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from build_tools.akn.versions import Version, Work, history
from build_tools.config import Language, Project
from build_tools.i18n.catalogs import read_catalog
from build_tools.i18n.publication import Publication
from build_tools.i18n.stats import catalog_stats
from build_tools.i18n.ui import (
    UI_NAME,
    display_name,
    language_name,
    long_date,
    stage_line,
    ui_strings,
)
from build_tools.layout import (
    DOWNLOAD_FORMATS,
    DownloadFormat,
    changes_url,
    docs_file,
    download_url,
    feed_url,
    home_url,
    in_language_site,
    parallel_choice,
    parallel_url,
    relative_url,
    search_url,
    switch_url,
    version_url,
    work_url,
)
from build_tools.render import pandoc as pd
from build_tools.render.fragments import read_fragments
from build_tools.render.pandoc import Conversion, Node, convert
from build_tools.render.reading import Reading, read_expression
from build_tools.render.webfonts import all_faces, font_face_css
from build_tools.site import search
from build_tools.site.browse import browse_nav
from build_tools.site.jsonld import legislation, script_json
from build_tools.site.pages import (
    DocumentInfo,
    Part,
    VersionEntry,
    banner,
    changes_page,
    document_page,
    history_section,
    link,
    parallel_head,
    parallel_section,
    version_label,
    versions_section,
)
from build_tools.site.parallel import rows_mark
from build_tools.site.redline import redline_blocks
from build_tools.site.styles import stylesheet
from build_tools.state import code_fingerprint, file_sha256, fingerprint

FEED_FILE = in_language_site(feed_url("xx"))  # the feed, from a language's home
CHECKBOX_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'
)


def _lines(fragment: str) -> str:
    return "\n".join(line for line in fragment.splitlines() if line.strip())


HTML = {"wrap_text": "none"}  # Pandoc's writer options for page parts
BATCH_MARK = "<!--akn-page-part-{}-->"
BATCH = 12  # parts per conversion: fewer conversions, yet a bounded Pandoc heap


def html_of_all(parts: list[Node]) -> list[str]:
    """The HTML of many page parts, from one call to Pandoc. Parts without footnotes
    are converted a batch at a time, separated by marks (Pandoc writes each block alike
    wherever it stands); a part with footnotes is converted alone, so its notes are
    numbered and placed as its own."""
    alone = [i for i, part in enumerate(parts) if pd.contains(part, "Note")]
    together = [i for i in range(len(parts)) if i not in set(alone)]
    chunks = [together[start : start + BATCH] for start in range(0, len(together), BATCH)]
    conversions = [Conversion(parts[index], "html5", HTML) for index in alone]
    for chunk in chunks:
        blocks: list[Node] = []
        for index in chunk:
            blocks += [pd.raw_block("html", BATCH_MARK.format(index)), *parts[index]["blocks"]]
        blocks.append(pd.raw_block("html", BATCH_MARK.format("end")))
        conversions.append(Conversion(pd.document(blocks), "html5", HTML))
    converted = iter(output.decode("utf-8") for output in convert(conversions))
    result = [""] * len(parts)
    for index in alone:
        result[index] = _lines(next(converted))
    for chunk, html_text in zip(chunks, converted, strict=True):
        marks = [BATCH_MARK.format(i) for i in [*chunk, "end"]]
        for index, opening, closing in zip(chunk, marks, marks[1:], strict=False):
            result[index] = _lines(html_text.split(opening, 1)[1].split(closing, 1)[0])
    return result


@dataclass(slots=True)
class _Page:
    path: Path
    meta: dict[str, Any]  # what MkDocs would read from front matter
    parts: tuple[Part, ...]


@dataclass(slots=True)
class _Kept:
    """Pages added together, to be kept as generated at ``path`` (see :meth:`Pages.kept_as`)."""

    path: Path
    pages: range  # their places in Pages.pending
    indexed: list[search.Indexed]
    sidecars: list[tuple[str, str]]  # (page file, sidecar text), once written


class Pages:
    """The Markdown pages of one language's MkDocs project, written together at the end
    (see :func:`html_of_all`): each page's body is one raw HTML block that Markdown never
    touches, its parts one after the other, each ending with its own footnotes.

    The pages of one work can be kept as generated (:meth:`kept_as`) and put back in a
    later build (:meth:`restored`): generating every work of a language (reading its
    texts, converting their parts) was most of a site job at N=1000, when one text of it
    had changed."""

    def __init__(self, docs: Path, bodies: Path) -> None:
        self.docs, self.bodies = docs, bodies
        self.pending: list[_Page] = []
        self.indexed: list[search.Indexed] = []  # the pages the search indexes, in order
        self.keeping: list[_Kept] = []

    @contextlib.contextmanager
    def kept_as(self, path: Path) -> Iterator[None]:
        """The pages added meanwhile are kept, once written, at ``path``."""
        first, indexed = len(self.pending), len(self.indexed)
        yield
        found = _Kept(path, range(first, len(self.pending)), self.indexed[indexed:], [])
        self.keeping.append(found)

    def restored(self, path: Path) -> bool:
        """Write the pages kept at ``path`` as they were generated; False (nothing
        written) when there are none there, or they are damaged."""
        try:
            kept = json.loads(path.read_text("utf-8"))
            sidecars = [(str(file), str(text)) for file, text in kept["pages"]]
            indexed = [
                search.Indexed(str(url), tuple((str(f), str(v)) for f, v in facets))
                for url, facets in kept["indexed"]
            ]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        for file, text in sidecars:
            self._write_page(file, text)
        self.indexed += indexed
        return True

    def add(
        self,
        file: str,
        title: str,
        page: Part | tuple[Part, ...],
        *,
        switch_path: str,
        indexed: search.Indexed | None = None,
        description: str = "",
        languages: tuple[str, ...] = (),
        jsonld: str = "",
        meta: dict[str, Any] | None = None,
        hide: tuple[str, ...] = (),
    ) -> None:
        """The page from ``file`` (in ``docs/``); ``languages``: the languages the same
        page exists in (all, when empty); ``indexed``: when the search indexes it, its
        URL and facets (its text is marked, see ``search.marked``); ``jsonld``: its
        structured data (see :func:`~build_tools.site.jsonld.script_json`); ``meta``:
        more of its metadata (escaped); ``hide``: the parts of Material's layout it goes
        without ("toc": the table of contents beside the text)."""
        meta = {**(meta or {}), "title": html.escape(title), "switch_path": switch_path}
        if jsonld:
            meta["jsonld"] = jsonld
        if hide:
            meta["hide"] = list(hide)
        if languages:
            meta["languages"] = list(languages)
        if description:
            meta["description"] = html.escape(description)
        if indexed is not None:
            self.indexed.append(indexed)
        parts = page if isinstance(page, tuple) else (page,)
        self.pending.append(_Page(Path(file), meta, parts))

    def write(self) -> None:
        """Each page's file into ``docs/`` (empty: MkDocs needs a file per page), and
        beside it, in ``bodies/``, its metadata and HTML body, which the build hands to
        MkDocs (Markdown would only have parsed the body to give it back unchanged)."""
        every = [part for page in self.pending for part in page.parts if not isinstance(part, str)]
        converted = iter(html_of_all(every))
        written = []
        for page in self.pending:
            body = "\n".join(
                part if isinstance(part, str) else next(converted) for part in page.parts
            )
            html_body = f'<div class="akn-page">\n{body}\n</div>'
            sidecar = json.dumps({"meta": page.meta, "html": html_body}, ensure_ascii=False)
            file = page.path.as_posix()
            self._write_page(file, sidecar)
            written.append((file, sidecar))
        for kept in self.keeping:
            pages = [written[index] for index in kept.pages]
            indexed = [[item.url, [list(facet) for facet in item.facets]] for item in kept.indexed]
            kept.path.parent.mkdir(parents=True, exist_ok=True)
            staged = kept.path.with_name(f"{kept.path.name}.{os.getpid()}.tmp")
            staged.write_text(json.dumps({"pages": pages, "indexed": indexed}), "utf-8")
            staged.replace(kept.path)
        self.pending.clear()
        self.keeping.clear()

    def _write_page(self, file: str, sidecar: str) -> None:
        write_text(self.docs / file, "")
        write_text(self.bodies / f"{file}.json", sidecar)


def percent_translated(project: Project, language: Language, name: str) -> float:
    """A catalog's share translated: counted once per content and kept in ``build/work``
    (each language's site asks it of every document, whose catalogs rarely change)."""
    path = project.layout.catalog(language.code, name)
    if language == project.source_language or not path.exists():
        return 100.0
    key = fingerprint(file_sha256(path), name, language.code, code_fingerprint())
    kept = project.layout.catalog_share(key)
    try:
        return float(kept.read_text("utf-8"))
    except (OSError, ValueError):
        pass
    percent = _percent(path, name, language.code, file_sha256(path))
    kept.parent.mkdir(parents=True, exist_ok=True)
    staged = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")  # workers may count it at once
    staged.write_text(repr(percent), "utf-8")
    staged.replace(kept)
    return percent


@functools.lru_cache(maxsize=64)
def _percent(path: Path, name: str, code: str, digest: str) -> float:
    """A catalog's share translated, counted once per content (pages ask several times)."""
    return catalog_stats(read_catalog(path), name, code).percent


@functools.lru_cache(maxsize=64)
def _reading(path: Path, code: str, digest: str) -> Reading:
    return read_expression(path, code)


def reading_of(path: Path, code: str) -> Reading:
    """An expression as the pages read it, parsed once per content in this process."""
    return _reading(path, code, file_sha256(path))


DOWNLOAD_LABELS: dict[DownloadFormat, str] = {
    "pdf": "download-pdf",
    "epub": "download-epub",
    "akn": "download-akn",
}


def downloads_of(
    project: Project, language: Language, name: str, ui: dict[str, str], page: str
) -> tuple[tuple[str, str, int], ...]:
    """(label, href, size) of the files of one version, linked from the page at ``page``."""
    code, source, layout = language.code, project.source_language.code, project.layout
    entries = [
        (
            ui[DOWNLOAD_LABELS[format_]],
            relative_url(download_url(code, name, format_), page),
            layout.download(code, name, format_).stat().st_size,
        )
        for format_ in DOWNLOAD_FORMATS
        if layout.download(code, name, format_).exists()
    ]
    if code != source:
        original = layout.download(source, name, "akn")
        label = ui["download-akn-original"].format(language=language_name(source, code))
        href = relative_url(download_url(source, name, "akn"), page)
        entries.append((label, href, original.stat().st_size))
    return tuple(entries)


def info_for(
    project: Project,
    language: Language,
    name: str,
    ui: dict[str, str],
    *,
    work: Work,
    page: str,
) -> DocumentInfo:
    """What the page at ``page`` shows of the version ``name`` of ``work``."""
    reading = reading_of(project.layout.merged(language.code, name), language.code)
    return DocumentInfo(
        name=name,
        reading=reading,
        percent=percent_translated(project, language, name),
        downloads=downloads_of(project, language, name, ui, page),
        source_code=project.source_language.code,
        slug=work.slug,
        href=relative_url(work_url(language.code, work.slug), home_url(language.code)),
    )


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def version_list(work: Work, code: str, page: str) -> list[VersionEntry]:
    """The work's versions, linked from the page at ``page``."""
    return [
        VersionEntry(
            v.name,
            v.date,
            v.kind,
            relative_url(version_url(code, work.slug, v.name), page),
            relative_url(changes_url(code, work.slug, v.name), page),
        )
        for v in work.versions
    ]


def text_page(
    project: Project,
    language: Language,
    info: DocumentInfo,
    ui: dict[str, str],
    *,
    original: str,
    extra: tuple[Node, ...],
    facets: tuple[tuple[str, str], ...] | None = None,
) -> tuple[Part, ...]:
    """The page of one version's text; with ``facets``, its text marked for the search."""
    source = project.source_language.code
    body = read_fragments(project.layout.fragments(language.code, info.name)).body
    if facets is not None:
        body = search.marked(body, html_title(info.reading), facets)
    return document_page(
        info,
        body,
        ui,
        language.locale,
        original_href=original,
        source_name=language_name(source, language.code),
        extra=extra,
    )


def write_work_pages(
    project: Project,
    language: Language,
    work: Work,
    ui: dict[str, str],
    pages: Pages,
    every: list[Work],
    published: Publication,
    navigation: dict[str, Any] | None = None,
) -> None:
    """The work's current text, its drafting history, every version, the redlines and
    the parallel view. ``work`` holds the versions published in ``language``;
    ``navigation``: its page's breadcrumbs and neighbours (``browse_pages``)."""
    source, code, slug = project.source_language.code, language.code, work.slug
    url = work_url(code, slug)
    latest = info_for(project, language, work.latest.name, ui, work=work, page=url)
    codes = tuple(lang.code for lang in published.of(project, work.latest.name))
    parallel = relative_url(parallel_url(code, slug), url)
    extra = (
        *history_of(work, every, ui, language),
        *versions_section(version_list(work, code, url), "", ui, language.locale),
        *(parallel_section(ui, parallel) if len(codes) > 1 else ()),
    )
    original = relative_url(work_url(source, slug), url)
    facets = search.facets_of(latest.reading, source)
    page = text_page(project, language, latest, ui, original=original, extra=extra, facets=facets)
    stage = stage_line(latest.reading.facts, ui, language.locale)
    pages.add(
        docs_file(url, folder_index=True),
        page_title(latest.reading, stage),
        page,
        switch_path=in_language_site(url),
        indexed=search.Indexed(in_language_site(url), facets),
        description=stage,
        languages=codes,
        jsonld=_jsonld(project, language, work, work.latest, every, published, url),
        meta={"browse": navigation} if navigation else None,
    )
    for version in work.versions:
        version_codes = tuple(lang.code for lang in published.of(project, version.name))
        jsonld = _jsonld(project, language, work, version, every, published, "")
        write_version_page(project, language, work, version, ui, pages, version_codes, jsonld)
    write_changes_pages(project, language, work, ui, pages)
    if len(codes) > 1:
        write_parallel_pages(project, language, latest, pages, codes)


def work_pages_inputs(
    project: Project,
    language: Language,
    work: Work,
    every: list[Work],
    published: Publication,
    navigation: dict[str, Any] | None,
) -> str:
    """Everything :func:`write_work_pages` shows of ``work`` in ``language``: our code and
    settings, the interface strings, the work as published in the language (its
    versions, dates, kinds, IRI, facts), its drafting history (each related work's
    address, IRI and facts), its navigation; for each version, the languages it is
    published in and their texts (the JSON-LD names each translation), and in
    ``language`` its fragments, catalog (the share translated) and downloads (sizes and
    digests), with the original's AKN download (linked from every translation)."""
    layout, code, source = project.layout, language.code, project.source_language.code
    listed = ",".join(lang.code for lang in project.languages)  # the site's (see run_site)
    parts = [code_fingerprint(), project.settings, listed, repr(language), repr(work)]
    parts.append(json.dumps(navigation, sort_keys=True, ensure_ascii=False))
    parts.append(file_sha256(layout.catalog(code, UI_NAME)))
    parts += [repr((other.slug, other.iri, other.facts)) for other in history(work, every)]
    for version in work.versions:
        codes = sorted(lang.code for lang in published.of(project, version.name))
        parts.append(",".join(codes))
        for shown in sorted({code, source, *codes}):
            parts.append(f"{shown}:{file_sha256(layout.merged(shown, version.name))}")
        parts.append(file_sha256(layout.fragments(code, version.name)))
        parts.append(file_sha256(layout.catalog(code, version.name)))
        downloads = [layout.download(code, version.name, f) for f in DOWNLOAD_FORMATS]
        downloads.append(layout.download(source, version.name, "akn"))
        parts += [file_sha256(path) for path in downloads]
    return fingerprint(*parts)


def history_of(work: Work, every: list[Work], ui: dict[str, str], language: Language) -> list[Node]:
    """The drafting history section of a work page (nothing when the work stands alone)."""
    entries = []
    page = work_url(language.code, work.slug)
    for other in history(work, every):
        label = stage_line(other.facts, ui, language.locale) if other.facts else other.slug
        href = relative_url(work_url(language.code, other.slug), page)
        entries.append((label, "" if other is work else href))
    return history_section(entries, ui) if entries else []


def page_title(reading: Reading, stage: str) -> str:
    """The HTML title: the document's title and what it is."""
    return " — ".join(part for part in (html_title(reading), stage) if part)


def write_version_page(
    project: Project,
    language: Language,
    work: Work,
    version: Version,
    ui: dict[str, str],
    pages: Pages,
    codes: tuple[str, ...],
    jsonld: str = "",
) -> None:
    source, code, slug = project.source_language.code, language.code, work.slug
    url = version_url(code, slug, version.name)
    info = info_for(project, language, version.name, ui, work=work, page=url)
    listed = version_list(work, code, url)
    extra = tuple(versions_section(listed, version.name, ui, language.locale))
    original = relative_url(version_url(source, slug, version.name), url)
    page = text_page(project, language, info, ui, original=original, extra=extra)
    stage = stage_line(info.reading.facts, ui, language.locale)
    label = version_label(version.kind, version.date, ui, language.locale)
    pages.add(
        docs_file(url),
        f"{page_title(info.reading, stage)} — {label}",
        page,
        switch_path=in_language_site(url),
        description=stage,
        languages=codes,
        jsonld=jsonld,
    )


def _jsonld(
    project: Project,
    language: Language,
    work: Work,
    version: Version,
    every: list[Work],
    published: Publication,
    page: str,
) -> str:
    """The page's schema.org ``Legislation`` as script text (``page`` empty: the version's
    own page)."""
    at = page or version_url(language.code, work.slug, version.name)
    data = legislation(project, language, work, version, every, published, at)
    return script_json(data) if data else ""


def write_changes_pages(
    project: Project, language: Language, work: Work, ui: dict[str, str], pages: Pages
) -> None:
    for old, new in zip(work.versions, work.versions[1:], strict=False):
        before = reading_of(project.layout.merged(language.code, old.name), language.code)
        after = reading_of(project.layout.merged(language.code, new.name), language.code)
        dates = {
            "old": long_date(old.date, language.locale),
            "new": long_date(new.date, language.locale),
        }
        title = ui["changes-heading"].format(**dates)
        page = changes_page(title, ui, redline_blocks(before, after), after)
        url = changes_url(language.code, work.slug, new.name)
        pages.add(docs_file(url), title, page, switch_path=in_language_site(url))


def write_parallel_pages(
    project: Project, language: Language, info: DocumentInfo, pages: Pages, codes: tuple[str, ...]
) -> None:
    """The parallel view: the text beside any other language it is published in
    (``codes``), chosen on the page; the original is beside it until then (or, on the
    original's own site, the first other language)."""
    ui = ui_strings(project.layout, language.code, project.issuing_body)
    code, slug = language.code, info.slug
    available = [lang for lang in project.languages if lang.code in codes]
    others = [lang for lang in available if lang != language]
    default = project.source_language if language != project.source_language else others[0]
    others.sort(key=lambda lang: lang != default)  # the default first: shown until a choice
    choices = [
        link(display_name(o.code), f"#{parallel_choice(o.code)}", lang=o.code, hreflang=o.code)
        for o in available
        if o != language
    ]
    source = project.source_language.code
    status = None
    if info.reading.provisional:  # as on the text's page: the original is authoritative
        original = relative_url(work_url(source, slug), parallel_url(code, slug))
        status = banner(info, ui, language.locale, original, language_name(source, code))
    targets = [parallel_choice(o.code) for o in others]
    head = parallel_head(info.reading, choices, targets, ui, status=status)
    rows = rows_mark(info.name, [code, *(o.code for o in others)])  # filled on publish
    pages.add(
        docs_file(parallel_url(code, slug), folder_index=True),
        f"{ui['parallel-heading']} — {html_title(info.reading)}",
        (head, rows),
        switch_path=in_language_site(work_url(code, slug)),
        languages=codes,
        hide=("toc",),  # two columns need the width; the view has no sections to list
    )


def chooser_css(codes: list[str]) -> str:
    """The parallel view's choice, without script: each row shows its own cell and one
    other, the default (second) until a choice's target (``#with-LANG``) is in the address."""
    rules = [
        "/* The parallel view: one other language at a time (generate.chooser_css). */",
        ".parallel .row > .cell:nth-child(n+3) { display: none; }",
        ".with:target ~ .parallel .row > .cell:nth-child(2) { display: none; }",
    ]
    for code in codes:
        target = f"#{parallel_choice(code)}:target"
        rules.append(f'{target} ~ .parallel .row > .cell[lang="{code}"] {{ display: block; }}')
        rules.append(f'{target} ~ .choices a[hreflang="{code}"] {{ font-weight: bold; }}')
    return "\n".join(rules) + "\n"


def html_title(reading: Reading) -> str:
    from build_tools.render.reading import plain

    return plain(reading.title)


def mkdocs_config(project: Project, language: Language, ui: dict[str, str]) -> dict[str, Any]:
    return {
        "site_name": html.escape(ui["site-name"]),
        "docs_dir": "docs",
        "site_dir": str(project.layout.language_site(language.code)),
        "use_directory_urls": True,
        "strict": True,
        "theme": {
            "name": "material",
            "language": language.code,
            "font": False,
            "custom_dir": "overrides",
        },
        "plugins": [],  # the search is Pagefind's (see site.search), not MkDocs'
        "extra": {
            "alternate": [
                {
                    "name": display_name(lang.code),
                    "link": switch_url(lang.code),
                    "lang": lang.code,
                }
                for lang in project.languages
            ],
            "generator": False,
            "demonstration": html.escape(ui["demo-banner"]) if project.demonstration else "",
            "unavailable": html.escape(ui["switch-unavailable"]),
            "feed": {"href": FEED_FILE, "title": html.escape(ui["feed-title"])},
            "not_found": {
                key: html.escape(ui[f"not-found-{key}"]) for key in ("heading", "text", "home")
            },
            "search": {
                "url": in_language_site(search_url(language.code)),
                "label": html.escape(ui["search-label"]),
            },
        },
        "extra_css": ["assets/site.css"],
        "extra_javascript": ["assets/site.js"],
        "nav": browse_nav(language.code, html.escape(ui["home-nav"])),
        "not_in_nav": "*.md\n",  # the texts, the groups' and the search page: their own navigation
        "validation": {"links": {"anchors": "ignore"}},
    }


def _resource(name: str) -> str:
    return (resources.files("build_tools") / "templates" / "site" / name).read_text("utf-8")


def write_assets(docs: Path, overrides: Path, codes: list[str]) -> None:
    css = font_face_css(all_faces(), "fonts/") + stylesheet(_resource("site.css"), codes)
    css += chooser_css(codes)
    write_text(docs / "assets" / "site.css", css)
    write_text(docs / "assets" / "site.js", _resource("site.js"))
    write_text(docs / "assets" / "browse.js", _resource("browse.js"))
    write_text(docs / "assets" / "search.js", _resource("search.js"))
    write_text(overrides / "main.html", _resource("main.html"))
    write_text(overrides / "404.html", _resource("404.html"))
    for partial in ("alternate.html", "browse.html", "search-box.html"):
        write_text(overrides / "partials" / partial, _resource(f"partials/{partial}"))
