"""The bot status page: what the last run did, job by job and page by page, and when each
job is due again; and the comparison that keeps a run that changed nothing from saving it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import mwparserfromhell
import pytest
from render_tables import data_rows

from wikisync.model import Person, Taxonomy
from wikisync.outcomes import PageOutcome, RunOutcome
from wikisync.render import (
    JobStatus,
    PageSettings,
    PageStatus,
    RenderContext,
    RunStatus,
    render_status,
    same_apart_from_times,
)
from wikisync.render.i18n import SUPPORTED_LANGUAGES, load_catalogue
from wikisync.render.pages.status import COUNT_NAMES, run_outcome
from wikisync.running.schedule import JOBS

START = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
MATCHES = "Let's Connect/Matches"
GROUPS = "Let's Connect/Groups"
PROBLEMS = "Let's Connect/Directory problems"
STATISTICS = "Let's Connect/Statistics"
COUNTS = {
    "participants": 166,
    "skills": 24,
    "suggestions": 71,
    "unmatched": 9,
    "groups": 6,
    "clinics": 3,
    "problems": 12,
    "edits": 2,
}


def _job(job: str, outcome: RunOutcome, hours: int | None = 6, reason: str = "") -> JobStatus:
    due = START + dt.timedelta(hours=hours) if hours is not None else None
    return JobStatus(job, outcome, due, reason)


def _status(
    jobs: tuple[JobStatus, ...],
    pages: tuple[PageStatus, ...],
    minutes: float = 4.2,
    errors: tuple[str, ...] = (),
    started: dt.datetime = START,
) -> RunStatus:
    finished = started + dt.timedelta(minutes=minutes)
    return RunStatus(started, finished, jobs, pages, COUNTS, errors)


def _time(text: str) -> str:
    return f'<span class="wikisync-time">{text}</span>'


@pytest.fixture
def success() -> RunStatus:
    """Matches edited, the other pages unchanged, the check job with nothing to do."""
    return _status(
        (
            _job("matches", RunOutcome.SUCCESS),
            _job("resources", RunOutcome.SUCCESS, hours=24),
            _job("check", RunOutcome.UNCHANGED, hours=1),
        ),
        (
            PageStatus(MATCHES, PageOutcome.EDITED),
            PageStatus(GROUPS, PageOutcome.UNCHANGED),
            PageStatus(STATISTICS, PageOutcome.CREATED),
            PageStatus(PROBLEMS, PageOutcome.UNCHANGED),
        ),
    )


def test_a_successful_run_shows_its_times_outcome_and_jobs(
    success: RunStatus, ctx: RenderContext
) -> None:
    body = render_status(success, ctx)
    assert f"* Started: {_time('2026-03-01 12:00 UTC')}" in body
    assert f"* Finished: {_time('2026-03-01 12:04 UTC')}" in body
    assert f"* Duration: {_time('4 min 12 s')}" in body
    assert "* Result: completed" in body
    rows = data_rows(body)
    assert rows[:3] == [
        ["Suggested connections", "completed", _time("2026-03-01 18:00 UTC"), ""],
        ["Skill pages and statistics", "completed", _time("2026-03-02 12:00 UTC"), ""],
        [
            "Directory problems check",
            "nothing to do: no source changed",
            _time("2026-03-01 13:00 UTC"),
            "",
        ],
    ]


def test_changed_pages_are_listed_and_unchanged_pages_only_counted(
    success: RunStatus, ctx: RenderContext
) -> None:
    body = render_status(success, ctx)
    assert data_rows(body)[3:] == [
        ["[[:Let's Connect/Statistics|Let&#39;s Connect/Statistics]]", "created", ""],
        ["[[:Let's Connect/Matches|Let&#39;s Connect/Matches]]", "updated", ""],
    ]
    assert "\n2 pages unchanged\n" in body
    assert "Groups" not in body and "Directory problems|" not in body


def test_counts_have_labels_in_a_fixed_order(success: RunStatus, ctx: RenderContext) -> None:
    body = render_status(success, ctx)
    assert (
        "* 166 participants\n* 24 skills\n* 71 suggestions\n* 9 requests without a match\n"
        "* 6 learning groups\n* 3 clinic candidates\n* 12 directory problems\n* 2 edits"
    ) in body
    assert "* No errors." in body or "\nNo errors." in body


def test_a_refused_page_is_shown_with_its_reason(ctx: RenderContext) -> None:
    refused = _status(
        (_job("matches", RunOutcome.FAILED, hours=None, reason="a page was not written"),),
        (
            PageStatus(
                MATCHES, PageOutcome.REFUSED, "would remove 40 of 52 rows (at most 50% allowed)"
            ),
            PageStatus(GROUPS, PageOutcome.UNCHANGED),
        ),
    )
    body = render_status(refused, ctx)
    assert "* Result: failed" in body
    assert data_rows(body) == [
        ["Suggested connections", "failed", _time("now"), "a page was not written"],
        [
            "[[:Let's Connect/Matches|Let&#39;s Connect/Matches]]",
            "refused: it would remove most of a table's rows",
            "would remove 40 of 52 rows (at most 50% allowed)",
        ],
    ]
    assert "\n1 page unchanged\n" in body


def test_a_kill_switch_stop_lists_the_pages_not_done(ctx: RenderContext) -> None:
    stopped = _status(
        (
            _job("matches", RunOutcome.STOPPED, hours=None, reason="the kill switch is off"),
            _job("check", RunOutcome.SUCCESS, hours=1),
        ),
        (
            PageStatus(PROBLEMS, PageOutcome.EDITED),
            PageStatus(MATCHES, PageOutcome.NOT_DONE, "the run stopped first"),
            PageStatus(GROUPS, PageOutcome.NOT_DONE, "the run stopped first"),
        ),
    )
    body = render_status(stopped, ctx)
    assert "* Result: stopped by the kill switch" in body
    assert data_rows(body) == [
        [
            "Suggested connections",
            "stopped by the kill switch",
            _time("now"),
            ("the kill switch is off"),
        ],
        ["Directory problems check", "completed", _time("2026-03-01 13:00 UTC"), ""],
        [
            "[[:Let's Connect/Directory problems|Let&#39;s Connect/Directory problems]]",
            "updated",
            "",
        ],
        [
            "[[:Let's Connect/Groups|Let&#39;s Connect/Groups]]",
            "not done: the run stopped first",
            "the run stopped first",
        ],
        [
            "[[:Let's Connect/Matches|Let&#39;s Connect/Matches]]",
            "not done: the run stopped first",
            "the run stopped first",
        ],
    ]
    assert "unchanged" not in body


def test_a_failed_job_shows_its_errors_escaped_and_shortened(ctx: RenderContext) -> None:
    long_error = "wiki error: " + "x" * 500
    failed = _status(
        (_job("resources", RunOutcome.FAILED, hours=None, reason="the wiki is read-only"),),
        (PageStatus(STATISTICS, PageOutcome.FAILED, "readonly"),),
        errors=("readonly: the wiki is <b>read-only</b>", long_error),
    )
    body = render_status(failed, ctx)
    assert "* Result: failed" in body
    assert ["Skill pages and statistics", "failed", _time("now"), "the wiki is read-only"] in (
        data_rows(body)
    )
    assert "not saved: the wiki refused the edit" in body
    assert "* readonly: the wiki is &#60;b&#62;read-only&#60;/b&#62;" in body
    shortened = next(line for line in body.splitlines() if line.startswith("* wiki error"))
    assert len(shortened) <= 2 + 300 and shortened.endswith("…")


def test_the_worst_job_outcome_is_the_run_outcome() -> None:
    def outcome(*outcomes: RunOutcome) -> RunOutcome:
        jobs = tuple(_job(job, o) for job, o in zip(JOBS, outcomes, strict=False))
        return run_outcome(_status(jobs, ()))

    assert outcome(RunOutcome.SUCCESS, RunOutcome.UNCHANGED) is RunOutcome.SUCCESS
    assert outcome(RunOutcome.UNCHANGED, RunOutcome.UNCHANGED) is RunOutcome.UNCHANGED
    assert outcome(RunOutcome.SUCCESS, RunOutcome.STOPPED) is RunOutcome.STOPPED
    assert outcome(RunOutcome.STOPPED, RunOutcome.FAILED, RunOutcome.SUCCESS) is RunOutcome.FAILED
    assert outcome() is RunOutcome.UNCHANGED


def test_times_are_shown_in_utc(success: RunStatus, ctx: RenderContext) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    moved = dataclasses.replace(
        success,
        started=dt.datetime(2026, 3, 1, 13, 0, tzinfo=paris),
        finished=dt.datetime(2026, 3, 1, 15, 30, 5, tzinfo=paris),
    )
    body = render_status(moved, ctx)
    assert f"* Started: {_time('2026-03-01 12:00 UTC')}" in body
    assert f"* Duration: {_time('2 h 30 min')}" in body


def test_short_durations_count_seconds(success: RunStatus, ctx: RenderContext) -> None:
    quick = dataclasses.replace(success, finished=START + dt.timedelta(seconds=1.7))
    assert f"* Duration: {_time('1 second')}" in render_status(quick, ctx)


def test_an_unknown_count_or_job_is_a_caller_bug() -> None:
    with pytest.raises(ValueError, match="people"):
        RunStatus(START, START, (), (), {"people": 3})
    with pytest.raises(ValueError, match="status"):
        JobStatus("status", RunOutcome.SUCCESS, None)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_label_is_translated_and_no_code_shows(
    lang: str, ctx: RenderContext, taxonomy: Taxonomy, people: tuple[Person, ...]
) -> None:
    jobs = tuple(
        _job(job, outcome, hours=None) for job, outcome in zip(JOBS * 2, RunOutcome, strict=False)
    )
    pages = tuple(PageStatus(f"Page {outcome.name}", outcome) for outcome in PageOutcome)
    everything = _status(jobs, pages, errors=("boom",))
    local = RenderContext.build(PageSettings(language=lang), taxonomy, people)
    body = render_status(everything, local)
    keys = [key for key in load_catalogue("en") if "-" in key]
    assert [key for key in keys if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", body)] == []
    assert "Outcome" not in body and "Outcome." not in body
    assert [
        name for name in COUNT_NAMES if f"{name}: " in body or f": {COUNTS[name]}" in body
    ] == []
    if lang == "en":
        return
    english = render_status(everything, ctx)
    labels = [row[:2] for row in data_rows(body)]
    english_labels = [row[:2] for row in data_rows(english)]
    assert len(labels) == len(jobs) + len(pages) - 1
    for row, english_row in zip(labels[: len(jobs)], english_labels, strict=False):
        assert row[0] != english_row[0] and row[1] != english_row[1], row
    for row, english_row in zip(labels[len(jobs) :], english_labels[len(jobs) :], strict=True):
        assert row[1] != english_row[1], row
    headings = [line for line in body.splitlines() if line.startswith("==")]
    assert len(headings) == 5 and headings != [
        line for line in english.splitlines() if line.startswith("==")
    ]


def test_two_runs_that_differ_only_in_times_are_the_same(
    success: RunStatus, ctx: RenderContext
) -> None:
    later = dataclasses.replace(
        success,
        started=START + dt.timedelta(hours=6),
        finished=START + dt.timedelta(hours=6, minutes=1),
        jobs=tuple(
            dataclasses.replace(job, next_due=START + dt.timedelta(days=2)) for job in success.jobs
        ),
    )
    old, new = render_status(success, ctx), render_status(later, ctx)
    assert old != new
    assert same_apart_from_times(old, new)


def test_an_outcome_that_changed_is_not_the_same(success: RunStatus, ctx: RenderContext) -> None:
    stopped = dataclasses.replace(
        success, jobs=(_job("matches", RunOutcome.STOPPED), *success.jobs[1:])
    )
    page_failed = dataclasses.replace(
        success, pages=(PageStatus(MATCHES, PageOutcome.FAILED, "abusefilter"), *success.pages[1:])
    )
    old = render_status(success, ctx)
    assert not same_apart_from_times(old, render_status(stopped, ctx))
    assert not same_apart_from_times(old, render_status(page_failed, ctx))
    assert not same_apart_from_times(old, render_status(dataclasses.replace(success, jobs=()), ctx))


def test_a_due_time_that_becomes_now_is_still_a_time(
    success: RunStatus, ctx: RenderContext
) -> None:
    now = dataclasses.replace(
        success, jobs=tuple(dataclasses.replace(job, next_due=None) for job in success.jobs)
    )
    assert same_apart_from_times(render_status(success, ctx), render_status(now, ctx))


def test_an_error_that_looks_like_a_time_is_not_ignored(
    success: RunStatus, ctx: RenderContext
) -> None:
    forged = '<span class="wikisync-time">x</span>'
    first = render_status(dataclasses.replace(success, errors=(forged.replace("x", "1"),)), ctx)
    second = render_status(dataclasses.replace(success, errors=(forged.replace("x", "2"),)), ctx)
    assert '<span class="wikisync-time">1' not in first
    assert not same_apart_from_times(first, second)


def test_hostile_errors_reasons_and_titles_are_escaped(ctx: RenderContext) -> None:
    hostile = "[[Category:X]] {{subst:boom}} ~~~~ <!-- x --> |} __NOTOC__"
    status = _status(
        (_job("matches", RunOutcome.FAILED, hours=None, reason=hostile),),
        (PageStatus(f"Let's Connect/{hostile}", PageOutcome.CONFLICT, hostile),),
        errors=(hostile,),
    )
    body = render_status(status, ctx)
    parsed = mwparserfromhell.parse(body)
    assert not parsed.filter_templates() and not parsed.filter_comments()
    assert not [str(link.title) for link in parsed.filter_wikilinks() if "Category" in link.title]
    for sequence in ("~~~", "__", "<!--", "{{", "[[Category"):
        assert sequence not in body
    assert body.count("|}") == 2


def test_arabic_times_are_isolated_and_still_set_aside(
    success: RunStatus, taxonomy: Taxonomy, people: tuple[Person, ...]
) -> None:
    arabic = RenderContext.build(PageSettings(language="ar"), taxonomy, people)
    body = render_status(success, arabic)
    assert _time("<bdi>2026-03-01 12:00 UTC</bdi>") in body
    later = dataclasses.replace(success, finished=START + dt.timedelta(hours=2))
    assert same_apart_from_times(body, render_status(later, arabic))
