"""Issue 23, the characters of a PO file: a translator's header is checked as written and
never rewritten (finding 2), control characters and noncharacters are located errors
(finding 7), bidirectional controls in a translation are a warning (finding 11)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, copy_sources, run_cli

NAME = "ipu-132-cyber-warfare-draft"
PO = f"translations/fr/{NAME}.po"
AR = f"translations/ar/{NAME}.po"
LAST = '"garantir la sécurité."'


def header_end(text: str) -> int:
    """Where the header entry of ``text`` ends: after its last line (the first blank
    line follows it in our catalogs)."""
    return text.index("\n\n") + 1


def msgstr_start(text: str) -> int:
    return text.index('msgstr ""\n"Project-Id-Version')


def line_of(text: str, offset: int) -> int:
    return text[:offset].count("\n") + 1


def column_of(text: str, offset: int) -> int:
    return offset - text.rfind("\n", 0, offset)


def without_last_entry(text: str) -> str:
    """The catalog without its last entry, which update then adds back (so it rewrites)."""
    kept = text.rstrip("\n")
    return kept[: kept.rindex("\n\n") + 2]


def insert(text: str, offset: int, what: str) -> str:
    return text[:offset] + what + text[offset:]


# Finding 2: the header is checked as written


HEADER_CHARACTERS = [
    ("\u202d", "LEFT-TO-RIGHT OVERRIDE", 'msgstr ""\n"', 0),  # the start of the header msgstr
    ("\u200b", "ZERO WIDTH SPACE", '"Language: ', 0),
    ("\u2066", "LEFT-TO-RIGHT ISOLATE", '"Plural-Forms: nplurals=3;', 0),
    ("\ufeff", "ZERO WIDTH NO-BREAK SPACE", "", 0),  # a byte order mark
]


@pytest.mark.parametrize(("character", "name", "before", "back"), HEADER_CHARACTERS)
def test_a_format_character_in_the_header_is_a_located_error_and_the_file_is_kept(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    character: str,
    name: str,
    before: str,
    back: int,
) -> None:
    root = copy_sources(tmp_path)
    path = root / PO
    original = path.read_text("utf-8")
    offset = original.index(before) + len(before) - back
    broken = insert(original, offset, character)
    path.write_text(broken, "utf-8")
    for command in (["update"], ["build", "--quiet"]):
        code, err = run_cli(root, command, capsys)
        assert code == 1, err
        assert path.read_text("utf-8") == broken
        where = f"{PO}:{line_of(broken, offset)}:{column_of(broken, offset)}"
        expected = (
            f"{where}: error: invisible format character U+{ord(character):04X} {name} "
            "in the PO header; delete it [po-header]"
        )
        assert expected in err.splitlines(), err
        assert "[stage-crashed]" not in err and "Traceback" not in err
    assert not (root / "site").exists()


PLURAL = (
    '"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % "\n'
    '"1000000 == 0 ? 1 : 2;\\n"\n'
)
HEADER_ERRORS = {
    "no-plural-forms": (
        (PLURAL, ""),
        '"Language: fr',
        'the PO header has no Plural-Forms; add "Plural-Forms: nplurals=3; plural=(n == 0 '
        '|| n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\\n" [po-header]',
        "msgstr",
    ),
    "plural-forms-not-plural-forms": (
        (PLURAL, '"Plural-Forms: two\\n"\n'),
        '"Plural-Forms',
        "Plural-Forms: 'two' must read 'nplurals=N; plural=EXPRESSION;' [po-header]",
        "field",
    ),
    "no-language": (
        ('"Language: fr\\n"\n', ""),
        "",
        "Language: '' in the folder of 'fr'; set it to 'fr' [po-language]",
        "msgstr",
    ),
    "no-content-type": (
        ('"Content-Type: text/plain; charset=utf-8\\n"\n', ""),
        "",
        'the PO header has no Content-Type; add "Content-Type: text/plain; charset=utf-8\\n" '
        "[po-header]",
        "msgstr",
    ),
    "blank-line-in-header": (
        ('"Language: fr\\n"\n', '"\\n"\n"Language: fr\\n"\n'),
        '"\\n"',
        "an empty line in the PO header ends it: the fields after it would be lost; "
        "delete it [po-header]",
        "field",
    ),
    "not-a-field": (
        ('"Language: fr\\n"\n', '"Language: fr\\n"\n"   Language-Team fr\\n"\n'),
        '"   Language-Team',
        "'   Language-Team fr' is not a header field 'Name: value'; correct or delete it "
        "[po-header]",
        "field",
    ),
    "unreadable-date": (
        ("2026-11-29 12:00+0000", "29/11/2026"),
        '"PO-Revision-Date',
        "PO-Revision-Date: '29/11/2026' cannot be read: time data '29/11/2026' does not "
        "match format '%Y-%m-%d %H:%M' [po-header]",
        "field",
    ),
    "field-twice": (
        ('"Language: fr\\n"\n', '"Language: fr\\n"\n"Language: fr\\n"\n'),
        '"Language: fr\\n"\n"Language',
        "field Language is also on line 13; keep one [po-header]",
        "second",
    ),
}


@pytest.mark.parametrize("case", sorted(HEADER_ERRORS))
def test_a_wrong_header_is_a_located_error_and_the_file_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    (old, new), needle, message, where = HEADER_ERRORS[case]
    root = copy_sources(tmp_path)
    path = root / PO
    original = path.read_text("utf-8")
    assert old in original
    broken = original.replace(old, new, 1)
    path.write_text(broken, "utf-8")
    code, err = run_cli(root, ["update"], capsys)
    assert code == 1, err
    assert path.read_text("utf-8") == broken
    if where == "msgstr":
        line = line_of(broken, msgstr_start(broken))
    else:
        offset = broken.index(needle) + (len('"Language: fr\\n"\n') if where == "second" else 0)
        line = line_of(broken, offset)
    assert f"{PO}:{line}: error: {message}" in err.splitlines(), err
    assert "[stage-crashed]" not in err and "Traceback" not in err


VALID_HEADERS = {
    # what GNU gettext and Poedit write for French
    "gnu-plural-forms": (PLURAL, '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'),
    "no-approval-line": ('"X-Approval: provisional\\n"\n', ""),
    "fields-in-another-order": (
        '"Language: fr\\n"\n',
        "",
    ),
    "a-tool-field-and-a-comment": (
        '"MIME-Version: 1.0\\n"\n',
        '"X-Generator: Poedit 3.4.2\\n"\n"MIME-Version: 1.0\\n"\n',
    ),
    "a-long-last-translator-on-one-line": (
        'Last-Translator: IPU resolutions translation team <translations@ipu-"\n'
        '"resolutions.invalid>',
        "Last-Translator: Jeanne Dupont-Lefèvre, traductrice principale "
        "<jeanne.dupont-lefevre@example.org>",
    ),
}


@pytest.mark.parametrize("case", sorted(VALID_HEADERS))
def test_a_valid_header_survives_a_build_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    old, new = VALID_HEADERS[case]
    root = copy_sources(tmp_path)
    path = root / PO
    original = path.read_text("utf-8")
    assert old in original
    edited = without_last_entry(original.replace(old, new, 1))
    if case == "fields-in-another-order":  # Language moved to the end of the header
        edited = edited.replace(
            '"X-Approval: provisional\\n"\n', '"X-Approval: provisional\\n"\n"Language: fr\\n"\n'
        )
    if case == "a-tool-field-and-a-comment":
        edited = "#\n# Révisé par J. D.\n" + edited
    path.write_text(edited, "utf-8")
    header = edited[: header_end(edited)]
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 0, err
    written = path.read_text("utf-8")
    assert written.count("msgctxt") == original.count("msgctxt"), "its last entry is back"
    assert written[: header_end(written)] == header


# The property: any header edit is refused (file untouched) or survives update


SPECIAL = (
    "\u202d\u202e\u200b\u200e\u200f\u061c\u2066\u2069\ufeff\u00ad"  # format characters
    "\x01\x1b\x7f\x85\r\ufffe\uffff\U0001fffe"  # controls and noncharacters
    '"\\\n :;=-+nN0129ab'
)
PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,<>@éü’"
CHARACTERS = st.one_of(
    st.sampled_from(SPECIAL), st.sampled_from(PLAIN), st.characters(codec="utf-8")
)
EDIT = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.integers(0, 10**6),
    st.text(CHARACTERS, min_size=1, max_size=3),
)


def apply_edit(text: str, end: int, edit: tuple[str, int, str]) -> tuple[str, int]:
    """One edit of the header msgstr of ``text`` (which ends at ``end``), at a position
    inside it; returns the text and where its header msgstr now ends."""
    kind, where, characters = edit
    start = msgstr_start(ORIGINAL)  # edits never reach before it
    offset = start + where % (end - start)
    if kind == "insert":
        edited = insert(text, offset, characters)
    else:
        size = 1 if kind == "replace" else len(characters)
        kept = min(offset + size, end - 1)  # the entry's last newline stays
        edited = text[:offset] + (characters if kind == "replace" else "") + text[kept:]
    return edited, end + len(edited) - len(text)


ORIGINAL = (ROOT / PO).read_text("utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sources(tmp_path_factory.mktemp("header-property"))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(EDIT, min_size=1, max_size=2), rewrite=st.booleans())
@example(edits=[("insert", 0, "\u202d")], rewrite=True)  # finding 2
@example(edits=[("insert", 0, "\u200e")], rewrite=False)
def test_any_header_edit_is_refused_untouched_or_survives_update(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    edits: list[tuple[str, int, str]],
    rewrite: bool,
) -> None:
    path = project / PO
    edited, end = ORIGINAL, header_end(ORIGINAL)
    for edit in edits:
        edited, end = apply_edit(edited, end, edit)
    if rewrite:
        edited = without_last_entry(edited)
    data = edited.encode("utf-8")
    path.write_bytes(data)
    code, err = run_cli(project, ["update", "--lang", "fr"], capsys)
    after = path.read_bytes()
    path.write_text(ORIGINAL, "utf-8")
    assert "[stage-crashed]" not in err and "Traceback" not in err, err
    event("refused" if code == 1 else "rewritten" if after != data else "left alone")
    if code == 1:
        assert after == data, "a refused catalog is left byte for byte as it was"
        assert any(line.startswith(f"{PO}:") and ": error: " in line for line in err.splitlines())
    else:
        assert code == 0, err
        assert after.startswith(edited[:end].encode("utf-8")), "the header as written"
        if rewrite:
            assert after != data, "update added the last entry back"


# Finding 7: control characters and noncharacters are located errors


CONTROLS = [
    ("\x01", "control character U+0001"),
    ("\x1b", "control character U+001B"),
    ("\x7f", "control character U+007F"),
    ("\x85", "control character U+0085"),
    ("\x9f", "control character U+009F"),
    ("\ufffe", "noncharacter U+FFFE"),
    ("\uffff", "noncharacter U+FFFF"),
    ("\ufdd0", "noncharacter U+FDD0"),
    ("\\r", "control character U+000D (written \\r)"),
]


@pytest.mark.parametrize(("character", "what"), CONTROLS)
def test_a_control_character_in_a_msgstr_stops_the_build_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], character: str, what: str
) -> None:
    root = copy_sources(tmp_path)
    path = root / PO
    original = path.read_text("utf-8")
    offset = original.index(LAST) + len('"garantir la ')
    broken = insert(original, offset, character)
    path.write_text(broken, "utf-8")
    code, err = run_cli(root, ["build", "--quiet"], capsys)
    assert code == 1, err
    assert path.read_text("utf-8") == broken
    assert not (root / "site").exists()
    where = f"{PO}:{line_of(broken, offset)}:{column_of(broken, offset)}"
    assert f"{where}: error: {what} in the catalog; delete it [po-control]" in err.splitlines()
    assert "[stage-crashed]" not in err and "Traceback" not in err


def test_check_reports_what_the_build_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` says what the build would refuse: a control character, a hidden header."""
    root = copy_sources(tmp_path)
    path = root / PO
    original = path.read_text("utf-8")
    broken = insert(original, original.index(LAST) + 1, "\x01")
    broken = insert(broken, msgstr_start(broken) + len('msgstr ""\n"'), "\u202d")
    path.write_text(broken, "utf-8")
    code, err = run_cli(root, ["check"], capsys)
    assert code == 1, err
    assert path.read_text("utf-8") == broken
    codes = [line.rsplit(" ", 1)[-1] for line in err.splitlines() if line.startswith(PO)]
    assert codes == ["[po-header]", "[po-control]"], err


