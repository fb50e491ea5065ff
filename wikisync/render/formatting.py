"""Small values shown in tables: time differences, shared languages, dates."""

from __future__ import annotations

import datetime as dt

from wikisync.model import Person
from wikisync.render.escape import Wikitext, escape
from wikisync.render.i18n import Messages


def time_difference(learner: Person | None, sharer: Person | None, messages: Messages) -> str:
    """How far apart two participants' clocks are (``3 hours``, ``5 h 30 min``)."""
    if learner is None or sharer is None:
        return messages.msg("unknown")
    if learner.utc_offset is None or sharer.utc_offset is None:
        return messages.msg("unknown")
    hours, minutes = divmod(abs(sharer.utc_offset - learner.utc_offset), 60)
    if hours == 0 and minutes == 0:
        return messages.msg("time-same")
    if minutes == 0:
        return messages.msg("time-hours", hours)
    return messages.msg("time-hours-minutes", hours, minutes)


def common_languages(learner: Person | None, sharer: Person | None) -> tuple[str, ...]:
    """The language codes both participants speak, sorted."""
    if learner is None or sharer is None:
        return ()
    theirs = {language.code for language in sharer.languages}
    return tuple(sorted({language.code for language in learner.languages} & theirs))


def codes(values: tuple[str, ...], messages: Messages) -> Wikitext:
    """Escaped codes joined with the list separator, or ``none``."""
    if not values:
        return messages.msg("none")
    return messages.join([escape(value) for value in values])


def counted(items: tuple[tuple[str, int], ...], messages: Messages) -> Wikitext:
    """``(value, count)`` pairs as ``value (count)``, most frequent first, or ``none``."""
    if not items:
        return messages.msg("none")
    ordered = sorted(items, key=lambda item: (-item[1], item[0]))
    return messages.join([messages.msg("item-count", value, count) for value, count in ordered])


def timestamp(moment: dt.datetime) -> str:
    """``moment`` in UTC to the minute (a naive time is taken as UTC already)."""
    utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    return utc.strftime("%Y-%m-%d %H:%M") + " UTC"
