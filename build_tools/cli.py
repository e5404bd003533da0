"""Command line: ``python -m build_tools <command>``.

The only module that prints. Exit status: 0 success, 1 problems in the input,
2 usage errors or unreadable input.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from build_tools import __version__, pipeline, serve, signing
from build_tools.akn.validate import validate_paths
from build_tools.akn.versions import duplicate_expressions
from build_tools.akn.xmlio import write_if_changed
from build_tools.config import ConfigError, Language, Project, find_root, load_project
from build_tools.diagnostics import (
    Diagnostic,
    StageCrashed,
    StageFailed,
    UsageError,
    count_errors,
    display_path,
    summary,
)
from build_tools.edition import NotBefore
from build_tools.i18n.check import SKIPPED, MsgfmtMissing, require_msgfmt
from build_tools.i18n.gate import status_table
from build_tools.i18n.memory import FUZZY_MEMORY
from build_tools.i18n.stats import stats_table
from build_tools.layout import RENDER_FORMATS, RenderFormat, name_problem
from build_tools.manifest import MANIFEST, check_site
from build_tools.outputs import ABSENT, kind
from build_tools.progress import Lines, Progress
from build_tools.state import build_lock

Handler = Callable[[argparse.Namespace], int]


def _report(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _documents(project: Project, paths: list[Path]) -> list[Path]:
    if paths:
        return paths
    documents = project.documents()
    if not documents:
        raise UsageError(f"no documents (*.xml) in {display_path(project.source)}")
    return documents


def _languages(
    project: Project, codes: list[str] | None, *, source: bool = False
) -> list[Language]:
    if codes:
        return [project.language(code) for code in codes]
    return list(project.languages if source else project.target_languages)


_SAYING = threading.Lock()  # serve's threads say lines at once: one whole line at a time


def _say(line: str) -> None:
    with _SAYING:
        sys.stderr.write(f"{line}\n")
        sys.stderr.flush()


def _changed(outcome: pipeline.Outcome, verb: str) -> None:
    for path in outcome.changed:
        print(f"{verb} {display_path(path)}", file=sys.stderr)


def _msgfmt(project: Project, args: argparse.Namespace) -> Project:
    """The project as a command that checks catalogs sees it: GNU msgfmt is needed unless
    the user passed --skip-msgfmt (MsgfmtMissing otherwise: exit 1, nothing done); a
    skipped msgfmt is said once, and in the last line."""
    skip = bool(getattr(args, "skip_msgfmt", False))
    require_msgfmt(skip=skip)
    if not skip:
        return project
    if not getattr(args, "quiet", False):
        print(
            f"{args.command}: warning: GNU msgfmt -c was not run (--skip-msgfmt); the "
            "catalogs' gettext syntax is unchecked [msgfmt-skipped]",
            file=sys.stderr,
        )
    return dataclasses.replace(project, skip_msgfmt=True)


def _finish(outcome: pipeline.Outcome, what: str, args: argparse.Namespace | None = None) -> int:
    _report(outcome.diagnostics if args is None else _shown(outcome.diagnostics, args))
    errors = count_errors(outcome.diagnostics)
    if errors:
        print(f"{what}: {errors} error(s)", file=sys.stderr)
        return 1
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    project = load_project()
    paths = _documents(project, args.paths)
    corpus = project.documents()  # a file outside source/ is no text of the corpus
    inside = [path for path in paths if path.resolve() in {c.resolve() for c in corpus}]
    diagnostics = validate_paths(paths) + duplicate_expressions(inside, corpus)
    _report(diagnostics)
    print(summary(diagnostics, len(paths)), file=sys.stderr)
    return 1 if count_errors(diagnostics) else 0


def cmd_extract(args: argparse.Namespace) -> int:
    project = load_project()
    outcome = pipeline.run_extract(project, _documents(project, args.paths))
    _changed(outcome, "wrote")
    return _finish(outcome, "extract")


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError(f"a percentage from 1 to 100, not {text!r}")
    return value


def cmd_update(args: argparse.Namespace) -> int:
    project = _msgfmt(load_project(), args)
    if args.fuzzy_memory is not None:
        project = dataclasses.replace(project, fuzzy_memory=args.fuzzy_memory)
    documents, languages = _documents(project, []), _languages(project, args.lang)
    with _progress(args) as progress:
        outcome = pipeline.run_update(project, documents, languages, progress)
    if not args.quiet:
        _changed(outcome, "updated")
    return _finish(outcome, "update", args)


def cmd_check(args: argparse.Namespace) -> int:
    project = _msgfmt(load_project(), args)
    outcome = pipeline.run_check(project, _documents(project, []), _languages(project, args.lang))
    code = _finish(outcome, "check")
    if not code and project.skip_msgfmt:
        print(f"check: no errors, but incomplete: {SKIPPED}", file=sys.stderr)
    elif not code:
        print("check: all catalogs clean", file=sys.stderr)
    return code


def cmd_stats(args: argparse.Namespace) -> int:
    project = load_project()
    rows = pipeline.run_stats(project, _documents(project, []), _languages(project, args.lang))
    if args.json:
        print(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
    else:
        print(stats_table(rows))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    project = load_project()
    languages = _languages(project, args.lang, source=True)
    rows = pipeline.run_status(project, _documents(project, []), languages)
    if args.json:
        print(json.dumps([dataclasses.asdict(row) for row in rows], indent=2, ensure_ascii=False))
    else:
        print(status_table(rows))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    project = load_project()
    outcome = pipeline.run_merge(
        project, _documents(project, []), _languages(project, args.lang, source=True)
    )
    for result in outcome.merged:
        status = "official" if result.authoritative else "provisional"
        note = (
            f", {len(result.fallbacks)} unit(s) in the source language" if result.fallbacks else ""
        )
        print(f"merged {display_path(result.path)} ({status}{note})", file=sys.stderr)
    return _finish(outcome, "merge")


def _document_name(value: str) -> str:
    """A document's name given on the command line (``import --name``, ``new-version``)."""
    problem = name_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem} (the name of a file in source/, without .xml)")
    return value


