"""The Pandoc tree's readers that work on its JSON text: a text can never fool them."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
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


def _word(node: Any) -> str | None:
    """The text a Str or Space stands for; None for any other node."""
    if isinstance(node, dict) and node.get("t") == "Str":
        return str(node["c"])
    return " " if isinstance(node, dict) and node.get("t") == "Space" else None


def _joined_run(run: list[Any]) -> list[Any]:
    strs = [i for i, node in enumerate(run) if node["t"] == "Str"]
    if len(strs) < 2:
        return run
    inner = run[strs[0] : strs[-1] + 1]
    spaced = [
        node for i, node in enumerate(inner) if node["t"] == "Str" or inner[i - 1]["t"] == "Str"
    ]
    joined = {"t": "Str", "c": "".join(node.get("c", " ") for node in spaced)}
    return [*run[: strs[0]], joined, *run[strs[-1] + 1 :]]


def _joined_by_walk(node: Any) -> Any:
    """The oracle for :func:`pd.joined_words`, on the tree: in each list, a run of Str
    and Space nodes becomes one Str, except its outer Space nodes."""
    if isinstance(node, dict):
        return {key: _joined_by_walk(value) for key, value in node.items()}
    if not isinstance(node, list):
        return node
    result: list[Any] = []
    run: list[Any] = []
    for item in map(_joined_by_walk, node):
        if isinstance(item, dict) and item.get("t") in {"Str", "Space"}:
            run.append(item)
            continue
        result += [*_joined_run(run), item]
        run = []
    return result + _joined_run(run)


def _document(paragraphs: list[list[Any]]) -> pd.Node:
    return pd.document([pd.para(nodes) for nodes in paragraphs])


@given(st.lists(_inlines(), max_size=4))
def test_joined_words_makes_each_run_of_words_one_str(paragraphs: list[list[Any]]) -> None:
    tree = _document(paragraphs)
    assert json.loads(pd.joined_words(json.dumps(tree))) == _joined_by_walk(tree)


@settings(max_examples=15, deadline=None)
@given(st.lists(_inlines(), min_size=1, max_size=3))
def test_pandoc_writes_the_same_html_for_joined_words(paragraphs: list[list[Any]]) -> None:
    tree = _document(paragraphs)
    arguments = ["--to=html5", "--wrap=none"]
    joined = pd.run_pandoc(tree, arguments, join_words=True)
    assert joined == pd.run_pandoc(tree, arguments, join_words=False)
    # Wrapped, only where lines break may differ.
    arguments = ["--to=html5", "--wrap=auto"]
    joined = pd.run_pandoc(tree, arguments, join_words=True)
    words = pd.run_pandoc(tree, arguments, join_words=False)
    assert joined.split() == words.split()
