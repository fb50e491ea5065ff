"""Every guard between the bot and a page, in one place.

- **The kill switch** (``User:<bot>/Run``): the bot edits only while the page says ``yes``
  (comments aside); a missing or empty page, or anything else, means stop. It is read
  before the first edit and again at most once a minute of saving (:class:`KillSwitch`).
- **The talk-page stop**: a new message on the bot's talk page stops every write, as bot
  policies ask: it is often someone asking the bot to stop (:func:`talk_page_stop`).
- **The bots exclusion convention**: ``{{nobots}}`` and ``{{bots|allow=…|deny=…}}`` on a
  page (:func:`bot_may_edit`), and ``{{bots|optout=…}}`` for messages
  (:func:`accepts_messages`). MediaWiki does not enforce it; well-behaved bots check it
  themselves. The rules are those of pywikibot's ``botMayEdit``: ``{{nobots}}`` denies
  every bot; ``{{bots}}`` with no parameters allows every bot; ``allow=A,B`` allows only
  the bots listed (``all`` all, ``none`` none); ``deny=A,B`` denies the bots listed;
  ``optout=…`` concerns notifications only.
- **Allowed titles** (:class:`AllowedTitles`): exact titles and prefixes; a prefix ``X``
  allows ``X`` itself and its subpages ``X/…``, never a look-alike such as ``Xyz``, and a
  talk page or another namespace is a title of its own. Titles are compared as MediaWiki
  writes them: underscores as spaces, runs of spaces collapsed, and the first letter
  upper-cased, of the title and of the part after a namespace.
- **The blanking guard** (:func:`blanking_reason`): an update that would remove most of a
  table's rows, more than the sources justify, is refused as a probable blanking.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

import mwparserfromhell

from wikisync.render.links import normalize_title

_ROW = re.compile(r"^\s*\|-", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
#: Seconds of saving between two readings of the kill switch, unless the settings say otherwise.
DEFAULT_SWITCH_SECONDS = 60.0


# --- the kill switch and the talk-page stop ------------------------------------------


def switch_says_yes(text: str) -> bool:
    """Whether the kill-switch page allows edits: its text (comments aside) is ``yes``."""
    return _COMMENT.sub("", text).strip().lower() == "yes"


class SwitchPage(Protocol):
    """What the kill switch needs to know of its page."""

    @property
    def exists(self) -> bool:
        """Whether the page exists."""
        ...

    @property
    def text(self) -> str:
        """The page's wikitext."""
        ...


def switch_allows(page: SwitchPage) -> bool:
    """Whether the kill-switch page allows edits: it exists and says ``yes``."""
    return page.exists and switch_says_yes(page.text)


@dataclass(frozen=True, slots=True)
class SwitchReading:
    """The kill-switch page as read ``at`` (monotonic seconds), with other pages."""

    page: SwitchPage
    at: float


class KillSwitch:
    """The kill switch as a run reads it: before the first edit, then at most once a period.

    :meth:`allows_edit` is asked before each edit (pages and messages alike); it reads the
    switch page with ``read`` on the first call, and again on the first call at least
    ``seconds`` after the last reading, by ``clock`` (monotonic seconds). A run of many quick
    edits reads it a few times, not once every few edits; a stop takes effect at most one
    period after the page said it. Once it said stop, it says stop without reading again.
    ``first``: a reading made with other pages shortly before; it counts as the reading
    before the first edit when that edit comes within the period. ``reads`` counts the
    readings.
    """

    def __init__(
        self,
        read: Callable[[], SwitchPage],
        seconds: float = DEFAULT_SWITCH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        first: SwitchReading | None = None,
    ) -> None:
        self._read = read
        self._seconds = max(0.0, seconds)
        self._clock = clock
        self._last_read: float | None = None
        self._stopped = False
        self.reads = 0
        if first is not None:
            self.reads = 1
            self._last_read = first.at
            self._stopped = not switch_allows(first.page)

    def allows_edit(self) -> bool:
        """Whether the next edit may be made."""
        if self._stopped:
            return False
        moment = self._clock()
        if self._last_read is None or moment - self._last_read >= self._seconds:
            self.reads += 1
            self._last_read = moment
            self._stopped = not switch_allows(self._read())
        return not self._stopped

    @property
    def stopped(self) -> bool:
        """Whether the switch said stop."""
        return self._stopped


