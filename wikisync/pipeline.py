"""One sync run: read -> parse -> normalise -> match -> render -> plan -> write -> record.

Each step is a plain function on plain data; only reading (:mod:`wikisync.sources`) and
writing (:mod:`wikisync.sync`) touch the wiki. ``wikisync run`` calls :func:`run_sync`;
``wikisync check`` stops after :func:`gather_inputs`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wikisync.codec import from_jsonable, to_jsonable
from wikisync.config import Settings
from wikisync.errors import ConfigError
from wikisync.feedback import resolve, undo_shift, withdrawn_since
from wikisync.jobs import page_kind, pages_of_jobs
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import (
    AccountState,
    EntryKind,
    Feedback,
    Group,
    LearnRequest,
    MatchResult,
    Person,
    Problem,
    RawEntry,
    Severity,
    SourceRef,
    Status,
    Taxonomy,
)
from wikisync.normalize import AccountInfo, NormalisedDirectory, account_problems, normalise
from wikisync.normalize.entry import normalise_entry
from wikisync.normalize.skills import SkillIndex
from wikisync.notify import Notification, NotifyReport, due_notifications, send
from wikisync.parse import alias_table, parse_entries
from wikisync.programme import Programme
from wikisync.progress import LOGGER, Progress
from wikisync.records import directory_entry_wikitext, read_registration_csv, tidy_entry
from wikisync.render.context import RenderContext
from wikisync.render.i18n import SUPPORTED_LANGUAGES, Messages
from wikisync.render.markers import find_section
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.pages.skills import MARKER as SKILL_MARKER
from wikisync.render.pages.statistics import HistoryPoint
from wikisync.render.pages.status import RunStatus
from wikisync.render.settings import PageSettings
from wikisync.render.summaries import page_summary
from wikisync.schedule import JOBS
from wikisync.sources import (
    NEW_ENTRIES_SECTION,
    ParseCache,
    ReadStats,
    SourceTitles,
    outside_problems,
    page_parser,
    parser_key,
    read_parsed,
)
from wikisync.state import State
from wikisync.sync import (
    DesiredPage,
    PlannedEdit,
    SourceCounts,
    SyncPolicy,
    SyncReport,
    apply,
    plan,
    preview_plan,
    switch_says_yes,
)
from wikisync.titles import AllowedTitles, programme_titles
from wikisync.wiki import PageText, Wiki

log = logging.getLogger(LOGGER)

#: The jobs whose pages need the matching stage.
MATCHING_JOBS = frozenset({"matches", "resources"})
#: The state's name for the source revisions that tidy mode has already handled.
TIDY_JOB = "tidy"
#: Problems about these sources are never published (they name rows of a private export).
PRIVATE_SOURCE_PREFIX = "csv:"


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything read and normalised: the input of matching and of the problems page."""

    taxonomy: Taxonomy
    directory: NormalisedDirectory
    people: tuple[Person, ...]
    feedback: tuple[Feedback, ...]
    problems: tuple[Problem, ...]
    revisions: Mapping[str, int]
    read: ReadStats
    entries: int

    @property
    def public_problems(self) -> tuple[Problem, ...]:
        """The problems that may appear on a wiki page (none about the private export)."""
        return tuple(
            p
            for p in self.problems
            if p.source is None or not p.source.page.startswith(PRIVATE_SOURCE_PREFIX)
        )


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a run did: its inputs, the match, the plan and what applying it did."""

    inputs: Inputs
    result: MatchResult
    edits: tuple[PlannedEdit, ...]
    report: SyncReport


def gather_inputs(
    connection: Wiki,
    state: ParseCache | None,
    programme: Programme,
    titles: SourceTitles,
    today: dt.date,
    csv_file: Path | None = None,
) -> Inputs:
    """Read and parse every source page (cached by revision), then normalise and check accounts."""
    parsed, stats = read_parsed(
        connection, state, titles.all(), parser_key(programme), page_parser(programme, titles)
    )
    problems: list[Problem] = [p for page in parsed.values() for p in page.problems]
    problems += missing_source_problems(titles, {t: page.exists for t, page in parsed.items()})
    problems += outside_problems(titles)
    taxonomy = Taxonomy(parsed[titles.taxonomy].skills) if titles.taxonomy else Taxonomy(())
    raw: list[RawEntry] = [entry for page in parsed.values() for entry in page.entries]
    if csv_file is not None:
        rows, csv_problems = read_csv(csv_file, programme)
        raw += rows
        problems += csv_problems
    directory = normalise(raw, taxonomy, programme, today)
    people, account_notes = check_accounts(connection, directory.people, programme, today)
    return Inputs(
        taxonomy=taxonomy,
        directory=directory,
        people=people,
        feedback=resolve(f for title in titles.feedback_pages() for f in parsed[title].feedback),
        problems=(*problems, *directory.problems, *account_notes),
        revisions={title: page.revision for title, page in parsed.items()},
        read=stats,
        entries=len(raw),
    )


def read_csv(path: Path, programme: Programme) -> tuple[list[RawEntry], list[Problem]]:
    """Registration rows of a private CSV export; only public columns are kept, matched by
    the programme's CSV columns and the fields' names and aliases."""
    return read_registration_csv(
        path.read_bytes(),
        programme.sources.csv_columns,
        programme.public_fields,
        source=f"{PRIVATE_SOURCE_PREFIX}{path.name}",
        aliases=alias_table(programme.templates),
        roles=programme.sources.csv_roles,
    )


def missing_source_problems(titles: SourceTitles, exists: Mapping[str, bool]) -> list[Problem]:
    """An error for a configured taxonomy or feedback page that does not exist."""
    return [
        Problem(
            "missing-source-page",
            Severity.ERROR,
            f"the configured page {title!r} does not exist",
            SourceRef(title),
        )
        for title in (titles.taxonomy, titles.feedback)
        if title and not exists.get(title, False)
    ]


def check_accounts(
    connection: Wiki, people: Sequence[Person], programme: Programme, today: dt.date
) -> tuple[tuple[Person, ...], list[Problem]]:
    """Missing, blocked and long-inactive accounts: reported, and never matched.

    Names the wiki refuses (found by splitting the batch that carried them) are reported
    without being repeated, and their people are left out altogether.
    """
    names = [person.username for person in people]
    users = connection.users(names)
    facts = users.answer
    days = programme.normalise.inactive_days
    since = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(), dt.UTC)
    existing = [name for name in names if name in facts and "missing" not in facts[name]]
    recent = connection.edited_since(existing, since.strftime("%Y-%m-%dT%H:%M:%SZ"))
    infos = {
        name: AccountInfo(
            exists="missing" not in data,
            blocked="blockid" in data,
            last_edit=today if name in recent.answer else since.date() - dt.timedelta(days=1),
        )
        for name, data in facts.items()
    }
    for refused in (*users.refused, *recent.refused):
        infos[refused.value] = AccountInfo(exists=False, refused=refused.code)
    problems, excluded = account_problems(people, infos, today, days)
    kept = tuple(
        dataclasses.replace(p, status=Status.INACTIVE, account=excluded[p.username])
        if p.username in excluded
        else p
        for p in people
        if excluded.get(p.username) is not AccountState.REFUSED
    )
    return kept, problems


def match_history(
    state: State | None,
    people: Iterable[Person],
    now: dt.datetime,
    feedback: Iterable[Feedback] = (),
) -> MatchHistory:
    """What earlier runs suggested, how long requests have waited, and the last groups.

    Where feedback that earlier runs acted on is no longer in ``feedback`` (the pages now),
    what it changed in the suggestions is undone first (see :mod:`wikisync.feedback`).
    """
    if state is None:
        return MatchHistory()
    previous = state.current_suggestions()
    for since in withdrawn_since(state.matched_feedback(), feedback):
        previous = undo_shift(previous, state.suggestion_shift(since))
    requests = [(p.username, skill) for p in people for skill in p.learns]
    waiting = state.waiting_since(requests, now)
    groups_payload = state.snapshot("groups")
    groups = (
        tuple(from_jsonable(Group, item) for item in json.loads(groups_payload))
        if groups_payload
        else ()
    )
    return MatchHistory(
        previous={LearnRequest(*key): sharer for key, sharer in previous.items()},
        waiting_since={LearnRequest(*key): when.date() for key, when in waiting.items()},
        groups=groups,
    )


def render_pages(
    inputs: Inputs,
    result: MatchResult,
    ctx: RenderContext,
    history: Sequence[HistoryPoint],
    status: RunStatus | None,
) -> dict[str, tuple[str, str]]:
    """Title -> (marker name, body) of every generated page."""
    data = RenderInput(result, inputs.public_problems, inputs.feedback, history, status)
    return desired_pages(data, ctx)


def with_summaries(
    pages: Mapping[str, tuple[str, str]], current: Mapping[str, PageText], messages: Messages
) -> list[DesiredPage]:
    """Desired pages, each with an edit summary that says what the edit does to the page
    (see :func:`wikisync.render.summaries.page_summary`); a page missing from ``current``
    or from the wiki is one the edit creates.

    Skill pages come first: the other pages link to them, and a link saved before its
    target exists shows red until the wiki's job queue catches up.
    """
    desired = []
    for title, (section, body) in sorted(pages.items(), key=_skill_pages_first):
        page = current.get(title)
        before = (find_section(page.text, section) or "") if page and page.exists else None
        summary = page_summary(page_kind(section), before, body, messages)
        desired.append(DesiredPage(title, section, body, f"wikisync: {summary}"))
    return desired


def registrant_entries(inputs: Inputs, programme: Programme) -> dict[str, tuple[str, str]]:
    """The bot's section listing consenting registrants who have no directory entry yet.

    Public fields only, in username order; empty when the programme names no page.
    """
    title = programme.sources.new_entries
    if not title:
        return {}
    registrants = [
        person
        for person in inputs.people
        if person.kind in (EntryKind.REGISTRATION, EntryKind.CSV) and person.public
    ]
    body = "\n".join(
        directory_entry_wikitext(person, inputs.taxonomy, programme) for person in registrants
    )
    return {title: (NEW_ENTRIES_SECTION, body)}


def tidy_pages(
    connection: Wiki,
    state: State,
    titles: SourceTitles,
    inputs: Inputs,
    programme: Programme,
    today: dt.date,
    messages: Messages,
    allowed: AllowedTitles,
) -> list[DesiredPage]:
    """Changed directory pages the bot may edit, to rewrite entries in normalised form.

    A page is changed when its revision differs from the one tidy mode last handled.

    Only fields already present, differing from their normalised form and without a
    problem are rewritten (see :func:`wikisync.records.tidy_entry`); comments, unknown
    parameters and layout stay. The bot's own registrants' section is left out.
    """
    seen = state.source_revisions(TIDY_JOB)
    own = allowed.only(titles.directory)
    changed = [t for t in own if inputs.revisions.get(t) != seen.get(t)]

    def rewrite(text: str) -> str:
        return tidy_page(text, inputs.taxonomy, programme, today)

    summary = f"wikisync: {messages.msg('summary-tidy')}"
    return [
        DesiredPage(title, "", "", summary, rewrite=rewrite)
        for title in changed
        if title != programme.sources.new_entries
    ]


def tidy_page(text: str, taxonomy: Taxonomy, programme: Programme, today: dt.date) -> str:
    """Every directory entry on a page rewritten in normalised form, where that is safe."""
    entries, _ = parse_entries(text, "", 0, EntryKind.DIRECTORY, programme.templates)
    skills = SkillIndex(taxonomy)
    for index, raw in enumerate(entries):
        entry, _ = normalise_entry(raw, skills, programme, today)
        if entry is not None:
            text = tidy_entry(text, index, entry.person, taxonomy, programme, today)
    return text


def _skill_pages_first(item: tuple[str, tuple[str, str]]) -> tuple[bool, str]:
    title, (section, _) = item
    return section != SKILL_MARKER, title


def page_settings(programme: Programme, settings: Settings, content_language: str) -> PageSettings:
    """Where the pages go and their language: the wiki's content language unless set."""
    chosen = dict(programme.pages)
    if "language" not in chosen and content_language in SUPPORTED_LANGUAGES:
        chosen["language"] = content_language
    return PageSettings.from_mapping(chosen, bot_user=settings.wiki.user)