def _formats(value: str | None) -> tuple[RenderFormat, ...]:
    if not value:
        return RENDER_FORMATS
    formats = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [f for f in formats if f not in RENDER_FORMATS]
    if unknown:
        raise UsageError(
            f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(RENDER_FORMATS)}"
        )
    return tuple(f for f in RENDER_FORMATS if f in formats)


def cmd_render(args: argparse.Namespace) -> int:
    project = load_project()
    documents = _documents(project, [])
    languages = _languages(project, args.lang, source=True)
    with _progress(args) as progress:
        done = pipeline.run_render(
            project, documents, languages, _formats(args.format), say=progress
        )
    files = [result for _, rendered in done.results for result in rendered]
    for result in files if args.verbose else []:
        state = "wrote" if result.changed else "unchanged"
        took = f"{result.seconds * 1000:.0f} ms"
        print(f"{state} {display_path(result.path)} ({took})", file=sys.stderr)
    if not args.quiet:
        wrote = sum(result.changed for result in files)
        print(
            f"render: wrote {wrote} file(s), {len(files) - wrote} unchanged, "
            f"in {progress.seconds:.1f} s",
            file=sys.stderr,
        )
    return 0


class _StatusLine(Progress):
    """Progress on a terminal: one line, rewritten in place as the work goes and every
    half second (the time), cleared when the work ends, so that what follows it (the
    diagnostics, the summary) is printed as if it had never been there."""

    def __init__(self, command: str) -> None:
        super().__init__()
        self.command, self.shown_at = command, 0.0
        self.width = shutil.get_terminal_size().columns - 1
        self.lock, self.ended = threading.Lock(), threading.Event()
        self.ticker = threading.Thread(target=self._tick, daemon=True)
        self.ticker.start()

    def _tick(self) -> None:
        while not self.ended.wait(0.5):
            self.changed()

    def changed(self, key: str | None = None) -> None:
        with self.lock:
            if self.ended.is_set() or time.monotonic() - self.shown_at < 0.1:
                return
            self.shown_at = time.monotonic()
            line = f"{self.command}: {self.status()}"[: self.width]
            sys.stderr.write(f"\r\x1b[K{line}")
            sys.stderr.flush()

    def close(self) -> None:
        with self.lock:
            self.ended.set()
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@contextlib.contextmanager
def _progress(args: argparse.Namespace) -> Iterator[Progress]:
    """How long work shows its progress: ``--verbose``, a line per job done;
    ``--quiet``, nothing; on a terminal (not in CI), one line kept up to date; elsewhere
    (a log), nothing until the summary line."""
    if getattr(args, "verbose", False):
        yield Lines(_say, seconds=True)
    elif getattr(args, "quiet", False) or os.environ.get("CI") or not sys.stderr.isatty():
        yield Progress()
    else:
        status = _StatusLine(args.command)
        try:
            yield status
        finally:
            status.close()


