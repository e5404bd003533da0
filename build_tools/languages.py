"""Every fact about a language that the pipeline needs, in one place: how it is written
(script, direction), the fonts that draw it (PDF, EPUB, the site), how its words are
found (search, redlines, the glossary), its typography, and its tags for Pandoc, Typst
and EPUB.

CLDR (through Babel) says what it knows: a language's likely script and region
(``likely_subtags``: zh → zh_Hans_CN), its direction (``Locale.text_direction``), and,
through the locale each language is configured with (pyproject.toml), its dates and
numbers. Ours is the rest: by script (:data:`SCRIPTS`, ISO 15924 codes), and by language
where a language departs from its script's usual practice (:data:`USAGES`).

Which languages a project has is its configuration (``languages`` in pyproject.toml,
read by :mod:`build_tools.config`); this module says how each behaves. A language of a
script listed here needs only its line there; one of another script, an entry in
:data:`SCRIPTS` (until then, config refuses it and says so).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from babel.dates import format_date

PROFILES = "build_tools/languages.py"  # where a script's entry is added, as errors say
NBSP, NNBSP = "\u00a0", "\u202f"

Emphasis = Literal["italic", "bold", "dots"]  # how emphasis is shown (italic, where a face has one)
Words = Literal["suffixed", "stemmed", "contained"]  # how the glossary finds a term's words


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


@dataclass(frozen=True, slots=True)
class WebFace:
    """A face embedded in EPUBs and the site, subset to the text (render.webfonts)."""

    family: str  # CSS family name, and the packaged family it is taken from
    file: str  # plain output name
    weight: str  # CSS font-weight
    style: str  # normal | italic
    pattern: str = ""  # its file in the family's folder (a glob); "": the family's own file
    instance: tuple[tuple[str, float], ...] = ()  # axis values, for a variable source


@dataclass(frozen=True, slots=True)
class Script:
    """How the languages of one script are set (ours, not CLDR's); Pagefind segments
    and stems each language's search by the page's ``lang``."""

    code: str  # ISO 15924: Latn, Cyrl, Arab, Hans
    fonts: tuple[str, ...]  # the PDF's families, in fallback order (pip packages)
    faces: tuple[WebFace, ...]  # the faces EPUBs and the site embed
    emphasis: Emphasis
    hyphenate: bool
    typography: Typography  # its languages', unless USAGES says otherwise
    words: Words
    leading: str = "0.7em"  # line spacing: scripts with tall marks need more
    generic: str = "serif"  # the CSS generic family after its faces
    site_sizes: tuple[str, str] | tuple[()] = ()  # the site's text size: its pages', and quoted
    spaced: bool = True  # words are separated by spaces (else redlines compare characters)
    tag_script: bool = False  # the EPUB's language tag names the script (zh-Hans)
    tag_region: bool = False  # Typst is told the region (CJK punctuation follows it)


@dataclass(frozen=True, slots=True)
class Usage:
    """Where one language departs from its script's usual practice."""

    typography: Typography | None = None
    words: Words | None = None
    # Ordinals whose letters the language sets in superscript (a regular expression whose
    # groups are the number and the letters): French "1er avril", "132e Assemblée".
    ordinals: str = ""


_REGULAR = (("wght", 400.0), ("wdth", 100.0))
_BOLD = (("wght", 700.0), ("wdth", 100.0))
_SERIF = WebFace("Noto Serif", "NotoSerif-Regular.ttf", "400", "normal", instance=_REGULAR)
_LATIN_FACES = (
    _SERIF,
    WebFace("Noto Serif", "NotoSerif-Bold.ttf", "700", "normal", instance=_BOLD),
    WebFace("Noto Serif", "NotoSerif-Italic.ttf", "400", "italic", "NotoSerif-Italic*", _REGULAR),
)
_LATIN_FONTS = ("Noto Serif", "Noto Sans")

SCRIPTS: dict[str, Script] = {
    "Latn": Script(
        "Latn", _LATIN_FONTS, _LATIN_FACES, "italic", True, Typography(("“", "”")), "suffixed"
    ),
    "Cyrl": Script(
        "Cyrl", _LATIN_FONTS, _LATIN_FACES, "italic", True, Typography(("«", "»")), "stemmed"
    ),
    "Arab": Script(
        "Arab",
        ("Amiri", "Noto Serif", "Noto Sans Arabic"),
        (
            WebFace("Amiri", "Amiri-Regular.ttf", "400", "normal", "Amiri-Regular.ttf"),
            WebFace("Amiri", "Amiri-Bold.ttf", "700", "normal", "Amiri-Bold.ttf"),
            _SERIF,
        ),
        "bold",  # Arabic does not use italics
        False,
        Typography(("«", "»"), comma="،", semicolon="؛", forbidden=",;"),
        "contained",  # the article and prepositions join the word
        leading="1.0em",
        site_sizes=("0.92rem", "1.08em"),
    ),
    "Hans": Script(
        "Hans",
        ("Noto Sans CJK SC", "Noto Serif"),
        (WebFace("Noto Sans CJK SC", "NotoSansCJKsc-Regular.otf", "400", "normal"), _SERIF),
        "dots",  # emphasis dots: no italic or bold CJK face is packaged
        False,
        Typography(
            ("“", "”"), comma="，", semicolon="；", full_stop="。", colon="：", forbidden=",;"
        ),
        "contained",  # no spaces between words
        leading="0.85em",
        generic="sans-serif",
        spaced=False,
        tag_script=True,
        tag_region=True,
    ),
}

USAGES: dict[str, Usage] = {
    "fr": Usage(
        Typography((f"«{NBSP}", f"{NBSP}»"), space_before=";:!?", apostrophe="’"),
        ordinals=r"(?<!\w)(\d+)(ers?|res?|es?)(?!\w)",
    ),
    "es": Usage(Typography(("«", "»"))),
}

# Every character that ends a clause, by kind, across the languages we know.
CLAUSE_ENDS = {
    "comma": ",،，、",
    "semicolon": ";؛；",
    "full stop": ".。۔",
    "colon": ":：",
}


@dataclass(frozen=True, slots=True)
class Profile:
    """How one language behaves, from CLDR and our tables."""

    code: str  # the BCP 47 tag it was asked for
    language: str  # its primary subtag: "zh"
    script: Script
    region: str  # CLDR's likely region: "CN"
    typography: Typography
    words: Words
    ordinals: str  # see Usage.ordinals ("": none)

    @property
    def direction(self) -> Literal["ltr", "rtl"]:
        """CLDR's direction of the language's script, read when first asked (the locale's
        whole data is loaded for it: a fifth of a no-op build's time for six languages)."""
        return _direction(self.code)

    @property
    def pandoc_lang(self) -> str:
        """The tag Pandoc is given (HTML, Typst)."""
        return self.code

    @property
    def epub_lang(self) -> str:
        """The EPUB's ``dc:language``: for a script that is named in tags, the language
        and its script (zh-Hans: Pandoc has no translations for zh alone)."""
        return f"{self.language}-{self.script.code}" if self.script.tag_script else self.code

    @property
    def typst_region(self) -> str:
        return self.region if self.script.tag_region else ""


class UnknownLanguage(ValueError):
    """A language this module cannot describe: CLDR does not know it, or its script has
    no entry in :data:`SCRIPTS`. ``reason`` says which, and what to do."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"language {code!r}: {reason}")
        self.reason = reason


def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise UnknownLanguage(code, "unknown to CLDR (Babel)") from error


def _likely(locale: Locale) -> tuple[str, str]:
    """CLDR's likely script and region of ``locale`` (zh → Hans, CN)."""
    likely = get_global("likely_subtags")
    found = str(likely.get(str(locale)) or likely.get(locale.language, str(locale)))
    _, region, script, *_ = parse_locale(found)
    return script or "", region or ""


@functools.cache
def _direction(code: str) -> Literal["ltr", "rtl"]:
    return "rtl" if _locale(code).text_direction == "rtl" else "ltr"


@functools.cache
def profile(code: str) -> Profile:
    """How the language ``code`` (a BCP 47 tag or a CLDR locale) behaves; UnknownLanguage
    when it cannot be said."""
    locale = _locale(code)
    likely_script, likely_region = _likely(locale)
    script_code = locale.script or likely_script
    script = SCRIPTS.get(script_code)
    if script is None:
        name = Locale.parse("en").scripts.get(script_code, "unknown")
        raise UnknownLanguage(
            code,
            f"its script, {script_code or '?'} ({name}), has no profile: "
            f"add its entry to SCRIPTS in {PROFILES}",
        )
    usage = USAGES.get(locale.language, Usage())
    return Profile(
        code=code,
        language=locale.language,
        script=script,
        region=locale.territory or likely_region,
        typography=usage.typography or script.typography,
        words=usage.words or script.words,
        ordinals=usage.ordinals,
    )


def words_of(code: str) -> Words:
    """How the glossary finds the terms of ``code``; a language it has no profile for
    (a glossary may hold more than the project's), as parts of the text."""
    try:
        return profile(code).words
    except UnknownLanguage:
        return "contained"


def all_scripts() -> tuple[Script, ...]:
    return tuple(SCRIPTS.values())


# Where the UN's and the IPU's texts write a date otherwise than CLDR's long form (the
# masthead's date is the translators', and every other date must read as it does): Russian
# writes "года" in full; Arabic names the month both ways, Levantine/Egyptian.
DATE_PATTERNS = {"ru": "d MMMM y 'года'"}
FIRST_OF_MONTH = {"fr": "d'er' MMMM y"}  # "1er avril 2015"
BOTH_MONTH_NAMES = {"ar": "ar_SY"}  # the locale naming the months the other way


def long_date(iso: str, locale: str) -> str:
    """'15 January 2015' as ``locale`` writes a date in running text (Babel/CLDR, with
    the forms of :data:`DATE_PATTERNS`, :data:`FIRST_OF_MONTH` and
    :data:`BOTH_MONTH_NAMES`): '15 janvier 2015', '15 января 2015 года',
    '15 كانون الثاني/يناير 2015'."""
    day, language = date.fromisoformat(iso), locale.replace("-", "_").split("_")[0]
    if language in BOTH_MONTH_NAMES:
        other = format_date(day, "MMMM", locale=BOTH_MONTH_NAMES[language])
        return f"{format_date(day, 'd', locale=locale)} {other}/{format_date(day, 'MMMM y', locale=locale)}"
    pattern = FIRST_OF_MONTH.get(language) if day.day == 1 else None
    return str(format_date(day, pattern or DATE_PATTERNS.get(language, "long"), locale=locale))
