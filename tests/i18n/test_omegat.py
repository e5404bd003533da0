"""A real CAT tool as the oracle: OmegaT (Debian's ``omegat``) translates our XLIFF from
our TMX memory, and what it writes comes back through ``xliff import``.

A copy of the draft under a new name, with empty catalogs, is exported as XLIFF
(``--copy-source``: OmegaT 3 translates the target element in place) into an OmegaT
project whose ``tm/auto/`` holds the memory of the corpus; ``omegat
--mode=console-translate`` fills every unit the memory has, tags and all. Imported back,
each unit holds the draft's translation (fuzzy, as OmegaT leaves the XLIFF state ``new``:
a reviewer confirms them), its placeholders intact, and once confirmed the catalog is
clean for ``check``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
from build_tools.i18n.check import check_message
from build_tools.i18n.header import header_text
from tests.conftest import copy_sources, run_cli
from tests.helpers import require

NAME = "ipu-132-cyber-warfare-draft"
COPY = "ipu-132-cyber-warfare-copy"
OMEGAT = shutil.which("omegat")

# An OmegaT 3.6 project: the folders where OmegaT expects them, one paragraph per
# segment (our units are paragraphs, and so are the memory's entries).
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>{language}</target_lang>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""
# Its file filters, for this project: a segment keeps the tags that enclose it whole (by
# default OmegaT takes them off, and "<x1>Hanoi</x1>" no longer matches the memory).
FILTERS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false">
  <filter className="org.omegat.filters3.xml.xliff.XLIFFFilter" enabled="true">
    <files sourceFilenameMask="*.xlf" targetFilenamePattern="${filename}"/>
  </filter>
</filters>
"""
# OmegaT reads a foreign TMX's codes as its own tags only with these two settings
# (Preferences, TM matches: level 2 tags, XML tags for standalone ones); otherwise it
# drops them and no tagged segment matches the memory exactly.
PREFERENCES = """<?xml version="1.0" encoding="UTF-8" ?>
<omegat>
  <preference version="1.0">
    <ext_tmx_show_level2>true</ext_tmx_show_level2>
    <ext_tmx_use_slash>true</ext_tmx_use_slash>
  </preference>
</omegat>
"""


def copy_of_the_draft(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The draft under another name and work IRI, its catalogs empty in every language."""
    original = (root / "source" / f"{NAME}.xml").read_text("utf-8")
    text = re.sub(r"c-i-132-dr(?=[/\"])", "c-i-132-dr-copy", original)
    (root / "source" / f"{COPY}.xml").write_text(text, "utf-8")
    for command in (["extract"], ["update"]):
        code, err = run_cli(root, command, capsys)
        assert code == 0, err
    for path in (root / "translations").glob(f"*/{COPY}.po"):
        po = read_catalog(path)
        po.header = header_text(po.lines)
        for message in messages(po.catalog):
            message.string = ""
            message.flags.discard("fuzzy")
        write_catalog(po)


def omegat_project(folder: Path, language: str) -> Path:
    for name in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / "omegat.project").write_text(PROJECT.format(language=language), "utf-8")
    (folder / "omegat" / "filters.xml").write_text(FILTERS, "utf-8")
    return folder


def omegat_translate(project: Path, config: Path) -> None:
    assert OMEGAT is not None
    config.mkdir(parents=True, exist_ok=True)
    (config / "omegat.prefs").write_text(PREFERENCES, "utf-8")
    run = subprocess.run(
        [
            OMEGAT,
            "--mode=console-translate",
            f"--config-dir={config}",
            "--disable-project-locking",
            "--no-team",
            str(project),
        ],
        env={**os.environ, "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0 and "Finished" in run.stdout, run.stdout[-2000:] + run.stderr[-2000:]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_omegat_translates_our_xliff_from_our_memory_and_it_comes_back_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    require(OMEGAT is not None, "Debian's omegat")
    root = copy_sources(tmp_path / "project")
    copy_of_the_draft(root, capsys)
    project = omegat_project(tmp_path / "omegat", language)
    for command in (
        ["tmx", "export", "--lang", language, "--out", str(project / "tm/auto/corpus.tmx")],
        ["xliff", "export", "--lang", language, "--copy-source", "--out", str(tmp_path / "out")],
    ):
        code, err = run_cli(root, command, capsys)
        assert code == 0, err
    shutil.copy(tmp_path / "out" / f"{COPY}.{language}.xlf", project / "source")
    omegat_translate(project, tmp_path / "omegat-config")
    translated = project / "target" / f"{COPY}.{language}.xlf"
    code, err = run_cli(root, ["xliff", "import", str(translated)], capsys)
    assert code == 0, err

    draft = read_catalog(root / "translations" / language / f"{NAME}.po")
    memory = {str(m.context): str(m.string) for m in messages(draft.catalog)}
    path = root / "translations" / language / f"{COPY}.po"
    po = read_catalog(path)
    arrived = [m for m in messages(po.catalog) if m.string]
    for message in messages(po.catalog):
        key, source = str(message.context), str(message.id)
        if memory[key] == source:  # the memory's text is the source's: no translation
            assert not message.string, key
            continue
        assert (str(message.string), message.fuzzy) == (memory[key], True), key
        findings = check_message(source, str(message.string), language)
        assert [f for f in findings if f[1] == "po-placeholder"] == [], key
    same = sum(1 for m in messages(po.catalog) if memory[str(m.context)] == m.id)
    assert len(arrived) == 37 - same and same <= 2  # the document symbol is the same
    assert f"(0 translated, {len(arrived)} fuzzy, {same} kept)" in err

    po.header = header_text(po.lines)  # a reviewer confirms them (Poedit: "Needs work" off)
    for message in arrived:
        message.flags.discard("fuzzy")
        message.previous_id = []
    write_catalog(po)
    code, err = run_cli(root, ["check", "--lang", language], capsys)
    assert code == 0, err