def sync_policy(
    settings: Settings,
    pages: PageSettings,
    programme: Programme,
    inputs: Inputs,
    state: State | None,
    wiki: Wiki,
) -> SyncPolicy:
    """The write guards for this programme, with the one rule of the titles it may edit.

    The blanking guard weighs each page against what the sources read now and at the last
    run of the page's job.
    """
    bot = settings.wiki.user
    allowed = programme_titles(bot, pages.prefix, programme.sources).also_as(wiki.normal_title)
    return SyncPolicy(
        bot=bot,
        allowed=allowed,
        sources_now=SourceCounts(entries=inputs.entries, people=len(inputs.people)),
        sources_before=last_sources(state),
    )


def kill_switch(connection: Wiki, settings: Settings) -> Callable[[], bool]:
    """A check that the bot's ``Run`` page still says ``yes``."""
    title = f"User:{settings.wiki.user}/Run"

    def allows() -> bool:
        page = connection.read_pages([title])[title]
        return page.exists and switch_says_yes(page.text)

    return allows


def record_run(
    state: State, run_ids: Mapping[str, int], inputs: Inputs, result: MatchResult, now: dt.datetime
) -> None:
    """Remember what this run saw and suggested, for stability and statistics next time."""
    for job in run_ids:
        state.record_source_revisions(job, inputs.revisions)
    state.record_feedback(((f.learner, f.sharer, f.skill, f.status) for f in inputs.feedback), now)
    if "matches" not in run_ids:
        return
    state.record_suggestions(
        run_ids["matches"], ((s.learner, s.skill, s.sharer) for s in result.suggestions), now
    )
    state.record_requests(((p.username, skill) for p in inputs.people for skill in p.learns), now)
    state.store_snapshot("groups", json.dumps(to_jsonable(result.groups)), now)


