"""A fresh state file per test, a fixed clock, and child processes that use the same file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import wikisync
from wikisync.running.state import State

T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
PACKAGE_ROOT = Path(wikisync.__file__).resolve().parent.parent

Clock = Callable[..., dt.datetime]


class Child:
    """A Python process running a script against the state file, talking line by line."""

    def __init__(self, script: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)},
        )
        self.pid = self.process.pid

    def line(self) -> str:
        """The child's next line, or a failure showing its errors if it ended instead."""
        assert self.process.stdout is not None and self.process.stderr is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=10)
            pytest.fail(f"child ended without saying anything: {self.process.stderr.read()}")
        return line.strip()

    def finish(self) -> int:
        """Close the child's input (it ends when it reads it all) and wait for its exit code."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        return self.process.wait(timeout=10)

    def kill(self) -> None:
        """SIGKILL the child and reap it."""
        self.process.kill()
        self.process.wait(timeout=10)


@pytest.fixture
def at() -> Clock:
    """A clock: ``at(days, hours)`` is that long after a fixed UTC start."""

    def clock(days: float = 0, hours: float = 0) -> dt.datetime:
        return T0 + dt.timedelta(days=days, hours=hours)

    return clock


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    """Where the state file of one test lives (created on first open)."""
    return tmp_path / "var" / "state.sqlite"


@pytest.fixture
def state(state_path: Path) -> Iterator[State]:
    """An open state file, closed after the test."""
    with State.open(state_path) as opened:
        yield opened


@pytest.fixture
def spawn() -> Iterator[Callable[..., Child]]:
    """Start child processes; any still running at the end of the test is killed."""
    children: list[Child] = []

    def start(script: str, *args: str) -> Child:
        child = Child(script, *args)
        children.append(child)
        return child

    yield start
    for child in children:
        if child.process.poll() is None:
            child.kill()
        for stream in (child.process.stdin, child.process.stdout, child.process.stderr):
            if stream is not None:
                stream.close()
