"""A generated corpus: N distinct, fictional documents in a temporary project, for the
scale tests and the benchmarks (``bench/corpus_bench.py``). Never in ``source/`` or
``site/``: the project it writes is a demonstration (``demonstration = true``, so every
page says so), and every source opens with a comment saying it is generated.

Deterministic from a seed. The documents differ in title, length (5 to 120 paragraphs),
body (the Assembly and its four Standing Committees, the Governing Council), session
(Assemblies numbered from 160, with their places and dates, and the Governing Council's
sessions held with them), stage (drafts, and the adopted texts made from them, which
name their draft), corrigenda (later versions made by ``new-version``), footnotes,
annexes and closing lines; their catalogs are in every translation state (approved,
complete, fuzzy, partly translated above and below the threshold, untranslated,
absent), with pseudo-translations that say what they are in their PO header.

Each document is typed as an editor would type it (plain text with metadata, the shapes
of :mod:`tests.resolutions`) and goes through our own ``import``; versions through
``new-version``; catalogs through ``extract`` and ``update``. So they follow exactly the
conventions the README documents.

``python -m tests.corpus DIR --n 100 --seed 1`` writes one.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import random
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from build_tools.akn import model as akn
from build_tools.akn.xmlio import hardened_parser
from build_tools.config import load_project
from build_tools.i18n.catalogs import APPROVAL, APPROVED, messages, read_catalog, write_catalog
from build_tools.i18n.glossary import Glossary, read_glossary
from build_tools.importing.document import import_document, indent_blocks, ordinal, slug
from build_tools.importing.new_version import new_version
from build_tools.pipeline import run_extract, run_update
from tests.resolutions import (
    LETTERS,
    Annex,
    Paragraph,
    Resolution,
    Text,
    editor_text,
    pseudo_translation,
)

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("fr", "es", "ar", "ru", "zh")
MARK = (
    "<!-- GENERATED FICTIONAL TEXT (tests/corpus.py, seed {seed}): not an IPU document. It "
    "exists to measure and test the pipeline at scale and never goes into source/ or site/. -->"
)
PSEUDO = "X-Pseudo-Translation"  # the PO header field that says a catalog is generated
# The Standing Committees of the IPU Assembly: (roman numeral of their symbols, name).
COMMITTEES = (
    ("I", "Standing Committee on Peace and International Security"),
    ("II", "Standing Committee on Sustainable Development"),
    ("III", "Standing Committee on Democracy and Human Rights"),
    ("IV", "Standing Committee on United Nations Affairs"),
)
# Host cities of spring Assemblies (the autumn Assembly meets in Geneva).
HOSTS = (
    ("Lisbon", "Portugal"), ("Nairobi", "Kenya"), ("Montevideo", "Uruguay"),
    ("Hanoi", "Viet Nam"), ("Rabat", "Morocco"), ("Jakarta", "Indonesia"),
    ("Tallinn", "Estonia"), ("Accra", "Ghana"), ("Santiago", "Chile"),
    ("Amman", "Jordan"), ("Dhaka", "Bangladesh"), ("Windhoek", "Namibia"),
    ("Oslo", "Norway"), ("Manila", "Philippines"), ("Tbilisi", "Georgia"),
    ("Lima", "Peru"), ("Muscat", "Oman"), ("Dakar", "Senegal"),
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
SURNAMES = (
    "Okafor", "Lindqvist", "Haddad", "Moreira", "Tanaka", "Novak", "Mensah", "Ibarra",
    "Kowalczyk", "Rahman", "Dubois", "Achieng", "Petrov", "Santos", "Nakamura", "Farah",
    "Jensen", "Quispe", "Oyelaran", "Brennan", "Castillo", "Demir", "Eriksen", "Gashi",
)  # fmt: skip
COUNTRIES = (
    "Argentina", "Austria", "Benin", "Canada", "Egypt", "Fiji", "Finland", "India",
    "Japan", "Kenya", "Mexico", "Mongolia", "Nepal", "Nigeria", "Peru", "Poland",
    "Rwanda", "Senegal", "Sweden", "Thailand", "Tunisia", "Uruguay", "Zambia",
)  # fmt: skip
# Topics per committee: (title words, nouns the text talks about).
TOPICS: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    (
        ("cyber security", ("critical infrastructure", "cyber attacks", "digital networks")),
        ("nuclear disarmament", ("nuclear arsenals", "non-proliferation", "verification")),
        ("peacebuilding", ("mediation", "post-conflict reconstruction", "ceasefires")),
        ("terrorism", ("violent extremism", "terrorist financing", "radicalization")),
        ("small arms", ("illicit trafficking", "arms transfers", "stockpile management")),
        ("autonomous weapons", ("lethal autonomous systems", "human control", "arms control")),
        ("maritime security", ("piracy", "freedom of navigation", "coastal States")),
        ("landmines", ("mine clearance", "victim assistance", "contaminated land")),
    ),
    (
        ("water governance", ("safe drinking water", "river basins", "sanitation")),
        ("climate resilience", ("adaptation", "extreme weather", "loss and damage")),
        ("food security", ("smallholder farmers", "food systems", "malnutrition")),
        ("renewable energy", ("energy access", "clean technology", "energy efficiency")),
        ("biodiversity", ("ecosystems", "protected areas", "wildlife trafficking")),
        ("disaster risk reduction", ("early warning", "preparedness", "recovery")),
        ("public debt", ("debt relief", "fiscal space", "sovereign borrowing")),
        ("oceans", ("marine pollution", "overfishing", "coastal communities")),
    ),
    (
        ("freedom of expression", ("journalists", "media pluralism", "online speech")),
        ("gender equality", ("women in parliament", "equal pay", "gender-based violence")),
        ("the rights of migrants", ("migrant workers", "asylum", "safe migration")),
        ("youth participation", ("young parliamentarians", "civic education", "youth quotas")),
        ("the independence of the judiciary", ("judges", "due process", "the rule of law")),
        ("electoral integrity", ("election observation", "voter registration", "campaign finance")),
        ("the rights of persons with disabilities", ("accessibility", "inclusive education", "assistive technology")),
        ("freedom of assembly", ("peaceful protest", "civil society", "public order")),
    ),
    (
        ("the Sustainable Development Goals", ("national reviews", "the 2030 Agenda", "indicators")),
        ("multilateralism", ("the United Nations system", "global governance", "reform")),
        ("peacekeeping", ("peacekeeping missions", "troop contributions", "mandates")),
        ("global health", ("pandemic preparedness", "universal health coverage", "vaccines")),
        ("humanitarian action", ("humanitarian access", "refugees", "displaced persons")),
        ("international cooperation on taxation", ("tax evasion", "illicit financial flows", "transparency")),
        ("the protection of cultural heritage", ("heritage sites", "looted property", "restitution")),
        ("outer space", ("space debris", "satellites", "the peaceful use of outer space")),
    ),
)  # fmt: skip
GOVERNING = (
    ("the human rights of parliamentarians", ("members of parliament", "detention", "immunity")),
    ("the budget of the Union", ("contributions", "audit", "the working capital fund")),
    ("cooperation with the United Nations", ("observer status", "joint meetings", "the Charter")),
    ("the membership of the Union", ("affiliation", "suspension", "associate members")),
    ("gender parity in delegations", ("delegations", "sanctions", "women parliamentarians")),
    ("the strategy of the Union", ("strategic objectives", "results", "evaluation")),
)  # fmt: skip
FRAMES = (
    "The role of parliaments in {topic}",
    "Parliamentary action on {topic}",
    "Strengthening parliamentary oversight of {topic}",
    "{Topic}: the contribution of parliaments",
    "Partnerships for {topic}",
    "Legislating for {topic}",
    "Parliaments and {topic}: from commitments to results",
    "Ensuring accountability in {topic}",
    "Building consensus on {topic}",
    "The parliamentary dimension of {topic}",
)
QUALIFIERS = (
    "", "", "", " in the digital age", " for future generations", " in times of crisis",
    " at the regional level", " through international cooperation", " beyond 2030",
    " in fragile States", " in small island developing States",
)  # fmt: skip
PREAMBULAR = (
    "recalling", "noting", "recognizing", "concerned", "bearing in mind", "reaffirming",
    "aware", "convinced", "considering", "welcoming", "stressing", "acknowledging",
    "deeply concerned", "mindful", "emphasizing", "taking into account", "underlining",
)  # fmt: skip
OPERATIVE_TO = ("urges", "calls upon", "encourages", "invites", "requests", "recommends")
OPERATIVE_THAT = ("reaffirms", "recognizes", "stresses", "underlines", "emphasizes", "affirms")
OPERATIVE_OBJECT = ("welcomes", "supports", "commends", "endorses", "deplores", "condemns")
ACTORS = (
    "parliaments", "Member Parliaments", "governments", "States", "the IPU Secretary General",
    "parliamentary committees", "national authorities", "all parliamentarians",
)  # fmt: skip
ACTIONS = (
    "adopt legislation on", "allocate adequate resources to", "hold hearings on",
    "review national policies on", "report regularly on", "exchange good practices on",
    "ratify the instruments relating to", "monitor closely", "strengthen cooperation on",
    "consult civil society on", "establish specialized bodies for", "scrutinize budgets for",
)  # fmt: skip
CLAUSES = (
    "{noun} remains a shared responsibility of all States",
    "progress on {noun} has been uneven across regions",
    "parliaments have a central role to play in {noun}",
    "the lack of reliable data on {noun} hampers effective policies",
    "{noun} affects women and girls disproportionately",
    "the cost of inaction on {noun} keeps rising",
    "regional organizations have made valuable contributions to {noun}",
    "national legislation on {noun} is often incomplete or outdated",
    "public trust depends on transparent decisions concerning {noun}",
    "international law provides a framework for {noun}",
)
OBJECTS = (
    "{noun}", "the efforts made in the field of {noun}", "the commitments made on {noun}",
    "the work of national human rights institutions on {noun}",
    "the initiatives of regional parliamentary assemblies on {noun}",
)  # fmt: skip
QUALIFYING = (
    "", "", " without delay", " in a transparent manner", " in close cooperation with civil society",
    " with the support of the IPU", " taking into account the needs of vulnerable groups",
    " at the national and regional levels", " in line with international standards",
)  # fmt: skip
NOTES = (
    "See the report of the Secretary General to the {n}th Assembly",
    "The resolution adopted at the {n}th Assembly is relevant here",
    "Figures from the latest survey of national parliaments ({year})",
    "As defined in the annex to this text",
)
STATES = (  # translation states of a catalog, with their weights
    ("approved", 30), ("complete", 15), ("fuzzy", 10), ("above", 15), ("below", 10),
    ("none", 12), ("absent", 8),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Session:
    """An Assembly and the Governing Council session held with it."""

    number: int  # of the Assembly: 160, 161, …
    council: int  # of the Governing Council's session
    city: str
    country: str
    start: str  # ISO dates
    end: str

    @property
    def dates(self) -> str:
        first, last = _day(self.start), _day(self.end)
        if first[1:] == last[1:]:
            return f"{first[0]}–{last[0]} {last[1]} {last[2]}"
        return f"{first[0]} {first[1]} – {' '.join(last)}"

    @property
    def place(self) -> str:
        return f"{self.city} ({self.country})"


@dataclass(frozen=True, slots=True)
class Planned:
    """One document to write: its metadata, its shape, and the draft it came from."""

    meta: dict[str, object]
    resolution: Resolution
    formula: str
    draft_of: tuple[str, str] = ("", "")  # the draft's work IRI and symbol, for adopted texts
    corrigendum: str = ""  # the date of a later version (corrigendum), if any


@dataclass(slots=True)
class Corpus:
    """What was written: the documents' names, their bodies, stages and lengths, and the
    state of every catalog (document, language)."""

    root: Path
    documents: list[str] = field(default_factory=list)
    bodies: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    lengths: dict[str, int] = field(default_factory=dict)
    versions: list[str] = field(default_factory=list)  # the corrigenda's file names
    states: dict[tuple[str, str], str] = field(default_factory=dict)


def _day(iso: str) -> tuple[str, str, str]:
    year, month, day = iso.split("-")
    return str(int(day)), MONTHS[int(month) - 1], year


def session(index: int, rng: random.Random) -> Session:
    """The ``index``-th Assembly from the 160th, two a year (spring in a host city,
    autumn in Geneva), and the Governing Council's session held with it."""
    year, spring = 2032 + index // 2, index % 2 == 0
    month = rng.choice((3, 4)) if spring else 10
    start = rng.randint(5, 22)
    city, country = rng.choice(HOSTS) if spring else ("Geneva", "Switzerland")
    return Session(
        number=160 + index,
        council=222 + index,
        city=city,
        country=country,
        start=f"{year}-{month:02d}-{start:02d}",
        end=f"{year}-{month:02d}-{start + 4:02d}",
    )


