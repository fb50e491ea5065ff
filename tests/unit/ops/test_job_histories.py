"""What the schedule sees in a real state file: successes, failures and killed runs."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wikisync.running.operations import interrupted_run, job_histories
from wikisync.running.schedule import JobHistory, due_jobs, parse_schedules
from wikisync.running.state import FAILED, INTERRUPTED, SUCCESS, UNCHANGED, State

T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
SCHEDULES = parse_schedules({})
START_AND_EXIT = """
import datetime as dt, sys
from pathlib import Path
from wikisync.running.state import State
State.open(Path(sys.argv[1])).start_run(sys.argv[2], dt.datetime.fromisoformat(sys.argv[3]))
"""


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def state(tmp_path: Path) -> Iterator[State]:
    with State.open(tmp_path / "state.sqlite") as opened:
        yield opened


def every_job_succeeded(state: State, moment: dt.datetime) -> None:
    for job in SCHEDULES:
        state.record_finished_run(job, moment, moment, SUCCESS)


def killed_run(state: State, job: str, moment: dt.datetime) -> None:
    """A run of ``job`` started by a process that ended without finishing it (as kill -9)."""
    args = [str(state.path), job, moment.isoformat()]
    subprocess.run([sys.executable, "-c", START_AND_EXIT, *args], check=True, timeout=30)


def test_a_job_killed_after_its_last_success_is_due_at_once(state: State) -> None:
    every_job_succeeded(state, at(0))
    assert due_jobs(SCHEDULES, job_histories(state), at(10)) == []
    killed_run(state, "matches", at(5))
    assert job_histories(state)["matches"] == JobHistory(last_success=at(0), interrupted=True)
    assert due_jobs(SCHEDULES, job_histories(state), at(10)) == ["matches"]


def test_the_kill_is_seen_both_before_and_after_the_next_run_takes_the_lock(state: State) -> None:
    every_job_succeeded(state, at(0))
    killed_run(state, "matches", at(5))
    before = interrupted_run(state, "matches")
    with state.lock("the next run"):
        after = interrupted_run(state, "matches")
    assert before is not None and after is not None
    assert before.id == after.id and after.outcome == INTERRUPTED


def test_only_a_full_run_finishes_a_killed_job_an_unchanged_verdict_does_not(state: State) -> None:
    every_job_succeeded(state, at(0))
    killed_run(state, "matches", at(5))
    state.record_finished_run("matches", at(6), at(6), UNCHANGED)
    assert due_jobs(SCHEDULES, job_histories(state), at(10)) == ["matches"]
    state.record_finished_run("matches", at(7), at(8), SUCCESS)
    assert interrupted_run(state, "matches") is None
    assert due_jobs(SCHEDULES, job_histories(state), at(10)) == []


def test_a_killed_job_that_then_failed_is_retried_after_its_delay(state: State) -> None:
    every_job_succeeded(state, at(0))
    killed_run(state, "matches", at(5))
    state.record_finished_run("matches", at(6), at(6), FAILED, ["wiki down"])
    assert due_jobs(SCHEDULES, job_histories(state), at(20)) == []
    assert due_jobs(SCHEDULES, job_histories(state), at(21)) == ["matches"]


def test_a_kill_before_the_last_success_is_history(state: State) -> None:
    killed_run(state, "matches", at(0))
    every_job_succeeded(state, at(5))
    assert not job_histories(state)["matches"].interrupted
    assert due_jobs(SCHEDULES, job_histories(state), at(10)) == []
