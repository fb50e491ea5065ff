"""Desired page texts -> a plan of edits -> edits applied through the one write path.

Planning is pure: for each generated page it decides, from the page as read, whether to
create it, update the text between the bot's markers, leave it (unchanged), or skip it
with a reason an operator can act on (no markers, ``{{nobots}}``, outside the allowed
titles, a table that would lose most of its rows). Applying makes the edits, re-checks the
kill switch every few edits, and on an edit conflict re-reads the page and plans again,
a bounded number of times, so a person's edit is never overwritten.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol

from wikisync.exclusion import bot_may_edit
from wikisync.jobs import JOB_OF_KIND, page_kind
from wikisync.render.markers import find_section, replace_section, wrap
from wikisync.titles import AllowedTitles
from wikisync.wiki import PageText, SaveOutcome, SaveResult

_ROW = re.compile(r"^\s*\|-", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class DesiredPage:
    """What one generated page should hold between its markers.

    With ``rewrite`` the page is not a generated one: the function turns its current
    text into the new text (as tidy mode does with directory entries), and is applied
    again to the fresh text after an edit conflict.
    """

    title: str
    section: str
    body: str
    summary: str
    rewrite: Callable[[str], str] | None = None


class Measure(Enum):
    """What the rows of a generated table follow in the sources, for the blanking guard.

    ``PEOPLE``: rows pair or list people (matches, groups, clinics, skills, statistics);
    a shrink of the people justifies removing that share of rows on top of the usual
    allowance, and nothing else does: a damaged taxonomy leaves the people as they were.
    ``ENTRIES``: rows are the problems of entries (the problems page); fewer problems
    with as many entries read is a repair; when entries were lost, only their share of
    the rows is justified. ``NONE``: rows describe the run itself (the status page).
    """

    PEOPLE = "people"
    ENTRIES = "entries read"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class SourceCounts:
    """What a run read, as the blanking guard weighs it: the entries and the people."""

    entries: int = 0
    people: int = 0

    def count(self, measure: Measure) -> int:
        """The entries read or the people, as ``measure`` says."""
        return self.entries if measure is Measure.ENTRIES else self.people


#: The measure of each page kind (see :func:`wikisync.jobs.page_kind`); others: people.
MEASURE_OF_KIND: Mapping[str, Measure] = {"problems": Measure.ENTRIES, "status": Measure.NONE}


@dataclass(frozen=True, slots=True)
class SyncPolicy:
    """The guards every write goes through.

    ``allowed``: the titles the bot may write (see :mod:`wikisync.titles`); anything else
    is skipped. ``max_row_removal``: the share of a table's rows an update may remove
    beyond what the sources justify; above that the update is refused as a probable
    blanking (see :func:`blanking_reason`). ``sources_now``: what this run read;
    ``sources_before``: what the last successful run of each job read (job -> counts),
    against which that job's pages are weighed. ``repair_tolerance``: the share of the
    entries read that may be missing while fewer problems still count as a repair.
    ``kill_switch_every``: edits between two checks of the kill switch.
    ``conflict_retries``: re-reads after an edit conflict before giving up on a page.
    """

    bot: str
    allowed: AllowedTitles
    max_row_removal: float = 0.5
    sources_now: SourceCounts | None = None
    sources_before: Mapping[str, SourceCounts] = field(default_factory=dict)
    repair_tolerance: float = 0.1
    min_rows_guarded: int = 5
    kill_switch_every: int = 5
    conflict_retries: int = 3


class Action(Enum):
    """What the plan does with a page."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class PlannedEdit:
    """One page of the plan: the action, the full new text, and why when skipped.

    ``blanking``: the blanking guard refused the update; ``unmarked``: the page exists
    without the bot's markers, so its section has nowhere to go. Both are failures of the
    run, unlike the pages people asked the bot to leave alone.
    """

    desired: DesiredPage
    base: PageText
    action: Action
    text: str = ""
    reason: str = ""
    blanking: bool = False
    unmarked: bool = False

    @property
    def title(self) -> str:
        """The page's title."""
        return self.desired.title

    def diff(self) -> str:
        """A unified diff of the page as read and as it would be saved."""
        lines = difflib.unified_diff(
            self.base.text.splitlines(keepends=True),
            self.text.splitlines(keepends=True),
            fromfile=f"{self.title} (r{self.base.revision})" if self.base.exists else "/dev/null",
            tofile=f"{self.title} (planned)",
        )
        return "".join(lines)


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What happened to one page of the plan; ``blanking`` and ``unmarked`` as in a plan."""

    title: str
    action: Action
    outcome: str
    revision: int = 0
    reason: str = ""
    blanking: bool = False
    unmarked: bool = False


@dataclass(frozen=True, slots=True)
class SyncReport:
    """Every page's outcome and whether the run stopped early (and why)."""

    pages: tuple[PageOutcome, ...] = ()
    stopped: str = ""
    edits: int = 0


