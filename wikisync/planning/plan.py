"""One sync run: read -> parse -> normalise -> match -> render -> plan -> write -> record.

Each step is a plain function on plain data; only reading (:mod:`wikisync.reading.sources`) and
writing (:mod:`wikisync.planning.edits`) touch the wiki. ``wikisync run`` calls :func:`run_sync`;
``wikisync check`` stops after :func:`gather_inputs`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from wikisync.codec import from_jsonable, to_jsonable
from wikisync.interfaces import PageText, WikiReader
from wikisync.matching import Matched, MatchHistory, MatchSettings, WarmStart, match_from
from wikisync.matching.shoptalk import (
    ShopTalkInput,
    seats_in,
    session_rows,
    sharer_counts,
    shop_talks,
)
from wikisync.measuring.indicators import IndicatorSet
from wikisync.measuring.measures import (
    MEASURES,
    Value,
    days_waited,
    evaluate,
    measure_data,
    organisation_groups,
    region_groups,
)
from wikisync.measuring.snapshots import MEASUREMENT_SNAPSHOT, Snapshots
from wikisync.model import (
    EntryKind,
    Feedback,
    Group,
    LearnRequest,
    Library,
    MatchResult,
    Organisation,
    OrganisationFeedback,
    Person,
    Problem,
    RawEntry,
    Severity,
    ShopTalks,
    SourceRef,
    Taxonomy,
)
from wikisync.normalize import NormalisedDirectory
from wikisync.normalize.entry import normalise_entry
from wikisync.normalize.indicators import normalise_indicators
from wikisync.normalize.organisation_feedback import latest_statements, organisation_lines
from wikisync.normalize.organisations import (
    OrganisationIndex,
    account_names,
    link_people,
    member_account_problems,
    normalise_organisations,
)
from wikisync.normalize.pages import NormalisedCache, normalise_pages
from wikisync.normalize.resources import normalise_library
from wikisync.normalize.skills import SkillIndex
from wikisync.planning.accounts import (
    AccountAnswer,
    AccountCache,
    AccountCheck,
    AccountLog,
    account_infos,
    checked_people,
    window_start,
)
from wikisync.planning.current import current_pages
from wikisync.planning.edits import DesiredPage, PlannedEdit, SyncPolicy, plan
from wikisync.planning.jobs import JOB_OF_KIND, page_kind, pages_of_jobs
from wikisync.planning.retired import RETIRING_JOBS, generated_by_job, retired_pages
from wikisync.planning.silence import (
    SILENCE_SNAPSHOT,
    Silence,
    paused_as_away,
    silence_of,
    unanswered,
)
from wikisync.planning.titles import programme_titles
from wikisync.reading.answers import AnswerLedger, ShopTalkLine
from wikisync.reading.feedback import resolve, undo_shift, withdrawn_since
from wikisync.reading.histories import FeedbackHistories, checked_feedback, checked_shop_talks
from wikisync.reading.parse import alias_table, parse_entries
from wikisync.reading.records import directory_entry_wikitext, read_registration_csv, tidy_entry
from wikisync.reading.sources import (
    NEW_ENTRIES_SECTION,
    ParseCache,
    ReadStats,
    SourceTitles,
    outside_problems,
    parser_key,
    read_sources,
    taxonomy_of,
)
from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext
from wikisync.render.i18n import SUPPORTED_LANGUAGES, Messages
from wikisync.render.markers import find_section
from wikisync.render.memo import RenderMemo
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.pages.measurement import Measurement
from wikisync.render.pages.people import connection_pages
from wikisync.render.pages.skills import MARKER as SKILL_MARKER
from wikisync.render.pages.splits import PageSplits, splits_of
from wikisync.render.pages.statistics import HistoryPoint
from wikisync.render.settings import PageSettings
from wikisync.render.summaries import page_summary
from wikisync.running.progress import LOGGER
from wikisync.running.schedule import JOBS
from wikisync.running.state import PageFrame, State
from wikisync.settings.config import Settings
from wikisync.settings.programme import Programme
from wikisync.writing.notify import Notification, due_notifications
from wikisync.writing.safety import AllowedTitles, SourceCounts, SwitchReading

log = logging.getLogger(LOGGER)

#: The jobs whose pages need the matching stage.
MATCHING_JOBS = frozenset({"matches", "resources"})
#: The state's name for the source revisions that tidy mode has already handled.
TIDY_JOB = "tidy"
#: The extension that lets Matches open with a search box.
SEARCH_EXTENSION = "InputBox"
#: The state's snapshot of the last answer check (:class:`AnswerLedger`).
ANSWERS_SNAPSHOT = "answers"
#: The state's snapshot of the last shop-talk sessions (JSON, see ``session_rows``).
SHOP_TALKS_SNAPSHOT = "shop_talks"
#: Problems about these sources are never published (they name rows of a private export).
PRIVATE_SOURCE_PREFIX = "csv:"


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything read and normalised: the input of matching and of the problems page, the
    learning resources and past clinics the skill pages list, the organisations (each
    with the people linked to it), what they said about their shop-talk sessions, and the
    indicators, objectives and key results of the shared measurement page."""

    taxonomy: Taxonomy
    directory: NormalisedDirectory
    people: tuple[Person, ...]
    feedback: tuple[Feedback, ...]
    problems: tuple[Problem, ...]
    revisions: Mapping[str, int]
    read: ReadStats
    entries: int
    answers: AnswerLedger = field(default_factory=AnswerLedger)
    library: Library = field(default_factory=Library)
    organisations: tuple[Organisation, ...] = ()
    organisation_feedback: tuple[OrganisationFeedback, ...] = ()
    indicators: IndicatorSet = field(default_factory=IndicatorSet)

    @property
    def public_problems(self) -> tuple[Problem, ...]:
        """The problems that may appear on a wiki page (none about the private export)."""
        return tuple(
            p
            for p in self.problems
            if p.source is None or not p.source.page.startswith(PRIVATE_SOURCE_PREFIX)
        )


