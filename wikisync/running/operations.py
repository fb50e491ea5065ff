"""What the commands do, from settings to results: connect, lock, run, describe.

The CLI and the pywikibot scripts call these; the work itself is in :mod:`wikisync.planning.plan`.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikisync import wiki
from wikisync.codec import to_jsonable
from wikisync.collector import collector_paused
from wikisync.errors import AccountRightsError, ConfigError, WikisyncError
from wikisync.interfaces import Account, PageText
from wikisync.measuring.snapshots import MEASUREMENT_SNAPSHOT, Snapshots
from wikisync.measuring.tabular import tabular, tabular_text
from wikisync.model import Organisation, Problem, RawEntry, Severity, ShopTalks, Taxonomy
from wikisync.normalize import normalise, problems_summary
from wikisync.normalize.organisations import account_names, may_be_named
from wikisync.planning.edits import dry_run as plan_diffs
from wikisync.planning.plan import (
    RunPlan,
    answer_ledger,
    gather_inputs,
    plan_run,
    recorded_sessions,
)
from wikisync.reading.changes import (
    ACCOUNT_LOG_TYPES,
    Change,
    SourceWatch,
    file_fingerprint,
    first_change_after,
    log_accounts,
    relevance,
    run_key,
)
from wikisync.reading.pagefiles import title_for
from wikisync.reading.parse import parse_taxonomy
from wikisync.reading.readers import read_entries, reader_for
from wikisync.reading.sources import (
    SourceTitles,
    load_programme_from_wiki,
    source_titles,
)
from wikisync.render.settings import PageSettings
from wikisync.running.progress import Progress
from wikisync.running.schedule import JOBS, JobHistory, due_jobs, next_due, selected_jobs
from wikisync.running.state import (
    FAILED,
    INTERRUPTED,
    RUNNING,
    STOPPED,
    SUCCESS,
    UNCHANGED,
    RunRecord,
    State,
)
from wikisync.settings.config import Settings, load_settings
from wikisync.settings.programme import PageFormat, Programme, default_programme, load_programme
from wikisync.writing.execute import Effects, JobReport, Mode, RunResult, execute, planned_report
from wikisync.writing.safety import KillSwitch, talk_page_stop

#: Problems that need the taxonomy; not reported when a local check has none.
SKILL_CODES = frozenset({"unknown-skill", "ambiguous-skill"})


def now() -> dt.datetime:
    """The current time, UTC."""
    return dt.datetime.now(dt.UTC)


#: Rights a run needs: the bot flag (edits stay out of recent changes by default), editing,
#: creating the generated pages, and the API's high limits for batched reads are optional.
REQUIRED_RIGHTS = ("bot", "edit", "createpage")
#: Slack for clocks that disagree: changes this long before a run's start still count.
#: The state's snapshot name for what the last full run read.
WATCH_SNAPSHOT = "sources"


@dataclass(frozen=True, slots=True)
class JobsRun:
    """What ``wikisync run`` did: the jobs it ran, those it found unchanged, those not due."""

    ran: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    not_due: tuple[str, ...] = ()
    result: RunResult | None = None
    next_due: Mapping[str, dt.datetime | None] = field(default_factory=dict)


def connect(config: str | None) -> tuple[Settings, wiki.Wiki, Programme]:
    """Settings, a logged-in connection and the programme settings from the wiki."""
    settings = load_settings(config)
    connection = wiki.connect(settings.wiki)
    return settings, connection, load_programme_from_wiki(connection, settings)


def sync(
    config: str | None,
    *,
    dry_run: bool = False,
    preview: str = "",
    csv_file: Path | None = None,
) -> RunResult:
    """Every job now, whatever changed (a dry run, or a preview, if asked)."""
    done = run(config, JOBS, force=True, dry_run=dry_run, preview=preview, csv_file=csv_file)
    assert done.result is not None
    return done.result


#: How far before now the demo's first run is dated: in the month before, so that the
#: shared measurement page shows two periods.
DEMO_EARLIER = dt.timedelta(days=31)


def sync_with_earlier_period(config: str | None, earlier: dt.timedelta = DEMO_EARLIER) -> RunResult:
    """Every job twice: once as if run ``earlier`` (its clock set back), then now.

    The first run measures the programme as it stands and keeps the values under the
    earlier period; the second keeps them under the current one, so the shared
    measurement page has an earlier period to compare with (``wikisync demo``).
    """
    moment = now() - earlier
    run(config, JOBS, force=True, clock=lambda: moment)
    return sync(config)


def run(
    config: str | None,
    names: Sequence[str] = (),
    *,
    force: bool = False,
    dry_run: bool = False,
    preview: str = "",
    csv_file: Path | None = None,
    clock: Callable[[], dt.datetime] = now,
    progress: Progress | None = None,
    connect_to: Callable[[Settings], wiki.Wiki] | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> JobsRun:
    """Run the named jobs, or those due; skip those whose sources did not change.

    A dry run or a preview covers the jobs a run with the same arguments would run
    (``force``: every job); it takes no lock and changes nothing in the state, and a dry
    run writes nothing to the wiki either. A real run holds the state lock throughout, and
    one that succeeded leaves a checked copy of the state for 'wikisync state restore'.
    ``connect_to`` replaces the login from the settings (the pywikibot scripts log in
    through pywikibot's own configuration). ``clock`` gives the run's start; ``monotonic``
    (seconds) paces the readings of the kill switch.
    """
    mode = Mode.DRY_RUN if dry_run else Mode.PREVIEW if preview else Mode.LIVE
    asked = JobRequest(
        names, clock(), force, mode, preview, csv_file, progress, connect_to, monotonic
    )
    with prepared_run(config, asked) as prepared:
        return carry_out(prepared)


@dataclass(frozen=True, slots=True)
class JobRequest:
    """What one run was asked to do."""

    names: Sequence[str]
    moment: dt.datetime
    force: bool
    mode: Mode
    preview: str = ""
    csv_file: Path | None = None
    progress: Progress | None = None
    connect_to: Callable[[Settings], wiki.Wiki] | None = None
    monotonic: Callable[[], float] = time.monotonic


@dataclass(frozen=True, slots=True)
class PreparedRun:
    """A run planned and not carried out yet: what :func:`carry_out` will do, exactly.

    ``plan`` is None when no job needs running (none due, or none changed).
    """

    asked: JobRequest
    settings: Settings
    state: State
    connection: wiki.Wiki | None
    to_run: tuple[str, ...]
    unchanged: tuple[str, ...]
    not_due: tuple[str, ...]
    plan: RunPlan | None = None
    watch: SourceWatch | None = None

    def dry_report(self) -> RunResult | None:
        """What carrying the plan out would do, for showing before it is confirmed."""
        if self.plan is None:
            return None
        plan = self.plan
        return RunResult(plan.inputs, plan.result, plan.edits, planned_report(plan), plan.talks)


@contextmanager
def prepared_run(config: str | None, asked: JobRequest) -> Iterator[PreparedRun]:
    """Plan the run ``asked`` for, holding the state (and, to run live, its lock) while
    the caller carries it out with :func:`carry_out` (or does not)."""
    settings = load_settings(config)
    if asked.mode is not Mode.LIVE:
        with State.open_existing(settings.state_path) or State.scratch() as state:
            yield prepare(settings, state, asked)
        return
    with State.open(settings.state_path) as state, state.lock("wikisync run"):
        try:
            yield prepare(settings, state, asked)
        except WikisyncError as e:
            names = asked.names or (JOBS if asked.force else ())
            _record_failure(state, names, settings, asked.moment, str(e))
            raise


def prepare(settings: Settings, state: State, asked: JobRequest) -> PreparedRun:
    """Which jobs run, which are unchanged or not due, and the plan of those that run."""
    moment = asked.moment
    histories = job_histories(state)
    if asked.names or asked.force:
        jobs = selected_jobs(asked.names or JOBS)
    else:
        jobs = due_jobs(settings.schedules, histories, moment)
    not_due = tuple(job for job in JOBS if job not in jobs)
    if not jobs:
        return PreparedRun(asked, settings, state, None, (), (), not_due)
    connection = (asked.connect_to or _login)(settings)
    require_rights(connection.account(), writes=asked.mode is not Mode.DRY_RUN)
    unchanged: list[str] = []
    read: ChangesRead | None = None
    if not (asked.force or asked.csv_file or asked.mode is Mode.PREVIEW):
        unchanged, read = unchanged_jobs(connection, state, settings, jobs, moment)
    to_run = tuple(job for job in jobs if job not in unchanged)
    prepared = PreparedRun(asked, settings, state, connection, to_run, tuple(unchanged), not_due)
    if not to_run:
        return prepared
    programme = load_programme_from_wiki(connection, settings)
    titles = source_titles(connection, programme)
    account_log = AccountChanges(connection, settings.run.clock_slack, read)
    with collector_paused():
        planned = plan_run(
            connection, state, settings, programme, titles, moment, jobs=to_run,
            csv_file=asked.csv_file, account_log=account_log,
            switch=switch_title(settings), monotonic=asked.monotonic,
        )  # fmt: skip
    inputs = planned.inputs
    people = [person.username for person in inputs.people]
    people += account_names(inputs.organisations)
    csv_read = asked.csv_file or settings.registrations_csv
    watch = source_watch(connection, settings, programme, titles, people, csv_read)
    return dataclasses.replace(prepared, plan=planned, watch=watch)


def carry_out(prepared: PreparedRun) -> JobsRun:
    """Carry out the prepared run: exactly the plan it holds, in its mode."""
    asked, state, settings = prepared.asked, prepared.state, prepared.settings
    live = asked.mode is Mode.LIVE
    if live:
        for job in prepared.unchanged:
            state.record_finished_run(job, asked.moment, clock_now(asked.moment), UNCHANGED)
    result = None
    if prepared.plan is not None and prepared.connection is not None:
        report = execute(prepared.plan, prepared.connection, state, asked.mode, effects(prepared))
        plan = prepared.plan
        result = RunResult(plan.inputs, plan.result, plan.edits, report, plan.talks)
        if live and prepared.watch is not None:
            state.store_snapshot(WATCH_SNAPSHOT, prepared.watch.to_json(), asked.moment)
    done = JobsRun(
        ran=prepared.to_run,
        unchanged=prepared.unchanged,
        not_due=prepared.not_due,
        result=result,
        next_due=next_due_times(settings, state),
    )
    if live and (done.ran or done.unchanged) and not run_failed(done):
        state.keep_backup()
    return done


def effects(prepared: PreparedRun) -> Effects:
    """The kill switch, the schedule and the clock a prepared run is carried out with."""
    asked, settings, connection = prepared.asked, prepared.settings, prepared.connection
    assert connection is not None
    assert prepared.plan is not None
    title = switch_title(settings)

    def read_switch() -> PageText:
        return connection.read_pages([title])[title]

    seconds = settings.run.kill_switch_seconds
    return Effects(
        switch=KillSwitch(read_switch, seconds, asked.monotonic, prepared.plan.switch),
        next_due=lambda: next_due_times(settings, prepared.state),
        clock=lambda: clock_now(asked.moment),
        bot=settings.wiki.user,
        preview=asked.preview,
        progress=asked.progress,
    )


def switch_title(settings: Settings) -> str:
    """The kill-switch page: ``User:<bot>/Run``."""
    return f"User:{settings.wiki.user}/Run"


def _login(settings: Settings) -> wiki.Wiki:
    return wiki.connect(settings.wiki, warm_up=False)


def clock_now(moment: dt.datetime) -> dt.datetime:
    """The end of a step: the real time, or ``moment`` when a test clock runs behind it."""
    return max(now(), moment)


def _record_failure(
    state: State, names: Sequence[str], settings: Settings, moment: dt.datetime, error: str
) -> None:
    """Every job this run was for ends as failed, with the error for ``wikisync status``."""
    failed = state.fail_unfinished_runs(error, clock_now(moment))
    if failed:
        return
    try:
        jobs = (
            selected_jobs(names)
            if names
            else due_jobs(settings.schedules, job_histories(state), moment)
        )
    except ConfigError:
        return
    for job in jobs:
        state.record_finished_run(job, moment, clock_now(moment), FAILED, [error])


def require_rights(account: Account, *, writes: bool) -> None:
    """Stop with one clear line when the bot account cannot or should not write.

    Besides missing rights, a new message on the bot's talk page stops every write, as
    bot policies ask: it is often someone asking the bot to stop.
    """
    if not writes:
        return
    stop = talk_page_stop(account)
    if stop:
        raise AccountRightsError(stop)
    missing = [right for right in REQUIRED_RIGHTS if right not in account.rights]
    if not missing:
        return
    if "bot" in missing:
        advice = (
            f"ask a bureaucrat to add {account.user} to the 'bot' group, or check that the "
            "BotPassword grants include 'High-volume editing'"
        )
    else:
        advice = "check the account's groups and the grants of its BotPassword"
    raise AccountRightsError(
        f"{account.user} on {account.site} lacks the right(s) {', '.join(missing)}: {advice}"
    )


def job_histories(state: State) -> dict[str, JobHistory]:
    """Each job's last successful (or unchanged) start, its failure since then, if any,
    and whether a run of it was interrupted since its last full run.

    A run whose process died (interrupted) is not a failure to wait out: the next run
    finishes its work at once.
    """
    histories = {}
    for job in JOBS:
        success = state.last_run_in(job, (SUCCESS, UNCHANGED))
        failure = state.last_run_in(job, (FAILED, STOPPED))
        failed_later = failure is not None and (success is None or failure.id > success.id)
        histories[job] = JobHistory(
            last_success=success.started if success else None,
            last_failure=failure.started if failure and failed_later else None,
            interrupted=interrupted_run(state, job) is not None,
        )
    return histories


def interrupted_run(state: State, job: str) -> RunRecord | None:
    """The job's latest unfinished run if its process died after the last full run.

    Its pages may be half written and its notifications unsent, so neither an
    "unchanged" verdict nor the schedule may wait: only a full run finishes it.
    """
    unfinished = state.last_run_in(job, (RUNNING, INTERRUPTED))
    if unfinished is None or unfinished.outcome != INTERRUPTED:
        return None
    full = state.last_run(job)
    return unfinished if full is None or full.id < unfinished.id else None


def next_due_times(settings: Settings, state: State) -> dict[str, dt.datetime | None]:
    """When each job is next due (None: now)."""
    histories = job_histories(state)
    return {job: next_due(settings.schedules[job], histories[job]) for job in JOBS}


@dataclass(frozen=True, slots=True)
class ChangesRead:
    """The wiki's recent changes as a run read them: every change since ``since``."""

    since: dt.datetime
    changes: tuple[Change, ...]


class AccountChanges:
    """The accounts blocked, unblocked, reblocked or renamed after a moment (see
    :data:`wikisync.planning.accounts.AccountLog`), from the wiki's recent changes.

    The changes the check before the run read (``read``) answer when they reach back far
    enough; otherwise the log entries since the moment are read (one request, more only on
    a busy wiki). Changes up to ``slack`` (``[run] clock_slack_seconds``) before the moment
    count.
    """

    def __init__(
        self, connection: wiki.Wiki, slack: dt.timedelta, read: ChangesRead | None = None
    ) -> None:
        self._connection = connection
        self._slack = slack
        self._read = read

    def __call__(self, after: dt.datetime) -> set[str]:
        since = after - self._slack
        read = self._read
        if read is None or read.since > since:
            items = self._connection.recent_changes(_iso(since), kinds="log")
            read = ChangesRead(since, tuple(change_of(item) for item in items))
            self._read = read
        return {
            name
            for change in read.changes
            if change.log_type in ACCOUNT_LOG_TYPES and change.timestamp >= since
            for name in change.accounts
        }


def unchanged_jobs(
    connection: wiki.Wiki,
    state: State,
    settings: Settings,
    jobs: Sequence[str],
    moment: dt.datetime,
) -> tuple[list[str], ChangesRead | None]:
    """The jobs whose sources did not change since their last full run (earlier today).

    One ``recentchanges`` request (more only on a busy wiki) instead of a full read. A job
    always runs fully once a day (UTC): dates move people from away to active and let
    requests wait longer, so the pages can change without any edit. A job interrupted
    since its last full run always runs fully. The same recent changes hold the blocks,
    unblocks and renames of the participants, which change who may be matched. The
    registration export named in the settings counts as changed when its content did.
    Also returns the recent changes it read, if any (their account log entries serve the
    account checks of the run).
    """
    payload = state.snapshot(WATCH_SNAPSHOT)
    if payload is None:
        return [], None
    watch = SourceWatch.from_json(payload)
    bot = settings.wiki.user
    if watch.key != run_key(settings.config_page, bot) or (watch.participants is None):
        return [], None
    if watch.csv != file_fingerprint(settings.registrations_csv):
        return [], None
    last_full = {job: state.last_run(job) for job in jobs if interrupted_run(state, job) is None}
    eligible = {
        job: run.started - settings.run.clock_slack
        for job, run in last_full.items()
        if run is not None and run.started.date() == moment.date()
    }
    if not eligible:
        return [], None
    since = min(eligible.values())
    changes = [change_of(item) for item in connection.recent_changes(_iso(since))]
    read = ChangesRead(since, tuple(changes))
    found = relevance(changes, watch, bot)
    relevant = set(found.changed)
    if found.to_check:
        relevant |= connection.transcluding(found.to_check, watch.templates)
    unchanged = [
        job
        for job, start in eligible.items()
        if not (first_change_after(changes, relevant, start) or found.account_change_after(start))
    ]
    return unchanged, read


def change_of(item: Mapping[str, Any]) -> Change:
    """A recent-changes entry of the API as a :class:`Change`."""
    params = item.get("logparams") or {}
    params = params if isinstance(params, Mapping) else {}
    title, log_type = str(item.get("title", "")), str(item.get("logtype", ""))
    return Change(
        title=title,
        user=str(item.get("user", "")),
        timestamp=dt.datetime.fromisoformat(str(item["timestamp"]).replace("Z", "+00:00")),
        kind=str(item.get("type", "edit")),
        log_type=log_type,
        target=str(params.get("target_title", "")),
        accounts=log_accounts(log_type, title, params),
    )


def source_watch(
    connection: wiki.Wiki,
    settings: Settings,
    programme: Programme,
    titles: SourceTitles,
    participants: Iterable[str],
    csv_file: Path | None = None,
) -> SourceWatch:
    """What this run read and whom it checked, for the next run's "did any of it change?"."""
    sources = programme.sources
    sets = ((sources.directory, programme.templates.entry),
            (sources.registrations, programme.templates.registration))  # fmt: skip
    prefixed = (sources.directory, sources.registrations, sources.feedback_archives,
                sources.resources, sources.organisations,
                *(reader.pages for reader in sources.readers))  # fmt: skip
    prefixes = sorted({connection.normal_title(s.prefix) for s in prefixed if s.prefix})
    templates = sorted({connection.normal_title(t, 10) for s, t in sets if s.transcluding})
    return SourceWatch(
        titles=titles.all(),
        prefixes=tuple(prefixes),
        templates=tuple(templates),
        settings_page=connection.normal_title(settings.config_page),
        key=run_key(settings.config_page, settings.wiki.user),
        participants=tuple(sorted(set(participants))),
        csv=file_fingerprint(csv_file),
    )


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_wiki(config: str | None) -> list[Problem]:
    """Every problem of the configured wiki's sources (reads through the parse cache)."""
    settings, connection, programme = connect(config)
    titles = source_titles(connection, programme)
    with State.open(settings.state_path) as state, collector_paused():
        inputs = gather_inputs(
            connection,
            state,
            programme,
            titles,
            now().date(),
            settings.registrations_csv,
            answers=answer_ledger(state),
        )
    return list(inputs.public_problems)


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What ``wikisync check --file`` found: the entries on each file, and every problem."""

    #: What was looked for in each file: ``{{Template}} entries`` or a reader's format.
    looked_for: Mapping[str, str]
    entries: Mapping[str, int]
    problems: tuple[Problem, ...]

    @property
    def empty_files(self) -> list[str]:
        """The files in which the reader found no entry."""
        return [name for name, count in self.entries.items() if not count]


def check_files(
    files: Sequence[Path], taxonomy_file: Path | None, settings_file: Path | None = None
) -> FileCheck:
    """Problems of local page files, with no wiki: parse, normalise, report.

    ``settings_file`` is the programme's JSON settings (the on-wiki settings page saved as
    a file): its template and parameter names decide what is read.
    """
    programme = local_programme(settings_file)
    taxonomy, problems = _local_taxonomy(taxonomy_file, programme)
    raw: list[RawEntry] = []
    entries: dict[str, int] = {}
    looked_for: dict[str, str] = {}
    for path in files:
        title = local_title(path)
        reader = reader_for(title, programme)
        found_entries, found = read_entries(
            reader, path.read_text(encoding="utf-8"), title, 0, programme, shown_as=str(path)
        )
        looked_for[str(path)] = (
            f"{{{{{reader.template or programme.templates.entry}}}}} entries"
            if reader.format is PageFormat.TEMPLATE
            else f"entries in the {reader.format.value} format"
        )
        raw += found_entries
        problems += found
        entries[str(path)] = len(found_entries)
    directory = normalise(raw, taxonomy, programme, now().date())
    problems += directory.problems
    if taxonomy_file is None:
        problems = [p for p in problems if p.code not in SKILL_CODES]
    return FileCheck(looked_for, entries, tuple(problems))


def local_title(path: Path) -> str:
    """The wiki title a local file stands for (see :mod:`wikisync.reading.pagefiles`): its path
    below the current folder, or its name when it lies elsewhere."""
    resolved = path.resolve()
    root = Path.cwd() if resolved.is_relative_to(Path.cwd()) else resolved.parent
    return title_for(resolved, root)


def local_programme(path: Path | None) -> Programme:
    """The programme settings from a local JSON file (the defaults without one)."""
    if path is None:
        return default_programme()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}: not valid JSON ({e})") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the settings: {e}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a JSON object of settings")
    return load_programme(data)


def _local_taxonomy(path: Path | None, programme: Programme) -> tuple[Taxonomy, list[Problem]]:
    if path is None:
        return Taxonomy(()), []
    taxonomy, problems = parse_taxonomy(
        path.read_text(encoding="utf-8"), str(path), 0, programme.templates
    )
    return taxonomy, list(problems)


def describe_file_check(check: FileCheck) -> str:
    """How many entries each file holds, a warning for a file with none, then the problems."""
    lines = [
        f"{name}: {count} {'entry' if count == 1 else 'entries'}"
        for name, count in check.entries.items()
    ]
    lines += [
        f"{name}: warning: no {check.looked_for[name]} found; if the page uses another "
        "template, format or parameter names, pass the programme settings with --settings "
        "FILE.json"
        for name in check.empty_files
    ]
    lines.append(describe_problems(check.problems))
    return "\n".join(lines)


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any problem is an error (``wikisync check`` then exits 1)."""
    return any(p.severity is Severity.ERROR for p in problems)


