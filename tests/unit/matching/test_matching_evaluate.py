"""The evaluation against baselines, on a small programme."""

from __future__ import annotations

from wikisync.dev.evaluate import (
    CHURN_FRACTION,
    ENGINE,
    OVERLAP,
    RANDOM,
    evaluate,
    format_report,
    time_matching,
)


def test_engine_reaches_the_feasible_maximum_within_capacity_and_stays_put() -> None:
    report = evaluate(n_people=400, seed=1)
    rows = {row.name: row for row in report.rows}
    engine = rows[ENGINE]
    assert engine.served == engine.suggested == report.feasible_maximum > 0
    assert engine.feasible_share == 1.0 and engine.over_capacity == 0
    assert rows[RANDOM].over_capacity > 0 and rows[OVERLAP].over_capacity > 0
    assert rows[RANDOM].feasible_share < 1.0 and rows[OVERLAP].feasible_share < 1.0
    # Editing 1% of the entries moves only the suggestions those edits touch.
    assert engine.churn <= 3 * CHURN_FRACTION < rows[RANDOM].churn
    table = format_report(report)
    assert ENGINE in table and RANDOM in table and OVERLAP in table


def test_time_matching_reports_wall_and_cpu_time() -> None:
    timing = time_matching(200, seed=2, n_skills=30)
    assert timing["people"] == 200 and timing["requests"] > 0
    assert timing["wall_seconds"] > 0 and timing["cpu_seconds"] > 0


def test_engine_churns_less_than_both_baselines_on_a_thousand_people() -> None:
    rows = {row.name: row for row in evaluate(n_people=1000, seed=1).rows}
    assert rows[ENGINE].churn < min(rows[RANDOM].churn, rows[OVERLAP].churn)
