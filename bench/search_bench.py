"""Search benchmark (not a test): what the first search of a reader transfers, in Chromium.

For each corpus size N (the resolution under N identifiers, see ``build_bench.corpus``),
a clean build, then the time of each language's search job (``search/LANG``) as the
build's record has it, the size of each bundle, and, in a fresh browser (no cache), a
query typed into the header's box of a language's home page: every response from then
until the results are shown, from Playwright's network log (bodies as served, without
compression, and headers). Served by ``build_tools.serve`` (the preview's server).

With ``--built DIR``, a project already built (a corpus ``corpus_bench.py --keep`` left,
say) is measured as it is, with ``--query LANG=TEXT`` for words its texts hold.

Usage: python bench/search_bench.py [--corpus 1,100] [--keep DIR]
       python bench/search_bench.py --built DIR [--query en=parliaments ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from build_bench import corpus  # bench/, beside this script

from build_tools.config import load_project
from build_tools.pipeline import run_build
from build_tools.serve import start_server

QUERIES = {"en": "warfare", "ar": "السيبرانية", "zh": "网络"}
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def first_search(browser: Any, base: str, language: str, query: str) -> tuple[int, int, int]:
    """(bytes, requests, results) of the first search from ``language``'s home page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/{language}/")
    page.wait_for_load_state("networkidle")
    sizes: list[int] = []

    def finished(request: Any) -> None:
        found = request.sizes()
        sizes.append(max(0, found["responseBodySize"]) + max(0, found["responseHeadersSize"]))

    page.on("requestfinished", finished)
    box = page.locator("header form[role=search] input")
    box.fill(query)
    box.press("Enter")
    page.locator("#search-results li").first.wait_for(timeout=60000)
    page.wait_for_load_state("networkidle")
    count = page.locator("#search-results li").count()
    context.close()
    return sum(sizes), len(sizes), count


def bundle_size(site: Path, language: str) -> tuple[int, int]:
    files = [p for p in (site / language / "pagefind").rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="1,100")
    parser.add_argument("--keep", type=Path, help="build the corpora in DIR/N, kept")
    parser.add_argument("--built", type=Path, help="measure this built project as it is")
    parser.add_argument("--query", action="append", default=[], help="LANG=TEXT")
    args = parser.parse_args()
    queries = {**QUERIES, **dict(q.split("=", 1) for q in args.query)}
    print(f"{'N':>5} {'lang':>4} {'build s':>8} {'bundle KB':>10} {'files':>6}", end="")
    print(f" {'first search KB':>16} {'requests':>9} {'shown':>6}")
    if args.built is not None:
        count = len(list((args.built / "source").glob("*.xml")))
        searches(playwright_of=sync_playwright, root=args.built, n=count, took=0.0, queries=queries)
        return 0
    for copies in (int(n) for n in args.corpus.split(",") if n):
        with tempfile.TemporaryDirectory() as scratch:
            folder = (args.keep or Path(scratch)) / str(copies)
            root = folder if (folder / "site").exists() else corpus(folder, copies)
            started = time.perf_counter()
            run_build(load_project(root))
            took = time.perf_counter() - started
            searches(sync_playwright, root, copies, took, queries)
    return 0


def searches(playwright_of: Any, root: Path, n: int, took: float, queries: dict[str, str]) -> None:
    """The first search of each language of ``queries`` on the site of ``root``, printed."""
    server = start_server(root / "site", 0)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with playwright_of() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for language, query in queries.items():
                size, files = bundle_size(root / "site", language)
                sent, requests, shown = first_search(browser, base, language, query)
                print(
                    f"{n:>5} {language:>4} {took:>8.1f} {size / 1000:>10.0f} "
                    f"{files:>6} {sent / 1000:>16.1f} {requests:>9} {shown:>6}",
                    flush=True,
                )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