def record_pages(
    state: State, report: SyncReport, edits: Sequence[PlannedEdit], now: dt.datetime
) -> None:
    """Remember the revision and text hash of every page the bot saved."""
    texts = {edit.title: edit.text for edit in edits}
    for page in report.pages:
        if page.outcome in ("created", "edited"):
            digest = hashlib.sha256(texts.get(page.title, "").encode()).hexdigest()
            state.record_page(page.title, page.revision, digest, now)


def last_sources(state: State | None) -> dict[str, SourceCounts]:
    """What the last successful run of each job read: the job's pages were rendered from it."""
    runs = {job: state.last_run(job) for job in JOBS} if state is not None else {}
    return {
        job: SourceCounts(run.counts.get("entries", 0), run.counts.get("people", 0))
        for job, run in runs.items()
        if run is not None
    }


def history_points(
    state: State, today: dt.date, result: MatchResult, feedback: Iterable[Feedback]
) -> list[HistoryPoint]:
    """The statistics page's time series: earlier days from the state, then this run.

    Today's point always comes from this run (the met pairs the pages report now), so a
    re-run on the same day renders the same series and edits nothing.
    """
    met = {(f.learner, f.sharer, f.skill) for f in feedback if f.status == "met"}
    earlier = [
        HistoryPoint(p.day, p.suggestions, p.met) for p in state.stats_history() if p.day < today
    ]
    return [*earlier, HistoryPoint(today, len(result.suggestions), len(met))]


