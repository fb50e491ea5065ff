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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from wikisync.interfaces import PageSaver, PageText, SaveOutcome
from wikisync.outcomes import PageOutcome
from wikisync.planning.jobs import HIDDEN_MARKER_KINDS, JOB_OF_KIND, page_kind
from wikisync.render.markers import find_section, framed, section_frame, wrap_frame
from wikisync.render.pages.parts import utf8_size
from wikisync.writing.safety import (
    AllowedTitles,
    SourceCounts,
    blanking_reason,
    bot_may_edit,
    table_rows,
)


@dataclass(frozen=True, slots=True)
class DesiredPage:
    """What one generated page should hold between its markers.

    With ``rewrite`` the page is not a generated one: the function turns its current
    text into the new text (as tidy mode does with directory entries), and is applied
    again to the fresh text after an edit conflict. ``retired``: the page is no longer
    generated and ``body`` is the notice that says so (see :mod:`wikisync.planning.retired`).
    """

    title: str
    section: str
    body: str
    summary: str
    rewrite: Callable[[str], str] | None = None
    retired: bool = False


@dataclass(frozen=True, slots=True)
class SyncPolicy:
    """The guards every write goes through.

    ``allowed``: the titles the bot may write (see :mod:`wikisync.planning.titles`); anything else
    is skipped. ``max_row_removal``: the share of a table's rows an update may remove
    beyond what the sources justify; above that the update is refused as a probable
    blanking (see :func:`blanking_reason`). ``sources_now``: what this run read;
    ``sources_before``: what the last successful run of each job read (job -> counts),
    against which that job's pages are weighed. ``repair_tolerance``: the share of the
    entries read that may be missing while fewer problems still count as a repair.
    ``conflict_retries``: re-reads after an edit conflict before giving up on a page.
    ``max_page_bytes``: the largest page the wiki
    accepts (0: no limit); a larger text is refused here rather than sent.
    """

    bot: str
    allowed: AllowedTitles
    max_row_removal: float = 0.5
    sources_now: SourceCounts | None = None
    sources_before: Mapping[str, SourceCounts] = field(default_factory=dict)
    repair_tolerance: float = 0.1
    min_rows_guarded: int = 5
    conflict_retries: int = 3
    max_page_bytes: int = 0


class Action(Enum):
    """What the plan does with a page.

    ``SKIP``: the page is left alone as it asks (``{{nobots}}``, no markers) or as the
    allowed titles say; ``REFUSE``: the blanking guard refused the update. Both leave the
    page's job unfinished (see :mod:`wikisync.writing.execute`).
    """

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"
    REFUSE = "refuse"

    @property
    def writes(self) -> bool:
        """Whether the action saves the page."""
        return self in (Action.CREATE, Action.UPDATE)

    @property
    def outcome(self) -> PageOutcome:
        """The page's outcome when the plan is carried out as planned (or was not saved)."""
        return _PLANNED_OUTCOME[self]


@dataclass(frozen=True, slots=True)
class PlannedEdit:
    """One page of the plan: the action, the full new text, and why when skipped or refused.

    The new text of a generated page is its body between the two ends of ``frame`` (the
    text before and after the bot's part, markers included), put together each time it
    is asked for, so that a plan holds every body once; ``whole_text`` is the new text of
    a page rewritten whole (tidy mode). A page left unchanged keeps no text, nor the text
    it was read with (its ``base`` keeps the title, revision and timestamp).
    """

    desired: DesiredPage
    base: PageText
    action: Action
    whole_text: str = ""
    reason: str = ""
    family: Family | None = field(default=None, compare=False, repr=False)
    frame: tuple[str, str] | None = None

    @property
    def title(self) -> str:
        """The page's title."""
        return self.desired.title

    @property
    def text(self) -> str:
        """The full text the page would be saved with ("" when nothing is saved)."""
        return self.whole_text if self.frame is None else framed(self.frame, self.desired.body)

    def diff(self) -> str:
        """A unified diff of the page as read and as it would be saved."""
        lines = difflib.unified_diff(
            self.base.text.splitlines(keepends=True),
            self.text.splitlines(keepends=True),
            fromfile=f"{self.title} (r{self.base.revision})" if self.base.exists else "/dev/null",
            tofile=f"{self.title} (planned)",
        )
        return "".join(lines)


