"""The metadata of an import, checked key by key: every value an editor may write is
either taken or refused by name, never a crash."""

from __future__ import annotations

from typing import Any

import pytest

from build_tools.diagnostics import StageFailed
from build_tools.importing.metadata import Outcome, metadata

ADOPTED: dict[str, Any] = {
    "name": "test-voted",
    "stage": "adopted",
    "date": "2030-04-01",
    "title": "A voted text",
    "assembly": 150,
    "place": "Geneva",
    "dates": "28 March – 1 April 2030",
}


def test_an_outcome_by_vote_as_the_readme_writes_it_is_taken() -> None:
    values = {**ADOPTED, "outcome": {"vote": {"for": 120, "against": 0, "abstentions": 10}}}
    assert metadata(values, "meta.yaml").outcome == Outcome("vote", (120, 0, 10))


@pytest.mark.parametrize("outcome", [["consensus"], {"vote": [1, 2, 3]}, {"votes": 3}, 7])
def test_an_outcome_of_another_shape_is_refused_by_its_key(outcome: object) -> None:
    with pytest.raises(StageFailed) as raised:
        metadata({**ADOPTED, "outcome": outcome}, "meta.yaml")
    assert [d.message[:20] for d in raised.value.diagnostics] == ["key 'outcome' must b"]
