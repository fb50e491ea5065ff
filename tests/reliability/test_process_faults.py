"""Process faults: ``wikisync run`` killed with SIGKILL at many points, and two runs at once.

Every kill is followed by a normal run, which must write exactly the pages of a run that
was never interrupted, from a state file that is still usable (the dead run's lock is
taken over). Kill points are spread over the whole run: at fractions of the time an
uninterrupted run of the same change takes, before a given read reaches the wiki, before a
given edit reaches it, and right after the wiki saved a given edit but before the answer
came back. Timed points are fractions rather than fixed seconds, so that they stay inside
the run however fast the machine or the program is.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

import pytest
from fault_bench import (
    SMALL,
    Bench,
    diverging,
    half_written,
    lost_human_text,
    start_run,
)
from proxy import Act, Proxy, Rule, Seen, action_is
from reliability_report import ReliabilityReport

from wikisync.running import operations
from wikisync.running.state import State


@dataclass(frozen=True)
class KillPoint:
    """Where a run is killed: after ``share`` of an uninterrupted run's time, or at the
    ``nth`` request of ``action``."""

    name: str
    share: float = 0.0
    action: str = ""
    nth: int = 0
    reaches_wiki: bool = False


KILL_POINTS = [
    *(KillPoint(f"{share:.0%} into the run", share=share) for share in (0.1, 0.3, 0.5, 0.7)),
    *(KillPoint(f"before read {n}", action="query", nth=n) for n in (1, 4, 7, 10)),
    *(KillPoint(f"before edit {n}", action="edit", nth=n) for n in range(1, 7)),
    *(
        KillPoint(f"after edit {n} was saved", action="edit", nth=n, reaches_wiki=True)
        for n in range(1, 7)
    ),
]


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL the run, as the OOM killer or a power cut would."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)


def kill_at(
    point: KillPoint, process: subprocess.Popen[str], proxy: Proxy, run_seconds: float
) -> None:
    """Arrange for ``process`` to be killed at ``point`` of a run that takes ``run_seconds``."""
    if point.share:
        threading.Timer(point.share * run_seconds, kill, (process,)).start()
        return

    def now(request: Seen) -> None:
        kill(process)

    act = Act.AFTER if point.reaches_wiki else Act.BEFORE
    proxy.add(Rule(action_is(point.action), act, nth=point.nth, callback=now, forward=False))


@pytest.fixture(scope="module")
def run_seconds(bench: Bench) -> float:
    """The shorter of two uninterrupted runs of the small change, in wall seconds."""
    times = []
    for _ in range(2):
        bench.restore(SMALL)
        started = time.monotonic()
        process = start_run(bench, bench.config("killed", max_retries=1, timeout=5))
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr[-2000:]
        times.append(time.monotonic() - started)
    return min(times)


@pytest.mark.parametrize("point", KILL_POINTS, ids=[p.name for p in KILL_POINTS])
def test_a_run_killed_at_any_point_is_finished_by_the_next_run(
    point: KillPoint, bench: Bench, proxy: Proxy, report: ReliabilityReport, run_seconds: float
) -> None:
    assert len(KILL_POINTS) >= 20
    bench.restore(SMALL)
    before = bench.texts()
    process = start_run(bench, bench.config("killed", max_retries=1, timeout=5))
    kill_at(point, process, proxy, run_seconds)
    process.communicate(timeout=120)
    report.fault(f"SIGKILL {point.name}")
    assert process.returncode == -signal.SIGKILL, "the run ended before its kill point"
    bench.clear_faults()
    after_kill = bench.texts()
    assert half_written_small(bench, after_kill, before) == []
    operations.sync(str(bench.steady))
    final = bench.texts()
    lost = lost_human_text(final)
    report.human_edits(len(lost) + 3, len(lost))
    assert lost == []
    assert diverging(bench, final, bench.small_reference) == []
    with State.open(bench.state_path) as state:
        assert state.lock_holder() is None
        assert state.last_run("matches") is not None
    report.fault_survived(f"SIGKILL {point.name}")


def half_written_small(bench: Bench, now: dict[str, str], old: dict[str, str]) -> list[str]:
    """Pages neither as before the killed run nor as the uninterrupted run wrote them."""
    start = Bench(bench.wiki, bench.root, bench.api, bench.plan, bench.generated, old)
    start.reference = bench.small_reference
    return half_written(start, now, old)


def test_two_runs_started_at_once_one_works_and_the_other_exits_at_once_with_code_4(
    bench: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    bench.restore(SMALL)
    gate = threading.Event()
    proxy.add(Rule(action_is("edit"), Act.BEFORE, callback=lambda r: gate.wait(60)))
    config = bench.config("together", max_retries=1, timeout=30)
    runs = [start_run(bench, config), start_run(bench, config)]
    report.fault("two runs at once")
    deadline = time.monotonic() + 60
    while all(run.poll() is None for run in runs) and time.monotonic() < deadline:
        time.sleep(0.05)
    first_done = next(run for run in runs if run.poll() is not None)
    working = next(run for run in runs if run is not first_done)
    assert working.poll() is None  # the other still holds the lock, held at its first edit
    gate.set()
    outputs = {id(run): run.communicate(timeout=120) for run in runs}
    assert first_done.returncode == 4
    assert "lock" in outputs[id(first_done)][1].strip().splitlines()[-1]
    assert working.returncode == 0, outputs[id(working)][1][-2000:]
    bench.clear_faults()
    assert diverging(bench, bench.texts(), bench.small_reference) == []
    report.fault_survived("two runs at once")
