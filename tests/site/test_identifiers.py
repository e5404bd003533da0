"""Feeds, identifiers and bulk data on the built site: each language's Atom feed (RFC 4287,
read back by feedparser), the pages at the texts' AKN IRIs (followed in the built site),
the schema.org JSON-LD of the text pages (true to the stage), ``data/documents.json``
(against its JSON Schema and the signed manifest) and the translated 404 pages."""

from __future__ import annotations

import json
import posixpath
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from lxml import etree, html

from build_tools.manifest import verify_site
from build_tools.serve import start_server
from tests.conftest import IN_CI, ROOT
from tests.helpers import copy_published, edit_message, main_in

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh"]
NAME = "ipu-132-cyber-warfare-draft"
CORRIGENDUM = f"{NAME}_2026-11-28"
ADOPTED = "test-adopted-resolution"
ATOM = "{http://www.w3.org/2005/Atom}"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def site_of(root: Path) -> Path:
    return root / "site"


def feed(root: Path, code: str) -> Any:
    return feedparser.parse((site_of(root) / code / "feed.xml").read_bytes())


def jsonld(page: Path) -> dict[str, Any]:
    [script] = html.fromstring(page.read_bytes()).xpath("//script[@type='application/ld+json']")
    data: dict[str, Any] = json.loads(script.text)
    return data


