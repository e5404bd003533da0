"""The site's search: one Pagefind bundle per language, built from that language's pages.

What is searched is marked on the pages themselves: on each text's current page, the
text (``data-pagefind-body``), its title and its facets (Pagefind filters: stage, year,
body, translation status). Versions, redlines, parallel views, listings and the theme's
chrome carry no mark, so they are never results. A language site's job lists the pages
it marked (``build/work/search/LANG.json``); the job ``search/LANG`` indexes those pages
with Pagefind (its extended build, which segments Chinese) into ``build/search/LANG/``,
published with the site as ``LANG/pagefind/``. Each bundle holds one language, so a
reader's results are in the language of the site they search.

The reader searches on the language's search page (``LANG/search/``, reached from the
box in every page's header), through our script (``search.js``) over ``pagefind.js``,
which loads the index in chunks as the query needs them.
"""

from __future__ import annotations

import functools
import gzip
import html
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal

from build_tools import bodies
from build_tools.config import Project
from build_tools.diagnostics import Diagnostic, StageFailed, UsageError
from build_tools.jobs import release_memory
from build_tools.layout import (
    asset_url,
    home_url,
    relative_url,
    search_bundle_url,
    search_url,
)
from build_tools.render.reading import Reading
from build_tools.state import code_fingerprint, file_sha256, fingerprint, sha256

FACETS = ("stage", "year", "body", "status")  # Pagefind filter names, in the page's order
RESULTS_SHOWN = 10  # results shown at a time: each one's text is fetched when shown
# What of Pagefind's output the site publishes: the search library, its worker, the
# index (entry, metadata, WebAssembly, chunks); not its ready-made interfaces.
PUBLISHED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
PUBLISHED_FOLDERS = ("index", "fragment", "filter")
PUBLISHED_SUFFIXES = (".pf_meta", ".pagefind")
STATUS_KEYS = {
    "original": "status-original",
    "official": "status-official",
    "provisional": "search-status-provisional",
}
STAGE_KEYS = {"draft": "search-stage-draft", "adopted": "search-stage-adopted"}
FACET_KEYS = {facet: f"search-facet-{facet}" for facet in FACETS}


@dataclass(frozen=True, slots=True)
class Indexed:
    """A page the search indexes: its URL in its language site (``SLUG/``) and its facets."""

    url: str
    facets: tuple[tuple[str, str], ...]


def status_of(reading: Reading, source: str) -> str:
    """The text's status in its language: original, official or provisional."""
    if reading.language == source:
        return "original"
    return "official" if reading.authoritative else "provisional"


def facets_of(reading: Reading, source: str) -> tuple[tuple[str, str], ...]:
    """What the page can truly say of its text, as (filter, value): the stage and year
    the document states, the body whose text it is, its translation status."""
    facts = reading.facts
    found = []
    if facts.stage is not None:
        found.append(("stage", str(facts.stage)))
    if facts.date:
        found.append(("year", facts.date[:4]))
    if facts.body:
        found.append(("body", facts.body))
    found.append(("status", status_of(reading, source)))
    return tuple(found)


def marked(body: str, title: str, facets: Iterable[tuple[str, str]]) -> str:
    """A text's HTML as the search indexes it: the text, with its title and facets."""
    marks = [f'<span data-pagefind-meta="title:{html.escape(title)}"></span>']
    marks += [
        f'<span data-pagefind-filter="{html.escape(name)}:{html.escape(value)}"></span>'
        for name, value in facets
    ]
    return f'<div class="searched" data-pagefind-body>{"".join(marks)}\n{body}\n</div>'


def facet_label(facet: str, value: str, ui: dict[str, str], code: str, locale: str) -> str:
    """How the search page names one value of a facet, in the site's language."""
    if facet == "stage":
        return ui[STAGE_KEYS[value]]
    if facet == "status":
        return ui[STATUS_KEYS[value]]
    if facet == "year":
        return str(format_decimal(int(value), format="0", locale=locale))
    return bodies.get(value).name(code)


