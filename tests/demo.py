"""A demonstration site: the sources plus the fictional fixtures, built into ``demo/site``.

``nox -s demo`` (or ``python -m tests.demo [FOLDER]``) shows editors what versions,
redlines and a drafting history look like, without ever putting a fictional document in
the project's own ``site/``. Every page of the demonstration says what it is.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from build_tools.config import load_project
from build_tools.pipeline import run_build
from tests.conftest import ROOT, copy_sources

FIXTURES = ("versions", "adopted")  # folders of tests/fixtures/ the demonstration adds


def make_demo(folder: Path) -> Path:
    """A project in ``folder``: our sources, the fixtures, and ``demonstration = true``."""
    root = copy_sources(folder, FIXTURES)
    config = root / "pyproject.toml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("[tool.build_tools]\n", "[tool.build_tools]\ndemonstration = true\n", 1),
        "utf-8",
    )
    return root


def main(argv: list[str]) -> int:
    folder = (ROOT / (argv[0] if argv else "demo")).resolve()
    if folder == ROOT or ROOT.is_relative_to(folder) or folder == (ROOT / "site").resolve():
        print(f"demo: refusing to build into {folder}", file=sys.stderr)
        return 2
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    project = load_project(make_demo(folder))
    run_build(project, say=lambda line: print(line, file=sys.stderr))
    print(f"demonstration site: {project.site}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
