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
from build_tools.reading import Reading, read_expression
from build_tools.site_pages import DocumentInfo, document_page, link, parallel_page
from build_tools.stats import catalog_stats
from build_tools.ui import language_name
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


def markdown_page(title: str, page: Node, *, switch_path: str, searchable: bool = True) -> str:
    """A MkDocs page whose body is one raw HTML block (Markdown never touches it)."""
    meta: dict[str, Any] = {"title": html.escape(title), "switch_path": switch_path}
    if not searchable:
        meta["search"] = {"exclude": True}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f'---\n{front}---\n\n<div class="akn-page">\n{html_of(page)}\n</div>\n'


def percent_translated(project: Project, language: Language, name: str) -> float:
    path = catalog_path(project, language.code, name)
    if language == project.source_language or not path.exists():
        return 100.0
    return catalog_stats(read_catalog(path), name, language.code).percent


def downloads_of(
    project: Project, language: Language, name: str, ui: dict[str, str]
) -> tuple[tuple[str, str, int], ...]:
    source = project.source_language.code
    files = [
        (
            ui["download-pdf"],
            project.build / "downloads" / language.code / f"{name}.{language.code}.pdf",
        ),
        (
            ui["download-epub"],
            project.build / "downloads" / language.code / f"{name}.{language.code}.epub",
        ),
        (ui["download-akn"], merged_path(project, language.code, name)),
    ]
    entries = [
        (label, f"../downloads/{path.name}", path.stat().st_size)
        for label, path in files
        if path.exists()
    ]
    entries = [
        (label, href.replace(f"{name}.xml", f"{name}.{language.code}.akn.xml"), size)
        for label, href, size in entries
    ]
    if language.code != source:
        original = merged_path(project, source, name)
        label = ui["download-akn-original"].format(language=language_name(source, language.code))
        entries.append(
            (label, f"../../{source}/downloads/{name}.{source}.akn.xml", original.stat().st_size)
        )
    return tuple(entries)


def info_for(project: Project, language: Language, name: str, ui: dict[str, str]) -> DocumentInfo:
    reading = read_expression(merged_path(project, language.code, name), language.code)
    return DocumentInfo(
        name=name,
        reading=reading,
        percent=percent_translated(project, language, name),
        downloads=downloads_of(project, language, name, ui),
        source_code=project.source_language.code,
    )


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def write_document_pages(
    project: Project, language: Language, info: DocumentInfo, ui: dict[str, str], docs: Path
) -> None:
    source = project.source_language.code
    marker = ui["fallback-marker"].format(language=language_name(source, language.code))
    body = prepare(document(info.reading), marker, language.code, title_on_top=False)
    page = document_page(
        info,
        body,
        ui,
        language.locale,
        original_href=f"../../{source}/{info.name}/",
        source_name=language_name(source, language.code),
    )
    plain_title = html_title(info.reading)
    write_text(
        docs / info.name / "index.md", markdown_page(plain_title, page, switch_path=f"{info.name}/")
    )
    readings = {
        lang.code: read_expression(merged_path(project, lang.code, info.name), lang.code)
        for lang in project.languages
    }
    others = [lang for lang in project.languages if lang != language]
    for other in others:
        choices = [
            link(display_name(o.code), f"../{o.code}/", lang=o.code, hreflang=o.code)
            for o in others
        ]
        parallel = parallel_page(info.reading, readings[other.code], choices, ui)
        title = f"{ui['parallel-heading']} — {display_name(other.code)}"
        markdown = markdown_page(title, parallel, switch_path=f"{info.name}/", searchable=False)
        write_text(docs / info.name / "parallel" / f"{other.code}.md", markdown)
    default = project.source_language if language.code != source else others[0]
    shutil.copy(
        docs / info.name / "parallel" / f"{default.code}.md",
        docs / info.name / "parallel" / "index.md",
    )


def html_title(reading: Reading) -> str:
    from build_tools.reading import plain

    return plain(reading.title)


def mkdocs_config(
    project: Project, language: Language, ui: dict[str, str], names: list[str]
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
        },
        "extra_css": ["assets/site.css"],
        "extra_javascript": ["assets/site.js"],
        "nav": [
            {"index.md": "index.md"} if False else "index.md",
            *(f"{name}/index.md" for name in names),
        ],
        "not_in_nav": "/*/parallel/*.md\n",
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
