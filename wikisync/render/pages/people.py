"""Finding one's own connections: the person index of the suggested-connections page.

Matches is sorted by skill, so a person's rows are spread over the page, or over its parts
once it is split. Every page and part anchors each participant it names publicly at their
first row there (``…/Matches#Name``), and the person index lists, for every participant
who agreed to be named, where each of their rows is: the skills they are learning, sharing
and still waiting for, each a link to that row's anchor. The index lives below Matches
(``…/Matches/By person/A``), one page per initial, each split like any growing page.

Matches itself opens with a finder: a search box restricted to Matches and its subpages
where the wiki has the InputBox extension, and a link list by initial to the index pages
in any case, so nothing depends on the extension. Participants not listed publicly get no
anchor and no index entry: their names never appear.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from wikisync.render.blocks import anchor, heading, wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext, escape
from wikisync.render.links import normalize_title, page_link, section_links
from wikisync.render.memo import RenderMemo, plain_digest
from wikisync.render.pages.parts import SplitSettings, chunks, table_row_size

MARKER = "people"
#: The columns of an index page (message keys of their headers).
INDEX_COLUMNS = ("column-person", "column-learning", "column-sharing", "column-waiting")
#: The initial of names that start with a digit, and of names that start with anything
#: else that is not a letter.
DIGITS, OTHERS = "0-9", "Other"
#: Room left in a part for its heading and table header.
_PART_OVERHEAD = 2048


@dataclass(slots=True)
class Connections:
    """Where one participant's rows are: for each role, (skill id, page title) pairs."""

    username: str
    learning: list[tuple[str, str]] = field(default_factory=list)
    sharing: list[tuple[str, str]] = field(default_factory=list)
    waiting: list[tuple[str, str]] = field(default_factory=list)

    def data(self) -> tuple[object, ...]:
        """Every field as plain values, for a digest."""
        return (self.username, tuple(self.learning), tuple(self.sharing), tuple(self.waiting))


def initial(username: str) -> str:
    """The index page a name is listed on: its first letter without accents, upper case
    (``É`` is ``E``); ``0-9`` for a digit and ``Other`` for anything else."""
    first = unicodedata.normalize("NFKD", normalize_title(username))[:1]
    if first.isdigit():
        return DIGITS
    if not first.isalpha():
        return OTHERS
    return first.upper()


def index_base(ctx: RenderContext) -> str:
    """The title the index pages are subpages of."""
    return f"{ctx.settings.matches_title}/{ctx.settings.people}"


def index_titles(ctx: RenderContext, letter: str, count: int, split: SplitSettings) -> list[str]:
    """The titles of the ``count`` index pages of ``letter``."""
    return split.part_titles(index_base(ctx), letter, count)


def index_pages(
    connections: Iterable[Connections],
    ctx: RenderContext,
    split: SplitSettings,
    memo: RenderMemo,
    unit: str,
) -> dict[str, str]:
    """Every index page (title -> body): one per initial, split when too large.

    Each initial's pages are rendered from its own entries, so with ``memo`` an initial
    whose entries are unchanged keeps the pages rendered for them before.
    """
    by_letter: dict[str, list[Connections]] = {}
    for entry in sorted(connections, key=lambda item: sort_key(item.username)):
        by_letter.setdefault(initial(entry.username), []).append(entry)
    pages: dict[str, str] = {}
    base = plain_digest((ctx.digest(), unit, split.max_bytes, split.part, split.continued))
    for letter in sorted(by_letter, key=sort_key):
        entries = by_letter[letter]
        key = plain_digest((base, letter, tuple(entry.data() for entry in entries)))

        def render(letter: str = letter, entries: list[Connections] = entries) -> list[str]:
            return _letter_pages(letter, entries, ctx, split)

        bodies = [str(body) for body in memo.part(f"{unit}/{letter}", key, render)]
        pages.update(zip(index_titles(ctx, letter, len(bodies), split), bodies, strict=True))
    return pages


def _letter_pages(
    letter: str, entries: Sequence[Connections], ctx: RenderContext, split: SplitSettings
) -> list[str]:
    @functools.cache
    def labels(skill: str) -> Wikitext:
        return escape(ctx.skill_label(skill))

    rows = [_index_row(entry, ctx, labels) for entry in entries]
    runs = chunks(rows, table_row_size, split.max_bytes - _PART_OVERHEAD)
    headers = [ctx.messages.msg(key) for key in INDEX_COLUMNS]
    title = heading(2, ctx.messages.msg("people-heading", letter))
    intro = ctx.messages.msg("people-intro", page_link(ctx.settings.matches_title))
    return [
        ctx.messages.wrap_direction(f"{title}\n\n{intro}\n\n{wikitable(headers, run)}")
        for run in runs
    ]


def _index_row(
    entry: Connections, ctx: RenderContext, labels: Callable[[str], Wikitext]
) -> list[str]:
    section = normalize_title(entry.username)

    def links(rows: Sequence[tuple[str, str]]) -> str:
        shown = section_links([(page, labels(skill)) for skill, page in rows], section)
        return ctx.messages.join(shown) if shown else ""

    name = f"{ctx.anchor(entry.username)}{ctx.name(entry.username)}"
    return [name, links(entry.learning), links(entry.sharing), links(entry.waiting)]


def finder(pages: Mapping[str, str], ctx: RenderContext) -> str:
    """The top of Matches: the search box (with InputBox) and the index by initial.

    ``pages`` are the index pages; an initial links to the first of its pages.
    """
    base = index_base(ctx) + "/"
    firsts: dict[str, str] = {}
    for title in pages:
        letter = title.removeprefix(base).split("/")[0]
        firsts.setdefault(letter, title)
    if not firsts:
        return ""
    links = [page_link(title, letter) for letter, title in firsts.items()]
    line = ctx.messages.msg("matches-find", Wikitext(" · ".join(links)))
    if not ctx.settings.search_box:
        return str(line)
    return f"{search_box(ctx)}\n{line}"


def search_box(ctx: RenderContext) -> str:
    """An InputBox full-text search restricted to Matches and its subpages.

    Every value in it is a message or the configured title, never user text; InputBox reads
    one ``key=value`` per line and takes each value as plain text.
    """
    messages = ctx.messages
    lines = [
        "type=fulltext",
        f"prefix={ctx.settings.matches_title}",
        f"placeholder={messages.msg('matches-search-placeholder')}",
        f"searchbuttonlabel={messages.msg('matches-search-button')}",
        "break=no",
    ]
    return "<inputbox>\n" + "\n".join(lines) + "\n</inputbox>"


def connection_pages(
    pages: Mapping[str, str], ctx: RenderContext, usernames: Iterable[str]
) -> dict[str, str]:
    """Where to send each of ``usernames`` to see their connections: their entry on the
    index (``title#Name``), or Matches itself for a participant not listed publicly or not
    on the index."""
    base = index_base(ctx) + "/"
    index = {title: body for title, body in pages.items() if title.startswith(base)}
    found: dict[str, str] = {}
    for username in usernames:
        found[username] = ctx.settings.matches_title
        if not ctx.is_public(username):
            continue
        mark, letter = anchor(username), initial(username)
        for title, body in index.items():
            if letter in title.removeprefix(base) and mark in body:
                found[username] = f"{title}#{normalize_title(username)}"
                break
    return found
