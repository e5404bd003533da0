"""The Pandoc tree's readers that work on its JSON text: a text can never fool them."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from build_tools.render import pandoc as pd

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
