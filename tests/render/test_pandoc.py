"""The Pandoc tree's readers that work on its JSON text: a text can never fool them."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.diagnostics import StageFailed
from build_tools.render import pandoc as pd
from build_tools.render.pdf import compiler

WORDS_AND_SPACES = ("word", " ", "\n", "  ", "1.", "—", "“q”")
# Texts that look like the JSON of nodes, quotes and escapes included.
TEXTS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['"t": "Note"', '{"t": "Str", "c": "x"}', '\\"', "}", "\\", "中文", "ع"]),
)


def _inlines() -> st.SearchStrategy[list[Any]]:
    leaf = st.one_of(
        st.builds(lambda text: pd.text(text) or [pd.space()], TEXTS),
        st.just([pd.space()]),
    )
    return st.recursive(
        st.lists(leaf, max_size=3).map(lambda parts: [node for part in parts for node in part]),
        lambda inner: st.one_of(
            inner.map(lambda nodes: [pd.wrap("Emph", nodes)]),
            inner.map(lambda nodes: [pd.span(pd.attr(classes=("x",)), nodes)]),
            inner.map(lambda nodes: [pd.note([pd.para(nodes)])]),
        ),
        max_leaves=8,
    )


def _walked(node: Any) -> str:
    """The oracle: a plain recursive walk over the tree."""
    if isinstance(node, dict):
        own = node["c"] if node.get("t") == "Str" else ""
        return own + "".join(_walked(value) for value in node.values())
    if isinstance(node, list):
        return "".join(_walked(item) for item in node)
    return ""


def _has(node: Any, wanted: str) -> bool:
    if isinstance(node, dict):
        return node.get("t") == wanted or any(_has(value, wanted) for value in node.values())
    return isinstance(node, list) and any(_has(item, wanted) for item in node)


@given(st.lists(_inlines(), max_size=4), st.lists(_inlines(), max_size=2))
def test_all_text_and_contains_agree_with_a_walk_of_the_tree(
    paragraphs: list[list[Any]], meta: list[list[Any]]
) -> None:
    tree = pd.document(
        [pd.para(nodes) for nodes in paragraphs],
        {f"key{i}": pd.meta_inlines(nodes) for i, nodes in enumerate(meta)},
    )
    assert pd.all_text(tree) == _walked(tree)
    assert pd.contains(tree, "Note") == _has(tree, "Note")
    assert pd.contains(tree, "Emph") == _has(tree, "Emph")


def _str_per_word(value: str) -> list[Any]:
    """The oracle for :func:`pd.text`: a Str per word and a Space per run of the spaces
    that lay text out; a no-break, thin or other space is part of a word."""
    nodes: list[Any] = []
    for part in re.split(r"([ \t\n\r\x0b\x0c\x85\u2028\u2029]+)", value):
        if part and not part.strip(" \t\n\r\x0b\x0c\x85\u2028\u2029"):
            nodes.append(pd.space())
        elif part:
            nodes.append({"t": "Str", "c": part})
    return nodes


TYPOGRAPHIC_SPACES = ("\u00a0", "\u202f", "\u2009", "\u2002", "\u2003", "\u200a", "\u3000")
SPACED = st.lists(
    st.one_of(
        TEXTS,
        st.sampled_from([" ", "  ", "\n", "\u2028", " \u202f ", "- a", "1. b"]),
        st.sampled_from(TYPOGRAPHIC_SPACES),
    ),
    max_size=6,
).map("".join)


@given(st.lists(st.one_of(st.sampled_from(WORDS_AND_SPACES), st.sampled_from(TYPOGRAPHIC_SPACES))))
def test_a_no_break_thin_or_other_space_is_text(parts: list[str]) -> None:
    """Only the spaces that lay text out are collapsed; every other one is kept."""
    value = "".join(parts)
    kept = "".join(node["c"] if node["t"] == "Str" else " " for node in pd.text(value))
    assert kept == re.sub(r"[ \n]+", " ", value)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(SPACED, min_size=1, max_size=3), min_size=1, max_size=3))
def test_words_in_one_str_read_as_one_str_per_word(paragraphs: list[list[str]]) -> None:
    """Pandoc writes the same HTML, and Typst typesets the same page (Pandoc's Typst
    writer gets the words apart)."""

    def tree(inlines: Any) -> pd.Node:
        return pd.document(
            [pd.para([node for part in parts for node in inlines(part)]) for parts in paragraphs]
        )

    ours, oracle = tree(pd.text), tree(_str_per_word)
    html = [pd.Conversion(tree, "html5", {"wrap_text": "none"}) for tree in (ours, oracle)]
    assert pd.convert(html)[0] == pd.convert(html)[1]
    assert _typeset(ours) == _typeset(oracle)


def _typeset(tree: pd.Node) -> bytes:
    """The page Typst makes of Pandoc's Typst for ``tree``, as SVG."""
    [source] = pd.convert([pd.Conversion(tree, "typst")])
    page = compiler().compile(input=source, format="svg")
    assert isinstance(page, bytes)
    return page


