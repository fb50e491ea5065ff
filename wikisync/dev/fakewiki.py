"""An in-memory wiki with the interface of :class:`wikisync.wiki.Wiki`, for whole runs offline.

:class:`FakeWiki` answers every read and write wikisync makes with the same types as the
real wiki (:mod:`wikisync.interfaces`), keeps every revision and log event with timestamps
from an injected clock, and counts its requests as the real one would send them (one per
batch of titles), so a test can pass it to ``operations.run(..., connect_to=lambda
settings: fake)`` and look at what a run read and wrote. It imports no pywikibot.

What it does as MediaWiki does: title normalisation (underscores, runs of spaces, first
letter, namespace names and aliases, case-insensitive), revision ids shared by the whole
wiki, saves pinned to the revision read (a stale base is a conflict; a page created
meanwhile is one too), the pre-save transform (trailing white space, ``\\r\\n``, signatures
``~~~``/``~~~~``/``~~~~~``, JSON pages validated and pretty-printed), ``User:X/….json``
pages editable only by X and interface administrators, templates found in the page texts
(``<noinclude>``/``<includeonly>``/``<onlyinclude>`` honoured, transitively through other
templates), the "new messages" flag set by someone else's edit to the bot's talk page,
``list=users`` facts (``missing``, ``invalid``, block fields) and recent changes shaped as
the API returns them (``formatversion=2``).

Where it is stricter or simpler: a stale base is always a conflict (MediaWiki may merge an
edit to another part of the page, and ignores conflicts with the editor's own edits);
templates are found in the wikitext, not by expanding it (a template name built by another
template or a parser function is not seen); there are no redirects, deletions or moves
except as log events; no rate limits, lag or HTTP failures (the reliability tests cover
those on a real wiki).

Faults, each turned on by one call and reported as the real wiki reports it:

- :meth:`FakeWiki.conflict_on`: someone else edits the page just before each of the next
  ``times`` saves of it, so those saves are edit conflicts;
- :meth:`FakeWiki.protect`: saves of the page are refused as protected;
- :meth:`FakeWiki.refuse_saves`: saves of the page are refused (an abuse filter);
- :meth:`FakeWiki.set_read_only`: every write raises :class:`~wikisync.errors.WikiError`
  with the reason, as a read-only wiki stops the real one;
- :meth:`FakeWiki.block` (and ``unblock``): an account is blocked, logged in the recent
  changes; a blocked bot's writes raise ``WikiError``; an account never created is missing;
- :meth:`FakeWiki.edit`: another user edits a page at a given time;
- :meth:`FakeWiki.delete`: an administrator deletes a page;
- :meth:`FakeWiki.after_bot_saves`: something happens once the bot has saved n times (an
  operator turns the kill switch off during a run);
- the clock: every timestamp comes from the ``clock`` given (see :class:`TickingClock`).

Seeding: :meth:`FakeWiki.load` saves pages as a person would, :meth:`FakeWiki.create_account`
makes an account that has edited (its user page), and :func:`sample_wiki` puts a sample
programme (:func:`wikisync.dev.sample.sample_programme`) on a new fake as ``wikisync devwiki
seed`` puts it on the local MediaWiki.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from wikisync.dev.sample import SamplePlan
from wikisync.errors import WikiError
from wikisync.interfaces import (
    DEFAULT_MAX_ARTICLE_SIZE,
    Account,
    AccountsAnswer,
    BatchAnswer,
    PageRevisions,
    PageText,
    RefusedValue,
    RequestLog,
    RevisionText,
    SaveOutcome,
    SaveResult,
)
from wikisync.render.links import is_valid_title, is_valid_username, normalize_title

BOT = "SyncBot"
ADMIN = "Admin"
#: Who makes the edits that cause an injected edit conflict.
MEDDLER = "Meddler"
#: What a logged-in bot may do on the local development wiki.
BOT_RIGHTS = (
    "apihighlimits", "bot", "createpage", "createtalk", "edit", "editmyuserjson", "minoredit",
    "noratelimit", "read", "writeapi",
)  # fmt: skip
BOT_GROUPS = ("*", "autoconfirmed", "bot", "user")
ADMIN_GROUPS = ("*", "autoconfirmed", "bureaucrat", "interface-admin", "sysop", "user")
#: Groups that may edit any user's JSON pages, and edit protected pages.
INTERFACE_ADMINS = "interface-admin"
SYSOPS = "sysop"
#: Changes one ``list=recentchanges`` request returns, without and with ``apihighlimits``.
RC_LIMITS = (500, 5000)
#: When the bot's and the administrator's accounts were made: before anything a test does,
#: without reading the clock.
INSTALLED = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

#: Namespace id -> names: the local name first, then the canonical name and aliases.
#: ``{site}`` is the wiki's name (the project namespace).
NAMESPACES: Mapping[int, tuple[str, ...]] = {
    -2: ("Media",), -1: ("Special",), 0: ("",), 1: ("Talk",), 2: ("User",),
    3: ("User talk",), 4: ("{site}", "Project"), 5: ("{site} talk", "Project talk"),
    6: ("File", "Image"), 7: ("File talk", "Image talk"), 8: ("MediaWiki",),
    9: ("MediaWiki talk",), 10: ("Template",), 11: ("Template talk",), 12: ("Help",),
    13: ("Help talk",), 14: ("Category",), 15: ("Category talk",), 828: ("Module",),
    829: ("Module talk",),
}  # fmt: skip
TEMPLATE_NAMESPACE = 10
USER_NAMESPACE = 2
MEDIAWIKI_NAMESPACE = 8
#: Magic words written like templates (``{{PAGENAME}}``): not transclusions.
MAGIC_VARIABLES = frozenset(
    {
        "!", "=", "PAGENAME", "PAGENAMEE", "FULLPAGENAME", "FULLPAGENAMEE", "BASEPAGENAME",
        "SUBPAGENAME", "ROOTPAGENAME", "TALKPAGENAME", "NAMESPACE", "NAMESPACENUMBER",
        "SITENAME", "SERVER", "SERVERNAME", "SCRIPTPATH", "CURRENTYEAR", "CURRENTMONTH",
        "CURRENTMONTHNAME", "CURRENTDAY", "CURRENTDAYNAME", "CURRENTTIME", "CURRENTTIMESTAMP",
        "LOCALYEAR", "LOCALTIME", "REVISIONID", "REVISIONUSER", "NUMBEROFPAGES",
        "NUMBEROFARTICLES", "NUMBEROFUSERS", "CONTENTLANGUAGE", "DIRECTIONMARK", "TOC",
        "NOTOC", "FORCETOC",
    }
)  # fmt: skip
_STRIPPED = re.compile(r"<!--.*?(?:-->|\Z)|<(nowiki|pre)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_SIGNATURE = re.compile(r"~{3,5}")
_NOINCLUDE = re.compile(r"<noinclude\s*>.*?(?:</noinclude\s*>|\Z)", re.S | re.I)
_INCLUDEONLY = re.compile(r"<includeonly\s*>.*?(?:</includeonly\s*>|\Z)", re.S | re.I)
_ONLYINCLUDE = re.compile(r"<onlyinclude\s*>(.*?)(?:</onlyinclude\s*>|\Z)", re.S | re.I)
#: ``{{Name|`` or ``{{Name}}``, not ``{{{parameter}}}``; a parser function's name holds a
#: colon or a ``#`` and is told apart by the caller.
_TEMPLATE_CALL = re.compile(r"(?<!\{)\{\{(?!\{)([^{}|\[\]<>#]+?)(?=\||\}\})")
_INCLUSION_TAGS = re.compile(r"</?(?:noinclude|includeonly|onlyinclude)\s*>", re.I)


def utc_now() -> dt.datetime:
    """The current time, UTC."""
    return dt.datetime.now(dt.UTC)


class TickingClock:
    """A clock that starts at ``start`` and moves ``step`` forward each time it is read.

    ``advance`` moves it on by hand (the next day, an hour later …).
    """

    def __init__(self, start: dt.datetime, step: dt.timedelta = dt.timedelta(seconds=1)):
        self.now = start
        self.step = step

    def __call__(self) -> dt.datetime:
        moment = self.now
        self.now += self.step
        return moment

    def advance(self, by: dt.timedelta) -> None:
        """Move the clock on by ``by``."""
        self.now += by


@dataclass(frozen=True, slots=True)
class Revision:
    """One saved version of a page."""

    id: int
    title: str
    user: str
    timestamp: dt.datetime
    text: str
    summary: str = ""
    parent: int = 0


@dataclass(frozen=True, slots=True)
class LogEvent:
    """One entry of the wiki's logs (a block, a rename, a deletion …)."""

    id: int
    type: str
    action: str
    title: str
    user: str
    timestamp: dt.datetime
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Block:
    """A block of an account."""

    id: int
    by: str
    reason: str
    timestamp: dt.datetime
    expiry: str = "infinite"


