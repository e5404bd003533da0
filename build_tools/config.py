"""Project settings, read from ``[tool.build_tools]`` in pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from build_tools.diagnostics import UsageError


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # BCP 47 tag, used in paths and URLs: "fr", "zh"
    iso: str  # ISO 639-2 alpha-3, used in AKN IRIs and FRBRlanguage: "fra", "zho"
    locale: str  # CLDR/gettext locale for Babel and PO headers: "fr", "zh_Hans"


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    source: Path
    translations: Path
    build: Path
    site: Path
    languages: tuple[Language, ...]
    team: str
    listing_threshold: float = 50.0  # % translated below which a language is not published
    demonstration: bool = False  # a demonstration build: every page says so (nox -s demo)

    @property
    def source_language(self) -> Language:
        return self.languages[0]

    @property
    def target_languages(self) -> tuple[Language, ...]:
        return self.languages[1:]

    def language(self, code: str) -> Language:
        for language in self.languages:
            if code in {language.code, language.iso}:
                return language
        known = ", ".join(lang.code for lang in self.languages)
        raise UsageError(f"unknown language {code!r} (configured: {known})")

    def documents(self) -> list[Path]:
        """Every AKN document in the source folder, in name order."""
        return sorted(self.source.glob("*.xml"))


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding a pyproject.toml with our table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.build_tools]" in candidate.read_text("utf-8"):
            return folder
    raise UsageError(f"no pyproject.toml with [tool.build_tools] at or above {here}")


def load_project(root: Path | None = None) -> Project:
    base = root or find_root()
    with (base / "pyproject.toml").open("rb") as handle:
        table = tomllib.load(handle).get("tool", {}).get("build_tools", {})
    languages = tuple(
        Language(code=item["code"], iso=item["iso"], locale=item.get("locale", item["code"]))
        for item in table["languages"]
    )
    return Project(
        root=base,
        source=base / table.get("source", "source"),
        translations=base / table.get("translations", "translations"),
        build=base / table.get("build", "build"),
        site=base / table.get("site", "site"),
        languages=languages,
        team=table.get("team", "Translation team"),
        listing_threshold=float(table.get("listing_threshold", 50)),
        demonstration=table.get("demonstration", False) is True,
    )