def test_one_pandoc_process_writes_what_the_pandoc_command_writes(tmp_path: Path) -> None:
    """convert (Pandoc's Lua engine, options by their API names) against the command
    line with the same options, for each writer and option we use; outputs in order."""
    tree = pd.document(
        [pd.header(1, pd.attr("h"), pd.text("A title")), pd.para(pd.text("1. Text " * 30))],
        {"title": pd.meta_inlines(pd.text("A title"))},
    )
    template = tmp_path / "page.typ"
    template.write_text("$title$ / $fonts$\n$body$\n", "utf-8")
    cases = [
        (pd.Conversion(tree, "html5", {"wrap_text": "none"}), ["--to=html5", "--wrap=none"]),
        (pd.Conversion(tree, "html5"), ["--to=html5"]),
        (
            pd.Conversion(tree, "typst", {"variables": {"fonts": '"A", "B"'}}, template=template),
            ["--to=typst", f"--template={template}", '--variable=fonts:"A", "B"'],
        ),
    ]
    outputs = pd.convert([conversion for conversion, _ in cases])
    for (conversion, arguments), output in zip(cases, outputs, strict=True):
        encoded = json.dumps(conversion.tree)
        if conversion.writer == "typst":
            encoded = pd.str_per_word(encoded)
        command = [pd.pandoc_path(), "--from=json", *arguments]
        expected = subprocess.run(command, input=encoded.encode(), capture_output=True, check=True)
        assert output.rstrip(b"\n") == expected.stdout.rstrip(b"\n"), arguments


def test_a_failed_conversion_names_its_writer_and_pandoc_s_message() -> None:
    tree = pd.document([pd.para(pd.text("x"))])
    with pytest.raises(StageFailed) as failed:
        pd.convert([pd.Conversion(tree, "html5"), pd.Conversion(tree, "nosuchwriter")])
    [problem] = failed.value.diagnostics
    assert "converting to nosuchwriter" in problem.message
    assert "Unknown output format nosuchwriter" in problem.message


def test_a_failure_leaves_the_process_converting() -> None:
    """A failed conversion is answered as one; the next conversion, in the same process,
    gets its own output."""
    tree = pd.document([pd.para(pd.text("after"))])
    [before] = pd.convert([pd.Conversion(tree, "html5")])
    with pytest.raises(StageFailed):
        pd.convert([pd.Conversion(tree, "nosuchwriter")])
    process = pd._PANDOC._process
    assert pd.convert([pd.Conversion(tree, "html5")]) == [before]
    assert pd._PANDOC._process is process
    assert b"after" in before


