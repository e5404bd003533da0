"""Never publish the wrong thing: outputs in build/ are reused only when their recorded
digests still hold, and workers die with a killed build; so after any kill, revert or
damage, the next build equals a clean build of the same inputs, byte for byte."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from build_tools.manifest import verify_site
from tests.helpers import NAME, copy_published, main_in, site_digest, tree_digest
from tests.reliability.builds import TALLY, Build


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
