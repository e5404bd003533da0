"""What the reliability tests checked, said at the end of the run (kill moments, edits,
processes), so that a long run shows how much it proved, not only that it passed."""

from __future__ import annotations

import pytest

from tests.reliability.builds import TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY:
        terminalreporter.write_line(
            f"reliability: {TALLY['kill moments']} kill moment(s), {TALLY['edits']} edit(s), "
            f"{TALLY['processes checked']} process(es) checked; "
            f"{TALLY['outlived']} outlived its build"
        )
