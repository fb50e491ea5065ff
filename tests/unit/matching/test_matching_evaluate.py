"""The evaluation against baselines, on a small programme."""

from __future__ import annotations

import numpy as np

from wikisync.dev.evaluate import (
    CHURN_FRACTION,
    ENGINE,
    ENGINE_REQUESTS,
    OVERLAP,
    RANDOM,
    evaluate,
    format_report,
    gini,
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


def test_both_objectives_serve_the_maximum_and_participants_cover_more() -> None:
    report = evaluate(n_people=400, seed=2)
    rows = {row.name: row for row in report.rows}
    learners, requests = rows[ENGINE], rows[ENGINE_REQUESTS]
    assert learners.served == requests.served == report.feasible_maximum
    assert requests.covered <= learners.covered <= report.coverable_maximum <= report.learners
    assert learners.coverable_share >= 0.97
    assert 0 <= learners.gini < 1 and learners.worst_off >= 0
    assert ENGINE_REQUESTS in format_report(report)


def test_gini_is_zero_when_even_and_grows_with_inequality() -> None:
    assert gini(np.array([0.5, 0.5, 0.5])) == 0.0
    assert gini(np.zeros(3)) == 0.0
    assert abs(gini(np.array([0.0, 0.0, 0.0, 1.0])) - 0.75) < 1e-9


def test_time_matching_reports_wall_and_cpu_time() -> None:
    timing = time_matching(200, seed=2, n_skills=30)
    assert timing["people"] == 200 and timing["requests"] > 0
    assert timing["wall_seconds"] > 0 and timing["cpu_seconds"] > 0


def test_engine_churns_less_than_both_baselines_on_a_thousand_people() -> None:
    rows = {row.name: row for row in evaluate(n_people=1000, seed=1).rows}
    assert rows[ENGINE].churn < min(rows[RANDOM].churn, rows[OVERLAP].churn)
