"""Safe XML reading and deterministic writing.

Source files come from people and from other systems, so the parser is hardened:
no network, no DTD loading, no entity expansion. A document that declares a DOCTYPE
or entities is refused outright rather than half-trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from build_tools.diagnostics import Diagnostic, UsageError, display_path

ROOT_START = re.compile(r"<[A-Za-z_]")
DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParsedXml:
    path: Path
    shown: str
    tree: etree._ElementTree


def hardened_parser() -> etree.XMLParser:
    """The one XML parser configuration of the project: no entities resolved, no network,
    no DTD loaded, no unbounded trees. Every XML we read (sources, expressions, the
    schema, EPUB parts) goes through it."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_bytes(data: bytes) -> etree._Element:
    """XML that we or a tool wrote (an imported document, a Word part, an EPUB part),
    read with the hardened parser; raises :class:`lxml.etree.XMLSyntaxError`."""
    return etree.fromstring(data, hardened_parser())


def parse_file(path: Path) -> etree._ElementTree:
    """A file of ours or of a library (an expression, the schema), read with the
    hardened parser; relative references in it (a schema's imports) resolve from
    ``path``."""
    return etree.parse(str(path), hardened_parser())


def read_bytes(path: Path) -> bytes:
    """Read a file or raise :class:`UsageError` naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not an XML file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror}") from None


def parse_xml(path: Path, data: bytes | None = None) -> ParsedXml | list[Diagnostic]:
    """Parse ``path`` safely; return the tree, or the located reasons it was refused."""
    shown = display_path(path)
    raw = read_bytes(path) if data is None else data
    problems = _check_prolog(raw, shown)
    if problems:
        return problems
    try:
        tree = etree.ElementTree(etree.fromstring(raw, hardened_parser(), base_url=str(path)))
    except etree.XMLSyntaxError as error:
        return _syntax_diagnostics(error, shown)
    problems = _check_parsed(tree, shown)
    return problems or ParsedXml(path=path, shown=shown, tree=tree)


def _check_prolog(raw: bytes, shown: str) -> list[Diagnostic]:
    """Refuse before parsing what must never reach the parser: other encodings, DTDs."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [
            Diagnostic(
                shown,
                line,
                "file is not valid UTF-8 (Akoma Ntoso sources must be UTF-8)",
                "xml-encoding",
            )
        ]
    root = ROOT_START.search(text)
    doctype = DOCTYPE.search(text, 0, root.start() if root else len(text))
    if doctype:
        line = text[: doctype.start()].count("\n") + 1
        return [
            Diagnostic(
                shown,
                line,
                "DOCTYPE declarations are not allowed (possible entity attack); remove it",
                "xml-doctype",
            )
        ]
    return []


def _check_parsed(tree: etree._ElementTree, shown: str) -> list[Diagnostic]:
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        return [
            Diagnostic(
                shown,
                1,
                "DOCTYPE declarations are not allowed (possible entity attack); remove it",
                "xml-doctype",
            )
        ]
    for node in tree.iter(etree.Entity):
        return [
            Diagnostic(
                shown,
                node.sourceline or 0,
                f"entity reference {node.text} is not allowed",
                "xml-entity",
            )
        ]
    declared = (info.encoding or "UTF-8").upper()
    if declared not in {"UTF-8", "UTF8"}:
        return [Diagnostic(shown, 1, f"declared encoding {declared} is not UTF-8", "xml-encoding")]
    return []


def _syntax_diagnostics(error: etree.XMLSyntaxError, shown: str) -> list[Diagnostic]:
    line, column = error.position
    message = re.sub(r", line \d+, column \d+$", "", error.msg or "unreadable XML")
    code = "xml-entity" if "entit" in message.lower() else "xml-syntax"
    return [Diagnostic(shown, line or 1, f"malformed XML: {message}", code, column=column)]


def write_xml(tree: etree._ElementTree, path: Path) -> bool:
    """Write ``tree`` as UTF-8 with a declaration; rewrite only if the bytes changed."""
    return write_if_changed(path, document_bytes(tree))


def document_bytes(tree: etree._ElementTree | etree._Element) -> bytes:
    """A document as we write it: UTF-8, with a declaration, ending with a newline."""
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly those bytes."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True
