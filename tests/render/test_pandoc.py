"""The Pandoc tree's readers that work on its JSON text: a text can never fool them."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.render import pandoc as pd
from build_tools.render.pdf import compiler

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
    """The oracle for :func:`pd.text`: a Str per word and a Space per run of spaces; a
    run with no-break spaces is a Str of them, with any other space a plain one."""
    nodes: list[Any] = []
    for part in pd.SPACES.split(value):
        if part.isspace() and set(part) & pd.NO_BREAK_SPACES:
            nodes.append({"t": "Str", "c": re.sub("[^\u00a0\u202f]", " ", part)})
        elif part.isspace():
            nodes.append(pd.space())
        elif part:
            nodes.append({"t": "Str", "c": part})
    return nodes


SPACED = st.lists(
    st.one_of(TEXTS, st.sampled_from([" ", "  ", "\n", "\u00a0", " \u202f ", "- a", "1. b"])),
    max_size=6,
).map("".join)


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
    html = ["--to=html5", "--wrap=none"]
    assert pd.run_pandoc(ours, html) == pd.run_pandoc(oracle, html)
    assert _typeset(ours) == _typeset(oracle)


def _typeset(tree: pd.Node) -> bytes:
    """The page Typst makes of Pandoc's Typst for ``tree``, as SVG."""
    source = pd.run_pandoc(tree, ["--to=typst"])
    page = compiler().compile(input=source, format="svg")
    assert isinstance(page, bytes)
    return page