# --- The words of a document --------------------------------------------------------


def _sentence(rng: random.Random, nouns: tuple[str, ...], parts: int) -> str:
    clauses = [c.format(noun=rng.choice(nouns)) for c in rng.sample(CLAUSES, parts)]
    return "that " + ", and that ".join(clauses)


def _recital(rng: random.Random, nouns: tuple[str, ...], note: str) -> Text:
    opening = rng.choice(PREAMBULAR)
    words = f"{opening} {_sentence(rng, nouns, rng.choice((1, 1, 2, 3)))}"
    return Text(words, note=note, instrument=rng.random() < 0.1)


def _operative(rng: random.Random, nouns: tuple[str, ...], note: str) -> Text:
    kind = rng.random()
    noun = rng.choice(nouns)
    if kind < 0.5:
        verb, actor, action = rng.choice(OPERATIVE_TO), rng.choice(ACTORS), rng.choice(ACTIONS)
        words = f"{verb} {actor} to {action} {noun}{rng.choice(QUALIFYING)}"
    elif kind < 0.8:
        words = f"{rng.choice(OPERATIVE_THAT)} {_sentence(rng, nouns, rng.choice((1, 2)))}"
    else:
        words = f"{rng.choice(OPERATIVE_OBJECT)} {rng.choice(OBJECTS).format(noun=noun)}"
    return Text(words, note=note, instrument=rng.random() < 0.05)


