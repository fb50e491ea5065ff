"""Reasons on hand-made programmes (cases in data/unmatched_cases.json) and on suggestions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from matching_builders import TODAY, person, run, taxonomy

from wikisync.matching import MatchHistory, MatchSettings
from wikisync.model import AccountState, Feedback, LearnRequest, Reason, Status

CASES = json.loads((Path(__file__).parent / "data" / "unmatched_cases.json").read_text())


def build(case: dict[str, Any]):
    people = []
    for entry in case["people"]:
        fields = dict(entry)
        if "status" in fields:
            fields["status"] = Status(fields["status"])
        if "account" in fields:
            fields["account"] = AccountState(fields["account"])
        if "away_until" in fields:
            fields["away_until"] = dt.date.fromisoformat(fields["away_until"])
        people.append(person(**fields))
    feedback = [Feedback(**item) for item in case.get("feedback", [])]
    waiting = {
        LearnRequest(*key.split("|")): dt.date.fromisoformat(day)
        for key, day in case.get("history_waiting", {}).items()
    }
    settings = MatchSettings.from_mapping(case.get("settings", {}))
    return run(
        people,
        taxonomy("video", "editing"),
        feedback,
        MatchHistory(waiting_since=waiting),
        settings,
        TODAY,
    )


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = build(case)
    suggested = {f"{s.learner}|{s.skill}": s.sharer for s in result.suggestions}
    unmatched = {
        f"{u.learner}|{u.skill}": [[r.code, *r.args] for r in u.reasons] for u in result.unmatched
    }
    for key, reasons in case.get("expect_unmatched", {}).items():
        assert unmatched.get(key) == reasons
    for key, sharer in case.get("expect_suggested", {}).items():
        assert suggested.get(key) == sharer
    for key in case.get("expect_absent", []):
        assert key not in suggested and key not in unmatched


def test_suggestion_reasons_explain_the_pair() -> None:
    people = [
        person("Ana", speaks="fr-4 en-2", learns=["video"], shares=["editing"], offset=60),
        person("Ben", speaks="fr-N", shares=["video"], learns=["editing"], offset=180),
        person("Cai", speaks="fr-3", shares=["editing"], offset=60),
    ]
    result = run(people, taxonomy("video", "editing"))
    by_pair = {(s.learner, s.skill): s for s in result.suggestions}
    ana = by_pair[("Ana", "video")]
    assert ana.sharer == "Ben"
    assert ana.reasons == (
        Reason("common-language", ("fr", 4)),
        Reason("time-overlap", (12,)),
        Reason("same-region", ("SSA",)),
        Reason("rare-skill", (1,)),
        Reason("swap", ("editing",)),
    )
    weights = MatchSettings().weights
    assert (
        ana.score
        == 4 * weights.language
        + 12 * weights.time_overlap
        + weights.region
        + (5 * weights.rarity)
        + weights.swap
    )


def test_kept_reason_on_a_repeated_suggestion() -> None:
    people = [person("Ana", learns=["video"]), person("Ben", shares=["video"])]
    first = run(people, taxonomy("video"))
    again = run(people, taxonomy("video"), history=MatchHistory().after(first, TODAY))
    assert Reason("kept") in again.suggestions[0].reasons
    assert Reason("kept") not in first.suggestions[0].reasons
