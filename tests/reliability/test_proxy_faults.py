"""Faults between the bot and the wiki, injected by the proxy on chosen requests.

Passing faults (one bad answer, a dropped or reset connection, a slow answer, an answer
lost after the wiki saved the edit) are retried by pywikibot a bounded number of times and
the run completes with the reference pages. Faults that last stop the run with one clear
line after bounded retries, and the next run converges.
"""

from __future__ import annotations

import pytest
from fault_bench import Bench, assert_survived, attempt, diverging
from proxy import Act, Proxy, Rule, action_is, any_request
from reliability_report import ReliabilityReport

from wikisync.errors import WikiUnreachableError

#: One passing fault each, at different requests of the same run.
PASSING: dict[str, Rule] = {
    "HTTP 500 on a read": Rule(action_is("query"), Act.STATUS, nth=6, status=500),
    "HTTP 502 on an edit": Rule(action_is("edit"), Act.STATUS, nth=2, status=502),
    "HTTP 503 on an edit": Rule(action_is("edit"), Act.STATUS, nth=4, status=503),
    "HTTP 504 on an edit": Rule(action_is("edit"), Act.STATUS, nth=6, status=504),
    "connection dropped on an edit": Rule(action_is("edit"), Act.DROP, nth=8),
    "connection reset on a read": Rule(action_is("query"), Act.RESET, nth=9),
    "answer lost after the edit was saved": Rule(action_is("edit"), Act.LOST, nth=12),
    "answer slower than the timeout": Rule(action_is("edit"), Act.DELAY, nth=14, delay=3.5),
}


def test_passing_faults_are_retried_and_the_run_writes_the_reference_pages(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    for name, rule in PASSING.items():
        proxy.add(rule)
        report.fault(name)
    outcome = attempt(at_start.config("passing", max_retries=2, timeout=2))
    assert outcome.result is not None, outcome.error
    assert all(rule.fired == 1 for rule in PASSING.values()), PASSING
    outcomes = {p.outcome for p in outcome.result.report.pages}
    assert outcomes <= {"edited", "unchanged"}, outcome.result.report.pages
    assert diverging(at_start, at_start.texts(), at_start.reference) == []
    edits = proxy.count(action_is("edit"))
    assert edits <= outcome.result.report.edits + 1 + len(PASSING), edits
    first, *others = PASSING
    assert_survived(at_start, report, first, outcome)
    for name in others:
        report.fault_survived(name)


LASTING = {
    "HTTP 503 on every edit": Rule(action_is("edit"), Act.STATUS, nth=3, times=99, status=503),
    "every connection reset": Rule(any_request, Act.RESET, nth=12, times=99),
}


@pytest.mark.parametrize("name", list(LASTING))
def test_a_lasting_fault_stops_the_run_with_one_line_after_bounded_retries(
    name: str, at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    rule = proxy.add(LASTING[name])
    rule.fired = 0
    report.fault(name)
    outcome = attempt(at_start.config("lasting", max_retries=1, timeout=2))
    assert isinstance(outcome.error, WikiUnreachableError), outcome
    assert rule.fired == 2  # the request and its one retry; then the run stopped
    assert outcome.seconds < 20
    assert_survived(at_start, report, name, outcome)


def test_a_non_json_answer_stops_the_run_with_one_clear_line(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    rule = proxy.add(Rule(action_is("edit"), Act.GARBAGE, nth=2))
    report.fault("non-JSON answer on an edit")
    outcome = attempt(at_start.config("garbage", max_retries=1, timeout=2))
    assert isinstance(outcome.error, WikiUnreachableError), outcome
    assert "not JSON" in str(outcome.error)
    assert rule.fired == 1
    assert_survived(at_start, report, "non-JSON answer on an edit", outcome)
