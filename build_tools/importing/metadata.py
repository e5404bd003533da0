"""What the text of an imported document cannot say: its stage, date, symbol, session,
authors. From a YAML block at the top of a ``.md``/``.txt`` file (between ``---`` lines)
or from ``--meta META.yaml`` (which wins, key by key)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from build_tools import bodies
from build_tools.diagnostics import Diagnostic, StageFailed, display_path
from build_tools.layout import name_problem

Stage = Literal["draft", "adopted"]
KEYS = (
    "name",
    "body",
    "stage",
    "date",
    "symbol",
    "title",
    "assembly",
    "session",
    "place",
    "dates",
    "committee",
    "authors",
    "outcome",
)
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True, slots=True)
class Author:
    name: str  # as the document writes it: "Mr. N. Lazrek"
    country: str  # "Morocco"


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: Literal["consensus", "without a vote", "unanimously", "vote"]
    votes: tuple[int, int, int] = (0, 0, 0)  # for, against, abstentions


@dataclass(frozen=True, slots=True)
class Metadata:
    name: str
    stage: Stage
    date: str  # ISO date of the stage: submission or adoption
    title: str
    assembly: int  # the number of the session: 132 (the key 'session' or 'assembly')
    place: str  # "Hanoi (Viet Nam)"
    dates: str  # of the session: "28 March – 1 April 2015"
    symbol: str = ""
    committee: str = ""
    authors: tuple[Author, ...] = ()
    outcome: Outcome | None = None
    body: str = ""  # the registry id of the body whose text it is ('': the registry's first)

    @property
    def issuing_body(self) -> bodies.Body:
        return bodies.get(self.body)


def front_matter(text: str) -> tuple[dict[str, Any], int]:
    """The YAML block opening ``text`` (``---`` … ``---``) and how many lines it takes."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for index, line in enumerate(lines[1:], 1):
        if line.strip() in {"---", "..."}:
            return _mapping("\n".join(lines[1:index]), "front matter"), index + 1
    raise ValueError("front matter: no closing '---' line")


class _WithoutAliases(yaml.SafeLoader):
    """YAML as metadata are written, without aliases (``*name``): each repeats a value, so
    a few lines of them make a billion (a --meta file of ten lines took 1.2 GB and did not
    end)."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "an alias (*name) is not allowed", mark)
        return super().compose_node(parent, index)


def _mapping(text: str, where: str) -> dict[str, Any]:
    try:
        found = yaml.load(text, _WithoutAliases) or {}  # a SafeLoader, without aliases
    except yaml.YAMLError as error:
        raise ValueError(f"{where}: not YAML: {error}") from None
    except RecursionError:
        raise ValueError(f"{where}: nested too deeply to be read") from None
    if not isinstance(found, dict):
        raise ValueError(f"{where}: a YAML mapping of keys is expected")
    return found


def read_meta_file(path: Path) -> dict[str, Any]:
    try:
        return _mapping(path.read_text("utf-8"), display_path(path))
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{display_path(path)}: cannot be read: {error}") from None


def metadata(values: dict[str, Any], shown: str, body: str = "") -> Metadata:
    """Checked metadata; every wrong or missing key is reported by name. ``body``: the
    project's, for a text whose metadata name none."""
    problems: list[str] = []

    def text(key: str, *, required: bool = True) -> str:
        value = values.get(key)
        if value is None or value == "":
            if required:
                problems.append(f"missing key {key!r}")
            return ""
        if not isinstance(value, str | int):
            problems.append(f"key {key!r} must be text")
            return ""
        return " ".join(str(value).split())

    unknown = sorted(set(values) - set(KEYS))
    problems += [f"unknown key {key!r} (known: {', '.join(KEYS)})" for key in unknown]
    name, stage, date = text("name"), text("stage"), str(values.get("date") or "")
    if name and not SLUG.fullmatch(name):
        problems.append(f"key 'name': {name!r} must be a slug (a-z, 0-9, hyphens)")
    elif name and (problem := name_problem(name)) is not None:
        problems.append(f"key 'name': {problem}")
    if stage and stage not in {"draft", "adopted"}:
        problems.append(f"key 'stage': {stage!r} must be 'draft' or 'adopted'")
    if not date:
        problems.append("missing key 'date'")
    else:
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            problems.append(f"key 'date': {date!r} is not an ISO date (YYYY-MM-DD)")
    issuing = _body(values.get("body", body), problems)
    assembly = values.get("assembly", values.get("session"))
    if "assembly" in values and "session" in values:
        problems.append("keys 'assembly' and 'session' are the same: give one")
    if assembly is None:
        problems.append("missing key 'assembly' (or 'session'): the number of the session")
    elif not isinstance(assembly, int) or isinstance(assembly, bool) or assembly < 1:
        problems.append(f"key 'assembly': {assembly!r} must be a number, e.g. 132")
    found = Metadata(
        name=name,
        stage="adopted" if stage == "adopted" else "draft",
        date=date,
        title=text("title"),
        assembly=assembly if isinstance(assembly, int) else 0,
        place=text("place"),
        dates=text("dates"),
        symbol=text("symbol", required=False),
        committee=text("committee", required=False),
        authors=_authors(values.get("authors"), problems),
        outcome=_outcome(values.get("outcome"), stage, problems),
        body=issuing,
    )
    if problems:
        raise StageFailed([Diagnostic(shown, 0, p, "import-meta") for p in problems])
    return found


def _body(value: object, problems: list[str]) -> str:
    if value in {None, ""}:
        return bodies.default().id
    if not isinstance(value, str) or bodies.find(value) is None:
        problems.append(
            f"key 'body': {value!r} is not in the body registry ({bodies.REGISTRY}); "
            f"known: {bodies.known()}"
        )
        return bodies.default().id
    return value


def _authors(value: object, problems: list[str]) -> tuple[Author, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append("key 'authors' must be a list of {name, country}")
        return ()
    authors = []
    for index, item in enumerate(value, 1):
        if not isinstance(item, dict) or not item.get("name") or not item.get("country"):
            problems.append(f"key 'authors': entry {index} needs a 'name' and a 'country'")
            continue
        authors.append(Author(str(item["name"]).strip(), str(item["country"]).strip()))
    return tuple(authors)


def _outcome(value: object, stage: str, problems: list[str]) -> Outcome | None:
    if stage != "adopted":
        if value is not None:
            problems.append("key 'outcome' belongs to adopted texts (stage: adopted)")
        return None
    if value == "consensus" or value == "without a vote" or value == "unanimously":
        return Outcome(value)
    if isinstance(value, dict) and isinstance(value.get("vote"), dict):
        vote = value["vote"]
        figures = [vote.get(key) for key in ("for", "against", "abstentions")]
        if all(isinstance(f, int) and not isinstance(f, bool) and f >= 0 for f in figures):
            return Outcome(
                "vote", (int(figures[0] or 0), int(figures[1] or 0), int(figures[2] or 0))
            )
    problems.append(
        "key 'outcome' must be 'consensus', 'without a vote', 'unanimously' or "
        "{vote: {for: N, against: N, abstentions: N}} for an adopted text"
    )
    return None
