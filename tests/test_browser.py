"""The site as readers use it, in a real headless Chromium (Debian's), served over HTTP.

Fails, not skips, when CI=true and the browser or axe-core is missing.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI, ROOT

playwright_api = (
    pytest.importorskip("playwright.sync_api")
    if not IN_CI
    else __import__("playwright.sync_api").sync_api
)

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh"]
NAME = "ipu-132-cyber-warfare-draft"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
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
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


@pytest.fixture(scope="module")
def base_url(published: Path) -> Iterator[str]:
    yield from serve(published / "site")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(Path(CHROMIUM).exists(), "Debian's chromium")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


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


def site_pages(published: Path) -> list[str]:
    site = published / "site"
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return [path.removesuffix("index.html") for path in found]


def test_every_page_passes_axe_with_no_failed_request(
    published: Path, base_url: str, browser: Any
) -> None:
    require(AXE.exists(), "node_modules/axe-core (npm ci)")
    script = AXE.read_text("utf-8")
    visit = Visit(browser)
    violations = {}
    paths = site_pages(published)
    assert len(paths) >= 43
    for path in paths:
        page = visit.open(f"{base_url}/{path}")
        page.add_script_tag(content=script)
        found = page.evaluate(
            "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
            WCAG,
        )
        if found:
            violations[path] = found
    assert violations == {}
    assert visit.problems == []


@pytest.mark.parametrize("target", ["es", "ar", "zh"])
def test_language_switch_keeps_document_and_anchor(
    base_url: str, browser: Any, target: str
) -> None:
    visit = Visit(browser)
    page = visit.open(f"{base_url}/fr/{NAME}/#para_7")
    page.locator(".md-select").first.hover()
    page.locator(f"a[data-language-switch][hreflang='{target}']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base_url}/{target}/{NAME}/#para_7"
    assert page.evaluate("document.documentElement.lang") == target
    assert visit.problems == []


def test_arabic_page_is_right_to_left(base_url: str, browser: Any) -> None:
    visit = Visit(browser)
    page = visit.open(f"{base_url}/ar/{NAME}/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    number = page.locator("#para_1 > .num").bounding_box()
    text = page.locator("#para_1 > .text").bounding_box()
    assert number is not None and text is not None and number["x"] > text["x"], (
        "numbers on the right"
    )
    header = page.locator(".md-header__title").bounding_box()
    search = page.locator(".md-search").bounding_box()
    assert header is not None and search is not None and search["x"] < header["x"], (
        "header mirrored"
    )


SEARCHES = {
    "en": "warfare",
    "fr": "cyberespace",
    "es": "cibernética",
    "ar": "السيبراني",
    "ru": "киберпространство",
    "zh": "网络",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_a_word_and_stays_in_the_language(
    base_url: str, browser: Any, language: str
) -> None:
    visit = Visit(browser)
    page = visit.open(f"{base_url}/{language}/")
    query = page.locator("input.md-search__input")
    query.click()
    query.fill(SEARCHES[language])
    query.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    links = results.evaluate_all("links => links.map(a => a.href)")
    assert links
    assert all(link.startswith(f"{base_url}/{language}/") for link in links), links
    assert visit.problems == []


def test_download_links_answer_with_the_right_type(
    published: Path, base_url: str, browser: Any
) -> None:
    visit = Visit(browser)
    checked = 0
    for language in LANGUAGES:
        page = visit.open(f"{base_url}/{language}/{NAME}/")
        for href in page.locator("#downloads + ul a").evaluate_all(
            "links => links.map(a => a.href)"
        ):
            response = page.request.get(href)
            assert response.status == 200, href
            suffix = "." + href.rsplit(".", 1)[-1]
            assert response.headers["content-type"].split(";")[0] == TYPES[suffix], href
            checked += 1
    assert checked == 6 * 3 + 5


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshot_of_each_document_page(base_url: str, browser: Any, language: str) -> None:
    visit = Visit(browser)
    page = visit.open(f"{base_url}/{language}/{NAME}/")
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"document-{language}.png"
    page.screenshot(path=str(target), full_page=False)
    phone = Visit(browser, width=390).open(f"{base_url}/{language}/{NAME}/parallel/")
    phone.screenshot(path=str(ARTIFACTS / f"parallel-phone-{language}.png"))
    assert target.stat().st_size > 10_000
    assert visit.problems == []