_PLANNED_OUTCOME = {
    Action.CREATE: PageOutcome.CREATED,
    Action.UPDATE: PageOutcome.EDITED,
    Action.UNCHANGED: PageOutcome.UNCHANGED,
    Action.SKIP: PageOutcome.SKIPPED,
    Action.REFUSE: PageOutcome.REFUSED,
}
#: What a save's outcome means for the page; the wiki refusing a save is a failure.
_SAVED_OUTCOME = {
    SaveOutcome.EDITED: PageOutcome.EDITED,
    SaveOutcome.CREATED: PageOutcome.CREATED,
    SaveOutcome.UNCHANGED: PageOutcome.UNCHANGED,
    SaveOutcome.CONFLICT: PageOutcome.CONFLICT,
    SaveOutcome.PROTECTED: PageOutcome.PROTECTED,
    SaveOutcome.REFUSED: PageOutcome.FAILED,
}


@dataclass(frozen=True, slots=True)
class PageResult:
    """What happened to one page of the plan, and why when it was not written."""

    title: str
    action: Action
    outcome: PageOutcome
    revision: int = 0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SyncReport:
    """Every page's outcome and whether the run stopped early (and why)."""

    pages: tuple[PageResult, ...] = ()
    stopped: str = ""
    edits: int = 0

    @property
    def unwritten(self) -> tuple[PageResult, ...]:
        """The pages that do not hold what the plan says they should."""
        return tuple(page for page in self.pages if not page.outcome.written)


class Family:
    """The desired pages that are one page and its parts, for the blanking guard.

    A part is a desired page below another one with the same marker
    (``…/Matches/Proposal writing`` below ``…/Matches``). Their table rows are counted
    together: rows moving between a page and its parts (a page splitting, a part emptied)
    are no blanking, and rows lost across many parts still are. When a page with some
    marker that is no part is retired, every desired page with that marker is one family
    (``by_marker``): the rows of a
    skill taken out of the taxonomy are weighed against all the skill pages, and losing
    more of its pages than the guard lets a table lose rows is refused
    (:func:`_retiring_reason`): a taxonomy that lost most of its skills is a damaged page,
    not a programme that changed, while pages renamed (the old titles retired, the new ones
    created) lose nothing.
    """

    def __init__(
        self,
        members: Sequence[DesiredPage],
        current: Mapping[str, PageText],
        *,
        by_marker: bool = False,
    ) -> None:
        self.by_marker = by_marker
        self._members = members
        self._current = current
        self._rows: dict[str, tuple[int, int]] | None = None

    def rows(self, title: str, base: PageText) -> tuple[int, int]:
        """The family's table rows as read (``title`` as in ``base``) and as desired."""
        if self._rows is None:
            self._rows = {
                page.title: _rows(page, self._current[page.title]) for page in self._members
            }
        old = sum(rows[0] for key, rows in self._rows.items() if key != title)
        new = sum(rows[1] for rows in self._rows.values())
        own = next(page for page in self._members if page.title == title)
        return old + _rows(own, base)[0], new

    def pages(self) -> tuple[int, int]:
        """The family's generated pages before this run (those retired now, and the others
        that already exist) and after it (those not retired)."""
        before = sum(page.retired or self._current[page.title].exists for page in self._members)
        return before, sum(not page.retired for page in self._members)


def _rows(page: DesiredPage, base: PageText) -> tuple[int, int]:
    old = (find_section(base.text, page.section) or "") if base.exists else ""
    return table_rows(old), table_rows(page.body)


def families(desired: Sequence[DesiredPage], current: Mapping[str, PageText]) -> dict[str, Family]:
    """Each title of a page that has parts, or is one, mapped to its :class:`Family`."""
    generated = {(page.section, page.title) for page in desired if page.rewrite is None}
    roots = {page.title: _family_root(page, generated) for page in desired if page.rewrite is None}
    retiring = {p.section for p in desired if p.retired and roots.get(p.title) == p.title}
    members: dict[tuple[str, bool], list[DesiredPage]] = {}
    for page in desired:
        if page.rewrite is None:
            by_marker = page.section in retiring
            key = (page.section if by_marker else roots[page.title], by_marker)
            members.setdefault(key, []).append(page)
    return {
        page.title: family
        for (_, by_marker), group in members.items()
        if len(group) > 1
        for family in [Family(group, current, by_marker=by_marker)]
        for page in group
    }


