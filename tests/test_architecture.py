"""The shape of the package, checked: layers, no import cycle, and each concern in the
one place that owns it (paths and URLs, Pandoc nodes, the XML parser, parallelism, the
records of finished work)."""

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
    books = re.compile(r"\bstate\.(record|memo|notes|fresh)\(")
    found = [
        name for name, text in _sources_except("jobs", "pipeline", "state") if books.search(text)
    ]
    assert found == []
    pipeline = (PACKAGE / "pipeline.py").read_text("utf-8")
    assert len(pipeline.splitlines()) <= 300
    assert sorted(books.findall(pipeline)) == ["fresh", "notes", "record"], "the build's own entry"


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
