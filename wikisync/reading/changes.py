"""Did any source change since a moment? The cheap question asked before a full run.

A full run reads every source page's revision, the page sets, the accounts and the
programme settings: a dozen requests even when nothing changed. Before that, one
``list=recentchanges`` request since the last successful run tells whether any of it can
have changed. A change matters when it is to a page the last run read (a source page or
the programme's settings page), to a page under a page-set prefix, or to any other page
that now transcludes an entry template (a new source); for those few unknown titles the
caller asks the wiki which of them transclude the templates. Edits by the bot itself are
left out, except to the settings page: the bot only edits its own section of source pages,
which is not a source. The accounts matter too: a block, unblock, reblock or rename of a
participant (an account the last run checked) changes who may be matched, and the wiki
logs it, in the same recent changes, on the page ``User:<name>``.

Everything here is pure; :mod:`wikisync.wiki` fetches the changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wikisync.code_digest import code_digest

#: Log types that make a page appear, vanish or move; other log entries never touch sources.
PAGE_LOG_TYPES = frozenset({"delete", "move", "import", "merge", "upload"})
#: Log types that change an account's standing: block/unblock/reblock, and renames.
ACCOUNT_LOG_TYPES = frozenset({"block", "renameuser"})
#: The log parameters of a rename that name its accounts.
RENAME_PARAMS = ("olduser", "newuser")


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the wiki's recent changes: an edit, a new page, or a log action
    (``accounts``: whom a block or rename is about)."""

    title: str
    user: str
    timestamp: dt.datetime
    kind: str = "edit"
    log_type: str = ""
    target: str = ""
    accounts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceWatch:
    """What the last full run read: the pages, the page-set prefixes, the entry templates.

    ``participants`` are the accounts it checked; ``None`` (a watch kept by an older
    version) means they are unknown, so the next run must read everything.
    """

    titles: tuple[str, ...]
    prefixes: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    settings_page: str = ""
    key: str = ""
    participants: tuple[str, ...] | None = None
    #: The fingerprint of the registration export it read (see :func:`file_fingerprint`).
    csv: str = ""

    def to_json(self) -> str:
        """The form kept in the state."""
        return json.dumps(
            {
                "titles": list(self.titles),
                "prefixes": list(self.prefixes),
                "templates": list(self.templates),
                "settings_page": self.settings_page,
                "key": self.key,
                "participants": None if self.participants is None else list(self.participants),
                "csv": self.csv,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> SourceWatch:
        """Read the form kept in the state."""
        data = json.loads(text)
        participants = data.get("participants")
        return cls(
            titles=tuple(data["titles"]),
            prefixes=tuple(data["prefixes"]),
            templates=tuple(data["templates"]),
            settings_page=str(data["settings_page"]),
            key=str(data["key"]),
            participants=None if participants is None else tuple(participants),
            csv=str(data.get("csv", "")),
        )


@dataclass(frozen=True, slots=True)
class Relevance:
    """Changed source titles, unknown titles to check for entry-template transclusions, and
    the blocks, unblocks and renames of participants."""

    changed: tuple[str, ...] = ()
    to_check: tuple[str, ...] = ()
    accounts: tuple[Change, ...] = ()

    def account_change_after(self, moment: dt.datetime) -> bool:
        """Whether a participant was blocked, unblocked or renamed after ``moment``."""
        return any(change.timestamp > moment for change in self.accounts)


def file_fingerprint(path: Path | None) -> str:
    """A hash of a local source file's content ("" for none), so that a run notices an
    edited file that the wiki's recent changes cannot show; the content is not kept."""
    if path is None:
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_key(settings_page: str, bot: str) -> str:
    """What, besides the wiki's pages, makes earlier runs' results stale when it changes:
    the settings page, the account and the code (see :mod:`wikisync.code_digest`)."""
    text = json.dumps([code_digest(), settings_page, bot])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def relevance(changes: Iterable[Change], watch: SourceWatch, bot: str) -> Relevance:
    """Which changes touch the sources of ``watch``, and which titles need a closer look."""
    known = set(watch.titles) | {watch.settings_page}
    participants = set(watch.participants or ())
    changed: set[str] = set()
    unknown: set[str] = set()
    accounts: list[Change] = []
    for change in changes:
        if change.log_type in ACCOUNT_LOG_TYPES:
            if participants.intersection(change.accounts):
                accounts.append(change)
            continue
        if change.kind == "log" and change.log_type not in PAGE_LOG_TYPES:
            continue
        if change.user == bot and change.title != watch.settings_page:
            continue
        for title in filter(None, (change.title, change.target)):
            if title in known or title.startswith(watch.prefixes or ("\0",)):
                changed.add(title)
            elif watch.templates:
                unknown.add(title)
    return Relevance(tuple(sorted(changed)), tuple(sorted(unknown - changed)), tuple(accounts))


def log_accounts(log_type: str, title: str, params: Mapping[str, object]) -> tuple[str, ...]:
    """The accounts a block or rename log entry is about; none for other log entries.

    The entry's page is the account's user page (``User:<name>``, in the wiki's language:
    an account name holds no colon, so the name is what follows the first one); a rename
    also names the old and the new account in its parameters.
    """
    if log_type not in ACCOUNT_LOG_TYPES:
        return ()
    names = [title.partition(":")[2], *(str(params.get(key, "")) for key in RENAME_PARAMS)]
    return tuple(dict.fromkeys(name for name in names if name))


def first_change_after(
    changes: Sequence[Change], titles: Iterable[str], moment: dt.datetime
) -> bool:
    """Whether any of ``titles`` changed after ``moment``."""
    wanted = set(titles)
    return any(
        change.timestamp > moment and (change.title in wanted or change.target in wanted)
        for change in changes
    )
