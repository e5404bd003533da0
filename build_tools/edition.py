"""Editions: which publication a site is.

The manifest of every published site carries its edition: a number, one more with
every publish that changes the site, and the time of that publish (UTC; the moment
``SOURCE_DATE_EPOCH`` gives, when it is set). The signature covers it, so a reader who
knows a site's latest edition can refuse an older signed one put back in its place:
``verify --key KEY.pub --not-before 7``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from build_tools.diagnostics import UsageError


@dataclass(frozen=True, slots=True)
class Edition:
    """The ``number`` of a publication (1, 2, 3 … over the life of the site, one more
    with every publish that changes it) and when it was ``published`` (UTC, ISO 8601)."""

    number: int
    published: str

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "published": self.published}

    def __str__(self) -> str:
        return f"edition {self.number}, published {self.published}"


EDITION = "edition"  # the manifest's key
STAMP = "%Y-%m-%dT%H:%M:%SZ"


def publication_time(environment: Mapping[str, str] = os.environ) -> str:
    """Now, or the moment ``SOURCE_DATE_EPOCH`` gives, in UTC to the second."""
    value = environment.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return datetime.now(UTC).strftime(STAMP)
    try:
        return datetime.fromtimestamp(int(value), UTC).strftime(STAMP)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970-01-01 UTC"
        ) from None


def edition_of(manifest: Mapping[str, Any]) -> Edition | None:
    """The manifest's edition (None: it has none; a site published before editions);
    TypeError if it is not one."""
    found = manifest.get(EDITION)
    if found is None:
        return None
    number = found.get("number") if isinstance(found, dict) else None
    published = found.get("published") if isinstance(found, dict) else None
    if type(number) is not int or number < 1 or not isinstance(published, str):
        raise TypeError("edition must be {number: 1, 2, …, published: YYYY-MM-DDTHH:MM:SSZ}")
    try:
        datetime.strptime(published, STAMP)
    except ValueError:
        raise TypeError(f"edition published {published!r} is not YYYY-MM-DDTHH:MM:SSZ") from None
    return Edition(number, published)


@dataclass(frozen=True, slots=True)
class NotBefore:
    """The oldest publication ``verify`` accepts: an edition number, or a moment (UTC)."""

    number: int = 0
    moment: datetime | None = None
    given: str = ""

    @classmethod
    def parse(cls, text: str) -> NotBefore:
        """``7``, ``2026-12-02`` (that day, 00:00 UTC) or ``2026-12-02T12:00:00Z``
        (without a zone: UTC); ValueError otherwise."""
        if text.isdigit() and text.isascii():
            if int(text) < 1:
                raise ValueError("editions are numbered from 1")
            return cls(number=int(text), given=text)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                "not an edition number (7), a date (2026-12-02) or a UTC time "
                "(2026-12-02T12:00:00Z)"
            ) from None
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        return cls(moment=moment, given=text)

    def problem(self, edition: Edition | None) -> str:
        """Why ``edition`` is older than this allows ("" if it is not)."""
        asked = f"(--not-before {self.given})"
        if edition is None:
            return f"the manifest says no edition, so it cannot be shown to be recent {asked}"
        published = datetime.strptime(edition.published, STAMP).replace(tzinfo=UTC)
        if edition.number < self.number:
            older = f"older than edition {self.number}"
        elif self.moment is not None and published < self.moment:
            older = f"published before {self.moment.strftime(STAMP)}"
        else:
            return ""
        return f"the site is {edition}: {older}, an earlier publication {asked}"

    def __str__(self) -> str:
        if self.moment is not None:
            return f"was published at or after {self.moment.strftime(STAMP)}"
        return f"is edition {self.number} or later"
