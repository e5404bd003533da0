"""The Pandoc tree: typed constructors for every node we make, readers for the nodes we
inspect, and running Pandoc on a tree.

Every producer of Pandoc data (documents, site pages, redlines, the PDF's raw Typst
scaffolding) builds it here, so the JSON shape of Pandoc's AST (``{"t": …, "c": …}``,
API 1.23) is written in one place. Text enters only as ``Str`` nodes, so Pandoc's
writers escape it for each format.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal

import pypandoc

from build_tools.diagnostics import Diagnostic, StageFailed
from build_tools.lifetime import child_dies_with_us

Node = dict[str, Any]
Attr = list[Any]  # [identifier, classes, [[key, value], …]]
API_VERSION = [1, 23, 1, 1]
# The spaces that lay text out, and the line breaks Typst reads: a run of them is one
# space. Every other space (no-break, narrow no-break, thin, en, ideographic…) is text.
SPACES = re.compile(r"([ \t\n\r\x0b\x0c\x85\u2028\u2029]+)")
Wrapper = Literal["Emph", "Strong", "Underline", "Superscript", "Subscript", "Strikeout"]
Format = Literal["html", "typst"]


def attr(
    identifier: str = "", classes: Iterable[str] = (), pairs: Iterable[tuple[str, str]] = ()
) -> Attr:
    return [identifier, list(classes), [list(p) for p in pairs]]


# Inlines


def space() -> Node:
    return {"t": "Space"}


def line_break() -> Node:
    return {"t": "LineBreak"}


def text(value: str) -> list[Node]:
    """``value`` as Pandoc inlines: its words in one Str, with a Space node for its outer
    spaces. Inside, a run of spaces that lay the text out (:data:`SPACES`: a line break
    in it would leave the next word at the start of a Typst line, unescaped) is one
    space; a no-break, thin or any other space is text and stays as it is.

    One Str rather than one per word: Pandoc reads a tree in time that grows with its
    nodes, and the HTML and EPUB conversions took 40 to 55 % less time so (measured on
    the French text). Pandoc prints a Space inside a line as one space, so the HTML is
    the same; the Typst writer needs the words apart (:func:`str_per_word`)."""
    words = SPACES.split(value)[::2]  # the words, "" at an end that is a space
    inner = " ".join(word for word in words if word)
    if not inner:
        return [space()] if value else []
    before = [space()] if not words[0] else []
    after = [space()] if not words[-1] else []
    return [*before, {"t": "Str", "c": inner}, *after]


def wrap(kind: Wrapper, inlines: list[Node]) -> Node:
    return {"t": kind, "c": inlines}


def span(attributes: Attr, inlines: list[Node]) -> Node:
    return {"t": "Span", "c": [attributes, inlines]}


def link(attributes: Attr, inlines: list[Node], target: str, title: str = "") -> Node:
    return {"t": "Link", "c": [attributes, inlines, [target, title]]}


def note(blocks: list[Node]) -> Node:
    return {"t": "Note", "c": blocks}


def raw_inline(format_: Format, code: str) -> Node:
    return {"t": "RawInline", "c": [format_, code]}


# Blocks


def para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def plain(inlines: list[Node]) -> Node:
    return {"t": "Plain", "c": inlines}


def div(attributes: Attr, blocks: list[Node]) -> Node:
    return {"t": "Div", "c": [attributes, blocks]}


def header(level: int, attributes: Attr, inlines: list[Node]) -> Node:
    return {"t": "Header", "c": [level, attributes, inlines]}


def raw_block(format_: Format, code: str) -> Node:
    return {"t": "RawBlock", "c": [format_, code]}


def bullet_list(items: list[list[Node]]) -> Node:
    return {"t": "BulletList", "c": items}


def ordered_list(items: list[list[Node]], start: int = 1) -> Node:
    return {"t": "OrderedList", "c": [[start, {"t": "Decimal"}, {"t": "Period"}], items]}


def table(identifier: str, rows: list[list[list[Node]]]) -> Node:
    """A table without head or caption; ``rows`` of cells, each a list of blocks."""
    width = max((len(row) for row in rows), default=1)
    body_rows = [[attr(), [_cell(cell) for cell in row]] for row in rows]
    specs = [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(width)]
    return {
        "t": "Table",
        "c": [
            attr(identifier),
            [None, []],
            specs,
            [attr(), []],
            [[attr(), 0, [], body_rows]],
            [attr(), []],
        ],
    }


def _cell(blocks: list[Node]) -> list[Any]:
    return [attr(), {"t": "AlignDefault"}, 1, 1, blocks]


# Metadata and documents


def meta_inlines(inlines: list[Node]) -> Node:
    return {"t": "MetaInlines", "c": inlines}


def meta_string(value: str) -> Node:
    return {"t": "MetaString", "c": value}


def meta_list(values: list[Node]) -> Node:
    return {"t": "MetaList", "c": values}


def document(blocks: list[Node], meta: dict[str, Node] | None = None) -> Node:
    return {"pandoc-api-version": API_VERSION, "meta": dict(meta or {}), "blocks": blocks}


# Reading nodes


def kind(node: Node) -> str:
    return str(node["t"])


def attributes(node: Node) -> tuple[str, list[str], list[list[str]]]:
    """(identifier, classes, pairs) of a Div, Span, Link or Header."""
    found = node["c"][1] if kind(node) == "Header" else node["c"][0]
    identifier, classes, pairs = found
    return identifier, classes, pairs


def children(node: Node) -> list[Node]:
    """The blocks of a Div, the inlines of a Span, Para, Plain or Header."""
    if kind(node) in {"Div", "Span"}:
        return list(node["c"][1])
    if kind(node) == "Header":
        return list(node["c"][2])
    return list(node["c"])


def header_level(node: Node) -> int | None:
    return int(node["c"][0]) if kind(node) == "Header" else None


def has_class(node: Node, name: str) -> bool:
    return kind(node) in {"Div", "Span", "Link", "Header"} and name in attributes(node)[1]


def link_target(node: Node) -> str:
    return str(node["c"][2][0])


def contains(tree: Any, wanted: str) -> bool:
    """Whether any node of ``tree`` is of the kind ``wanted`` (e.g. "Note"). Text is in
    Str nodes, whose JSON never holds ``"t": "…"`` unescaped, so the search is exact."""
    return f'"t": "{wanted}"' in json.dumps(tree, ensure_ascii=False)


_STR = re.compile(r'\{"t": "Str", "c": ("(?:[^"\\]|\\.)*")\}')


def all_text(tree: Any) -> str:
    """Every character of the tree's text (Str nodes), e.g. to subset or check fonts.
    Read off the tree's JSON (as :func:`contains`): a text cannot fake a Str node there."""
    encoded = json.dumps(tree, ensure_ascii=False)
    return "".join(json.loads(f"[{','.join(_STR.findall(encoded))}]"))