@dataclass
class FakeAccount:
    """An account of the fake wiki."""

    id: int
    name: str
    groups: tuple[str, ...]
    registration: dt.datetime
    rights: tuple[str, ...] = ()
    block: Block | None = None
    new_messages: bool = False


@dataclass(frozen=True, slots=True)
class Refusal:
    """A save the wiki refuses for a page, with the API's error code and text."""

    code: str
    info: str


@dataclass
class _Conflict:
    remaining: int
    user: str


class FakeWiki:
    """A wiki in memory, logged in as ``bot``; see the module's docstring for what it does.

    ``clock`` gives every timestamp (the real time by default). ``site_name`` is the wiki's
    name, which is also the project namespace's (``Project:X`` is ``<site_name>:X``).
    """

    def __init__(
        self,
        *,
        bot: str = BOT,
        clock: Callable[[], dt.datetime] = utc_now,
        content_language: str = "en",
        site_name: str = "Fake Wiki",
        bot_rights: Iterable[str] = BOT_RIGHTS,
        simulating: bool = False,
        max_article_size: int = DEFAULT_MAX_ARTICLE_SIZE,
        extensions: Iterable[str] = (),
    ) -> None:
        self.clock = clock
        self.site_name = site_name
        self.requests = RequestLog()
        #: How many times each page was read with its content (:meth:`read_pages`).
        self.reads: Counter[str] = Counter()
        self._language = content_language
        self._simulating = simulating
        self._max_article_size = max_article_size
        self._extensions = frozenset(extensions)
        self._namespaces = {
            number: tuple(name.format(site=site_name) for name in names)
            for number, names in NAMESPACES.items()
        }
        self._by_name = {
            name.lower(): number for number, names in self._namespaces.items() for name in names
        }
        self._pages: dict[str, list[Revision]] = {}
        self._revisions: list[Revision] = []
        self._log: list[LogEvent] = []
        self._accounts: dict[str, FakeAccount] = {}
        self._conflicts: dict[str, _Conflict] = {}
        self._protected: set[str] = set()
        self._refused: dict[str, Refusal] = {}
        self._read_only = ""
        self._triggers: list[tuple[int, Callable[[FakeWiki], None]]] = []
        self._templates_cache: dict[tuple[int, bool], frozenset[str]] = {}
        self._last_id = 0
        self._bot_saves = 0
        self.bot = self._normal_user(bot)
        self.create_account(
            self.bot, groups=BOT_GROUPS, rights=bot_rights, edit=False, at=INSTALLED
        )
        self.create_account(ADMIN, groups=ADMIN_GROUPS, edit=False, at=INSTALLED)

    # -- the interface of wikisync.wiki.Wiki -------------------------------------------------

    def account(self) -> Account:
        """Who we are logged in as, with groups and rights."""
        bot = self._accounts[self.bot]
        return Account(
            site=f"fakewiki:{self._language}",
            user=bot.name,
            groups=tuple(sorted(bot.groups)),
            rights=tuple(sorted(bot.rights)),
            new_messages=bot.new_messages,
        )

    def mark_messages_read(self) -> None:
        """Clear the "you have new messages" notice of the bot."""
        self._count("clearhasmsg")
        self._accounts[self.bot].new_messages = False

    @property
    def simulating(self) -> bool:
        """Whether writes are only pretended (as pywikibot's ``-simulate``)."""
        return self._simulating

    @property
    def content_language(self) -> str:
        """The wiki's content language code."""
        return self._language

    @property
    def max_article_size(self) -> int:
        """The largest page a save may leave, in bytes (``$wgMaxArticleSize``); settable."""
        return self._max_article_size

    @max_article_size.setter
    def max_article_size(self, size: int) -> None:
        self._max_article_size = size

    @property
    def extensions(self) -> frozenset[str]:
        """The names of the extensions the wiki says it runs; settable."""
        return self._extensions

    @extensions.setter
    def extensions(self, names: Iterable[str]) -> None:
        self._extensions = frozenset(names)

    @property
    def batch_size(self) -> int:
        """Titles per read request: 500 with ``apihighlimits``, else 50."""
        return 500 if "apihighlimits" in self._accounts[self.bot].rights else 50

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        """The current text of many pages; missing pages included, keyed by the titles asked.

        Like the real one, two spellings of one title are answered once, for the last.
        """
        asked = {self.normal_title(title): title for title in titles}
        self._count("query:prop=revisions|info", len(asked))
        self.reads.update(list(asked))
        return {original: self._page_text(normal) for normal, original in asked.items()}

    def revisions(self, titles: Iterable[str]) -> dict[str, int]:
        """The latest revision id of many pages (0 when missing), keyed by the titles asked."""
        asked = list(dict.fromkeys(titles))
        self._count("query:prop=info", len(asked))
        return {title: self._latest_id(self.normal_title(title)) for title in asked}

    def revisions_after(self, title: str, after: int, limit: int) -> PageRevisions:
        """The revisions of ``title`` newer than ``after``, at most the latest ``limit``,
        oldest first, 50 per request like the real one."""
        newer = [r for r in self._pages.get(self.normal_title(title), ()) if r.id > after]
        kept = newer[-limit:] if limit > 0 else []
        self._count("query:prop=revisions", len(kept), 50)
        return PageRevisions(
            tuple(RevisionText(r.id, r.user, r.text) for r in kept), len(kept) == len(newer)
        )

    def titles_with_prefix(self, prefix: str) -> list[str]:
        """Every page whose title starts with ``prefix`` (namespace included), sorted."""
        self._count("query:list=allpages")
        namespace, rest = self._split(prefix, 0) if prefix.strip() else (0, "")
        name = self._namespaces[namespace][0]
        head = f"{name}:{rest}" if name else rest
        return sorted(
            title
            for title in self._pages
            if self._split(title, 0)[0] == namespace and title.startswith(head)
        )

    def titles_transcluding(self, template: str) -> dict[str, int]:
        """Every page that transcludes ``template``, sorted: title -> namespace id."""
        self._count("query:list=embeddedin")
        wanted = self.normal_title(template, TEMPLATE_NAMESPACE)
        return {
            title: self._split(title, 0)[0]
            for title in sorted(self._pages)
            if wanted in self._used_templates(title)
        }

    def namespace_id(self, name: str) -> int | None:
        """The id of the namespace called ``name`` (or an alias of it), without a request."""
        key = normalize_title(name).strip(":").strip().lower()
        return self._by_name.get(key) if ":" not in key else None

    def users(self, names: Iterable[str]) -> BatchAnswer[dict[str, dict[str, Any]]]:
        """``list=users`` facts for many accounts: ``missing``, block fields, edit count.

        Names MediaWiki refuses as account names (IP addresses too) are ``refused`` with
        code ``invalid``; the others are answered under their normalised name.
        """
        asked = list(dict.fromkeys(names))
        self._count("query:list=users", len(asked))
        return self._users(asked)

    def _users(self, asked: list[str]) -> BatchAnswer[dict[str, dict[str, Any]]]:
        facts: dict[str, dict[str, Any]] = {}
        refused: list[RefusedValue] = []
        for name in asked:
            normal = self._normal_user(name)
            if not _valid_account_name(normal):
                refused.append(RefusedValue(name, "invalid"))
            else:
                facts[normal] = self._user_facts(normal)
        return BatchAnswer(facts, tuple(refused))

    def edited_since(
        self, names: Iterable[str], since: str, max_rounds: int = 5
    ) -> BatchAnswer[dict[str, str]]:
        """The accounts among ``names`` with a contribution at or after ``since`` (ISO),
        each with the time of its latest one.

        Names that cannot be account names nor addresses are ``refused`` (``baduser``), as
        the API refuses them. ``max_rounds`` is accepted for the real one's signature.
        """
        asked = list(dict.fromkeys(names))
        self._count("query:list=usercontribs", len(asked))
        return self._edited_since(asked, since)

    def accounts(self, names: Iterable[str], since: str, max_rounds: int = 5) -> AccountsAnswer:
        """:meth:`users` and :meth:`edited_since` in one request per batch, as the real wiki
        asks them (``list=users|usercontribs``); a name either refuses is refused.
        ``max_rounds`` is accepted for the real one's signature."""
        asked = list(dict.fromkeys(names))
        self._count("query:list=users|usercontribs", len(asked))
        users = self._users(asked)
        existing = [n for n in asked if "missing" not in users.answer.get(n, {"missing": 1})]
        edits = self._edited_since(existing, since)
        return AccountsAnswer(users.answer, edits.answer, (*users.refused, *edits.refused))

    def _edited_since(self, asked: list[str], since: str) -> BatchAnswer[dict[str, str]]:
        moment = parse_timestamp(since)
        latest: dict[str, str] = {}
        for revision in self._revisions:
            if revision.timestamp >= moment:
                latest[revision.user] = format_timestamp(revision.timestamp)
        refused = [
            RefusedValue(name, "baduser")
            for name in asked
            if not (_valid_account_name(name) or _is_address(name))
        ]
        bad = {item.value for item in refused}
        answer = {n: latest[n] for n in asked if n in latest and n not in bad}
        return BatchAnswer(answer, tuple(refused))

    def recent_changes(self, since: str, kinds: str = "edit|new|log") -> list[dict[str, Any]]:
        """Every edit, page creation and log event at or after ``since`` (ISO), oldest first,
        shaped as ``list=recentchanges`` answers them; ``kinds`` as ``rctype`` narrows them."""
        moment = parse_timestamp(since)
        wanted = set(kinds.split("|"))
        items = [
            *(self._change_of_revision(r) for r in self._revisions if r.timestamp >= moment),
            *(self._change_of_log(e) for e in self._log if e.timestamp >= moment),
        ]
        items = [item for item in items if item["type"] in wanted]
        items.sort(key=lambda item: (item["timestamp"], item["rcid"]))
        limit = RC_LIMITS["apihighlimits" in self._accounts[self.bot].rights]
        self._count("query:list=recentchanges", max(1, len(items)), limit)
        return items

    def transcluding(self, titles: Iterable[str], templates: Iterable[str]) -> set[str]:
        """The pages among ``titles`` that transclude any of ``templates`` (full titles)."""
        asked = sorted(set(titles))
        self._count("query:prop=templates", len(asked))
        wanted = {self.normal_title(template) for template in templates}
        normal = (self.normal_title(title) for title in asked)
        return {title for title in normal if wanted & self._used_templates(title)}

    def normal_title(self, title: str, namespace: int = 0) -> str:
        """``title`` as the wiki writes it; ``namespace`` applies when it names none.

        An invalid title raises :class:`~wikisync.errors.WikiError`, as the real one does.
        """
        number, rest = self._split(title, namespace)
        if not rest or not is_valid_title(rest):
            raise WikiError(f"the wiki refused a request (invalidtitle): {title!r}")
        return self._join(number, rest)

    def save(
        self,
        title: str,
        text: str,
        summary: str,
        *,
        base: PageText,
        minor: bool = True,
    ) -> SaveResult:
        """Save ``text`` to ``title`` as the bot, pinned to ``base`` (the page as read).

        A page edited since ``base`` was read, created since it was read missing, or gone
        since it was read is a conflict. Unchanged text is not sent.
        """
        if base.exists and base.text.rstrip() == text.rstrip():
            return SaveResult(title, SaveOutcome.UNCHANGED, base.revision)
        normal = self.normal_title(title)
        refused = self._not_saved(title, normal, base)
        if refused is not None:
            return refused
        too_big = self._too_big(title, text)
        if too_big is not None:
            return too_big
        self._meddle(normal)
        conflict = _conflict_code(base, self._latest_id(normal))
        if conflict:
            return SaveResult(title, SaveOutcome.CONFLICT, detail=conflict)
        return self._bot_write(title, normal, text, summary)

    def add_section(
        self, title: str, heading: str, text: str, summary: str, *, base: PageText
    ) -> SaveResult:
        """Add a section at the end of ``title`` (a talk page); never a conflict."""
        normal = self.normal_title(title)
        refused = self._not_saved(title, normal, base)
        if refused is not None:
            return refused
        current = self._latest(normal)
        section = f"== {heading} ==\n\n{text}"
        full = f"{current.text.rstrip()}\n\n{section}" if current else section
        return self._bot_write(title, normal, full, summary)

    # -- people and seeding ----------------------------------------------------------------

    def create_account(
        self,
        name: str,
        *,
        groups: Iterable[str] = ("*", "user"),
        rights: Iterable[str] = ("createpage", "edit", "read", "writeapi"),
        edit: bool = True,
        at: dt.datetime | None = None,
    ) -> str:
        """Create an account (its normalised name is returned); with ``edit``, it saves its
        user page once, as ``DevWiki.create_accounts`` does: matching leaves out accounts
        that never edited."""
        normal = self._normal_user(name)
        if not _valid_account_name(normal):
            raise ValueError(f"{name!r} cannot be an account name")
        if normal not in self._accounts:
            self._accounts[normal] = FakeAccount(
                id=len(self._accounts) + 1,
                name=normal,
                groups=tuple(groups),
                registration=self._moment(at),
                rights=tuple(rights),
            )
        if edit:
            self.edit(f"User:{normal}", "Hello", user=normal, at=at, summary="Hello")
        return normal

    def create_accounts(self, names: Iterable[str], *, at: dt.datetime | None = None) -> None:
        """Create accounts that have each edited once (their user pages)."""
        for name in sorted(set(names)):
            self.create_account(name, at=at)

    def edit(
        self,
        title: str,
        text: str,
        *,
        user: str = ADMIN,
        summary: str = "",
        at: dt.datetime | None = None,
    ) -> SaveResult:
        """Save ``text`` to ``title`` as ``user`` (someone else than the bot, by default the
        administrator), at ``at`` or the clock's time. Faults meant for the bot do not apply."""
        normal = self.normal_title(title)
        author = self._normal_user(user)
        if not self._may_edit_json(normal, author):
            return SaveResult(title, SaveOutcome.REFUSED, detail="customjsonprotected")
        return self._store(title, normal, text, author, summary, at)

    def load(self, pages: Mapping[str, str], summary: str) -> list[tuple[str, str]]:
        """Save pages (title -> text) as the administrator; (title, outcome) pairs, as
        ``DevWiki.load`` returns them."""
        return [
            (title, self.edit(title, text, summary=summary).outcome.value)
            for title, text in pages.items()
        ]

    def block(
        self,
        name: str,
        *,
        by: str = ADMIN,
        reason: str = "test block",
        at: dt.datetime | None = None,
    ) -> None:
        """Block an account for good; the block log lists it in the recent changes."""
        account = self._accounts[self._normal_user(name)]
        moment = self._moment(at)
        account.block = Block(self._next_id(), self._normal_user(by), reason, moment)
        self.log_event(
            "block", "block", f"User:{account.name}", user=by, at=moment,
            params={"duration": "infinite", "flags": ["nocreate", "noautoblock"]},
        )  # fmt: skip

    def unblock(self, name: str, *, by: str = ADMIN, at: dt.datetime | None = None) -> None:
        """Lift the block of an account; logged."""
        account = self._accounts[self._normal_user(name)]
        account.block = None
        self.log_event("block", "unblock", f"User:{account.name}", user=by, at=at)

    def delete(self, title: str, *, by: str = ADMIN, at: dt.datetime | None = None) -> None:
        """Delete a page as an administrator would: missing from then on, its revisions gone
        from the recent changes and contributions; logged."""
        normal = self.normal_title(title)
        gone = {revision.id for revision in self._pages.pop(normal, [])}
        self._revisions = [r for r in self._revisions if r.id not in gone]
        self._templates_cache.clear()
        self.log_event("delete", "delete", normal, user=by, at=at)

    def log_event(
        self,
        log_type: str,
        action: str,
        title: str,
        *,
        user: str = ADMIN,
        params: Mapping[str, Any] | None = None,
        at: dt.datetime | None = None,
    ) -> LogEvent:
        """Add a log event (a rename, a deletion …) that the recent changes will list; it
        changes nothing else (a ``delete`` event does not delete the page)."""
        event = LogEvent(
            self._next_id(), log_type, action, self.normal_title(title),
            self._normal_user(user), self._moment(at), dict(params or {}),
        )  # fmt: skip
        self._log.append(event)
        return event

    # -- faults ----------------------------------------------------------------------------

    def conflict_on(self, title: str, times: int = 1, *, user: str = MEDDLER) -> None:
        """The next ``times`` saves of ``title`` by the bot each find that ``user`` edited the
        page just before (a line added at its end, or the page created when missing), so
        each is an edit conflict."""
        normal = self.normal_title(title)
        if self._normal_user(user) not in self._accounts:
            self.create_account(user, edit=False)
        self._conflicts[normal] = _Conflict(times, self._normal_user(user))

    def protect(self, title: str, *, on: bool = True) -> None:
        """Protect ``title`` against the bot's edits (``protectedpage``, or ``protectedtitle``
        while the page is missing); ``on=False`` lifts the protection."""
        normal = self.normal_title(title)
        (self._protected.add if on else self._protected.discard)(normal)

    def refuse_saves(
        self,
        title: str,
        *,
        code: str = "abusefilter-disallowed",
        info: str = "This action has been automatically identified as harmful.",
        on: bool = True,
    ) -> None:
        """Refuse the bot's saves of ``title`` with an API error (an abuse filter by default)."""
        normal = self.normal_title(title)
        if on:
            self._refused[normal] = Refusal(code, info)
        else:
            self._refused.pop(normal, None)

    def set_read_only(self, reason: str = "the wiki is read-only for maintenance") -> None:
        """Refuse every write with ``reason`` (an empty reason ends read-only mode)."""
        self._read_only = reason

    def after_bot_saves(self, count: int, action: Callable[[FakeWiki], None]) -> None:
        """Run ``action(self)`` once the bot has saved ``count`` more revisions (edits and
        new sections), e.g. an operator turning the kill switch off during a run."""
        self._triggers.append((self._bot_saves + count, action))

    # -- looking at it ---------------------------------------------------------------------

    def text(self, title: str) -> str | None:
        """The current text of a page, None when missing."""
        latest = self._latest(self.normal_title(title))
        return latest.text if latest else None

    def history(self, title: str) -> tuple[Revision, ...]:
        """Every revision of a page, oldest first."""
        return tuple(self._pages.get(self.normal_title(title), ()))

    def titles(self) -> list[str]:
        """Every page, sorted."""
        return sorted(self._pages)

    def edits_by(self, user: str) -> tuple[Revision, ...]:
        """Every revision ``user`` saved, oldest first."""
        name = self._normal_user(user)
        return tuple(r for r in self._revisions if r.user == name)

    def bot_edit_count(self) -> int:
        """How many revisions the bot saved."""
        return len(self.edits_by(self.bot))

    # -- inside ----------------------------------------------------------------------------

    def _count(self, kind: str, items: int = 1, size: int | None = None) -> None:
        per = size or self.batch_size
        self.requests.counts[kind] += -(-items // per) if items else 0

    def _split(self, title: str, namespace: int) -> tuple[int, str]:
        text = normalize_title(title)
        if text.startswith(":"):
            text, namespace = text[1:].lstrip(), 0
        head, colon, rest = text.partition(":")
        number = self._by_name.get(normalize_title(head).lower()) if colon else None
        if number is not None:
            namespace, text = number, rest.strip()
        return namespace, text[:1].upper() + text[1:]

    def _join(self, namespace: int, rest: str) -> str:
        name = self._namespaces[namespace][0]
        return f"{name}:{rest}" if name else rest

    def _normal_user(self, name: str) -> str:
        text = normalize_title(name)
        return text[:1].upper() + text[1:]

    def _moment(self, at: dt.datetime | None) -> dt.datetime:
        moment = at if at is not None else self.clock()
        return moment.astimezone(dt.UTC).replace(microsecond=0)

    def _next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def _latest(self, normal: str) -> Revision | None:
        revisions = self._pages.get(normal)
        return revisions[-1] if revisions else None

    def _latest_id(self, normal: str) -> int:
        latest = self._latest(normal)
        return latest.id if latest else 0

    def _page_text(self, normal: str) -> PageText:
        latest = self._latest(normal)
        if latest is None:
            return PageText(title=normal, exists=False)
        return PageText(normal, True, latest.id, format_timestamp(latest.timestamp), latest.text)

    def _meddle(self, normal: str) -> None:
        conflict = self._conflicts.get(normal)
        if conflict is None or conflict.remaining <= 0:
            return
        conflict.remaining -= 1
        latest = self._latest(normal)
        note = f"A note added meanwhile by {conflict.user}."
        text = f"{latest.text.rstrip()}\n\n{note}" if latest else note
        self._store(normal, normal, text, conflict.user, "meanwhile", None)

    def _not_saved(self, title: str, normal: str, base: PageText) -> SaveResult | None:
        """The outcome of a bot's write that is not saved whatever the page holds: every
        write while simulating, a refused one (see :meth:`_write_refused`)."""
        if self._simulating:
            return SaveResult(title, SaveOutcome.UNCHANGED, base.revision)
        return self._write_refused(title, normal, self.bot)

    def _too_big(self, title: str, text: str) -> SaveResult | None:
        """The refusal of a text above :attr:`max_article_size`, as MediaWiki words it."""
        size = len(text.encode("utf-8", "surrogatepass"))
        if size <= self.max_article_size:
            return None
        limit = self.max_article_size // 1024
        info = f"The content you supplied exceeds the article size limit of {limit} kilobytes."
        return SaveResult(title, SaveOutcome.REFUSED, detail=f"contenttoobig: {info}")

    def _write_refused(self, title: str, normal: str, user: str) -> SaveResult | None:
        """The outcome of a save refused before any conflict check; stops raise."""
        if self._read_only:
            raise WikiError(f"the wiki refuses edits (readonly): {self._read_only}")
        if self._accounts[user].block is not None:
            raise WikiError("the wiki refuses edits (blocked): you have been blocked from editing")
        if normal in self._protected and SYSOPS not in self._accounts[user].groups:
            code = "protectedpage" if normal in self._pages else "protectedtitle"
            return SaveResult(title, SaveOutcome.PROTECTED, detail=code)
        if normal in self._refused:
            refusal = self._refused[normal]
            return SaveResult(title, SaveOutcome.REFUSED, detail=f"{refusal.code}: {refusal.info}")
        if not self._may_edit_json(normal, user):
            detail = "customjsonprotected: only the user and interface administrators may edit it"
            return SaveResult(title, SaveOutcome.REFUSED, detail=detail)
        return None

    def _may_edit_json(self, normal: str, user: str) -> bool:
        namespace, rest = self._split(normal, 0)
        if namespace != USER_NAMESPACE or not self._is_json(normal):
            return True
        account = self._accounts.get(user)
        return rest.partition("/")[0] == user or (
            account is not None and INTERFACE_ADMINS in account.groups
        )

    def _bot_write(self, title: str, normal: str, text: str, summary: str) -> SaveResult:
        self._count("edit")
        result = self._store(title, normal, text, self.bot, summary, None)
        if result.outcome in (SaveOutcome.CREATED, SaveOutcome.EDITED):
            self._bot_saves += 1
            self._fire_triggers()
        return result

    def _store(
        self,
        title: str,
        normal: str,
        text: str,
        user: str,
        summary: str,
        at: dt.datetime | None,
    ) -> SaveResult:
        """Save a revision after the pre-save transform; unchanged text saves nothing."""
        moment = self._moment(at)
        try:
            saved = self._pre_save(normal, text, user, moment)
        except ValueError as e:
            return SaveResult(title, SaveOutcome.REFUSED, detail=f"invalid-content-data: {e}")
        latest = self._latest(normal)
        if latest is not None and latest.text == saved:
            return SaveResult(title, SaveOutcome.UNCHANGED, latest.id)
        revision = Revision(
            self._next_id(), normal, user, moment, saved, summary, latest.id if latest else 0
        )
        self._pages.setdefault(normal, []).append(revision)
        self._revisions.append(revision)
        self._note_talk_page(normal, user)
        outcome = SaveOutcome.EDITED if latest else SaveOutcome.CREATED
        return SaveResult(title, outcome, revision.id)

    def _pre_save(self, normal: str, text: str, user: str, moment: dt.datetime) -> str:
        """MediaWiki's pre-save transform: line ends, signatures, trailing space, JSON."""
        text = text.replace("\r\n", "\n")
        if self._is_json(normal):
            return json.dumps(json.loads(text), ensure_ascii=False, indent=4)
        return _outside_stripped(text, lambda part: _signed(part, user, moment)).rstrip()

    def _is_json(self, normal: str) -> bool:
        """Whether the page holds JSON: a user's ``.json`` subpage, or one in the MediaWiki
        namespace (elsewhere a ``.json`` title is wikitext)."""
        namespace, rest = self._split(normal, 0)
        subpage = namespace == USER_NAMESPACE and "/" in rest
        return rest.endswith(".json") and (subpage or namespace == MEDIAWIKI_NAMESPACE)

    def _note_talk_page(self, normal: str, user: str) -> None:
        namespace, rest = self._split(normal, 0)
        owner = self._accounts.get(rest)
        if namespace == USER_NAMESPACE + 1 and owner is not None and owner.name != user:
            owner.new_messages = True

    def _fire_triggers(self) -> None:
        made = self._bot_saves
        due = [trigger for trigger in self._triggers if trigger[0] <= made]
        self._triggers = [trigger for trigger in self._triggers if trigger[0] > made]
        for _, action in due:
            action(self)

    def _user_facts(self, name: str) -> dict[str, Any]:
        account = self._accounts.get(name)
        if account is None:
            return {"name": name, "missing": True}
        facts: dict[str, Any] = {
            "userid": account.id,
            "name": name,
            "editcount": len(self.edits_by(name)),
            "registration": format_timestamp(account.registration),
        }
        if account.block is not None:
            block = account.block
            facts.update(
                blockid=block.id, blockedby=block.by, blockedbyid=self._account_id(block.by),
                blockreason=block.reason, blockedtimestamp=format_timestamp(block.timestamp),
                blockexpiry=block.expiry, blockpartial=False,
            )  # fmt: skip
        return facts

    def _account_id(self, name: str) -> int:
        account = self._accounts.get(name)
        return account.id if account else 0

    def _change_of_revision(self, revision: Revision) -> dict[str, Any]:
        return {
            "type": "edit" if revision.parent else "new",
            "ns": self._split(revision.title, 0)[0],
            "title": revision.title,
            "pageid": self._pages[revision.title][0].id,
            "revid": revision.id,
            "old_revid": revision.parent,
            "rcid": revision.id,
            "user": revision.user,
            "timestamp": format_timestamp(revision.timestamp),
        }

    def _change_of_log(self, event: LogEvent) -> dict[str, Any]:
        return {
            "type": "log",
            "ns": self._split(event.title, 0)[0],
            "title": event.title,
            "pageid": 0,
            "revid": 0,
            "old_revid": 0,
            "rcid": event.id,
            "user": event.user,
            "timestamp": format_timestamp(event.timestamp),
            "logid": event.id,
            "logtype": event.type,
            "logaction": event.action,
            "logparams": dict(event.params),
        }

    def _used_templates(self, normal: str) -> frozenset[str]:
        """The templates ``normal`` transcludes, through the templates it uses too."""
        latest = self._latest(normal)
        if latest is None:
            return frozenset()
        found: set[str] = set()
        pending = list(self._direct_templates(latest, transcluded=False))
        while pending:
            title = pending.pop()
            if title in found:
                continue
            found.add(title)
            used = self._latest(title)
            if used is not None:
                pending += self._direct_templates(used, transcluded=True)
        return frozenset(found)

    def _direct_templates(self, revision: Revision, *, transcluded: bool) -> frozenset[str]:
        key = (revision.id, transcluded)
        if key not in self._templates_cache:
            text = _included_part(revision.text) if transcluded else _viewed_part(revision.text)
            self._templates_cache[key] = frozenset(self._template_titles(text))
        return self._templates_cache[key]

    def _template_titles(self, text: str) -> Iterator[str]:
        stripped = _STRIPPED.sub("", text)
        for match in _TEMPLATE_CALL.finditer(stripped):
            name = match.group(1).strip()
            if name in MAGIC_VARIABLES:
                continue
            head, colon, _ = name.partition(":")
            if colon and head.strip() and self.namespace_id(head) is None:
                continue
            try:
                yield self.normal_title(name, TEMPLATE_NAMESPACE)
            except WikiError:
                continue


def _conflict_code(base: PageText, latest: int) -> str:
    """Why a save pinned to ``base`` conflicts with the page's ``latest`` revision ("" if not)."""
    if base.exists and not latest:
        return "missingtitle"
    if base.exists and latest != base.revision:
        return "editconflict"
    return "articleexists" if not base.exists and latest else ""


def _viewed_part(text: str) -> str:
    """The part of a page's text that counts when the page itself is shown."""
    return _INCLUSION_TAGS.sub("", _INCLUDEONLY.sub("", text))


def _included_part(text: str) -> str:
    """The part of a page's text that counts when another page transcludes it."""
    only = _ONLYINCLUDE.findall(text)
    if only:
        return "".join(only)
    return _INCLUSION_TAGS.sub("", _NOINCLUDE.sub("", text))


def _outside_stripped(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied outside comments, ``<nowiki>`` and ``<pre>``."""
    parts: list[str] = []
    last = 0
    for match in _STRIPPED.finditer(text):
        parts += [change(text[last : match.start()]), match.group(0)]
        last = match.end()
    return "".join([*parts, change(text[last:])])


def _signed(text: str, user: str, moment: dt.datetime) -> str:
    """Signatures expanded: ``~~~`` the user, ``~~~~`` with the time, ``~~~~~`` the time."""
    signature = f"[[User:{user}|{user}]] ([[User talk:{user}|talk]])"
    stamp = f"{moment:%H:%M}, {moment.day} {moment:%B %Y} (UTC)"
    shapes = {3: signature, 4: f"{signature} {stamp}", 5: stamp}
    return _SIGNATURE.sub(lambda m: shapes[len(m.group(0))], text)


def _valid_account_name(name: str) -> bool:
    return bool(name) and is_valid_username(name) and not _is_address(name)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def parse_timestamp(text: str) -> dt.datetime:
    """An API timestamp (``2026-03-02T10:00:00Z``) as an aware datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def format_timestamp(moment: dt.datetime) -> str:
    """A datetime as the API writes timestamps."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sample_wiki(plan: SamplePlan, wiki: FakeWiki | None = None) -> FakeWiki:
    """A fake wiki holding a sample programme, seeded as the local MediaWiki is seeded:
    the participants' accounts (each with one edit), then every page as the administrator
    (templates, directory pages, taxonomy, feedback, the bot's settings page and its kill
    switch saying yes)."""
    fake = wiki if wiki is not None else FakeWiki()
    if f"User:{fake.bot}/wikisync.json" not in plan.pages:
        raise ValueError(f"the sample has no settings page for {fake.bot}: sample_programme(bot=…)")
    fake.create_accounts(plan.accounts)
    fake.load(plan.pages, "Loading the sample programme")
    return fake


__all__ = [
    "ADMIN",
    "BOT",
    "MEDDLER",
    "Block",
    "FakeAccount",
    "FakeWiki",
    "LogEvent",
    "Revision",
    "TickingClock",
    "format_timestamp",
    "parse_timestamp",
    "sample_wiki",
]
