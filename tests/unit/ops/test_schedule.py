"""Which jobs are due: intervals, cron expressions, retries after failures, bad settings."""

from __future__ import annotations

import datetime as dt

import pytest

from wikisync.errors import ConfigError
from wikisync.running.schedule import (
    JOBS,
    JobHistory,
    JobSchedule,
    due_jobs,
    format_duration,
    is_due,
    next_due,
    parse_duration,
    parse_schedules,
    selected_jobs,
)

NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


def test_a_job_that_never_succeeded_is_due_now() -> None:
    schedule = JobSchedule("matches", every=hours(6))
    assert next_due(schedule, JobHistory()) is None
    assert is_due(schedule, JobHistory(), NOON)


def test_an_interval_job_is_due_once_the_interval_has_passed() -> None:
    schedule = JobSchedule("matches", every=hours(6))
    history = JobHistory(last_success=NOON)
    assert not is_due(schedule, history, NOON + hours(5.99))
    assert is_due(schedule, history, NOON + hours(6))


def test_a_cron_job_is_due_when_its_expression_fired_since_the_last_success() -> None:
    schedule = JobSchedule("resources", cron="30 3 * * *")
    history = JobHistory(last_success=NOON)
    assert next_due(schedule, history) == dt.datetime(2026, 11, 23, 3, 30, tzinfo=dt.UTC)
    assert not is_due(schedule, history, dt.datetime(2026, 11, 23, 3, 29, tzinfo=dt.UTC))
    assert is_due(schedule, history, dt.datetime(2026, 11, 23, 3, 30, tzinfo=dt.UTC))


def test_a_failed_job_waits_its_retry_delay_before_it_is_tried_again() -> None:
    schedule = JobSchedule("matches", every=hours(6), retry_after=dt.timedelta(minutes=15))
    never_succeeded = JobHistory(last_failure=NOON)
    assert not is_due(schedule, never_succeeded, NOON + dt.timedelta(minutes=14))
    assert is_due(schedule, never_succeeded, NOON + dt.timedelta(minutes=15))
    failed_after_success = JobHistory(last_success=NOON - hours(7), last_failure=NOON)
    assert not is_due(schedule, failed_after_success, NOON + dt.timedelta(minutes=1))


def test_due_jobs_come_in_run_order() -> None:
    schedules = parse_schedules({})
    histories = {
        "registrations": JobHistory(last_success=NOON - hours(2)),
        "matches": JobHistory(last_success=NOON - hours(1)),
    }
    assert due_jobs(schedules, histories, NOON) == ["registrations", "resources", "check"]


def test_settings_give_each_job_an_interval_or_a_cron_expression() -> None:
    schedules = parse_schedules(
        {"matches": {"every": "90m"}, "resources": {"cron": "0 4 * * 1", "retry_after": "1h"}}
    )
    assert set(schedules) == set(JOBS)
    assert schedules["matches"].every == dt.timedelta(minutes=90)
    assert schedules["resources"].cron == "0 4 * * 1"
    assert schedules["resources"].retry_after == hours(1)
    assert schedules["check"].every == hours(1)
    assert schedules["matches"].describe() == "every 90m"
    assert schedules["resources"].describe() == "cron 0 4 * * 1"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"matchs": {}}, "matchs"),
        ({"matches": {"every": "6 hours"}}, "jobs.matches.every"),
        ({"matches": {"every": "0m"}}, "jobs.matches.every"),
        ({"matches": {"cron": "61 * * * *"}}, "jobs.matches.cron"),
        ({"matches": {"cron": "0 3 * *"}}, "jobs.matches.cron"),
        ({"matches": {"every": "1h", "cron": "0 3 * * *"}}, "not both"),
        ({"matches": {"when": "1h"}}, "when"),
    ],
)
def test_bad_schedules_are_refused_naming_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_schedules(data)


def test_durations_read_and_print_in_the_same_units() -> None:
    assert parse_duration("45s", "x") == dt.timedelta(seconds=45)
    assert parse_duration(" 2d ", "x") == dt.timedelta(days=2)
    assert format_duration(dt.timedelta(days=2)) == "2d"
    assert format_duration(dt.timedelta(minutes=90)) == "90m"
    assert format_duration(dt.timedelta(seconds=45)) == "45s"


def test_named_jobs_are_checked_and_put_in_run_order() -> None:
    assert selected_jobs(["check", "matches"]) == ["matches", "check"]
    with pytest.raises(ConfigError, match="unknown job 'match'"):
        selected_jobs(["match"])


def test_an_interrupted_job_is_due_at_once_whatever_its_schedule() -> None:
    history = JobHistory(last_success=NOON, interrupted=True)
    for schedule in (
        JobSchedule("matches", every=hours(6)),
        JobSchedule("resources", cron="0 3 * * *"),
    ):
        assert next_due(schedule, history) is None
        assert is_due(schedule, history, NOON + dt.timedelta(minutes=1))
    schedules = parse_schedules({})
    histories = {job: JobHistory(last_success=NOON) for job in JOBS}
    histories["matches"] = history
    assert due_jobs(schedules, histories, NOON + dt.timedelta(minutes=5)) == ["matches"]


def test_an_interrupted_job_that_failed_since_still_waits_its_retry_delay() -> None:
    schedule = JobSchedule("matches", every=hours(6), retry_after=dt.timedelta(minutes=15))
    history = JobHistory(last_success=NOON - hours(1), last_failure=NOON, interrupted=True)
    assert not is_due(schedule, history, NOON + dt.timedelta(minutes=14))
    assert is_due(schedule, history, NOON + dt.timedelta(minutes=15))
