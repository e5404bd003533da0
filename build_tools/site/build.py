"""Building the site: generate each language's MkDocs project, build it, finish it."""

from __future__ import annotations

import dataclasses
import functools
import gzip
import io
import json
import logging
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import jieba
import jinja2
import yaml
from babel import Locale
from lxml import etree
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.theme import Theme

from build_tools.akn.versions import Work, works
from build_tools.akn.xmlio import write_if_changed
from build_tools.config import Language, Project
from build_tools.diagnostics import Diagnostic, StageFailed
from build_tools.i18n.publication import Publication
from build_tools.i18n.ui import ui_strings
from build_tools.layout import (
    ENTRY_PAGE,
    asset_url,
    docs_file,
    home_url,
    relative_url,
    sitemap_url,
    work_url,
)
from build_tools.render import pandoc as pd
from build_tools.render.pandoc import run_pandoc
from build_tools.render.webfonts import all_faces, subset_face
from build_tools.site.generate import (
    CHECKBOX_AUTOCOMPLETE,
    SEARCH,
    Pages,
    display_name,
    info_for,
    mkdocs_config,
    write_assets,
    write_text,
    write_work_pages,
)
from build_tools.site.pages import DocumentInfo, header, home_page, link
from build_tools.state import code_fingerprint, fingerprint


def in_language(work: Work, language: Language, published: Publication) -> Work | None:
    """The work with only the versions published in ``language`` (None: no version is)."""
    versions = tuple(v for v in work.versions if published.has(v.name, language.code))
    return dataclasses.replace(work, versions=versions) if versions else None


def listing(
    project: Project, language: Language, work: Work, ui: dict[str, str], available: bool
) -> DocumentInfo:
    """The home page's entry for a work: its text in ``language``, or else the original."""
    home = home_url(language.code)
    if available:
        return info_for(project, language, work.latest.name, ui, work=work, page=home)
    source = project.source_language
    info = info_for(project, source, work.latest.name, ui, work=work, page=home)
    href = relative_url(work_url(source.code, work.slug), home)
    return dataclasses.replace(info, href=href, unavailable=True)


def generate(
    project: Project, language: Language, names: list[str], published: Publication
) -> Path:
    """Write the MkDocs project of one language; return its mkdocs.yml."""
    layout = project.layout
    folder = layout.mkdocs_project(language.code)
    if folder.exists():
        shutil.rmtree(folder)
    docs, overrides = layout.mkdocs_docs(language.code), layout.mkdocs_overrides(language.code)
    ui = ui_strings(layout, language.code)
    grouped = works([layout.source_file(name) for name in names])
    shown = {work.slug: in_language(work, language, published) for work in grouped}
    infos = [
        listing(project, language, shown[work.slug] or work, ui, shown[work.slug] is not None)
        for work in grouped
    ]
    home = home_page(infos, ui, language.locale)
    pages = Pages(docs, layout.mkdocs_bodies(language.code))
    pages.add(docs_file(home_url(language.code)), ui["site-name"], home, switch_path="")
    for work in grouped:
        here = shown[work.slug]
        if here is not None:
            write_work_pages(project, language, here, ui, pages, grouped, published)
            pages.write()  # a work's pages at a time: memory stays bounded at any corpus size
    pages.write()
    write_assets(docs, overrides, [lang.code for lang in project.languages])
    config = layout.mkdocs_config(language.code)
    slugs = [work.slug for work in grouped if shown[work.slug] is not None]
    settings = mkdocs_config(project, language, ui, slugs)
    write_text(config, yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))
    return config


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """Our plugins take no options from mkdocs.yml."""