class SourceCache(ParseCache, NormalisedCache, Protocol):
    """The caches reading and normalising use: the state, or the plan's view of it."""


def gather_inputs(
    connection: WikiReader,
    state: SourceCache | None,
    programme: Programme,
    titles: SourceTitles,
    today: dt.date,
    csv_file: Path | None = None,
    *,
    accounts: AccountCheck | None = None,
    account_cache: AccountCache | None = None,
    answers: AnswerLedger | None = None,
) -> Inputs:
    """Read and parse every source page, normalise their entries (both cached by page
    revision), check who added the feedback since ``answers`` (the last check's ledger;
    None: every line counts, see :mod:`wikisync.reading.answers`), then check accounts.

    ``accounts`` says how the accounts are checked (by default: all asked of the wiki, as
    of today); ``account_cache`` holds the answers of earlier runs and keeps the new ones.
    """
    parsed, stats = read_sources(connection, state, programme, titles)
    problems: list[Problem] = [p for page in parsed.values() for p in page.problems]
    feedback_pages = titles.feedback_pages()
    feedback_revisions = {title: parsed[title].revision for title in feedback_pages}
    histories = FeedbackHistories.of(connection, feedback_revisions, answers)
    checked = checked_feedback(
        histories,
        {title: parsed[title].feedback for title in feedback_pages},
        feedback_revisions,
        programme,
    )
    problems += checked.problems
    problems += missing_source_problems(titles, {t: page.exists for t, page in parsed.items()})
    problems += outside_problems(titles)
    taxonomy = taxonomy_of(parsed, titles)
    rows: list[RawEntry] = []
    if csv_file is not None:
        rows, csv_problems = read_csv(csv_file, programme)
        problems += csv_problems
    directory = normalise_pages(
        list(parsed.values()),
        taxonomy,
        programme,
        today,
        cache=state,
        source_key=parser_key(programme),
        unpaged=rows,
    )
    check = accounts or AccountCheck(
        now=dt.datetime.combine(today, dt.time(), dt.UTC),
        window=window_start(today, programme.normalise.inactive_days),
    )
    skills = SkillIndex(taxonomy)
    organisations, organisation_problems = normalise_organisations(
        [record for title in titles.organisations for record in parsed[title].records],
        skills,
        programme,
        today,
    )
    names = [*(person.username for person in directory.people), *account_names(organisations)]
    infos = account_infos(connection, names, check, account_cache)
    people, account_notes = checked_people(directory.people, infos, programme, check.now.date())
    organisation_problems += member_account_problems(organisations, infos)
    organisations, link_problems = link_people(organisations, people)
    index = OrganisationIndex(organisations)
    said_by_page: dict[str, list[ShopTalkLine]] = {}
    said_problems: list[Problem] = []
    for title in feedback_pages:
        said_by_page[title], page_problems = organisation_lines(
            parsed[title].records, index, skills
        )
        said_problems += page_problems
    said_checked = checked_shop_talks(
        histories, said_by_page, feedback_revisions, programme, organisations
    )
    said_problems += said_checked.problems
    said = latest_statements(said_checked.counted)
    records = [record for title in titles.resources for record in parsed[title].records]
    library, library_problems = normalise_library(records, skills, programme.normalise.languages)
    indicator_page = parsed.get(titles.indicators)
    indicators, indicator_problems = normalise_indicators(
        indicator_page.records if indicator_page is not None else ()
    )
    return Inputs(
        taxonomy=taxonomy,
        directory=directory,
        people=people,
        feedback=resolve(checked.counted),
        problems=(
            *problems,
            *directory.problems,
            *library_problems,
            *account_notes,
            *organisation_problems,
            *link_problems,
            *said_problems,
            *indicator_problems,
        ),
        revisions={title: page.revision for title, page in parsed.items()},
        read=stats,
        entries=sum(len(page.entries) for page in parsed.values()) + len(rows),
        answers=dataclasses.replace(checked.ledger, shop_talks=said_checked.ledger),
        library=library,
        organisations=organisations,
        organisation_feedback=said,
        indicators=indicators,
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


def previous_silence(state: State) -> Silence:
    """Who the last matches job left paused, and the requests released from them."""
    payload = state.snapshot(SILENCE_SNAPSHOT)
    return Silence.from_json(payload) if payload else Silence()


def sharers_silence(
    reader: WikiReader, state: State, inputs: Inputs, settings: MatchSettings, now: dt.datetime
) -> Silence:
    """Who is paused after this run for not answering (see :mod:`wikisync.planning.silence`)."""
    suggestions = state.current_suggestions()
    suspects = unanswered(
        suggestions, state.suggestion_first_seen(), inputs.feedback, now, settings.answer_days
    )
    requests = [LearnRequest(p.username, skill) for p in inputs.people for skill in p.learns]
    return silence_of(reader, previous_silence(state), suspects, suggestions, requests)


def answer_ledger(state: State) -> AnswerLedger | None:
    """The ledger of the last answer check, None before the first."""
    payload = state.snapshot(ANSWERS_SNAPSHOT)
    return AnswerLedger.from_json(payload) if payload else None


def missing_source_problems(titles: SourceTitles, exists: Mapping[str, bool]) -> list[Problem]:
    """An error for a configured taxonomy, feedback, resources or organisations page that
    does not exist."""
    return [
        Problem(
            "missing-source-page",
            Severity.ERROR,
            f"the configured page {title!r} does not exist",
            SourceRef(title),
        )
        for title in (titles.taxonomy, titles.feedback, *titles.resources, *titles.organisations)
        if title and not exists.get(title, False)
    ]


def match_history(
    state: State | None,
    people: Iterable[Person],
    now: dt.datetime,
    feedback: Iterable[Feedback] = (),
) -> MatchHistory:
    """What earlier runs suggested (with the backups), how long requests have waited, and
    the last groups.

    Where feedback that earlier runs acted on is no longer in ``feedback`` (the pages now),
    what it changed in the suggestions is undone first (see :mod:`wikisync.reading.feedback`).
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
    backups_payload = state.snapshot("backups")
    backups = json.loads(backups_payload) if backups_payload else []
    return MatchHistory(
        previous={LearnRequest(*key): sharer for key, sharer in previous.items()},
        backups={LearnRequest(learner, skill): backup for learner, skill, backup in backups},
        waiting_since={LearnRequest(*key): when.date() for key, when in waiting.items()},
        groups=groups,
    )


def render_pages(
    inputs: Inputs,
    result: MatchResult,
    ctx: RenderContext,
    history: Sequence[HistoryPoint],
    splits: PageSplits | None = None,
    memo: RenderMemo | None = None,
    talks: ShopTalks | None = None,
    measured: Measurement | None = None,
) -> dict[str, tuple[str, str]]:
    """Title -> (marker name, body) of every generated page but the status page, which
    is rendered after the run (:mod:`wikisync.writing.execute`); pages too large for
    ``splits`` are split into parts, and parts whose inputs are unchanged come from
    ``memo`` (see :mod:`wikisync.render.memo`). ``talks``: the shop-talk sessions.
    ``measured``: the shared measurement page's values (none: no such page)."""
    data = RenderInput(
        result,
        inputs.public_problems,
        inputs.feedback,
        history,
        None,
        inputs.library,
        talks or ShopTalks(),
        inputs.organisations,
        measurement=measured,
    )
    return desired_pages(data, ctx, splits, memo=memo)


def recorded_sessions(state: State | None) -> list[dict[str, object]]:
    """The shop-talk sessions the last matches job recorded (see
    :func:`~wikisync.matching.shoptalk.session_rows`)."""
    payload = state.snapshot(SHOP_TALKS_SNAPSHOT) if state is not None else None
    return list(json.loads(payload)) if payload else []


def match_shop_talks(
    inputs: Inputs, state: State | None, settings: MatchSettings, today: dt.date
) -> ShopTalks:
    """The organisations' shop-talk sessions (see :mod:`wikisync.matching.shoptalk`)."""
    data = ShopTalkInput(
        inputs.organisations,
        inputs.organisation_feedback,
        seats_in(recorded_sessions(state)),
        sharer_counts(inputs.organisations, inputs.people),
    )
    return shop_talks(data, settings, today)


def measured_values(
    inputs: Inputs, result: MatchResult, waits: Mapping[tuple[str, str], int]
) -> dict[str, Value]:
    """This run's value of every measure the indicators name (see
    :mod:`wikisync.measuring.measures`), with its breakdowns by region and organisation."""
    data = measure_data(
        inputs.people,
        result,
        inputs.feedback,
        inputs.organisation_feedback,
        inputs.organisations,
        inputs.library,
        waits,
    )
    regions = region_groups(inputs.people)
    organisations = organisation_groups(inputs.people, inputs.organisations)
    names = sorted({indicator.measure for indicator in inputs.indicators.indicators})
    return {name: evaluate(MEASURES[name], data, regions, organisations) for name in names}


def measurement(state: State, inputs: Inputs, result: MatchResult, now: dt.datetime) -> Measurement:
    """The shared measurement page's values: the earlier periods the state keeps, and this
    run's values for the current period (see :mod:`wikisync.measuring.snapshots`)."""
    suggestions = [(s.learner, s.skill, s.sharer) for s in result.suggestions]
    requested = state.waiting_since([(learner, skill) for learner, skill, _ in suggestions], now)
    waits = days_waited(suggestions, requested, state.suggestion_first_seen(), now)
    earlier = Snapshots.from_json(state.snapshot(MEASUREMENT_SNAPSHOT))
    values = measured_values(inputs, result, waits)
    snapshots = earlier.with_run(inputs.indicators.indicators, values, now.date())
    return Measurement(inputs.indicators, snapshots, now.date())


def with_summaries(
    pages: Mapping[str, tuple[str, str]],
    current: Mapping[str, PageText],
    messages: Messages,
    retired: Collection[str] = (),
) -> list[DesiredPage]:
    """Desired pages, each with an edit summary that says what the edit does to the page
    (see :func:`wikisync.render.summaries.page_summary`); a page missing from ``current``
    or from the wiki is one the edit creates. The summary of a page in ``retired`` says it
    is retired, then what the notice removes (see :mod:`wikisync.planning.retired`).

    Skill pages come first: the other pages link to them, and a link saved before its
    target exists shows red until the wiki's job queue catches up.
    """
    desired = []
    for title, (section, body) in sorted(pages.items(), key=_skill_pages_first):
        page = current.get(title)
        before = (find_section(page.text, section) or "") if page and page.exists else None
        summary = page_summary(page_kind(section), before, body, messages)
        retiring = title in retired
        if retiring:
            summary = messages.msg("summary-retired", Wikitext(summary))
        desired.append(DesiredPage(title, section, body, f"wikisync: {summary}", retired=retiring))
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
    problem are rewritten (see :func:`wikisync.reading.records.tidy_entry`); comments, unknown
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


def page_settings(
    programme: Programme,
    settings: Settings,
    content_language: str,
    extensions: frozenset[str] = frozenset(),
) -> PageSettings:
    """Where the pages go and their language: the wiki's content language unless set.
    Matches gets a search box where the wiki runs InputBox, and one-click answers where
    the programme has a feedback page."""
    chosen = dict(programme.pages)
    if "language" not in chosen and content_language in SUPPORTED_LANGUAGES:
        chosen["language"] = content_language
    return PageSettings.from_mapping(
        chosen,
        bot_user=settings.wiki.user,
        search_box=SEARCH_EXTENSION in extensions,
        feedback=(programme.sources.feedback, programme.templates.feedback),
        answer_days=MatchSettings.from_mapping(programme.matching).answer_days,
    )


def sync_policy(
    settings: Settings,
    pages: PageSettings,
    programme: Programme,
    inputs: Inputs,
    state: State | None,
    wiki: WikiReader,
) -> SyncPolicy:
    """The write guards for this programme, with the one rule of the titles it may edit.

    The blanking guard weighs each page against what the sources read now and at the last
    run of the page's job; no page is saved above the wiki's size limit.
    """
    bot = settings.wiki.user
    allowed = programme_titles(bot, pages.prefix, programme.sources).also_as(wiki.normal_title)
    return SyncPolicy(
        bot=bot,
        allowed=allowed,
        sources_now=SourceCounts(
            entries=inputs.entries,
            people=len(inputs.people),
            indicators=len(inputs.indicators.indicators),
        ),
        sources_before=last_sources(state),
        max_page_bytes=wiki.max_article_size,
    )


def last_sources(state: State | None) -> dict[str, SourceCounts]:
    """What the last successful run of each job read: the job's pages were rendered from it."""
    runs = {job: state.last_run(job) for job in JOBS} if state is not None else {}
    return {
        job: SourceCounts(
            run.counts.get("entries", 0),
            run.counts.get("people", 0),
            run.counts.get("indicators", 0),
        )
        for job, run in runs.items()
        if run is not None
    }


def history_points(state: State, today: dt.date, result: MatchResult) -> list[HistoryPoint]:
    """The statistics page's time series: earlier days from the state, then this run.

    Today's point always comes from this run (the met pairs the pages report now, as the
    matching stage counted them), so a re-run on the same day renders the same series and
    edits nothing.
    """
    earlier = [
        HistoryPoint(p.day, p.suggestions, p.met) for p in state.stats_history() if p.day < today
    ]
    return [*earlier, HistoryPoint(today, len(result.suggestions), result.figures.met)]


@dataclass(frozen=True, slots=True)
class JobRecord:
    """What one job's success records in the state, decided when the run is planned.

    Every job records the source revisions it saw. The matches job also records its
    suggestions, the requests it saw, the groups it formed and each suggestion's backup
    (JSON ``[learner, skill, backup]`` rows) and who is paused for not answering
    (:class:`~wikisync.planning.silence.Silence`) and the seats of its shop-talk sessions
    (``shop_talks``: JSON records of offering, skill and asking). ``tidy``: the registrations
    job also records the revisions tidy mode handled. ``generated``: the pages the job
    generates now (title: marker name), to retire those it stops generating. The resources
    job records the measured values period by period (``measurement``, see
    :class:`~wikisync.measuring.snapshots.Snapshots`; empty: nothing measured).
    """

    job: str
    revisions: Mapping[str, int]
    generated: Mapping[str, str] = field(default_factory=dict)
    suggestions: tuple[tuple[str, str, str], ...] = ()
    requests: tuple[tuple[str, str], ...] = ()
    groups: str = ""
    backups: str = ""
    silence: str = ""
    shop_talks: str = ""
    tidy: bool = False
    measurement: str = ""


@dataclass(frozen=True, slots=True)
class RunPlan:
    """Everything a run would do, decided before anything is written.

    ``edits``: every page of the run's jobs, in saving order, each with its summary;
    ``notifications``: the messages the matches job's pages justify, sent only once those
    pages are published, each linking to its recipient's place in ``connections``
    (recipient -> title#anchor on the person index); ``records``: the state each job
    records once all its pages are written; ``parses``: new parse-cache rows;
    ``normalised``: new rows of the normalised entries' cache; ``accounts``: new answers
    about accounts (see :mod:`wikisync.planning.accounts`); ``renders``: new rendered parts (unit,
    digest, payload) and ``render_units`` every part this run used (the others are
    forgotten); ``frames``: the bot's own pages as read (see
    :mod:`wikisync.planning.current`); ``talks``: the shop-talk sessions; ``solver``: the
    start the solve leaves for the next run's (see
    :class:`wikisync.matching.assignment.WarmStart`), empty without matching; ``status``: the
    bot's status page as read (it is
    rendered last, from what the run did); ``switch``: the kill switch as read with the
    generated pages, if asked.
    """

    started: dt.datetime
    jobs: tuple[str, ...]
    inputs: Inputs
    result: MatchResult
    edits: tuple[PlannedEdit, ...]
    notifications: tuple[Notification, ...]
    records: Mapping[str, JobRecord]
    parses: tuple[tuple[str, int, str, str], ...]
    normalised: tuple[tuple[str, int, str, str], ...]
    context: RenderContext
    policy: SyncPolicy
    status: PageText
    accounts: tuple[AccountAnswer, ...] = ()
    connections: Mapping[str, str] = field(default_factory=dict)
    switch: SwitchReading | None = None
    renders: Iterable[tuple[str, str, str]] = ()
    render_units: frozenset[str] = frozenset()
    frames: tuple[PageFrame, ...] = ()
    talks: ShopTalks = field(default_factory=ShopTalks)
    solver: bytes = b""

    def edits_of(self, job: str) -> tuple[PlannedEdit, ...]:
        """The edits of one job, in saving order."""
        return tuple(edit for edit in self.edits if job_of(edit) == job)


def job_of(edit: PlannedEdit) -> str:
    """The job a planned page belongs to; tidy rewrites belong to the registrations job."""
    if edit.desired.rewrite is not None:
        return "registrations"
    return JOB_OF_KIND[page_kind(edit.desired.section)]


def plan_run(
    reader: WikiReader,
    state: State,
    settings: Settings,
    programme: Programme,
    titles: SourceTitles,
    now: dt.datetime,
    *,
    jobs: Sequence[str] = JOBS,
    csv_file: Path | None = None,
    account_log: AccountLog | None = None,
    switch: str = "",
    monotonic: Callable[[], float] = time.monotonic,
) -> RunPlan:
    """Read, match, render and plan the pages of ``jobs``; write and record nothing.

    ``csv_file`` replaces, for this run, the export named in the settings (read otherwise).
    ``account_log`` tells which accounts were blocked, unblocked or renamed since a moment;
    without it every account is asked of the wiki. ``switch``: the kill-switch page, read
    with the generated pages (at ``monotonic`` seconds), as its first reading. The state is
    only read: new parses, normalised parts and answers about accounts are in the plan, for
    :func:`wikisync.writing.execute.execute` to store.
    """
    today = now.date()
    cache = CollectingCache(state)
    csv_file = csv_file or settings.registrations_csv
    check = AccountCheck(
        now=now,
        window=window_start(today, programme.normalise.inactive_days),
        max_age=dt.timedelta(hours=settings.run.account_cache_hours),
        log=account_log,
    )
    inputs = gather_inputs(
        reader,
        cache,
        programme,
        titles,
        today,
        csv_file,
        accounts=check,
        account_cache=cache,
        answers=answer_ledger(state),
    )
    log.info(
        "read %d source pages (%d fetched, %d parsed): %d entries, %d people, %d problems",
        inputs.read.pages, inputs.read.fetched, inputs.read.parsed, inputs.entries,
        len(inputs.people), len(inputs.problems),
    )  # fmt: skip
    result = MatchResult()
    talks = ShopTalks()
    silence = Silence()
    solver = b""
    if MATCHING_JOBS.intersection(jobs):
        matching = MatchSettings.from_mapping(programme.matching)
        silence = sharers_silence(reader, state, inputs, matching, now)
        people = paused_as_away(inputs.people, silence)
        history = match_history(state, people, now, inputs.feedback)
        history = dataclasses.replace(
            history, released=silence.released, paused=frozenset(silence.paused)
        )
        matched = match_from(
            people, inputs.taxonomy, inputs.feedback, history, matching, today,
            start=solver_start(state),
        )  # fmt: skip
        result = matched.result
        solver = matched.solved.start.to_bytes()
        log_solve(matched)
        talks = match_shop_talks(inputs, state, matching, today)
        log.info(
            "matched: %d suggestions, %d requests unmatched, %d groups, %d clinic candidates",
            len(result.suggestions), len(result.unmatched), len(result.groups),
            len(result.clinics),
        )  # fmt: skip
    pages = page_settings(programme, settings, reader.content_language, reader.extensions)
    ctx = RenderContext.build(pages, inputs.taxonomy, inputs.people)
    history_series = history_points(state, today, result)
    splits = splits_of(programme.pages, reader.max_article_size)
    memo = RenderMemo(state.render_parts())
    measured = (
        measurement(state, inputs, result, now)
        if inputs.indicators.indicators and "resources" in jobs
        else None
    )
    pages_now = render_pages(inputs, result, ctx, history_series, splits, memo, talks, measured)
    rendered = pages_of_jobs(pages_now, jobs)
    if "registrations" in jobs:
        rendered.update(registrant_entries(inputs, programme))
    retired = retired_pages(
        remembered_pages(state, jobs), rendered, ctx.messages, main_titles(pages)
    )
    switch_read_at = monotonic()
    policy = sync_policy(settings, pages, programme, inputs, state, reader)
    wanted = {**rendered, **retired}
    current = current_pages(reader, state, wanted, [pages.status, *filter(None, [switch])])
    log.info(
        "rendered %d pages (%d parts remembered, %d rendered), read %d of them",
        len(rendered), memo.reused, memo.rendered, current.read - 1,
    )  # fmt: skip
    retiring = {title: page for title, page in retired.items() if current.pages[title].exists}
    if retiring:
        log.info("%d pages no longer generated get a notice", len(retiring))
    edits = plan_pages({**rendered, **retiring}, current.pages, ctx.messages, policy, retiring)
    tidy = programme.normalise.tidy and "registrations" in jobs
    if tidy:
        rewrites = tidy_pages(state, titles, inputs, programme, today, ctx.messages, policy.allowed)
        edits += plan(rewrites, reader.read_pages(p.title for p in rewrites), policy)
    notes: list[Notification] = []
    if "matches" in jobs and programme.notifications.enabled:
        paused = silence.newly_paused(previous_silence(state))
        notes = owed_notifications(state, programme, inputs, result, paused, today)
    recipients = dict.fromkeys(note.recipient for note in notes)
    return RunPlan(
        started=now,
        jobs=tuple(jobs),
        inputs=inputs,
        result=result,
        edits=tuple(edits),
        notifications=tuple(notes),
        connections=connection_pages(
            {title: body for title, (_, body) in rendered.items()}, ctx, recipients
        ),
        records={
            job: job_record(
                job,
                inputs,
                result,
                tidy,
                generated_by_job(rendered, job),
                silence.to_json(),
                json.dumps(session_rows(talks), ensure_ascii=False) if inputs.organisations else "",
                measured.snapshots.to_json() if measured is not None else "",
            )
            for job in jobs
        },
        parses=tuple(cache.stored),
        normalised=tuple(cache.normalised),
        context=ctx,
        policy=policy,
        status=current.pages[pages.status],
        accounts=tuple(cache.accounts),
        switch=SwitchReading(current.pages[switch], switch_read_at) if switch else None,
        renders=memo.rows(),
        render_units=frozenset(memo.used),
        frames=current.frames,
        talks=talks,
        solver=solver,
    )


#: The name the matching solve's start is kept under in the state.
SOLVER = "matches"


def solver_start(state: State) -> WarmStart | None:
    """The start the last run's solve left, if the state keeps a usable one."""
    payload = state.solver_start(SOLVER)
    start = WarmStart.from_bytes(payload) if payload is not None else None
    if payload is not None and start is None:
        log.warning("the solver's start in the state is unreadable; solving from nothing")
    return start


def log_solve(matched: Matched) -> None:
    """One line on how the exact solve began and how much of it was searched."""
    solved = matched.solved
    log.info(
        "solved %s: %d of %d rows searched", solved.outcome.value, solved.searched, solved.rows
    )


def plan_pages(
    rendered: Mapping[str, tuple[str, str]],
    current: Mapping[str, PageText],
    messages: Messages,
    policy: SyncPolicy,
    retired: Collection[str] = (),
) -> list[PlannedEdit]:
    """The plan of the generated pages ``rendered`` against the pages as they stand, each
    with its summary, skill pages first; those in ``retired`` hold a retirement notice."""
    return plan(with_summaries(rendered, current, messages, retired), current, policy)


def remembered_pages(state: State, jobs: Iterable[str]) -> dict[str, str]:
    """The pages (title: marker name) the jobs generated at their last success."""
    return {
        title: marker
        for job in jobs
        if job in RETIRING_JOBS
        for title, marker in state.generated_pages(job).items()
    }


def main_titles(pages: PageSettings) -> tuple[str, ...]:
    """The pages a retirement notice links to when none is above the retired page."""
    return (pages.matches_title, pages.statistics_title)


def job_record(
    job: str,
    inputs: Inputs,
    result: MatchResult,
    tidy: bool,
    generated: Mapping[str, str] | None = None,
    silence: str = "",
    shop_talks: str = "",
    measured: str = "",
) -> JobRecord:
    """What the job records once its pages are written (see :class:`JobRecord`)."""
    pages = dict(generated or {})
    if job == "resources":
        return JobRecord(job, inputs.revisions, pages, measurement=measured)
    if job != "matches":
        return JobRecord(job, inputs.revisions, pages, tidy=tidy and job == "registrations")
    return JobRecord(
        job,
        inputs.revisions,
        pages,
        suggestions=tuple((s.learner, s.skill, s.sharer) for s in result.suggestions),
        requests=tuple((p.username, skill) for p in inputs.people for skill in p.learns),
        groups=json.dumps(to_jsonable(result.groups)),
        backups=json.dumps(
            [[s.learner, s.skill, s.backup] for s in result.suggestions if s.backup]
        ),
        silence=silence,
        shop_talks=shop_talks,
    )


def owed_notifications(
    state: State,
    programme: Programme,
    inputs: Inputs,
    result: MatchResult,
    paused: Sequence[str] = (),
    today: dt.date | None = None,
) -> list[Notification]:
    """The messages about new suggestions owed to participants who asked for them, and
    the notes owed to the sharers ``paused`` by this run (on ``today``)."""

    def already_sent(note: Notification) -> bool:
        return state.was_notified(
            note.recipient, note.learner, note.sharer, note.skill, note.kind.value
        )

    limit = programme.notifications.max_per_run
    day = today or dt.date.today()
    notes = [Notification.paused(name, day) for name in paused]
    return due_notifications(result, inputs.people, already_sent, limit, notes)


class CollectingCache:
    """The state's caches as planning uses them: read from the state, new rows kept aside
    (parses in :attr:`stored`, normalised parts in :attr:`normalised`, answers about
    accounts in :attr:`accounts`) for the run to store once it executes."""

    def __init__(self, state: State | None) -> None:
        self._state = state
        self.stored: list[tuple[str, int, str, str]] = []
        self.accounts: list[AccountAnswer] = []
        self.normalised: list[tuple[str, int, str, str]] = []

    def cached_parses(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """Payloads stored for these (title, revision) pairs."""
        return self._state.cached_parses(pages, key) if self._state is not None else {}

    def parsed_titles(self, titles: Iterable[str], key: str) -> set[str]:
        """The titles with a parse by ``key`` in the state."""
        return self._state.parsed_titles(titles, key) if self._state is not None else set()

    def store_parses(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        """Keep the items for the run to store."""
        self.stored.extend(items)

    def cached_accounts(self, names: Iterable[str]) -> dict[str, AccountAnswer]:
        """The answers about accounts the state keeps for those of ``names`` it has."""
        if self._state is None:
            return {}
        kept = self._state.cached_accounts(names)
        return {name: AccountAnswer.from_json(payload) for name, payload in kept.items()}

    def store_accounts(self, answers: Iterable[AccountAnswer]) -> None:
        """Keep the answers for the run to store."""
        self.accounts.extend(answers)

    def cached_normalised(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """Normalised parts stored under ``key`` for these (title, revision) pairs."""
        return self._state.cached_normalised(pages, key) if self._state is not None else {}

    def store_normalised(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        """Keep the items for the run to store."""
        self.normalised.extend(items)