class TalkPageAccount(Protocol):
    """What the talk-page stop needs to know of the bot's account."""

    @property
    def user(self) -> str:
        """The account's name."""
        ...

    @property
    def new_messages(self) -> bool:
        """Whether the account's talk page has a message not yet read."""
        ...


def talk_page_stop(account: TalkPageAccount) -> str:
    """Why the bot may not write because of its talk page ("" when it may)."""
    if not account.new_messages:
        return ""
    return (
        f"User talk:{account.user} has a new message: read it (someone may be asking the "
        f"bot to stop), then run 'wikisync ping --messages-read' to let the bot edit again"
    )


# --- the bots exclusion convention -----------------------------------------------------


def bot_may_edit(text: str, bot: str) -> bool:
    """Whether ``bot`` may edit a page holding ``text``.

    Both templates have "bots" in their name, so a page without those letters is settled
    without parsing it (most pages: the parse is the slowest part of planning).
    """
    if not may_name_bots(text):
        return True
    for template in mwparserfromhell.parse(text).filter_templates(recursive=True):
        name = _template_name(str(template.name))
        if name == "Nobots":
            return False
        if name != "Bots":
            continue
        for param in template.params:
            key = str(param.name).strip().lower()
            names = _names(str(param.value))
            if key == "allow":
                return "all" in names or bot.lower() in names
            if key == "deny":
                return not ("all" in names or bot.lower() in names)
    return True


def may_name_bots(text: str) -> bool:
    """Whether ``text`` holds "bots" in any case (``"bots" in text.lower()``).

    Only the ASCII letters lower to b, o, t and s, and UTF-8 writes every other character
    with bytes above 127, so lowering the encoded bytes (ASCII only, and twice as fast on
    a large page) finds the same.
    """
    return b"bots" in text.encode("utf-8", "surrogatepass").lower()


def accepts_messages(text: str, bot: str, kind: str = "wikisync") -> bool:
    """Whether a talk page holding ``text`` takes messages from ``bot``.

    No when the bot may not edit it at all, or when ``{{bots|optout=…}}`` lists ``all`` or
    the message ``kind``.
    """
    if not bot_may_edit(text, bot):
        return False
    for template in mwparserfromhell.parse(text).filter_templates(recursive=True):
        if _template_name(str(template.name)) != "Bots":
            continue
        for param in template.params:
            if str(param.name).strip().lower() == "optout":
                kinds = _names(str(param.value))
                if "all" in kinds or kind.lower() in kinds:
                    return False
    return True


def _template_name(raw: str) -> str:
    name = raw.strip().replace("_", " ")
    name = name.removeprefix("Template:").removeprefix("template:")
    return name[:1].upper() + name[1:]


def _names(value: str) -> set[str]:
    return {part.strip().lower() for part in value.split(",") if part.strip()}


# --- allowed titles ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AllowedTitles:
    """Exact ``titles`` and ``prefixes`` (each allowing itself and its subpages).

    Both are kept in normalised form; empty values are dropped, so an empty prefix allows
    nothing rather than everything.
    """

    titles: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        exact = frozenset(key for key in map(title_key, self.titles) if key)
        heads = sorted({title_key(p).rstrip("/") for p in self.prefixes} - {""})
        object.__setattr__(self, "titles", exact)
        object.__setattr__(self, "prefixes", tuple(heads))

    def allows(self, title: str) -> bool:
        """Whether the bot may edit ``title``."""
        key = title_key(title)
        if key in self.titles:
            return True
        return any(key == prefix or key.startswith(f"{prefix}/") for prefix in self.prefixes)

    def also_as(self, normal: Callable[[str], str]) -> AllowedTitles:
        """The same rule, each title and prefix also allowed as ``normal`` writes it.

        ``normal`` is the wiki's own spelling (:meth:`wikisync.wiki.Wiki.normal_title`):
        ``Project:X`` from the settings is also ``My Wiki:X``, as the wiki lists it.
        """
        titles = self.titles | {normal(title) for title in self.titles}
        return AllowedTitles(titles, (*self.prefixes, *map(normal, self.prefixes)))

    def only(self, titles: Iterable[str]) -> tuple[str, ...]:
        """The titles among ``titles`` that the bot may edit, in their order."""
        return tuple(title for title in titles if self.allows(title))


