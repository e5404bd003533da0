"""The published site, checked without a browser: structure, languages, links, W3C validity."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html

from tests.conftest import CORRIGENDUM, IN_CI, ROOT
from tests.helpers import pagefind_data

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh"]
NAME = "ipu-132-cyber-warfare-draft"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def pages(site: Path) -> list[Path]:
    """The site's pages, but the error pages and the IRIs' redirect pages (checked in
    test_identifiers)."""
    return sorted(
        p
        for p in site.rglob("*.html")
        if p.name != "404.html" and not p.relative_to(site).as_posix().startswith("akn/")
    )


def parse(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def test_every_language_has_home_document_and_one_parallel_page(published: Path) -> None:
    site = published / "site"
    for language in LANGUAGES:
        assert (site / language / "index.html").exists()
        assert (site / language / NAME / "index.html").exists()
        parallel = parse(site / language / NAME / "parallel" / "index.html")
        others = [other for other in LANGUAGES if other != language]
        assert parallel.xpath("//div[@id='choices']//a/@href") == [f"#with-{o}" for o in others]
        assert sorted(parallel.xpath("//span[@class='with']/@id")) == sorted(
            f"with-{o}" for o in others
        )
        [row] = parallel.xpath("//div[@id='para_1']")
        cells = row.xpath("./*[contains(@class, 'cell')]/@lang")
        default = "en" if language != "en" else "fr"  # the original, or the first other
        assert cells[:2] == [language, default] and sorted(cells) == sorted(LANGUAGES)
        assert not (site / language / NAME / "parallel" / default).exists(), "one page"
        for suffix in ("pdf", "epub", "akn.xml"):
            assert (site / language / "downloads" / f"{NAME}.{language}.{suffix}").exists()
    assert (site / "index.html").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_declare_language_and_direction(published: Path, language: str) -> None:
    for page in pages(published / "site" / language):
        root = parse(page)
        assert root.get("lang") == language, page
        body = root.find("body")
        assert body is not None and body.get("dir") == ("rtl" if language == "ar" else "ltr"), page


def test_anchors_are_the_same_eids_in_every_language(published: Path) -> None:
    ids = {}
    for language in LANGUAGES:
        root = parse(published / "site" / language / NAME / "index.html")
        ids[language] = [
            i
            for i in root.xpath("//@id")
            if re.fullmatch(r"(recs|para|hcontainer|formula|preface)\w*", i)
        ]
    assert "para_7" in ids["en"] and "recs_1__rec_3" in ids["en"]
    assert all(found == ids["en"] for found in ids.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_hreflang_alternates_are_reciprocal(published: Path, language: str) -> None:
    root = parse(published / "site" / language / NAME / "index.html")
    links = {
        link.get("hreflang"): link.get("href")
        for link in root.xpath("//head/link[@rel='alternate'][@hreflang]")  # not the feed
    }
    assert set(links) == {*LANGUAGES, "x-default"}
    for other in LANGUAGES:
        assert links[other] == f"../../{other}/{NAME}"
        back = parse(published / "site" / other / NAME / "index.html")
        assert f"../../{language}/{NAME}" in back.xpath("//head/link[@rel='alternate']/@href")


@pytest.mark.parametrize("language", LANGUAGES)
def test_document_page_content(published: Path, language: str) -> None:
    root = parse(published / "site" / language / NAME / "index.html")
    text = root.text_content()
    assert root.xpath("//div[@id='para_7']//em"), "italic opening words"
    banner = root.xpath("//div[@id='status']")
    if language == "en":
        assert not banner
    else:
        assert banner and "100" in banner[0].text_content()
        assert banner[0].xpath(".//a[@hreflang='en']/@href") == [f"../../en/{NAME}/"]
    downloads = root.xpath("//h2[@id='downloads']/following-sibling::ul[1]//a/@href")
    assert f"../downloads/{NAME}.{language}.pdf" in downloads
    assert f"../downloads/{NAME}.{language}.epub" in downloads
    assert f"../downloads/{NAME}.{language}.akn.xml" in downloads
    assert re.search(r"\d", text)


def test_no_request_leaves_the_site(published: Path) -> None:
    external = re.compile(r'(src|href)="(https?:)?//', re.IGNORECASE)
    for page in pages(published / "site"):
        assert not external.search(page.read_text("utf-8")), page
    for css in (published / "site").rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text("utf-8")


def test_no_site_carries_what_only_material_s_own_search_uses(published: Path) -> None:
    """lunr, its languages and the search worker (1.2 MB a language) were copied into
    every site, though our search is Pagefind's (issue 26)."""
    scripts = sorted((published / "site").glob("*/assets/javascripts/*"))
    assert scripts, "the theme's scripts are there"
    assert not [p for p in scripts if p.name in {"lunr", "workers"}]


