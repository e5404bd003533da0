"""Building the site: generate each language's MkDocs project, build it, finish it."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import os
import shutil
from importlib import resources
from pathlib import Path

import yaml
from lxml import etree

from build_tools.akn.versions import Work, works
from build_tools.akn.xmlio import write_if_changed
from build_tools.config import Language, Project
from build_tools.i18n.publication import Publication
from build_tools.i18n.ui import UI_NAME, display_name, ui_strings
from build_tools.layout import (
    ENTRY_PAGE,
    asset_url,
    docs_file,
    home_url,
    in_language_site,
    search_url,
    sitemap_url,
)
from build_tools.render import pandoc as pd
from build_tools.render.pandoc import Conversion, convert
from build_tools.render.webfonts import all_faces, subset_face
from build_tools.site import search
from build_tools.site.browse import nav_files
from build_tools.site.browse_pages import collect, document_navigations, write_browse
from build_tools.site.feeds import write_feed
from build_tools.site.generate import (
    CHECKBOX_AUTOCOMPLETE,
    Pages,
    mkdocs_config,
    work_pages_inputs,
    write_assets,
    write_text,
    write_work_pages,
)
from build_tools.site.pages import header, link
from build_tools.site.parallel import fragment_characters
from build_tools.state import code_fingerprint, file_sha256, fingerprint


def in_language(work: Work, language: Language, published: Publication) -> Work | None:
    """The work with only the versions published in ``language`` (None: no version is)."""
    versions = tuple(v for v in work.versions if published.has(v.name, language.code))
    return dataclasses.replace(work, versions=versions) if versions else None


WORKS_PER_WRITE = 10  # works whose pages are converted together (one call to Pandoc)


def generate(
    project: Project, language: Language, names: list[str], published: Publication
) -> Path:
    """Write the MkDocs project of one language; return its mkdocs.yml."""
    layout = project.layout
    folder = layout.mkdocs_project(language.code)
    if folder.exists():
        shutil.rmtree(folder)
    docs, overrides = layout.mkdocs_docs(language.code), layout.mkdocs_overrides(language.code)
    ui = ui_strings(layout, language.code, project.issuing_body)
    grouped = works([layout.source_file(name) for name in names])
    shown = {work.slug: in_language(work, language, published) for work in grouped}
    browse = collect(project, language, grouped, shown, ui)
    pages = Pages(docs, layout.mkdocs_bodies(language.code))
    write_browse(pages, docs, browse, ui["home-intro"])
    navigations = document_navigations(browse)
    used: set[Path] = set()
    for count, work in enumerate(grouped, 1):
        here = shown[work.slug]
        if here is not None:
            navigation = navigations[work.slug]
            inputs = work_pages_inputs(project, language, here, grouped, published, navigation)
            kept = layout.work_pages(language.code, inputs)
            used.add(kept)
            if not pages.restored(kept):
                with pages.kept_as(kept):
                    write_work_pages(
                        project, language, here, ui, pages, grouped, published, navigation
                    )
        if count % WORKS_PER_WRITE == 0:
            pages.write()  # memory stays bounded at any corpus size
    found = search.search_page(pages.indexed, ui, language.code, language.locale)
    url = search_url(language.code)
    pages.add(docs_file(url), ui["search-heading"], found, switch_path=in_language_site(url))
    pages.write()
    _forget_other_work_pages(layout.kept_work_pages(language.code), used)
    search.write_list(project, language.code, pages.indexed)
    write_assets(docs, overrides, [lang.code for lang in project.languages])
    config = layout.mkdocs_config(language.code)
    settings = mkdocs_config(project, language, ui)
    write_text(config, yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))
    return config


def _forget_other_work_pages(folder: Path, used: set[Path]) -> None:
    """Remove the works' pages kept for the language but not used by this build (older
    contents of its texts): what is kept stays the size of one generation."""
    for path in folder.glob("*/*.json"):
        if path not in used:
            path.unlink(missing_ok=True)


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


GZIP_LAST = 2**32 - 1  # the last time a gzip header can hold (early 2106)


def _compress_sitemap(sitemap: Path, epoch: int) -> None:
    """``sitemap.xml.gz`` as MkDocs writes it, but stamped with ``epoch`` rather than the
    clock (MkDocs reads the time only from the environment, which we do not touch)."""
    buffer = io.BytesIO()
    gz_name = sitemap.with_name(sitemap.name + ".gz")
    mtime = min(max(epoch, 0), GZIP_LAST)  # what gzip's 32 bits hold (0: none, before 1970)
    with gzip.GzipFile(fileobj=buffer, filename=str(gz_name), mode="wb", mtime=mtime) as stream:
        stream.write(sitemap.read_bytes())
    gz_name.write_bytes(buffer.getvalue())


def install_fonts(project: Project, languages: list[Language], names: list[str]) -> list[Path]:
    """One set of font subsets for every language site, cut to the characters of all of
    them and of the texts of ``names`` their parallel views show (pages quote every
    language: switcher, parallel view), cached by that set. Returns the language sites
    it wrote into (a site whose fonts are already those is left alone)."""
    codes = [language.code for language in languages]
    characters = fragment_characters(project, names, codes)
    outputs = [project.layout.language_site(code) for code in codes]
    for code in codes:  # each site's characters, as its build found them
        characters.update(project.layout.site_characters(code).read_text("utf-8"))
    text = "".join(sorted(characters))
    cache = project.layout.font_subsets(fingerprint(text, code_fingerprint()))
    if not cache.exists():
        staging = cache.with_name(cache.name + ".tmp")
        for face in all_faces():
            subset_face(face, text, staging)
        staging.rename(cache)
    fonts = {font.name: font.read_bytes() for font in sorted(cache.iterdir())}
    written = []
    for output in outputs:
        changed = [
            write_if_changed(output / SITE_FONTS / name, data) for name, data in fonts.items()
        ]
        if any(changed):
            written.append(output)
    return written


def build_language(
    project: Project, language: Language, names: list[str], published: Publication, epoch: int
) -> Path:
    """The site of one language in ``build/site/<lang>/``; ``epoch`` (seconds) dates what
    MkDocs would otherwise date with the clock."""
    from build_tools.site.engine import run_mkdocs

    config = generate(project, language, names, published)
    layout = project.layout
    record = layout.site_pages(language.code)
    pages = page_digests(project, language)
    dirty = keep_unchanged(project, language, pages)
    record.unlink(missing_ok=True)  # a build stopped from here on leaves no record
    run_mkdocs(config, layout.template_cache(), layout.mkdocs_bodies(language.code), dirty=dirty)
    finish(project, language, epoch)
    write_feed(project, language, names, published)
    record.parent.mkdir(parents=True, exist_ok=True)
    staged = record.with_name(record.name + ".tmp")
    staged.write_text(json.dumps(pages, sort_keys=True), "utf-8")
    staged.replace(record)
    return project.layout.language_site(language.code)


PROJECT_FILE = "(project)"  # the digest of everything of the project but the pages' bodies


def page_digests(project: Project, language: Language) -> dict[str, str]:
    """The digest of each page's body by the path of its file in ``docs/``, and, under
    :data:`PROJECT_FILE`, of the rest of the language's MkDocs project (its settings,
    templates, assets, the list of its pages) and of our code: what a page's HTML is
    made from besides its body."""
    layout = project.layout
    bodies, docs = layout.mkdocs_bodies(language.code), layout.mkdocs_docs(language.code)
    pages = {
        path.relative_to(bodies).as_posix().removesuffix(".json"): file_sha256(path)
        for path in sorted(bodies.rglob("*.json"))
    }
    rest = [file_sha256(layout.mkdocs_config(language.code))]
    for folder in (layout.mkdocs_overrides(language.code), docs / "assets"):
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        rest += [f"{p.relative_to(folder)}:{file_sha256(p)}" for p in files]
    project_digest = fingerprint(code_fingerprint(), *rest, *sorted(pages))
    return {PROJECT_FILE: project_digest, **pages}


def keep_unchanged(project: Project, language: Language, pages: dict[str, str]) -> bool:
    """Whether MkDocs may build only some pages (``--dirty``): when the last complete
    build's record holds the same project, the pages whose body is the one it built are
    dated 1970 (MkDocs keeps their HTML), the others are left newer than their HTML.
    The pages of the navigation, which every page shows, are always built. Else (no
    record: a first build, or one stopped before its end; another project): all."""
    record = project.layout.site_pages(language.code)
    try:
        built = json.loads(record.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(built, dict) or built.get(PROJECT_FILE) != pages[PROJECT_FILE]:
        return False
    docs = project.layout.mkdocs_docs(language.code)
    shown_everywhere = set(nav_files(language.code))
    for page, digest in pages.items():
        if page != PROJECT_FILE and page not in shown_everywhere and built.get(page) == digest:
            os.utime(docs / page, (0, 0))
    return True


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
    ui = ui_strings(project.layout, project.source_language.code, project.issuing_body)
    blocks = [header(1, ui["site-name"]), header(2, ui["languages-heading"]), pd.bullet_list(items)]
    meta = {
        "pagetitle": pd.meta_string(ui["site-name"]),
        "lang": pd.meta_string(project.source_language.code),
    }
    doc = pd.document(blocks, meta)
    template = Path(str(resources.files("build_tools") / "templates" / "site" / "root.html"))
    # The source language's stylesheet: its fonts cover every language name.
    stylesheet = asset_url(project.source_language.code, "site.css")
    options = {"variables": {"stylesheet": stylesheet}}
    return convert([Conversion(doc, "html5", options, template=template)])[0]


def sitemap_index(project: Project) -> bytes:
    """``/sitemap.xml``: the sitemaps of the language sites (Material fetches it too)."""
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = etree.Element(f"{{{namespace}}}sitemapindex", nsmap={None: namespace})
    for language in project.languages:
        entry = etree.SubElement(root, f"{{{namespace}}}sitemap")
        etree.SubElement(entry, f"{{{namespace}}}loc").text = sitemap_url(language.code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def entry_pages(project: Project) -> tuple[Path, Path]:
    """The pages above the language sites: the language chooser and the sitemap index."""
    return project.layout.built_site() / ENTRY_PAGE, project.layout.built_site() / sitemap_url("")


def entry_inputs(project: Project) -> str:
    """What the entry pages are made from: the languages listed, the original's interface
    strings (its site's stylesheet and name), our code and settings."""
    interface = project.layout.catalog(project.source_language.code, UI_NAME)
    codes = ",".join(language.code for language in project.languages)
    return fingerprint(code_fingerprint(), project.settings, codes, file_sha256(interface))


def build_entry_pages(project: Project) -> tuple[Path, Path]:
    """Write the entry pages (see :func:`entry_pages`)."""
    index, sitemap = entry_pages(project)
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_bytes(root_page(project))
    sitemap.write_bytes(sitemap_index(project))
    return index, sitemap
