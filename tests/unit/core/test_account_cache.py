"""Account checks reused from earlier runs (:mod:`wikisync.planning.accounts`), on FakeWiki."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from wikisync.dev.fakewiki import FakeWiki, TickingClock
from wikisync.model import AccountState, Person, SourceRef
from wikisync.planning.accounts import (
    AccountAnswer,
    AccountCheck,
    AccountLog,
    account_infos,
    check_accounts,
    still_valid,
    window_start,
)
from wikisync.settings.programme import default_programme

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
NAMES = ("Amani", "Kofi", "Lucia")
PROGRAMME = default_programme()
INACTIVE = PROGRAMME.normalise.inactive_days


class Cache:
    """An account cache in memory: what a run would store, stored at once."""

    def __init__(self) -> None:
        self.kept: dict[str, AccountAnswer] = {}

    def cached_accounts(self, names: Iterable[str]) -> dict[str, AccountAnswer]:
        return {name: self.kept[name] for name in names if name in self.kept}

    def store_accounts(self, answers: Iterable[AccountAnswer]) -> None:
        self.kept.update((answer.name, answer) for answer in answers)


def people(*names: str) -> list[Person]:
    return [Person(name, SourceRef("Directory")) for name in names]


def seeded() -> tuple[FakeWiki, TickingClock]:
    clock = TickingClock(START)
    fake = FakeWiki(bot="SyncBot", clock=clock)
    fake.create_accounts(NAMES)
    return fake, clock


def log_of(fake: FakeWiki) -> AccountLog:
    def changed(after: dt.datetime) -> set[str]:
        items = fake.recent_changes(after.strftime("%Y-%m-%dT%H:%M:%SZ"), kinds="log")
        return {item["title"].partition(":")[2] for item in items if item["logtype"] == "block"}

    return changed


def check(fake: FakeWiki, now: dt.datetime, cache: Cache, hours: float = 24) -> dict[str, str]:
    """One run's account check: each person's account state, and the requests it made."""
    before = dict(fake.requests.counts)
    setting = AccountCheck(
        now=now,
        window=window_start(now.date(), INACTIVE),
        max_age=dt.timedelta(hours=hours),
        log=log_of(fake),
    )
    kept, _ = check_accounts(fake, people(*NAMES), PROGRAMME, setting, cache)
    spent = {k: n - before.get(k, 0) for k, n in fake.requests.counts.items()}
    states = {p.username: p.account.value for p in kept}
    return {**states, **{k: str(n) for k, n in spent.items() if n}}


def test_a_second_check_within_the_cache_time_asks_the_wiki_nothing() -> None:
    fake, clock = seeded()
    cache = Cache()
    first = check(fake, clock.now + HOUR, cache)
    assert first["query:list=users|usercontribs"] == "1"  # one request for both lists
    assert set(cache.kept) == set(NAMES)
    again = check(fake, clock.now + 5 * HOUR, cache)
    assert again == dict.fromkeys(NAMES, "usable") | {"query:list=recentchanges": "1"}


def test_answers_older_than_the_cache_time_are_asked_again() -> None:
    fake, clock = seeded()
    cache = Cache()
    check(fake, clock.now + HOUR, cache, hours=2)
    later = check(fake, clock.now + 4 * HOUR, cache, hours=2)
    assert later["query:list=users|usercontribs"] == "1"
    assert "query:list=recentchanges" not in later  # nothing kept to check against the log


def test_a_block_logged_after_the_answer_is_noticed_at_once() -> None:
    fake, clock = seeded()
    cache = Cache()
    check(fake, clock.now + HOUR, cache)
    clock.advance(2 * HOUR)
    fake.block("Kofi")
    blocked = check(fake, clock.now + HOUR, cache)
    assert blocked["Kofi"] == AccountState.BLOCKED.value
    assert blocked["query:list=users|usercontribs"] == "1"  # Kofi alone was asked again
    assert cache.kept["Kofi"].blocked
    clock.advance(2 * HOUR)
    fake.unblock("Kofi")
    assert check(fake, clock.now + HOUR, cache)["Kofi"] == AccountState.USABLE.value


def test_a_cached_last_edit_leaving_the_window_is_asked_again_and_goes_inactive_on_time() -> None:
    fake, _ = seeded()
    cache = Cache()
    edited = fake.history("User:Kofi")[-1].timestamp
    last_active_day = (edited + dt.timedelta(days=INACTIVE)).replace(hour=23)
    for name in ("Amani", "Lucia"):  # the others keep editing
        fake.edit(f"User:{name}", "still here", user=name, at=last_active_day - HOUR)
    assert check(fake, last_active_day - 20 * HOUR, cache)["Kofi"] == "usable"
    assert check(fake, last_active_day, cache)["Kofi"] == "usable"  # from the cache
    next_day = check(fake, last_active_day + 2 * HOUR, cache)  # less than 24 h later
    assert next_day["Kofi"] == AccountState.DORMANT.value
    assert next_day["query:list=users|usercontribs"] == "1"


def test_missing_accounts_and_accounts_without_a_recent_edit_are_asked_every_time() -> None:
    now = START
    window = window_start(now.date(), INACTIVE)
    setting = AccountCheck(now=now, window=window, max_age=DAY)
    assert not still_valid(AccountAnswer("Nobody", now - HOUR, exists=False), setting)
    assert not still_valid(AccountAnswer("Quiet", now - HOUR), setting)
    assert still_valid(AccountAnswer("Bad|name", now - HOUR, exists=False, refused="x"), setting)
    assert still_valid(AccountAnswer("Active", now - HOUR, last_edit=window), setting)
    lapsed = AccountAnswer("Lapsed", now - HOUR, last_edit=window - dt.timedelta(seconds=1))
    assert not still_valid(lapsed, setting)


def test_a_block_that_has_expired_is_asked_again() -> None:
    now = START
    setting = AccountCheck(now=now, window=window_start(now.date(), INACTIVE), max_age=DAY)
    for_good = AccountAnswer("A", now - HOUR, blocked=True)
    until_noon = AccountAnswer("B", now - HOUR, blocked=True, blocked_until=now + HOUR)
    ended = AccountAnswer("C", now - 2 * HOUR, blocked=True, blocked_until=now - HOUR)
    assert still_valid(for_good, setting) and still_valid(until_noon, setting)
    assert not still_valid(ended, setting)


def test_without_an_account_log_nothing_is_reused() -> None:
    fake, clock = seeded()
    cache = Cache()
    check(fake, clock.now + HOUR, cache)
    setting = AccountCheck(
        now=clock.now + 2 * HOUR, window=window_start(START.date(), 9), max_age=DAY
    )
    before = fake.requests.counts["query:list=users|usercontribs"]
    check_accounts(fake, people(*NAMES), PROGRAMME, setting, cache)
    assert fake.requests.counts["query:list=users|usercontribs"] == before + 1


def test_an_answer_survives_the_state_form() -> None:
    answer = AccountAnswer("Amani", START, blocked=True, blocked_until=START + DAY, last_edit=START)
    assert AccountAnswer.from_json(answer.to_json()) == answer


def test_organisation_members_are_asked_in_the_same_requests_as_the_people() -> None:
    fake, clock = seeded()
    setting = AccountCheck(now=clock.now, window=window_start(clock.now.date(), INACTIVE))
    before = dict(fake.requests.counts)
    infos = account_infos(fake, [*NAMES, "Kofi", "Nobody here"], setting, Cache())
    spent = {k: n - before.get(k, 0) for k, n in fake.requests.counts.items()}
    assert set(infos) == {*NAMES, "Nobody here"}
    assert not infos["Nobody here"].exists and infos["Kofi"].exists
    assert spent == {"query:list=users|usercontribs": 1}  # one request for every account
