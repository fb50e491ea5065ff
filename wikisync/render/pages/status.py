"""The bot status page in the bot's user space: what the last run did, job by job and page
by page, and when each job is due again.

It is rendered last, from what the run actually did. Every time on it (start, finish,
duration, next due) is wrapped in a ``wikisync-time`` span, so that
:func:`same_apart_from_times` can tell a run that changed something from one that only ran
later: the page is saved when its content differs, never for timestamps alone. Unchanged
pages are only counted for the same reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wikisync.outcomes import PageOutcome, RunOutcome, worst_run_outcome
from wikisync.render.blocks import bullets, heading, wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext, escape, escape_cell
from wikisync.render.formatting import timestamp
from wikisync.render.i18n import Messages
from wikisync.render.links import page_link
from wikisync.running.schedule import JOBS

MARKER = "status"

#: Counters with a translated label, in the order the page shows them.
COUNT_NAMES: tuple[str, ...] = (
    "participants",
    "skills",
    "suggestions",
    "unmatched",
    "groups",
    "clinics",
    "problems",
    "edits",
)
#: Page outcomes listed one page a row, in this order; unchanged pages are only counted.
LISTED_PAGE_OUTCOMES: tuple[PageOutcome, ...] = tuple(
    outcome for outcome in PageOutcome if outcome is not PageOutcome.UNCHANGED
)
#: Longest error line and longest reason shown.
ERROR_LIMIT = 300
REASON_LIMIT = 300
#: Most errors shown: the last ones, after a line counting the others.
ERRORS_SHOWN = 20
#: The class of the span around every time on the page.
TIME_CLASS = "wikisync-time"

_TIME_SPAN = re.compile(f'<span class="{TIME_CLASS}">.*?</span>')
_JOB_COLUMNS = ("column-job", "column-outcome", "column-next-due", "column-details")
_PAGE_COLUMNS = ("column-page", "column-outcome", "column-details")


@dataclass(frozen=True, slots=True)
class JobStatus:
    """How one job of the run ended and when it is due again.

    ``next_due`` is ``None`` when the job is due again at once (after an interruption or a
    stop); ``reason`` says in one line, without private data, why it failed or stopped.
    """

    job: str
    outcome: RunOutcome
    next_due: dt.datetime | None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.job not in JOBS:
            raise ValueError(f"unknown job {self.job!r}; jobs are {', '.join(JOBS)}")


@dataclass(frozen=True, slots=True)
class PageStatus:
    """What the run did to one page it planned, and why when it was not written."""

    title: str
    outcome: PageOutcome
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RunStatus:
    """What one run did, for the status page.

    ``pages`` holds every page the run planned except the status page itself; ``counts``
    maps names of :data:`COUNT_NAMES` to totals; ``errors`` are the last errors, one line
    each, without private data.
    """

    started: dt.datetime
    finished: dt.datetime
    jobs: tuple[JobStatus, ...]
    pages: tuple[PageStatus, ...]
    counts: Mapping[str, int]
    errors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = sorted(set(self.counts) - set(COUNT_NAMES))
        if unknown:
            raise ValueError(f"no label for counts {', '.join(unknown)}")


def run_outcome(status: RunStatus) -> RunOutcome:
    """The run's outcome: the worst of its jobs' (a run without jobs had nothing to do)."""
    return worst_run_outcome(job.outcome for job in status.jobs)


def render_status(status: RunStatus, ctx: RenderContext) -> str:
    """The run's times and outcome, its jobs, the pages it did not leave unchanged, its
    counts and its last errors."""
    messages = ctx.messages
    sections = [
        (messages.msg("status-heading-run"), run_section(status, messages)),
        (messages.msg("status-heading-jobs"), jobs_section(status.jobs, messages)),
        (messages.msg("status-heading-pages"), pages_section(status.pages, messages)),
        (messages.msg("status-heading-counts"), counts_section(status.counts, messages)),
        (messages.msg("status-heading-errors"), errors_section(status.errors, messages)),
    ]
    body = "\n\n".join(f"{heading(2, title)}\n{text}" for title, text in sections)
    return messages.wrap_direction(body)


def same_apart_from_times(old: str, new: str) -> bool:
    """Whether two status page bodies say the same once their times are set aside.

    Only the ``wikisync-time`` spans this module writes are ignored; user text is escaped,
    so it cannot forge one.
    """
    return _without_times(old) == _without_times(new)


def _without_times(body: str) -> str:
    return _TIME_SPAN.sub(f'<span class="{TIME_CLASS}"></span>', body)


def time_text(text: str) -> Wikitext:
    """``text`` (a time or a duration built by wikisync) marked as a time."""
    return Wikitext(f'<span class="{TIME_CLASS}">{text}</span>')


def moment_text(moment: dt.datetime, messages: Messages) -> Wikitext:
    """A moment in UTC marked as a time, isolated on a right-to-left page."""
    return time_text(messages.isolate(timestamp(moment)))


def outcome_key(outcome: PageOutcome | RunOutcome) -> str:
    """The message key of a page or run outcome's label."""
    kind = "page" if isinstance(outcome, PageOutcome) else "run"
    return f"{kind}-outcome-{outcome.value.replace(' ', '-')}"