def describe_problems(problems: Sequence[Problem]) -> str:
    """One line per problem, by page and position on the page, and a count per code."""
    lines = []
    for problem in sorted(problems, key=_position):
        page = problem.source.page if problem.source else "-"
        hint = f" (did you mean: {', '.join(problem.hints)})" if problem.hints else ""
        lines.append(
            f"{page}:{_where(problem)}: {problem.severity.name.lower()}: {problem.code}: "
            f"{problem.message}{hint}"
        )
    summary = ", ".join(f"{code} {count}" for code, count in problems_summary(problems).items())
    lines.append(f"{len(problems)} problems" + (f": {summary}" if summary else ""))
    return "\n".join(lines)


def _position(problem: Problem) -> tuple[str, int, int, int, str]:
    source = problem.source
    if source is None:
        return ("", 0, 0, -problem.severity, problem.code)
    return (source.page, source.line, source.index, -problem.severity, problem.code)


def _where(problem: Problem) -> str:
    source = problem.source
    if source is None:
        return "-"
    entry = f"entry {source.index + 1}"
    return f"{source.line}: {entry}" if source.line else entry


def describe_run(result: RunResult, *, dry_run: bool) -> str:
    """What a run read, matched and did to each page."""
    inputs = result.inputs
    lines = [
        f"read:     {inputs.read.pages} source pages, {inputs.read.fetched} fetched, "
        f"{inputs.read.parsed} parsed; {inputs.entries} entries -> {len(inputs.people)} people",
        f"matched:  {len(result.result.suggestions)} suggestions, "
        f"{len(result.result.unmatched)} requests without a match, "
        f"{len(result.result.groups)} groups, {len(result.result.clinics)} clinic candidates",
        f"problems: {len(inputs.public_problems)} (wikisync check lists them)",
    ]
    talks = result.talks
    if talks.wants:
        lines.insert(2, _shop_talk_line(talks))
    report = result.report
    if dry_run:
        changes = [e for e in result.edits if e.action.writes]
        lines.append(plan_diffs(result.edits).rstrip("\n"))
        lines += [_job_line(job, would=True) for job in report.jobs]
        lines.append(f"dry run: {len(changes)} pages would change; nothing was written")
        return "\n".join(lines)
    pages = (*report.pages, *((report.status,) if report.status is not None else ()))
    for page in pages:
        reason = f" ({page.reason})" if page.reason else ""
        lines.append(f"{page.outcome:10} {page.title}{reason}")
    lines += [_job_line(job, would=False) for job in report.jobs]
    if report.stopped:
        lines.append(f"stopped: {report.stopped}")
    lines.append(f"edits:    {report.edits}")
    return "\n".join(lines)


