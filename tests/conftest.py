"""Fixtures shared by every test tier: one real local MediaWiki per test session (per test
worker, when pytest-xdist runs the tests in several processes), and the reliability report.

The reliability tests add to the report in whichever process runs them; each worker sends its
totals to the main process when it ends, which prints them all at the end of the session.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.errors import WikisyncError

HERE = str(Path(__file__).parent)
RELIABILITY = str(Path(__file__).parent / "reliability")
for folder in (HERE, RELIABILITY):
    if folder not in sys.path:
        sys.path.insert(0, folder)

from reliability_report import REPORT  # noqa: E402


@pytest.fixture(scope="session")
def devwiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWiki]:
    """A real MediaWiki started through the same code as 'wikisync devwiki up'.

    If it cannot start, every test that needs it fails with the reason; none is skipped.
    """
    wiki = DevWiki(tmp_path_factory.mktemp("devwiki"))
    try:
        wiki.up()
    except WikisyncError as e:
        pytest.fail(f"the local MediaWiki could not start: {e}", pytrace=False)
    yield wiki
    wiki.down()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a test worker: hand the reliability totals to the main process."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["reliability"] = REPORT.data()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """In the main process: add the totals of a test worker that finished."""
    data = getattr(node, "workeroutput", {}).get("reliability")
    if data:
        REPORT.add(data)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the reliability report when reliability tests ran."""
    if not REPORT.injected and not REPORT.bad_inputs and not REPORT.private_values_checked:
        return
    terminalreporter.section("reliability report")
    for line in REPORT.lines():
        terminalreporter.write_line(line)
