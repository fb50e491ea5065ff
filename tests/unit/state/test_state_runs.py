"""Runs: started, finished, listed, and the times they carry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wikisync.running.state import INTERRUPTED, RUNNING, SUCCESS, State, StateError

START_AND_DIE = """
    import datetime as dt, sys
    from pathlib import Path
    from wikisync.running.state import State
    state = State.open(Path(sys.argv[1]))
    print(state.start_run("matches", dt.datetime(2026, 3, 2, tzinfo=dt.UTC)), flush=True)
    sys.stdin.read()
"""


def test_a_finished_run_keeps_its_outcome_counts_errors_and_times(
    state: State, at: Callable[..., dt.datetime]
) -> None:
    run_id = state.start_run("matches", at())
    state.finish_run(
        run_id, SUCCESS, {"edits": 3, "api_requests": 12}, ["Page X: protected"], at(hours=1)
    )
    (run,) = state.recent_runs()
    assert (run.id, run.job, run.outcome) == (run_id, "matches", SUCCESS)
    assert (run.started, run.ended) == (at(), at(hours=1))
    assert run.started.tzinfo == dt.UTC
    assert dict(run.counts) == {"api_requests": 12, "edits": 3}
    assert run.errors == ("Page X: protected",)


def test_a_run_in_progress_reads_as_running(state: State, at: Callable[..., dt.datetime]) -> None:
    state.start_run("matches", at())
    (run,) = state.recent_runs()
    assert (run.outcome, run.ended) == (RUNNING, None)


def test_a_run_whose_process_died_reads_as_interrupted(
    state: State, state_path: Path, spawn: Callable[..., Any]
) -> None:
    child = spawn(START_AND_DIE, str(state_path))
    run_id = int(child.line())
    child.kill()
    (run,) = state.recent_runs()
    assert (run.id, run.outcome, run.ended) == (run_id, INTERRUPTED, None)


def test_recent_runs_are_newest_first_limited_and_filtered_by_job(
    state: State, at: Callable[..., dt.datetime]
) -> None:
    for day, job in enumerate(["matches", "sync", "matches", "matches", "sync"]):
        run_id = state.start_run(job, at(days=day))
        state.finish_run(run_id, SUCCESS, {"day": day}, [], at(days=day, hours=1))
    assert [run.counts["day"] for run in state.recent_runs()] == [4, 3, 2, 1, 0]
    assert [run.counts["day"] for run in state.recent_runs(limit=2)] == [4, 3]
    assert [run.counts["day"] for run in state.recent_runs(job="matches")] == [3, 2, 0]


def test_last_run_finds_the_latest_with_the_outcome(
    state: State, at: Callable[..., dt.datetime]
) -> None:
    good = state.start_run("matches", at())
    state.finish_run(good, SUCCESS, {}, [], at(hours=1))
    bad = state.start_run("matches", at(days=1))
    state.finish_run(bad, "failed", {}, ["wiki unreachable"], at(days=1, hours=1))
    state.start_run("matches", at(days=2))
    last_success = state.last_run("matches")
    last_failure = state.last_run("matches", outcome="failed")
    assert last_success is not None and last_success.id == good
    assert last_failure is not None and last_failure.id == bad
    assert state.last_run("sync") is None


def test_a_run_cannot_finish_twice_or_be_unknown(
    state: State, at: Callable[..., dt.datetime]
) -> None:
    run_id = state.start_run("matches", at())
    state.finish_run(run_id, SUCCESS, {"edits": 1}, [], at(hours=1))
    with pytest.raises(StateError, match="already finished"):
        state.finish_run(run_id, "failed", {}, [], at(hours=2))
    with pytest.raises(StateError, match="no run 99"):
        state.finish_run(99, SUCCESS, {}, [], at(hours=2))
    assert state.recent_runs()[0].counts == {"edits": 1}


def test_outcomes_owned_by_the_store_are_refused(
    state: State, at: Callable[..., dt.datetime]
) -> None:
    run_id = state.start_run("matches", at())
    with pytest.raises(ValueError, match="set by the state store"):
        state.finish_run(run_id, INTERRUPTED, {}, [], at(hours=1))


def test_naive_datetimes_are_refused_and_other_zones_stored_as_utc(state: State) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        state.start_run("matches", dt.datetime(2026, 3, 2, 9, 30))
    assert state.recent_runs() == []
    accra_plus_two = dt.timezone(dt.timedelta(hours=2))
    state.start_run("matches", dt.datetime(2026, 3, 2, 11, 30, tzinfo=accra_plus_two))
    started = state.recent_runs()[0].started
    assert started == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert started.utcoffset() == dt.timedelta(0)


def test_a_write_sqlite_refuses_is_a_state_error_and_changes_nothing(
    state: State, at: Callable[..., dt.datetime]
) -> None:
    run_id = state.start_run("matches", at())
    state._db.execute("PRAGMA query_only = ON")
    with pytest.raises(StateError, match=r"cannot write to state file .*readonly"):
        state.finish_run(run_id, SUCCESS, {}, [], at(hours=1))
    state._db.execute("PRAGMA query_only = OFF")
    assert state.recent_runs()[0].outcome == RUNNING
