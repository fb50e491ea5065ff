"""Checks of accounts against what the wiki says about them."""

from __future__ import annotations

import datetime as dt

from wikisync.model import AccountState, Person, SourceRef
from wikisync.normalize import AccountInfo, account_problems

TODAY = dt.date(2026, 6, 1)
REFUSED = "Odd\u200dname"


def person(name: str) -> Person:
    return Person(username=name, source=SourceRef("Directory", 1, 0, 1))


def test_missing_blocked_and_inactive_accounts_are_reported_and_not_matched() -> None:
    records = [person(name) for name in ("Zed", "Active", "Blocked", "Missing", "Idle", "Never")]
    info = {
        "Active": AccountInfo(exists=True, last_edit=TODAY - dt.timedelta(days=365)),
        "Blocked": AccountInfo(exists=True, blocked=True, last_edit=TODAY),
        "Missing": AccountInfo(exists=False),
        "Idle": AccountInfo(exists=True, last_edit=TODAY - dt.timedelta(days=366)),
        "Never": AccountInfo(exists=True),
    }
    problems, not_to_match = account_problems(records, info, TODAY, 365)
    assert [(item.code, item.username) for item in problems] == [
        ("account-blocked", "Blocked"),
        ("account-inactive", "Idle"),
        ("account-missing", "Missing"),
        ("account-inactive", "Never"),
    ]
    assert not_to_match == {
        "Blocked": AccountState.BLOCKED,
        "Idle": AccountState.DORMANT,
        "Missing": AccountState.MISSING,
        "Never": AccountState.DORMANT,
    }
    assert all(item.source == SourceRef("Directory", 1, 0, 1) for item in problems)


def test_a_name_the_wiki_refuses_is_reported_without_being_repeated() -> None:
    info = {REFUSED: AccountInfo(exists=False, refused="baduser")}
    problems, not_to_match = account_problems([person(REFUSED)], info, TODAY, 365)
    assert not_to_match == {REFUSED: AccountState.REFUSED}
    [found] = problems
    assert (found.code, found.username, found.field) == ("invalid-username", None, "username")
    assert "baduser" in found.value
    assert "\u200d" not in repr(found)
