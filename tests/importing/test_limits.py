"""The import limits' pieces: sizes as people write them, the settings a message proposes,
and the fast filter for characters that are never text (tests/reliability/
test_round3_import.py runs the limits end to end)."""

from __future__ import annotations

import pytest

from build_tools.i18n.characters import is_control, is_noncharacter
from build_tools.import_limits import parse_size, setting, size_text
from build_tools.importing.limits import SUSPECT, _wrong


@pytest.mark.parametrize(
    ("written", "size"),
    [
        ("200 MB", 200 * 10**6),
        ("200MB", 200 * 10**6),
        ("1.5 GB", 15 * 10**8),
        ("64 KiB", 65536),
        ("2 gib", 2 * 2**30),
        (4096, 4096),
        ("0 MB", None),
        (0, None),
        (-1, None),
        ("lots", None),
        ("12 parsecs", None),
        (True, None),
        (1.5, None),
    ],
)
def test_a_size_is_a_number_of_bytes_or_a_number_and_a_unit(
    written: object, size: int | None
) -> None:
    assert parse_size(written) == size


def test_sizes_are_shown_in_powers_of_1000_and_settings_round_up() -> None:
    assert [size_text(n) for n in (350, 4096, 1_610_614_062, 200 * 10**6)] == [
        "350 B",
        "4.1 KB",
        "1.6 GB",
        "200 MB",
    ]
    assert setting("docx_unpacked", 1_610_614_062) == 'import_limits = { docx_unpacked = "2 GB" }'
    assert setting("text_size", 2120) == 'import_limits = { text_size = "3 KB" }'
    assert setting("docx_ratio", 1003.2) == "import_limits = { docx_ratio = 1004 }"


def test_the_fast_filter_finds_every_character_the_one_rule_refuses() -> None:
    """A regular expression finds the candidates; the catalogs' rule (controls other than
    tab, line feed and carriage return, and noncharacters) judges them."""
    refused = [
        code
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000
        and ((is_control(chr(code)) and chr(code) != "\r") or is_noncharacter(chr(code)))
    ]
    assert all(SUSPECT.match(chr(code)) and _wrong(chr(code)) for code in refused)
    assert len(refused) == 65 - 3 + 32 + 34  # Cc but tab, LF and CR; noncharacters
    assert [c for c in "\t\n\r" if _wrong(c)] == []
