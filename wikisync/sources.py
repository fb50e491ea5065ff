"""Reading source pages cheaply: revisions first, content only for pages not parsed before.

A run asks the wiki for the latest revision of every source page in one ``prop=info`` pass
(a request per 50 or 500 titles). Pages whose revision is in the parse cache are not
fetched or parsed again; the others are fetched in batches, parsed, and their parse stored
under (title, revision, parser key). The parser key changes when the parser or the
programme settings that affect parsing change, so a stale parse is never reused.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from wikisync.codec import from_jsonable, to_jsonable
from wikisync.model import Feedback, Problem, RawEntry, Skill
from wikisync.wiki import PageText


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """What one source page yielded: entries, taxonomy skills or feedback, and problems."""

    title: str
    revision: int
    exists: bool = True
    entries: tuple[RawEntry, ...] = ()
    skills: tuple[Skill, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadStats:
    """The cost of a read: pages asked for, fetched (content read) and parsed."""

    pages: int = 0
    fetched: int = 0
    parsed: int = 0


class SourceWiki(Protocol):
    """The reads :func:`read_parsed` needs (implemented by :class:`wikisync.wiki.Wiki`)."""

    def revisions(self, titles: Iterable[str]) -> dict[str, int]:
        """Latest revision ids; 0 for missing pages."""
        ...

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        """Current texts."""
        ...


class ParseCache(Protocol):
    """The parse-cache part of :class:`wikisync.state.State`."""

    def cached_parses(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """Payloads stored for these (title, revision) pairs."""
        ...

    def store_parses(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        """Store (title, revision, key, payload) items."""
        ...


def read_parsed(
    wiki: SourceWiki,
    cache: ParseCache | None,
    titles: Iterable[str],
    parser_key: str,
    parse: Callable[[PageText], ParsedPage],
) -> tuple[dict[str, ParsedPage], ReadStats]:
    """Every source page parsed, reading and parsing only what changed since it was cached."""
    wanted = list(dict.fromkeys(titles))
    revisions = wiki.revisions(wanted)
    present = {title: rev for title, rev in revisions.items() if rev}
    cached = cache.cached_parses(present, parser_key) if cache is not None else {}
    result = {title: decode(cached[title]) for title in present if title in cached}
    to_fetch = [title for title in present if title not in cached]
    fetched = wiki.read_pages(to_fetch) if to_fetch else {}
    fresh = {title: parse(page) for title, page in fetched.items() if page.exists}
    result.update(fresh)
    if cache is not None and fresh:
        cache.store_parses(
            (title, page.revision, parser_key, encode(page)) for title, page in fresh.items()
        )
    for title in wanted:
        result.setdefault(title, ParsedPage(title=title, revision=0, exists=False))
    stats = ReadStats(pages=len(wanted), fetched=len(fetched), parsed=len(fresh))
    return {title: result[title] for title in wanted}, stats


def encode(page: ParsedPage) -> str:
    """The cache payload of a parsed page."""
    return json.dumps(to_jsonable(page), ensure_ascii=False, separators=(",", ":"))


def decode(payload: str) -> ParsedPage:
    """A parsed page from its cache payload."""
    return from_jsonable(ParsedPage, json.loads(payload))
