"""Recognizing a resolution's parts in the paragraphs of an editor's file.

In order: masthead lines (they must say what the metadata says, and are then rebuilt
from it), the opening formula ("The …,"), the preambular paragraphs
("(1) Convinced …" or unnumbered), then the operative part: headings of groups,
paragraphs "1." (or unnumbered ones that open with an operative phrase, "Takes note …"),
sub-paragraphs "(a)" and points "(i)"; then the closing lines (meeting, place, date) and
the annexes, each from its heading ("Annex I") on. A paragraph that fits nowhere stops
the import with its line, and so do a text without operative paragraph and a heading
with no paragraph under it.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from build_tools.diagnostics import Diagnostic
from build_tools.importing.readers import Para, Run

LABEL = re.compile(r"^\s*(\((?P<paren>[0-9]{1,3}|[a-z]{1,4})\)|(?P<number>[0-9]{1,3})\.)\s+")
ROMAN = re.compile(r"[ivxl]+")
FORMULA = re.compile(r"^The\s.+,$")
ENDINGS = tuple(",;:.")
UNDER = (
    "a line of the preamble that opens with no preambular phrase, right under the line "
    "before it: if it carries that line on (text copied out of a PDF), join the two "
    "lines; if it is a paragraph of its own, put an empty line before it, or add its "
    "opening phrase to the 'preambular' list of build_tools/importing/data/vocabulary.yaml"
)
MIXED = (
    "numbered and unnumbered operative paragraphs: number them all ('1.', '2.', …), "
    "or none (as a one-paragraph resolution is written)"
)


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
    numbered: bool = True  # False: unnumbered, opening with an operative phrase


@dataclass(slots=True)
class Group:
    heading: Unit | None
    paragraphs: list[Operative] = field(default_factory=list)


@dataclass(slots=True)
class Recital:
    number: int  # 0: unnumbered
    unit: Unit


@dataclass(slots=True)
class Closing:
    kind: str  # "meeting", "date" or "place" (a place and a date)
    unit: Unit


@dataclass(slots=True)
class AnnexBlock:
    unit: Unit  # its typed or Word number kept in the text
    heading: bool


@dataclass(slots=True)
class Annex:
    heading: Unit  # "Annex", "Annex I"
    blocks: list[AnnexBlock] = field(default_factory=list)


@dataclass(slots=True)
class Body:
    formula: Unit | None = None
    recitals: list[Recital] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    closing: list[Closing] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    stage_notes: list[Run] = field(default_factory=list)  # the adoption line's ("consensus*")

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


@dataclass(frozen=True, slots=True)
class Phrases:
    """The vocabulary the recognizer needs (``data/vocabulary.yaml``)."""

    operative: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    annexes: tuple[str, ...] = ()

    @classmethod
    def of(cls, words: dict[str, Any]) -> Phrases:
        keys = ("operative", "modifiers", "meetings", "months", "annexes")
        return cls(*(tuple(words.get(key) or ()) for key in keys))

    def opens_operative(self, text: str) -> bool:
        """Whether ``text`` opens with an operative phrase ("Takes note", "Also requests")."""
        return bool(self.operative) and bool(_phrase_pattern(self).match(" ".join(text.split())))

    def closing_kind(self, text: str) -> str:
        """What closing line ``text`` is as a whole: "meeting" (perhaps with its date, on
        a line of its own in Word), "date", "place" (a place and a date), or "" (none)."""
        line = " ".join(text.split())
        meeting = rf"\d{{1,4}}(?:st|nd|rd|th) (?:{_any(self.meetings)})\.?"
        if self.meetings and re.fullmatch(meeting, line, re.IGNORECASE):
            return "meeting"
        if self.meetings and re.fullmatch(
            rf"{RECORD}{meeting[:-3]}(?: by .+|, .+)?\.?", line, re.I
        ):
            return "meeting"  # the Security Council's record: "Adopted at the 414th meeting by 9 votes …"
        found = find_date(line, self.months)
        if found is None or found[1] < len(line.rstrip(".")):
            return ""
        before = line[: found[0]]
        if not before:
            return "date"
        if self.meetings and re.fullmatch(rf"{meeting},? ", before, re.IGNORECASE):
            return "meeting"
        return "place" if re.fullmatch(r"[^\W\d][^,;:.]{0,60}, ", before) else ""

    def is_annex(self, text: str) -> bool:
        line = " ".join(text.split())
        number = r"(?: (?:[IVXLC]+|[0-9]{1,3}|[A-Z]))?"
        return bool(self.annexes) and bool(
            re.fullmatch(rf"(?i:{_any(self.annexes)}){number}", line)
        )


RECORD = r"adopted (?:unanimously |without (?:a )?vote )?at (?:the |its )"


def _any(phrases: Sequence[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@functools.cache
def _phrase_pattern(phrases: Phrases) -> re.Pattern[str]:
    modifier = f"(?:(?:{_any(phrases.modifiers)}) )?" if phrases.modifiers else ""
    return re.compile(rf"{modifier}(?:{_any(phrases.operative)})(?!\w)", re.IGNORECASE)


def find_date(text: str, months: Sequence[str]) -> tuple[int, int, str] | None:
    """The last date written out in ``text`` ("18 December 2019", "December 18, 2019"):
    its start, its end and its ISO form; None when there is none (or no such day)."""
    if not months:
        return None
    names = "|".join(re.escape(m) for m in months)
    pattern = (
        rf"(?<!\w)(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{names})\s+(?P<y1>\d{{4}})"
        rf"|(?P<m2>{names})\s+(?P<d2>\d{{1,2}}),\s+(?P<y2>\d{{4}}))(?!\w)"
    )
    found = list(re.finditer(pattern, text, re.IGNORECASE))
    if not found:
        return None
    match = found[-1]
    day, month, year = (
        (match["d1"], match["m1"], match["y1"])
        if match["d1"]
        else (match["d2"], match["m2"], match["y2"])
    )
    number = [m.casefold() for m in months].index(month.casefold()) + 1
    try:
        iso = datetime.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return None
    return match.start(), match.end(), iso


def normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def opens_with(text: str, phrases: list[str]) -> bool:
    words = normalized(text)
    return any(words == p.casefold() or words.startswith(p.casefold() + " ") for p in phrases)


class Recognizer:
    def __init__(
        self,
        shown: str,
        masthead: list[str],
        preambular: list[str],
        phrases: Phrases | None = None,
    ) -> None:
        self.shown = shown
        self.masthead = {normalized(line) for line in masthead if line}
        self.preambular = preambular
        self.phrases = phrases or Phrases()
        self.body = Body()

    def fail(self, para: Para, message: str) -> None:
        self.body.problems.append(Diagnostic(self.shown, para.line, message, "import-unplaced"))

    def run(self, paras: list[Para]) -> Body:
        start = self._masthead(paras)
        operative = False
        for para in paras[start:]:
            label, runs = split_label(para)
            unit = Unit(runs, para.line, len(para.text) - len(Para(runs, 0).text))
            if self._after_text(para, label, unit):
                continue
            if not operative and self._is_formula(para, label):
                self.body.formula = unit
            elif not operative and (label.startswith("(") and label[1:-1].isdigit()):
                self.body.recitals.append(Recital(int(label[1:-1]), unit))
            elif not operative and not label and not self._is_heading(para):
                if self.phrases.opens_operative(para.text):
                    operative = True
                    self._unnumbered(para, unit)
                elif para.under and not self._opens_recital(para):
                    self.fail(para, UNDER)
                else:
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
        elif not self.body.problems:
            self._check_parts()
        return self.body

    def _after_text(self, para: Para, label: str, unit: Unit) -> bool:
        """Whether ``para`` belongs to an annex (from its heading on) or to the closing
        lines; a paragraph after the closing lines, outside an annex, fits nowhere."""
        if not label and self.phrases.is_annex(para.text):
            self.body.annexes.append(Annex(unit))
            return True
        if self.body.annexes:
            runs = [Run(f"{para.label} "), *para.runs] if para.label else para.runs
            heading = not label and self._is_heading(para)
            self.body.annexes[-1].blocks.append(AnnexBlock(Unit(runs, para.line), heading))
            return True
        kind = "" if label else self.phrases.closing_kind(para.text)
        if kind:
            self.body.closing.append(Closing(kind, unit))
        elif self.body.closing:
            self.fail(
                para,
                "a paragraph after the closing lines (meeting, place, date): move it above "
                "them, or open an annex before it with a heading 'Annex'",
            )
        return bool(kind or self.body.closing)

    def _check_parts(self) -> None:
        """A text with no operative paragraph, a heading with no paragraph under it and
        an annex with no text are refused at their lines."""
        body = self.body
        for group in body.groups:
            if group.heading is not None and not group.paragraphs:
                message = (
                    "a heading with no operative paragraph under it: number the paragraphs "
                    "that follow it ('1. …'), or remove it (the closing lines, such as "
                    "'50th plenary meeting' or a date, go after the text)"
                )
                body.problems.append(
                    Diagnostic(self.shown, group.heading.line, message, "import-empty-group")
                )
        if not body.paragraphs:
            lines = [r.unit.line for r in body.recitals] + [
                g.heading.line for g in body.groups if g.heading is not None
            ]
            message = (
                "no operative paragraph: the text ends with its preamble; number the "
                "operative paragraphs ('1. Decides …'), or open the only one with an "
                "operative phrase (Takes note, Decides, Requests …: "
                "build_tools/importing/data/vocabulary.yaml)"
            )
            body.problems.append(
                Diagnostic(self.shown, max(lines, default=0), message, "import-no-operative")
            )
        for annex in body.annexes:
            if not annex.blocks:
                message = "an annex heading with no text after it: add the annex, or remove it"
                body.problems.append(
                    Diagnostic(self.shown, annex.heading.line, message, "import-empty-annex")
                )

    def _masthead(self, paras: list[Para]) -> int:
        """Skip the masthead: the lines before the opening formula or the first preambular
        paragraph, each of which must say what the metadata says."""
        for index, para in enumerate(paras):
            label, _ = split_label(para)
            if (
                label
                or self._is_formula(para, label)
                or opens_with(para.text, self.preambular)
                or self.phrases.opens_operative(para.text)
            ):
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
            if self._is_heading(para) and (
                para.heading or not self.phrases.opens_operative(para.text)
            ):
                groups.append(Group(unit))
            elif self.phrases.opens_operative(para.text):
                self._unnumbered(para, unit)
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
            if any(not p.numbered for p in self.body.paragraphs):
                self.fail(para, MIXED)
                return
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

    def _opens_recital(self, para: Para) -> bool:
        """Whether ``para`` opens as a preambular paragraph does: with a phrase of the
        vocabulary, or in italics."""
        first = next((run for run in para.runs if run.text.strip()), None)
        return opens_with(para.text, self.preambular) or bool(first and first.italic)

    def _unnumbered(self, para: Para, unit: Unit) -> None:
        """An operative paragraph without number, as in a one-paragraph resolution."""
        paragraphs = self.body.paragraphs
        if any(p.numbered for p in paragraphs):
            self.fail(para, MIXED)
            return
        if not self.body.groups:
            self.body.groups.append(Group(None))
        self.body.groups[-1].paragraphs.append(Operative(len(paragraphs) + 1, unit, numbered=False))
