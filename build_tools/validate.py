"""Stage ``validate``: the official schema, then the project's own rules."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from build_tools import akn
from build_tools.diagnostics import Diagnostic
from build_tools.rules import check_rules
from build_tools.schema import schema_diagnostics
from build_tools.xmlio import ParsedXml, parse_xml


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
