"""Stage ``validate``: the official schema, then the project's own rules."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.rules import check_rules
from build_tools.akn.schema import schema_diagnostics
from build_tools.akn.xmlio import ParsedXml, parse_xml
from build_tools.config import Project
from build_tools.diagnostics import Diagnostic, display_path
from build_tools.layout import name_problem


def validate_file(path: Path, data: bytes | None = None) -> list[Diagnostic]:
    """Every problem of one file; raises UsageError only if it cannot be read at all."""
    parsed = parse_xml(path, data)
    if not isinstance(parsed, ParsedXml):
        return parsed
    return validate_tree(parsed.tree, parsed.shown)


def validate_tree(tree: etree._ElementTree, shown: str) -> list[Diagnostic]:
    root = tree.getroot()
    if root.tag != akn.akn("akomaNtoso"):
        namespace = etree.QName(root).namespace or "no namespace"
        message = (
            f"root element is <{etree.QName(root).localname}> in {namespace}; "
            f"expected <akomaNtoso> in {akn.NS}"
        )
        return [Diagnostic(shown, root.sourceline or 1, message, "akn-namespace")]
    diagnostics = schema_diagnostics(tree, shown)
    document = akn.document_element(root)
    if document is not None:
        diagnostics += check_rules(document, shown)
    return diagnostics


def validate_paths(paths: list[Path]) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for path in paths:
        diagnostics += validate_file(path)
    return diagnostics


def project_problems(project: Project, paths: list[Path]) -> list[Diagnostic]:
    """What no single document shows: unsafe names, and documents whose language is not
    the project's source language (the first one in pyproject.toml)."""
    problems = []
    for path in paths:
        shown = display_path(path)
        if (message := name_problem(path.stem)) is not None:
            problems.append(Diagnostic(shown, 0, message, "source-name"))
            continue
        parsed = parse_xml(path)
        document = (
            akn.document_element(parsed.tree.getroot()) if isinstance(parsed, ParsedXml) else None
        )
        language = akn.identification(document)[1].language if document is not None else None
        if language and language != project.source_language.iso:
            message = (
                f"the document is in {language!r} but the source language of the project is "
                f"{project.source_language.iso!r} (the first of languages in pyproject.toml)"
            )
            problems.append(Diagnostic(shown, 0, message, "source-language"))
    return problems