def _family_root(page: DesiredPage, generated: set[tuple[str, str]]) -> str:
    """The shortest desired title with the page's marker that the page's title is below."""
    pieces = page.title.split("/")
    for end in range(1, len(pieces)):
        head = "/".join(pieces[:end])
        if (page.section, head) in generated:
            return head
    return page.title


def plan(
    desired: Sequence[DesiredPage], current: Mapping[str, PageText], policy: SyncPolicy
) -> list[PlannedEdit]:
    """The plan for every desired page, from the pages as read."""
    family = families(desired, current)
    return [
        plan_page(page, current[page.title], policy, family.get(page.title)) for page in desired
    ]


def plan_page(
    desired: DesiredPage, base: PageText, policy: SyncPolicy, family: Family | None = None
) -> PlannedEdit:
    """Decide what to do with one page; ``family`` holds it and its parts, if it has any."""
    planned = _plan_page(desired, base, policy, family)
    too_big = _size_reason(planned, policy)
    if too_big:
        return replace(planned, action=Action.REFUSE, whole_text="", frame=None, reason=too_big)
    return replace(planned, family=family)


def _size_reason(planned: PlannedEdit, policy: SyncPolicy) -> str:
    """Why a planned save is too large for the wiki ("" when it is not)."""
    if not planned.action.writes or not policy.max_page_bytes:
        return ""
    size = utf8_size(planned.text)
    if size <= policy.max_page_bytes:
        return ""
    return (
        f"the page would be {size:,} bytes, above the wiki's limit of "
        f"{policy.max_page_bytes:,}; shorten the text outside the markers or lower "
        f"pages.split.max_bytes"
    )


def _plan_page(
    desired: DesiredPage, base: PageText, policy: SyncPolicy, family: Family | None
) -> PlannedEdit:
    skip = _skip_reason(desired, base, policy)
    if skip:
        return PlannedEdit(desired, base, Action.SKIP, reason=skip)
    if desired.rewrite is not None:
        return _plan_rewrite(desired, base, desired.rewrite)
    if not base.exists:
        hidden = page_kind(desired.section) in HIDDEN_MARKER_KINDS
        created = wrap_frame(desired.section, hidden=hidden)
        return PlannedEdit(desired, base, Action.CREATE, frame=created)
    frame = section_frame(base.text, desired.section)
    if frame is None:
        reason = f"no wikisync:{desired.section} markers (or repeated); page left untouched"
        return PlannedEdit(desired, base, Action.SKIP, reason=reason)
    if framed(frame, desired.body).rstrip() == base.text.rstrip():
        return PlannedEdit(desired, _without_text(base), Action.UNCHANGED)
    blanking = _blanking_reason(desired, base, policy, family)
    if blanking:
        return PlannedEdit(desired, base, Action.REFUSE, reason=blanking)
    return PlannedEdit(desired, base, Action.UPDATE, frame=frame)


def _without_text(page: PageText) -> PageText:
    """``page`` as read, less its text (which a page left unchanged no longer needs)."""
    return replace(page, text="")


def _plan_rewrite(
    desired: DesiredPage, base: PageText, rewrite: Callable[[str], str]
) -> PlannedEdit:
    if not base.exists:
        return PlannedEdit(desired, base, Action.SKIP, reason="the page no longer exists")
    text = rewrite(base.text)
    if text.rstrip() == base.text.rstrip():
        return PlannedEdit(desired, _without_text(base), Action.UNCHANGED)
    return PlannedEdit(desired, base, Action.UPDATE, text)


def apply(
    edits: Sequence[PlannedEdit],
    wiki: PageSaver,
    policy: SyncPolicy,
    may_edit: Callable[[], bool],
    progress: Callable[[str, str], None] | None = None,
) -> SyncReport:
    """Make the planned edits; stop at once when ``may_edit`` (the kill switch) says no.

    ``may_edit`` is asked before each save (a :class:`wikisync.writing.safety.KillSwitch` reads its
    page only as often as its cadence says). After a stop, the pages that would have
    changed are ``not done``; the others keep their planned outcome. ``progress`` hears
    (title, outcome) after each page the plan writes.
    """
    outcomes: list[PageResult] = []
    made = 0
    stopped = ""
    for edit in edits:
        if not edit.action.writes:
            outcomes.append(_as_planned(edit))
            continue
        if not stopped and not may_edit():
            stopped = STOPPED_BY_SWITCH
        if stopped:
            outcomes.append(
                PageResult(edit.title, edit.action, PageOutcome.NOT_DONE, reason=stopped)
            )
            continue
        outcome = _save_with_retries(edit, wiki, policy)
        made += outcome.outcome.saved
        outcomes.append(outcome)
        if progress is not None:
            progress(edit.title, outcome.outcome.value)
    return SyncReport(tuple(outcomes), stopped, made)


