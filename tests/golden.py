"""Golden-file cases: ``tests/golden/<case>/`` holds a source and the expected outputs.

* ``source.xml``  → ``source.pot``  (extract)
* ``fr.po`` + ``source.xml`` → ``fr.xml``  (merge)

Outputs are deterministic, so they are compared byte for byte. Regenerate them after an
intended change with ``nox -s golden`` and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_tools.config import Language, Project
from build_tools.i18n.catalogs import read_catalog, render_catalog
from build_tools.i18n.extract import build_template, load_source
from build_tools.i18n.merge import merge_document

GOLDEN = Path(__file__).resolve().parent / "golden"
LANGUAGES = (Language("en", "eng", "en"), Language("fr", "fra", "fr"))


def cases() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if (p / "source.xml").exists())


def project_for(case: Path, build: Path) -> Project:
    return Project(
        root=case,
        source=case,
        translations=case,
        build=build,
        site=build / "site",
        languages=LANGUAGES,
        team="Test team",
    )


def extracted(case: Path) -> bytes:
    project = project_for(case, case / "unused")
    return render_catalog(build_template(project, load_source(case / "source.xml")))


def merged(case: Path, build: Path) -> bytes:
    project = project_for(case, build)
    result = merge_document(
        project, load_source(case / "source.xml"), LANGUAGES[1], read_catalog(case / "fr.po")
    )
    return result.path.read_bytes()


def regenerate(build: Path) -> None:
    for case in cases():
        (case / "source.pot").write_bytes(extracted(case))
        if (case / "fr.po").exists():
            (case / "fr.xml").write_bytes(merged(case, build))
        print(f"regenerated {case.name}")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        regenerate(Path(folder))
    sys.exit(0)
