"""The pages at the texts' IRIs and the 404 pages in a real headless Chromium (Debian's):
an IRI, typed as the AKN naming convention writes it (no final slash), brings the reader
to the text; axe finds nothing on an IRI page (held in place: its refresh is stopped) or
on a 404 page, in English, Arabic and Chinese.

Fails, not skips, when CI=true and the browser or axe-core is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_tools.serve import start_server
from tests.helpers import AXE, Visit, playwright_api, require

playwright_api()

NAME = "ipu-132-cyber-warfare-draft"
WORK = "/akn/ipu/statement/resolutionDraft/2015-01-15/c-i-132-dr"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = (
    "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
    ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
)


@pytest.fixture(scope="module")
def base_url(published: Path) -> Iterator[str]:
    server = start_server(published / "site", 0)  # our preview: it answers the 404 pages
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("iri", "landing"),
    [(WORK, f"/en/{NAME}/"), (f"{WORK}/ara@", f"/ar/{NAME}/versions/{NAME}/")],
)
def test_an_iri_brings_the_reader_to_the_text(
    base_url: str, browser: Any, iri: str, landing: str
) -> None:
    visit = Visit(browser)
    page = visit.open(f"{base_url}{iri}")
    page.wait_for_url(f"{base_url}{landing}")
    assert page.locator("h1").first.is_visible()
    assert visit.problems == []


def test_a_manifestation_iri_leads_to_its_download(base_url: str, browser: Any) -> None:
    visit = Visit(browser)
    target = f"{base_url}/fr/downloads/{NAME}.fr.pdf"
    with visit.page.expect_response(target) as response:
        visit.page.goto(f"{base_url}{WORK}/fra@.pdf", wait_until="commit")
    assert response.value.status == 200
    assert response.value.headers["content-type"] == "application/pdf"


def _axe(page: Any) -> list[str]:
    page.add_script_tag(content=AXE.read_text("utf-8"))
    found: list[str] = page.evaluate(RUN_AXE, WCAG)
    return found


@pytest.mark.parametrize("code", ["en", "ar", "zh"])
def test_axe_finds_nothing_on_an_iri_page_and_a_404_page(
    base_url: str, browser: Any, code: str
) -> None:
    require(AXE.exists(), "node_modules/axe-core (npm ci)")
    iso = {"en": "eng", "ar": "ara", "zh": "zho"}[code]
    address = f"{base_url}{WORK}/{iso}@/"
    visit = Visit(browser)
    # Hold the IRI page in place: its refresh is answered "204 No Content", which a
    # browser does not navigate to.
    visit.page.route(f"{base_url}/{code}/**", lambda route: route.fulfill(status=204, body=""))
    visit.page.goto(address)
    assert visit.page.evaluate("document.documentElement.lang") == code
    assert _axe(visit.page) == []
    missing = Visit(browser)
    response = missing.page.goto(f"{base_url}/{code}/no-such-page/")
    assert response is not None and response.status == 404
    missing.page.wait_for_load_state("networkidle")
    assert missing.page.evaluate("document.documentElement.lang") == code
    if code == "ar":
        assert missing.page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert _axe(missing.page) == []
    answered = [p for p in missing.problems if not p.startswith("console ")]
    assert answered == [f"404 {base_url}/{code}/no-such-page/"], "its assets all load"
    said = [p for p in missing.problems if p.startswith("console ")]
    assert said == [
        "console Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
