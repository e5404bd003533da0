"""Running Pandoc (bundled by pypandoc-binary) on a JSON document."""

from __future__ import annotations

import functools
import json
import os
import subprocess
from typing import Any

import pypandoc

from build_tools.diagnostics import Diagnostic, StageFailed


@functools.cache
def pandoc_path() -> str:
    return str(pypandoc.get_pandoc_path())


def run_pandoc(
    document: dict[str, Any], arguments: list[str], *, environment: dict[str, str] | None = None
) -> bytes:
    """Feed ``document`` (JSON AST) to Pandoc; a failure names the command and its stderr."""
    command = [pandoc_path(), "--from=json", *arguments]
    env = {**os.environ, **(environment or {})}
    data = json.dumps(document).encode("utf-8")
    run = subprocess.run(command, input=data, capture_output=True, env=env, check=False)
    if run.returncode != 0:
        tail = " | ".join(run.stderr.decode("utf-8", "replace").strip().splitlines()[-5:])
        message = f"pandoc failed (exit {run.returncode}): {' '.join(command[1:])}: {tail}"
        raise StageFailed([Diagnostic("pandoc", 0, message, "tool-failed")])
    return run.stdout
