"""Helpers shared by the test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pypdfium2 as pdfium
import pytest

from build_tools.cli import main
from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
from tests.conftest import IN_CI, ROOT

NAME = "ipu-132-cyber-warfare-draft"

# Projects and files


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def site_digest(site: Path) -> dict[str, str]:
    """:func:`tree_digest` of a published site, its edition left out: ``manifest.json``
    is digested without its ``edition`` field (the number, which every publish that
    changes the site raises, and the time of that publish), and ``manifest.json.sig``,
    which signs them, counts only as present. Nothing else is left out: every other byte
    of the manifest, and every other file, is compared as it is."""
    digests = tree_digest(site)
    manifest = site / "manifest.json"
    if manifest.is_file():
        fields = json.loads(manifest.read_text("utf-8"))
        fields.pop("edition", None)
        digests["manifest.json"] = hashlib.sha256(
            json.dumps(fields, sort_keys=True).encode("utf-8")
        ).hexdigest()
    if "manifest.json.sig" in digests:
        digests["manifest.json.sig"] = "signed"
    return digests


def copy_published(published: Path, folder: Path) -> Path:
    shutil.copytree(published, folder, symlinks=True, ignore=shutil.ignore_patterns(".lock"))
    return folder


def main_in(root: Path, argv: list[str]) -> int:
    previous = Path.cwd()
    os.chdir(root)
    try:
        return main(argv)
    finally:
        os.chdir(previous)


# Catalogs


def edit_message(po_path: Path, key: str, old: str, new: str) -> int:
    """Change one msgstr through Babel (so the file keeps its layout); return its line."""
    po = read_catalog(po_path)
    [message] = [m for m in messages(po.catalog) if m.context == key]
    assert old in str(message.string)
    message.string = str(message.string).replace(old, new)
    write_catalog(po)
    lines = po_path.read_text("utf-8").split("\n")
    start = lines.index(f'msgctxt "{key}"')
    return next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr")) + 1


# PDF text


ARABIC_MARKS = re.compile(r"[\u0640\u064b-\u065f\u0670]")


def normalized(text: str, language: str) -> str:
    """Compare text as a reader would: no layout whitespace, hyphenation or quote style."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\s\u00ad\x02\ufffe\-‐]", "", text)
    text = text.replace("’", "'").replace("‘", "'")
    if language == "ar":
        text = ARABIC_MARKS.sub("", text).translate(str.maketrans("", "", "()"))
    return text


@functools.cache
def page_lines() -> tuple[str, ...]:
    """The PDF's page line ("Page {page} of {pages}") in every language of the checkout."""
    found = ["Page {page} of {pages}"]
    for path in sorted((ROOT / "translations").glob("*/ui.po")):
        message = read_catalog(path).catalog.get("Page {page} of {pages}", context="page-line")
        if message is not None and message.string:
            found.append(str(message.string))
    return tuple(found)


def page_line_pattern(number: int, total: int) -> str:
    """A regular expression matching page ``number`` of ``total``'s page line, in any language."""
    lines = {line.format(page=number, pages=total) for line in page_lines()}
    return "|".join(re.escape(line) for line in sorted(lines))


def pdf_text(path: Path) -> str:
    """The body text of every page: running header (pages 2+) and page line left out."""
    pages = []
    document = pdfium.PdfDocument(str(path))
    for number, page in enumerate(document):
        lines = page.get_textpage().get_text_range().splitlines()
        if number:
            lines = lines[1:]
        if lines:  # a word hyphenated at the foot of a page runs into the page line
            footer = page_line_pattern(number + 1, len(document))
            lines[-1] = re.sub(rf"\s*(?:{footer})$", "", lines[-1])
        pages.append("\n".join(line for line in lines if line.strip()))
    return "\n".join(pages)


def arabic_words(text: str) -> list[str]:
    """Words after normalizing marks; brackets and guillemets dropped (extraction mirrors them)."""
    text = ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(
        str.maketrans("", "", "()«»")
    )
    return text.split()


def same_arabic_word(expected: str, extracted: str) -> bool:
    """pdfium extracts some words whose letters carry marks (نظراً, منعزلاً, تُفضِ) in
    visual order, sometimes with the alef doubled (ارظنًًا). Such a word matches when it
    has the same letters (bare alefs aside); the order of words is always checked."""
    if expected == extracted:
        return True
    return sorted(expected.replace("ا", "")) == sorted(extracted.replace("ا", ""))


def contains_arabic(page_words: list[str], paragraph: str) -> bool:
    words = arabic_words(paragraph)
    return any(_arabic_from(words, page_words, start) for start in range(len(page_words)))


def _arabic_from(words: list[str], page_words: list[str], start: int) -> bool:
    """Whether ``words`` are extracted in order from ``start``. pdfium sometimes runs two
    marked words together (ازدياداً كبيراً → ادايدزاًًاريبكاًًا): one extracted word may
    hold the letters of two."""
    index, at = 0, start
    while index < len(words):
        if at >= len(page_words):
            return False
        if same_arabic_word(words[index], page_words[at]):
            index += 1
        elif index + 1 < len(words) and same_arabic_word(
            words[index] + words[index + 1], page_words[at]
        ):
            index += 2
        else:
            return False
        at += 1
    return True


# A real browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


TYPES = {".pdf": "application/pdf", ".epub": "application/epub+zip", ".xml": "application/xml"}


PAGEFIND_SIGNATURE = b"pagefind_dcd"


def pagefind_data(path: Path) -> Any:
    """A chunk of a Pagefind bundle (a fragment: one page's text, title and filters):
    gzip, then Pagefind's signature, then JSON."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(PAGEFIND_SIGNATURE), path
    return json.loads(data[len(PAGEFIND_SIGNATURE) :])


def require(condition: bool, what: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required when CI=true")
    pytest.skip(f"{what} is not installed")


class Handler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012  (the base class declares it as an instance variable)
        **SimpleHTTPRequestHandler.extensions_map,
        **TYPES,
        ".ttf": "font/ttf",
        ".otf": "font/otf",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Visit:
    """A page with every failed request and console error recorded."""

    def __init__(self, browser: Any, width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.problems: list[str] = []
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed {r.url}"))
        self.page.on("response", self._response)
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.url}")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog {dialog.message}")
        dialog.dismiss()

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return self.page


def playwright_api() -> ModuleType:
    """Playwright's sync API: skipped when it is missing, except in CI (then it fails)."""
    if IN_CI:
        import playwright.sync_api

        return playwright.sync_api
    module: ModuleType = pytest.importorskip("playwright.sync_api")
    return module
