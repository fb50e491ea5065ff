"""The shared measurement page in whole offline runs: read from the indicators page,
written with one value per period, and left alone by a re-run on the same day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fake_runs import BOT, outcomes, run

from wikisync.dev.fakewiki import FakeWiki, TickingClock
from wikisync.dev.sample import PREFIX
from wikisync.measuring.snapshots import MEASUREMENT_SNAPSHOT, Snapshots
from wikisync.running.state import State

MEASUREMENT = f"{PREFIX}/Shared measurement"
INDICATORS = f"{PREFIX}/Indicators"


def bot_edits(fake: FakeWiki, title: str) -> int:
    return sum(1 for edit in fake.edits_by(BOT) if edit.title == title)


def stored() -> Snapshots:
    """The measured values the state keeps (the test's folder holds the state file)."""
    with State.open(Path("state.sqlite")) as state:
        return Snapshots.from_json(state.snapshot(MEASUREMENT_SNAPSHOT))


def test_the_page_is_written_from_the_indicators_page(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    text = fake.text(MEASUREMENT) or ""
    assert "<!-- wikisync:measurement:start -->" in text
    for label in ("Participants", "Requests matched", "Pairs who met", "Learning clinics held"):
        assert f"=== {label} ===" in text
    assert "=== Every learner finds a peer within the year ===" in text
    assert "2026-03" in text


def test_a_second_period_is_added_and_the_first_kept(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    march = stored().series["participants/quarter"]
    clock.advance(dt.timedelta(days=31))
    run(config, fake, clock)
    series = stored().series
    assert sorted(series["met-pairs/month"]) == ["2026-03", "2026-04"]
    assert series["participants/quarter"] == march | {
        "2026-Q2": series["participants/quarter"]["2026-Q2"]
    }
    text = fake.text(MEASUREMENT) or ""
    assert "2026-03" in text and "2026-04" in text
    assert "Trend:" in text


def test_the_last_run_in_a_period_wins_and_a_same_day_rerun_edits_nothing(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    edits = bot_edits(fake, MEASUREMENT)
    done = run(config, fake, clock)
    assert bot_edits(fake, MEASUREMENT) == edits
    assert outcomes(done)[MEASUREMENT] == "unchanged"
    assert sorted(stored().series["met-pairs/month"]) == ["2026-03"]


def test_the_measured_counts_are_the_counts_of_the_statistics_page(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    done = run(config, fake, clock)
    assert done.result is not None
    figures = done.result.result.figures
    series = stored().series
    month = f"{clock.now:%Y-%m}"
    assert series["participants/quarter"]["2026-Q1"].total == figures.participants
    assert series["active-sharers/month"][month].total == figures.sharers
    assert series["met-pairs/month"][month].total == figures.met
    statistics = fake.text(f"{PREFIX}/Statistics") or ""
    assert f"{figures.participants} participants in total." in statistics


def test_the_page_is_retired_when_the_indicators_are_removed(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    fake.edit(INDICATORS, "No indicators for now.\n", user="Admin")
    clock.advance(dt.timedelta(minutes=10))
    done = run(config, fake, clock)
    assert outcomes(done)[MEASUREMENT] == "edited"
    text = fake.text(MEASUREMENT) or ""
    assert "no longer" in text and "=== Participants ===" not in text
