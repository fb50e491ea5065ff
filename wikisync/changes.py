"""Did any source change since a moment? The cheap question asked before a full run.

A full run reads every source page's revision, the page sets, the accounts and the
programme settings: a dozen requests even when nothing changed. Before that, one
``list=recentchanges`` request since the last successful run tells whether any of it can
have changed. A change matters when it is to a page the last run read (a source page or
the programme's settings page), to a page under a page-set prefix, or to any other page
that now transcludes an entry template (a new source); for those few unknown titles the
caller asks the wiki which of them transclude the templates. Edits by the bot itself are
left out, except to the settings page: the bot only edits its own section of source pages,
which is not a source.

Everything here is pure; :mod:`wikisync.wiki` fetches the changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wikisync import __version__

#: Log types that make a page appear, vanish or move; other log entries never touch sources.
PAGE_LOG_TYPES = frozenset({"delete", "move", "import", "merge", "upload"})


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the wiki's recent changes: an edit, a new page, or a log action."""

    title: str
    user: str
    timestamp: dt.datetime
    kind: str = "edit"
    log_type: str = ""
    target: str = ""


@dataclass(frozen=True, slots=True)
class SourceWatch:
    """What the last full run read: the pages, the page-set prefixes, the entry templates."""

    titles: tuple[str, ...]
    prefixes: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    settings_page: str = ""
    key: str = ""

    def to_json(self) -> str:
        """The form kept in the state."""
        return json.dumps(
            {
                "titles": list(self.titles),
                "prefixes": list(self.prefixes),
                "templates": list(self.templates),
                "settings_page": self.settings_page,
                "key": self.key,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> SourceWatch:
        """Read the form kept in the state."""
        data = json.loads(text)
        return cls(
            titles=tuple(data["titles"]),
            prefixes=tuple(data["prefixes"]),
            templates=tuple(data["templates"]),
            settings_page=str(data["settings_page"]),
            key=str(data["key"]),
        )


@dataclass(frozen=True, slots=True)
class Relevance:
    """Changed source titles, and unknown titles to check for entry-template transclusions."""

    changed: tuple[str, ...] = ()
    to_check: tuple[str, ...] = ()


def run_key(settings_page: str, bot: str, parser: str) -> str:
    """What, besides the wiki's pages, makes earlier runs' results stale when it changes."""
    text = json.dumps([__version__, settings_page, bot, parser])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def relevance(changes: Iterable[Change], watch: SourceWatch, bot: str) -> Relevance:
    """Which changes touch the sources of ``watch``, and which titles need a closer look."""
    known = set(watch.titles) | {watch.settings_page}
    changed: set[str] = set()
    unknown: set[str] = set()
    for change in changes:
        if change.kind == "log" and change.log_type not in PAGE_LOG_TYPES:
            continue
        if change.user == bot and change.title != watch.settings_page:
            continue
        for title in filter(None, (change.title, change.target)):
            if title in known or title.startswith(watch.prefixes or ("\0",)):
                changed.add(title)
            elif watch.templates:
                unknown.add(title)
    return Relevance(tuple(sorted(changed)), tuple(sorted(unknown - changed)))


def first_change_after(
    changes: Sequence[Change], titles: Iterable[str], moment: dt.datetime
) -> bool:
    """Whether any of ``titles`` changed after ``moment``."""
    wanted = set(titles)
    return any(
        change.timestamp > moment and (change.title in wanted or change.target in wanted)
        for change in changes
    )
