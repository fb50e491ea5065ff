"""Checking the participants' accounts against the wiki, reusing recent answers.

Every full run needs to know of each participant's account whether it exists, is blocked,
and edited within the programme's inactivity window: ``list=users`` and
``list=usercontribs``, two requests per batch of accounts. The answers change rarely, so
they are kept in the state (:class:`AccountAnswer`, one per account) and reused for a
while (``[run] account_cache_hours``). An answer is asked again when it may have become
wrong:

- a block, unblock, reblock or rename of the account was logged after the answer (the
  wiki's recent changes hold these log entries; see :mod:`wikisync.reading.changes`);
- its block may have expired (the wiki logs no entry for that);
- the account did not exist, or had no edit in the window: it may have been created, or
  edited, since;
- its latest edit has left the window as it is now. An answer holds the latest edit the
  wiki showed within the window then; the window moves on every day, so an account stays
  active from the cache only while that edit is still inside it, and is asked again the
  day it leaves: the cache never keeps an account active longer than ``inactive_days``
  allows.

Planning only reads the state: the new answers are kept aside, in the plan, for a live
run to store (as the parse cache's are).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from wikisync.codec import from_jsonable, to_jsonable
from wikisync.interfaces import AccountFacts
from wikisync.model import AccountState, Person, Problem, Status
from wikisync.normalize import AccountInfo, account_problems
from wikisync.settings.programme import Programme

#: The accounts named by block, unblock and rename log entries after a moment.
AccountLog = Callable[[dt.datetime], set[str]]


@dataclass(frozen=True, slots=True)
class AccountAnswer:
    """What the wiki said about one account at ``checked``.

    ``last_edit``: its latest contribution the wiki showed at or after the start of the
    inactivity window then (None: none since then, or not asked, for a missing or blocked
    account); for an account with too many recent edits to tell, the window's start.
    ``blocked_until``: when its block ends (None: never, or not blocked). ``refused``: the
    wiki's code when it refuses the name itself.
    """

    name: str
    checked: dt.datetime
    exists: bool = True
    blocked: bool = False
    blocked_until: dt.datetime | None = None
    last_edit: dt.datetime | None = None
    refused: str = ""

    def to_json(self) -> str:
        """The form kept in the state."""
        return json.dumps(to_jsonable(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> AccountAnswer:
        """Read the form kept in the state."""
        return from_jsonable(cls, json.loads(text))

    def info(self) -> AccountInfo:
        """The answer as the account problems weigh it."""
        last = self.last_edit.date() if self.last_edit is not None else None
        return AccountInfo(self.exists, self.blocked, last, self.refused)


class AccountCache(Protocol):
    """Answers kept from earlier runs, and where this run's new answers go."""

    def cached_accounts(self, names: Iterable[str]) -> dict[str, AccountAnswer]:
        """The kept answers about those of ``names`` that have one."""
        ...

    def store_accounts(self, answers: Iterable[AccountAnswer]) -> None:
        """Keep new answers."""
        ...


@dataclass(frozen=True, slots=True)
class AccountCheck:
    """How one run checks accounts: ``now``, the inactivity ``window`` start, how long an
    answer may be reused (``max_age``), and the log of account changes (None: unknown, so
    no answer is reused)."""

    now: dt.datetime
    window: dt.datetime
    max_age: dt.timedelta = dt.timedelta(0)
    log: AccountLog | None = None


def window_start(today: dt.date, inactive_days: int) -> dt.datetime:
    """The start of the inactivity window: midnight (UTC) ``inactive_days`` before today."""
    return dt.datetime.combine(today - dt.timedelta(days=inactive_days), dt.time(), dt.UTC)


def still_valid(answer: AccountAnswer, check: AccountCheck) -> bool:
    """Whether ``answer`` may stand for the wiki's answer now (apart from logged changes)."""
    age = check.now - answer.checked
    if age < dt.timedelta(0) or age > check.max_age:
        return False
    if answer.refused:
        return True
    if not answer.exists:
        return False
    if answer.blocked:
        return answer.blocked_until is None or answer.blocked_until > check.now
    return answer.last_edit is not None and answer.last_edit >= check.window


