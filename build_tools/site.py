"""Stage ``site``: the public website, one MkDocs + Material build per language.

Per-language builds give each language its own search index (results stay in the
reader's language), its own ``lang``/``dir`` and Material's own interface translations.
Page bodies are Pandoc HTML from the same Pandoc documents as the PDF and EPUB.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from build_tools.catalogs import read_catalog
from build_tools.config import Language, Project
from build_tools.extract import catalog_path
from build_tools.html_doc import prepare
from build_tools.merge import merged_path
from build_tools.pandoc_doc import Node, document
from build_tools.pandoc_run import run_pandoc
from build_tools.publication import Publication
from build_tools.reading import Reading, read_expression
from build_tools.site_pages import (
    DocumentInfo,
    changes_page,
    document_page,
    history_section,
    link,
    parallel_page,
    parallel_section,
    version_label,
    versions_section,
)
from build_tools.stats import catalog_stats
from build_tools.ui import language_name, long_date, stage_line, ui_strings
from build_tools.versions import Version, Work, history, redline_blocks
from build_tools.webfonts import all_faces, font_face_css

SEARCH = {"zh": {"lang": "zh", "separator": r"[\s\u200b\-，。；：、（）《》“”]+"}}
CHECKBOX_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'
)


@dataclass(frozen=True, slots=True)
class SitePaths:
    sources: Path  # build/mkdocs/<lang>: the generated MkDocs project
    output: Path  # build/site/<lang>: its HTML


def site_paths(project: Project, language: str) -> SitePaths:
    return SitePaths(project.build / "mkdocs" / language, project.build / "site" / language)


def display_name(code: str) -> str:
    """A language's own name for itself, as a switcher shows it: 'Français', 'العربية'."""
    name = str(Locale.parse(code).get_display_name(code))
    return name[:1].upper() + name[1:]


def html_of(page: Node) -> str:
    fragment = run_pandoc(page, ["--to=html5", "--wrap=none"]).decode("utf-8")
    return "\n".join(line for line in fragment.splitlines() if line.strip())


def markdown_page(
    title: str,
    page: Node | tuple[Node, ...],
    *,
    switch_path: str,
    searchable: bool = True,
    description: str = "",
    languages: tuple[str, ...] = (),
) -> str:
    """A MkDocs page whose body is one raw HTML block (Markdown never touches it); the
    parts of ``page`` are written one after the other, each ending with its own footnotes.
    ``languages``: the languages the same page exists in (all, when empty)."""
    meta: dict[str, Any] = {"title": html.escape(title), "switch_path": switch_path}
    if languages:
        meta["languages"] = list(languages)
    if description:
        meta["description"] = html.escape(description)
    if not searchable:
        meta["search"] = {"exclude": True}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    parts = page if isinstance(page, tuple) else (page,)
    body = "\n".join(html_of(part) for part in parts)
    return f'---\n{front}---\n\n<div class="akn-page">\n{body}\n</div>\n'


def percent_translated(project: Project, language: Language, name: str) -> float:
    path = catalog_path(project, language.code, name)
    if language == project.source_language or not path.exists():
        return 100.0
    return catalog_stats(read_catalog(path), name, language.code).percent


def downloads_of(
    project: Project, language: Language, name: str, ui: dict[str, str], up: str
) -> tuple[tuple[str, str, int], ...]:
    """(label, href, size) of the files of one version; ``up`` leads to the language root."""
    code, source = language.code, project.source_language.code
    folder = project.build / "downloads" / code
    files = [
        (ui["download-pdf"], folder / f"{name}.{code}.pdf", f"{name}.{code}.pdf"),
        (ui["download-epub"], folder / f"{name}.{code}.epub", f"{name}.{code}.epub"),
        (ui["download-akn"], merged_path(project, code, name), f"{name}.{code}.akn.xml"),
    ]
    entries = [
        (label, f"{up}downloads/{published}", path.stat().st_size)
        for label, path, published in files
        if path.exists()
    ]
    if code != source:
        original = merged_path(project, source, name)
        label = ui["download-akn-original"].format(language=language_name(source, code))
        entries.append(
            (label, f"{up}../{source}/downloads/{name}.{source}.akn.xml", original.stat().st_size)
        )
    return tuple(entries)