# Finding 11: bidirectional controls in a translation are a warning


BIDI = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]


def context_before(text: str, offset: int) -> str:
    start = text.rindex('msgctxt "', 0, offset) + len('msgctxt "')
    return text[start : text.index('"', start)]


@pytest.mark.parametrize("code_point", BIDI)
def test_a_bidi_control_in_a_msgstr_is_a_warning_naming_it_and_its_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], code_point: int
) -> None:
    root = copy_sources(tmp_path)
    path = root / PO
    original = path.read_text("utf-8")
    offset = original.index(LAST) + len('"garantir la ')
    edited = insert(original, offset, chr(code_point))
    path.write_text(edited, "utf-8")
    code, err = run_cli(root, ["check"], capsys)
    assert code == 0, err
    name = unicodedata.name(chr(code_point))
    where = f"{PO}:{line_of(edited, offset)}:{column_of(edited, offset)}"
    expected = (
        f"{where}: warning: {context_before(edited, offset)}: U+{code_point:04X} {name} "
        "in the translation changes the order in which the text around it is shown; "
        "delete it unless it is meant [po-bidi]"
    )
    assert err.splitlines().count(expected) == 1, err
    assert path.read_text("utf-8") == edited


def test_the_bidi_warning_is_said_by_the_build_and_the_site_is_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_sources(tmp_path)
    path = root / PO
    original = path.read_text("utf-8")
    path.write_text(insert(original, original.index(LAST) + 1, "\u202e"), "utf-8")
    code, err = run_cli(root, ["build"], capsys)  # not --quiet, which says errors only
    assert code == 0, err
    assert [line for line in err.splitlines() if "[po-bidi]" in line], err
    assert (root / "site" / "manifest.json").exists()


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def test_directional_marks_are_ordinary_arabic_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mark: str
) -> None:
    """LRM, RLM and ALM set the direction of the characters next to them and nothing
    more: Arabic text needs them around Latin symbols and numbers."""
    root = copy_sources(tmp_path)
    path = root / AR
    text = path.read_text("utf-8")
    offset = text.index('msgstr "<x1>C-I/132/DR') + len('msgstr "')
    path.write_text(insert(text, offset, mark), "utf-8")
    code, err = run_cli(root, ["check", "--lang", "ar"], capsys)
    assert code == 0, err
    assert "po-bidi" not in err and "po-header" not in err


def test_the_real_catalogs_are_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sources(tmp_path)
    code, err = run_cli(root, ["check"], capsys)
    assert code == 0, err
    assert not [line for line in err.splitlines() if ": warning: " in line or ": error: " in line]