def _shop_talk_line(talks: ShopTalks) -> str:
    """The shop talks in one line: sessions, wants served against the most possible, and
    the asking organisations per session."""
    mean = talks.served / len(talks.sessions) if talks.sessions else 0.0
    return (
        f"shop talks: {len(talks.sessions)} sessions, {talks.served} of {talks.wants} wanted "
        f"skills served (at most {talks.bound} could be), {mean:.2f} asking organisations "
        "per session"
    )


def _job_line(job: JobReport, *, would: bool) -> str:
    outcome = (
        f"would {'succeed' if job.outcome.finished_well else 'fail'}" if would else job.outcome
    )
    reason = f": {job.reason}" if job.reason else ""
    return f"job:      {job.job} {outcome}{reason}"


def describe_jobs(done: JobsRun, *, dry_run: bool) -> str:
    """What ``wikisync run`` did with each job, then the run's details, then what is next."""
    lines = []
    if done.ran:
        lines.append(f"ran:       {', '.join(done.ran)}")
    if done.unchanged:
        lines.append(f"unchanged: {', '.join(done.unchanged)} (no source page changed)")
    if not done.ran and not done.unchanged:
        lines.append("nothing due")
    if done.result is not None:
        lines.append(describe_run(done.result, dry_run=dry_run))
    lines += [f"next:      {job} {_when(due)}" for job, due in sorted(done.next_due.items())]
    return "\n".join(lines)


