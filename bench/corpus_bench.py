"""The corpus benchmark (not a test): the goals of issue 26, measured on generated,
distinct documents (tests/corpus.py) from the command line, for several corpus sizes in
one run.

For each N: the corpus is generated (untimed), then, each as its own
``python -m build_tools build`` with the wall time and the peak memory of its
whole process tree (sampled from /proc every 20 ms; as resident and as proportional
sets, see ``compare.py``):

  clean     nothing in build/ or site/
  second    the same build again (the clean build wrote the catalogs the corpus lacks,
            which are inputs of this one)
  no-op     the same build a third time
  catalog   one French message of a published document changed
  added     one more document (a draft of a later Assembly), source only

then the weights of the pages in site/: the same document's page at every N (the
corpus's first document, the same text whatever N is), the home page, the largest page
that is not a document's, the search index, and the whole site.

Usage: python bench/corpus_bench.py [--sizes 10,100,1000] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare import Run, measured  # noqa: E402  (beside this script)

from build_tools.i18n.catalogs import messages, read_catalog, write_catalog  # noqa: E402
from tests.corpus import Corpus, add_document, make_corpus  # noqa: E402

SCENARIOS = ("clean", "second", "no-op", "catalog", "added")
PUBLISHED = ("approved", "complete", "fuzzy", "above")  # French states that are published


@dataclass(slots=True)
class Sized:
    n: int
    made: float  # seconds to generate the corpus (untimed in the goals)
    runs: dict[str, Run] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)  # label: bytes
    largest: str = ""  # the largest page that is not a document's
    files: int = 0
    load: float = 0.0


def build(root: Path) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "build_tools", "build"]  # its last line: the stages
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run, output = measured(command, root, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.stages["cpu"] = round(
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2
    )
    found = re.search(r"\(([^()]*validate[^()]*)\)\s*$", output.strip())
    for part in found.group(1).split(", ") if found else []:
        stage, value, _ = part.split(" ")
        run.stages[stage] = float(value)
    return run


def change_french(corpus: Corpus) -> str:
    """One French message of a published document, changed as a translator would."""
    name = next(d for d in corpus.documents if corpus.states.get((d, "fr"), "absent") in PUBLISHED)
    po = read_catalog(corpus.root / "translations" / "fr" / f"{name}.po")
    message = next(m for m in messages(po.catalog) if m.string and "fuzzy" not in m.flags)
    message.string = f"Révisé — {message.string}"
    write_catalog(po)
    return name


def weights(site: Path, corpus: Corpus, sized: Sized) -> None:
    first = corpus.documents[0]
    sized.pages["document (en)"] = _size(site / "en" / first / "index.html")
    sized.pages["document (zh)"] = _size(site / "zh" / first / "index.html")
    sized.pages["home (en)"] = _size(site / "en" / "index.html")
    sized.pages["home (ru)"] = _size(site / "ru" / "index.html")
    documents = set(corpus.documents) | set(corpus.versions)
    others = [
        p
        for p in (site / "en").rglob("*.html")
        if p.relative_to(site / "en").parts[0] not in documents
    ]
    largest = max(others, key=_size)
    sized.largest = largest.relative_to(site).as_posix()
    sized.pages["largest other page (en)"] = _size(largest)
    bundle = (site / "en" / "pagefind").rglob("*")  # Pagefind's: a query loads a few chunks
    sized.pages["search index (en)"] = sum(_size(p) for p in bundle)
    sized.pages["site"] = sum(_size(p) for p in site.rglob("*") if p.is_file())
    sized.files = sum(1 for p in site.rglob("*") if p.is_file())


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def measure(n: int, seed: int, folder: Path) -> Sized:
    started = time.perf_counter()
    corpus = make_corpus(folder / f"corpus-{n}", n, seed)
    sized = Sized(n, time.perf_counter() - started, load=os.getloadavg()[0])
    print(f"N={n}: corpus made in {sized.made:.0f} s; load {sized.load:.1f}", flush=True)
    for scenario in SCENARIOS:
        if scenario == "catalog":
            change_french(corpus)
        elif scenario == "added":
            add_document(corpus.root, seed)
        run = sized.runs[scenario] = build(corpus.root)
        print(
            f"  {scenario}: {run.seconds:.2f} s, {run.peak_mib:.0f} MiB "
            f"(PSS {run.peak_pss_mib:.0f}) {run.stages}",
            flush=True,
        )
        if scenario == "clean":
            weights(corpus.root / "site", corpus, sized)
    sized.load = (sized.load + os.getloadavg()[0]) / 2
    return sized


def table(results: list[Sized]) -> str:
    head = "| N | " + " | ".join(f"{s} s (CPU)" for s in SCENARIOS) + " | clean peak RSS / PSS |"
    head += " doc page en / zh | home en / ru | largest other page | search bundle en | site |"
    head += " load |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        kib = {k: v / 1024 for k, v in r.pages.items()}
        lines.append(
            f"| {r.n} | "
            + " | ".join(
                f"{r.runs[s].seconds:.2f} ({r.runs[s].stages['cpu']:.1f})" for s in SCENARIOS
            )
            + f" | {r.runs['clean'].peak_mib:.0f} / {r.runs['clean'].peak_pss_mib:.0f} MiB"
            + f" | {kib['document (en)']:.0f} / {kib['document (zh)']:.0f} KB"
            + f" | {kib['home (en)']:.0f} / {kib['home (ru)']:.0f} KB"
            + f" | {kib['largest other page (en)']:.0f} KB (`{r.largest}`)"
            + f" | {kib['search index (en)']:.0f} KB"
            + f" | {r.pages['site'] / 2**20:.0f} MB, {r.files} files | {r.load:.1f} |"
        )
    if len(results) > 1:
        a, b = results[0], results[-1]
        slope = (b.runs["clean"].seconds - a.runs["clean"].seconds) / (b.n - a.n)
        change = b.pages["document (en)"] / a.pages["document (en)"] - 1
        lines.append("")
        lines.append(
            f"Clean build: {slope:.2f} s per added document (N={a.n} to N={b.n}); "
            f"the same document's page {change:+.1%} from N={a.n} to N={b.n}."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the corpora in this folder")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; seed {args.seed}", flush=True)
    results: list[Sized] = []
    folder = Path(tempfile.mkdtemp(prefix="corpus-bench-")) if args.keep is None else args.keep
    try:
        for n in (int(size) for size in args.sizes.split(",") if size):
            results.append(measure(n, args.seed, folder))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