def run_sync(
    connection: Wiki,
    state: State,
    settings: Settings,
    programme: Programme,
    titles: SourceTitles,
    now: dt.datetime,
    *,
    jobs: Sequence[str] = JOBS,
    dry_run: bool = False,
    preview: str = "",
    csv_file: Path | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Read, match, render and write the pages of ``jobs``; record the run unless dry.

    ``csv_file`` replaces, for this run, the export named in the settings (read otherwise).
    A dry run changes nothing, in the wiki or in the state (not even the parse cache).
    With ``preview`` (a title prefix in the bot's user space), the pages that would change
    are written under that prefix instead, for coordinators to review, and nothing else
    is written or recorded.
    """
    today = now.date()
    cache = ReadOnlyCache(state) if dry_run or preview else state
    csv_file = csv_file or settings.registrations_csv
    inputs = gather_inputs(connection, cache, programme, titles, today, csv_file)
    log.info(
        "read %d source pages (%d fetched, %d parsed): %d entries, %d people, %d problems",
        inputs.read.pages, inputs.read.fetched, inputs.read.parsed, inputs.entries,
        len(inputs.people), len(inputs.problems),
    )  # fmt: skip
    result = MatchResult()
    if MATCHING_JOBS.intersection(jobs):
        matching = MatchSettings.from_mapping(programme.matching)
        history = match_history(state, inputs.people, now, inputs.feedback)
        result = match(inputs.people, inputs.taxonomy, inputs.feedback, history, matching, today)
        log.info(
            "matched: %d suggestions, %d requests unmatched, %d groups, %d clinic candidates",
            len(result.suggestions), len(result.unmatched), len(result.groups),
            len(result.clinics),
        )  # fmt: skip
    pages = page_settings(programme, settings, connection.content_language)
    ctx = RenderContext.build(pages, inputs.taxonomy, inputs.people)
    history_series = history_points(state, today, result, inputs.feedback)
    rendered = pages_of_jobs(render_pages(inputs, result, ctx, history_series, None), jobs)
    if "registrations" in jobs:
        rendered.update(registrant_entries(inputs, programme))
    current = connection.read_pages([*rendered, pages.status])
    policy = sync_policy(settings, pages, programme, inputs, state, connection)
    edits = plan(with_summaries(rendered, current, ctx.messages), current, policy)
    if programme.normalise.tidy and "registrations" in jobs:
        tidy = tidy_pages(
            connection, state, titles, inputs, programme, today, ctx.messages, policy.allowed
        )
        edits += plan(tidy, connection.read_pages(p.title for p in tidy), policy)
    if any(edit.action.value in ("create", "update") for edit in edits):
        status = run_status(now, inputs, result, edits, dry_run)
        body = render_pages(inputs, result, ctx, (), status)[pages.status]
        summaries = with_summaries({pages.status: body}, current, ctx.messages)
        edits += plan(summaries, current, policy)
    if dry_run:
        return RunResult(inputs, result, tuple(edits), SyncReport())
    if preview:
        report = write_preview(connection, settings, pages, edits, preview)
        return RunResult(inputs, result, tuple(edits), report)
    run_ids = {job: state.start_run(job, now) for job in jobs}
    switch = kill_switch(connection, settings)
    report = apply_with_progress(edits, connection, policy, switch, progress)
    record_run(state, run_ids, inputs, result, now)
    if programme.normalise.tidy and "registrations" in jobs:
        state.record_source_revisions(TIDY_JOB, inputs.revisions)
    record_pages(state, report, edits, now)
    if "matches" in run_ids and programme.notifications.enabled and not report.stopped:
        notify_participants(connection, state, settings, programme, inputs, result, ctx, switch)
    ended = dt.datetime.now(dt.UTC) if now.tzinfo else now
    for run_id in run_ids.values():
        state.finish_run(
            run_id, outcome(report), run_counts(inputs, result, report), errors(report), ended
        )
    return RunResult(inputs, result, tuple(edits), report)


def apply_with_progress(
    edits: Sequence[PlannedEdit],
    connection: Wiki,
    policy: SyncPolicy,
    may_edit: Callable[[], bool],
    progress: Progress | None,
) -> SyncReport:
    """Apply the plan, telling ``progress`` about each page saved."""
    writes = sum(edit.action.value in ("create", "update") for edit in edits)
    log.info("plan: %d of %d pages to write", writes, len(edits))
    if progress is None or not writes:
        return apply(edits, connection, policy, may_edit)
    progress.start("saving pages", writes)
    try:
        return apply(edits, connection, policy, may_edit, progress.advance)
    finally:
        progress.finish()


def notify_participants(
    connection: Wiki,
    state: State,
    settings: Settings,
    programme: Programme,
    inputs: Inputs,
    result: MatchResult,
    ctx: RenderContext,
    may_edit: Callable[[], bool],
) -> NotifyReport:
    """Tell participants who asked for it about their new suggestions, once per pair."""

    def already_sent(note: Notification) -> bool:
        return state.was_notified(note.recipient, note.learner, note.sharer, note.skill)

    def record(note: Notification, revision: int, when: dt.datetime) -> None:
        state.record_notification(
            note.recipient, note.learner, note.sharer, note.skill, when, revision
        )

    limit = programme.notifications.max_per_run
    notes = due_notifications(result, inputs.people, already_sent, limit)
    title = ctx.settings.matches_title
    report = send(connection, notes, ctx, title, settings.wiki.user, record, may_edit)
    log.info("notifications: %d sent, %d found already sent", report.sent, report.found)
    for skipped in report.skipped:
        log.warning("notification not sent: %s", skipped)
    return report


class ReadOnlyCache:
    """The state's parse cache for reading only: what a dry run or a preview uses."""

    def __init__(self, state: State | None) -> None:
        self._state = state

    def cached_parses(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """Payloads stored for these (title, revision) pairs."""
        return self._state.cached_parses(pages, key) if self._state is not None else {}

    def store_parses(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        """Nothing is stored."""


def write_preview(
    connection: Wiki,
    settings: Settings,
    pages: PageSettings,
    edits: Sequence[PlannedEdit],
    prefix: str,
) -> SyncReport:
    """Write the pages that would change under ``prefix``, which must be the bot's own.

    The plan previewed has passed the blanking guard already, so an earlier preview's
    rows are no reason to refuse a preview page.
    """
    own = f"User:{settings.wiki.user}/"
    if not prefix.startswith(own):
        raise ConfigError(f"--preview: {prefix!r} is not in the bot's user space ({own}…)")
    desired = preview_plan(edits, prefix)
    current = connection.read_pages(page.title for page in desired)
    policy = SyncPolicy(
        bot=settings.wiki.user, allowed=AllowedTitles(prefixes=(own,)), max_row_removal=1.0
    )
    return apply(
        plan(desired, current, policy), connection, policy, kill_switch(connection, settings)
    )


def run_status(
    now: dt.datetime,
    inputs: Inputs,
    result: MatchResult,
    edits: Sequence[PlannedEdit],
    dry_run: bool,
) -> RunStatus:
    """The status page's content for this run (counts known before writing)."""
    return RunStatus(
        started=now,
        dry_run=dry_run,
        pages={edit.title: edit.action.value for edit in edits},
        counts={
            "people": len(inputs.people),
            "suggestions": len(result.suggestions),
            "unmatched": len(result.unmatched),
            "groups": len(result.groups),
            "problems": len(inputs.public_problems),
        },
    )


def run_counts(inputs: Inputs, result: MatchResult, report: SyncReport) -> dict[str, int]:
    """The figures a run records in the state."""
    return {
        "people": len(inputs.people),
        "entries": inputs.entries,
        "suggestions": len(result.suggestions),
        "unmatched": len(result.unmatched),
        "problems": len(inputs.problems),
        "pages_fetched": inputs.read.fetched,
        "pages_parsed": inputs.read.parsed,
        "edits": report.edits,
    }


def outcome(report: SyncReport) -> str:
    """``success``, or ``stopped`` when the kill switch or a guard ended the run early."""
    return "stopped" if report.stopped else "success"


def errors(report: SyncReport) -> list[str]:
    """One line per page that could not be written as planned."""
    lines = [
        f"{p.title}: {p.outcome} ({p.reason})"
        for p in report.pages
        if p.outcome in ("skip", "conflict", "protected", "refused", "not done")
    ]
    return ([report.stopped] if report.stopped else []) + lines
