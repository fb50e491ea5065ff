"""What a wiki answers, as plain data: pages as read, save outcomes, the account, counts.

:mod:`wikisync.wiki` (the real wiki, through pywikibot) and :mod:`wikisync.fakewiki` (an
in-memory one) both answer with these, so nothing else in wikisync needs to know which
one it talks to, and none of these needs pywikibot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs

T = TypeVar("T")


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
