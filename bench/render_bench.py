"""Time the render stage per format and language; prints a table.

Usage: python bench/render_bench.py [--repeat N]
Runs in a scratch copy of the project, so the working tree is untouched.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from build_tools.config import load_project
from build_tools.pipeline import run_merge
from build_tools.render.outputs import render_document

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name in ("pyproject.toml", "source", "translations"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, Path(folder) / name)
        project = load_project(Path(folder))
        started = time.perf_counter()
        run_merge(project, project.documents(), list(project.languages))
        merge_seconds = time.perf_counter() - started
        timings: dict[tuple[str, str], list[float]] = {}
        first_call = time.perf_counter()
        for _ in range(args.repeat):
            for language in project.languages:
                for result in render_document(
                    project, project.documents()[0].stem, language, ("pdf", "epub")
                ):
                    timings.setdefault((language.code, result.format), []).append(result.seconds)
        total = time.perf_counter() - first_call
    print(f"merge, 6 languages: {merge_seconds * 1000:.0f} ms")
    print(f"{'lang':<6}{'pdf median ms':>15}{'pdf first ms':>14}{'epub median ms':>16}")
    for language in project.languages:
        pdf, epub = timings[(language.code, "pdf")], timings[(language.code, "epub")]
        print(
            f"{language.code:<6}{statistics.median(pdf) * 1000:>15.0f}{pdf[0] * 1000:>14.0f}{statistics.median(epub) * 1000:>16.0f}"
        )
    print(f"total for {args.repeat} x 6 languages x 2 formats: {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
