"""Hostile translations on the site stay text: shown literally, never run (in Chromium)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_tools.config import load_project
from build_tools.pipeline import run_merge, run_publish, run_render, run_site
from tests.conftest import copy_sources
from tests.helpers import Visit, edit_message, serve

NAME = "ipu-132-cyber-warfare-draft"
TITLE = "La guerra <script>window.__xss = 3</script> &amp; *cibernética*"
BODY = [
    "<script>window.__xss = 1</script>",
    '<img src="x" onerror="window.__xss = 2">',
    "**negrita** [enlace](https://example.org)",
    "&lt;b&gt; &#x41;",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sources(tmp_path_factory.mktemp("hostile-site"))
    po = root / "translations" / "es" / f"{NAME}.po"
    edit_message(po, "para_1", "<i>Recomienda</i>", "<i>Recomienda</i> " + " ".join(BODY))
    edit_message(po, "preface__longTitle_1", "La ciberguerra", TITLE)
    text = po.read_text("utf-8").replace('msgctxt "para_2"', '#, fuzzy\nmsgctxt "para_2"', 1)
    po.write_text(text, "utf-8")  # fuzzy: published in English, marked
    project = load_project(root)
    project = dataclasses.replace(
        project, languages=(project.language("en"), project.language("es"))
    )
    documents = project.documents()
    assert not run_merge(project, documents, list(project.languages)).failed
    run_render(project, documents, list(project.languages), ("pdf", "epub"))
    run_site(project, documents)
    run_publish(project, documents)
    return project.site


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    yield from serve(hostile_site)


def test_hostile_text_is_shown_literally_and_never_runs(hostile_url: str, browser: Any) -> None:
    visit = Visit(browser)
    page = visit.open(f"{hostile_url}/es/{NAME}/")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#para_1 script, #para_1 img, #title script").count() == 0
    paragraph = page.locator("#para_1").inner_text()
    for fragment in BODY:
        assert fragment in paragraph, fragment
    assert page.locator("#title").inner_text().startswith(TITLE)
    assert TITLE in page.title()
    assert [p for p in visit.problems if "dialog" in p] == []


def test_hostile_text_on_the_home_page_and_in_search(hostile_url: str, browser: Any) -> None:
    visit = Visit(browser)
    page = visit.open(f"{hostile_url}/es/")
    assert page.evaluate("window.__xss") is None
    assert TITLE in page.locator("article").inner_text()
    box = page.locator("header form[role=search] input[type=search]")
    box.fill("Recomienda")  # the block that holds the hostile text
    box.press("Enter")
    page.locator("#search-results li").first.wait_for(timeout=15000)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#search-results script, #search-results img").count() == 0
    assert page.locator("#search-results a").first.inner_text().startswith(TITLE), "as text"
    found = page.locator("#search-results .excerpt").first.inner_text()
    assert "Recomienda" in found and "window.__xss = 1" in found, found


def test_fallback_paragraph_is_marked_and_in_english(hostile_url: str, browser: Any) -> None:
    page = Visit(browser).open(f"{hostile_url}/es/{NAME}/")
    block = page.locator("#para_2")
    assert block.locator("[lang='en']").count() >= 1
    assert "Encourages parliaments" in block.inner_text()
    notice = page.locator(".fallback-notice:has(+ #para_2)")  # the run's notice, just before it
    assert "Aún sin traducir: este párrafo" in notice.inner_text()
