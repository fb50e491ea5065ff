"""Reliability fixtures: one wiki behind one proxy, the fault bench, and the closing report.

Tests record what they tried through the ``report`` fixture; the summary at the end of the
pytest session (``tests/conftest.py``) prints the totals: faults injected and survived, bad
inputs tried, human edits lost, private values leaked, injections that took effect.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wikisync import wiki
from wikisync.dev.devwiki import DevWiki

HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from fault_bench import Bench, build_bench  # noqa: E402
from proxy import Proxy, running_proxy  # noqa: E402
from reliability_report import REPORT, ReliabilityReport  # noqa: E402

# The tests run many short runs against a local wiki: no courtesy pause between requests.
wiki.pwb_config.minthrottle = 0


@pytest.fixture(scope="session")
def report() -> ReliabilityReport:
    """The session's reliability report; tests add what they tried and found."""
    return REPORT


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
