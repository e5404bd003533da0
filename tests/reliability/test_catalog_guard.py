"""Never destroy a translator's work: a PO file is checked as written before anything
rewrites it. A file with an error is left byte for byte as it was, the build stops with
``file:line`` and publishes nothing, and no translation is ever dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import copy_sources, run_cli

NAME = "ipu-132-cyber-warfare-draft"
PO = f"translations/fr/{NAME}.po"
LAST = '"garantir la sécurité."\n'
HEADER = '"Content-Type: text/plain; charset=utf-8\\n"\n'


def build(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    return run_cli(root, ["build", "--quiet"], capsys)


def line_with(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def first_difference(original: str, broken: str) -> int:
    """The 1-based number of the first line the edit changed."""
    pairs = zip(original.splitlines(), broken.splitlines(), strict=False)
    return next(n for n, (a, b) in enumerate(pairs, 1) if a != b)


def duplicate_of_para_12(text: str) -> str:
    start = text.index('msgctxt "para_12"')
    block = text[start : text.index("\n\n", start)]
    return text + "\n" + block.replace("Encourage", "Exhorte") + "\n"


Edit = tuple[Callable[[str], str], bool, str]  # (edit, located on the changed line?, code)
EDITS: dict[str, Edit] = {
    "unterminated-string": (
        lambda t: t.replace(LAST, '"garantir la sécurité.\n'),
        True,
        "msgfmt",
    ),
    "invalid-escape": (lambda t: t.replace(LAST, '"garantir la sécurité\\q."\n'), True, "msgfmt"),
    "missing-header": (
        lambda t: t[t.index('msgctxt "preface__p_1"') - 100 :].split("\n", 1)[1],
        False,
        "po-header",
    ),
    "wrong-language": (
        lambda t: t.replace('"Language: fr\\n"', '"Language: de\\n"'),
        True,
        "po-language",
    ),
    "wrong-charset": (
        lambda t: t.replace(HEADER, HEADER.replace("utf-8", "ISO-8859-1")),
        True,
        "po-header",
    ),
    "plural": (
        lambda t: t.replace(
            'msgctxt "para_12"\nmsgid ""', 'msgctxt "para_12"\nmsgid ""\nmsgid_plural "x"', 1
        ),
        True,
        "po-plural",
    ),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_a_broken_catalog_stops_the_build_and_is_not_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    root = copy_sources(tmp_path)
    edit, on_changed_line, code = EDITS[case]
    path = root / PO
    original = path.read_text("utf-8")
    broken = edit(original)
    path.write_text(broken, "utf-8")
    exit_code, err = build(root, capsys)
    assert exit_code == 1
    assert path.read_text("utf-8") == broken, "the translator's file is left as it was"
    assert not (root / "site").exists()
    located = [
        line for line in err.splitlines() if line.startswith(f"{PO}:") and f"[{code}]" in line
    ]
    assert located, err
    if on_changed_line:
        changed = first_difference(original, broken)  # msgfmt may name the line after it
        near = (f"{PO}:{changed}:", f"{PO}:{changed + 1}:")
        assert any(line.startswith(near) for line in located), err
    assert "Traceback" not in err


def test_a_duplicate_key_names_both_lines_and_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path)
    path = root / PO
    broken = duplicate_of_para_12(path.read_text("utf-8"))
    path.write_text(broken, "utf-8")
    exit_code, err = build(root, capsys)
    assert exit_code == 1
    assert path.read_text("utf-8") == broken
    first = line_with(broken, 'msgctxt "para_12"')
    second = broken.rindex('msgctxt "para_12"')
    second_line = broken[:second].count("\n") + 1
    assert (
        f"{PO}:{second_line}: error: key 'para_12' is also on line {first}; "
        "keep one entry and delete the other [po-duplicate]"
    ) in err.splitlines()


@pytest.mark.parametrize(("data", "what"), [(b"\x00", "NUL byte"), (b"\xe9t\xe9", "not UTF-8")])
def test_bad_bytes_are_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, what: str
) -> None:
    root = copy_sources(tmp_path)
    path = root / PO
    original = path.read_bytes()
    broken = original.replace(b"garantir la s", b"garantir la " + data, 1)
    path.write_bytes(broken)
    exit_code, err = build(root, capsys)
    assert exit_code == 1
    assert path.read_bytes() == broken
    line = broken[: broken.index(data)].count(b"\n") + 1
    assert f"{PO}:{line}: error: {what}" in err
