"""The metadata of an import, checked key by key."""

from __future__ import annotations

from build_tools.importing.metadata import Outcome, metadata

ADOPTED = {
    "name": "x",
    "stage": "adopted",
    "date": "2040-04-05",
    "title": "X",
    "assembly": 170,
    "place": "Geneva (Switzerland)",
    "dates": "1–5 April 2040",
}


def test_an_outcome_by_vote_gives_its_figures() -> None:
    """The README's ``outcome: {vote: {for: …}}`` (it was a TypeError: a mapping tested
    for membership in a set of words)."""
    vote = {"vote": {"for": 120, "against": 3, "abstentions": 10}}
    found = metadata({**ADOPTED, "outcome": vote}, "meta.yaml")
    assert found.outcome == Outcome("vote", (120, 3, 10))
