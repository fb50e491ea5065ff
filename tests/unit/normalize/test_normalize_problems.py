"""Problem codes are registered, documented for the renderer, and counted."""

from __future__ import annotations

import re

import wikisync.normalize
from wikisync.model import Problem, Severity
from wikisync.normalize import SEVERITIES, problems_summary


def test_every_registered_code_is_documented_and_every_documented_code_registered() -> None:
    documented = set(re.findall(r"``([a-z]+(?:-[a-z0-9]+)+)``", wikisync.normalize.__doc__ or ""))
    assert documented == set(SEVERITIES)


def test_summary_counts_per_code_in_code_order() -> None:
    problems = [
        Problem("unknown-skill", Severity.WARNING, "x"),
        Problem("missing-username", Severity.ERROR, "y"),
        Problem("unknown-skill", Severity.WARNING, "z"),
    ]
    summary = problems_summary(problems)
    assert summary == {"missing-username": 1, "unknown-skill": 2}
    assert list(summary) == ["missing-username", "unknown-skill"]
