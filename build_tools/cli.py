"""Command line: ``python -m build_tools <command>``.

The only module that prints. Exit status: 0 success, 1 problems in the input,
2 usage errors or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from build_tools import __version__
from build_tools.config import Project, load_project
from build_tools.diagnostics import Diagnostic, StageFailed, UsageError, count_errors, summary
from build_tools.validate import validate_paths

Handler = Callable[[argparse.Namespace], int]


def _report(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _documents(project: Project, paths: list[Path]) -> list[Path]:
    if paths:
        return paths
    documents = project.documents()
    if not documents:
        raise UsageError(f"no documents (*.xml) in {project.source}")
    return documents


def cmd_validate(args: argparse.Namespace) -> int:
    project = load_project()
    paths = _documents(project, args.paths)
    diagnostics = validate_paths(paths)
    _report(diagnostics)
    print(summary(diagnostics, len(paths)), file=sys.stderr)
    return 1 if count_errors(diagnostics) else 0


def cmd_build(args: argparse.Namespace) -> int:
    project = load_project()
    paths = _documents(project, [])
    diagnostics = validate_paths(paths)
    _report(diagnostics)
    print(summary(diagnostics, len(paths)), file=sys.stderr)
    if count_errors(diagnostics):
        print("build stopped: the source is not valid", file=sys.stderr)
        return 1
    print(f"build: {len(paths)} document(s) valid", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m build_tools", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check documents against the AKN schema and project rules"
    )
    validate.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="default: every document in source/"
    )
    validate.set_defaults(handler=cmd_validate)
    build = commands.add_parser("build", help="run the whole pipeline")
    build.set_defaults(handler=cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    handler: Handler = args.handler
    try:
        return handler(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except StageFailed as failure:
        _report(failure.diagnostics)
        print(f"{count_errors(failure.diagnostics)} error(s); nothing was written", file=sys.stderr)
        return 1
