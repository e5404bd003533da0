"""The site as readers use it, in a real headless Chromium (Debian's), served over HTTP.

Fails, not skips, when CI=true and the browser or axe-core is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.helpers import AXE, TYPES, Visit, playwright_api, require, serve

playwright_api()  # skips this module without Playwright, except in CI (then it fails)

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh"]
NAME = "ipu-132-cyber-warfare-draft"
ARTIFACTS = ROOT / "test-artifacts"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def base_url(published: Path) -> Iterator[str]:
    yield from serve(published / "site")


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
    assert len(paths) == 6 * 4 + 1  # per language: home, text, version, parallel view
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


def _shown(page: Any, row: str) -> list[str]:
    """The languages of the cells a reader sees in one row of the parallel view."""
    return page.eval_on_selector(  # type: ignore[no-any-return]
        f"#{row}",
        "row => [...row.children].filter(c => getComputedStyle(c).display != 'none')"
        ".map(c => c.lang)",
    )


@pytest.mark.parametrize(
    ("language", "default", "chosen"), [("fr", "en", "es"), ("ar", "en", "zh")]
)
def test_the_parallel_view_shows_the_chosen_language_beside_the_text(
    base_url: str, browser: Any, language: str, default: str, chosen: str
) -> None:
    visit = Visit(browser)
    page = visit.open(f"{base_url}/{language}/{NAME}/parallel/")
    assert _shown(page, "para_1") == [language, default]
    page.locator(f".choices a[hreflang='{chosen}']").click()
    assert page.url.endswith(f"/parallel/#with-{chosen}")
    assert _shown(page, "para_1") == [language, chosen]
    assert _shown(page, "recs_1__rec_1") == [language, chosen]
    own = page.locator(f"#para_1 > .cell[lang='{language}']").bounding_box()
    beside = page.locator(f"#para_1 > .cell[lang='{chosen}']").bounding_box()
    assert own is not None and beside is not None and own["y"] == beside["y"], "side by side"
    right_to_left = language == "ar"
    assert (own["x"] > beside["x"]) == right_to_left, "the page's own text comes first"
    page.go_back()
    assert _shown(page, "para_1") == [language, default]
    assert visit.problems == []


def test_the_parallel_view_uses_the_width_and_keeps_its_columns_named(
    base_url: str, browser: Any
) -> None:
    visit = Visit(browser, width=1280)
    page = visit.open(f"{base_url}/fr/{NAME}/parallel/")
    box = page.locator("#parallel-text").bounding_box()
    assert box is not None and box["width"] >= 0.7 * 1280, box  # it had 688 px of 1280
    assert _shown(page, "parallel-columns") == ["fr", "en"]
    page.locator(".choices a[hreflang='es']").click()
    assert _shown(page, "parallel-columns") == ["fr", "es"]  # named as the choice changes
    page.locator("#para_5").scroll_into_view_if_needed()
    head = page.locator("#parallel-columns").bounding_box()
    bar = page.locator("header.md-header").bounding_box()
    assert head is not None and bar is not None
    assert abs(head["y"] - (bar["y"] + bar["height"])) < 2, "kept in sight under the header"
    assert visit.problems == []


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
