"""Project settings, read from ``[tool.build_tools]`` in pyproject.toml, and checked.

A wrong setting is refused before anything runs, with a ``pyproject.toml:LINE``
diagnostic: output folders that are, contain or sit inside the sources, the catalogs,
``.git`` or the project itself (a build replaces its site folder); language codes that are
not safe BCP 47 tags, repeated, unknown to CLDR, or of a script the language profile
does not describe (:mod:`build_tools.languages`); a threshold outside 0 to 100; a
``body`` the registry of bodies does not hold; an import limit that is not a size or a
number (:mod:`build_tools.import_limits`).
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from build_tools import bodies, outputs
from build_tools.diagnostics import Diagnostic, UsageError, display_path
from build_tools.import_limits import DEFAULT_LIMITS, ImportLimits, parse_limits
from build_tools.import_limits import KEY as LIMITS_KEY
from build_tools.languages import UnknownLanguage, profile
from build_tools.layout import Layout

CONFIG = "pyproject.toml"
TABLE = "[tool.build_tools]"
# A BCP 47 tag as we use it in paths and URLs: language, then optional subtags.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
ISO_639_2 = re.compile(r"[a-z]{3}")


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
    body: str = ""  # the registry id of the body whose texts these are ('' : the registry's first)
    import_limits: ImportLimits = DEFAULT_LIMITS  # how large a file `import` reads
    fuzzy_memory: float = 0.0  # % word similarity of near matches update pre-fills (0: none)
    skip_msgfmt: bool = False  # --skip-msgfmt: the catalogs are checked without GNU msgfmt -c

    @property
    def layout(self) -> Layout:
        return Layout(self.source, self.translations, self.build, self.site)

    @property
    def settings(self) -> str:
        """What outputs and diagnostics depend on of the configuration, as text: the
        folders as diagnostics name them from where the build runs (not where the
        project is: a moved or copied project keeps its build state), the languages
        and the rest of the settings."""
        return _settings(self, Path.cwd())

    @property
    def issuing_body(self) -> bodies.Body:
        """The body of texts that do not say theirs (``body`` in pyproject.toml)."""
        return bodies.get(self.body)

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
        return sorted(p for p in self.source.glob("*.xml") if p.is_file())


class ConfigError(UsageError):
    """The configuration is wrong, or a file or folder it names is in the way: located
    diagnostics, exit status 2. ``summary``: what the last line says (by default, how
    many problems pyproject.toml has)."""

    def __init__(self, diagnostics: list[Diagnostic], summary: str = "") -> None:
        super().__init__(summary or f"{len(diagnostics)} problem(s) in {CONFIG}")
        self.diagnostics = diagnostics


@functools.lru_cache(maxsize=16)
def _settings(project: Project, cwd: Path) -> str:
    """``Project.settings``, from ``cwd`` (asked for hundreds of times in a build)."""
    folders = (project.root, project.source, project.translations, project.build, project.site)
    shown = tuple(display_path(folder, cwd) for folder in folders)
    return repr(
        (
            shown,
            project.languages,
            project.team,
            project.listing_threshold,
            project.demonstration,
            project.body,
            # what update pre-fills from memory (named only when set: older states hold)
            *([project.fuzzy_memory] if project.fuzzy_memory else []),
            *(["msgfmt skipped"] if project.skip_msgfmt else []),  # what check did not do
        )
    )


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding a pyproject.toml with our table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG
        if candidate.is_file() and TABLE in candidate.read_text("utf-8", errors="replace"):
            return folder
    raise UsageError(f"no {CONFIG} with {TABLE} at or above {here}")


class _Findings:
    """Diagnostics against pyproject.toml, each on the line of the key it is about."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.start = next((i for i, line in enumerate(self.lines) if line.strip() == TABLE), 0)
        self.found: list[Diagnostic] = []

    def line_of(self, needle: str) -> int:
        for number, line in enumerate(self.lines[self.start :], self.start + 1):
            if needle in line:
                return number
        return self.start + 1

    def add(self, needle: str, message: str, code: str = "config") -> None:
        self.found.append(Diagnostic(CONFIG, self.line_of(needle), message, code))


