"""Identification lines: what a document as issued says of itself before its opening
formula ("Resolution adopted by the <body> on 18 December 2019", "[on the report of
the Third Committee (A/74/394)]", "74/132. Report of …", its symbol, its date), read
with the patterns of ``data/identification.yaml``.

Each value a line gives is checked against the metadata: a key the metadata leaves out
is taken from the line (and the import says so), a key it gives must agree, or the
import stops at the line with both values. The lines themselves are not text: the
masthead is rebuilt from the metadata, as for every line before the formula.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from typing import Any

from babel.dates import get_month_names

from build_tools import bodies
from build_tools.diagnostics import Diagnostic, StageFailed
from build_tools.importing import markup
from build_tools.importing.readers import Para, Run
from build_tools.importing.structure import FORMULA, normalized, opens_with, split_label

MONTHS = {str(name).casefold(): number for number, name in get_month_names(locale="en").items()}
OUTCOMES = {
    "by consensus": "consensus",
    "without a vote": "without a vote",
    "unanimously": "unanimously",
}
VOTES = re.compile(
    r"by (?P<for>\d+) votes? to (?P<against>\d+)(?:,? with (?P<abstentions>\d+) abstentions?)?",
    re.IGNORECASE,
)
CHECKED = ("date", "title", "symbol", "committee", "outcome", "number", "stage", "body")


@dataclass(frozen=True, slots=True)
class Pattern:
    line: str  # what the line is: "adoption line", "symbol line"
    pattern: re.Pattern[str]
    gives: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Found:
    lines: tuple[str, ...] = ()  # the identification lines (their text), in order
    taken: tuple[str, ...] = ()  # what the metadata left out and the lines gave
    # the footnotes with a mark of their own ("consensus*") on the adoption line: they
    # go with the outcome into the stage line the masthead is rebuilt with
    outcome_notes: tuple[Run, ...] = ()
    outcome_lines: frozenset[int] = frozenset()  # the lines they were on

    def summary(self) -> str:
        return f"; taken from the text: {', '.join(self.taken)}" if self.taken else ""


@functools.cache
def patterns() -> tuple[Pattern, ...]:
    return tuple(
        Pattern(
            entry["line"],
            re.compile(entry["pattern"], re.IGNORECASE),
            tuple((str(k), str(v)) for k, v in (entry.get("gives") or {}).items()),
        )
        for entry in markup.data("identification")
    )


def iso_date(text: str) -> str:
    """``18 December 2019`` as ``2019-12-18``; "" when it is no date."""
    day, month, year = text.split()
    try:
        return datetime.date(int(year), MONTHS[month.casefold()], int(day)).isoformat()
    except (KeyError, ValueError):
        return ""


def match(text: str) -> tuple[Pattern, dict[str, str]] | None:
    """The first pattern the whole line matches, and the keys its groups give."""
    line = " ".join(text.split())
    for pattern in patterns():
        found = pattern.pattern.fullmatch(line)
        if found:
            given = {k: v for k, v in found.groupdict().items() if v and k in CHECKED}
            return pattern, {**given, **dict(pattern.gives)}
    return None


def before_text(paras: list[Para], preambular: list[str]) -> list[Para]:
    """The paragraphs before the opening formula or the first preambular paragraph."""
    for index, para in enumerate(paras):
        text = " ".join(para.text.split())
        if split_label(para)[0] or FORMULA.match(text) or opens_with(text, preambular):
            return paras[:index]
    return paras


def read(
    paras: list[Para], values: dict[str, Any], shown: str, preambular: list[str]
) -> tuple[dict[str, Any], Found]:
    """``values`` with what the identification lines give and it lacks; raises
    StageFailed naming each line that disagrees with the metadata."""
    values = dict(values)
    taken: dict[str, tuple[int, str]] = {}  # key → (line, value) taken from the text
    lines: list[str] = []
    problems: list[Diagnostic] = []
    notes: list[Run] = []
    noted: set[int] = set()
    for para in before_text(paras, preambular):
        found = match(para.text)
        if found is None:
            continue
        pattern, given = found
        lines.append(para.text)
        own = [run for run in para.runs if run.note is not None and run.marker]
        if pattern.line == "adoption line" and own:
            notes += own
            noted.add(para.line)
        for key, value in given.items():
            problem = _check(key, value, values, taken, pattern.line)
            if problem:
                problems.append(Diagnostic(shown, para.line, problem, "import-identification"))
            elif key in taken and taken[key][0] == 0:
                taken[key] = (para.line, taken[key][1])
    if problems:
        raise StageFailed(problems)
    said = [f"{key} {value!r} (line {line})" for key, (line, value) in taken.items()]
    return values, Found(tuple(lines), tuple(said), tuple(notes), frozenset(noted))


def _check(
    key: str, value: str, values: dict[str, Any], taken: dict[str, tuple[int, str]], line: str
) -> str:
    """What is wrong with the line's ``value`` for ``key``, or "" (then a value the
    metadata lacks is put into ``values``, and noted in ``taken`` with line 0)."""
    if key == "date":
        value = iso_date(value) or value
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return f"the {line} says date {value!r}, which is no date: correct it"
    value = OUTCOMES.get(value.casefold(), value) if key == "outcome" else value
    if key == "outcome" and VOTES.fullmatch(value):
        return _check_votes(value, values, taken, line)
    if key == "body":
        named = _body_named(value, values.get("assembly", values.get("session")))
        if named is None:
            return (
                f"the {line} names {value!r}, which is no body of the registry "
                f"({bodies.REGISTRY}; known: {bodies.known()}): correct the line, or add "
                "the body to the registry"
            )
        value = named.id
    if key == "number":
        symbol = str(values.get("symbol") or "")
        if symbol and not "".join(symbol.split()).endswith("/" + "".join(value.split())):
            return (
                f"the {line} says number {value!r}, but the metadata's symbol {symbol!r} "
                "does not end with it: correct one of them (key 'symbol')"
            )
        return ""
    given = values.get(key)
    if given is None or given == "":
        values[key] = value
        taken[key] = (0, value)
        return ""
    if _same(key, value, given):
        return ""
    whence = f" (taken from line {taken[key][0]})" if key in taken else ""
    issued = ", or remove the line if it is the date of issue" if line == "date line" else ""
    return (
        f"the {line} says {key} {value!r}, the metadata {str(given)!r}{whence}: "
        f"correct one of them (key {key!r}){issued}"
    )


def _check_votes(
    text: str, values: dict[str, Any], taken: dict[str, tuple[int, str]], line: str
) -> str:
    """A vote as the line gives it ("1122 votes to 19, with 66 abstentions") against the
    metadata's ``outcome: {vote: {for, against, abstentions}}``, or taken into it."""
    found = VOTES.fullmatch(text)
    assert found is not None
    votes = {
        "for": int(found["for"]),
        "against": int(found["against"]),
        "abstentions": int(found["abstentions"] or 0),
    }
    given = values.get("outcome")
    if given is None or given == "":
        values["outcome"] = {"vote": votes}
        taken["outcome"] = (0, text)
        return ""
    if isinstance(given, dict) and given.get("vote") == votes:
        return ""
    return (
        f"the {line} says outcome {text!r}, the metadata {given!r}: correct one of them "
        f"(key 'outcome': {{vote: {{for: {votes['for']}, against: {votes['against']}, "
        f"abstentions: {votes['abstentions']}}}}})"
    )


def _body_named(text: str, session: object) -> bodies.Body | None:
    """The body of the registry ``text`` names: by its English name, or by the session
    the metadata gives (its ``session`` or ``adopted_by`` in the registry)."""
    for body in bodies.registry():
        names = [body.name("en")]
        if isinstance(session, int) and not isinstance(session, bool):
            names += [body.session_name(session), *body.adopted_by_lines(session)]
        if normalized(text) in {normalized(n.removeprefix("the ")) for n in names}:
            return body
    return None


def _same(key: str, value: str, given: object) -> bool:
    if key in {"date", "outcome", "stage", "body"}:
        return str(given) == value
    return normalized(str(given)) == normalized(value)