def status_report(config: str | None, limit: int = 10) -> str:
    """``wikisync status``: the lock, what is due next, the latest runs and errors.

    Reads only the local state; it never contacts the wiki.
    """
    settings = load_settings(config)
    state = State.open_existing(settings.state_path)
    if state is None:
        return f"state:    {settings.state_path} (none yet: no run so far)"
    with state:
        holder = state.lock_holder()
        lines = [
            f"state:    {settings.state_path}",
            f"running:  {holder.describe() if holder else 'no'}",
            "",
            "job            schedule         last success          next due",
        ]
        histories = job_histories(state)
        for job, due in next_due_times(settings, state).items():
            last = histories[job].last_success
            last_text = f"{last:%Y-%m-%d %H:%M} UTC" if last else "never"
            lines.append(
                f"{job:14} {settings.schedules[job].describe():16} {last_text:21} {_when(due)}"
            )
        runs = state.recent_runs(limit)
        lines += ["", "recent runs (newest first):"]
        lines += [_run_line(run) for run in runs] or ["  none"]
        failed = [run for run in runs if run.errors]
        if failed:
            lines += ["", "last errors:"]
            lines += [
                f"  {run.job} #{run.id}: {error}" for run in failed[:3] for error in run.errors[:3]
            ]
    return "\n".join(lines)