def _shown(diagnostics: Iterable[Diagnostic], args: argparse.Namespace) -> list[Diagnostic]:
    """What a command says of its findings: everything, or its errors with --quiet."""
    quiet = getattr(args, "quiet", False)
    return [d for d in diagnostics if d.is_error or not quiet]


def cmd_build(args: argparse.Namespace) -> int:
    project = _msgfmt(load_project(), args)
    key_path = getattr(args, "sign", None) or os.environ.get("BUILD_TOOLS_SIGNING_KEY")
    key = signing.load_private_key(Path(key_path), project.root) if key_path else None
    with _progress(args) as progress:
        report = pipeline.run_build(
            project, jobs=getattr(args, "jobs", 0), say=progress, signing_key=key
        )
    _report(_shown(report.diagnostics, args))
    if getattr(args, "quiet", False):
        return 0
    if report.unchanged:
        print(
            f"build: nothing changed since the last build; {display_path(project.site)}/ "
            "is as it published it",
            file=sys.stderr,
        )
        return 0
    timings = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.seconds.items())
    print(
        f"build: {len(project.documents())} document(s), languages {' '.join(report.languages)}; "
        f"rendered {report.rendered} file(s), built {report.sites} site(s), reused {report.skipped}; "
        f"published {report.published} file(s) in {display_path(project.site)}/ as edition "
        f"{report.edition} ({timings})" + (f"; {SKIPPED}" if project.skip_msgfmt else ""),
        file=sys.stderr,
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    site = args.site or load_project().site
    if args.not_before is not None and args.key is None:
        raise UsageError(
            "--not-before needs --key: an edition is only proved by the signature over it"
        )
    if kind(site / MANIFEST) == ABSENT:
        raise UsageError(f"{site}/{MANIFEST}: no such file; is {site} a published site?")
    verified = check_site(site, args.key, args.not_before)
    _report(verified.problems)
    shown = f"{display_path(site)}/"
    edition = f" ({verified.edition})" if verified.edition else " (no edition recorded)"
    if verified.problems:
        print(f"verify: {len(verified.problems)} problem(s) in {shown}{edition}", file=sys.stderr)
        return 1
    signed = " and its signature" if args.key else ""
    recent = f", and {args.not_before}" if args.not_before else ""
    print(f"verify: {shown} matches its manifest{edition}{signed}{recent}", file=sys.stderr)
    return 0


def _not_before(text: str) -> NotBefore:
    try:
        return NotBefore.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None


def cmd_import(args: argparse.Namespace) -> int:
    from build_tools.importing.document import import_document
    from build_tools.importing.issuing import refuse_duplicate

    project = load_project()
    imported = import_document(
        project, args.file, meta=args.meta, name=args.name, changes=args.changes
    )
    target = project.layout.source_file(imported.name)
    refuse_duplicate(project.documents(), imported.xml, target, args.file, replace=args.replace)
    if target.exists() and not args.replace:
        raise UsageError(
            f"{display_path(target)} exists; choose another --name, add --replace, "
            "or make a later version with `new-version`"
        )
    write_if_changed(target, imported.xml)
    return _written(target, f"import: {imported.summary()}")


def _written(target: Path, summary: str) -> int:
    diagnostics = validate_paths([target])
    _report(diagnostics)
    print(f"wrote {display_path(target)}; {summary}", file=sys.stderr)
    return 1 if count_errors(diagnostics) else 0


def cmd_new_version(args: argparse.Namespace) -> int:
    from build_tools.importing.new_version import new_version

    project = load_project()
    made = new_version(
        project,
        args.name,
        date=args.date,
        reason=args.reason,
        kind=args.kind,
        text=args.text,
        changes=args.changes,
    )
    target = project.layout.source_file(made.name)
    write_if_changed(target, made.xml)
    return _written(
        target,
        f"{args.kind} of {args.date}; `python -m build_tools build` carries the catalogs over",
    )


def _document_names(project: Project) -> list[str]:
    return [path.stem for path in _documents(project, [])]


def cmd_xliff_export(args: argparse.Namespace) -> int:
    from build_tools.i18n.xliff import export_xliff

    project = load_project()
    folder = args.out or project.layout.xliff_folder()
    written, warnings = export_xliff(
        project,
        _document_names(project),
        _languages(project, args.lang),
        folder,
        copy_source=args.copy_source,
    )
    _report(warnings)
    for path, units in written:
        print(f"wrote {display_path(path)} ({units} units)", file=sys.stderr)
    return 0


def cmd_xliff_import(args: argparse.Namespace) -> int:
    from build_tools.i18n.xliffimport import counted, import_xliff

    done = import_xliff(_msgfmt(load_project(), args), args.files)
    _report(done.diagnostics)
    for received in done.received:
        verb = "updated" if received.changed else "unchanged"
        print(
            f"{verb} {display_path(received.catalog)} from {received.xliff} "
            f"({counted(received.counts)})",
            file=sys.stderr,
        )
    for shown in done.refused:
        print(f"{shown}: refused; no catalog was written from it", file=sys.stderr)
    return 1 if done.refused else 0


def cmd_tmx_export(args: argparse.Namespace) -> int:
    from build_tools.i18n.tmx import export_memory

    project = load_project()
    path = args.out or project.layout.memory()
    units = export_memory(project, _document_names(project), _languages(project, args.lang), path)
    print(f"wrote {display_path(path)} ({units} translated units)", file=sys.stderr)
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    inside = _project_holding(args.path)
    if inside is not None and not args.force:
        raise UsageError(
            f"{args.path} is inside the project {inside}, where a commit or a copy of the "
            "project takes it along; keep private keys outside it, in a folder of your own "
            "(e.g. ~/keys/ipu-site.key), and publish only the .pub file; --force writes it "
            "there anyway (build --sign refuses it)"
        )
    public = signing.generate_key(args.path)
    print(
        f"keygen: private key {args.path} (keep it outside the repository), public key {public}",
        file=sys.stderr,
    )
    return 0


def _project_holding(path: Path) -> Path | None:
    """The project (the folder of its pyproject.toml) that ``path``, its links resolved,
    is inside: the one we are in, or one above ``path`` itself; None if neither."""
    resolved = path.resolve()
    for start in (None, resolved.parent):
        try:
            root = find_root(start).resolve()
        except UsageError:  # no project there
            continue
        if resolved.is_relative_to(root):
            return root
    return None


def cmd_serve(args: argparse.Namespace) -> int:
    project = load_project()
    require_msgfmt(skip=args.skip_msgfmt)  # before the port is taken
    # a port in use stops us before building
    server = serve.start_server(project.site, args.port, say=_say)
    try:
        cmd_build(args)
    except (StageFailed, StageCrashed) as error:
        _report(error.diagnostics if isinstance(error, StageFailed) else [error.diagnostic()])
        print(
            "serve: the first build failed; fix the errors above, the preview rebuilds on save",
            file=sys.stderr,
        )
    print(
        f"serving {display_path(project.site)}/ at http://127.0.0.1:{args.port}/ (Ctrl+C stops)",
        file=sys.stderr,
    )

    def rebuild(files: list[str]) -> None:
        print(f"changed: {len(files)} file(s); rebuilding", file=sys.stderr)
        try:
            cmd_build(args)
        except Exception as error:  # the preview keeps serving whatever went wrong
            if isinstance(error, StageFailed | ConfigError):
                _report(error.diagnostics)
            elif isinstance(error, StageCrashed):
                _report([error.diagnostic()])
            print(f"rebuild failed: {error}; waiting for the next save", file=sys.stderr)

    try:
        serve.watch([project.source, project.translations], rebuild)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


# Commands that write catalogs or build outputs take the build lock, as build does.
WRITERS = frozenset(
    {"extract", "update", "merge", "render", "import", "new-version", "xliff", "tmx"}
)


def _program() -> str:
    """How the user called us: the installed ``build-tools`` command, or Python's ``-m``."""
    called = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    return "build-tools" if called == "build-tools" else "python -m build_tools"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=_program(), description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an unexpected error"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check documents against the AKN schema and project rules"
    )
    validate.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="default: every document in source/"
    )
    validate.set_defaults(handler=cmd_validate)
    extract = commands.add_parser("extract", help="write the translation templates (POT)")
    extract.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="default: every document in source/"
    )
    extract.set_defaults(handler=cmd_extract)
    for name, handler, text in (
        ("update", cmd_update, "create or update the PO files from the templates"),
        ("check", cmd_check, "check the PO files against their templates and with msgfmt -c"),
        ("stats", cmd_stats, "translation progress per language and document"),
        ("merge", cmd_merge, "write one AKN expression per language into build/akn/"),
        (
            "status",
            cmd_status,
            "publication status per language: official, provisional, not listed",
        ),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument(
            "--lang", action="append", metavar="LANG", help="only this language (repeatable)"
        )
        command.set_defaults(handler=handler)
        if name in {"stats", "status"}:
            command.add_argument("--json", action="store_true", help="machine-readable output")
        if name in {"update", "check"}:
            _skip_msgfmt_option(command)
        if name == "update":
            _output_options(command)
        if name == "update":
            command.add_argument(
                "--fuzzy-memory",
                type=_percent,
                nargs="?",
                const=FUZZY_MEMORY,
                metavar="PERCENT",
                help=f"also pre-fill near matches from memory (default {FUZZY_MEMORY:g} %% words alike)",
            )
    render = commands.add_parser(
        "render", help="write PDF and EPUB for every language into build/downloads/"
    )
    render.add_argument(
        "--lang", action="append", metavar="LANG", help="only this language (repeatable)"
    )
    render.add_argument(
        "--format", metavar="FORMATS", help="comma-separated: pdf,epub (default: both)"
    )
    _output_options(render)
    render.set_defaults(handler=cmd_render)
    build = commands.add_parser("build", help="run the whole pipeline and publish into site/")
    build.add_argument(
        "--jobs", type=int, default=0, help="parallel render jobs (default: one per core)"
    )
    _output_options(build)
    build.add_argument(
        "--sign",
        type=Path,
        metavar="KEY",
        help="sign manifest.json with this Ed25519 private key (or BUILD_TOOLS_SIGNING_KEY)",
    )
    build.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an unexpected error",
    )
    _skip_msgfmt_option(build)
    build.set_defaults(handler=cmd_build)
    verify = commands.add_parser("verify", help="check a published site against its manifest.json")
    verify.add_argument("site", nargs="?", type=Path, help="default: site/")
    verify.add_argument("--key", type=Path, help="public key: also check the manifest's signature")
    verify.add_argument(
        "--not-before",
        type=_not_before,
        metavar="EDITION|DATE",
        help="refuse an older publication: an edition number, or a date or UTC time "
        "(2026-12-02, 2026-12-02T12:00:00Z) it must not be published before; needs --key",
    )
    verify.set_defaults(handler=cmd_verify)
    keygen = commands.add_parser("keygen", help="make an Ed25519 key pair to sign published sites")
    keygen.add_argument("path", type=Path, help="private key file (outside the repository)")
    keygen.add_argument(
        "--force", action="store_true", help="write the key even inside the project"
    )
    keygen.set_defaults(handler=cmd_keygen)
    importer = commands.add_parser(
        "import", help="make source/NAME.xml from a Word, Markdown or plain-text document"
    )
    importer.add_argument("file", type=Path, metavar="FILE", help="a .docx, .md or .txt file")
    importer.add_argument(
        "--meta", type=Path, metavar="META", help="YAML metadata (wins over front matter)"
    )
    importer.add_argument(
        "--name", type=_document_name, help="file name in source/ (overrides the metadata)"
    )
    importer.add_argument(
        "--replace", action="store_true", help="replace an existing source/NAME.xml"
    )
    _changes_options(importer)
    importer.set_defaults(handler=cmd_import)
    version = commands.add_parser(
        "new-version", help="a corrigendum or revision: a later version of a document"
    )
    version.add_argument(
        "name", metavar="NAME", type=_document_name, help="the document (a name in source/)"
    )
    version.add_argument("--date", required=True, help="date of the new version (YYYY-MM-DD)")
    version.add_argument("--reason", required=True, help="what changed, for the preface")
    version.add_argument("--kind", choices=["corrigendum", "revision"], default="corrigendum")
    version.add_argument(
        "--from", dest="text", type=Path, metavar="FILE", help="import the corrected text"
    )
    _changes_options(version)
    version.set_defaults(handler=cmd_new_version)
    _exchange_parsers(commands)
    preview = commands.add_parser("serve", help="build, serve site/ locally, rebuild on changes")
    preview.add_argument("--port", type=int, default=8000)
    _output_options(preview)
    _skip_msgfmt_option(preview)
    preview.set_defaults(handler=cmd_serve)
    return parser


