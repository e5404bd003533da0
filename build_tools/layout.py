"""Where everything lives: the one owner of paths and URLs.

Every file the pipeline reads or writes, and every address on the published site, comes
from :class:`Layout`; no stage joins a path or counts ``../`` itself.

Files (relative to the configured folders)::

    source/NAME.xml                               a document (the source language)
    translations/NAME.pot, translations/LANG/NAME.po   its template and catalogs
    translations/glossary.tbx                     the glossary (TBX), ours
    build/akn/LANG/NAME.xml                       merged expression per language
    build/downloads/LANG/NAME.LANG.{pdf,epub}     rendered downloads
    build/mkdocs/LANG/                            generated MkDocs project of a language
    build/site/LANG/, build/site/index.html       built pages, before publication
    build/work/fragments/LANG/NAME.json           a version's HTML, shared by the sites
    build/work/characters/LANG.txt                the characters of a site (its fonts)
    build/work/search/LANG.json                   the pages of a site its search indexes
    build/work/pages/LANG.json                    each page's body as the site last built it
    build/work/translated/KEY.txt                 a catalog's share translated, by its content
    build/work/memory/LANG/KEY.json               a catalog's units for the memory, by its content
    build/search/LANG/                            a site's Pagefind bundle (LANG/pagefind/)
    build/work/                                   caches and scratch (fonts, EPUB)
    build/xliff/NAME.LANG.xlf                     a catalog as XLIFF 1.2, for CAT tools
    build/tmx/memory.tmx                          the corpus's translations as TMX 1.4
    build/state.json                              fingerprints of finished work
    build/file-stats.json                         each output file's status when last read (a cache)
    site/                                         the published site (.site.new while staged)

Site URLs are relative to the site root, folders ending in ``/``: ``fr/``,
``fr/SLUG/``, ``fr/SLUG/versions/NAME/``, ``fr/downloads/NAME.fr.pdf``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

RenderFormat = Literal["pdf", "epub"]  # made by render
DownloadFormat = Literal["pdf", "epub", "akn"]  # offered to readers
RENDER_FORMATS: tuple[RenderFormat, ...] = ("pdf", "epub")
DOWNLOAD_FORMATS: tuple[DownloadFormat, ...] = ("pdf", "epub", "akn")
SUFFIX: dict[DownloadFormat, str] = {"pdf": "pdf", "epub": "epub", "akn": "akn.xml"}
# A document's name is its file name, a folder of the site and part of every output's
# name: a safe slug (never a path: no "/", no ".."), and none of the site's own folders.
DOCUMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
BROWSE_KINDS = ("sessions", "bodies", "years", "stages")  # the ways in, each a folder
LISTING = "browse"  # the folder of the listing with facets
RESERVED_NAMES = frozenset(
    {"assets", "search", "pagefind", "downloads", "index", "404", "sitemap", *BROWSE_KINDS, LISTING}
)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a document's name (``source/NAME.xml``), or None: the one
    rule for sources found in source/, names given to ``import`` and ``new-version``."""
    if DOCUMENT_NAME.fullmatch(name) and name.lower() not in RESERVED_NAMES:
        return None
    return f"document name {name!r} must be a slug (letters, digits, - _ .) and not a site folder"


def relative_url(target: str, page: str) -> str:
    """The link from the page at ``page`` to ``target`` (both site URLs)."""
    base = page if page.endswith("/") else posixpath.dirname(page) + "/"
    path = posixpath.relpath("/" + target, "/" + base)
    if path == ".":
        return "./"
    return path + "/" if target.endswith("/") else path


GLOSSARY = "glossary.tbx"


def glossary_file(translations: Path) -> Path:
    """The glossary of the catalogs in ``translations`` (where the templates are)."""
    return translations / GLOSSARY