def _note(rng: random.Random, session: Session, share: float) -> str:
    if rng.random() >= share:
        return ""
    return rng.choice(NOTES).format(n=session.number - rng.randint(1, 9), year=session.start[:4])


def _shape(
    rng: random.Random, name: str, title: str, length: int, nouns: tuple[str, ...], s: Session
) -> Resolution:
    """A resolution of ``length`` paragraphs (preambular, operative, their sub-paragraphs
    and points), some with footnotes, perhaps in headed groups, with an annex."""
    notes = rng.choice((0.0, 0.05, 0.15))
    recitals = max(1, round(length * rng.uniform(0.3, 0.5)))
    budget = max(1, length - recitals)
    paragraphs: list[Paragraph] = []
    while budget > 0:
        text = _operative(rng, nouns, _note(rng, s, notes))
        budget -= 1
        subs: list[tuple[Text, tuple[Text, ...]]] = []
        if budget > 2 and rng.random() < 0.15:
            for _ in range(min(rng.randint(2, 4), budget)):
                words = f"{rng.choice(ACTIONS)} {rng.choice(nouns)}{rng.choice(QUALIFYING)}"
                subs.append((Text(words), ()))
                budget -= 1
            text = Text(
                f"{rng.choice(OPERATIVE_TO)} {rng.choice(ACTORS)} to", note=text.note
            )  # "Urges parliaments to:" and then (a), (b)
        paragraphs.append(Paragraph(text, tuple(subs)))
    for index in rng.sample(range(len(paragraphs)), len(paragraphs) // 12):  # "paragraph 3"
        target = rng.randint(1, len(paragraphs))
        paragraphs[index] = replace(
            paragraphs[index], text=replace(paragraphs[index].text, cross_reference=target)
        )
    groups: tuple[tuple[str, tuple[Paragraph, ...]], ...] = (("", tuple(paragraphs)),)
    if len(paragraphs) >= 6 and rng.random() < 0.4:
        cut = len(paragraphs) // 2
        groups = (
            ("At the national level", tuple(paragraphs[:cut])),
            ("At the international level", tuple(paragraphs[cut:])),
        )
    annex = None
    if length >= 20 and rng.random() < 0.12:
        blocks = tuple(
            (f"{i}. ", Text(f"the working group on {rng.choice(nouns)} meets twice a year"))
            for i in range(1, rng.randint(2, 5))
        )
        annex = Annex(
            "Annex", f"Terms of reference of the working group on {title.lower()}", blocks
        )
    return Resolution(
        name=name,
        number=0,
        stage="draft",
        title=title,
        numbered_preamble=rng.random() < 0.3,  # as C-I/132/DR numbers them
        recitals=tuple(_recital(rng, nouns, _note(rng, s, notes)) for _ in range(recitals)),
        groups=groups,
        annex=annex,
    )


def _length(rng: random.Random) -> int:
    """Paragraphs of a text: most between 15 and 40, a few very short or very long."""
    return max(5, min(120, round(rng.lognormvariate(3.3, 0.55))))


def _title(rng: random.Random, topic: str, taken: set[str]) -> str:
    for _ in range(1000):
        frame, qualifier = rng.choice(FRAMES), rng.choice(QUALIFIERS)
        title = frame.format(topic=topic, Topic=topic[0].upper() + topic[1:]) + qualifier
        if title not in taken:
            taken.add(title)
            return title
    raise ValueError(f"no title left for {topic!r}")


# --- The plan ---------------------------------------------------------------------


def _amended(rng: random.Random, draft: Resolution, name: str) -> Resolution:
    """The adopted text made from a draft: a recital dropped, a paragraph added."""
    recitals = list(draft.recitals)
    if len(recitals) > 2:
        del recitals[rng.randrange(len(recitals))]
    heading, paragraphs = draft.groups[-1]
    extra = Paragraph(Text("requests the IPU Secretary General to report on the follow-up"))
    groups = (*draft.groups[:-1], (heading, (*paragraphs, extra)))
    return Resolution(
        name=name,
        number=0,
        stage="adopted",
        title=draft.title,
        numbered_preamble=draft.numbered_preamble,
        recitals=tuple(recitals),
        groups=groups,
        annex=draft.annex,
    )


def _authors(rng: random.Random) -> list[dict[str, str]]:
    people = rng.sample(range(len(SURNAMES)), rng.choice((1, 2, 2, 3)))
    return [
        {
            "name": f"{rng.choice(('Mr.', 'Ms.'))} {LETTERS[rng.randrange(26)].upper()}. {SURNAMES[p]}",
            "country": rng.choice(COUNTRIES),
        }
        for p in people
    ]


def _outcome(rng: random.Random) -> object:
    if rng.random() < 0.6:
        return "consensus"
    yes = rng.randint(400, 900)
    return {
        "vote": {"for": yes, "against": rng.randint(0, 200), "abstentions": rng.randint(0, 150)}
    }


def plan(n: int, rng: random.Random) -> list[Planned]:
    """``n`` documents (files in ``source/``: a corrigendum is one more), session by
    session."""
    planned: list[Planned] = []
    taken: set[str] = set()
    files = 0
    for index in itertools.count():
        s = session(index, rng)
        texts = [
            text
            for committee in sorted(rng.sample(range(4), rng.randint(1, 4)))
            for text in _committee_texts(rng, s, committee, taken)
        ]
        if rng.random() < 0.4:
            texts.append(_council_text(rng, s, taken))
        for text in texts:
            if files == n:
                return planned
            if files + 1 == n and text.corrigendum:
                text = replace(text, corrigendum="")
            planned.append(text)
            files += 1 + bool(text.corrigendum)
    return planned


def _committee_texts(
    rng: random.Random, s: Session, committee: int, taken: set[str]
) -> list[Planned]:
    roman, committee_name = COMMITTEES[committee]
    topic, nouns = rng.choice(TOPICS[committee])
    title = _title(rng, topic, taken)
    short = _short(topic)
    symbol = f"C-{roman}/{s.number}/DR"
    month = "07" if s.start[5:7] == "10" else "01"  # drafts go out months before
    submitted = f"{s.start[:4]}-{month}-{rng.randint(10, 28):02d}"
    draft_name = f"ipu-{s.number}-{short}-draft"
    draft = _shape(rng, draft_name, title, _length(rng), nouns, s)
    formula = f"The {ordinal(s.number)} Assembly of the Inter-Parliamentary Union,"
    common = {"assembly": s.number, "place": s.place, "dates": s.dates}
    meta: dict[str, object] = {
        "name": draft_name, "stage": "draft", "date": submitted, "symbol": symbol,
        "title": title, "body": "ipu-assembly", "committee": committee_name,
        "authors": _authors(rng), **common,
    }  # fmt: skip
    later = f"{submitted[:7]}-{int(submitted[8:]) + rng.randint(1, 3):02d}"
    corrigendum = later if rng.random() < 0.15 else ""
    texts = [Planned(meta, draft, formula, corrigendum=corrigendum)]
    if rng.random() < 0.7:
        body = "ipu-committee-peace" if committee == 0 and rng.random() < 0.3 else "ipu-assembly"
        name = f"ipu-{s.number}-{short}"
        adopted = _amended(rng, draft, name)
        work = f"/akn/ipu/statement/resolutionDraft/{submitted}/{slug(symbol)}"
        formula_of = (
            f"The {COMMITTEES[0][1]}," if body == "ipu-committee-peace" else formula
        )  # the committee adopts its own text at the Assembly
        texts.append(
            Planned(
                {
                    "name": name,
                    "stage": "adopted",
                    "date": s.end,
                    "title": title,
                    "body": body,
                    "outcome": _outcome(rng),
                    **common,
                },
                adopted,
                formula_of,
                draft_of=(work, symbol),
            )
        )
    return texts


def _short(topic: str) -> str:
    """The short name of a text in its file name (one text per topic and session)."""
    return slug(topic).removeprefix("the-")


def _council_text(rng: random.Random, s: Session, taken: set[str]) -> Planned:
    topic, nouns = rng.choice(GOVERNING)
    title = _title(rng, topic, taken)
    name = f"ipu-gc-{s.council}-{_short(topic)}"
    resolution = _shape(rng, name, title, max(5, _length(rng) // 2), nouns, s)
    meta: dict[str, object] = {
        "name": name, "stage": "adopted", "date": s.end, "title": title,
        "body": "ipu-governing-council", "assembly": s.council, "place": s.place,
        "dates": s.dates, "outcome": "consensus",
    }  # fmt: skip
    adopted = replace(resolution, stage="adopted")
    return Planned(meta, adopted, "The Governing Council of the Inter-Parliamentary Union,")


# --- Writing the project -------------------------------------------------------------


def _project(root: Path) -> None:
    """An empty project: our settings (as a demonstration), the interface catalogs."""
    root.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    text = text.replace("[tool.build_tools]\n", "[tool.build_tools]\ndemonstration = true\n", 1)
    (root / "pyproject.toml").write_text(text, "utf-8")
    (root / "source").mkdir(exist_ok=True)
    translations = root / "translations"
    translations.mkdir(exist_ok=True)
    for name in ("ui.pot", "glossary.tbx"):
        if (ROOT / "translations" / name).exists():
            shutil.copy(ROOT / "translations" / name, translations / name)
    for language in TARGETS:
        (translations / language).mkdir(exist_ok=True)
        shutil.copy(ROOT / "translations" / language / "ui.po", translations / language)


def _yaml(meta: dict[str, object]) -> str:
    import yaml

    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)


def _imported(root: Path, typed: Path, planned: Planned, seed: int) -> bytes:
    meta = dict(planned.meta)
    text, _ = editor_text(planned.resolution, markdown=False, formula=planned.formula)
    typed.write_text(f"---\n{_yaml(meta)}---\n{text}", "utf-8")
    project = load_project(root)
    xml = import_document(project, typed).xml
    if planned.draft_of[0]:
        xml = _with_draft(xml, *planned.draft_of)
    return _marked(xml, seed, str(meta["date"]))


def _with_draft(xml: bytes, work: str, symbol: str) -> bytes:
    """The adopted text names its draft (README: "Add the adopted text of a draft")."""
    tree = etree.fromstring(xml, hardened_parser())
    references = tree.find(f".//{akn.akn('references')}")
    assert references is not None
    etree.SubElement(
        references,
        akn.akn("TLCReference"),
        eId="draft",
        name="resolutionDraft",
        href=work,
        showAs=f"Draft resolution {symbol}",
    )
    indent_blocks(tree)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def _marked(xml: bytes, seed: int, date: str) -> bytes:
    """The generated comment after the XML declaration; the markup date fixed (import
    and new-version write today's), so that one seed gives one corpus."""
    xml = re.sub(
        rb'(<FRBRdate date=")[0-9-]+(" name="markup"/>)', rb"\g<1>" + date.encode() + rb"\2", xml
    )
    head, _, rest = xml.partition(b"\n")
    return head + b"\n" + MARK.format(seed=seed).encode() + b"\n" + rest


def _corrigendum(root: Path, planned: Planned, seed: int) -> str:
    """A later version of the document: one word corrected in its first recital."""
    name = str(planned.meta["name"])
    made = new_version(
        load_project(root),
        name,
        date=planned.corrigendum,
        reason="in the first preambular paragraph, a word is corrected",
    )
    xml = made.xml.replace(b" that ", b" that, as a matter of urgency, ", 1)
    (root / "source" / f"{made.name}.xml").write_bytes(_marked(xml, seed, planned.corrigendum))
    return made.name


def _state(rng: random.Random) -> str:
    names, weights = zip(*STATES, strict=True)
    return str(rng.choices(names, weights)[0])


@functools.cache
def _glossary() -> Glossary:
    return read_glossary(ROOT / "translations" / "glossary.tbx")


def _with_terms(text: str, language: str) -> str:
    """The glossary's terms in ``language`` in place of the English ones, as a
    translator would write them (outside the placeholders)."""
    for concept in _glossary().found_in(text):
        terms = concept.in_language(language)
        for english in sorted(concept.english, key=len, reverse=True) if terms else ():
            pattern = re.compile(rf"(?<![\w<]){re.escape(english)}(?!\w)", re.IGNORECASE)
            text = pattern.sub(terms[0].replace("\\", "\\\\"), text)
    return text


def set_state(po_path: Path, language: str, state: str) -> None:
    """Translate a catalog's units as ``state`` says, with pseudo-translations."""
    if state == "absent":
        po_path.unlink()
        return
    po = read_catalog(po_path)
    found = messages(po.catalog)
    share = {"below": 0.3, "above": 0.7, "none": 0.0}.get(state, 1.0)
    for index, message in enumerate(found[: round(len(found) * share)]):
        message.string = _with_terms(pseudo_translation(str(message.id), language), language)
        if state == "fuzzy" and index % 4 == 0:
            message.flags.add("fuzzy")
    po.extra_headers[PSEUDO] = "generated by tests/corpus.py, not a translation"
    if state == "approved":
        po.extra_headers[APPROVAL] = APPROVED
        po.extra_headers["X-Approved-By"] = "Generated corpus (fictional)"
        po.extra_headers["X-Approval-Date"] = "2040-01-01"
    write_catalog(po)


def make_corpus(directory: Path, n: int, seed: int = 1) -> Corpus:
    """A complete project in ``directory`` with ``n`` generated documents (files in
    ``source/``, versions included) and their catalogs, as a repository holds them:
    templates and catalogs in line with the sources, as ``extract`` and ``update`` leave
    them, then translated to each catalog's state; ``build/`` left empty."""
    rng = random.Random(seed)
    root = directory.resolve()
    _project(root)
    corpus = Corpus(root)
    with tempfile.TemporaryDirectory(prefix="corpus-typed-") as scratch:
        typed = Path(scratch) / "typed.txt"
        for planned in plan(n, rng):
            name = str(planned.meta["name"])
            (root / "source" / f"{name}.xml").write_bytes(_imported(root, typed, planned, seed))
            corpus.documents.append(name)
            corpus.bodies[str(planned.meta["body"])] += 1
            corpus.stages[str(planned.meta["stage"])] += 1
            corpus.lengths[name] = count(planned.resolution)
            if planned.corrigendum:
                corpus.versions.append(_corrigendum(root, planned, seed))
    project = load_project(root)
    run_extract(project, project.documents())
    run_update(project, project.documents(), list(project.target_languages))
    for po_path in sorted(root.glob("translations/*/*.po")):
        if po_path.stem == "ui":
            continue
        state = _state(rng)
        corpus.states[(po_path.stem, po_path.parent.name)] = state
        set_state(po_path, po_path.parent.name, state)
    shutil.rmtree(root / "build", ignore_errors=True)
    return corpus


def add_document(root: Path, seed: int = 1) -> str:
    """One more draft, of a later Assembly than any in the corpus, as an editor adds a
    text: its source only (the build makes its template and catalogs). Its name."""
    rng = random.Random(f"{seed}-added")
    numbers = [
        int(m[1]) for p in root.glob("source/ipu-*.xml") if (m := re.match(r"ipu-(\d+)-", p.name))
    ]
    added = session(max(numbers, default=159) - 160 + 1, rng)
    planned = replace(_committee_texts(rng, added, 1, set())[0], corrigendum="")
    name = str(planned.meta["name"])
    with tempfile.TemporaryDirectory(prefix="corpus-typed-") as scratch:
        xml = _imported(root, Path(scratch) / "typed.txt", planned, seed)
    (root / "source" / f"{name}.xml").write_bytes(xml)
    return name


def count(resolution: Resolution) -> int:
    """Its paragraphs: preambular, operative and their sub-paragraphs."""
    return len(resolution.recitals) + sum(1 + len(p.subparagraphs) for p in resolution.paragraphs)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus", description=__doc__)
    parser.add_argument("directory", type=Path, help="an empty or new folder, not the project")
    parser.add_argument("--n", type=int, default=100, help="documents (files in source/)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    target = args.directory.resolve()
    if target == ROOT or ROOT.is_relative_to(target) or target.is_relative_to(ROOT / "site"):
        print(f"corpus: refusing to write into {target}", file=sys.stderr)
        return 2
    if target.exists() and any(target.iterdir()):
        print(f"corpus: {target} is not empty", file=sys.stderr)
        return 2
    corpus = make_corpus(target, args.n, args.seed)
    states = Counter(corpus.states.values())
    print(
        f"corpus: {len(corpus.documents) + len(corpus.versions)} documents in {target} "
        f"({dict(corpus.bodies)}; {dict(corpus.stages)}; {len(corpus.versions)} corrigenda; "
        f"catalogs {dict(states)})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