def title_key(title: str) -> str:
    """``title`` as MediaWiki normalises it (without knowing the wiki's namespaces).

    Any ``Head:`` counts as a namespace, so in the main namespace ``A: b`` and ``A:B``
    share a key; the bot may then edit both or neither, never a page of another prefix.
    """
    text = normalize_title(title)
    head, colon, rest = text.partition(":")
    if colon and head.strip() and rest.strip():
        return f"{_upper_first(head.rstrip())}:{_upper_first(rest.lstrip())}"
    return _upper_first(text)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the blanking guard -----------------------------------------------------------------


class Measure(Enum):
    """What the rows of a generated table follow in the sources, for the blanking guard.

    ``PEOPLE``: rows pair or list people (matches, groups, clinics, skills, statistics);
    a shrink of the people justifies removing that share of rows on top of the usual
    allowance, and nothing else does: a damaged taxonomy leaves the people as they were.
    ``ENTRIES``: rows are the problems of entries (the problems page); fewer problems
    with as many entries read is a repair; when entries were lost, only their share of
    the rows is justified. ``INDICATORS``: rows are the values of the indicators the
    indicators page defines (the shared measurement page); a shrink of the indicators
    justifies removing that share of rows on top of the usual allowance. ``NONE``: rows
    describe the run itself (the status page).
    """

    PEOPLE = "people"
    ENTRIES = "entries read"
    INDICATORS = "indicators"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class SourceCounts:
    """What a run read, as the blanking guard weighs it: the entries, the people and the
    indicators."""

    entries: int = 0
    people: int = 0
    indicators: int = 0

    def count(self, measure: Measure) -> int:
        """The entries read, the people or the indicators, as ``measure`` says."""
        if measure is Measure.ENTRIES:
            return self.entries
        return self.indicators if measure is Measure.INDICATORS else self.people


#: The measure of each page kind (see :func:`wikisync.planning.jobs.page_kind`); others: people.
MEASURE_OF_KIND: Mapping[str, Measure] = {
    "problems": Measure.ENTRIES,
    "measurement": Measure.INDICATORS,
    "status": Measure.NONE,
}


class GuardSettings(Protocol):
    """What the blanking guard weighs an update against (a
    :class:`wikisync.planning.edits.SyncPolicy`).

    ``max_row_removal``: the share of a table's rows an update may remove beyond what the
    sources justify. ``sources_now``: what this run read. ``repair_tolerance``: the share of
    the entries read that may be missing while fewer problems still count as a repair.
    Tables of fewer than ``min_rows_guarded`` rows are not guarded.
    """

    @property
    def max_row_removal(self) -> float:
        """The share of rows an update may remove beyond what the sources justify."""
        ...

    @property
    def sources_now(self) -> SourceCounts | None:
        """What this run read."""
        ...

    @property
    def repair_tolerance(self) -> float:
        """The share of entries that may be missing while fewer problems is a repair."""
        ...

    @property
    def min_rows_guarded(self) -> int:
        """The smallest table the guard weighs."""
        ...


def blanking_reason(
    kind: str,
    old_rows: int,
    new_rows: int,
    policy: GuardSettings,
    before: SourceCounts | None,
) -> str:
    """Why a table of a page of ``kind`` losing rows looks like a blanking ("" if it does not).

    The page is weighed against what the sources read now justify, compared with the last
    successful run of its job, ``before`` (:data:`MEASURE_OF_KIND`): a table of people may lose
    ``max_row_removal`` of its rows plus the share by which the people shrank; the
    problems page may lose any number of problems when about as many entries were read
    (a repair: the page as published was the anomaly), and otherwise keeps at least
    ``1 - max_row_removal`` of the problems of the entries still read; the status page is
    never guarded. Small tables are not guarded.
    """
    measure = MEASURE_OF_KIND.get(kind, Measure.PEOPLE)
    if measure is Measure.NONE or old_rows < policy.min_rows_guarded or new_rows >= old_rows:
        return ""
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


def table_rows(text: str) -> int:
    """The number of table rows (``|-`` lines) in wikitext."""
    return len(_ROW.findall(text))
