"""Running Pandoc (bundled by pypandoc-binary) on a JSON document."""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import pypandoc

from build_tools.diagnostics import Diagnostic, StageFailed


@functools.cache
def pandoc_path() -> str:
    return str(pypandoc.get_pandoc_path())


def run_pandoc(document: dict[str, Any], arguments: list[str], *, cwd: Path | None = None) -> bytes:
    """Feed ``document`` (JSON AST) to Pandoc; a failure names the command and its stderr."""
    command = [pandoc_path(), "--from=json", *arguments]
    run = subprocess.run(
        command,
        input=json.dumps(document).encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        check=False,
    )
    if run.returncode != 0:
        tail = " | ".join(run.stderr.decode("utf-8", "replace").strip().splitlines()[-5:])
        message = f"pandoc failed (exit {run.returncode}): {' '.join(command[1:])}: {tail}"
        raise StageFailed([Diagnostic("pandoc", 0, message, "tool-failed")])
    return run.stdout
