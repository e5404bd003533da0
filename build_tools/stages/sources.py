"""Stages validate and extract, as jobs: one per source (and one for the interface
strings' template), each fingerprinted by the source it reads, our code and settings.

    job                 inputs            outputs                     record
    validate/NAME       the source        (a verdict: none)           Validated
    extract/NAME        the source        translations/NAME.pot       Extracted
    extract/ui          code, settings    translations/ui.pot         Extracted
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

from build_tools.akn.xmlio import read_bytes
from build_tools.config import Project
from build_tools.diagnostics import Diagnostic
from build_tools.i18n.catalogs import write_catalog
from build_tools.i18n.extract import extract, extract_source, load_source
from build_tools.i18n.ui import UI_NAME, ui_template
from build_tools.jobs import Job
from build_tools.stages.records import Extracted, Outcome, Validated, interface_inputs
from build_tools.state import BuildState, sha256

UI_CATALOG_DATE = datetime(2026, 11, 28, tzinfo=UTC)  # when the interface catalog was begun


def validate_source(project: Project, path: Path) -> Validated:
    """One source against the official schema and our rules."""
    from build_tools.akn.validate import project_problems, validate_file

    data = read_bytes(path)
    naming = project_problems(project, [path])
    return Validated(tuple(naming), tuple(validate_file(path, data)), sha256(data))


def validate_job(project: Project, path: Path, inputs: str) -> Job[Validated]:
    """``inputs``: the source's fingerprint (see ``records.source_inputs``)."""
    work = functools.partial(validate_source, project, path)
    return Job(f"validate/{path.stem}", f"validate {path.stem}", inputs, (), work)


def recorded(state: BuildState, path: Path, inputs: str) -> bool:
    """Whether validate's verdict on ``path`` is recorded for ``inputs`` (then it is not
    validated again)."""
    return state.same_inputs(f"validate/{path.stem}", inputs)


def extract_document(project: Project, path: Path, validated: str) -> Extracted:
    """The template of one source (``validated``: the SHA-256 of the content validate
    passed, which is not validated again)."""
    source = load_source(path, validated)
    extract_source(project, source)
    return Extracted(source.diagnostics, source)


def extract_job(project: Project, path: Path, inputs: str, validated: str) -> Job[Extracted]:
    work = functools.partial(extract_document, project, path, validated)
    outputs = (project.layout.template(path.stem),)
    return Job(f"extract/{path.stem}", f"extract {path.stem}", inputs, outputs, work)


def extract_interface(project: Project) -> Extracted:
    write_interface_template(project)
    return Extracted(())


def interface_job(project: Project) -> Job[Extracted]:
    """The interface strings' template (made from our code)."""
    work = functools.partial(extract_interface, project)
    outputs = (project.layout.template(UI_NAME),)
    return Job(f"extract/{UI_NAME}", f"extract {UI_NAME}", interface_inputs(project), outputs, work)


def write_interface_template(project: Project) -> list[Path]:
    """The interface strings' template; returns it if it changed."""
    template = project.layout.template(UI_NAME)
    changed = write_catalog(
        ui_template(UI_CATALOG_DATE, project.team, template, project.issuing_body)
    )
    return [template] if changed else []


# The command line's stages (no build state: everything is done)


def run_validate(project: Project, documents: list[Path]) -> list[Diagnostic]:
    from build_tools.akn.validate import project_problems, validate_paths
    from build_tools.akn.versions import duplicate_expressions

    found = project_problems(project, documents) + validate_paths(documents)
    return found + duplicate_expressions(documents, documents)


def run_extract(project: Project, documents: list[Path]) -> Outcome:
    changed, warnings = extract(project, documents)
    changed += write_interface_template(project)
    return Outcome(changed=tuple(changed), diagnostics=tuple(warnings))