@dataclass(frozen=True, slots=True)
class Layout:
    source: Path
    translations: Path
    build: Path
    site: Path

    # Inputs

    def source_file(self, name: str) -> Path:
        return self.source / f"{name}.xml"

    def template(self, name: str) -> Path:
        return self.translations / f"{name}.pot"

    def templates(self) -> list[Path]:
        return sorted(self.translations.glob("*.pot"))

    def glossary(self) -> Path:
        return glossary_file(self.translations)

    def catalog_folder(self, code: str) -> Path:
        return self.translations / code

    def catalog(self, code: str, name: str) -> Path:
        return self.catalog_folder(code) / f"{name}.po"

    # Build products

    def merged(self, code: str, name: str) -> Path:
        return self.build / "akn" / code / f"{name}.xml"

    def download(self, code: str, name: str, format_: DownloadFormat) -> Path:
        """Where a download is made (the AKN download is the merged expression)."""
        if format_ == "akn":
            return self.merged(code, name)
        return self.build / "downloads" / code / download_name(code, name, format_)

    def mkdocs_project(self, code: str) -> Path:
        return self.build / "mkdocs" / code

    def mkdocs_config(self, code: str) -> Path:
        return self.mkdocs_project(code) / "mkdocs.yml"

    def mkdocs_docs(self, code: str) -> Path:
        """The pages' Markdown (see :func:`docs_file`) and the site's own assets."""
        return self.mkdocs_project(code) / "docs"

    def mkdocs_bodies(self, code: str) -> Path:
        """The pages' HTML bodies, by the path of their Markdown file in ``docs/``."""
        return self.mkdocs_project(code) / "bodies"

    def mkdocs_overrides(self, code: str) -> Path:
        """Our templates over Material's."""
        return self.mkdocs_project(code) / "overrides"

    def built_site(self) -> Path:
        return self.build / "site"

    def language_site(self, code: str) -> Path:
        return self.built_site() / code

    def epub_scratch(self, code: str, name: str) -> Path:
        return self.build / "work" / "epub" / code / name

    def fragments(self, code: str, name: str) -> Path:
        """The HTML of one version in one language that every language's site uses."""
        return self.build / "work" / "fragments" / code / f"{name}.json"

    def site_characters(self, code: str) -> Path:
        """Every character of a language site's pages: the site fonts are cut to them."""
        return self.build / "work" / "characters" / f"{code}.txt"

    def site_pages(self, code: str) -> Path:
        """The digest of each page's body (and of the rest of the MkDocs project) as the
        last complete build of a language site made them: what a rebuild may keep."""
        return self.build / "work" / "pages" / f"{code}.json"

    def search_pages(self, code: str) -> Path:
        """The pages of a language site that its search indexes, as that site's job
        listed them (with their facets)."""
        return self.build / "work" / "search" / f"{code}.json"

    def search_bundle(self, code: str) -> Path:
        """A language's Pagefind bundle, published as ``LANG/pagefind/`` (see
        :func:`search_bundle_url`)."""
        return self.build / "search" / code

    def template_cache(self) -> Path:
        """Jinja's compiled templates, kept between MkDocs builds."""
        return self.build / "work" / "jinja"

    def catalog_share(self, key: str) -> Path:
        """A catalog's share translated, by the digest of its content and of our code."""
        return self.build / "work" / "translated" / f"{key}.txt"

    def memory_candidates(self, code: str, key: str) -> Path:
        """A catalog's translated units as the memory reads them, by the digest of its
        content and of our code."""
        return self.build / "work" / "memory" / code / f"{key}.json"

    def work_pages(self, code: str, key: str) -> Path:
        """A work's pages in one language's MkDocs project as generated, by the digest of
        everything they show (see ``site.generate.work_pages_inputs``)."""
        return self.kept_work_pages(code) / key[:2] / f"{key}.json"

    def kept_work_pages(self, code: str) -> Path:
        """Every work's pages kept for one language (see :meth:`work_pages`)."""
        return self.build / "work" / "work-pages" / code

    def identifiers(self, key: str) -> Path:
        """An expression's identifiers and metadata (``akn.iris.Identified``), by the
        digest of its content and of our code."""
        return self.build / "work" / "identified" / key[:2] / f"{key}.json"

    def font_subsets(self, key: str) -> Path:
        return self.build / "work" / "font-subsets" / key

    def state_file(self) -> Path:
        return self.build / "state.json"

    # Exchange with translators' tools (made on request, never by a build)

    def xliff_folder(self) -> Path:
        return self.build / "xliff"

    def memory(self) -> Path:
        return self.build / "tmx" / "memory.tmx"

    # Publication

    def staging_site(self) -> Path:
        return self.site.with_name(f".{self.site.name}.new")

    def retired_site(self) -> Path:
        return self.site.with_name(f".{self.site.name}.old")


def download_name(code: str, name: str, format_: DownloadFormat) -> str:
    return f"{name}.{code}.{SUFFIX[format_]}"


def xliff_name(code: str, name: str) -> str:
    """The XLIFF file of catalog ``name`` in language ``code``, in any folder."""
    return f"{name}.{code}.xlf"


# Site URLs


def home_url(code: str) -> str:
    return f"{code}/"


def work_url(code: str, slug: str) -> str:
    return f"{code}/{slug}/"


