"""Reliability fixtures: one wiki behind one proxy, the fault bench, and the closing report.

Tests record what they tried through the ``report`` fixture; the summary at the end of the
pytest session prints the totals: faults injected and survived, bad inputs tried, human
edits lost, private values leaked, injections that took effect.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from wikisync import wiki
from wikisync.devwiki import DevWiki

HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from fault_bench import Bench, build_bench  # noqa: E402
from proxy import Proxy, running_proxy  # noqa: E402

# The tests run many short runs against a local wiki: no courtesy pause between requests.
wiki.pwb_config.minthrottle = 0


@dataclass
class ReliabilityReport:
    """Totals of what the reliability tests tried and what went wrong."""

    injected: list[str] = field(default_factory=list)
    survived: list[str] = field(default_factory=list)
    bad_inputs: int = 0
    human_edits_checked: int = 0
    human_edits_lost: int = 0
    private_values_checked: int = 0
    private_values_leaked: int = 0
    injections_tried: int = 0
    injections_effective: int = 0

    def fault(self, name: str) -> None:
        """A fault was injected."""
        self.injected.append(name)

    def fault_survived(self, name: str) -> None:
        """A fault was survived: the run ended well or stopped clearly, and converged."""
        self.survived.append(name)

    def human_edits(self, checked: int, lost: int) -> None:
        """People's edits looked for after a fault, and how many were gone."""
        self.human_edits_checked += checked
        self.human_edits_lost += lost

    def private_values(self, checked: int, leaked: int) -> None:
        """Private values searched for in everything a run produced, and how many were found."""
        self.private_values_checked += checked
        self.private_values_leaked += leaked

    def injections(self, tried: int, effective: int) -> None:
        """Markup constructs from user text, and how many acted on a generated page."""
        self.injections_tried += tried
        self.injections_effective += effective

    def lines(self) -> list[str]:
        """The report as printed at the end of the session."""
        return [
            f"faults injected:        {len(self.injected)} ({len(set(self.injected))} kinds)",
            f"faults survived:        {len(self.survived)} of {len(self.injected)}",
            f"bad inputs tried:       {self.bad_inputs}",
            f"human edits lost:       {self.human_edits_lost} of {self.human_edits_checked}",
            f"private values leaked:  {self.private_values_leaked} of "
            f"{self.private_values_checked} searched",
            f"injections that acted:  {self.injections_effective} of {self.injections_tried}",
        ]


REPORT = ReliabilityReport()


@pytest.fixture(scope="session")
def report() -> ReliabilityReport:
    """The session's reliability report; tests add what they tried and found."""
    return REPORT


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the reliability report when reliability tests ran."""
    if not REPORT.injected and not REPORT.bad_inputs and not REPORT.private_values_checked:
        return
    terminalreporter.section("reliability report")
    for line in REPORT.lines():
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def proxy(devwiki: DevWiki) -> Iterator[Proxy]:
    """A proxy in front of the session's wiki; every in-process run goes through it."""
    info = devwiki.running()
    assert info is not None
    with running_proxy(info.api) as running:
        yield running


@pytest.fixture(scope="session")
def bench(devwiki: DevWiki, proxy: Proxy, tmp_path_factory: pytest.TempPathFactory) -> Bench:
    """The programme, its starting point and the reference pages (built once)."""
    return build_bench(devwiki, Path(tmp_path_factory.mktemp("bench")), proxy)


@pytest.fixture
def at_start(bench: Bench) -> Iterator[Bench]:
    """The bench at its starting point, with no fault switch and no proxy rule."""
    bench.restore()
    yield bench
    bench.clear_faults()
