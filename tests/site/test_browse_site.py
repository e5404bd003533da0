"""The browse pages of a built site of three texts of two bodies, three sessions and both
stages, in six languages: what they list, their navigation, W3C validity and axe, and a
reader in Chromium browsing from the home page to a text through its session and
filtering the listing by body and stage.

The corpus is made in a scratch copy, never in ``source/``: the draft, a copy of it moved
to the Governing Council's 196th session (fictional), and the golden adopted resolution of
the 151st Assembly (``tests/golden/with-annex``, translated into French only).
Fails, not skips, when CI=true and Chromium, axe-core or the W3C checker is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from tests.conftest import IN_CI, ROOT, build_in, copy_sources
from tests.helpers import AXE, Visit, require, serve

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh"]
DRAFT = "ipu-132-cyber-warfare-draft"
COUNCIL = "ipu-gc-196-draft"
ADOPTED = "test-annex"
GOLDEN = ROOT / "tests" / "golden" / "with-annex"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# One page of each new type (and the text's page, which now carries the browse navigation)
PAGE_TYPES = (
    "",
    "sessions/",
    "sessions/ipu-assembly-132/",
    "bodies/",
    "bodies/ipu-governing-council/",
    "years/",
    "years/2015/",
    "stages/",
    "stages/draft/",
    "browse/",
    f"{DRAFT}/",
)


def council(text: str) -> str:
    """The draft, moved to the Governing Council's 196th session (another work)."""
    text = re.sub(r"c-i-132-dr(?=[/\"])", "gc-196-dr", text).replace("C-I/132/DR", "GC/196/DR")
    for old, new in (
        (
            '<organization refersTo="#ipu-assembly">132nd Assembly of the Inter-Parliamentary'
            " Union</organization>",
            '<organization refersTo="#ipu-governing-council">Governing Council of the '
            "Inter-Parliamentary Union</organization>",
        ),
        (
            '<TLCOrganization eId="ipu-assembly" href="/ontology/organization/ipu/assembly" '
            'showAs="Assembly of the Inter-Parliamentary Union"/>',
            '<TLCOrganization eId="ipu-governing-council" href="/ontology/organization/ipu/'
            'governing-council" showAs="Governing Council of the Inter-Parliamentary Union"/>',
        ),
        (
            '<session refersTo="#assembly-132" value="132">132nd IPU Assembly</session>',
            '<session refersTo="#governing-council-196" value="196">Governing Council, 196th '
            "session</session>",
        ),
        (
            '<TLCEvent eId="assembly-132" href="/ontology/event/ipu/assembly/132" showAs="132nd'
            ' IPU Assembly, Hanoi, 28 March to 1 April 2015"/>',
            '<TLCEvent eId="governing-council-196" href="/ontology/event/ipu/governing-council/'
            '196" showAs="Governing Council, 196th session"/>',
        ),
    ):
        assert old in text, old
        text = text.replace(old, new)
    return re.sub(r'\s*<p eId="preface__p_3" class="committee">.*?</p>', "", text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sources(tmp_path_factory.mktemp("browse"))
    source = root / "source" / f"{DRAFT}.xml"
    (root / "source" / f"{COUNCIL}.xml").write_text(council(source.read_text("utf-8")), "utf-8")
    for catalog in root.glob(f"translations/*/{DRAFT}.po"):
        shutil.copy(catalog, catalog.with_name(f"{COUNCIL}.po"))
    shutil.copy(GOLDEN / "source.xml", root / "source" / f"{ADOPTED}.xml")
    shutil.copy(GOLDEN / "fr.po", root / "translations" / "fr" / f"{ADOPTED}.po")
    return build_in(root)


@pytest.fixture(scope="module")
def base_url(corpus: Path) -> Iterator[str]:
    yield from serve(corpus / "site")


def parse(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def page_of(corpus: Path, language: str, path: str) -> html.HtmlElement:
    return parse(corpus / "site" / language / path / "index.html")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_browse_page_exists_with_its_language_and_direction(
    corpus: Path, language: str
) -> None:
    for path in PAGE_TYPES:
        root = page_of(corpus, language, path)
        assert root.get("lang") == language, path
        body = root.find("body")
        assert body is not None
        assert body.get("dir") == ("rtl" if language == "ar" else "ltr"), path
    folder = corpus / "site" / language / "sessions"
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == [
        "ipu-assembly-132",
        "ipu-assembly-151",
        "ipu-governing-council-196",
    ]


def test_the_nav_of_every_page_holds_the_ways_in_and_no_text(corpus: Path) -> None:
    for page in (corpus / "site" / "en").rglob("index.html"):
        root = parse(page)
        hrefs = root.xpath("//nav[contains(@class, 'md-nav--primary')]//a/@href")
        assert not [h for h in hrefs if DRAFT in h or COUNCIL in h or ADOPTED in h], page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_texts_page_shows_its_breadcrumbs_and_its_session(corpus: Path, language: str) -> None:
    root = page_of(corpus, language, f"{DRAFT}/")
    [trail] = root.xpath("//nav[@class='crumbs']")
    hrefs = trail.xpath(".//a/@href")
    assert hrefs == ["../", "../bodies/ipu-assembly/", "../sessions/ipu-assembly-132/"]
    assert trail.xpath(".//span[@aria-current='page']")
    [around] = root.xpath("//nav[@class='around']")
    assert around.xpath(".//a/@href") == ["../sessions/ipu-assembly-132/"]
    session = page_of(corpus, language, "sessions/ipu-assembly-132/")
    names = {"en": "132nd IPU Assembly", "fr": "132e Assemblée", "zh": "第132届大会"}
    assert names.get(language, "132") in session.xpath("string(//h1)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_list_says_what_each_text_is_and_only_links_what_is_published(
    corpus: Path, language: str
) -> None:
    ui = strings(language)
    site = corpus / "site" / language
    drafted, adopted = (words_of(ui[key]) for key in ("stage-draft", "stage-adopted"))
    for path in ("", "sessions/ipu-assembly-132/", "stages/draft/", "years/2015/"):
        root = page_of(corpus, language, path)
        entries = root.xpath("//div[contains(@class, 'entry')]")
        assert entries, path
        for entry in entries:
            words = entry.text_content()
            if "draft" in entry.get("class", "").split():
                assert drafted in words and adopted not in words, (path, words)
        notices = root.xpath("//div[contains(@class, 'banner') and contains(@class, 'draft')]")
        assert notices, f"{path}: the draft notice"
    [adopted_entry] = page_of(corpus, language, "stages/adopted/").xpath(
        "//div[contains(@class, 'entry')]"
    )
    assert adopted in adopted_entry.text_content()
    [link] = adopted_entry.xpath(".//a")
    if language in {"en", "fr"}:
        assert link.get("href") == f"../../{ADOPTED}/" and (site / ADOPTED).exists()
    else:  # not published here: the original is linked, said so, in its language
        assert link.get("href") == f"../../../en/{ADOPTED}/" and not (site / ADOPTED).exists()
        assert link.get("lang") == "en" and ui["status-unavailable"] in (
            adopted_entry.text_content()
        )


def words_of(template: str) -> str:
    """The longest run of a template's own words (its placeholders left out)."""
    return max(re.split(r"\{\w+\}", template), key=len).strip(" ,،，")


def strings(language: str) -> dict[str, str]:
    """The interface strings of ``language`` as the project's catalogs have them."""
    from build_tools import bodies
    from build_tools.i18n.ui import ui_strings
    from build_tools.layout import Layout

    nowhere = Path("/nonexistent")
    layout = Layout(ROOT / "source", ROOT / "translations", nowhere, nowhere)
    return ui_strings(layout, language, bodies.default())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_listings_index_is_small_and_its_page_works_without_script(
    corpus: Path, language: str
) -> None:
    site = corpus / "site" / language
    index = (site / "browse" / "index.json").read_bytes()
    rows = index.split(b'"rows":[\n', 1)[1].splitlines()[:-1]
    assert len(rows) == 3 and all(len(row) + 1 <= 200 for row in rows)
    data = json.loads(index)
    assert [row[0] for row in data["rows"]] == [ADOPTED, COUNCIL, DRAFT]  # newest first
    root = page_of(corpus, language, "browse/")
    [form] = root.xpath("//form[@id='facets']")
    assert "hidden" in form.attrib, "shown by the script only"
    assert root.xpath("//div[@class='akn-page']//ul/li/a/@href") == [
        "../sessions/",
        "../bodies/",
        "../years/",
        "../stages/",
    ]


def test_w3c_validator_finds_no_error_on_any_new_page_type(corpus: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        if IN_CI:
            pytest.fail("the W3C checker needs Java and node_modules/vnu-jar (npm ci)")
        pytest.skip("vnu.jar or Java missing; run `npm ci`")
    files = [
        str(corpus / "site" / language / path / "index.html")
        for language in LANGUAGES
        for path in PAGE_TYPES
    ]
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stderr.strip() == ""


# In Chromium


def _playwright() -> None:
    from tests.helpers import playwright_api

    playwright_api()  # skips without Playwright, except in CI (then it fails)


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_every_new_page_type_passes_axe(base_url: str, browser: Any, language: str) -> None:
    _playwright()
    require(AXE.exists(), "node_modules/axe-core (npm ci)")
    script = AXE.read_text("utf-8")
    visit = Visit(browser)
    violations = {}
    for path in PAGE_TYPES:
        page = visit.open(f"{base_url}/{language}/{path}")
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


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_a_reader_browses_from_the_home_page_to_a_text_through_its_session(
    base_url: str, browser: Any, language: str
) -> None:
    _playwright()
    visit = Visit(browser)
    page = visit.open(f"{base_url}/{language}/")
    page.locator("#ways-sessions + ul a[href='sessions/ipu-assembly-132/']").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base_url}/{language}/sessions/ipu-assembly-132/"
    page.locator(f".entry a[href='../../{DRAFT}/']").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base_url}/{language}/{DRAFT}/"
    crumbs = page.locator("nav.crumbs li")
    assert crumbs.count() == 4
    first, second = crumbs.nth(0).bounding_box(), crumbs.nth(1).bounding_box()
    assert first is not None and second is not None and first["y"] == second["y"]
    if language == "ar":  # the trail reads from the right
        assert first["x"] > second["x"]
    else:
        assert first["x"] < second["x"]
    page.locator("nav.around a").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base_url}/{language}/sessions/ipu-assembly-132/"
    assert visit.problems == []


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_the_listing_filters_by_body_and_stage(base_url: str, browser: Any, language: str) -> None:
    _playwright()
    visit = Visit(browser)
    page = visit.open(f"{base_url}/{language}/browse/")
    results = page.locator("#facet-results li")
    results.first.wait_for(timeout=15000)
    assert results.count() == 3

    def hrefs() -> list[str]:
        return sorted(results.evaluate_all("items => items.map(i => i.querySelector('a').href)"))

    body = page.locator("#facet-body")
    council_option = body.locator("option", has_text=_body_name("ipu-governing-council", language))
    body.select_option(council_option.get_attribute("value"))
    assert hrefs() == [f"{base_url}/{language}/{COUNCIL}/"]
    body.select_option("")
    stage = page.locator("#facet-stage")
    stage.select_option(label=strings(language)["stage-resolutions"])
    expected = (
        f"{base_url}/{language}/{ADOPTED}/" if language == "en" else (f"{base_url}/en/{ADOPTED}/")
    )
    assert hrefs() == [expected]
    assembly = body.locator("option", has_text=_body_name("ipu-assembly", language))
    body.select_option(assembly.get_attribute("value"))
    stage.select_option(label=strings(language)["stage-drafts"])
    assert hrefs() == [f"{base_url}/{language}/{DRAFT}/"]
    assert page.locator("#facet-count").inner_text().strip().endswith("1")
    assert visit.problems == []


def _body_name(identifier: str, language: str) -> str:
    from build_tools import bodies

    return bodies.get(identifier).name(language)


def test_the_listing_without_script_offers_the_static_lists(base_url: str, browser: Any) -> None:
    _playwright()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/en/browse/")
    assert not page.locator("#facets").is_visible()
    page.locator(".akn-page ul a[href='../sessions/']").click()
    assert page.url == f"{base_url}/en/sessions/"
    context.close()
