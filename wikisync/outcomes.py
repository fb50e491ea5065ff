"""The one vocabulary of what happened: to a page, and to a job's run.

Every module that reports, records or renders an outcome uses these enums; their values
are what the state stores and what ``wikisync run`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class PageOutcome(StrEnum):
    """What happened to one page of a run's plan."""

    #: The page did not exist and was created (a dry run: would be).
    CREATED = "created"
    #: The bot's section was saved with new text (a dry run: would be).
    EDITED = "edited"
    #: The page already held what the bot would write: nothing to save.
    UNCHANGED = "unchanged"
    #: Left alone as the page asks: ``{{nobots}}``, no markers, or outside the allowed titles.
    SKIPPED = "skipped"
    #: The blanking guard refused the update: it would remove most of a table's rows.
    REFUSED = "refused"
    #: Someone else kept editing the page; saving would have overwritten them.
    CONFLICT = "conflict"
    #: The page is protected against the bot's edits.
    PROTECTED = "protected"
    #: The wiki refused the save (an abuse filter, the spam blacklist, a read-only wiki …).
    FAILED = "failed"
    #: The run stopped (the kill switch) before this page, which would have changed.
    NOT_DONE = "not done"
    #: Not saved because another page of its job was refused: the job's pages show one
    #: state of the data or none.
    HELD_BACK = "held back"

    @property
    def written(self) -> bool:
        """Whether the page now holds what the bot planned (saved, or already so)."""
        return self in _PUBLISHED

    @property
    def saved(self) -> bool:
        """Whether this run saved a new revision of the page."""
        return self in (PageOutcome.CREATED, PageOutcome.EDITED)


_PUBLISHED = frozenset({PageOutcome.CREATED, PageOutcome.EDITED, PageOutcome.UNCHANGED})


class RunOutcome(StrEnum):
    """How one run of a job ended, as the state records it."""

    #: Started and not finished yet.
    RUNNING = "running"
    #: Its process ended without finishing it.
    INTERRUPTED = "interrupted"
    #: Every page of the job was saved or found unchanged; the job's state advanced.
    SUCCESS = "success"
    #: No source changed since the last full run: nothing to do.
    UNCHANGED = "unchanged"
    #: A page of the job was not written, or an error stopped the run; nothing was recorded
    #: for the job and nothing announced.
    FAILED = "failed"
    #: The kill switch stopped the run before all of the job's pages were written.
    STOPPED = "stopped"

    @property
    def finished_well(self) -> bool:
        """Whether the job's pages are as its sources say (a success or nothing to do)."""
        return self in (RunOutcome.SUCCESS, RunOutcome.UNCHANGED)


#: Run outcomes from best to worst: a run of several jobs ends as the worst of theirs.
_RUN_SEVERITY: tuple[RunOutcome, ...] = (
    RunOutcome.UNCHANGED,
    RunOutcome.SUCCESS,
    RunOutcome.RUNNING,
    RunOutcome.STOPPED,
    RunOutcome.INTERRUPTED,
    RunOutcome.FAILED,
)


def worst_run_outcome(outcomes: Iterable[RunOutcome]) -> RunOutcome:
    """The worst of ``outcomes`` (failed, then interrupted, stopped, running, success,
    unchanged); ``unchanged`` when there are none, as nothing was done."""
    return max(outcomes, key=_RUN_SEVERITY.index, default=RunOutcome.UNCHANGED)