def _read_table(base: Path) -> tuple[dict[str, Any], _Findings]:
    path = base / CONFIG
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{CONFIG}: cannot be read: {error}") from None
    findings = _Findings(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match[1]) if match else 0
        raise ConfigError(
            [Diagnostic(CONFIG, line, f"not valid TOML: {error}", "config")]
        ) from None
    table = data.get("tool", {}).get("build_tools", {})
    return (table if isinstance(table, dict) else {}), findings


def _language(item: object, findings: _Findings) -> Language | None:
    if not isinstance(item, dict) or not isinstance(item.get("code"), str):
        findings.add("languages", 'each language needs a code, e.g. { code = "fr", iso = "fra" }')
        return None
    code, iso = item["code"], item.get("iso")
    needle = f'"{code}"'
    if not LANGUAGE_CODE.fullmatch(code):
        findings.add(
            needle, f'language code {code!r} is not a BCP 47 tag such as "fr" or "zh-Hant"'
        )
        return None
    if not isinstance(iso, str) or not ISO_639_2.fullmatch(iso):
        findings.add(needle, f'language {code!r} needs iso = its ISO 639-2 code, e.g. "fra"')
        return None
    locale = item.get("locale", code)
    try:
        Locale.parse(str(locale).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        findings.add(needle, f"language {code!r}: locale {locale!r} is unknown to CLDR (Babel)")
        return None
    try:
        profile(code)
    except UnknownLanguage as error:
        findings.add(needle, str(error))
        return None
    return Language(code=code, iso=iso, locale=str(locale))


def _languages(table: dict[str, Any], findings: _Findings) -> tuple[Language, ...]:
    items = table.get("languages")
    if not isinstance(items, list) or not items:
        findings.add(TABLE, "languages: a list of languages is required, the source language first")
        return ()
    languages = [lang for item in items if (lang := _language(item, findings)) is not None]
    seen: set[str] = set()
    for language in languages:
        if language.code in seen or language.iso in seen:
            findings.add(f'"{language.code}"', f"language {language.code!r} is listed twice")
        seen |= {language.code, language.iso}
    return tuple(languages)


def _threshold(table: dict[str, Any], findings: _Findings) -> float:
    value = table.get("listing_threshold", 50)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        findings.add(
            "listing_threshold", f"listing_threshold must be a number from 0 to 100, not {value!r}"
        )
        return 50.0
    return float(value)


def _fuzzy_memory(table: dict[str, Any], findings: _Findings) -> float:
    value = table.get("fuzzy_memory", 0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        findings.add("fuzzy_memory", f"fuzzy_memory must be a number from 0 to 100, not {value!r}")
        return 0.0
    return float(value)


def _body(table: dict[str, Any], findings: _Findings) -> str:
    try:
        registry = bodies.registry()
    except bodies.RegistryError as error:
        findings.found += error.diagnostics
        return ""
    if "body" not in table:
        return registry[0].id
    value = table["body"]
    if not isinstance(value, str) or bodies.find(value) is None:
        findings.add(
            "body =",
            f"body = {value!r} is not in the body registry ({bodies.REGISTRY}); "
            f"known: {bodies.known()}",
        )
        return ""
    return value


def _folders(base: Path, table: dict[str, Any], findings: _Findings) -> dict[str, Path]:
    folders, known = {}, len(findings.found)
    for key in ("source", "translations", "build", "site"):
        value = table.get(key, key)
        if not isinstance(value, str) or not value.strip():
            findings.add(f"{key} =", f"{key} must be a folder name")
            value = key
        folders[key] = _resolve(base, value, key, findings)
    inputs = {
        "source": folders["source"],
        "translations": folders["translations"],
        ".git": (base / ".git").resolve(),
    }
    for key in ("build", "site"):
        output = folders[key]
        if output == base.resolve() or base.resolve().is_relative_to(output):
            findings.add(
                f"{key} =",
                f"{key} = {table.get(key)!r} is the project folder; a build would replace it",
            )
            continue
        for name, folder in inputs.items():
            if output == folder or output.is_relative_to(folder) or folder.is_relative_to(output):
                findings.add(
                    f"{key} =",
                    f"{key} = {table.get(key)!r} overlaps {name}/; a build would overwrite it",
                )
    if folders["build"] == folders["site"]:
        findings.add("site =", "site and build must be different folders")
    if len(findings.found) == known:  # the folders are where they may be: what is there?
        _outputs(base, table, folders, findings)
    return folders


def _resolve(base: Path, value: str, key: str, findings: _Findings) -> Path:
    try:
        return (base / value).resolve()
    except (OSError, RuntimeError) as error:  # a loop of symbolic links
        findings.add(f"{key} =", f"{key} = {value!r} cannot be followed: {error}")
        return (base / value).absolute()


# What a build would do to a file no build wrote, in each output folder.
CONSEQUENCE = {
    "build": "a build would write over or delete it",
    "site": "publishing would delete it",
}


def _outputs(
    base: Path, table: dict[str, Any], folders: dict[str, Path], findings: _Findings
) -> None:
    """The output folders are folders (or absent); outside the project, they and the
    folders publishing uses beside the site are ours (see ``outputs``): nothing there
    that a build would delete was put there by someone else."""
    for key in ("build", "site"):
        folder, value = folders[key], str(table.get(key, key))
        found = outputs.kind(folder)
        if found not in {outputs.ABSENT, outputs.FOLDER}:
            link = "a symbolic link to " if (base / value).is_symlink() else ""
            findings.add(
                f"{key} =",
                f"{key} = {value!r} is {link}{found}, not a folder: "
                "move it away or choose another folder",
            )
        elif not folder.is_relative_to(base.resolve()):
            named = Path(os.path.normpath(base.resolve() / value))
            where = "is outside the project" if named == folder else f"leads to {folder}"
            _owned(key, value, folder, findings, f" {where} and")
    if not folders["site"].is_relative_to(base.resolve()):
        layout = Layout(
            folders["source"], folders["translations"], folders["build"], folders["site"]
        )
        _beside_site(layout, str(table.get("site", "site")), findings)


def _owned(key: str, value: str, folder: Path, findings: _Findings, where: str = "") -> None:
    """``where``: what to say of the folder before what it holds."""
    foreign = outputs.foreign_file(folder)
    if foreign is not None:
        findings.add(
            f"{key} =",
            f"{key} = {value!r}{where} holds {display_path(foreign)}, which no build wrote; "
            f"{CONSEQUENCE[key]}: move it away, or choose an empty or new folder",
        )


def _beside_site(layout: Layout, value: str, findings: _Findings) -> None:
    """The folders publishing stages the new site in and keeps the old one in, which it
    deletes."""
    for folder in (layout.staging_site(), layout.retired_site()):
        found, foreign = outputs.kind(folder), outputs.foreign_file(folder)
        needs = f"site = {value!r}: publishing needs {display_path(folder)} beside it"
        if found not in {outputs.ABSENT, outputs.FOLDER}:
            findings.add("site =", f"{needs}, and that is {found} no build made; move it away")
        elif foreign is not None:
            findings.add(
                "site =",
                f"{needs}, and that folder holds {display_path(foreign)}, which no build "
                "wrote; move it away",
            )


def check_publishing(project: Project) -> None:
    """Raise ConfigError unless publishing may replace the site folder and use the two
    beside it: wherever they are (``load_project`` checks them on every command only
    outside the project), none may hold a file no build wrote."""
    table, findings = _read_table(project.root)
    value = str(table.get("site", "site"))
    _owned("site", value, project.site, findings)
    _beside_site(project.layout, value, findings)
    if findings.found:
        raise ConfigError(findings.found)


def load_project(root: Path | None = None) -> Project:
    """The project's settings; raises ConfigError (located diagnostics) when one is wrong."""
    base = root or find_root()
    table, findings = _read_table(base)
    languages = _languages(table, findings)
    threshold = _threshold(table, findings)
    body = _body(table, findings)
    limits = parse_limits(table.get(LIMITS_KEY), findings.add)
    fuzzy_memory = _fuzzy_memory(table, findings)
    folders = _folders(base, table, findings)
    if findings.found:
        raise ConfigError(findings.found)
    return Project(
        root=base,
        source=folders["source"],
        translations=folders["translations"],
        build=folders["build"],
        site=folders["site"],
        languages=languages,
        team=str(table.get("team", "Translation team")),
        listing_threshold=threshold,
        demonstration=table.get("demonstration", False) is True,
        body=body,
        import_limits=limits,
        fuzzy_memory=fuzzy_memory,
    )