def info_for(
    project: Project,
    language: Language,
    name: str,
    ui: dict[str, str],
    *,
    work: Work,
    up: str = "../",
) -> DocumentInfo:
    reading = read_expression(merged_path(project, language.code, name), language.code)
    return DocumentInfo(
        name=name,
        reading=reading,
        percent=percent_translated(project, language, name),
        downloads=downloads_of(project, language, name, ui, up),
        source_code=project.source_language.code,
        slug=work.slug,
    )


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def version_list(work: Work) -> list[tuple[str, str, str]]:
    return [(v.name, v.date, v.kind) for v in work.versions]


def text_page(
    project: Project,
    language: Language,
    info: DocumentInfo,
    ui: dict[str, str],
    *,
    original: str,
    extra: tuple[Node, ...],
) -> tuple[Node, Node]:
    source = project.source_language.code
    marker = ui["fallback-marker"].format(language=language_name(source, language.code))
    body = prepare(document(info.reading), marker, language.code, title_on_top=False)
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
    docs: Path,
    every: list[Work],
    published: Publication,
) -> None:
    """The work's current text, its drafting history, every version, the redlines and
    the parallel view. ``work`` holds the versions published in ``language``."""
    source, slug = project.source_language.code, work.slug
    latest = info_for(project, language, work.latest.name, ui, work=work)
    codes = tuple(lang.code for lang in published.of(project, work.latest.name))
    extra = (
        *history_of(work, every, ui, language.locale),
        *versions_section(version_list(work), "", ui, language.locale, ""),
        *(parallel_section(ui) if len(codes) > 1 else ()),
    )
    page = text_page(project, language, latest, ui, original=f"../../{source}/{slug}/", extra=extra)
    stage = stage_line(latest.reading.facts, ui, language.locale)
    markdown = markdown_page(
        page_title(latest.reading, stage),
        page,
        switch_path=f"{slug}/",
        description=stage,
        languages=codes,
    )
    write_text(docs / slug / "index.md", markdown)
    for version in work.versions:
        version_codes = tuple(lang.code for lang in published.of(project, version.name))
        write_version_page(project, language, work, version, ui, docs, version_codes)
    write_changes_pages(project, language, work, ui, docs)
    if len(codes) > 1:
        write_parallel_pages(project, language, latest, docs, codes)


def history_of(work: Work, every: list[Work], ui: dict[str, str], locale: str) -> list[Node]:
    """The drafting history section of a work page (nothing when the work stands alone)."""
    entries = []
    for other in history(work, every):
        label = stage_line(other.facts, ui, locale) if other.facts else other.slug
        entries.append((label, "" if other is work else f"../{other.slug}/"))
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
    docs: Path,
    codes: tuple[str, ...],
) -> None:
    source, slug = project.source_language.code, work.slug
    info = info_for(project, language, version.name, ui, work=work, up="../../../")
    extra = tuple(versions_section(version_list(work), version.name, ui, language.locale, "../../"))
    original = f"../../../../{source}/{slug}/versions/{version.name}/"
    page = text_page(project, language, info, ui, original=original, extra=extra)
    stage = stage_line(info.reading.facts, ui, language.locale)
    label = version_label(version.kind, version.date, ui, language.locale)
    markdown = markdown_page(
        f"{page_title(info.reading, stage)} — {label}",
        page,
        switch_path=f"{slug}/versions/{version.name}/",
        searchable=False,
        description=stage,
        languages=codes,
    )
    write_text(docs / slug / "versions" / f"{version.name}.md", markdown)