# Running Pandoc


@functools.cache
def pandoc_path() -> str:
    return str(pypandoc.get_pandoc_path())


_SPACED_STR = re.compile(r'\{"t": "Str", "c": "((?:[^"\\]|\\.)* (?:[^"\\]|\\.)*)"\}')


def _words_apart(found: re.Match[str]) -> str:
    """Cut in the JSON text itself: a space there is a space of the text, since no escape
    sequence holds one."""
    nodes = []
    for index, word in enumerate(found.group(1).split(" ")):
        if index:
            nodes.append('{"t": "Space"}')
        if word:
            nodes.append(f'{{"t": "Str", "c": "{word}"}}')
    return ", ".join(nodes)


def str_per_word(encoded: str) -> str:
    """The JSON tree ``encoded`` with each Str that holds spaces cut into a Str per word
    and a Space per space.

    Pandoc's Typst writer escapes what Typst would read as markup at the start of a line
    (``1.``, ``-``, ``=``) only when a whole Str looks like it: a paragraph whose one Str
    is ``1. Text`` would become a numbered list. A Str cannot be faked by text, whose
    quotes are escaped in JSON."""
    return _SPACED_STR.sub(_words_apart, encoded)


@dataclass(frozen=True, slots=True)
class Conversion:
    """One Pandoc conversion: a tree, a writer ("html5", "typst", "epub3") and its
    options, named as Pandoc's Lua API names them (``wrap_text``, ``variables``,
    ``epub_fonts``…); ``template`` is a template file."""

    tree: Node
    writer: str
    options: dict[str, Any] = field(default_factory=dict)
    template: Path | None = None

    def framed(self, environment: dict[str, str] | None = None) -> bytes:
        """The conversion as ``convert.lua`` reads it, to run with ``environment`` set and
        in this process's working directory (Pandoc's may be another by now)."""
        header: dict[str, Any] = {"writer": self.writer, "options": self.options}
        if self.template is not None:
            header["template"] = str(self.template)
        if environment:
            header["environment"] = environment
        with contextlib.suppress(OSError):  # a working directory that is gone has no paths
            header["directory"] = str(Path.cwd())
        head = json.dumps(header).encode("utf-8")
        encoded = json.dumps(self.tree, ensure_ascii=False)
        if self.writer == "typst":
            encoded = str_per_word(encoded)
        body = encoded.encode("utf-8")
        return f"{len(head)} {len(body)}\n".encode() + head + body


