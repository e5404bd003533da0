"""The bodies whose texts we publish, from the registry ``build_tools/data/bodies.yaml``.

A body is data: its official names in our six languages, the opening formulas of its
texts, how its sessions are named and numbered, and its Akoma Ntoso organization. Every
output that names a text's body asks this module; nothing else in the package names one.
A wrong entry is refused with its line in the registry (``[bodies]``, exit status 2).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from babel import Locale

from build_tools.diagnostics import Diagnostic, UsageError

REGISTRY = "build_tools/data/bodies.yaml"
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
FIELDS = (
    "id", "country", "eId", "href", "names", "formulas", "session", "masthead", "events",
    "event_eId", "adopted_by", "draft_notice",
)  # fmt: skip
OPTIONAL = ("intro", "adopted_by_also")
PLACEHOLDER = re.compile(r"\{(ordinal|ordinal_words|Ordinal_words|number)\}")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
ORDINAL_SUFFIXES = {"one": "st", "two": "nd", "few": "rd"}  # CLDR's English ordinal forms


class RegistryError(UsageError):
    """The registry itself is wrong: located diagnostics, exit status 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in {REGISTRY}")
        self.diagnostics = diagnostics


@dataclass(frozen=True, slots=True)
class Formula:
    """An opening formula as found in a text: its body, and the session it names."""

    body: Body
    number: int  # the session's number, 0 when the formula names none


@dataclass(frozen=True, slots=True)
class Body:
    id: str  # the key of `body:` in metadata and pyproject.toml
    country: str  # the IRI country segment of its texts
    eid: str  # of its TLCOrganization
    href: str  # of its TLCOrganization: "/ontology/organization/…"
    names: tuple[tuple[str, str], ...]  # (language code, official name)
    formulas: tuple[str, ...]  # templates: "The [{ordinal} … of …],"
    session: str  # template: "{ordinal} session"
    masthead: str  # template of the masthead's session line
    events: str  # href of its sessions' TLCEvents, before "/<number>"
    event_eid: str  # template: "session-{number}"
    adopted_by: str  # template: "the … at its {ordinal} session"
    draft_notice: str
    intro: str = ""
    adopted_by_also: tuple[str, ...] = ()  # other ways adoption lines have named it
    line: int = 0  # where the registry defines it

    def name(self, language: str = "en") -> str:
        """Its official name in ``language`` (a code of ours: en, fr, …), else in English."""
        found = dict(self.names)
        return found.get(language.split("-")[0], found["en"])

    def session_name(self, number: int) -> str:
        return fill(self.session, number)

    def masthead_line(self, number: int) -> str:
        return fill(self.masthead, number)

    def adopted_by_line(self, number: int) -> str:
        return fill(self.adopted_by, number)

    def adopted_by_lines(self, number: int) -> list[str]:
        """Every way an adoption line may name it for session ``number``: ours first."""
        return [fill(template, number) for template in (self.adopted_by, *self.adopted_by_also)]

    def event_id(self, number: int) -> str:
        return fill(self.event_eid, number)

    def formula_texts(self) -> list[str]:
        """Its formulas as an editor reads them: "The {ordinal} … of …,"."""
        return [formula.replace("[", "").replace("]", "") for formula in self.formulas]

    def name_patterns(self) -> list[str]:
        """Regular expressions of the words of its formulas that name it."""
        found = []
        for formula in self.formulas:
            inside = re.search(r"\[(.+?)\]", formula)
            if inside:
                found.append(rf"(?<!\w){_pattern(inside[1])}(?!\w)")
        return found

    def match_formula(self, text: str) -> Formula | None:
        """The formula ``text`` is (whitespace as it comes), if it is one of this body's."""
        words = " ".join(text.split())
        for formula in self.formula_texts():
            found = re.fullmatch(_pattern(formula), words)
            if found:
                number = found.groupdict().get("number") or ""
                spelled = found.groupdict().get("words") or ""
                value = int(number) if number else _from_words(spelled)
                return Formula(self, value)
        return None


def ordinal(number: int) -> str:
    """132 → '132nd' (Babel's CLDR ordinal rules for English)."""
    form = Locale.parse("en").ordinal_form(number)
    return f"{number}{ORDINAL_SUFFIXES.get(form, 'th')}"


