"""Small values shown in tables: time differences, languages and levels, dates."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable

from wikisync.model import NATIVE, Person
from wikisync.normalize import cldr
from wikisync.render.escape import Wikitext, escape
from wikisync.render.i18n import Messages

#: Babel levels by the message that names them.
_LEVEL_MESSAGES = {NATIVE: "language-level-native", **{n: f"language-level-{n}" for n in range(6)}}
_RIGHT_TO_LEFT = frozenset({"R", "AL"})


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


def language_name(code: str, messages: Messages) -> Wikitext:
    """The name of the language ``code`` in the page's language (CLDR's; English where CLDR
    has none, the code itself for a code it does not know), escaped.

    On a right-to-left page a name written left to right is isolated.
    """
    name = cldr.language_name(code, messages.lang) or code
    shown = escape(name)
    if name and unicodedata.bidirectional(name[0]) not in _RIGHT_TO_LEFT:
        return messages.isolate(shown)
    return shown


def language_level(level: int, messages: Messages) -> Wikitext:
    """A Babel level in words ("intermediate", "native"); an unknown level as its number."""
    key = _LEVEL_MESSAGES.get(level)
    return messages.msg(key) if key is not None else Wikitext(str(level))


def language_with_level(code: str, level: int, messages: Messages) -> Wikitext:
    """A language and a level as a reader sees them: "Spanish (intermediate)"."""
    return messages.msg(
        "language-with-level", language_name(code, messages), language_level(level, messages)
    )


def language_list(codes: Iterable[str], messages: Messages) -> Wikitext:
    """The names of the languages ``codes`` in alphabetical order, or ``none``."""
    names = sorted((language_name(code, messages) for code in codes), key=str.casefold)
    return messages.join(names) if names else messages.msg("none")


def counted(
    items: tuple[tuple[str, int], ...],
    messages: Messages,
    label: Callable[[str, Messages], Wikitext] | None = None,
) -> Wikitext:
    """``(value, count)`` pairs as ``value (count)``, most frequent first, or ``none``.

    ``label`` shows a value (a language code by its name); without it the value is shown
    as written, escaped.
    """
    if not items:
        return messages.msg("none")
    ordered = sorted(items, key=lambda item: (-item[1], item[0]))
    return messages.join(
        [
            messages.msg("item-count", label(value, messages) if label else value, count)
            for value, count in ordered
        ]
    )


def timestamp(moment: dt.datetime) -> str:
    """``moment`` in UTC to the minute (a naive time is taken as UTC already)."""
    utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    return utc.strftime("%Y-%m-%d %H:%M") + " UTC"


def clock(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time, ``09:30``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
