"""Recognizing a resolution's parts in the paragraphs of an editor's file.

In order: masthead lines (they must say what the metadata says, and are then rebuilt
from it), the opening formula ("The …,"), the preambular paragraphs
("(1) Convinced …" or unnumbered), then the operative part: headings of groups,
paragraphs "1.", sub-paragraphs "(a)" and points "(i)". A paragraph that fits nowhere
stops the import with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_tools.diagnostics import Diagnostic
from build_tools.importing.readers import Para, Run

LABEL = re.compile(r"^\s*(\((?P<paren>[0-9]{1,3}|[a-z]{1,4})\)|(?P<number>[0-9]{1,3})\.)\s+")
ROMAN = re.compile(r"[ivxl]+")
FORMULA = re.compile(r"^The\s.+,$")
ENDINGS = tuple(",;:.")


@dataclass(slots=True)
class Unit:
    runs: list[Run]
    line: int
    start: int = 0  # characters of its paragraph before its text (a typed number, "1. ")


@dataclass(slots=True)
class Point:
    label: str  # "i"
    unit: Unit


@dataclass(slots=True)
class Subparagraph:
    label: str  # "a"
    unit: Unit
    points: list[Point] = field(default_factory=list)


@dataclass(slots=True)
class Operative:
    number: int
    unit: Unit
    subparagraphs: list[Subparagraph] = field(default_factory=list)


@dataclass(slots=True)
class Group:
    heading: Unit | None
    paragraphs: list[Operative] = field(default_factory=list)


@dataclass(slots=True)
class Recital:
    number: int  # 0: unnumbered
    unit: Unit


@dataclass(slots=True)
class Body:
    formula: Unit | None = None
    recitals: list[Recital] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Operative]:
        return [p for g in self.groups for p in g.paragraphs]

    @property
    def subparagraph_count(self) -> int:
        return sum(
            len(p.subparagraphs) + sum(len(s.points) for s in p.subparagraphs)
            for p in self.paragraphs
        )


def split_label(para: Para) -> tuple[str, list[Run]]:
    """The paragraph's number ("1.", "(a)") and its runs without it."""
    if para.label:
        return para.label, para.runs
    match = LABEL.match(para.text)
    if not match:
        return "", para.runs
    return match.group(1), _drop_prefix(para.runs, match.end())


def _drop_prefix(runs: list[Run], count: int) -> list[Run]:
    result, left = [], count
    for run in runs:
        if left and run.note is None:
            taken = min(left, len(run.text))
            left -= taken
            if run.text[taken:]:
                result.append(Run(run.text[taken:], run.italic))
            continue
        result.append(run)
    return result


def normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def opens_with(text: str, phrases: list[str]) -> bool:
    words = normalized(text)
    return any(words == p.casefold() or words.startswith(p.casefold() + " ") for p in phrases)


class Recognizer:
    def __init__(self, shown: str, masthead: list[str], preambular: list[str]) -> None:
        self.shown = shown
        self.masthead = {normalized(line) for line in masthead if line}
        self.preambular = preambular
        self.body = Body()

    def fail(self, para: Para, message: str) -> None:
        self.body.problems.append(Diagnostic(self.shown, para.line, message, "import-unplaced"))

    def run(self, paras: list[Para]) -> Body:
        start = self._masthead(paras)
        operative = False
        for para in paras[start:]:
            label, runs = split_label(para)
            unit = Unit(runs, para.line, len(para.text) - len(Para(runs, 0).text))
            if not operative and self._is_formula(para, label):
                self.body.formula = unit
            elif not operative and (label.startswith("(") and label[1:-1].isdigit()):
                self.body.recitals.append(Recital(int(label[1:-1]), unit))
            elif not operative and not label and not self._is_heading(para):
                self.body.recitals.append(Recital(0, unit))
            else:
                operative = True
                self._operative(para, label, unit)
        if not self.body.recitals and not self.body.paragraphs and not self.body.problems:
            self.body.problems.append(
                Diagnostic(
                    self.shown, 0, "no preambular or operative paragraph found", "import-empty"
                )
            )
        return self.body

    def _masthead(self, paras: list[Para]) -> int:
        """Skip the masthead: the lines before the opening formula or the first preambular
        paragraph, each of which must say what the metadata says."""
        for index, para in enumerate(paras):
            label, _ = split_label(para)
            if label or self._is_formula(para, label) or opens_with(para.text, self.preambular):
                return index
            if normalized(para.text) not in self.masthead:
                self.fail(
                    para,
                    "a line before the opening formula that the metadata does not give "
                    "(title, session, place and dates, committee, symbol, date, stage line); "
                    "remove it, or open the preamble with its opening formula ('The …,')",
                )
        return len(paras)

    def _is_formula(self, para: Para, label: str) -> bool:
        text = " ".join(para.text.split())
        return (
            not label
            and self.body.formula is None
            and not self.body.recitals
            and bool(FORMULA.match(text))
        )

    @staticmethod
    def _is_heading(para: Para) -> bool:
        text = " ".join(para.text.split())
        return para.heading or (
            bool(text) and not text.endswith(ENDINGS) and len(text.split()) <= 15
        )

    def _operative(self, para: Para, label: str, unit: Unit) -> None:
        groups = self.body.groups
        if not label:
            if self._is_heading(para):
                groups.append(Group(unit))
            else:
                self.fail(
                    para,
                    "an unnumbered paragraph among the operative paragraphs: number it "
                    "(e.g. '3.'), make it a heading, or move it to the preamble",
                )
            return
        if not groups:
            groups.append(Group(None))
        if label.endswith(".") and label[:-1].isdigit():
            number = int(label[:-1])
            expected = len(self.body.paragraphs) + 1
            if number != expected:
                self.fail(para, f"operative paragraph {number} where {expected} was expected")
            groups[-1].paragraphs.append(Operative(number, unit))
            return
        inner = label[1:-1] if label.startswith("(") else ""
        paragraphs = self.body.paragraphs
        if inner.isdigit() or not inner:
            self.fail(para, f"a preambular paragraph {label} after the operative part began")
            return
        if not paragraphs:
            self.fail(para, f"sub-paragraph {label} before any operative paragraph")
            return
        current = paragraphs[-1]
        subs = current.subparagraphs
        next_letter = chr(ord(subs[-1].label) + 1) if subs and len(subs[-1].label) == 1 else "a"
        if inner == next_letter or (not subs and inner == "a"):
            subs.append(Subparagraph(inner, unit))
        elif subs and ROMAN.fullmatch(inner):
            subs[-1].points.append(Point(inner, unit))
        else:
            self.fail(para, f"sub-paragraph ({inner}) where ({next_letter}) was expected")
