"""The only module that talks to pywikibot: a site from the settings, batched reads, one write path.

Everything pywikibot-specific stays here: its global configuration, its exceptions, its
objects. The rest of wikisync sees plain data (:class:`PageText`, :class:`SaveResult`) and
wikisync's own exceptions.

pywikibot reads ``user-config.py`` when it is first imported. When the process was started
without one (no ``PYWIKIBOT_DIR``, no ``-dir:`` argument, no ``./user-config.py``) wikisync
configures pywikibot itself from ``wikisync.toml``; otherwise the operator's ``user-config.py``
applies, as ``pwb`` users expect.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import requests
import tenacity


def _has_user_config() -> bool:
    return (
        "PYWIKIBOT_DIR" in os.environ
        or any(arg.startswith("-dir:") for arg in sys.argv[1:])
        or Path("user-config.py").is_file()
    )


if "pywikibot" not in sys.modules and not _has_user_config():
    os.environ.setdefault("PYWIKIBOT_NO_USER_CONFIG", "2")

import pywikibot  # noqa: E402
import pywikibot.exceptions as pwb_errors  # noqa: E402
from pywikibot import config as pwb_config  # noqa: E402
from pywikibot.comms import http as pwb_http  # noqa: E402
from pywikibot.data import api as pwb_api  # noqa: E402

from wikisync import __version__  # noqa: E402
from wikisync.errors import (  # noqa: E402
    ConfigError,
    InteractionRequired,
    LoginFailedError,
    WikiError,
    WikiUnreachableError,
)
from wikisync.interfaces import (  # noqa: E402
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
from wikisync.reading.batches import sized_batches  # noqa: E402
from wikisync.settings import credentials  # noqa: E402
from wikisync.settings.config import WikiSettings  # noqa: E402

T = TypeVar("T")


#: Every request of this process, by kind; read it, or diff two snapshots, to count a step.
REQUESTS = RequestLog()


F = TypeVar("F", bound=Callable[..., Any])


def _stops_on_wiki_failure(method: F) -> F:
    """Turn what pywikibot raises once its own retries are spent into wikisync's errors.

    pywikibot retries lag, server errors and dropped connections a bounded number of
    times and then raises its own exceptions; a run must then stop with one clear line
    (and the CLI's exit code 3), not a traceback. A non-JSON answer is not retried for a
    wiki configured by URL: pywikibot reports it as a bad site definition.
    """

    @wraps(method)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except pwb_errors.MaxlagTimeoutError as e:
            raise WikiError(f"the wiki stayed lagged beyond maxlag through every retry: {e}") from e
        except (pwb_errors.ServerError, pwb_errors.ApiTimeoutError) as e:
            raise WikiUnreachableError(f"the wiki gave no usable answer after retries: {e}") from e
        except pwb_errors.SiteDefinitionError as e:
            raise WikiUnreachableError(f"the wiki's answer was not JSON: {_one_line(e)}") from e
        except (requests.RequestException, ConnectionError) as e:
            raise WikiUnreachableError(f"the connection to the wiki failed: {_one_line(e)}") from e
        except pwb_errors.APIError as e:
            raise WikiError(f"the wiki refused a request ({e.code}): {_one_line(e.info)}") from e
        except pwb_errors.Error as e:
            raise WikiError(f"pywikibot stopped: {_one_line(e)}") from e

    return guarded  # type: ignore[return-value]


def _one_line(detail: object) -> str:
    return " ".join(str(detail).split())[:300]


class Wiki:
    """A logged-in connection to one wiki."""

    def __init__(self, site: Any) -> None:
        self.site = site
        #: Page lengths (bytes) by title as the wiki writes it, from ``prop=info`` answers
        #: and pages read: what :meth:`read_pages` sizes its batches by.
        self.lengths: dict[str, int] = {}

    @_stops_on_wiki_failure
    def account(self) -> Account:
        """Who we are logged in as, with groups and rights."""
        info = self.site.userinfo
        return Account(
            site=str(self.site),
            user=str(info.get("name", "")),
            groups=tuple(sorted(info.get("groups", ()))),
            rights=tuple(sorted(info.get("rights", ()))),
            new_messages=bool(info.get("messages")),
        )

    def mark_messages_read(self) -> None:
        """Clear the "you have new messages" notice of the account (``action=clearhasmsg``)."""
        _WriteRequest.create_simple(self.site, action="clearhasmsg").submit()

    @property
    def simulating(self) -> bool:
        """Whether pywikibot's ``-simulate`` is on: writes are then not sent."""
        return bool(pwb_config.simulate)

    @property
    def content_language(self) -> str:
        """The wiki's content language code (``en``, ``fr`` …)."""
        return str(self.site.lang)

    @property
    def max_article_size(self) -> int:
        """The largest page the wiki accepts, in bytes.

        Siteinfo's ``maxarticlesize`` is ``$wgMaxArticleSize`` (KiB) times 1024; MediaWiki's
        default, 2 MiB, stands in for a wiki that does not say.
        """
        value = self.site.siteinfo.get("maxarticlesize")
        return value if isinstance(value, int) and value > 0 else DEFAULT_MAX_ARTICLE_SIZE

    @property
    def extensions(self) -> frozenset[str]:
        """The names of the extensions the wiki runs, from siteinfo (asked once per run);
        none for a wiki that does not say."""
        listed = self.site.siteinfo.get("extensions")
        if not isinstance(listed, list):
            return frozenset()
        return frozenset(
            str(item["name"]) for item in listed if isinstance(item, dict) and "name" in item
        )

    @property
    def batch_size(self) -> int:
        """Titles per read request: 500 with ``apihighlimits``, else 50."""
        return 500 if self.site.has_right("apihighlimits") else 50

    @_stops_on_wiki_failure
    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        """The current text of many pages, read in batches; missing pages are included.

        The result is keyed by the titles as asked for, in the order asked. A batch holds
        as many titles as a request may carry and as the pages' known lengths (see
        :attr:`lengths`) let one answer stay well below the API's size limit
        (:func:`wikisync.reading.batches.sized_batches`); a page of unknown length counts
        as empty, and an answer that would still be too large is continued by the wiki.
        """
        asked: dict[str, str] = {}
        pages: dict[str, Any] = {}
        for title in titles:
            page = pywikibot.Page(self.site, title)
            asked[page.title()] = title
            pages.setdefault(page.title(), page)
        read: dict[str, PageText] = {}
        for batch in sized_batches(pages, self.lengths, self.batch_size):
            chosen = [pages[title] for title in batch]
            for page in self.site.preloadpages(chosen, groupsize=len(chosen)):
                text = _page_text(page)
                read[page.title()] = text
                self.lengths[page.title()] = len(text.text.encode("utf-8"))
        return {
            original: read.get(normalised) or PageText(title=original, exists=False)
            for normalised, original in asked.items()
        }

    @_stops_on_wiki_failure
    def revisions(self, titles: Iterable[str]) -> dict[str, int]:
        """The latest revision id of many pages (0 when missing), one ``prop=info`` per batch.

        This is the cheap check that decides which pages need their content read again;
        the pages' lengths it answers with size the batches of :meth:`read_pages`.
        """
        asked = list(dict.fromkeys(titles))
        result: dict[str, int] = {}
        for batch in _batches(asked, self.batch_size):
            data = self._query(prop="info", titles="|".join(batch))
            aliases = _title_aliases(data)
            revids = {p["title"]: int(p.get("lastrevid", 0)) for p in data.get("pages", [])}
            self.lengths.update(
                (p["title"], int(p.get("length", 0))) for p in data.get("pages", [])
            )
            for title in batch:
                result[title] = revids.get(aliases.get(title, title), 0)
        return result

    @_stops_on_wiki_failure
    def revisions_after(self, title: str, after: int, limit: int) -> PageRevisions:
        """The revisions of ``title`` newer than ``after`` (0: all), at most the latest
        ``limit``, oldest first: ``prop=revisions`` newest first, 50 per request (the most
        an answer with content may hold), down to ``after``. A hidden author is None and
        a hidden text is empty."""
        params: dict[str, Any] = {
            "prop": "revisions", "titles": title, "rvprop": "ids|user|content",
            "rvslots": "main", "rvlimit": min(50, max(1, limit)),
        }  # fmt: skip
        if after:
            params["rvendid"] = after + 1
        found: list[RevisionText] = []
        while True:
            data = self._answer(**params)
            for page in data.get("query", {}).get("pages", []):
                found += [_revision_text(item) for item in page.get("revisions", [])]
            if "continue" not in data or len(found) >= limit:
                complete = "continue" not in data and len(found) <= limit
                return PageRevisions(tuple(reversed(found[:limit])), complete)
            params.update(data["continue"])

    @_stops_on_wiki_failure
    def titles_with_prefix(self, prefix: str) -> list[str]:
        """Every page whose title starts with ``prefix`` (namespace included), sorted."""
        page = pywikibot.Page(self.site, prefix)
        namespace = page.namespace().id
        start = page.title(with_ns=False) if prefix.strip() else ""
        pages = self.site.allpages(prefix=start, namespace=namespace)
        return sorted(p.title() for p in pages)

    @_stops_on_wiki_failure
    def titles_transcluding(self, template: str) -> dict[str, int]:
        """Every page that transcludes ``template``, sorted: title -> namespace id."""
        page = pywikibot.Page(self.site, template, ns=10)
        found = {str(p.title()): int(p.namespace().id) for p in page.embeddedin()}
        return dict(sorted(found.items()))

    @_stops_on_wiki_failure
    def namespace_id(self, name: str) -> int | None:
        """The id of the namespace called ``name`` (or an alias of it), without a request."""
        namespace = self.site.namespaces.lookup_name(name)
        return None if namespace is None else int(namespace.id)

    @_stops_on_wiki_failure
    def users(self, names: Iterable[str]) -> BatchAnswer[dict[str, dict[str, Any]]]:
        """``list=users`` facts (missing, block, edit count) for many accounts.

        Names the wiki calls invalid are in ``refused`` (code ``invalid``), not in the facts;
        a batch refused for one name is split to find it (see :func:`_asked_in_parts`).
        """
        result: dict[str, dict[str, Any]] = {}
        refused: list[RefusedValue] = []
        for batch in _batches(list(dict.fromkeys(names)), self.batch_size):
            answers, refusals = _asked_in_parts(
                batch,
                lambda part: self._query(
                    list="users", ususers="|".join(part), usprop="blockinfo|editcount|registration"
                ),
            )
            refused += refusals
            refused += _user_facts((data.get("users", []) for data in answers), result)
        return BatchAnswer(result, tuple(refused))

    @_stops_on_wiki_failure
    def accounts(self, names: Iterable[str], since: str, max_rounds: int = 5) -> AccountsAnswer:
        """:meth:`users` and :meth:`edited_since` in one request per batch of accounts
        (``list=users|usercontribs``), so a first run pays for its participants once.

        A batch refused for one name is split to find it, as in :meth:`users`. The accounts
        that exist and whose contributions the answer could not hold all (it was
        continued) are asked again by :meth:`edited_since`, with the rounds left.
        """
        facts: dict[str, dict[str, Any]] = {}
        latest: dict[str, str] = {}
        refused: list[RefusedValue] = []
        undecided: list[str] = []
        for batch in _batches(list(dict.fromkeys(names)), self.batch_size):
            answers, refusals = _asked_in_parts(
                batch,
                lambda part: self._answer(
                    list="users|usercontribs", ususers="|".join(part),
                    usprop="blockinfo|editcount|registration", ucuser="|".join(part),
                    ucend=since, ucprop="timestamp", uclimit="max",
                ),
            )  # fmt: skip
            refused += refusals
            refused += _user_facts(
                (data.get("query", {}).get("users", []) for data in answers), facts
            )
            pending = {name for name in batch if "missing" not in facts.get(name, {"missing": 1})}
            seen = _latest_contributions(answers, pending)
            latest.update(seen)
            if any("continue" in data for data in answers):
                undecided += sorted(pending - set(seen))
        if undecided and max_rounds > 1:
            more = self.edited_since(undecided, since, max_rounds - 1)
            latest.update(more.answer)
            refused += more.refused
        elif undecided:
            latest.update(dict.fromkeys(undecided, since))
        return AccountsAnswer(facts, latest, tuple(refused))

    @_stops_on_wiki_failure
    def edited_since(
        self, names: Iterable[str], since: str, max_rounds: int = 5
    ) -> BatchAnswer[dict[str, str]]:
        """The accounts among ``names`` with a contribution since ``since`` (ISO timestamp),
        each with the time of its latest one (ISO).

        One ``list=usercontribs`` request covers a batch of accounts; each account's
        contributions come newest first, so the first one seen is its latest. An answer
        that is not continued holds every contribution asked for: the accounts not in it
        made none. Otherwise the accounts already seen are dropped and the rest asked again,
        so an account with many edits cannot hide the others. Accounts still undecided
        after ``max_rounds`` are counted as active, their latest edit taken as ``since``:
        the check must never call someone inactive by mistake. A batch the wiki refuses
        for one name (``baduser``) is split to find it; such names are in ``refused`` and
        the others are answered.
        """
        latest: dict[str, str] = {}
        refused: list[RefusedValue] = []
        for batch in _batches(list(dict.fromkeys(names)), self.batch_size):
            pending = set(batch)
            for _ in range(max_rounds):
                answers, refusals = _asked_in_parts(
                    sorted(pending),
                    lambda part: self._answer(
                        list="usercontribs", ucuser="|".join(part), ucend=since,
                        ucprop="timestamp", uclimit="max",
                    ),
                )  # fmt: skip
                refused += refusals
                pending -= {item.value for item in refusals}
                seen = _latest_contributions(answers, pending)
                latest.update(seen)
                pending -= set(seen)
                if not pending or not seen or not any("continue" in a for a in answers):
                    break
            else:
                latest.update(dict.fromkeys(pending, since))
        return BatchAnswer(latest, tuple(refused))

    @_stops_on_wiki_failure
    def recent_changes(self, since: str, kinds: str = "edit|new|log") -> list[dict[str, Any]]:
        """Every edit, page creation and log action since ``since`` (ISO timestamp), oldest first.

        Each item has ``type``, ``title``, ``user``, ``timestamp`` and, for log actions,
        ``logtype`` and ``logparams``; one request per 500 (or 5,000) changes. ``kinds``
        narrows them (``log``: the log actions only).
        """
        params: dict[str, Any] = {
            "list": "recentchanges", "rcdir": "newer", "rcstart": since,
            "rcprop": "title|timestamp|user|loginfo", "rctype": kinds,
            "rclimit": "max",
        }  # fmt: skip
        changes: list[dict[str, Any]] = []
        while True:
            request = self.site.simple_request(action="query", formatversion=2, **params)
            data = request.submit()
            changes += data.get("query", {}).get("recentchanges", [])
            if "continue" not in data:
                return changes
            params.update(data["continue"])

    @_stops_on_wiki_failure
    def transcluding(self, titles: Iterable[str], templates: Iterable[str]) -> set[str]:
        """The pages among ``titles`` that transclude any of ``templates`` (full titles)."""
        wanted = "|".join(templates)
        found: set[str] = set()
        for batch in _batches(sorted(set(titles)), self.batch_size):
            data = self._query(
                prop="templates", titles="|".join(batch), tltemplates=wanted, tllimit="max"
            )
            found |= {str(p["title"]) for p in data.get("pages", []) if p.get("templates")}
        return found

    def normal_title(self, title: str, namespace: int = 0) -> str:
        """A title as the wiki writes it (namespace name, first letter), without a request."""
        normal = str(pywikibot.Page(self.site, title, ns=namespace).title())
        return normal + "/" if title.endswith("/") and not normal.endswith("/") else normal

    def _query(self, **params: Any) -> dict[str, Any]:
        return dict(self._answer(**params).get("query", {}))

    def _answer(self, **params: Any) -> dict[str, Any]:
        """The whole answer to a query, with its ``continue`` part."""
        request = self.site.simple_request(action="query", formatversion=2, **params)
        return dict(request.submit())

    @_stops_on_wiki_failure
    def save(
        self,
        title: str,
        text: str,
        summary: str,
        *,
        base: PageText,
        minor: bool = True,
    ) -> SaveResult:
        """Save ``text`` to ``title``, pinned to the revision it was read at.

        ``base`` is the page as read before the new text was computed: its timestamp goes
        with the edit (``baserevid``, which unlike ``basetimestamp`` tells apart two edits in
        the same second; ``createonly`` when it was missing, ``nocreate`` when it existed) so
        that any edit made since then is a conflict, never lost.
        Unchanged text (compared after ``rstrip()``, as MediaWiki does) is not sent.
        pywikibot's ``-simulate`` is enforced below this call: nothing is sent then.
        """
        if base.exists and base.text.rstrip() == text.rstrip():
            return SaveResult(title, SaveOutcome.UNCHANGED, base.revision)
        params: dict[str, Any] = {
            "action": "edit",
            "title": title,
            "text": text,
            "summary": summary,
            "token": self.site.tokens["csrf"],
            "minor" if minor else "notminor": True,
        }
        if base.exists:
            params.update(nocreate=True, baserevid=base.revision)
        else:
            params["createonly"] = True
        return self._edit(params, base)

    @_stops_on_wiki_failure
    def add_section(
        self, title: str, heading: str, text: str, summary: str, *, base: PageText
    ) -> SaveResult:
        """Add a new section at the end of ``title`` (a talk page), without touching the rest.

        A new section cannot conflict with other edits, so it is not pinned to ``base``;
        ``base`` only tells whether the page existed.
        """
        params: dict[str, Any] = {
            "action": "edit", "title": title, "section": "new", "sectiontitle": heading,
            "text": text, "summary": summary, "token": self.site.tokens["csrf"],
            "notminor": True,
        }  # fmt: skip
        return self._edit(params, base)

    def _edit(self, params: dict[str, Any], base: PageText) -> SaveResult:
        title = str(params["title"])
        if self.site.has_right("bot"):
            params["bot"] = True
        try:
            response = _WriteRequest.create_simple(self.site, **params).submit()
        except pwb_errors.APIError as e:
            return _refused_save(title, e)
        edit = response.get("edit", {})
        if edit.get("result") != "Success":
            return SaveResult(title, SaveOutcome.REFUSED, detail=str(edit)[:300])
        if "nochange" in edit:
            return SaveResult(title, SaveOutcome.UNCHANGED, base.revision)
        outcome = SaveOutcome.EDITED if base.exists else SaveOutcome.CREATED
        return SaveResult(title, outcome, int(edit.get("newrevid", 0)))


class _WriteRequest(pwb_api.Request):  # type: ignore[misc]
    """An API write that stops at once on a read-only wiki instead of waiting it out.

    pywikibot retries ``readonly`` as a passing condition, which suits reads; a bot must
    stop writing at once instead, so the error is raised as it is.
    """

    def _internal_api_error(self, code: str, error: dict[str, Any], result: Any) -> bool:
        if code == "readonly":
            raise pwb_errors.APIError(code, str(error.get("info", "")))
        return bool(super()._internal_api_error(code, error, result))


#: API error codes by which the wiki refuses one value of a list parameter (MediaWiki 1.39
#: says ``baduser``; older versions add the parameter: ``baduser_ucuser``).
_VALUE_ERROR_CODES = frozenset({"baduser", "invaliduser", "invalidtitle"})


def _refuses_one_value(error: Any) -> bool:
    return str(error.code).partition("_")[0] in _VALUE_ERROR_CODES


def _asked_in_parts(
    values: list[str], ask: Callable[[list[str]], dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[RefusedValue]]:
    """``ask`` about all ``values`` at once, or, when the wiki refuses the request because of
    some of them, about each half again, down to the single values it refuses.

    One bad value among n costs about 2 log2(n) more requests instead of the whole batch.
    Returns the answers and the refused values; any other error is raised as it is.
    """
    try:
        with _refusals_unlogged():
            return [ask(values)], []
    except pwb_errors.APIError as e:
        if not _refuses_one_value(e):
            raise
        if len(values) == 1:
            return [], [RefusedValue(values[0], str(e.code))]
    middle = len(values) // 2
    answers, refused = _asked_in_parts(values[:middle], ask)
    more, more_refused = _asked_in_parts(values[middle:], ask)
    return answers + more, refused + more_refused


class _RefusalFilter(logging.Filter):
    """Drops pywikibot's lines about a request refused for one value: they quote the value,
    which wikisync reports itself without repeating it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("API error "):
            code = message.removeprefix("API error ").partition(":")[0]
            return code.partition("_")[0] not in _VALUE_ERROR_CODES
        if message.startswith("API Error: query="):
            return not any(f"'code': '{code}" in message for code in _VALUE_ERROR_CODES)
        return True


_REFUSAL_FILTER = _RefusalFilter()


@contextmanager
def _refusals_unlogged() -> Iterator[None]:
    """Keep pywikibot from logging the refused value while a batch is asked."""
    logger = logging.getLogger("pywiki")
    logger.addFilter(_REFUSAL_FILTER)
    try:
        yield
    finally:
        logger.removeFilter(_REFUSAL_FILTER)


def _user_facts(
    lists: Iterable[Iterable[Mapping[str, Any]]], facts: dict[str, dict[str, Any]]
) -> list[RefusedValue]:
    """Add the ``list=users`` entries of ``lists`` to ``facts`` by the name the wiki writes;
    the names it calls invalid are returned as refused instead."""
    refused: list[RefusedValue] = []
    for user in (user for answer in lists for user in answer):
        name = str(user.get("name", ""))
        if user.get("invalid"):
            refused.append(RefusedValue(name, "invalid"))
        else:
            facts[name] = dict(user)
    return refused


def _latest_contributions(answers: Iterable[Mapping[str, Any]], among: set[str]) -> dict[str, str]:
    """Account -> the time of its first (latest) contribution in ``answers``, for ``among``."""
    latest: dict[str, str] = {}
    for data in answers:
        for item in data.get("query", {}).get("usercontribs", []):
            user = str(item["user"])
            if user in among:
                latest.setdefault(user, str(item["timestamp"]))
    return latest


def _batches(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _title_aliases(data: Mapping[str, Any]) -> dict[str, str]:
    """Asked title -> title the wiki answers with (normalised, then redirects not followed)."""
    return {str(n["from"]): str(n["to"]) for n in data.get("normalized", [])}


_CONFLICT_CODES = {"editconflict", "articleexists", "missingtitle", "pagedeleted"}
_PROTECTED_CODES = {"protectedpage", "cascadeprotected", "protectedtitle", "protectednamespace"}
_STOP_CODES = {"readonly", "blocked", "autoblocked", "assertuserfailed", "assertbotfailed"}


def _refused_save(title: str, error: Any) -> SaveResult:
    """The outcome for an edit the API refused; conditions that must stop all writes raise."""
    code = str(error.code)
    if code in _STOP_CODES:
        raise WikiError(f"the wiki refuses edits ({code}): {error.info}")
    if code in _CONFLICT_CODES:
        return SaveResult(title, SaveOutcome.CONFLICT, detail=code)
    if code in _PROTECTED_CODES:
        return SaveResult(title, SaveOutcome.PROTECTED, detail=code)
    return SaveResult(title, SaveOutcome.REFUSED, detail=f"{code}: {error.info}")


def connect(settings: WikiSettings, *, user: str | None = None, warm_up: bool = True) -> Wiki:
    """Log in to the wiki of ``settings`` (as ``user`` if given) without ever prompting.

    ``warm_up`` lets pywikibot load its metadata now (see :func:`_warmed_up`); a run that
    may end after one cheap question leaves it out.
    """
    account = user or settings.user
    credentials.check_password_file(settings.password_file, account)
    if settings.api is not None:
        check_reachable(settings.api, settings.timeout, settings.max_retries)
    family, code = _configure(settings)
    try:
        site = pywikibot.Site(code, family, user=account)
        _preload_module_help(site)
        site.login()
    except pwb_errors.NoUsernameError as e:
        detail = str(e).rpartition(": ")[2].strip() or "login failed"
        raise LoginFailedError(_login_message(settings, account, detail)) from e
    except pwb_errors.APIError as e:
        raise LoginFailedError(_login_message(settings, account, e.info or e.code)) from e
    except (pwb_errors.ServerError, pwb_errors.ApiTimeoutError, ConnectionError) as e:
        raise WikiUnreachableError(f"{_where(settings)} does not answer: {e}") from e
    except pwb_errors.Error as e:
        raise WikiError(f"{_where(settings)}: {e}") from e
    if not site.logged_in():
        raise LoginFailedError(_login_message(settings, account, "not logged in after login"))
    return _warmed_up(Wiki(site)) if warm_up else Wiki(site)


#: The API modules whose parameters pywikibot looks up while a run reads and saves.
#: Asked for with its first lookup, they cost one request instead of one each.
RUN_MODULES = frozenset(
    {
        "edit",
        "login",
        "query+allpages",
        "query+categoryinfo",
        "query+embeddedin",
        "query+imageinfo",
        "query+info",
        "query+logevents",
        "query+recentchanges",
        "query+revisions",
        "query+siteinfo",
        "query+tokens",
        "query+usercontribs",
        "query+userinfo",
        "query+users",
    }
)


def _preload_module_help(site: Any) -> None:
    """Have pywikibot fetch the parameters of every module a run uses in its first lookup.

    pywikibot otherwise asks ``action=paraminfo`` once per module, the first time it
    builds a request of that module. Its lookup table offers no public way to widen the
    first fetch, so this widens the set it preloads, if the table was not filled yet.
    """
    table: Any = getattr(site, "_paraminfo", None)
    preloaded = getattr(table, "_preloaded_modules", None)
    if isinstance(preloaded, (set, frozenset)) and not getattr(table, "_modules", None):
        table._preloaded_modules = set(preloaded) | RUN_MODULES


def _warmed_up(connection: Wiki) -> Wiki:
    """Let pywikibot load the site and module metadata it fetches before its first read.

    Done once per process at connection time, so that every later read costs exactly its
    own requests (one per batch of titles).
    """
    connection.read_pages([connection.site.siteinfo["mainpage"]])
    return connection


def check_reachable(api: str, timeout: float, retries: int) -> None:
    """Fail with one clear line when the wiki's API does not answer, before pywikibot starts.

    pywikibot would retry for minutes and print tracebacks; an operator needs to know at
    once that the URL is wrong, the wiki is down, or it is read-only (then even the login
    fails, and pywikibot would wait it out).
    """
    attempt = tenacity.retry(
        retry=tenacity.retry_if_exception_type(requests.RequestException),
        stop=tenacity.stop_after_attempt(retries + 1),
        wait=tenacity.wait_exponential(multiplier=1, max=30),
        reraise=True,
    )(requests.get)
    params = {"action": "query", "meta": "siteinfo", "format": "json", "formatversion": "2"}
    try:
        response = attempt(api, params=params, timeout=timeout, hooks={"response": REQUESTS.record})
        response.raise_for_status()
        general = response.json()["query"]["general"]
    except (requests.RequestException, ValueError, KeyError) as e:
        raise WikiUnreachableError(f"{api} does not answer as a MediaWiki API: {e}") from e
    if general.get("readonly"):
        reason = _one_line(general.get("readonlyreason") or "no reason given")
        raise WikiError(f"{api}: the wiki is read-only ({reason}); nothing was done, try later")


def script_site(args: Iterable[str]) -> tuple[Wiki, list[str]]:
    """For ``scripts/``: apply pywikibot's global options (-simulate, -site, -user ...), log in.

    Returns the wiki and the arguments pywikibot did not consume.
    """
    _refuse_prompts()
    api = script_api(args)
    timeout = pwb_config.socket_timeout
    check_reachable(api, max(timeout) if isinstance(timeout, tuple) else timeout,
                    pwb_config.max_retries)  # fmt: skip
    try:
        remaining = pywikibot.handle_args(list(args))
        site = pywikibot.Site()
        site.login()
    except (pwb_errors.ServerError, pwb_errors.ApiTimeoutError, ConnectionError) as e:
        raise WikiUnreachableError(f"{api} does not answer: {e}") from e
    except pwb_errors.Error as e:
        raise LoginFailedError(f"{api}: login failed: {e}") from e
    return Wiki(site), list(remaining)


def script_api(args: Iterable[str]) -> str:
    """The API address of the site a script will use: ``user-config.py``'s, or the one
    pywikibot's options ``-site:``, ``-family:`` and ``-code:`` (``-lang:``) choose."""
    family, code = pwb_config.family, pwb_config.mylang
    for arg in args:
        option, _, value = arg.partition(":")
        if option == "-site":
            family, _, code = value.partition(":")
            code = code or family
        elif option == "-family":
            family = value
        elif option in ("-code", "-lang"):
            code = value
    try:
        chosen = pywikibot.family.Family.load(family)
        return str(chosen.base_url(code, chosen.apipath(code)))
    except (pwb_errors.Error, KeyError) as e:
        raise ConfigError(f"pywikibot has no site {family}:{code} ({e})") from e


def _configure(settings: WikiSettings) -> tuple[str, str]:
    """Set pywikibot's global configuration from the settings; return (family, code)."""
    _refuse_prompts()
    _count_requests()
    _quiet_terminal()
    if settings.api is not None:
        family = "wikisync_" + hashlib.sha1(settings.api.encode()).hexdigest()[:10]
        pwb_config.family_files[family] = settings.api
        code = family
    else:
        family, code = str(settings.family), str(settings.code)
    pwb_config.usernames.setdefault(family, {})[code] = settings.user
    pwb_config.password_file = str(settings.password_file.resolve())
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    pwb_config.base_dir = str(settings.data_dir.resolve())
    # pywikibot registers a process in this file once, in the data folder it started with;
    # a process that moves on to another set-up must find the file there too.
    (settings.data_dir / "throttle.ctrl").touch(exist_ok=True)
    pwb_config.put_throttle = settings.put_throttle
    pwb_config.write_maxlag = settings.maxlag
    pwb_config.max_retries = settings.max_retries
    pwb_config.socket_timeout = settings.timeout
    pwb_config.retry_wait = 1 if settings.max_retries <= 3 else 5
    contact = f"; {settings.user_agent_contact}" if settings.user_agent_contact else ""
    pwb_config.user_agent_description = f"wikisync/{__version__}{contact}"
    return family, code


def _quiet_terminal() -> None:
    """Keep pywikibot's progress chatter ("Logging in to ...") off the operator's terminal.

    wikisync reports what it does itself; pywikibot's warnings and errors still show.
    The pywikibot scripts keep pywikibot's usual output.
    """
    pywikibot.bot.init_handlers()
    for handler in logging.getLogger("pywiki").handlers:
        if not isinstance(handler, logging.FileHandler):
            handler.setLevel(max(handler.level, logging.WARNING))


def _count_requests() -> None:
    hooks = pwb_http.session.hooks.setdefault("response", [])
    if REQUESTS.record not in hooks:
        hooks.append(REQUESTS.record)


def _refuse_prompts() -> None:
    """Make any pywikibot prompt raise: a scheduled bot has nobody to answer."""
    ui = pywikibot.bot.ui

    def refuse(question: str = "", *args: Any, **kwargs: Any) -> str:
        raise InteractionRequired(
            f"pywikibot asked {question.strip()!r}; wikisync never prompts. Check the password "
            "file and the account's rights."
        )

    for name in ("input", "input_choice", "input_list_choice"):
        setattr(ui, name, refuse)
    _count_requests()


def _revision_text(item: Mapping[str, Any]) -> RevisionText:
    """A revision of a ``prop=revisions`` answer (format version 2)."""
    user = None if item.get("userhidden") else item.get("user")
    main = item.get("slots", {}).get("main", {})
    text = "" if main.get("texthidden") else str(main.get("content", ""))
    return RevisionText(int(item["revid"]), str(user) if user is not None else None, text)


def _page_text(page: Any) -> PageText:
    if not page.exists():
        return PageText(title=page.title(), exists=False)
    revision = page.latest_revision
    return PageText(
        title=page.title(),
        exists=True,
        revision=int(revision.revid),
        timestamp=revision.timestamp.isoformat(),
        text=revision.text or "",
    )


def _where(settings: WikiSettings) -> str:
    return settings.api or f"{settings.family}:{settings.code}"


def _login_message(settings: WikiSettings, user: str, detail: str) -> str:
    return (
        f"{_where(settings)}: the wiki refused the login of {user!r} ({detail}). Check the "
        f"BotPassword in {settings.password_file} (Special:BotPasswords on the wiki)."
    )
