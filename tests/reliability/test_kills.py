"""Never publish the wrong thing: outputs in build/ are reused only when their recorded
digests still hold, and workers die with a killed build; so after any kill, revert or
damage, the next build equals a clean build of the same inputs, byte for byte."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from build_tools.manifest import verify_site
from tests.conftest import copy_sources
from tests.helpers import NAME, copy_published, main_in, site_digest, tree_digest
from tests.reliability.builds import TALLY, Build, reach


def test_a_damaged_output_in_build_is_made_again_not_published(
    published: Path, tmp_path: Path
) -> None:
    root = copy_published(published, tmp_path / "project")
    clean = tree_digest(root / "site")
    pdf = root / "build" / "downloads" / "fr" / f"{NAME}.fr.pdf"
    pdf.write_bytes(pdf.read_bytes()[:1000])
    page = root / "build" / "site" / "es" / "index.html"
    page.write_text(page.read_text("utf-8") + "<!-- tampered -->", "utf-8")
    assert main_in(root, ["build", "--quiet"]) == 0
    assert verify_site(root / "site") == []
    assert tree_digest(root / "site") == clean


# Moments to kill at, seconds after the start: a few in CI, many in ``nox -s reliability``.
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
DELAYS = [round(0.5 + 0.75 * n, 2) for n in range(16)] if LONG else [1.5, 4.0, 8.0]


@pytest.mark.parametrize("delay", DELAYS)
def test_kill_then_revert_gives_what_a_clean_build_gives(
    published: Path, tmp_path: Path, delay: float
) -> None:
    root = copy_published(published, tmp_path / "project")
    clean = site_digest(root / "site")
    catalog = root / "translations" / "fr" / f"{NAME}.po"
    original = catalog.read_bytes()
    catalog.write_bytes(original.replace(b"Encourage", b"Exhorte", 1))
    build = Build(root)
    time.sleep(delay)
    build.kill()  # and no process it started outlives it
    catalog.write_bytes(original)  # the edit is abandoned
    TALLY["edits"] += 2
    assert main_in(root, ["build", "--quiet"]) == 0
    assert verify_site(root / "site") == []
    # The same site but for its edition: a killed build that had published the edit (or
    # only given it its number) made the next one a later edition, at a later time.
    assert site_digest(root / "site") == clean
    shutil.rmtree(root)


# The catalog stages are jobs too: a kill while update rewrites the catalogs, or while
# merge writes the expressions, leaves some done (and recorded) and some not. A source
# edit makes both write: every catalog gets the changed paragraph as fuzzy.
CATALOG_KILLS = [(moment, delay) for moment in ("update", "merge") for delay in (0.0, 0.03)]


@pytest.mark.parametrize(
    ("moment", "delay"), CATALOG_KILLS, ids=[f"{m}+{d}" for m, d in CATALOG_KILLS]
)
def test_a_build_killed_while_it_updates_or_merges_is_made_whole_by_the_next(
    published: Path, tmp_path: Path, moment: str, delay: float
) -> None:
    root = copy_published(published, tmp_path / "project")
    source = root / "source" / f"{NAME}.xml"
    text = source.read_text("utf-8")
    source.write_text(text.replace("holistic understanding", "comprehensive understanding", 1))
    TALLY["edits"] += 1
    build = Build(root)
    try:
        assert reach(build, moment), f"the build ended before the {moment} moment"
        time.sleep(delay)
        os.kill(build.process.pid, signal.SIGSTOP)  # here, not after the stage
        assert build.kill(), f"the build ended within {delay} s of the {moment} moment"
    finally:
        if build.running():
            build.process.kill()
            build.process.wait()
    clean = copy_sources(tmp_path / "clean", origin=root)  # the inputs as the kill left them
    assert main_in(clean, ["build", "--quiet"]) == 0
    assert main_in(root, ["build", "--quiet"]) == 0
    assert verify_site(root / "site") == []
    # the same site but for its edition (see site_digest), and the same catalogs
    assert site_digest(root / "site") == site_digest(clean / "site")
    assert tree_digest(root / "translations") == tree_digest(clean / "translations")