UNITS = (
    "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)  # fmt: skip
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth",
             "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}  # fmt: skip


def _cardinal_words(number: int) -> str:
    if number < 20:
        return UNITS[number]
    if number < 100:
        tens, unit = divmod(number, 10)
        return TENS[tens] + (f"-{UNITS[unit]}" if unit else "")
    hundreds, rest = divmod(number, 100)
    return f"{UNITS[hundreds]} hundred" + (f" and {_cardinal_words(rest)}" if rest else "")


def ordinal_words(number: int) -> str:
    """74 → 'seventy-fourth', as some bodies number their sessions (1 to 999)."""
    if not 1 <= number <= 999:
        return ordinal(number)
    words = _cardinal_words(number)
    head, separator, last = words.rpartition(" ") if " " in words else ("", "", words)
    stem, dash, unit = last.rpartition("-") if "-" in last else ("", "", last)
    if unit in IRREGULAR:
        unit = IRREGULAR[unit]
    else:
        unit = (unit[:-1] + "ieth") if unit.endswith("y") else unit + "th"
    return f"{head}{separator}{stem}{dash}{unit}"


def _from_words(words: str) -> int:
    spelled = words.casefold()
    return next((n for n in range(1, 1000) if ordinal_words(n) == spelled), 0)


def fill(template: str, number: int) -> str:
    """A template of the registry with the session ``number`` put in."""
    values = {
        "ordinal": ordinal(number),
        "ordinal_words": ordinal_words(number),
        "Ordinal_words": ordinal_words(number).capitalize(),
        "number": str(number),
    }
    return PLACEHOLDER.sub(lambda match: values[match[1]], template)


def _pattern(template: str) -> str:
    """A regular expression of a registry template (the session number captured)."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(_literal(template[position : match.start()]))
        if match[1] == "number":
            parts.append(r"(?P<number>\d+)")
        elif match[1] == "ordinal":
            parts.append(r"(?P<number>\d+)(?:st|nd|rd|th)")
        else:
            parts.append(r"(?P<words>[A-Za-z]+(?:[- ][a-z]+)*)")
        position = match.end()
    parts.append(_literal(template[position:]))
    return "".join(parts)


def _literal(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split(" "))


# Reading the registry


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of each mapping (as ``__line__``)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(key): value for key, value in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _entry(item: object, problems: list[Diagnostic]) -> Body | None:
    line = item.get("__line__", 0) if isinstance(item, dict) else 0

    def problem(message: str) -> None:
        problems.append(Diagnostic(REGISTRY, line, message, "bodies"))

    if not isinstance(item, dict):
        problem("each body is a mapping of keys (id, names, formulas, …)")
        return None
    missing = [key for key in FIELDS if not item.get(key)]
    unknown = sorted(set(item) - {*FIELDS, *OPTIONAL, "__line__"})
    for key in missing:
        problem(f"body {item.get('id', '?')!r}: missing key {key!r}")
    for key in unknown:
        problem(f"body {item.get('id', '?')!r}: unknown key {key!r}")
    if missing or unknown:
        return None
    names, formulas = item["names"], item["formulas"]
    if not SLUG.fullmatch(str(item["id"])):
        problem(f"body id {item['id']!r} must be a slug (a-z, 0-9, hyphens)")
    if not isinstance(names, dict) or sorted(set(names) - {"__line__"}) != sorted(LANGUAGES):
        problem(f"body {item['id']!r}: names are needed in exactly {', '.join(LANGUAGES)}")
        return None
    if not isinstance(formulas, list) or not all(isinstance(f, str) for f in formulas):
        problem(f"body {item['id']!r}: formulas must be a list of texts")
        return None
    also = item.get("adopted_by_also", [])
    if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
        problem(f"body {item['id']!r}: adopted_by_also must be a list of texts")
        return None
    return Body(
        id=str(item["id"]),
        country=str(item["country"]),
        eid=str(item["eId"]),
        href=str(item["href"]),
        names=tuple((code, str(names[code])) for code in LANGUAGES),
        formulas=tuple(formulas),
        session=str(item["session"]),
        masthead=str(item["masthead"]),
        events=str(item["events"]),
        event_eid=str(item["event_eId"]),
        adopted_by=str(item["adopted_by"]),
        draft_notice=str(item["draft_notice"]),
        intro=" ".join(str(item.get("intro", "")).split()),
        adopted_by_also=tuple(also),
        line=line,
    )


def parse_registry(text: str) -> tuple[Body, ...]:
    """Every body of a registry's text; raises RegistryError with each wrong entry."""
    try:
        items = yaml.load(text, Loader=_LineLoader)  # a SafeLoader that keeps lines
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise RegistryError([Diagnostic(REGISTRY, line, f"not YAML: {error}", "bodies")]) from None
    problems: list[Diagnostic] = []
    if not isinstance(items, list) or not items:
        problems.append(Diagnostic(REGISTRY, 1, "a list of bodies is expected", "bodies"))
        items = []
    found = [body for item in items if (body := _entry(item, problems)) is not None]
    seen: dict[str, int] = {}
    for body in found:
        for key in {body.id, body.eid, body.href}:
            if key in seen:
                message = f"{key!r} is already used by the body on line {seen[key]}"
                problems.append(Diagnostic(REGISTRY, body.line, message, "bodies"))
            seen.setdefault(key, body.line)
    if problems:
        raise RegistryError(problems)
    return tuple(found)


@functools.cache
def registry() -> tuple[Body, ...]:
    """The bodies of ``build_tools/data/bodies.yaml``, in its order (the first: the default)."""
    path = resources.files("build_tools") / "data" / "bodies.yaml"
    return parse_registry(path.read_text("utf-8"))


def default() -> Body:
    return registry()[0]


def find(identifier: str) -> Body | None:
    return next((body for body in registry() if body.id == identifier), None)


def get(identifier: str) -> Body:
    """The body of that id; the registry's first when ``identifier`` is ''."""
    found = find(identifier) if identifier else default()
    if found is None:
        raise UsageError(f"unknown body {identifier!r} (known: {known()})")
    return found


def by_href(href: str) -> Body | None:
    return next((body for body in registry() if body.href == href), None)


def by_name(name: str) -> Body | None:
    """The body whose English official name is ``name`` (whitespace aside)."""
    words = " ".join(name.split())
    return next((body for body in registry() if body.name("en") == words), None)


def known() -> str:
    return ", ".join(body.id for body in registry())


def formula_of(text: str) -> Formula | None:
    """Which body's opening formula ``text`` is, if any."""
    for body in registry():
        found = body.match_formula(text)
        if found is not None:
            return found
    return None


def notice_key(body: Body) -> str:
    """The key (msgctxt) of a body's draft notice among the interface strings."""
    return f"draft-notice:{body.id}"