def pandoc_children() -> list[int]:
    """The Pandoc processes this process started that are still running."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            with contextlib.suppress(OSError):
                if b"pandoc" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(int(pid))
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_indexing_a_language_ends_the_pandoc_of_its_process(
    published: Path, tmp_path: Path
) -> None:
    """The search jobs come after every conversion of a build: a worker's Pandoc (180 MiB
    at N=1000) is ended before Pagefind indexes beside it, which made the build's peak
    (issue 26). It starts again if a conversion follows."""
    from build_tools.config import load_project
    from build_tools.render import pandoc
    from build_tools.site import search
    from build_tools.site.search import build_index

    root = shutil.copytree(published, tmp_path / "project", symlinks=True)
    search._make_room.cache_clear()  # as in a worker: its first index (once per process)
    pandoc.warm_up()  # this process's Pandoc, as a worker's is after its site jobs
    assert pandoc_children()
    bundle = build_index(load_project(root), "fr")
    assert (bundle / "pagefind-entry.json").is_file()
    assert pandoc_children() == []
    pandoc.warm_up()
    assert len(pandoc_children()) == 1


def test_each_language_searches_its_own_texts_only(published: Path) -> None:
    """One Pagefind bundle per language (``<lang>/pagefind/``), indexing the text's page
    only (not the home page, versions, parallel view or search page), in that language,
    with its facets as filters; no MkDocs search index is left."""
    words = {
        "fr": "cyberespace",
        "es": "cibernética",
        "ru": "Кибервойна",
        "ar": "السيبرانية",
        "zh": "网络",
    }
    for language in LANGUAGES:
        bundle = published / "site" / language / "pagefind"
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == [language]
        assert entry["languages"][language]["page_count"] == 1
        assert not (published / "site" / language / "search" / "search_index.json").exists()
        assert not list(bundle.glob("pagefind-ui*")), "Pagefind's own interfaces are not published"
        [fragment] = [pagefind_data(path) for path in (bundle / "fragment").iterdir()]
        assert fragment["url"] == f"/{NAME}/"
        assert fragment["meta"]["title"] == parse(
            published / "site" / language / NAME / "index.html"
        ).xpath("string(//h1[@id='title'])")
        status = "original" if language == "en" else "provisional"
        assert fragment["filters"] == {
            "body": ["ipu-assembly"],
            "stage": ["draft"],
            "status": [status],
            "year": ["2015"],
        }
        content = fragment["content"].replace("\u200b", "")  # Pagefind's Chinese word breaks
        assert "not a text adopted" not in content, "the draft banner is not the text"
        for other, word in words.items():
            assert (word in content) == (other == language), (language, word)


def test_w3c_validator_finds_no_error(published: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        if IN_CI:
            pytest.fail("the W3C checker needs Java and node_modules/vnu-jar (npm ci)")
        pytest.skip("vnu.jar or Java missing; run `npm ci`")
    files = [str(p) for p in pages(published / "site")]
    # per language: home, text, version, parallel view, search, and the browse pages: the
    # four ways in, the text's session, body, committee, year and stage, and the listing
    assert len(files) == 6 * (5 + 10) + 1
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stderr.strip() == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_versions_are_listed_readable_and_compared(versioned: Path, language: str) -> None:
    work = versioned / "site" / language / NAME
    page = parse(work / "index.html")
    versions = page.xpath("//h2[@id='versions']/following-sibling::ul[1]/li")
    assert len(versions) == 2
    assert versions[0].xpath(".//a/@href") == [f"versions/{NAME}/"]
    assert versions[1].xpath(".//a/@href") == [
        f"versions/{CORRIGENDUM}/",
        f"changes/{CORRIGENDUM}/",
    ]
    assert (work / "versions" / NAME / "index.html").exists()
    assert (work / "versions" / CORRIGENDUM / "index.html").exists()
    redline = parse(work / "changes" / CORRIGENDUM / "index.html")
    assert redline.xpath("//div[@id='preface__p_7']//ins"), "the corrigendum note is an insertion"


def test_earlier_version_stays_available_and_the_redline_shows_the_correction(
    versioned: Path,
) -> None:
    submitted = parse(versioned / "site" / "en" / NAME / "versions" / NAME / "index.html")
    assert "Cognisant of that the fact that" in submitted.text_content()
    current = parse(versioned / "site" / "en" / NAME / "index.html")
    assert "Cognisant of the fact that" in current.text_content()
    redline = parse(versioned / "site" / "en" / NAME / "changes" / CORRIGENDUM / "index.html")
    [change] = redline.xpath("//div[@id='recs_1__rec_5']")
    assert [d.text_content() for d in change.xpath(".//del")] == [" that"]
    assert not change.xpath(".//ins")
    downloads = submitted.xpath("//h2[@id='downloads']/following-sibling::ul[1]//a/@href")
    assert f"../../../downloads/{NAME}.en.pdf" in downloads


def primary_nav(page: html.HtmlElement) -> str:
    [nav] = page.xpath("//nav[contains(@class, 'md-nav--primary')]")
    return " ".join(nav.text_content().split())


def test_the_parallel_view_has_the_banners_of_the_text_and_names_its_columns(
    published: Path,
) -> None:
    site = published / "site"
    page = parse(site / "fr" / NAME / "parallel" / "index.html")
    assert page.xpath("//div[@id='draft']"), "the draft's banner"
    [status] = page.xpath("//div[@id='status']")  # the provisional translation's, as on its page
    assert "traduction provisoire" in status.text_content()
    assert status.xpath(".//a[@hreflang='en']/@href") == [f"../../../en/{NAME}/"]
    heads = page.xpath("//div[@id='parallel-columns']/div[contains(@class, 'cell')]")
    named = [(head.get("lang"), " ".join(head.text_content().split())) for head in heads]
    assert named[:2] == [("fr", "Français"), ("en", "English")]  # in the rows' order
    assert sorted(lang for lang, _ in named) == sorted(LANGUAGES)
    [toc] = page.xpath("//div[contains(@class, 'md-sidebar--secondary')]")
    assert toc.get("hidden") is not None, "the columns take the table of contents' width"
    original = parse(site / "en" / NAME / "parallel" / "index.html")
    assert not original.xpath("//div[@id='status']"), "the original is not provisional"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_navigation_names_the_site_once(published: Path, language: str) -> None:
    page = parse(published / "site" / language / "index.html")
    [name] = page.xpath("//div[contains(@class, 'md-header__topic')]//span/text()")[:1]
    assert primary_nav(page).count(name.strip()) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_is_written_as_the_masthead_writes_it(published: Path, language: str) -> None:
    """One date format per language: the title's and the home page's list (written by
    the software; the navigation lists no text) are the masthead's (the translators')."""
    page = parse(published / "site" / language / NAME / "index.html")
    [masthead] = page.xpath("//*[@id='preface__p_5']")
    date = " ".join(masthead.text_content().split())
    assert date in (page.findtext(".//title") or "")
    home = parse(published / "site" / language / "index.html")
    [entry] = home.xpath(
        f"//a[contains(@href, '{NAME}/')]/ancestor::*[contains(@class, 'entry')][1]"
    )
    assert date in " ".join(entry.text_content().split())


def test_french_ordinals_are_superscript(published: Path) -> None:
    page = parse(published / "site" / "fr" / NAME / "index.html")
    assert page.xpath("//*[@id='preface__p_2']//sup/text()") == ["er"]  # 1er avril
    assert page.xpath("//*[@id='preface__p_1']//sup/text()") == ["e"]  # 132e Assemblée


@pytest.mark.parametrize("date", ["1950-01-15", "2150-01-15"])
def test_a_text_dated_outside_what_zip_and_gzip_can_date_publishes(
    tmp_path: Path, date: str
) -> None:
    """The EPUB's ZIP dates its files from 1980 to 2107 and the sitemap's gzip header from
    1970 to 2106; both are dated from the texts' dates, so a text of 1950 (the IPU has
    published since 1889) or one dated 2150 stopped the build. They are published, their
    archives dated as near as their formats allow."""
    import gzip

    from build_tools.config import load_project
    from build_tools.manifest import verify_site
    from build_tools.pipeline import run_build
    from tests.conftest import copy_sources
    from tests.helpers import NAME

    root = copy_sources(tmp_path / "project")
    source = root / "source" / f"{NAME}.xml"
    source.write_text(source.read_text("utf-8").replace("2015-01-15", date), "utf-8")
    run_build(load_project(root))
    site = root / "site"
    assert verify_site(site) == []
    for language in ("en", "ar", "zh"):
        assert (site / language / "downloads" / f"{NAME}.{language}.epub").is_file()
        with gzip.open(site / language / "sitemap.xml.gz") as sitemap:
            assert sitemap.read().startswith(b"<?xml")
