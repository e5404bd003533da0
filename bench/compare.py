"""Our clean publish against the gettext peers' pipeline (Sphinx + sphinx-intl, in
../shared/peer-sphinx), side by side in one run: for each corpus size N, the two are run
alternately, ROUNDS times each, in fresh folders; medians are compared.

For each run: wall time, peak memory of the whole process tree (sampled every 20 ms from
/proc), and our per-stage times. The peak is given twice: as the sum of the processes'
resident sets (RSS), which counts a page every process shares (a binary two Pandocs run,
the libraries of three Pythons) once per process, and as their proportional sets (PSS,
from ``smaps_rollup``), which count it once: the memory the tree takes from the machine. Not a test: `nox -s bench` runs it.

Our corpus is the resolution under N work numbers as a repository holds it (templates and
catalogs in line with each copy); ``--as-copied`` times instead the first build after the
files were copied by hand, which writes every template and catalog.

Usage: python bench/compare.py [--sizes 1,10,50] [--rounds 3] [--as-copied] [--peer PATH]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from build_bench import STAGES, corpus  # beside this script (its folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT.parent / "shared" / "peer-sphinx" / "run.sh"
PAGE = os.sysconf("SC_PAGE_SIZE")
PSS_NEAR = 0.8  # the share of the resident peak from which the proportional sets are read


@dataclass(slots=True)
class Run:
    seconds: float
    peak_mib: float  # the resident sets' sum
    peak_pss_mib: float = 0.0  # the proportional sets' sum (see the module's text)
    stages: dict[str, float] = field(default_factory=dict)


def tree_rss(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in bytes."""
    return sum(rss for _, rss in tree_pages(root))


def tree_pss(root: int) -> int:
    """The proportional set sizes of ``root`` and all its descendants, in bytes."""
    total = 0
    for pid, _ in tree_pages(root):
        try:
            with Path(f"/proc/{pid}/smaps_rollup").open("rb") as rollup:
                found = next(line for line in rollup if line.startswith(b"Pss:"))
        except (OSError, StopIteration):  # ended meanwhile
            continue
        total += int(found.split()[1]) * 1024
    return total


def tree_pages(root: int) -> list[tuple[int, int]]:
    """Each process of the tree under ``root`` (itself included) with its resident set,
    in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
            parent, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
        rss[int(entry.name)] = pages * PAGE
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in rss:
            found.append((pid, rss[pid]))
        stack += children.get(pid, [])
    return found


def measured(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[Run, str]:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = peak_pss = 0

    def sample() -> None:
        # PSS costs a walk of every page table: read only near the resident peak (the
        # shared part, which the two differ by, hardly varies during a build)
        nonlocal peak, peak_pss
        while process.poll() is None:
            resident = tree_rss(process.pid)
            peak = max(peak, resident)
            if resident >= PSS_NEAR * peak:
                peak_pss = max(peak_pss, tree_pss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    return Run(seconds, peak / 2**20, peak_pss / 2**20), out + err


def ours(size: int, folder: Path, *, committed: bool = True) -> Run:
    root = corpus(folder / "ours", size, committed=committed)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # not --quiet: the last line says each stage's time
    run, output = measured([sys.executable, "-m", "build_tools", "build"], root, env)
    found = re.search(r"\(([^()]*validate[^()]*)\)\s*$", output.strip())
    for part in found.group(1).split(", ") if found else []:
        stage, value, _ = part.split(" ")
        run.stages[stage] = float(value)
    return run


def peer(size: int, folder: Path, script: Path) -> Run:
    run, output = measured(
        ["bash", str(script), str(folder / "peer"), str(size)], ROOT, dict(os.environ)
    )
    total = re.search(r"^TOTAL ([\d.]+)", output, re.MULTILINE)
    if total:  # the peer's own total leaves out its (untimed) set-up
        run.seconds = float(total.group(1))
    return run


def median(runs: list[Run], key: str) -> float:
    return float(statistics.median(getattr(run, key) for run in runs))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,50")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--as-copied", action="store_true", help="catalogs not yet updated")
    parser.add_argument("--peer", type=Path, default=PEER)
    args = parser.parse_args()
    if not args.peer.exists():
        print(f"compare: the peer pipeline is not at {args.peer}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        peer(1, Path(scratch), args.peer)  # the peer's venv is made once, untimed
    state = "as copied (catalogs not yet updated)" if args.as_copied else "as committed"
    print(
        f"machine: {os.cpu_count()} cores; {args.rounds} rounds, alternated; medians; corpus {state}"
    )
    header = f"{'N':>4} {'ours s':>8} {'peer s':>8} {'ratio':>6} {'ours MiB':>9} {'peer MiB':>9}"
    print(header + "".join(f"{s:>9}" for s in STAGES))
    results: dict[int, tuple[list[Run], list[Run]]] = {}
    for size in (int(n) for n in args.sizes.split(",") if n):
        mine: list[Run] = []
        theirs: list[Run] = []
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as scratch:
                mine.append(ours(size, Path(scratch), committed=not args.as_copied))
            with tempfile.TemporaryDirectory() as scratch:
                theirs.append(peer(size, Path(scratch), args.peer))
        results[size] = (mine, theirs)
        stages = "".join(
            f"{statistics.median(r.stages.get(s, 0.0) for r in mine):>9.2f}" for s in STAGES
        )
        a, b = median(mine, "seconds"), median(theirs, "seconds")
        print(
            f"{size:>4} {a:>8.2f} {b:>8.2f} {a / b:>6.2f} "
            f"{median(mine, 'peak_mib'):>9.0f} {median(theirs, 'peak_mib'):>9.0f}{stages}",
            flush=True,
        )
    sizes = sorted(results)
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        slope = (median(results[last][0], "seconds") - median(results[first][0], "seconds")) / (
            last - first
        )
        print(f"ours: {slope:.2f} s per added resolution (from N={first} to N={last})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
