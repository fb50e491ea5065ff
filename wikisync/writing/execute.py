"""Carrying out a run's plan: the only code of a run with effects.

:func:`execute` saves the plan of :func:`wikisync.planning.plan.plan_run` job by job. A job's
state (its suggestions, groups, source revisions, last success) advances, and its
notifications are sent, only when every page of the job was saved or found unchanged.
Otherwise the job is recorded as failed (or stopped, by the kill switch) with each page
and reason, its history stays as it was, and nothing is announced for it. The bot's
status page is rendered last, from what happened, and saved only when it says something
new (never for its times alone).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from wikisync.errors import ConfigError
from wikisync.interfaces import PageWriter
from wikisync.measuring.snapshots import MEASUREMENT_SNAPSHOT
from wikisync.model import MatchResult, ShopTalks
from wikisync.outcomes import PageOutcome, RunOutcome
from wikisync.planning.edits import (
    STOPPED_BY_SWITCH,
    Action,
    PageResult,
    PlannedEdit,
    SyncPolicy,
    SyncReport,
    apply,
    plan,
    plan_page,
    preview_plan,
)
from wikisync.planning.plan import (
    ANSWERS_SNAPSHOT,
    MATCHING_JOBS,
    SHOP_TALKS_SNAPSHOT,
    SOLVER,
    TIDY_JOB,
    Inputs,
    JobRecord,
    RunPlan,
    with_summaries,
)
from wikisync.planning.silence import SILENCE_SNAPSHOT
from wikisync.render.markers import find_section
from wikisync.render.pages.status import (
    MARKER as STATUS_MARKER,
)
from wikisync.render.pages.status import (
    JobStatus,
    PageStatus,
    RunStatus,
    render_status,
    same_apart_from_times,
)
from wikisync.running.progress import LOGGER, Progress
from wikisync.running.schedule import JOBS
from wikisync.running.state import State
from wikisync.writing.notify import Notification, NotifyReport, send
from wikisync.writing.safety import AllowedTitles, KillSwitch

log = logging.getLogger(LOGGER)

#: The order in which jobs save their pages: skill pages first, as the other pages link
#: to them (a link saved before its target exists shows red until the job queue catches up).
SAVING_ORDER = ("resources", "matches", "check", "registrations")


class Mode(Enum):
    """How a plan is carried out.

    ``DRY_RUN``: nothing is written to the wiki or the state. ``PREVIEW``: the pages that
    would change are written under a prefix in the bot's user space, and nothing else.
    ``LIVE``: the pages are saved and the state records the run.
    """

    DRY_RUN = "dry run"
    PREVIEW = "preview"
    LIVE = "live"


@dataclass(frozen=True, slots=True)
class JobReport:
    """How one job of the run ended, with its pages; ``unwritten``: the pages that kept it
    from succeeding, ``reason`` the first of them in one line."""

    job: str
    outcome: RunOutcome
    pages: tuple[PageResult, ...] = ()
    reason: str = ""
    unwritten: tuple[PageResult, ...] = ()


@dataclass(frozen=True, slots=True)
class RunReport:
    """What carrying out the plan did: each page and each job, and whether it stopped.

    ``pages``: every page of the plan in saving order (the status page is ``status``);
    ``edits``: revisions saved (the status page's included); ``notified``: messages sent.
    """

    pages: tuple[PageResult, ...] = ()
    jobs: tuple[JobReport, ...] = ()
    stopped: str = ""
    edits: int = 0
    notified: int = 0
    status: PageResult | None = None

    @property
    def unwritten(self) -> tuple[PageResult, ...]:
        """The pages that do not hold what the plan says they should."""
        status = (self.status,) if self.status is not None else ()
        return tuple(page for page in (*self.pages, *status) if not page.outcome.written)

    @property
    def failed(self) -> bool:
        """Whether a job did not finish as planned (the run then exits 1)."""
        return bool(self.stopped) or any(not job.outcome.finished_well for job in self.jobs)


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a run did: its inputs, the match, the plan and what carrying it out did, and
    the shop-talk sessions."""

    inputs: Inputs
    result: MatchResult
    edits: tuple[PlannedEdit, ...]
    report: RunReport
    talks: ShopTalks = field(default_factory=ShopTalks)


@dataclass(frozen=True, slots=True)
class Effects:
    """What :func:`execute` acts through besides the wiki and the state.

    ``switch``: the kill switch, asked before every edit; ``next_due``: when each job is
    next due, asked once the jobs' outcomes are recorded; ``clock``: the time a step
    ends; ``bot``: the bot's account; ``preview``: the prefix of a preview's pages.
    """

    switch: KillSwitch
    next_due: Callable[[], Mapping[str, dt.datetime | None]]
    clock: Callable[[], dt.datetime]
    bot: str
    preview: str = ""
    progress: Progress | None = None


def execute(
    run: RunPlan, writer: PageWriter, store: State, mode: Mode, effects: Effects
) -> RunReport:
    """Carry out ``run`` as ``mode`` says (see :class:`Mode`)."""
    if mode is Mode.DRY_RUN:
        return planned_report(run)
    if mode is Mode.PREVIEW:
        return RunReport(pages=_preview(run, writer, effects).pages)
    return _live(run, writer, store, effects)


def planned_report(run: RunPlan) -> RunReport:
    """The report of a dry run: each page's outcome were the plan carried out."""
    jobs = []
    pages: list[PageResult] = []
    for job in _ordered(run):
        edits, held = saveable(run.edits_of(job))
        results = [*held, *(_as_planned(edit) for edit in edits)]
        jobs.append(_job_report(job, run, results, False))
        pages += results
    return RunReport(pages=tuple(pages), jobs=tuple(jobs))


def _as_planned(edit: PlannedEdit) -> PageResult:
    return PageResult(edit.title, edit.action, edit.action.outcome, reason=edit.reason)


def saveable(edits: Sequence[PlannedEdit]) -> tuple[list[PlannedEdit], list[PageResult]]:
    """The edits of one job that may be saved, and the pages held back.

    When the blanking guard refused one page of a job, the job's other pages are not saved
    either: they are views of the same data, which looks wrong, and a job's pages show one
    state of the data or none (the Groups page is not rewritten while Matches is refused).
    """
    refused = [edit for edit in edits if edit.action is Action.REFUSE]
    if not refused:
        return list(edits), []
    reason = f"{refused[0].title} of the same job was refused"
    kept = [edit for edit in edits if not edit.action.writes]
    held = [
        PageResult(edit.title, edit.action, PageOutcome.HELD_BACK, reason=reason)
        for edit in edits
        if edit.action.writes
    ]
    return kept, held


def _live(run: RunPlan, writer: PageWriter, store: State, effects: Effects) -> RunReport:
    run_ids = {job: store.start_run(job, run.started) for job in run.jobs}
    store.store_parses(run.parses)
    store.store_normalised(run.normalised)
    store.store_accounts((a.name, a.checked, a.to_json()) for a in run.accounts)
    store.store_render_parts(run.renders, keep=run.render_units)
    store.record_frames(run.frames)
    if run.solver:
        store.store_solver_start(SOLVER, run.solver)
    writes = sum(e.action.writes for job in _ordered(run) for e in saveable(run.edits_of(job))[0])
    log.info("plan: %d of %d pages to write", writes, len(run.edits))
    progress = effects.progress if writes else None
    if progress is not None:
        progress.start("saving pages", writes)
    try:
        jobs, pages, notified = _save_jobs(run, writer, store, effects, run_ids)
    finally:
        if progress is not None:
            progress.finish()
    stopped = STOPPED_BY_SWITCH if effects.switch.stopped else ""
    edits = sum(page.outcome.saved for page in pages)
    report = RunReport(tuple(pages), tuple(jobs), stopped, edits, notified)
    status = _save_status(run, writer, store, report, effects)
    if status is None:
        return report
    return RunReport(
        report.pages, report.jobs, stopped, edits + status.outcome.saved, notified, status
    )


def _save_jobs(
    run: RunPlan, writer: PageWriter, store: State, effects: Effects, run_ids: Mapping[str, int]
) -> tuple[list[JobReport], list[PageResult], int]:
    jobs: list[JobReport] = []
    pages: list[PageResult] = []
    notified = 0
    feedback_recorded = False
    tick = effects.progress.advance if effects.progress is not None else None
    for job in _ordered(run):
        edits, held = saveable(run.edits_of(job))
        saved = apply(edits, writer, run.policy, effects.switch.allows_edit, tick)
        record_pages(store, saved, edits, effects.clock())
        results = (*held, *saved.pages)
        report = _job_report(job, run, results, effects.switch.stopped)
        if report.outcome is RunOutcome.SUCCESS:
            if not feedback_recorded:
                record_feedback(store, run)
                feedback_recorded = True
            record_job(store, run_ids[job], run.records[job], run.started)
            if job == "matches" and run.notifications:
                notified = notify(run, writer, store, effects).messages
        store.finish_run(
            run_ids[job], report.outcome, run_counts(run, saved), _errors(report), effects.clock()
        )
        log.info(
            "job %s: %s%s", job, report.outcome, f" ({report.reason})" if report.reason else ""
        )
        jobs.append(report)
        pages += results
    return jobs, pages, notified


def _ordered(run: RunPlan) -> list[str]:
    """The run's jobs in :data:`SAVING_ORDER`."""
    return [job for job in dict.fromkeys((*SAVING_ORDER, *JOBS)) if job in run.jobs]


def _job_report(job: str, run: RunPlan, pages: Sequence[PageResult], stopped: bool) -> JobReport:
    """The job's outcome from its pages: a success only when every page is written.

    A tidy rewrite left alone (the directory page excludes the bot) is not a failure:
    tidying is housekeeping on people's pages, not a page the job publishes.
    """
    rewrites = {edit.title for edit in run.edits_of(job) if edit.desired.rewrite is not None}
    blocking = [
        page
        for page in pages
        if not page.outcome.written
        and not (page.title in rewrites and page.outcome is PageOutcome.SKIPPED)
    ]
    if not blocking:
        return JobReport(job, RunOutcome.SUCCESS, tuple(pages))
    outcome = (
        RunOutcome.STOPPED
        if stopped and any(page.outcome is PageOutcome.NOT_DONE for page in blocking)
        else RunOutcome.FAILED
    )
    causes = [page for page in blocking if page.outcome is not PageOutcome.HELD_BACK]
    first = (causes or blocking)[0]
    more = f" and {len(blocking) - 1} more" if len(blocking) > 1 else ""
    reason = f"{first.title}: {first.outcome} ({first.reason}){more}"
    return JobReport(job, outcome, tuple(pages), reason, tuple(blocking))


def record_feedback(store: State, run: RunPlan) -> None:
    """The feedback on the pages now, for the next runs' stability, and the ledger of who
    added it, which the next answer check starts from."""
    feedback = run.inputs.feedback
    store.record_feedback(((f.learner, f.sharer, f.skill, f.status) for f in feedback), run.started)
    store.store_snapshot(ANSWERS_SNAPSHOT, run.inputs.answers.to_json(), run.started)


def record_job(store: State, run_id: int, record: JobRecord, started: dt.datetime) -> None:
    """Remember what a successful job saw and published (see :class:`JobRecord`)."""
    store.record_source_revisions(record.job, record.revisions)
    store.record_generated_pages(record.job, record.generated)
    if record.tidy:
        store.record_source_revisions(TIDY_JOB, record.revisions)
    if record.measurement:
        store.store_snapshot(MEASUREMENT_SNAPSHOT, record.measurement, started)
    if record.job != "matches":
        return
    store.record_suggestions(run_id, record.suggestions, started)
    store.record_requests(record.requests, started)
    store.store_snapshot("groups", record.groups, started)
    store.store_snapshot("backups", record.backups, started)
    if record.silence:
        store.store_snapshot(SILENCE_SNAPSHOT, record.silence, started)
    if record.shop_talks:
        store.store_snapshot(SHOP_TALKS_SNAPSHOT, record.shop_talks, started)


def record_pages(
    store: State, report: SyncReport, edits: Sequence[PlannedEdit], now: dt.datetime
) -> None:
    """Remember the revision and text hash of every page the bot saved."""
    texts = {edit.title: edit.text for edit in edits}
    for page in report.pages:
        if page.outcome.saved:
            digest = hashlib.sha256(texts.get(page.title, "").encode()).hexdigest()
            store.record_page(page.title, page.revision, digest, now)


def notify(run: RunPlan, writer: PageWriter, store: State, effects: Effects) -> NotifyReport:
    """Tell participants who asked for it about the suggestions now on Matches: one message
    per person, each pair once."""

    def record(note: Notification, revision: int, when: dt.datetime) -> None:
        store.record_notification(
            note.recipient, note.learner, note.sharer, note.skill, when, revision, note.kind.value
        )

    notes = list(run.notifications)
    places = run.connections
    report = send(
        writer, notes, run.context, places, effects.bot, record, effects.switch.allows_edit
    )
    log.info(
        "notifications: %d messages about %d suggestions sent, %d found already sent",
        report.messages, report.sent, report.found,
    )  # fmt: skip
    for skipped in report.skipped:
        log.warning("notification not sent: %s", skipped)
    return report


def run_counts(run: RunPlan, saved: SyncReport) -> dict[str, int]:
    """The figures a job's run records in the state."""
    inputs, result = run.inputs, run.result
    return {
        "people": len(inputs.people),
        "entries": inputs.entries,
        "indicators": len(inputs.indicators.indicators),
        "suggestions": len(result.suggestions),
        "unmatched": len(result.unmatched),
        "problems": len(inputs.problems),
        "pages_fetched": inputs.read.fetched,
        "pages_parsed": inputs.read.parsed,
        "edits": saved.edits,
    }


def _errors(report: JobReport) -> list[str]:
    """One line per page that kept the job from succeeding."""
    return [f"{page.title}: {page.outcome} ({page.reason})" for page in report.unwritten]


def status_of(
    run: RunPlan,
    report: RunReport,
    finished: dt.datetime,
    next_due: Mapping[str, dt.datetime | None],
) -> RunStatus:
    """The status page's content: what the run did, from its report."""
    inputs, result = run.inputs, run.result
    figures, matched = result.figures, bool(MATCHING_JOBS.intersection(run.jobs))
    # a tidy rewrite left alone is housekeeping the page declined, not news of the run
    tidied = {edit.title for edit in run.edits if edit.desired.rewrite is not None}
    errors = tuple(line for job in report.jobs for line in _errors(job))
    return RunStatus(
        started=run.started,
        finished=finished,
        jobs=tuple(
            JobStatus(job.job, job.outcome, next_due.get(job.job), job.reason)
            for job in report.jobs
        ),
        pages=tuple(
            PageStatus(page.title, page.outcome, page.reason)
            for page in report.pages
            if not (page.title in tidied and page.outcome is PageOutcome.SKIPPED)
        ),
        counts={
            "participants": figures.participants if matched else len(inputs.people),
            "skills": len(inputs.taxonomy.skills),
            "suggestions": len(result.suggestions),
            "unmatched": figures.unmatched,
            "groups": len(result.groups),
            "clinics": len(result.clinics),
            "problems": len(inputs.public_problems),
            "edits": report.edits,
        },
        errors=errors[-5:],
    )


def _save_status(
    run: RunPlan, writer: PageWriter, store: State, report: RunReport, effects: Effects
) -> PageResult | None:
    """Render the status page from the report and save it if it says something new.

    Never for its times alone. A run that saved no page leaves the page as it is when it
    would say the same as when the bot last saved it, apart from the pages saved then:
    a run that changes nothing does not edit the status page. Not after the kill switch
    said stop: then nothing more is written.
    """
    if effects.switch.stopped:
        return None
    status = status_of(run, report, effects.clock(), effects.next_due())
    body = render_status(status, run.context)
    quiet = render_status(without_saves(status), run.context)
    base = run.status
    title = base.title
    current = find_section(base.text, STATUS_MARKER) if base.exists else None
    unchanged = PageResult(title, Action.UNCHANGED, PageOutcome.UNCHANGED)
    if current is not None and same_apart_from_times(current, body):
        return unchanged
    last = LastStatus.from_json(store.snapshot(STATUS_SNAPSHOT))
    if (
        not report.edits
        and last.revision == base.revision
        and same_apart_from_times(last.quiet, quiet)
    ):
        return unchanged
    messages = run.context.messages
    desired = with_summaries({title: (STATUS_MARKER, body)}, {title: base}, messages)[0]
    edit = plan_page(desired, base, run.policy)
    saved = apply([edit], writer, run.policy, effects.switch.allows_edit).pages[0]
    if saved.outcome.saved:
        payload = LastStatus(saved.revision, quiet).to_json()
        store.store_snapshot(STATUS_SNAPSHOT, payload, effects.clock())
    return saved


#: The state's snapshot of what the status page said when the bot last saved it.
STATUS_SNAPSHOT = "status page"


@dataclass(frozen=True, slots=True)
class LastStatus:
    """The status page as the bot last saved it: its revision, and what it said apart from
    the pages that run saved (``quiet``)."""

    revision: int = 0
    quiet: str = ""

    @classmethod
    def from_json(cls, payload: str | None) -> LastStatus:
        """The snapshot, or an empty one when there is none (or it is unreadable)."""
        try:
            data = json.loads(payload or "{}")
            return cls(int(data.get("revision", 0)), str(data.get("quiet", "")))
        except (ValueError, TypeError, AttributeError):
            return cls()

    def to_json(self) -> str:
        """The snapshot as stored."""
        return json.dumps({"revision": self.revision, "quiet": self.quiet})


def without_saves(status: RunStatus) -> RunStatus:
    """What the status says apart from the pages written (saved or already up to date):
    the jobs, the pages not written, the counts but the edits. A run that saved no page
    compares this."""
    pages = tuple(page for page in status.pages if not page.outcome.written)
    return dataclasses.replace(status, pages=pages, counts={**status.counts, "edits": 0})


def _preview(run: RunPlan, writer: PageWriter, effects: Effects) -> SyncReport:
    """Write the pages that would change under the preview prefix, the bot's own.

    The plan previewed has passed the blanking guard already, so an earlier preview's
    rows are no reason to refuse a preview page.
    """
    own = f"User:{effects.bot}/"
    if not effects.preview.startswith(own):
        raise ConfigError(f"--preview: {effects.preview!r} is not in the bot's user space ({own}…)")
    desired = preview_plan(run.edits, effects.preview)
    current = writer.read_pages(page.title for page in desired)
    policy = SyncPolicy(
        bot=effects.bot, allowed=AllowedTitles(prefixes=(own,)), max_row_removal=1.0
    )
    return apply(plan(desired, current, policy), writer, policy, effects.switch.allows_edit)
