"""Build benchmarks (not tests): times per stage for the whole publishing pipeline.

Scenarios, each in a scratch copy of the project:
  full       clean build (nothing in build/ or site/)
  no-op      the same build again
  one        one translation changed (French), then rebuilt
  corpus N   the resolution copied under N identifiers, its catalogs as committed (see
             corpus), clean build (N = 1, 10, 50), then one French catalog of it
             changed and rebuilt

Usage: python bench/build_bench.py [--corpus 1,10,50] [--jobs J]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from build_tools.config import load_project
from build_tools.i18n.catalogs import messages, read_catalog, write_catalog
from build_tools.pipeline import BuildReport, run_build, run_extract, run_update

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("validate", "extract", "update", "check", "merge", "render", "site", "publish")
NAME = "ipu-132-cyber-warfare-draft"


def scratch(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "source", "translations"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    return folder


def corpus(folder: Path, copies: int, *, committed: bool = True) -> Path:
    """The draft resolution under ``copies`` identifiers (work IRI, file, catalogs).

    ``committed``: as a repository holds it, with templates and catalogs our ``extract``
    and ``update`` have brought in line with each copy (as an editor commits them). Else
    as just copied: no templates, and catalogs whose references still name the original,
    so the first build writes every template and catalog."""
    scratch(folder)
    original = (folder / "source" / f"{NAME}.xml").read_text("utf-8")
    for path in folder.glob("source/*.xml"):
        path.unlink()
    for path in [*folder.glob("translations/*.pot"), *folder.glob("translations/*/*.po")]:
        if path.stem != "ui":
            if path.stem == NAME and path.suffix == ".po":
                continue
            path.unlink()
    for index in range(1, copies + 1):
        name = f"{NAME}-{index:03d}"
        text = re.sub(r"c-i-132-dr(?=[/\"])", f"c-i-132-dr-{index:03d}", original)
        (folder / "source" / f"{name}.xml").write_text(text, "utf-8")
        for catalog in folder.glob(f"translations/*/{NAME}.po"):
            shutil.copy(catalog, catalog.with_name(f"{name}.po"))
    for catalog in folder.glob(f"translations/*/{NAME}.po"):
        catalog.unlink()
    if committed:
        project = load_project(folder)
        documents = project.documents()
        run_extract(project, documents)
        run_update(project, documents, list(project.target_languages))
        shutil.rmtree(folder / "build", ignore_errors=True)
    return folder


def timed_build(root: Path, jobs: int) -> tuple[float, BuildReport]:
    started = time.perf_counter()
    report = run_build(load_project(root), jobs=jobs)
    return time.perf_counter() - started, report


def row(label: str, seconds: float, report: BuildReport) -> str:
    stages = "".join(f"{report.seconds.get(stage, 0.0):>9.2f}" for stage in STAGES)
    return f"{label:<14}{seconds:>9.2f}{stages}{report.rendered:>9}{report.sites:>7}"


def change_one_catalog(root: Path) -> None:
    path = next(root.glob("translations/fr/ipu-*.po"))
    po = read_catalog(path)
    message = messages(po.catalog)[-1]
    message.string = str(message.string).replace("sécurité", "sûreté", 1)
    write_catalog(po)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="1,10,50")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    print(
        f"{'scenario':<14}{'total s':>9}"
        + "".join(f"{s:>9}" for s in STAGES)
        + f"{'rendered':>9}{'sites':>7}"
    )
    with tempfile.TemporaryDirectory() as folder:
        root = scratch(Path(folder) / "project")
        print(row("full", *timed_build(root, args.jobs)), flush=True)
        print(row("no-op", *timed_build(root, args.jobs)), flush=True)
        change_one_catalog(root)
        print(row("one catalog", *timed_build(root, args.jobs)), flush=True)
    for copies in (int(n) for n in args.corpus.split(",") if n):
        with tempfile.TemporaryDirectory() as folder:
            root = corpus(Path(folder) / "corpus", copies)
            print(row(f"corpus {copies}", *timed_build(root, args.jobs)), flush=True)
            change_one_catalog(root)
            print(row("  one catalog", *timed_build(root, args.jobs)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