class PageBodies(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """Gives each page the metadata and HTML body we made for it (see ``generate.Pages``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.bodies: dict[str, str] = {}

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        sidecar = self.folder / f"{page.file.src_uri}.json"
        if not sidecar.exists():
            return markdown
        data = json.loads(sidecar.read_text("utf-8"))
        page.meta = data["meta"]
        self.bodies[page.file.src_uri] = data["html"]
        return ""

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        return self.bodies.pop(page.file.src_uri, html)


@functools.cache
def _theme_files(folder: str) -> tuple[str, ...]:
    """The files of an installed theme folder, but those under a dot-folder (Material's
    14,000 icons), which MkDocs never copies (its filter drops ``.*`` and ``*/.*``)."""
    every = jinja2.FileSystemLoader(folder).list_templates()
    return tuple(name for name in every if not any(p.startswith(".") for p in name.split("/")))


class _ThemeLoader(jinja2.FileSystemLoader):
    """The theme's template loader, but each installed theme folder is listed once per
    process, without the dot-folders MkDocs filters out: MkDocs lists every file of the
    theme on every build to find its static files, and Material ships 14,000 icons (a
    quarter of a second per build). The project's own ``custom_dir`` is listed afresh."""

    def __init__(self, folders: list[str], custom_dir: str) -> None:
        super().__init__(folders)
        self.custom_dir = custom_dir

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if folder == self.custom_dir:
                found.update(jinja2.FileSystemLoader(folder).list_templates())
            else:
                found.update(_theme_files(folder))
        return sorted(found)


def _faster_theme(config: Any, template_cache: Path) -> None:
    """Give every Jinja environment of the theme (MkDocs' own, and those plugins make,
    such as the search plugin's) a :class:`_ThemeLoader` and a bytecode cache in
    ``build/work/``: compiling Material's templates was a third of each language's build.
    Jinja checks each template's source against its cached code, so an edit is seen."""
    theme = config.theme
    make_env = theme.get_env
    template_cache.mkdir(parents=True, exist_ok=True)
    cache = jinja2.FileSystemBytecodeCache(str(template_cache))

    def get_env() -> jinja2.Environment:
        env: jinja2.Environment = make_env()
        env.loader = _ThemeLoader(list(theme.dirs), str(theme.custom_dir or ""))
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env


def build_order(languages: list[Language]) -> list[Language]:
    """The languages' sites in the order to build them: those whose search index needs a
    word segmenter first (Chinese: jieba loads its dictionary, most of a second), so the
    longest build is not the one the others wait for at the end."""
    return sorted(languages, key=lambda language: language.code not in SEARCH)


def warm_up(codes: list[str]) -> None:
    """Load in this process what each MkDocs build of ``codes`` reads first: the installed
    theme's file listing and the languages' CLDR data (a worker does this before its
    first job, while the catalogs are being checked)."""
    for folder in Theme(name="material").dirs:
        _theme_files(folder)
    for code in codes:
        Locale.parse(code).languages  # noqa: B018 (loads the locale's data)


def run_mkdocs(config_file: Path, template_cache: Path, bodies: Path) -> None:
    """``mkdocs build --strict``, in-process; warnings become located diagnostics."""
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(config_file=str(config_file), strict=True)
        _faster_theme(config, template_cache)
        config.plugins["page-bodies"] = PageBodies(bodies)
        mkdocs_build(config)
    except Abort as error:
        collector.messages.append(str(error))
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise StageFailed(
            [Diagnostic(str(config_file), 0, f"mkdocs: {m}", "mkdocs") for m in collector.messages]
        )


def finish(project: Project, language: Language, epoch: int) -> None:
    """Fix Material's markup the validator rejects (autocomplete on checkboxes), note the
    characters of the pages (the fonts are cut to them), and give every folder above a
    page a sitemap.

    Material fetches ``sitemap.xml`` next to the target of each ``rel=alternate`` link;
    our alternates name pages without their trailing slash, so that fetch lands in the
    page's parent folder. Those folders get the same (empty, MkDocs-style) sitemap as the
    language root, so no request fails."""
    output = project.layout.language_site(language.code)
    characters: set[str] = set()
    for page_file in sorted(output.rglob("*.html")):
        content = page_file.read_text("utf-8")
        characters.update(content)
        fixed = CHECKBOX_AUTOCOMPLETE.sub(r"\1", content)
        if fixed != content:
            page_file.write_text(fixed, "utf-8")
    text = "".join(sorted(characters))
    write_if_changed(project.layout.site_characters(language.code), text.encode("utf-8"))
    root_sitemap = (output / "sitemap.xml").read_bytes()
    _compress_sitemap(output / "sitemap.xml", epoch)
    for page_file in output.rglob("index.html"):
        folder = page_file.parent.parent
        if folder.is_relative_to(output) and not (folder / "sitemap.xml").exists():
            (folder / "sitemap.xml").write_bytes(root_sitemap)


SITE_FONTS = Path("assets", "fonts")  # in each language site; site.css names them "fonts/…"


def _compress_sitemap(sitemap: Path, epoch: int) -> None:
    """``sitemap.xml.gz`` as MkDocs writes it, but stamped with ``epoch`` rather than the
    clock (MkDocs reads the time only from the environment, which we do not touch)."""
    buffer = io.BytesIO()
    gz_name = sitemap.with_name(sitemap.name + ".gz")
    with gzip.GzipFile(fileobj=buffer, filename=str(gz_name), mode="wb", mtime=epoch) as stream:
        stream.write(sitemap.read_bytes())
    gz_name.write_bytes(buffer.getvalue())


def install_fonts(project: Project, languages: list[Language]) -> None:
    """One set of font subsets for every language site, cut to the characters of all of
    them (pages quote every language: switcher, parallel view), cached by that set."""
    characters: set[str] = set()
    outputs = [project.layout.language_site(language.code) for language in languages]
    for language in languages:  # each site's characters, as its build found them
        characters.update(project.layout.site_characters(language.code).read_text("utf-8"))
    text = "".join(sorted(characters))
    cache = project.layout.font_subsets(fingerprint(text, code_fingerprint()))
    if not cache.exists():
        staging = cache.with_name(cache.name + ".tmp")
        for face in all_faces():
            subset_face(face, text, staging)
        staging.rename(cache)
    for output in outputs:
        shutil.copytree(cache, output / SITE_FONTS, dirs_exist_ok=True)


def build_language(
    project: Project, language: Language, names: list[str], published: Publication, epoch: int
) -> Path:
    """The site of one language in ``build/site/<lang>/``; ``epoch`` (seconds) dates what
    MkDocs would otherwise date with the clock."""
    jieba.setLogLevel(logging.WARNING)  # Chinese search segmentation; quiet unless wrong
    config = generate(project, language, names, published)
    layout = project.layout
    run_mkdocs(config, layout.template_cache(), layout.mkdocs_bodies(language.code))
    finish(project, language, epoch)
    return project.layout.language_site(language.code)


def root_page(project: Project) -> bytes:
    """The entry page: every language, named in itself, linking to its home."""
    items = [
        [
            pd.plain(
                [
                    link(
                        display_name(lang.code),
                        home_url(lang.code),
                        lang=lang.code,
                        hreflang=lang.code,
                    )
                ]
            )
        ]
        for lang in project.languages
    ]
    ui = ui_strings(project.layout, project.source_language.code)
    blocks = [header(1, ui["site-name"]), header(2, ui["languages-heading"]), pd.bullet_list(items)]
    meta = {
        "pagetitle": pd.meta_string(ui["site-name"]),
        "lang": pd.meta_string(project.source_language.code),
    }
    doc = pd.document(blocks, meta)
    template = Path(str(resources.files("build_tools") / "templates" / "site" / "root.html"))
    # The source language's stylesheet: its fonts cover every language name.
    stylesheet = asset_url(project.source_language.code, "site.css")
    arguments = [
        "--to=html5",
        "--standalone",
        f"--template={template}",
        f"--variable=stylesheet:{stylesheet}",
    ]
    return run_pandoc(doc, arguments)


def sitemap_index(project: Project) -> bytes:
    """``/sitemap.xml``: the sitemaps of the language sites (Material fetches it too)."""
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = etree.Element(f"{{{namespace}}}sitemapindex", nsmap={None: namespace})
    for language in project.languages:
        entry = etree.SubElement(root, f"{{{namespace}}}sitemap")
        etree.SubElement(entry, f"{{{namespace}}}loc").text = sitemap_url(language.code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def build_entry_pages(project: Project) -> list[Path]:
    """The pages above the language sites: the language chooser and the sitemap index."""
    index = project.layout.built_site() / ENTRY_PAGE
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_bytes(root_page(project))
    sitemap = project.layout.built_site() / sitemap_url("")
    sitemap.write_bytes(sitemap_index(project))
    return [index, sitemap]
