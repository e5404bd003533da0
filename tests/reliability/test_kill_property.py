"""The kill property: whatever a translator or editor changes, wherever a build is killed
(while updating the catalogs, merging, rendering, building the site, publishing), the
next build publishes exactly what a clean build of the same inputs publishes, byte for
byte, but for the edition the manifest gives (its number and time, see
tests.helpers.site_digest).

Kills are aimed by watching the build's own files: the first catalog update rewrites,
the first merged expression, the first rendered output, the first generated MkDocs
project, the staging folder of the publication; then a random delay. (A moment a build
never reaches, such as update when no catalog needs rewriting, kills it once it ended.)
Bounded in ``nox -s tests``; ``nox -s reliability`` runs many more examples.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from build_tools.manifest import verify_site
from tests.conftest import copy_sources
from tests.helpers import NAME, copy_published, main_in, site_digest
from tests.reliability.builds import TALLY, Build, reach

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text("utf-8")
        path.write_text(text.replace(old, new, 1) if old in text else text.replace(new, old, 1))

    return edit


# Each edit toggles: applied once it changes the text, applied again it reverts it.
EDITS: dict[str, Callable[[Path], None]] = {
    "french translation": _replace(f"translations/fr/{NAME}.po", "Encourage", "Exhorte"),
    "spanish translation": _replace(f"translations/es/{NAME}.po", "<i>Alienta</i>", "<i>Anima</i>"),
    "interface string": _replace(
        "translations/fr/ui.po", 'msgstr "Résolutions de l’UIP"', 'msgstr "Résolutions (aperçu)"'
    ),
    "source text": _replace(
        f"source/{NAME}.xml", "holistic understanding", "comprehensive understanding"
    ),
}


# Where to aim the kill: a moment of the build (see tests/reliability/builds.py), then a delay.
MOMENTS = ["merge", "publish", "render", "site", "update"]


def _kill_during(root: Path, moment: str, delay: float) -> bool:
    """Start a build, wait for ``moment`` (or the end), wait ``delay`` more, kill it (no
    process it started may outlive it); whether it was still running when killed."""
    build = Build(root)
    reach(build, moment)
    time.sleep(delay)
    return build.kill()


def _clean_copy(root: Path, folder: Path) -> Path:
    """The project's current inputs in a fresh folder: nothing built is shared."""
    return copy_sources(folder, origin=root)


@settings(
    max_examples=20 if LONG else 2,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=3),
    moment=st.sampled_from(MOMENTS),
    delay=st.floats(min_value=0.0, max_value=0.4),
    reverts=st.lists(st.sampled_from(sorted(EDITS)), max_size=2),
)
def test_after_any_kill_the_next_build_equals_a_clean_build(
    published: Path, edits: list[str], moment: str, delay: float, reverts: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = copy_published(published, Path(scratch) / "project")
        for edit in edits:
            EDITS[edit](root)
        TALLY["edits"] += len(edits) + len(reverts)
        killed = _kill_during(root, moment, delay)
        event(f"killed while running: {killed}, aiming at {moment}")
        for edit in reverts:  # the editor changes their mind after the kill
            EDITS[edit](root)
        clean = _clean_copy(root, Path(scratch) / "clean")
        assert main_in(clean, ["build", "--quiet"]) == 0
        assert main_in(root, ["build", "--quiet"]) == 0
        assert verify_site(root / "site") == []
        # Byte for byte but for the edition (site_digest): the clean build publishes
        # edition 1 now; the other is a later edition of the same site, at its own time.
        assert site_digest(root / "site") == site_digest(clean / "site")