def test_a_pandoc_that_died_is_started_again() -> None:
    """A Pandoc killed between conversions (as the kernel may, for memory) costs nothing
    but a new start; one killed during a conversion fails it with a located error."""
    tree = pd.document([pd.para(pd.text("again"))])
    [first] = pd.convert([pd.Conversion(tree, "html5")])
    process = pd._PANDOC._process
    assert process is not None
    process.kill()
    process.wait()
    assert pd.convert([pd.Conversion(tree, "html5")]) == [first]
    assert pd._PANDOC._process is not process


def test_a_pandoc_that_dies_during_a_conversion_fails_it_with_its_last_words() -> None:
    """A request Pandoc cannot read ends it (convert.lua stops on a bad frame): the
    conversion waiting for an answer fails with what Pandoc said, and the next one gets
    a new Pandoc."""
    tree = pd.document([pd.para(pd.text("x"))])
    [expected] = pd.convert([pd.Conversion(tree, "html5")])
    process = pd._PANDOC._process
    assert process is not None and process.stdin is not None
    process.stdin.write(b"not a frame\n")
    with pytest.raises(StageFailed) as failed:
        pd.convert([pd.Conversion(tree, "html5")])
    [problem] = failed.value.diagnostics
    assert problem.message.startswith("pandoc ended converting to html5: ")
    assert "bad lengths line" in problem.message
    assert pd.convert([pd.Conversion(tree, "html5")]) == [expected]


def test_relative_paths_are_the_caller_s_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pandoc runs on across the caller's changes of directory: a relative template path
    names the template where the caller is now, as the pandoc command would read it."""
    tree = pd.document([pd.para(pd.text("body"))])
    outputs = []
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.html").write_text(f"{folder}: $body$\n", "utf-8")
        monkeypatch.chdir(tmp_path / folder)
        conversion = pd.Conversion(tree, "html5", template=Path("page.html"))
        outputs += pd.convert([conversion])
    assert outputs == [b"one: <p>body</p>\n", b"two: <p>body</p>\n"]


def test_each_conversion_gets_its_own_environment() -> None:
    """The EPUB's dates come from SOURCE_DATE_EPOCH: one process converts texts with
    different epochs, and each EPUB carries its own, as the pandoc command gives it."""
    meta = {"title": pd.meta_inlines(pd.text("T")), "identifier": pd.meta_string("urn:x:t")}
    tree = pd.document([pd.para(pd.text("x"))], meta)
    epochs = ["86400", "1420070400", "86400"]
    outputs = [
        pd.convert([pd.Conversion(tree, "epub3")], environment={"SOURCE_DATE_EPOCH": epoch})[0]
        for epoch in epochs
    ]
    stamps = [_modified(output) for output in outputs]
    assert stamps == ["1970-01-02T00:00:00Z", "2015-01-01T00:00:00Z", "1970-01-02T00:00:00Z"]
    assert outputs[0] == outputs[2]


def _modified(epub: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        package = archive.read("EPUB/content.opf").decode("utf-8")
    found = re.search(r'<meta property="dcterms:modified">([^<]+)</meta>', package)
    assert found is not None
    return found.group(1)


@given(
    st.lists(st.tuples(st.booleans(), st.binary(max_size=30)), min_size=1, max_size=4),
    st.integers(0, 200),
)
def test_pandoc_s_answers_are_read_back_whole_or_not_at_all(
    answers: list[tuple[bool, bytes]], cut: int
) -> None:
    data = b"".join(
        (b"ok " if ok else b"error ") + str(len(payload)).encode() + b"\n" + payload
        for ok, payload in answers
    )
    stream = io.BytesIO(data)
    read = [pd._answer(stream) for _ in answers]
    assert read == [(b"ok" if ok else b"error", payload) for ok, payload in answers]
    if cut < len(data):  # a truncated answer is refused, never taken for a shorter one
        stream = io.BytesIO(data[:cut])
        with pytest.raises(ValueError):
            for _ in answers:
                pd._answer(stream)
