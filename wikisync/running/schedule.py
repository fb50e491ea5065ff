"""Which jobs are due: the schedule of each job, its last runs, and an injected clock.

A job's schedule is either an interval (``every = "6h"``) or a cron expression
(``cron = "30 3 * * *"``, in UTC), set per job in the ``[jobs.NAME]`` tables of
``wikisync.toml``. A job is due when it never succeeded, or when its interval has passed
since its last successful run started, or when its cron expression fired since then. A job
whose last attempt failed is retried, but not before ``retry_after`` has passed since that
attempt, so that a wiki that is down is not hammered by ``wikisync run --loop``. A job
whose run was interrupted after its last success (its process was killed) is due at once,
so that the next run finishes the pages that run left half written.

Everything here is pure: the clock and the run history are arguments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from croniter import croniter

from wikisync.errors import ConfigError
from wikisync.settings import validate

#: The jobs, in the order they run: registrations first, so a new registrant is matched in
#: the same run; the problems page last, so it reports what this run saw.
JOBS: tuple[str, ...] = ("registrations", "matches", "resources", "check")

#: What each job does, for ``--help`` and ``wikisync status``.
JOB_DESCRIPTIONS: Mapping[str, str] = {
    "registrations": "list new registrants in the directory (and tidy entries, if enabled)",
    "matches": "match learners with sharers; write matches, groups, clinic candidates; notify",
    "resources": "write the skill pages and the statistics page",
    "check": "write the problems page",
}

DEFAULT_EVERY: Mapping[str, dt.timedelta] = {
    "registrations": dt.timedelta(hours=1),
    "matches": dt.timedelta(hours=6),
    "resources": dt.timedelta(days=1),
    "check": dt.timedelta(hours=1),
}
DEFAULT_RETRY_AFTER = dt.timedelta(minutes=15)

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class JobSchedule:
    """When one job runs: every ``every``, or at the times of the cron expression ``cron``."""

    job: str
    every: dt.timedelta | None = None
    cron: str = ""
    retry_after: dt.timedelta = DEFAULT_RETRY_AFTER

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first time after ``moment`` at which the job is scheduled."""
        if self.cron:
            fired: dt.datetime = croniter(self.cron, moment).get_next(dt.datetime)
            return fired
        assert self.every is not None
        return moment + self.every

    def describe(self) -> str:
        """``every 6h`` or ``cron 30 3 * * *``."""
        return f"cron {self.cron}" if self.cron else f"every {format_duration(self.every)}"


@dataclass(frozen=True, slots=True)
class JobHistory:
    """When a job last started a successful run, when it last failed (if after that), and
    whether a run of it was interrupted after its last success."""

    last_success: dt.datetime | None = None
    last_failure: dt.datetime | None = None
    interrupted: bool = False


def next_due(schedule: JobSchedule, history: JobHistory) -> dt.datetime | None:
    """When the job is next due; ``None`` means now (it never succeeded, or was interrupted)."""
    last = history.last_success
    due = None if last is None or history.interrupted else schedule.next_after(last)
    if history.last_failure is not None:
        retry = history.last_failure + schedule.retry_after
        due = retry if due is None else max(due, retry)
    return due


def is_due(schedule: JobSchedule, history: JobHistory, now: dt.datetime) -> bool:
    """Whether the job should run at ``now``."""
    due = next_due(schedule, history)
    return due is None or due <= now


def due_jobs(
    schedules: Mapping[str, JobSchedule], histories: Mapping[str, JobHistory], now: dt.datetime
) -> list[str]:
    """The jobs due at ``now``, in :data:`JOBS` order."""
    return [job for job in JOBS if is_due(schedules[job], histories.get(job, JobHistory()), now)]


def parse_schedules(data: Mapping[str, Any], path: str = "jobs") -> dict[str, JobSchedule]:
    """The ``[jobs]`` tables of the settings file; a missing job keeps its default."""
    validate.reject_unknown(data, JOBS, path)
    return {job: _job_schedule(job, validate.table(data, job, path), path) for job in JOBS}


def _job_schedule(job: str, data: Mapping[str, Any], path: str) -> JobSchedule:
    where = validate.join(path, job)
    validate.reject_unknown(data, ("every", "cron", "retry_after"), where)
    if "every" in data and "cron" in data:
        raise ConfigError(f"{where}: set either 'every' or 'cron', not both")
    retry = _duration(data, "retry_after", where, DEFAULT_RETRY_AFTER)
    if "cron" in data:
        expression = validate.non_empty_string(data, "cron", where, "")
        if not croniter.is_valid(expression):
            raise validate.bad_value(
                validate.join(where, "cron"),
                expression,
                "a cron expression of five fields (minute hour day month weekday), in UTC",
            )
        return JobSchedule(job, cron=expression, retry_after=retry)
    return JobSchedule(
        job, every=_duration(data, "every", where, DEFAULT_EVERY[job]), retry_after=retry
    )


def _duration(data: Mapping[str, Any], key: str, path: str, default: dt.timedelta) -> dt.timedelta:
    if key not in data:
        return default
    text = validate.non_empty_string(data, key, path, "")
    return parse_duration(text, validate.join(path, key))


def parse_duration(text: str, where: str) -> dt.timedelta:
    """``90s``, ``15m``, ``6h`` or ``1d`` as a time span (at least one second)."""
    found = _DURATION.match(text)
    seconds = int(found.group(1)) * _UNIT_SECONDS[found.group(2)] if found else 0
    if seconds <= 0:
        raise validate.bad_value(where, text, "a duration such as '90s', '15m', '6h' or '1d'")
    return dt.timedelta(seconds=seconds)


def format_duration(span: dt.timedelta | None) -> str:
    """The shortest exact form of a span: ``6h``, ``90m``, ``1d``."""
    seconds = int(span.total_seconds()) if span is not None else 0
    for unit in ("d", "h", "m"):
        size = _UNIT_SECONDS[unit]
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def selected_jobs(names: Sequence[str]) -> list[str]:
    """Named jobs checked and put in run order; a wrong name is a clear error."""
    unknown = [name for name in names if name not in JOBS]
    if unknown:
        raise ConfigError(f"unknown job {unknown[0]!r}: the jobs are {', '.join(JOBS)}")
    return [job for job in JOBS if job in names]