class Writer(Protocol):
    """The part of :class:`wikisync.wiki.Wiki` that applying needs."""

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        """Current texts of pages."""
        ...

    def save(
        self, title: str, text: str, summary: str, *, base: PageText, minor: bool = True
    ) -> SaveResult:
        """Save one page pinned to ``base``."""
        ...


def plan(
    desired: Sequence[DesiredPage], current: Mapping[str, PageText], policy: SyncPolicy
) -> list[PlannedEdit]:
    """The plan for every desired page, from the pages as read."""
    return [plan_page(page, current[page.title], policy) for page in desired]


def plan_page(desired: DesiredPage, base: PageText, policy: SyncPolicy) -> PlannedEdit:
    """Decide what to do with one page."""
    skip = _skip_reason(desired, base, policy)
    if skip:
        return PlannedEdit(desired, base, Action.SKIP, reason=skip)
    if desired.rewrite is not None:
        return _plan_rewrite(desired, base, desired.rewrite)
    if not base.exists:
        return PlannedEdit(desired, base, Action.CREATE, wrap(desired.section, desired.body))
    text = replace_section(base.text, desired.section, desired.body)
    if text is None:
        reason = f"no wikisync:{desired.section} markers (or repeated); page left untouched"
        return PlannedEdit(desired, base, Action.SKIP, reason=reason, unmarked=True)
    if text.rstrip() == base.text.rstrip():
        return PlannedEdit(desired, base, Action.UNCHANGED, text)
    blanking = _blanking_reason(desired, base, policy)
    if blanking:
        return PlannedEdit(desired, base, Action.SKIP, reason=blanking, blanking=True)
    return PlannedEdit(desired, base, Action.UPDATE, text)


def _plan_rewrite(
    desired: DesiredPage, base: PageText, rewrite: Callable[[str], str]
) -> PlannedEdit:
    if not base.exists:
        return PlannedEdit(desired, base, Action.SKIP, reason="the page no longer exists")
    text = rewrite(base.text)
    if text.rstrip() == base.text.rstrip():
        return PlannedEdit(desired, base, Action.UNCHANGED, text)
    return PlannedEdit(desired, base, Action.UPDATE, text)


def apply(
    edits: Sequence[PlannedEdit],
    wiki: Writer,
    policy: SyncPolicy,
    may_edit: Callable[[], bool],
    progress: Callable[[str, str], None] | None = None,
) -> SyncReport:
    """Make the planned edits; stop at once when ``may_edit`` (the kill switch) says no.

    ``progress`` hears (title, outcome) after each page the plan writes.
    """
    outcomes: list[PageOutcome] = []
    made = 0
    for index, edit in enumerate(edits):
        if edit.action not in (Action.CREATE, Action.UPDATE):
            outcomes.append(_not_written(edit))
            continue
        if made % policy.kill_switch_every == 0 and not may_edit():
            stopped = "the kill switch says stop"
            outcomes += [_not_done(e, stopped) for e in edits[index:]]
            return SyncReport(tuple(outcomes), stopped, made)
        outcome = _save_with_retries(edit, wiki, policy)
        made += outcome.outcome in ("created", "edited")
        outcomes.append(outcome)
        if progress is not None:
            progress(edit.title, outcome.outcome)
    return SyncReport(tuple(outcomes), "", made)


def _save_with_retries(edit: PlannedEdit, wiki: Writer, policy: SyncPolicy) -> PageOutcome:
    for _ in range(policy.conflict_retries + 1):
        result = wiki.save(edit.title, edit.text, edit.desired.summary, base=edit.base)
        if result.outcome is not SaveOutcome.CONFLICT:
            return PageOutcome(
                edit.title, edit.action, result.outcome.value, result.revision, result.detail
            )
        fresh = wiki.read_pages([edit.title])[edit.title]
        edit = plan_page(edit.desired, fresh, policy)
        if edit.action not in (Action.CREATE, Action.UPDATE):
            return _not_written(edit)
    reason = f"edit conflict persisted after {policy.conflict_retries} re-reads"
    return PageOutcome(edit.title, edit.action, "conflict", reason=reason)