def _output_options(command: argparse.ArgumentParser) -> None:
    """--quiet and --verbose, for the commands that do long work."""
    shown = command.add_mutually_exclusive_group()
    shown.add_argument(
        "-q", "--quiet", action="store_true", help="errors only: no progress, warnings or summary"
    )
    shown.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="a line for each job done (also when not on a terminal)",
    )


def _skip_msgfmt_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--skip-msgfmt",
        action="store_true",
        help="check the catalogs without GNU msgfmt -c (without it, these commands stop: "
        "install gettext)",
    )


def _changes_options(command: argparse.ArgumentParser) -> None:
    """A Word document with tracked changes or comments is refused unless one is given."""
    choice = command.add_mutually_exclusive_group()
    for decision in ("accept", "reject"):
        choice.add_argument(
            f"--{decision}-changes",
            dest="changes",
            action="store_const",
            const=decision,
            help=f"{decision} the tracked changes of a Word document (its comments are left out)",
        )


def _exchange_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``xliff export|import`` and ``tmx export``: catalogs for translators' CAT tools."""
    xliff = commands.add_parser("xliff", help="catalogs as XLIFF 1.2 for CAT tools, and back")
    actions = xliff.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="one XLIFF file per document and language")
    export.add_argument(
        "--lang", action="append", metavar="LANG", help="only this language (repeatable)"
    )
    export.add_argument("--out", type=Path, metavar="DIR", help="default: build/xliff/")
    export.add_argument(
        "--copy-source",
        action="store_true",
        help="untranslated units get the source as target (for OmegaT 3)",
    )
    export.set_defaults(handler=cmd_xliff_export)
    receive = actions.add_parser("import", help="translations from XLIFF files into the catalogs")
    receive.add_argument("files", nargs="+", type=Path, metavar="FILE", help="XLIFF 1.2 files")
    _skip_msgfmt_option(receive)
    receive.set_defaults(handler=cmd_xliff_import)
    tmx = commands.add_parser("tmx", help="the corpus's translations as a TMX 1.4 memory")
    tmx_actions = tmx.add_subparsers(dest="action", required=True, metavar="ACTION")
    memory = tmx_actions.add_parser("export", help="every translated unit, in one TMX file")
    memory.add_argument(
        "--lang", action="append", metavar="LANG", help="only this language (repeatable)"
    )
    memory.add_argument("--out", type=Path, metavar="FILE", help="default: build/tmx/memory.tmx")
    memory.set_defaults(handler=cmd_tmx_export)


