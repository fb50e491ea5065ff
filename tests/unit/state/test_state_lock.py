"""The run lock: one holder at a time, across processes, whatever happens to the holder."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wikisync.errors import LockedError
from wikisync.running.state import INTERRUPTED, RUNNING, State

HOLD_LOCK = """
    import datetime as dt, sys
    from pathlib import Path
    from wikisync.running.state import State
    state = State.open(Path(sys.argv[1]))
    with state.lock("matches job"):
        state.start_run("matches", dt.datetime.now(dt.UTC))
        print("locked", flush=True)
        sys.stdin.read()
    print("released", flush=True)
"""


def test_a_second_process_is_refused_at_once_and_told_who_holds_it(
    state: State, state_path: Path, spawn: Callable[..., Any]
) -> None:
    child = spawn(HOLD_LOCK, str(state_path))
    assert child.line() == "locked"
    began = time.monotonic()
    with pytest.raises(LockedError) as caught, state.lock("status"):
        pytest.fail("the lock was given twice")
    assert time.monotonic() - began < 1
    message = str(caught.value)
    assert f"pid {child.pid} on host {socket.gethostname()} (matches job) since 20" in message
    assert str(state_path.resolve()) in message
    holder = state.lock_holder()
    assert holder is not None and holder.pid == child.pid


def test_a_lock_released_normally_is_free_and_its_row_gone(
    state: State, state_path: Path, spawn: Callable[..., Any]
) -> None:
    child = spawn(HOLD_LOCK, str(state_path))
    assert child.line() == "locked"
    assert child.finish() == 0
    assert child.line() == "released"
    assert state.lock_holder() is None
    with state.lock("next run") as held:
        assert held.replaced is None
        assert held.holder.pid == os.getpid()


def test_a_lock_held_by_a_killed_process_is_free_and_taken_over(
    state: State, state_path: Path, spawn: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    child = spawn(HOLD_LOCK, str(state_path))
    assert child.line() == "locked"
    child.kill()
    with caplog.at_level(logging.WARNING), state.lock("next run") as held:
        assert held.replaced is not None
        assert held.replaced.pid == child.pid
        assert held.replaced.owner == "matches job"
        assert state.lock_holder() == held.holder
    assert f"pid {child.pid}" in caplog.text and "no longer running" in caplog.text


def test_runs_left_by_a_killed_holder_are_recorded_as_interrupted(
    state: State, state_path: Path, spawn: Callable[..., Any]
) -> None:
    child = spawn(HOLD_LOCK, str(state_path))
    assert child.line() == "locked"
    child.kill()
    assert [run.outcome for run in state.recent_runs()] == [INTERRUPTED]
    stored = state._db.execute("SELECT outcome FROM run").fetchone()[0]
    assert stored == RUNNING
    with state.lock("next run"):
        stored = state._db.execute("SELECT outcome FROM run").fetchone()[0]
    assert stored == INTERRUPTED


def test_a_stale_row_of_a_dead_process_is_taken_over_with_a_note(
    state: State, state_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(timeout=10)
    with sqlite3.connect(state_path) as db:
        db.execute(
            "INSERT INTO lock (id, pid, host, owner, since) VALUES (1, ?, ?, 'old run', ?)",
            (gone.pid, socket.gethostname(), "2026-01-05T03:00:00.000000+00:00"),
        )
    with caplog.at_level(logging.WARNING), state.lock("new run") as held:
        assert held.replaced is not None
        assert (held.replaced.pid, held.replaced.owner) == (gone.pid, "old run")
    assert f"pid {gone.pid}" in caplog.text
    assert "since 2026-01-05 03:00:00 UTC is no longer running" in caplog.text
    assert state.lock_holder() is None


def test_the_lock_is_released_when_the_block_raises(state: State) -> None:
    with pytest.raises(KeyError), state.lock("failing run"):
        raise KeyError("boom")
    assert state.lock_holder() is None
    with state.lock("next run") as held:
        assert held.replaced is None


def test_the_same_process_cannot_take_the_lock_twice(state: State, state_path: Path) -> None:
    with state.lock("outer"), State.open(state_path) as other:
        with pytest.raises(LockedError, match=f"pid {os.getpid()} .*\\(outer\\)"), other.lock("x"):
            pytest.fail("the lock was given twice")
        assert other.lock_holder() is not None


def test_the_lock_file_is_owner_only(state: State, state_path: Path) -> None:
    with state.lock("run"):
        lock_file = Path(f"{state_path.resolve()}.lock")
        assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600


def test_a_run_started_before_taking_the_lock_is_not_marked_interrupted(
    state: State, at: Callable[..., Any]
) -> None:
    run = state.start_run("matches", at())
    with state.lock("matches"):
        assert state.recent_runs()[0].outcome == RUNNING
    state.finish_run(run, "success", {}, [], at(hours=1))
    assert state.recent_runs()[0].outcome == "success"
