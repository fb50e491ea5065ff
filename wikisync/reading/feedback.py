"""Feedback as the pages say it now, and undoing what removed feedback did to the history.

Feedback is what the feedback page and its archives hold at this run: a line that is
deleted or reverted stops counting at once. Each (learner, sharer, skill) pair has one
status: the last statement in reading order, the archives first (in title order), then the
feedback page, each from top to bottom. So a line further down a page wins over one above
it, and the feedback page wins over its archives.

Matching also remembers its last suggestions and gives them a bonus, to keep results
stable. Feedback that a matching run acted on (a ``declined`` pair banned, a ``met``
request served) moved suggestions, and that bonus would keep them moved after the feedback
is gone. So when feedback an earlier run acted on is no longer on the pages, the
suggestions that the run where it came into force started lose the bonus, and those it
stopped get it back, unless their request changed again since (see :func:`undo_shift`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from wikisync.model import Feedback
from wikisync.running.state import ACCEPTED, DECLINED, MET, SuggestionShift

#: The statuses matching acts on: the others change no suggestion.
ACTED_ON = frozenset({ACCEPTED, DECLINED, MET})

Pair = tuple[str, str, str]
Request = tuple[str, str]


def pair_of(item: Feedback) -> Pair:
    """The (learner, sharer, skill) a feedback statement is about."""
    return item.learner, item.sharer, item.skill


def resolve(statements: Iterable[Feedback]) -> tuple[Feedback, ...]:
    """One statement per pair, the last in reading order, sorted by pair.

    ``statements`` come page by page in :meth:`wikisync.reading.sources.SourceTitles.feedback_pages`
    order, each page's in the order they stand on it.
    """
    latest = {pair_of(item): item for item in statements}
    return tuple(latest[pair] for pair in sorted(latest))


def withdrawn_since(
    acted_on: Mapping[Pair, tuple[str, dt.datetime]], current: Iterable[Feedback]
) -> list[dt.datetime]:
    """When the feedback that the last matching run acted on but the pages no longer say came
    into force, latest first (each moment once).

    ``acted_on`` maps each pair to the status in force at the last matching run and the
    moment it came into force; only ``accepted``, ``declined`` and ``met`` count, and a pair
    whose status
    changed to another one counts as withdrawn.
    """
    now = {pair_of(item): item.status for item in current}
    moments = {
        since
        for pair, (status, since) in acted_on.items()
        if status in ACTED_ON and now.get(pair) != status
    }
    return sorted(moments, reverse=True)


def undo_shift(previous: Mapping[Request, str], shift: SuggestionShift) -> dict[Request, str]:
    """The previous suggestions with ``shift`` undone where no later run changed them.

    A suggestion the shift started loses its place while it is still the previous one; a
    request left without a previous suggestion gets back the sharer the shift stopped.
    Undoing several shifts latest first undoes them all.
    """
    undone = {
        request: sharer
        for request, sharer in previous.items()
        if (*request, sharer) not in shift.started
    }
    for request, sharer in shift.stopped.items():
        undone.setdefault(request, sharer)
    return dict(sorted(undone.items()))