def main(argv: Sequence[str] | None = None) -> int:
    # Options a user set for every Haskell program would reach each Pandoc we start (and
    # pypandoc's probes of it); an invalid one stops them all. We set Pandoc's own.
    os.environ.pop("GHCRTS", None)
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    handler: Handler = args.handler
    try:
        if args.command in WRITERS:  # never alongside a build, nor one another
            with build_lock(load_project().build):
                return handler(args)
        return handler(args)
    except MsgfmtMissing as error:  # an incomplete check is no check: one line, status 1
        print(f"{args.command}: error: {error} [msgfmt-missing]", file=sys.stderr)
        return 1
    except ConfigError as error:
        _report(error.diagnostics)
        print(f"error: {error}; nothing was done", file=sys.stderr)
        return 2
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except StageFailed as failure:
        _report(_shown(failure.diagnostics, args))
        print(f"{count_errors(failure.diagnostics)} error(s); nothing was written", file=sys.stderr)
        return 1
    except Exception as error:  # a bug or a fault of the machine: one line, or the traceback
        if args.debug and isinstance(error, StageCrashed):
            raise error.error from None  # the original error, with its own traceback
        if args.debug:
            raise
        crashed = error if isinstance(error, StageCrashed) else StageCrashed(args.command, error)
        _report([crashed.diagnostic()])
        print(
            f"{args.command}: stopped by an unexpected error; run "
            f"`python -m build_tools --debug {args.command}` for the traceback",
            file=sys.stderr,
        )
        return 1


def run() -> NoReturn:
    """The program (``python -m build_tools``, ``build-tools``): :func:`main`, then the
    process ends at once with its exit code. By then every file is written and closed
    and the workers have ended, so the interpreter's teardown, which frees everything a
    build loaded (30 to 100 ms of every command), is skipped."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
