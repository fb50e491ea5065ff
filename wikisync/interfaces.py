"""What the rest of wikisync sees of a wiki: plain data, and small reading and writing
interfaces.

:class:`wikisync.wiki.Wiki` (the only module that imports pywikibot) implements every
interface here on a real wiki; :class:`wikisync.dev.fakewiki.FakeWiki` implements them in
memory for offline tests. Planning code depends on these interfaces, never on
:mod:`wikisync.wiki`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import parse_qs

T = TypeVar("T")

#: MediaWiki's default ``$wgMaxArticleSize`` (2048 KiB), in bytes: the largest page a wiki
#: accepts unless it says otherwise.
DEFAULT_MAX_ARTICLE_SIZE = 2048 * 1024


@dataclass(frozen=True, slots=True)
class PageText:
    """A page as read: its text and the revision it was read at (0 when missing)."""

    title: str
    exists: bool
    revision: int = 0
    timestamp: str = ""
    text: str = ""


class SaveOutcome(Enum):
    """What happened to a save; expected cases are outcomes, not exceptions."""

    EDITED = "edited"
    CREATED = "created"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    PROTECTED = "protected"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class SaveResult:
    """The outcome of one save, with the new revision when there is one."""

    title: str
    outcome: SaveOutcome
    revision: int = 0
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RefusedValue:
    """One value the wiki refused on its own, with the wiki's code (``baduser``, ``invalid``).

    The value is left out of the representation: the wiki refuses it for a reason, and it
    must not reach a log line by accident.
    """

    value: str = field(repr=False)
    code: str


@dataclass(frozen=True, slots=True)
class BatchAnswer(Generic[T]):
    """What the wiki answered for many values, and the values it refused one by one."""

    answer: T
    refused: tuple[RefusedValue, ...] = ()


@dataclass(frozen=True, slots=True)
class Account:
    """Who the bot is logged in as, and what it may do."""

    site: str
    user: str
    groups: tuple[str, ...]
    rights: tuple[str, ...]
    new_messages: bool = False

    @property
    def has_bot_flag(self) -> bool:
        """Whether edits can carry the bot flag (the ``bot`` right)."""
        return "bot" in self.rights


@dataclass
class RequestLog:
    """Every HTTP request made to the wiki, counted by kind (``query:prop=info``, ``edit`` …)."""

    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """All requests so far."""
        return sum(self.counts.values())

    def record(self, response: Any, *args: Any, **kwargs: Any) -> None:
        """A ``requests`` response hook."""
        self.counts[request_kind(response.request)] += 1


def request_kind(request: Any) -> str:
    """A short name for an API request from its parameters: action and modules."""
    body = request.body or ""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    query = request.url.partition("?")[2]
    params = {k: v[-1] for k, v in parse_qs(f"{query}&{body}").items()}
    action = params.get("action", "other")
    modules = [f"{k}={params[k]}" for k in ("prop", "list", "meta", "generator") if k in params]
    return f"{action}:{'&'.join(modules)}" if modules else action


@dataclass(frozen=True, slots=True)
class RevisionText:
    """One saved version of a page: its id, its author (None when hidden) and its text."""

    revision: int
    user: str | None
    text: str


@dataclass(frozen=True, slots=True)
class PageRevisions:
    """A page's revisions after a given one, oldest first; ``complete`` is False when the
    wiki has more of them than were asked for, and only the latest are here."""

    revisions: tuple[RevisionText, ...]
    complete: bool = True


class PageReader(Protocol):
    """Page texts and revisions."""

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        """Current texts of pages (missing ones with ``exists`` false)."""
        ...

    def revisions(self, titles: Iterable[str]) -> dict[str, int]:
        """Latest revision ids; 0 for missing pages."""
        ...

    def revisions_after(self, title: str, after: int, limit: int) -> PageRevisions:
        """The revisions of ``title`` newer than revision ``after`` (0: all), at most the
        latest ``limit``, with their authors and texts."""
        ...


class PageSets(Protocol):
    """Which pages a programme's page sets hold, and titles as the wiki writes them."""

    def titles_with_prefix(self, prefix: str) -> list[str]:
        """Titles of the pages under ``prefix`` (itself included)."""
        ...

    def titles_transcluding(self, template: str) -> dict[str, int]:
        """Title -> namespace id of the pages that transclude ``template``."""
        ...

    def namespace_id(self, name: str) -> int | None:
        """The id of a namespace by its name or alias (None when the wiki has none)."""
        ...

    def normal_title(self, title: str, namespace: int = 0) -> str:
        """``title`` as the wiki writes it (in ``namespace`` when it names none)."""
        ...


@dataclass(frozen=True, slots=True)
class AccountsAnswer:
    """The wiki's facts about many accounts (``missing``, ``blockid`` …, keyed by the name
    as the wiki writes it), the ISO time of the latest edit since the asked time of those
    that edited, and the names it refused one by one."""

    facts: dict[str, dict[str, Any]]
    latest_edits: dict[str, str]
    refused: tuple[RefusedValue, ...] = ()


class AccountFacts(Protocol):
    """What the wiki knows of accounts: existence, blocks, recent edits."""

    def accounts(self, names: Iterable[str], since: str) -> AccountsAnswer:
        """The wiki's facts about each account (``missing``, ``blockid`` …) and the latest
        edit since the ISO time ``since`` of those that edited, asked in the same requests."""
        ...


class RecentChanges(Protocol):
    """Recent edits and log entries, for the no-change check."""

    def recent_changes(self, since: str, kinds: str = "edit|new|log") -> list[dict[str, Any]]:
        """Recent changes and log entries since the ISO time ``since``, as the API gives them
        (``kinds``: the ``rctype`` values wanted, ``|``-separated)."""
        ...

    def transcluding(self, titles: Iterable[str], templates: Iterable[str]) -> set[str]:
        """The titles among ``titles`` that transclude one of ``templates``."""
        ...


class PageSaver(Protocol):
    """The one write path of generated pages: saves pinned to the revision read."""

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        """Current texts of pages."""
        ...

    def save(
        self, title: str, text: str, summary: str, *, base: PageText, minor: bool = True
    ) -> SaveResult:
        """Save one page pinned to ``base`` (a conflict when it changed since)."""
        ...


class PageWriter(PageSaver, Protocol):
    """Saves, and new sections on talk pages for messages."""

    def add_section(
        self, title: str, heading: str, text: str, summary: str, *, base: PageText
    ) -> SaveResult:
        """Add a section to a (talk) page pinned to ``base``."""
        ...


class WikiReader(PageReader, PageSets, AccountFacts, Protocol):
    """Everything planning a run reads from the wiki."""

    @property
    def content_language(self) -> str:
        """The wiki's content language code."""
        ...

    @property
    def max_article_size(self) -> int:
        """The largest page the wiki accepts, in bytes (``$wgMaxArticleSize``)."""
        ...

    @property
    def extensions(self) -> frozenset[str]:
        """The names of the extensions the wiki runs (``InputBox`` …)."""
        ...

    def account(self) -> Account:
        """Who the bot is logged in as."""
        ...
