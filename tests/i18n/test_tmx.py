"""TMX 1.4 out: the corpus's translations as a memory translate-toolkit and OmegaT read,
valid against the TMX 1.4 DTD (the one OmegaT ships)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx

from build_tools.akn import placeholders
from build_tools.i18n.catalogs import messages, read_catalog, translated, write_catalog
from build_tools.i18n.header import header_text
from build_tools.i18n.inline import fill_tmx_segment
from tests.conftest import copy_sources, run_cli
from tests.helpers import require

NAME = "ipu-132-cyber-warfare-draft"
TARGETS = ["fr", "es", "ar", "ru", "zh"]
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")  # Debian's omegat


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_sources(tmp_path / "project")
    po = read_catalog(root / "translations" / "fr" / f"{NAME}.po")
    po.header = header_text(po.lines)
    found = {str(m.context): m for m in messages(po.catalog)}
    found["para_2"].flags.add("fuzzy")
    found["para_3"].string = ""
    write_catalog(po)
    return root


def export(root: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, err = run_cli(root, ["tmx", "export", *argv], capsys)
    assert code == 0, err
    return err


def test_our_tags_are_tmx_codes_holding_the_xliff_codes() -> None:
    segment = etree.Element("seg")
    fill_tmx_segment(segment, "<i>Notes</i> that <x1>the <b>Charter</b></x1><x2/>.")
    assert etree.tostring(segment, encoding="unicode") == (
        '<seg><bpt i="1" type="italic">&lt;g id="i1" ctype="italic"&gt;</bpt>Notes'
        '<ept i="1">&lt;/g&gt;</ept> that <bpt i="2">&lt;g id="x1"&gt;</bpt>the '
        '<bpt i="3" type="bold">&lt;g id="b1" ctype="bold"&gt;</bpt>Charter<ept i="3">'
        '&lt;/g&gt;</ept><ept i="2">&lt;/g&gt;</ept><ph>&lt;x id="x2"/&gt;</ph>.</seg>'
    )


def test_the_memory_holds_every_translated_unit_once_per_language(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = export(project, capsys)
    assert err == f"wrote build/tmx/memory.tmx ({5 * 37 - 2} translated units)\n"
    path = project / "build" / "tmx" / "memory.tmx"
    store = tmx.tmxfile.parsefile(str(path))  # type: ignore[no-untyped-call]
    header = store.document.getroot().find("header")
    assert header is not None
    assert (header.get("srclang"), header.get("segtype")) == ("en", "paragraph")
    expected = [
        (code, str(m.context), m)
        for code in TARGETS
        for m in messages(read_catalog(project / "translations" / code / f"{NAME}.po").catalog)
        if translated(m)
    ]
    assert len(store.units) == len(expected)
    for unit, (code, key, message) in zip(store.units, expected, strict=True):
        props = {p.get("type"): p.text for p in unit.xmlelement.iter("prop")}
        assert props == {"x-document": NAME, "x-context": key, "x-approval": "provisional"}
        assert unit.getcontext() == key
        tuvs = unit.xmlelement.findall("tuv")
        assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tuvs] == ["en", code]
        for tuv, text in zip(tuvs, (message.id, message.string), strict=True):
            seg = tuv.find("seg")
            assert seg is not None
            words = (seg.text or "") + "".join(child.tail or "" for child in seg)
            assert words == placeholders.plain(placeholders.parse(str(text)))
            begins = [c.get("i") for c in seg if c.tag == "bpt"]
            assert begins == [c.get("i") for c in seg if c.tag == "ept"]
    fuzzy_or_empty = {(c, k) for c, k, _ in expected} & {("fr", "para_2"), ("fr", "para_3")}
    assert fuzzy_or_empty == set()


def test_the_memory_is_the_same_for_the_same_catalogs_and_takes_languages(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    export(project, capsys)
    first = (project / "build" / "tmx" / "memory.tmx").read_bytes()
    export(project, capsys)
    assert (project / "build" / "tmx" / "memory.tmx").read_bytes() == first
    out = tmp_path / "zh.tmx"
    assert export(project, capsys, "--lang", "zh", "--out", str(out)) == (
        f"wrote {out} (37 translated units)\n"
    )
    store = tmx.tmxfile.parsefile(str(out))  # type: ignore[no-untyped-call]
    languages = {
        t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in store.document.iter("tuv")
    }
    assert languages == {"en", "zh"}


def test_the_memory_is_valid_tmx_1_4(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require(OMEGAT_JAR.is_file(), "Debian's omegat (its TMX 1.4 DTD)")
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        dtd = etree.DTD(io.BytesIO(jar.read("schemas/tmx14.dtd")))
    export(project, capsys)
    tree = etree.parse(str(project / "build" / "tmx" / "memory.tmx"))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