def write_changes_pages(
    project: Project, language: Language, work: Work, ui: dict[str, str], docs: Path
) -> None:
    for old, new in zip(work.versions, work.versions[1:], strict=False):
        before = read_expression(merged_path(project, language.code, old.name), language.code)
        after = read_expression(merged_path(project, language.code, new.name), language.code)
        dates = {
            "old": long_date(old.date, language.locale),
            "new": long_date(new.date, language.locale),
        }
        title = ui["changes-heading"].format(**dates)
        page = changes_page(title, ui, redline_blocks(before, after), after)
        markdown = markdown_page(
            title, page, switch_path=f"{work.slug}/changes/{new.name}/", searchable=False
        )
        write_text(docs / work.slug / "changes" / f"{new.name}.md", markdown)


def write_parallel_pages(
    project: Project, language: Language, info: DocumentInfo, docs: Path, codes: tuple[str, ...]
) -> None:
    """One page per other language the document is published in (``codes``)."""
    ui = ui_strings(project.translations, language.code)
    available = [lang for lang in project.languages if lang.code in codes]
    readings = {
        lang.code: read_expression(merged_path(project, lang.code, info.name), lang.code)
        for lang in available
    }
    others = [lang for lang in available if lang != language]
    choices = [
        link(display_name(o.code), f"../{o.code}/", lang=o.code, hreflang=o.code) for o in others
    ]
    folder = docs / info.slug / "parallel"
    for other in others:
        parallel = parallel_page(info.reading, readings[other.code], choices, ui)
        title = f"{ui['parallel-heading']} — {display_name(other.code)}"
        markdown = markdown_page(
            title, parallel, switch_path=f"{info.slug}/", searchable=False, languages=codes
        )
        write_text(folder / f"{other.code}.md", markdown)
    default = project.source_language if language != project.source_language else others[0]
    shutil.copy(folder / f"{default.code}.md", folder / "index.md")


def html_title(reading: Reading) -> str:
    from build_tools.reading import plain

    return plain(reading.title)


def mkdocs_config(
    project: Project, language: Language, ui: dict[str, str], slugs: list[str]
) -> dict[str, Any]:
    search: dict[str, Any] = SEARCH.get(language.code, {"lang": language.code})
    return {
        "site_name": html.escape(ui["site-name"]),
        "docs_dir": "docs",
        "site_dir": str(site_paths(project, language.code).output),
        "use_directory_urls": True,
        "strict": True,
        "theme": {
            "name": "material",
            "language": language.code,
            "font": False,
            "custom_dir": "overrides",
            "features": ["search.highlight"],
        },
        "plugins": [{"search": search}],
        "extra": {
            "alternate": [
                {"name": display_name(lang.code), "link": f"../{lang.code}/", "lang": lang.code}
                for lang in project.languages
            ],
            "generator": False,
            "demonstration": html.escape(ui["demo-banner"]) if project.demonstration else "",
            "unavailable": html.escape(ui["switch-unavailable"]),
        },
        "extra_css": ["assets/site.css"],
        "extra_javascript": ["assets/site.js"],
        "nav": ["index.md", *(f"{slug}/index.md" for slug in slugs)],
        "not_in_nav": "/*/parallel/*.md\n/*/versions/*.md\n/*/changes/*.md\n",
        "validation": {"links": {"anchors": "ignore"}},
    }


def _resource(name: str) -> str:
    return (resources.files("build_tools") / "templates" / "site" / name).read_text("utf-8")


def write_assets(docs: Path, overrides: Path) -> None:
    css = font_face_css(all_faces(), "fonts/") + _resource("site.css")
    write_text(docs / "assets" / "site.css", css)
    write_text(docs / "assets" / "site.js", _resource("site.js"))
    write_text(overrides / "main.html", _resource("main.html"))
    write_text(overrides / "partials" / "alternate.html", _resource("partials/alternate.html"))