def resolve(site: Path, page: str, href: str) -> Path:
    """The file a relative link of the page at site URL ``page`` leads to."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    path = site / target
    return path / "index.html" if path.is_dir() else path


# Feeds


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_an_atom_feed_with_the_required_elements(
    versioned: Path, code: str
) -> None:
    parsed = feed(versioned, code)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = etree.parse(str(site_of(versioned) / code / "feed.xml")).getroot()
    for name in (
        "id",
        "title",
        "updated",
        "author",
    ):  # RFC 4287 4.1.1 (author: every entry lacks one)
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == code
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(parsed.entries) >= 2
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.find(f"{ATOM}link") is not None or entry.find(f"{ATOM}content") is not None
        assert entry.findtext(f"{ATOM}id", "").startswith("urn:uuid:")
    dates = [entry.updated for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.feed.updated == dates[0], "the newest entry's date, not the clock"
    assert len({entry.id for entry in parsed.entries}) == len(parsed.entries)


@pytest.mark.parametrize("code", LANGUAGES)
def test_feed_entries_say_stage_symbol_and_date_and_a_draft_is_a_draft(
    versioned: Path, code: str
) -> None:
    site = site_of(versioned)
    for entry in feed(versioned, code).entries:
        terms = {tag.term for tag in entry.tags}
        target = resolve(site, f"{code}/feed.xml", entry.link)
        assert target.is_file(), entry.link
        if f"/{ADOPTED}/" in entry.link:
            assert "adopted" in terms and "draft" not in terms
        else:
            assert "draft" in terms and "adopted" not in terms
            assert entry.title.startswith("C-I/132/DR: ")
            stage = next(tag.label for tag in entry.tags if tag.term == "draft")
            assert stage in entry.summary and "C-I/132/DR" in stage
        assert entry.updated[:10] in {"2015-01-15", "2026-11-28", "2026-11-29", "2099-04-01"}


def test_feed_has_new_texts_versions_and_translations(versioned: Path) -> None:
    kinds = {}
    for entry in feed(versioned, "fr").entries:
        kind = ({tag.term for tag in entry.tags} & {"text", "version", "translation"}).pop()
        kinds[(entry.link, kind)] = entry.updated[:10]
    draft, corrected = f"{NAME}/versions/{NAME}/", f"{NAME}/versions/{CORRIGENDUM}/"
    assert kinds[(draft, "text")] == "2015-01-15"  # the text's own date
    assert kinds[(corrected, "version")] == "2026-11-28"  # the corrigendum's
    assert kinds[(draft, "translation")] == "2026-11-29"  # the catalog's PO-Revision-Date
    english = [{t.term for t in e.tags} for e in feed(versioned, "en").entries]
    assert not any("translation" in terms for terms in english), "the original has none"


def test_every_page_links_its_language_feed(versioned: Path) -> None:
    site = site_of(versioned)
    for code in LANGUAGES:
        for page in sorted((site / code).rglob("index.html")):
            page_url = page.relative_to(site).as_posix()
            [href] = html.fromstring(page.read_bytes()).xpath(
                "//head/link[@rel='alternate'][@type='application/atom+xml']/@href"
            )
            assert resolve(site, page_url, href) == site / code / "feed.xml", page_url


# IRIs


def documents(root: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(
        (site_of(root) / "data" / "documents.json").read_text("utf-8")
    )["documents"]
    return found


def follow(site: Path, iri: str) -> str:
    """Follow the page at ``iri``: its refresh, canonical and visible links agree; the
    site URL they lead to. It names its icon, or a browser asks the server's root for a
    /favicon.ico, which our sites do not have (a 404 on the reader's console)."""
    page_url = iri.strip("/") + "/"
    page = html.fromstring((site / page_url / "index.html").read_bytes())
    assert page.xpath("//head/link[@rel='icon']/@href") == ["data:,"]
    [refresh] = page.xpath("//meta[@http-equiv='refresh']/@content")
    [canonical] = page.xpath("//link[@rel='canonical']/@href")
    [visible] = page.xpath("//body//a/@href")
    assert refresh == f"0; url={canonical}" and visible == canonical
    target = posixpath.normpath(posixpath.join(page_url, canonical))
    assert resolve(site, page_url, canonical).is_file(), target
    return target + ("/" if canonical.endswith("/") else "")


def test_work_expression_and_manifestation_iris_lead_to_the_text_and_its_files(
    versioned: Path,
) -> None:
    site = site_of(versioned)
    for record in documents(versioned):
        if record["current"]:
            assert follow(site, record["work"]["iri"]) == record["work"]["page"]
        for language in record["languages"]:
            if language["status"] == "not listed":
                continue
            assert follow(site, language["expression"]["iri"]) == language["page"]
            for download in language["downloads"]:
                assert follow(site, download["iri"]) == download["url"]


def test_iri_page_is_in_the_language_it_leads_to(versioned: Path) -> None:
    site = site_of(versioned)
    [record] = [r for r in documents(versioned) if r["name"] == NAME]
    arabic = next(lang for lang in record["languages"] if lang["code"] == "ar")
    page = html.fromstring((site / arabic["expression"]["url"] / "index.html").read_bytes())
    assert page.get("lang") == "ar" and page.get("dir") == "rtl"
    assert arabic["title"] in page.findtext(".//h1", "")


# JSON-LD


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_draft_page_says_draft_and_claims_no_adoption_or_force(
    versioned: Path, code: str
) -> None:
    data = jsonld(site_of(versioned) / code / NAME / "index.html")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == data["identifier"] == "C-I/132/DR"
    assert data["inLanguage"] == code
    assert data["creativeWorkStatus"] == "Draft" and data["dateCreated"] == "2015-01-15"
    for claim in ("legislationPassedBy", "legislationDate", "legislationLegalForce"):
        assert claim not in data
    assert "InForce" not in json.dumps(data)
    formats = {e["encodingFormat"] for e in data["encoding"]}
    assert formats == {"application/pdf", "application/epub+zip", "application/akn+xml"}
    assert data["legislationDateVersion"] == "2026-11-28"  # the current version's
    based = data["@reverse"]["isBasedOn"]
    assert [ref["url"] for ref in based] == [f"../{ADOPTED}/"]
    if code == "en":
        assert {t["inLanguage"] for t in data["workTranslation"]} == set(LANGUAGES) - {"en"}
    else:
        assert data["translationOfWork"]["inLanguage"] == "en"


def test_an_adopted_page_gives_its_adoption_and_the_draft_it_is_based_on(
    versioned: Path,
) -> None:
    data = jsonld(site_of(versioned) / "fr" / ADOPTED / "index.html")
    assert data["creativeWorkStatus"] == "Adopted"
    assert data["legislationDate"] == "2099-04-01"
    assert [body["name"] for body in data["legislationPassedBy"]] == ["Test Assembly (fictional)"]
    assert [ref["legislationIdentifier"] for ref in data["isBasedOn"]] == ["C-I/132/DR"]
    assert "author" not in data and "legislationLegalForce" not in data


def test_json_ld_links_resolve_on_the_site(versioned: Path) -> None:
    site = site_of(versioned)
    page_url = f"zh/{NAME}/versions/{CORRIGENDUM}/"
    data = jsonld(site / page_url / "index.html")
    assert resolve(site, page_url, data["@id"]).is_file()
    assert resolve(site, page_url, data["exampleOfWork"]["@id"]).is_file()
    for encoding in data["encoding"]:
        assert resolve(site, page_url, encoding["contentUrl"]).is_file()


# Bulk data


def test_documents_json_matches_its_schema_and_the_signed_manifest(versioned: Path) -> None:
    site = site_of(versioned)
    data = json.loads((site / "data" / "documents.json").read_text("utf-8"))
    schema = json.loads((site / "data" / "documents.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert {"data/documents.json", "data/documents.schema.json"} <= set(listed)
    assert verify_site(site) == []
    records = {record["name"]: record for record in data["documents"]}
    assert set(records) == {NAME, CORRIGENDUM, ADOPTED}
    assert records[NAME]["stage"] == "draft" and records[ADOPTED]["stage"] == "adopted"
    assert records[NAME]["session"] == {"number": 132, "name": "132nd IPU Assembly"}
    assert (records[NAME]["current"], records[CORRIGENDUM]["current"]) == (False, True)
    downloads = 0
    for record in data["documents"]:
        statuses = {lang["code"]: lang["status"] for lang in record["languages"]}
        assert statuses["en"] == "original" and set(statuses) == set(LANGUAGES)
        for language in record["languages"]:
            for download in language.get("downloads", []):
                entry = listed[download["url"]]
                assert (download["size"], download["sha256"]) == (entry["size"], entry["sha256"])
                downloads += 1
    assert downloads == 3 * 6 * 3  # three texts, six languages, PDF, EPUB and AKN


def test_documents_json_refuses_a_draft_claiming_drafts(versioned: Path) -> None:
    """The schema is no formality: a draft that says it was made from drafts fails."""
    site = site_of(versioned)
    schema = json.loads((site / "data" / "documents.schema.json").read_text("utf-8"))
    data = json.loads((site / "data" / "documents.json").read_text("utf-8"))
    draft = next(record for record in data["documents"] if record["stage"] == "draft")
    draft["drafts"] = ["/akn/ipu/statement/resolutionDraft/2015-01-15/c-i-132-dr"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


# 404


@pytest.mark.parametrize(
    ("code", "heading"),
    [("en", "Page not found"), ("fr", "Page introuvable"), ("ar", "الصفحة غير موجودة")],
)
def test_each_language_has_its_own_404_page(versioned: Path, code: str, heading: str) -> None:
    page = html.fromstring((site_of(versioned) / code / "404.html").read_bytes())
    assert page.get("lang") == code
    assert page.findtext(".//h1") == heading
    stylesheets = page.xpath("//link[@rel='stylesheet']/@href")
    assert f"/{code}/assets/site.css" in stylesheets  # absolute from its language's root
    assert page.xpath("//article//a/@href") == [f"/{code}/"]
    if code == "ar":
        assert page.xpath("//body/@dir") == ["rtl"]


def test_serve_answers_a_wrong_address_with_its_languages_404(versioned: Path) -> None:
    server = start_server(site_of(versioned), 0)
    port = server.server_address[1]
    try:
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/no-such-text/")
        assert raised.value.code == 404
        assert "Page introuvable" in raised.value.read().decode("utf-8")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/{NAME}/") as response:
            assert response.status == 200
    finally:
        server.shutdown()
        server.server_close()


# The new page types, checked by the W3C validator


def test_w3c_validator_finds_no_error_in_iri_and_404_pages(versioned: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        if IN_CI:
            pytest.fail("the W3C checker needs Java and node_modules/vnu-jar (npm ci)")
        pytest.skip("vnu.jar or Java missing; run `npm ci`")
    site = site_of(versioned)
    iri_pages = sorted((site / "akn").rglob("index.html"))
    assert len(iri_pages) == 2 + 3 * 6 * 4  # two works; three versions, six languages, 1 + 3 files
    sample = [
        *iri_pages[:: max(1, len(iri_pages) // 12)],
        *(site / c / "404.html" for c in LANGUAGES),
    ]
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, sample)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]


# Incremental: a changed message rewrites no feed it does not change


def test_a_changed_translation_rewrites_no_feed_and_keeps_the_data_true(
    published: Path, tmp_path: Path
) -> None:
    """One French message changed (its catalog's revision date kept): every feed stays
    the same bytes, and the ones of other languages are not even rewritten (publish
    links the file the site held); documents.json follows the new French downloads."""
    root = copy_published(published, tmp_path / "copy")
    site = site_of(root)
    feeds = {code: site / code / "feed.xml" for code in LANGUAGES}
    before = {code: (path.read_bytes(), path.stat().st_ino) for code, path in feeds.items()}
    data_before = (site / "data" / "documents.json").read_bytes()
    catalog = root / "translations" / "fr" / f"{NAME}.po"
    edit_message(catalog, "para_12", "Encourage", "Exhorte")
    assert main_in(root, ["build"]) == 0
    for code, path in feeds.items():
        assert path.read_bytes() == before[code][0], code
        if code != "fr":
            assert path.stat().st_ino == before[code][1], f"{code} feed rewritten"
    assert (site / "data" / "documents.json").read_bytes() != data_before
    assert verify_site(site) == []
    data = json.loads((site / "data" / "documents.json").read_text("utf-8"))
    listed = {e["path"]: e for e in json.loads((site / "manifest.json").read_text())["files"]}
    for record in data["documents"]:
        for language in record["languages"]:
            for download in language.get("downloads", []):
                assert download["sha256"] == listed[download["url"]]["sha256"]


def test_a_changed_translation_rewrites_no_iri_page_it_does_not_change(
    published: Path, tmp_path: Path
) -> None:
    """One French message changed: the IRI pages are made again (a page put there by
    hand is restored, a file no IRI has is removed) but none whose bytes stay the same is
    rewritten, so the work stays with the text that changed."""
    root = copy_published(published, tmp_path / "copy")
    folder = root / "build" / "site" / "akn"
    pages = sorted(folder.rglob("index.html"))
    assert len(pages) > 10
    tampered, stray = pages[0], folder / "retired" / "index.html"
    clean = tampered.read_bytes()
    tampered.write_bytes(b"<p>edited</p>")
    stray.parent.mkdir()
    stray.write_bytes(b"<p>no IRI</p>")
    kept = {page: (page.stat().st_ino, page.stat().st_mtime_ns) for page in pages[1:]}
    catalog = root / "translations" / "fr" / f"{NAME}.po"
    edit_message(catalog, "para_12", "Encourage", "Exhorte")
    assert main_in(root, ["build"]) == 0
    assert tampered.read_bytes() == clean
    assert not stray.parent.exists()
    assert sorted(folder.rglob("index.html")) == pages
    rewritten = [p for p, stat in kept.items() if (p.stat().st_ino, p.stat().st_mtime_ns) != stat]
    assert rewritten == []
    assert (root / "site" / "akn").is_dir() and verify_site(root / "site") == []