def _run_line(run: RunRecord) -> str:
    ended = f"{run.ended:%H:%M:%S}" if run.ended else "-"
    edits = run.counts.get("edits")
    extra = f", {edits} edits" if edits is not None else ""
    started = f"{run.started:%Y-%m-%d %H:%M:%S}"
    return f"  #{run.id:<5} {run.job:14} {started} -> {ended:8} {run.outcome}{extra}"


def _when(due: dt.datetime | None) -> str:
    return "now" if due is None else f"at {due:%Y-%m-%d %H:%M} UTC"


def changed_pages(result: RunResult) -> list[str]:
    """Titles the plan creates or updates."""
    return [e.title for e in result.edits if e.action.writes]


def run_failed(done: JobsRun) -> bool:
    """Whether a job of the run did not finish as planned (exit code 1): a page refused,
    skipped, in conflict or not written, or the kill switch stopped the run."""
    return done.result is not None and done.result.report.failed


def failed_pages(result: RunResult) -> list[str]:
    """Titles that do not hold what the plan says they should (refused, skipped, held
    back, in conflict, protected, not saved or not done)."""
    return [page.title for page in result.report.unwritten]


def export(config: str | None, fmt: str, records_of: str = "people") -> str:
    """The normalised public records as JSON or CSV text. JSON holds the people, the
    organisations, the suggestions and the shop-talk sessions the last matches job
    recorded; CSV one row per item of ``records_of`` (people, organisations or
    sessions). ``tab``: the indicators' values period by period as Commons-style tabular
    data (see :mod:`wikisync.measuring.tabular`), as the last runs measured them."""
    settings, connection, programme = connect(config)
    titles = source_titles(connection, programme)
    with State.open(settings.state_path) as state, collector_paused():
        inputs = gather_inputs(
            connection,
            state,
            programme,
            titles,
            now().date(),
            settings.registrations_csv,
            answers=answer_ledger(state),
        )
        suggestions = state.current_suggestions()
        sessions = recorded_sessions(state)
        measured = Snapshots.from_json(state.snapshot(MEASUREMENT_SNAPSHOT))
    if fmt == "tab":
        lang = PageSettings.from_mapping(programme.pages).language
        return tabular_text(tabular(inputs.indicators, measured, lang))
    public = programme.public_fields
    records = [_public_record(to_jsonable(person), public) for person in inputs.people]
    named = {person.username for person in inputs.people if may_be_named(person)}
    organisations = [organisation_record(item, named) for item in inputs.organisations]
    if fmt == "json":
        data = {
            "people": records,
            "organisations": organisations,
            "suggestions": [
                {"learner": learner, "skill": skill, "sharer": sharer}
                for (learner, skill), sharer in sorted(suggestions.items())
            ],
            "sessions": sessions,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    chosen = {"people": records, "organisations": organisations, "sessions": sessions}
    return _csv(chosen[records_of])


_EXPORT_FIELDS = {
    "username": "username",
    "affiliation": "affiliation",
    "region": "region",
    "country": "country",
    "languages": "languages",
    "timezone": "timezone",
    "share": "shares",
    "learn": "learns",
    "projects": "projects",
    "capacity": "capacity",
    "status": "status",
    "clinic": "clinic",
}


def organisation_record(organisation: Organisation, named: Set[str]) -> dict[str, object]:
    """An organisation as exported: what its entry says, normalised, and those of the
    participants linked to it who may be ``named`` (where it was written is left out)."""
    data = to_jsonable(organisation)
    data["participants"] = [name for name in organisation.participants if name in named]
    return {key: value for key, value in data.items() if key != "source"}


def _public_record(data: dict[str, object], public: frozenset[str]) -> dict[str, object]:
    return {key: data[attr] for key, attr in _EXPORT_FIELDS.items() if key in public}


def _csv(records: Sequence[dict[str, object]]) -> str:
    out = io.StringIO()
    if not records:
        return ""
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return "-".join(str(item) for item in value.values())
    return "" if value is None else str(value)