def _not_written(edit: PlannedEdit) -> PageOutcome:
    return PageOutcome(
        edit.title, edit.action, edit.action.value, reason=edit.reason, blanking=edit.blanking,
        unmarked=edit.unmarked,
    )  # fmt: skip


def _not_done(edit: PlannedEdit, reason: str) -> PageOutcome:
    return PageOutcome(edit.title, edit.action, "not done", reason=reason)


def _skip_reason(desired: DesiredPage, base: PageText, policy: SyncPolicy) -> str:
    if not policy.allowed.allows(desired.title):
        return "outside the titles the bot may edit (the programme's and the bot's own pages)"
    if base.exists and not bot_may_edit(base.text, policy.bot):
        return "the page excludes this bot ({{nobots}} or {{bots|deny=…}})"
    return ""


def _blanking_reason(desired: DesiredPage, base: PageText, policy: SyncPolicy) -> str:
    old = find_section(base.text, desired.section) or ""
    kind = page_kind(desired.section)
    return blanking_reason(kind, table_rows(old), table_rows(desired.body), policy)


def blanking_reason(kind: str, old_rows: int, new_rows: int, policy: SyncPolicy) -> str:
    """Why a table of a page of ``kind`` losing rows looks like a blanking ("" if it does not).

    The page is weighed against what the sources read now justify, compared with the last
    successful run of its job (:data:`MEASURE_OF_KIND`): a table of people may lose
    ``max_row_removal`` of its rows plus the share by which the people shrank; the
    problems page may lose any number of problems when about as many entries were read
    (a repair: the page as published was the anomaly), and otherwise keeps at least
    ``1 - max_row_removal`` of the problems of the entries still read; the status page is
    never guarded. Small tables are not guarded.
    """
    measure = MEASURE_OF_KIND.get(kind, Measure.PEOPLE)
    if measure is Measure.NONE or old_rows < policy.min_rows_guarded or new_rows >= old_rows:
        return ""
    before = policy.sources_before.get(JOB_OF_KIND.get(kind, ""))
    shrink = source_shrink(measure, before, policy.sources_now)
    if measure is Measure.ENTRIES and shrink is not None and shrink <= policy.repair_tolerance:
        return ""
    shrunk = shrink or 0.0
    if measure is Measure.ENTRIES:
        allowed = 1 - (1 - shrunk) * (1 - policy.max_row_removal)
    else:
        allowed = policy.max_row_removal + shrunk
    removed = 1 - new_rows / old_rows
    if removed <= allowed:
        return ""
    return (
        f"would remove {removed:.0%} of the table rows ({old_rows} -> {new_rows}) while the "
        f"{measure.value} shrank by {shrunk:.0%}; refused as a probable blanking"
    )


def source_shrink(
    measure: Measure, before: SourceCounts | None, now: SourceCounts | None
) -> float | None:
    """How much the sources shrank by ``measure`` (0 to 1), or None when not known."""
    if before is None or now is None or not before.count(measure):
        return None
    return max(0.0, 1 - now.count(measure) / before.count(measure))


def switch_says_yes(text: str) -> bool:
    """Whether the kill-switch page allows edits: its text (comments aside) is ``yes``."""
    return _COMMENT.sub("", text).strip().lower() == "yes"


def table_rows(text: str) -> int:
    """The number of table rows (``|-`` lines) in wikitext."""
    return len(_ROW.findall(text))


def dry_run(edits: Sequence[PlannedEdit]) -> str:
    """What applying would change: one unified diff per page, and the skipped pages."""
    parts = []
    for edit in edits:
        if edit.action in (Action.CREATE, Action.UPDATE):
            parts.append(edit.diff())
        elif edit.action is Action.SKIP:
            parts.append(f"# skip {edit.title}: {edit.reason}\n")
    return "".join(parts)


def preview_plan(edits: Sequence[PlannedEdit], prefix: str) -> list[DesiredPage]:
    """The changed pages as preview pages under ``prefix``, for coordinators to review."""
    return [
        replace(edit.desired, title=f"{prefix.rstrip('/')}/{edit.title}")
        for edit in edits
        if edit.action in (Action.CREATE, Action.UPDATE)
    ]
