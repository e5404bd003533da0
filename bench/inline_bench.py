"""How long the importer takes to mark up one long paragraph (not a test): N words in
italics, one after the other, as a PDF copy or a heavily emphasized Word paragraph gives
them. Was quadratic in the number of spans (20,000: 30 s); now linear.

Usage: python bench/inline_bench.py [--spans 20000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_tools.importing import markup
from build_tools.importing.readers import Run


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spans", type=int, default=20000)
    spans = parser.parse_args().spans
    runs = [run for _ in range(spans) for run in (Run("that", italic=True), Run(" "))]
    context = markup.Context(vocabulary=False, opening=[], paragraphs=set())
    start = time.perf_counter()
    markup.inline(runs, context, "recital_1", vocabulary=False)
    print(f"{spans} italic spans in one paragraph: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