def run_section(status: RunStatus, messages: Messages) -> str:
    """When the run started and finished, how long it took, and how it ended."""
    return bullets(
        [
            messages.msg("status-started", moment_text(status.started, messages)),
            messages.msg("status-finished", moment_text(status.finished, messages)),
            messages.msg("status-duration", time_text(duration(status, messages))),
            messages.msg("status-outcome", messages.msg(outcome_key(run_outcome(status)))),
        ]
    )


def duration(status: RunStatus, messages: Messages) -> Wikitext:
    """How long the run took, to the second under an hour and to the minute above."""
    seconds = max(int((status.finished - status.started).total_seconds()), 0)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return messages.msg("time-hours-minutes", hours, minutes)
    if minutes:
        return messages.msg("duration-minutes-seconds", minutes, seconds)
    return messages.msg("duration-seconds", seconds)


def jobs_section(jobs: Sequence[JobStatus], messages: Messages) -> str:
    """A table of the run's jobs: how each ended, when it is due again, and why."""
    if not jobs:
        return messages.msg("status-no-jobs")
    rows = [
        [
            messages.msg(f"job-{job.job}"),
            messages.msg(outcome_key(job.outcome)),
            (
                moment_text(job.next_due, messages)
                if job.next_due
                else time_text(messages.msg("status-due-now"))
            ),
            escape_cell(job.reason, REASON_LIMIT),
        ]
        for job in jobs
    ]
    return wikitable([messages.msg(key) for key in _JOB_COLUMNS], rows)


def pages_section(pages: Sequence[PageStatus], messages: Messages) -> str:
    """A table of the pages the run wrote or could not write, then how many it left
    unchanged."""
    if not pages:
        return messages.msg("status-no-pages")
    listed = sorted(
        (page for page in pages if page.outcome is not PageOutcome.UNCHANGED), key=_page_order
    )
    unchanged = len(pages) - len(listed)
    parts = []
    if listed:
        rows = [
            [
                page_link(page.title),
                messages.msg(outcome_key(page.outcome)),
                escape_cell(page.reason, REASON_LIMIT),
            ]
            for page in listed
        ]
        parts.append(wikitable([messages.msg(key) for key in _PAGE_COLUMNS], rows))
    if unchanged:
        parts.append(messages.msg("status-pages-unchanged", unchanged))
    return "\n".join(parts)


def _page_order(page: PageStatus) -> tuple[int, tuple[str, str]]:
    return LISTED_PAGE_OUTCOMES.index(page.outcome), sort_key(page.title)


def counts_section(counts: Mapping[str, int], messages: Messages) -> str:
    """The run's totals, each with its label, in :data:`COUNT_NAMES` order."""
    items = [messages.msg(f"count-{name}", counts[name]) for name in COUNT_NAMES if name in counts]
    return bullets(items) if items else messages.msg("status-no-counts")


def errors_section(errors: Sequence[str], messages: Messages) -> str:
    """The last errors, one a line, escaped and shortened."""
    if not errors:
        return messages.msg("status-no-errors")
    shown = errors[-ERRORS_SHOWN:]
    lines = [escape(error, ERROR_LIMIT) for error in shown]
    if len(errors) > len(shown):
        lines.insert(0, messages.msg("status-errors-earlier", len(errors) - len(shown)))
    return bullets(lines)