def version_url(code: str, slug: str, version: str) -> str:
    return f"{code}/{slug}/versions/{version}/"


def changes_url(code: str, slug: str, version: str) -> str:
    return f"{code}/{slug}/changes/{version}/"


def parallel_url(code: str, slug: str) -> str:
    """The parallel view of a work: its text beside any other language's."""
    return f"{code}/{slug}/parallel/"


def parallel_choice(other: str) -> str:
    """The fragment of the parallel view that puts ``other`` beside the page's language."""
    return f"with-{other}"


def switch_url(code: str) -> str:
    """The language switcher's link to ``code``: from any language's home, out through the
    site root and into ``code``'s (the switcher appends the page's path; the 404 page,
    served at any depth, makes it absolute from the root)."""
    return f"../{home_url(code)}"


def download_url(code: str, name: str, format_: DownloadFormat) -> str:
    return f"{code}/downloads/{download_name(code, name, format_)}"


def in_language_site(url: str) -> str:
    """A URL relative to its language's home (as MkDocs and the switcher see it)."""
    return url.split("/", 1)[1]


def docs_file(url: str, *, folder_index: bool = False) -> str:
    """The Markdown file (in a language's MkDocs ``docs/``) that becomes the page at
    ``url``: ``a/b/`` comes from ``a/b.md``, or from ``a/b/index.md`` for a page that
    heads a folder of pages (``folder_index``); the language home from ``index.md``."""
    inside = in_language_site(url).rstrip("/")
    if not inside:
        return "index.md"
    return f"{inside}/index.md" if folder_index else f"{inside}.md"


def ways_url(code: str, kind: str, page: int = 1) -> str:
    """The index of one way in (``kind``: one of :data:`BROWSE_KINDS`), page ``page``:
    ``fr/sessions/``, ``fr/sessions/2/``."""
    return f"{code}/{kind}/" + (f"{page}/" if page > 1 else "")


def group_url(code: str, kind: str, key: str, page: int = 1) -> str:
    """The texts of one session, body, year or stage, page ``page``:
    ``fr/sessions/BODY-NUMBER/``, ``fr/years/2015/2/``."""
    return f"{code}/{kind}/{key}/" + (f"{page}/" if page > 1 else "")


def listing_url(code: str) -> str:
    """The listing with facets, filtered in the browser."""
    return f"{code}/{LISTING}/"


def listing_index_url(code: str) -> str:
    """The small index the listing filters (every text of the language, a line each)."""
    return f"{code}/{LISTING}/index.json"


def search_url(code: str) -> str:
    """A language's search page."""
    return f"{code}/search/"


def search_bundle_url(code: str) -> str:
    """The folder of a language's Pagefind bundle (``pagefind.js`` and its index)."""
    return f"{code}/pagefind/"


def asset_url(code: str, name: str) -> str:
    return f"{code}/assets/{name}"


def sitemap_url(code: str = "") -> str:
    """A language's sitemap; without ``code``, the index of them at the site root."""
    return f"{code}/sitemap.xml" if code else "sitemap.xml"


ENTRY_PAGE = "index.html"  # the language chooser at the site root


# Feeds, identifiers, bulk data, error pages


def feed_url(code: str) -> str:
    """A language's Atom feed: new texts, versions and translations in that language."""
    return f"{code}/feed.xml"


def not_found_url(code: str) -> str:
    """A language's page for an address the site does not have (MkDocs' error page)."""
    return f"{code}/404.html"


IRI_ROOT = "akn"  # the site folder that holds the AKN IRIs' redirect pages


def iri_url(iri: str) -> str:
    """The site address of an AKN IRI path (``/akn/ipu/…/c-i-132-dr/fra@``): a folder of
    the site whose page leads on, so the IRI itself, with or without a final slash, is
    an address of the site (a server answers the folder's ``index.html``)."""
    inside = iri.strip("/")
    if not inside.startswith(f"{IRI_ROOT}/") or ".." in inside.split("/"):
        raise ValueError(f"{iri!r} is not an AKN IRI path")
    return f"{inside}/"


def iri_page(build_site: Path, iri: str) -> Path:
    """Where the redirect page of ``iri`` is built (under ``build/site/``)."""
    return build_site / iri_url(iri) / "index.html"


DATA_FOLDER = "data"
DOCUMENTS_DATA = f"{DATA_FOLDER}/documents.json"  # every text: IRIs, stage, downloads
DOCUMENTS_SCHEMA = f"{DATA_FOLDER}/documents.schema.json"  # its JSON Schema (2020-12)