def convert(
    conversions: Sequence[Conversion], *, environment: dict[str, str] | None = None
) -> list[bytes]:
    """The outputs of ``conversions``, in order, with the variables of ``environment``
    set, from this process's Pandoc (see :class:`PandocProcess`). A failure names the
    writer and Pandoc's message."""
    return _PANDOC.convert(conversions, environment)


class PandocStopped(ValueError):
    """Pandoc stopped by a bound on reading: its heap (``memory``, bytes) or its time
    (``seconds``) reached ``limit``."""

    def __init__(self, bound: Literal["memory", "seconds"], limit: float) -> None:
        super().__init__(f"pandoc stopped: {bound} limit {limit} reached")
        self.bound = bound
        self.limit = limit


HEAP_EXHAUSTED = 251  # the exit status of a Haskell program out of heap (GHC's RTS)


def read(arguments: Sequence[str], data: bytes | None, *, memory: int, seconds: float) -> bytes:
    """The output of one Pandoc run on ``arguments`` (a reader reading a file, or ``data``
    on stdin), its heap capped at ``memory`` bytes (the runtime's ``-M``) and its time
    at ``seconds``: a file built to exhaust the machine stops it (:class:`PandocStopped`).
    Any other failure is a ValueError with Pandoc's message."""
    mebibytes = max(1, memory // 2**20)  # a suggested heap above the cap would lift it
    heap = ("+RTS", f"-M{mebibytes}m", f"-H{min(mebibytes, 32)}m", "-RTS")
    try:
        run = subprocess.run(
            [pandoc_path(), *heap, *arguments],
            input=data,
            capture_output=True,
            timeout=seconds,
            check=False,
            preexec_fn=child_dies_with_us(),
        )
    except subprocess.TimeoutExpired:  # killed, and waited for
        raise PandocStopped("seconds", seconds) from None
    if run.returncode == HEAP_EXHAUSTED or b"Heap exhausted" in run.stderr:
        raise PandocStopped("memory", memory)
    if run.returncode != 0:
        raise ValueError(
            run.stderr.decode("utf-8", "replace").strip() or "pandoc could not read it"
        )
    return run.stdout


# A suggested heap of 32 MiB instead of the 64 the binary asks for: a long-lived Pandoc then
# holds 140 MiB, not 174, at the same speed (measured over 12 texts, three times each).
_HEAP = ("+RTS", "-H32m", "-RTS")


class PandocProcess:
    """One long-lived Pandoc (its Lua engine running ``templates/convert.lua``) for all the
    conversions of the process that starts it. Starting Pandoc and each writer's first use
    in a process cost about as much as a conversion: a French text's three conversions
    took 92 ms as a process of their own and 46 ms in one that had already converted.

    It is started on first use and ends when our end of its stdin closes, which a process
    that dies (even killed) does for it, once the conversion under way is done; started
    from the main thread, it is also killed at once with that process (see
    :func:`~build_tools.lifetime.child_dies_with_us`). One that ends mid-build is started
    again."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None
        self._lock = threading.Lock()

    def convert(
        self, conversions: Sequence[Conversion], environment: dict[str, str] | None = None
    ) -> list[bytes]:
        with self._lock:
            return [self._converted(conversion, environment) for conversion in conversions]

    def _converted(self, conversion: Conversion, environment: dict[str, str] | None) -> bytes:
        process = self._running()
        assert process.stdin is not None and process.stdout is not None
        request = conversion.framed(environment)
        try:
            process.stdin.write(request)
            process.stdin.flush()
            status, payload = _answer(process.stdout)
        except (OSError, ValueError) as error:
            said = self._error_tail(error)
            self.stop()
            message = f"pandoc ended converting to {conversion.writer}: {said}"
            raise StageFailed([Diagnostic("pandoc", 0, message, "tool-failed")]) from None
        if status != b"ok":
            tail = " | ".join(payload.decode("utf-8", "replace").strip().splitlines()[-5:])
            message = f"pandoc failed converting to {conversion.writer}: {tail}"
            raise StageFailed([Diagnostic("pandoc", 0, message, "tool-failed")])
        return payload

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.stop()
        script = resources.files("build_tools") / "templates" / "convert.lua"
        with resources.as_file(script) as path:
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (kept open with the process)
            self._process = subprocess.Popen(
                [pandoc_path(), *_HEAP, "lua", str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                preexec_fn=child_dies_with_us(),  # between fork and exec: two system calls
            )
        return self._process

    def _error_tail(self, error: Exception) -> str:
        """The last lines Pandoc wrote on stderr (once it has ended), else ``error``."""
        if self._errors is None or self._process is None:
            return str(error)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=5)
        self._errors.seek(0)
        lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        return " | ".join(lines[-5:]) or str(error)

    def stop(self) -> None:
        """End the process (at exit, or after a failure) and wait for it."""
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                if process.stdin is not None:
                    process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        if self._errors is not None:
            self._errors.close()
            self._errors = None


_PANDOC = PandocProcess()
atexit.register(_PANDOC.stop)


def stop() -> None:
    """End this process's Pandoc now (it is started again if a conversion follows): a
    worker whose next jobs convert nothing gives its memory back, some 180 MiB at N=1000."""
    _PANDOC.stop()


def warm_up() -> None:
    """Start this process's Pandoc and use each writer we use once, so that the first
    real conversion does not pay for it (a worker does this before its first job)."""
    tree = document([para(text("-"))], {"title": meta_string("-")})
    convert([Conversion(tree, writer) for writer in ("html5", "typst", "epub3")])


def _answer(stream: IO[bytes]) -> tuple[bytes, bytes]:
    """One answer of ``convert.lua``: its status and its output or error message."""
    line = stream.readline()
    status, _, length = line.rstrip(b"\n").partition(b" ")
    if not line.endswith(b"\n") or status not in (b"ok", b"error") or not length.isdigit():
        raise ValueError(f"unreadable answer from pandoc: {line[:80]!r}")
    payload = stream.read(int(length))
    if len(payload) != int(length):
        raise ValueError(f"pandoc's answer was cut short ({len(payload)} of {int(length)} bytes)")
    return status, payload