def search_page(indexed: list[Indexed], ui: dict[str, str], code: str, locale: str) -> str:
    """The search page's body: the query, the facets found on the language's indexed
    pages (each a list, "any" first), the results' place and our script."""
    page = search_url(code)
    values: dict[str, set[str]] = {facet: set() for facet in FACETS}
    for item in indexed:
        for facet, value in item.facets:
            values[facet].add(value)
    choices = []
    for facet in FACETS:
        if not values[facet]:
            continue
        options = [f'<option value="">{html.escape(ui["search-any"])}</option>']
        for value in sorted(values[facet]):
            label = facet_label(facet, value, ui, code, locale)
            options.append(f'<option value="{html.escape(value)}">{html.escape(label)}</option>')
        choices.append(
            f'<p><label for="facet-{facet}">{html.escape(ui[FACET_KEYS[facet]])}</label> '
            f'<select id="facet-{facet}" name="{facet}" data-filter="{facet}">'
            f"{''.join(options)}</select></p>"
        )
    strings = {key: ui[f"search-{key}"] for key in ("count", "none", "more")}
    bundle = relative_url(search_bundle_url(code), page)
    script = relative_url(asset_url(code, "search.js"), page)
    home = relative_url(home_url(code), page)
    return "\n".join(
        [
            f'<h1 id="top">{html.escape(ui["search-heading"])}</h1>',
            f'<form id="search" class="search" role="search" action="./" method="get" '
            f'data-bundle="{html.escape(bundle)}" '
            f"data-strings='{html.escape(json.dumps(strings, ensure_ascii=False))}'>",
            f'<p><label for="search-query">{html.escape(ui["search-label"])}</label> '
            f'<input type="search" id="search-query" name="q"> '
            f'<button type="submit">{html.escape(ui["search-button"])}</button></p>',
            f"<fieldset><legend>{html.escape(ui['search-filters'])}</legend>",
            *choices,
            "</fieldset>",
            "</form>",
            '<p id="search-status" role="status"></p>',
            '<ol id="search-results" class="search-results"></ol>',
            f'<p><button type="button" id="search-more" hidden>{html.escape(ui["search-more"])}'
            "</button></p>",
            f'<noscript><p><a href="{html.escape(home)}">'
            f"{html.escape(ui['search-noscript'])}</a></p></noscript>",
            f'<script src="{html.escape(script)}" defer></script>',
        ]
    )


def write_list(project: Project, code: str, indexed: list[Indexed]) -> None:
    """The pages the search of ``code`` indexes (an output of the site's job)."""
    path = project.layout.search_pages(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([item.url for item in indexed], ensure_ascii=False), "utf-8")


def listed(project: Project, code: str) -> list[str]:
    path = project.layout.search_pages(code)
    return list(json.loads(path.read_text("utf-8"))) if path.exists() else []


def page_file(project: Project, code: str, url: str) -> Path:
    return project.layout.language_site(code) / url / "index.html"


def index_inputs(project: Project, code: str) -> str:
    """What the search of ``code`` is made from: the pages listed, as built; our code
    and Pagefind's version (in the code's fingerprint)."""
    pages = listed(project, code)
    digests = [f"{url}:{file_sha256(page_file(project, code, url))}" for url in pages]
    return fingerprint(code_fingerprint(), code, *digests)