#: Why a run stopped when the kill switch said so.
STOPPED_BY_SWITCH = "the kill switch says stop"


def _save_with_retries(edit: PlannedEdit, wiki: PageSaver, policy: SyncPolicy) -> PageResult:
    for _ in range(policy.conflict_retries + 1):
        result = wiki.save(edit.title, edit.text, edit.desired.summary, base=edit.base)
        if result.outcome is not SaveOutcome.CONFLICT:
            outcome = _SAVED_OUTCOME[result.outcome]
            return PageResult(edit.title, edit.action, outcome, result.revision, result.detail)
        fresh = wiki.read_pages([edit.title])[edit.title]
        edit = plan_page(edit.desired, fresh, policy, edit.family)
        if not edit.action.writes:
            return _as_planned(edit)
    reason = f"edit conflict persisted after {policy.conflict_retries} re-reads"
    return PageResult(edit.title, edit.action, PageOutcome.CONFLICT, reason=reason)


def _not_done(edit: PlannedEdit, reason: str) -> PageResult:
    return PageResult(edit.title, edit.action, PageOutcome.NOT_DONE, reason=reason)


def _as_planned(edit: PlannedEdit) -> PageResult:
    return PageResult(edit.title, edit.action, edit.action.outcome, reason=edit.reason)


def _skip_reason(desired: DesiredPage, base: PageText, policy: SyncPolicy) -> str:
    if not policy.allowed.allows(desired.title):
        return "outside the titles the bot may edit (the programme's and the bot's own pages)"
    if base.exists and not bot_may_edit(base.text, policy.bot):
        return "the page excludes this bot ({{nobots}} or {{bots|deny=…}})"
    return ""


def _blanking_reason(
    desired: DesiredPage, base: PageText, policy: SyncPolicy, family: Family | None
) -> str:
    """Why the update looks like a blanking: of the page alone, or of the page and its
    parts together when it has any (then only a page that loses rows is refused)."""
    old, new = _rows(desired, base)
    kind = page_kind(desired.section)
    before = policy.sources_before.get(JOB_OF_KIND.get(kind, ""))
    retiring = _retiring_reason(desired, policy, family)
    if retiring:
        return retiring
    if family is None:
        return blanking_reason(kind, old, new, policy, before)
    if new >= old:
        return ""
    reason = blanking_reason(kind, *family.rows(desired.title, base), policy, before)
    return f"with its parts, {reason}" if reason else ""


def _retiring_reason(desired: DesiredPage, policy: SyncPolicy, family: Family | None) -> str:
    """Why retiring the page looks like damage: the pages with its marker would shrink by
    more than ``max_row_removal`` (families of fewer than ``min_rows_guarded`` pages
    before the run are not weighed)."""
    if not desired.retired or family is None or not family.by_marker:
        return ""
    before, after = family.pages()
    if before < policy.min_rows_guarded or 1 - after / before <= policy.max_row_removal:
        return ""
    return (
        f"would leave {after} of the {before} pages with the {desired.section} marker "
        f"(the others retired); refused as a probable blanking of a source page"
    )


def dry_run(edits: Sequence[PlannedEdit]) -> str:
    """What applying would change: one unified diff per page, and the skipped pages."""
    parts = []
    for edit in edits:
        if edit.action.writes:
            parts.append(edit.diff())
        elif edit.action in (Action.SKIP, Action.REFUSE):
            parts.append(f"# {edit.action.value} {edit.title}: {edit.reason}\n")
    return "".join(parts)


def preview_plan(edits: Sequence[PlannedEdit], prefix: str) -> list[DesiredPage]:
    """The changed pages as preview pages under ``prefix``, for coordinators to review."""
    return [
        replace(edit.desired, title=f"{prefix.rstrip('/')}/{edit.title}")
        for edit in edits
        if edit.action.writes
    ]
