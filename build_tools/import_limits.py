"""How large an editor's file may be for ``import`` (and ``new-version --from``): the
settings ``import_limits = { … }`` of ``[tool.build_tools]`` in pyproject.toml, their
defaults, and sizes as people write them ("200 MB").

Real resolutions are below 1 MB as Word files and 5 MB unpacked; the defaults leave a
wide margin and stop what would exhaust the machine (a zip bomb, a text that makes
Pandoc's Markdown reader run for hours). The checks are in
:mod:`build_tools.importing.limits`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

KEY = "import_limits"
UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}
SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImportLimits:
    docx_size: int = 50 * 10**6  # bytes of the .docx file
    docx_unpacked: int = 200 * 10**6  # bytes of its parts unpacked, all together
    docx_ratio: float = 100  # unpacked / packed, of the file and of each part over 1 MB
    docx_parts: int = 2000  # files in the .docx (zip) container
    text_size: int = 10 * 10**6  # bytes of a .md or .txt file
    paragraphs: int = 5000  # paragraphs read from any file
    markdown_depth: int = 8  # brackets open at once, quote/list levels of a line (.md)
    pandoc_memory: int = 10**9  # heap Pandoc may take to read a file
    pandoc_seconds: float = 120  # time Pandoc may take to read a file


DEFAULT_LIMITS = ImportLimits()
SIZES = frozenset({"docx_size", "docx_unpacked", "text_size", "pandoc_memory"})
COUNTS = frozenset({"docx_parts", "paragraphs", "markdown_depth"})
KEYS = tuple(field.name for field in dataclasses.fields(ImportLimits))


def size_text(size: float) -> str:
    """``size`` bytes as people read it: "350 B", "4.1 KB", "1.6 GB" (powers of 1000)."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor:
            value = size / factor
            shown = f"{value:.1f}".removesuffix(".0") if value < 100 else f"{value:.0f}"
            return f"{shown} {unit}"
    return f"{size:.0f} B"


def setting(key: str, value: float) -> str:
    """The setting that allows ``value`` (rounded up), as pyproject.toml takes it:
    ``import_limits = { docx_unpacked = "2 GB" }``."""
    if key in SIZES:
        unit, factor = next(
            (u, f) for u, f in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3), ("B", 1)) if value >= f
        )
        written = f'"{math.ceil(value / factor)} {unit}"'
    else:
        written = str(math.ceil(value))
    return f"{KEY} = {{ {key} = {written} }}"


def parse_size(value: object) -> int | None:
    """Bytes of a size written as a whole number of bytes or "200 MB" (B, KB, MB, GB or
    KiB, MiB, GiB); None if it is not one, or not above 0."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if not isinstance(value, str) or not (match := SIZE.fullmatch(value)):
        return None
    factor = UNITS.get(match[2].lower())
    size = int(float(match[1]) * factor) if factor else 0
    return size if size > 0 else None


def _number(key: str, value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if key in COUNTS and not isinstance(value, int):
        return None
    return value if value > 0 else None


def parse_limits(value: object, problem: Callable[[str, str], None]) -> ImportLimits:
    """The limits of the setting ``value`` (a table), the defaults for what it leaves out;
    each wrong entry is reported as ``problem(key, message)``."""
    if value is None:
        return DEFAULT_LIMITS
    if not isinstance(value, dict):
        problem(KEY, f'{KEY} must be a table, e.g. {KEY} = {{ docx_unpacked = "200 MB" }}')
        return DEFAULT_LIMITS
    chosen: dict[str, float] = {}
    for key, given in value.items():
        if key not in KEYS:
            problem(key, f"{KEY}: unknown limit {key!r} (known: {', '.join(KEYS)})")
            continue
        found = parse_size(given) if key in SIZES else _number(key, given)
        if found is None:
            wanted = (
                'a size such as "200 MB"'
                if key in SIZES
                else "a whole number above 0"
                if key in COUNTS
                else "a number above 0"
            )
            problem(key, f"{KEY}: {key} = {given!r} must be {wanted}")
            continue
        chosen[key] = found
    return dataclasses.replace(DEFAULT_LIMITS, **chosen)  # type: ignore[arg-type]
