"""MkDocs, run in this process: ``mkdocs build --strict`` on one language's generated
project, with our page bodies and a faster theme. Imported only where a site is built
(MkDocs, Material and their templates take a while to load)."""

from __future__ import annotations

import functools
import json
import logging
import os
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.theme import Theme

from build_tools.diagnostics import Diagnostic, StageFailed
from build_tools.layout import home_url


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """Our plugins take no options from mkdocs.yml."""


class PageBodies(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """Gives each page the metadata and HTML body we made for it (see ``generate.Pages``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.bodies: dict[str, str] = {}

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        sidecar = self.folder / f"{page.file.src_uri}.json"
        if not sidecar.exists():
            return markdown
        data = json.loads(sidecar.read_text("utf-8"))
        page.meta = data["meta"]
        self.bodies[page.file.src_uri] = data["html"]
        return ""

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        return self.bodies.pop(page.file.src_uri, html)


class ErrorPage(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """Links of the error page (``404.html``) absolute from its language's root, where
    it is published (``/fr/``), rather than the server's (MkDocs' default without a
    ``site_url``): a server answers it at any address, and the language's assets are
    there."""

    def __init__(self, root: str) -> None:
        self.root = root

    def on_template_context(self, context: Any, /, *, template_name: str, config: Any) -> Any:
        if template_name == "404.html":
            context["base_url"] = self.root
        return context


UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


class LeanTheme(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """Leaves out of every site what only Material's own search uses (lunr and its
    languages, the search worker: 1.2 MB a language): our search is Pagefind's."""

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        for file in list(files):
            if file.src_uri.startswith(UNUSED_THEME_FILES):
                files.remove(file)
        return files


@functools.cache
def _theme_files(folder: str) -> tuple[str, ...]:
    """The files of an installed theme folder, as Jinja names them, but dot-files and
    those under a dot-folder (Material's 14,000 icons), which MkDocs never copies (its
    filter drops ``.*`` and ``*/.*``): the walk does not enter them."""
    found = []
    for here, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        inside = Path(here).relative_to(folder)
        found += [(inside / name).as_posix() for name in files if not name.startswith(".")]
    return tuple(sorted(found))


class _ThemeLoader(jinja2.FileSystemLoader):
    """The theme's template loader, but each installed theme folder is listed once per
    process, without the dot-folders MkDocs filters out: MkDocs lists every file of the
    theme on every build to find its static files, and Material ships 14,000 icons (a
    quarter of a second per build). The project's own ``custom_dir`` is listed afresh."""

    def __init__(self, folders: list[str], custom_dir: str) -> None:
        super().__init__(folders)
        self.custom_dir = custom_dir

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if folder == self.custom_dir:
                found.update(jinja2.FileSystemLoader(folder).list_templates())
            else:
                found.update(_theme_files(folder))
        return sorted(found)


def _faster_theme(config: Any, template_cache: Path) -> None:
    """Give every Jinja environment of the theme (MkDocs' own, and any a plugin makes)
    a :class:`_ThemeLoader` and a bytecode cache in ``build/work/``: compiling
    Material's templates was a third of each language's build.
    Jinja checks each template's source against its cached code, so an edit is seen."""
    theme = config.theme
    make_env = theme.get_env
    template_cache.mkdir(parents=True, exist_ok=True)
    cache = jinja2.FileSystemBytecodeCache(str(template_cache))

    def get_env() -> jinja2.Environment:
        env: jinja2.Environment = make_env()
        env.loader = _ThemeLoader(list(theme.dirs), str(theme.custom_dir or ""))
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env


def warm_up(codes: list[str]) -> None:
    """Load in this process what each MkDocs build of ``codes`` reads first: the installed
    theme's file listing and the languages' CLDR data (a worker does this before its
    first job, while the catalogs are being checked)."""
    for folder in Theme(name="material").dirs:
        _theme_files(folder)
    for code in codes:
        Locale.parse(code).languages  # noqa: B018 (loads the locale's data)


def _not_the_dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns on every dirty build that its navigation may be stale; ours only
    keeps pages whose every input is unchanged (see ``site.build.keep_unchanged``)."""
    return "'dirty' build" not in record.getMessage()


def run_mkdocs(
    config_file: Path, template_cache: Path, bodies: Path, *, dirty: bool = False
) -> None:
    """``mkdocs build --strict``, in-process; warnings become located diagnostics.
    ``dirty``: MkDocs' ``--dirty``, which renders only the pages whose file is newer than
    their output, and leaves the rest of the site as it is."""
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    notices = logging.getLogger("mkdocs.commands.build")
    notices.addFilter(_not_the_dirty_notice)
    try:
        config = load_config(config_file=str(config_file), strict=True)
        _faster_theme(config, template_cache)
        config.plugins["page-bodies"] = PageBodies(bodies)
        config.plugins["error-page"] = ErrorPage("/" + home_url(config.theme["language"]))
        config.plugins["lean-theme"] = LeanTheme()
        mkdocs_build(config, dirty=dirty)
    except Abort as error:
        collector.messages.append(str(error))
    finally:
        logger.removeHandler(collector)
        notices.removeFilter(_not_the_dirty_notice)
    if collector.messages:
        raise StageFailed(
            [Diagnostic(str(config_file), 0, f"mkdocs: {m}", "mkdocs") for m in collector.messages]
        )