def reusable_answers(
    cached: Mapping[str, AccountAnswer], check: AccountCheck
) -> dict[str, AccountAnswer]:
    """The kept answers that still hold: valid, and about accounts no block, unblock or
    rename was logged for since the oldest of them."""
    if check.log is None or check.max_age <= dt.timedelta(0):
        return {}
    valid = {name: answer for name, answer in cached.items() if still_valid(answer, check)}
    if not valid:
        return {}
    changed = check.log(min(answer.checked for answer in valid.values()))
    return {name: answer for name, answer in valid.items() if name not in changed}


def ask_wiki(
    connection: AccountFacts, names: Sequence[str], check: AccountCheck
) -> dict[str, AccountAnswer]:
    """Ask the wiki about ``names``: existence, blocks and the latest edit in the window, in
    the same requests. Keyed by the names as the wiki writes them (refused names: as
    asked)."""
    if not names:
        return {}
    found = connection.accounts(names, check.window.strftime("%Y-%m-%dT%H:%M:%SZ"))
    answers = {
        name: answer_of(name, data, found.latest_edits.get(name), check.now)
        for name, data in found.facts.items()
    }
    for refused in found.refused:
        answers[refused.value] = AccountAnswer(
            refused.value, check.now, exists=False, refused=refused.code
        )
    return answers


def answer_of(
    name: str, facts: Mapping[str, Any], last_edit: str | None, now: dt.datetime
) -> AccountAnswer:
    """One account's answer from its ``list=users`` facts and its latest edit (ISO)."""
    blocked = "blockid" in facts
    expiry = str(facts.get("blockexpiry", "infinite")) if blocked else "infinite"
    return AccountAnswer(
        name=name,
        checked=now,
        exists="missing" not in facts,
        blocked=blocked,
        blocked_until=None if expiry in ("infinite", "infinity", "") else _moment(expiry),
        last_edit=_moment(last_edit) if last_edit else None,
    )


def check_accounts(
    connection: AccountFacts,
    people: Sequence[Person],
    programme: Programme,
    check: AccountCheck,
    cache: AccountCache | None = None,
) -> tuple[tuple[Person, ...], list[Problem]]:
    """Missing, blocked and long-inactive accounts: reported, and never matched (the
    people's accounts asked by :func:`account_infos`, weighed by :func:`checked_people`)."""
    infos = account_infos(connection, [person.username for person in people], check, cache)
    return checked_people(people, infos, programme, check.now.date())


def account_infos(
    connection: AccountFacts,
    names: Iterable[str],
    check: AccountCheck,
    cache: AccountCache | None = None,
) -> dict[str, AccountInfo]:
    """What the wiki says of each account of ``names``, in one batched check.

    Answers kept in ``cache`` are reused where they still hold (see the module's
    description); the others are asked of the wiki and handed to ``cache`` to keep.
    """
    distinct = list(dict.fromkeys(names))
    kept = reusable_answers(cache.cached_accounts(distinct) if cache else {}, check)
    fresh = ask_wiki(connection, [name for name in distinct if name not in kept], check)
    if cache is not None:
        cache.store_accounts(fresh.values())
    return {name: answer.info() for name, answer in {**kept, **fresh}.items()}


def checked_people(
    people: Sequence[Person],
    infos: Mapping[str, AccountInfo],
    programme: Programme,
    today: dt.date,
) -> tuple[tuple[Person, ...], list[Problem]]:
    """``people`` as the account answers ``infos`` leave them, with the problems.

    Names the wiki refuses (found by splitting the batch that carried them) are reported
    without being repeated, and their people are left out altogether.
    """
    problems, excluded = account_problems(people, infos, today, programme.normalise.inactive_days)
    return _kept_people(people, excluded), problems


def _kept_people(
    people: Sequence[Person], excluded: Mapping[str, AccountState]
) -> tuple[Person, ...]:
    return tuple(
        dataclasses.replace(p, status=Status.INACTIVE, account=excluded[p.username])
        if p.username in excluded
        else p
        for p in people
        if excluded.get(p.username) is not AccountState.REFUSED
    )


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
