"""Measured values kept period by period: the last run of a period wins, others stay."""

from __future__ import annotations

import datetime as dt

from wikisync.measuring.indicators import Indicator, Period
from wikisync.measuring.measures import Value
from wikisync.measuring.snapshots import Snapshots

MET = Indicator("met", "Met", "met-pairs")
PEOPLE = Indicator("people", "People", "participants", period=Period.QUARTER)
BOTH = (MET, PEOPLE)


def values(met: float, people: float) -> dict[str, Value]:
    return {
        "met-pairs": Value(met, {"Asia": met - 1}, {"Org": 1}),
        "participants": Value(people),
    }


def test_two_periods_are_kept_and_the_last_run_of_a_period_wins() -> None:
    march = Snapshots().with_run(BOTH, values(2, 10), dt.date(2026, 3, 5))
    march = march.with_run(BOTH, values(3, 11), dt.date(2026, 3, 31))
    april = march.with_run(BOTH, values(5, 12), dt.date(2026, 4, 1))
    assert {key: v.total for key, v in april.of(MET).items()} == {"2026-03": 3, "2026-04": 5}
    # March and April fall in one quarter: the April run wins it
    assert {key: v.total for key, v in april.of(PEOPLE).items()} == {"2026-Q1": 11, "2026-Q2": 12}
    assert april.of(MET)["2026-03"].by_region == {"Asia": 2}


def test_a_rerun_on_the_same_day_changes_nothing() -> None:
    once = Snapshots().with_run(BOTH, values(2, 10), dt.date(2026, 3, 5))
    twice = once.with_run(BOTH, values(2, 10), dt.date(2026, 3, 5))
    assert twice.to_json() == once.to_json()


def test_the_stored_form_reads_back_the_same() -> None:
    kept = Snapshots().with_run(BOTH, values(2.5, 10), dt.date(2026, 3, 5))
    again = Snapshots.from_json(kept.to_json())
    assert again == kept
    assert again.to_json() == kept.to_json()


def test_an_unreadable_snapshot_is_no_snapshot() -> None:
    assert Snapshots.from_json(None) == Snapshots()
    assert Snapshots.from_json("[1, 2]") == Snapshots()
    assert Snapshots.from_json('{"met-pairs/month": {"2026-03": {"total": "x"}}}') == Snapshots()