def build_index(project: Project, code: str) -> Path:
    """Index the listed pages of ``code``'s site into its bundle, made beside it and put
    in its place whole; returns the bundle's folder.

    Pagefind's command line indexes a folder holding the listed pages alone (hard links
    to them), as one language; it has written every file when it exits (its service,
    behind the Python API, answers before it has)."""
    from pagefind.service import get_executable

    _make_room()
    executable = get_executable()
    if executable is None:
        raise UsageError("pagefind is not installed: pip install 'pagefind[extended]'")
    bundle = project.layout.search_bundle(code)
    pages, staging = (bundle.with_name(f"{bundle.name}.{part}") for part in ("pages", "new"))
    for folder in (pages, staging):
        if folder.exists():
            shutil.rmtree(folder)
    for url in listed(project, code):
        target = pages / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        _link(page_file(project, code, url), target)
    pages.mkdir(parents=True, exist_ok=True)
    command = [str(executable), "--site", str(pages), "--output-path", str(staging)]
    command += ["--force-language", code, "--quiet"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    shutil.rmtree(pages)
    if run.returncode != 0 or not (staging / "pagefind-entry.json").is_file():
        said = (run.stderr or run.stdout).strip().splitlines()
        message = (
            f"pagefind could not index the {code} site: {said[-1] if said else run.returncode}"
        )
        raise StageFailed([Diagnostic(str(bundle), 0, message, "search")])
    _prune(staging)
    _canonical_metadata(staging)
    if bundle.exists():
        shutil.rmtree(bundle)
    staging.rename(bundle)
    return bundle


@functools.cache
def _make_room() -> None:
    """Before a process's first index: end its Pandoc (nothing is converted after the
    site jobs) and give back what those jobs freed, so that Pagefind does not index
    beside them (at N=1000 that was the clean build's peak). Once per process: giving
    pages back after each site job instead cost the next one their faults again (about
    0.15 s of a build of one text)."""
    from build_tools.render import pandoc

    pandoc.stop()
    release_memory()


SIGNATURE = b"pagefind_dcd"  # what Pagefind's chunks hold first, once decompressed


def _canonical_metadata(bundle: Path) -> None:
    """Pagefind lists the filters in its metadata in a random order (from one run to the
    next, the same pages gave different files): sorted here, the file named by its own
    digest, and the entry pointed at it, so that a rebuild is byte-identical."""
    import cbor2

    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text("utf-8"))
    renamed = _canonical_filters(bundle)
    for code, language in entry["languages"].items():
        found = bundle / f"pagefind.{language['hash']}.pf_meta"
        data = gzip.decompress(found.read_bytes())
        meta = cbor2.loads(data[len(SIGNATURE) :])
        # the filters, as [name, chunk], each chunk under its canonical name
        meta[3] = sorted([name, renamed.get(chunk, chunk)] for name, chunk in meta[3])
        canonical = SIGNATURE + cbor2.dumps(meta)
        language["hash"] = f"{code}_{sha256(canonical)[:10]}"
        found.unlink()
        written = gzip.compress(canonical, mtime=0)
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(written)
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _canonical_filters(bundle: Path) -> dict[str, str]:
    """Each filter chunk (``filter/LANG_HASH.pf_filter``: a filter's name and its values,
    each with its pages) holds its values in a random order too: sorted here, and the
    file named by its own digest. Returns the old names with their new ones."""
    import cbor2

    renamed: dict[str, str] = {}
    for found in sorted((bundle / "filter").glob("*.pf_filter")):
        data = gzip.decompress(found.read_bytes())
        name, values = cbor2.loads(data[len(SIGNATURE) :])
        canonical = SIGNATURE + cbor2.dumps([name, sorted(values)])
        language = found.stem.split("_", 1)[0]
        chunk = f"{language}_{sha256(canonical)[:7]}"
        renamed[found.stem] = chunk
        found.unlink()
        (bundle / "filter" / f"{chunk}.pf_filter").write_bytes(gzip.compress(canonical, mtime=0))
    return renamed


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)


def _prune(bundle: Path) -> None:
    """Remove what the site does not publish (Pagefind's own interfaces)."""
    for path in bundle.iterdir():
        keep = (
            path.name in PUBLISHED_FOLDERS
            if path.is_dir()
            else path.name in PUBLISHED or path.suffix in PUBLISHED_SUFFIXES
        )
        if not keep:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def bundle_files(project: Project, codes: Iterable[str]) -> dict[str, Path]:
    """Each file of the languages' bundles, by its path in the site (``LANG/pagefind/…``)."""
    found = {}
    for code in codes:
        bundle = project.layout.search_bundle(code)
        if not bundle.is_dir():
            continue
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            found[search_bundle_url(code) + path.relative_to(bundle).as_posix()] = path
    return found
