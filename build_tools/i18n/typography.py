"""Typographic conventions per language: quotation marks and punctuation.

Data, not code: adding a language means adding a row. Languages without a row get the
neutral defaults (English usage).
"""

from __future__ import annotations

from dataclasses import dataclass

NBSP, NNBSP = "\u00a0", "\u202f"


@dataclass(frozen=True, slots=True)
class Typography:
    quotes: tuple[str, str]  # opening and closing quotation marks, spaces included
    comma: str = ","
    semicolon: str = ";"
    full_stop: str = "."
    colon: str = ":"
    forbidden: str = ""  # characters that must not appear (Latin commas in Arabic, …)
    space_before: str = ""  # punctuation that needs a no-break space before it
    # The apostrophe this language's texts use, when it is a rule of theirs ('': none):
    # the language's own, whatever the English writes (the seed's para_3 has a
    # typewriter "countries'" among curly ones, and stays as the seed writes it).
    apostrophe: str = ""


TYPOGRAPHY = {
    "en": Typography(quotes=("“", "”")),
    "fr": Typography(quotes=(f"«{NBSP}", f"{NBSP}»"), space_before=";:!?", apostrophe="’"),
    "es": Typography(quotes=("«", "»")),
    "ru": Typography(quotes=("«", "»")),
    "ar": Typography(quotes=("«", "»"), comma="،", semicolon="؛", forbidden=",;"),
    "zh": Typography(
        quotes=("“", "”"), comma="，", semicolon="；", full_stop="。", colon="：", forbidden=",;"
    ),
}

# Every character that ends a clause, by kind, across the languages we know.
END_KINDS = {
    "comma": ",،，、",
    "semicolon": ";؛；",
    "full stop": ".。۔",
    "colon": ":：",
}


TYPEWRITER_APOSTROPHE = "'"


def typography(language: str) -> Typography:
    return TYPOGRAPHY.get(language.split("_")[0].split("-")[0], TYPOGRAPHY["en"])


def end_kind(text: str) -> str | None:
    stripped = text.rstrip()
    if not stripped:
        return None
    for kind, characters in END_KINDS.items():
        if stripped[-1] in characters:
            return kind
    return None


def expected_end(language: str, kind: str) -> str:
    style = typography(language)
    return {
        "comma": style.comma,
        "semicolon": style.semicolon,
        "full stop": style.full_stop,
        "colon": style.colon,
    }[kind]
